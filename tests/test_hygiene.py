"""Tests share helpers through tests/support.py only: no test module imports another or conftest.py,
and none reaches a helper by changing `sys.path` or loading a file by path."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
MODULES = sorted(path for path in TESTS.rglob("*.py") if path.name != "__init__.py")


def imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def calls(path: Path) -> set[str]:
    """Dotted names of what the module calls: `sys.path.insert`, `spec_from_file_location`, ..."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            names.add(ast.unparse(node.func))
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(TESTS)))
def test_a_test_module_imports_helpers_not_other_tests(path: Path) -> None:
    wrong = sorted(
        name
        for name in imported(path)
        if name.split(".")[-1].startswith(("test_", "conftest")) or name == "adversarial_support"
    )
    assert wrong == [], "import from tests.support (or tests.adversarial.adversarial_support) instead"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(TESTS)))
def test_no_test_module_changes_sys_path_or_loads_files_as_modules(path: Path) -> None:
    found = calls(path) & {"sys.path.insert", "sys.path.append", "importlib.util.spec_from_file_location"}
    assert not found
