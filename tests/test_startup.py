"""Start-up: what `kzil --version` and a cached JSON run import (the start-up budget of the guide).

The modules, not the milliseconds: no test depends on wall-clock speed. Each module named here was
on one of these paths once and is not needed there (benchmarks/bench.py measures the time).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kzil import __version__
from tests.support import clean_env

# The probe runs kzil as `python -m kzil` does and reports every module the run imported.
PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['kzil', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('kzil', run_name='__main__', alter_sys=True)\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write(repr(sorted(sys.modules)))\n"
)

# Nothing of the data: no model, no loading, no query, no renderer; no command built or even
# imported (`registry.COMMANDS`), nor the shared options; no completion.
NOT_FOR_VERSION = {
    "kzil.cli.questions",
    "kzil.cli.reference",
    "kzil.cli.curating",
    "kzil.cli.options",
    "kzil.cli.filters",
    "kzil.render",
    "kzil.text",
    "kzil.model",
    "kzil.query",
    "kzil.loading",
    "kzil.render.records",
    "kzil.render.machine",
    "kzil.cli.command",
    "kzil.cli.completion",
    "kzil.i18n",
    "shlex",
    "json",
    "yaml",
    "rich",
}
# A cached JSON run reads the cache and writes JSON: no YAML, no Rich, no human or export
# renderer, no dates beyond the cached ones, no completion protocols; only the invoked command's
# module of `kzil.cli`, and no terminal facts (JSON is written the same wherever it goes).
NOT_FOR_CACHED_JSON = {
    "kzil.cli.reference",
    "kzil.cli.curating",
    "kzil.render.terminal",
    "yaml",
    "rich",
    "csv",
    "calendar",
    "shlex",
    "kzil.dates",
    "kzil.spans",
    "kzil.cli.completion",
    "kzil.render.human",
    "kzil.render.tables",
    "kzil.render.markdown",
    "kzil.render.exports",
}


# A cached timeline to a pipe lays out plain text from the store: no Rich, no YAML, no calendar
# module (kzil.dates counts a month's days itself), and only the language it writes in.
NOT_FOR_CACHED_TIMELINE = {
    "yaml",
    "rich",
    "calendar",
    "kzil.i18n.ru",
    "kzil.cli.reference",
    "kzil.cli.curating",
    "kzil.cli.completion",
}


def _run(tmp_path: Path, *args: str) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=clean_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout, set(ast.literal_eval(done.stderr))


def _among(modules: set[str], packages: set[str]) -> set[str]:
    """The modules that are one of `packages` or inside one."""
    return {name for name in modules if any(name == p or name.startswith(p + ".") for p in packages)}


def test_version_imports_nothing_of_the_data(tmp_path: Path) -> None:
    out, modules = _run(tmp_path, "--version")
    assert out == f"kzil {__version__}\n"
    assert "kzil.cli.app" in modules  # the probe did run kzil
    assert _among(modules, NOT_FOR_VERSION) == set()


def test_a_cached_json_run_imports_only_what_it_uses(tmp_path: Path) -> None:
    _run(tmp_path, "sector", "water", "--json")  # fills the cache
    out, modules = _run(tmp_path, "sector", "water", "--json")
    assert all("water" in fact["sectors"] for fact in json.loads(out))
    assert "kzil.render.machine" in modules
    assert _among(modules, NOT_FOR_CACHED_JSON) == set()


def test_a_cached_timeline_to_a_pipe_imports_only_what_it_uses(tmp_path: Path) -> None:
    _run(tmp_path, "timeline")  # fills the cache
    out, modules = _run(tmp_path, "timeline")
    assert "kzil.render.plain" in modules and out.strip()
    assert _among(modules, NOT_FOR_CACHED_TIMELINE) == set()
    out, modules = _run(tmp_path, "timeline", "--lang", "ru")
    assert "kzil.i18n.ru" in modules and out.strip()


def test_the_registry_names_each_command_with_the_module_that_defines_it() -> None:
    """`registry.COMMANDS` is what a run reads instead of importing every command module: it must
    list every registered command with its module, grouped by help panel in the panels' order, and
    each module's commands in the order the module defines them."""
    import importlib
    import pkgutil

    import kzil.cli
    from kzil.cli.app import command_name
    from kzil.cli.registry import COMMANDS, PANELS, commands

    for found in pkgutil.iter_modules(kzil.cli.__path__):
        importlib.import_module(f"kzil.cli.{found.name}")
    infos = {command_name(info): info for info in commands.registered_commands}
    assert {name: info.callback.__module__ for name, info in infos.items()} == {
        name: f"kzil.cli.{module}" for name, module in COMMANDS.items()
    }
    panels = [PANELS.index(infos[name].rich_help_panel) for name in COMMANDS]
    assert panels == sorted(panels)
    for module in set(COMMANDS.values()):
        defined = [command_name(info) for info in commands.registered_commands]
        defined = [name for name in defined if COMMANDS.get(name) == module]
        assert defined == [name for name, where in COMMANDS.items() if where == module]


def test_building_a_command_reads_each_signature_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typer reads each function's parameters once per build, not once per use (app.py,
    `signatures_read_once`), and is left as it was after the build."""
    import typer.main

    from tests.support import fake_env, invoke

    name = "get_params_from_function"
    read = getattr(typer.main, name)
    reads: list[Callable[..., Any]] = []

    def counted(func: Callable[..., Any]) -> Any:
        reads.append(func)
        return read(func)

    monkeypatch.setattr(typer.main, name, counted)
    result = invoke("sector", "--help", env=fake_env(tmp_path))
    assert result.returncode == 0 and "NAME" in result.stdout
    assert "sector" in [func.__name__ for func in reads]  # the command was built, and counted
    assert len(reads) == len({id(func) for func in reads})
    assert getattr(typer.main, name) is counted


def test_a_typer_without_that_internal_name_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """`signatures_read_once` uses a name inside Typer; where a Typer has no such name, the build
    goes on as Typer does it (slower, not broken), and nothing is added to Typer."""
    import typer.main

    from kzil.cli.app import signatures_read_once

    monkeypatch.delattr(typer.main, "get_params_from_function")
    with signatures_read_once():
        assert not hasattr(typer.main, "get_params_from_function")
    assert not hasattr(typer.main, "get_params_from_function")


def test_the_command_loads_its_modules_with_the_collector_paused(tmp_path: Path) -> None:
    """Importing `kzil.cli` loads nothing; `main` imports the app (Typer and all) with the cyclic
    garbage collector paused, freezes what it loaded and runs the command with the collector on."""
    probe = (
        "import gc, sys\n"
        "import kzil.cli\n"
        "loaded = 'typer' in sys.modules\n"
        "sys.argv = ['kzil', '--version']\n"
        "try:\n"
        "    kzil.cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(repr((loaded, gc.isenabled(), gc.get_freeze_count() > 1000)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=clean_env(tmp_path), capture_output=True, text=True, check=True
    )
    assert done.stdout == f"kzil {__version__}\n"
    assert done.stderr == repr((False, True, True))
