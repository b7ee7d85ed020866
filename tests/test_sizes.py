"""The loading package keeps the project's size rule: no module over 300 lines, no function over 50.

A module that outgrows it holds more than one idea: split it by what each part reads or checks
(as `nodes.py`, `fields.py`, `definitions.py`, `facts.py`, `parts.py` and `merge.py` are).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LOADING = Path(__file__).resolve().parents[1] / "src" / "kzil" / "loading"
MODULES = sorted(LOADING.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_loading_module_stays_under_300_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 300, f"{path.name} has {lines} lines: split it by what each part does"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_loading_function_stays_under_50_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 50
    ]
    assert not long, f"{path.name}: {', '.join(long)}"
