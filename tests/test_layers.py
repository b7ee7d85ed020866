"""The layers stay one-way: core <- loading <- query <- render <- cli, never upward.

Every import of every module counts, those inside functions included (kzil imports lazily to
keep start-up fast, so most of its imports are function-local).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kzil"

# Core modules are plain types and pure functions: they import nothing else from kzil.
CORE = {"kzil", "kzil.model", "kzil.dates", "kzil.text", "kzil.errors", "kzil.i18n"}
# A core package's own modules are core too: the languages of `kzil.i18n`, one module each.
CORE_PACKAGES = ("kzil.i18n.",)
LAYERS = ("core", "loading", "query", "render", "cli")
# The package itself is core, but exports the library API of `kzil.api` (query layer) on first
# use; it may import that module and nothing else from above.
FACADE = {"kzil": {"kzil.api"}}


def layer(module: str) -> str:
    if module in CORE or module.startswith(CORE_PACKAGES):
        return "core"
    if module in ("kzil.query", "kzil.spans", "kzil.track", "kzil.api", "kzil.selection", "kzil.coverage"):
        return "query"
    if module == "kzil.__main__":
        return "cli"
    part = module.split(".")[1]
    if part in LAYERS:
        return part
    raise AssertionError(f"{module} belongs to no layer: add it to the layering test")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every kzil module this file imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: kzil writes absolute imports only"
            base = node.module or ""
            # `from kzil.render import tables` imports kzil.render.tables when that is a module
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                known = (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").is_file()
                found.add(candidate if known else base)
    return {module.rstrip(".") for module in found if module == "kzil" or module.startswith("kzil.")}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_a_module_imports_only_its_own_layer_or_lower_ones(path: Path) -> None:
    name = module_name(path)
    own = LAYERS.index(layer(name))
    upward = sorted(
        f"{name} -> {target} ({layer(target)})"
        for target in imports(path) - FACADE.get(name, set())
        if LAYERS.index(layer(target)) > own
    )
    assert upward == []


CORE_MODULES = [p for p in MODULES if layer(module_name(p)) == "core" and module_name(p) != "kzil"]


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: module_name(path))
def test_a_core_module_imports_nothing_else_from_kzil(path: Path) -> None:
    """Nothing but itself and, for a core package, its own modules."""
    name = module_name(path)
    assert {target for target in imports(path) if not target.startswith(f"{name}.")} - {name} == set()


def test_every_module_is_in_a_layer() -> None:
    assert {layer(module_name(path)) for path in MODULES} == set(LAYERS)
