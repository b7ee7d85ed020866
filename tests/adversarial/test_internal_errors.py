"""Issue 5, case 17: an unexpected internal error is one line with a hint, never a traceback
(unless KZIL_DEBUG=1 asks for one), and never a dump of local variables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.adversarial.adversarial_support import TIMEOUT, UNSAFE
from tests.support import clean_env

# The same entry point as the console script, with one function replaced by a failing one. The
# local variable holds a value that must never be printed (built so the source text differs).
BREAK = """
import sys
sys.argv = ["kzil", *sys.argv[1:]]
import {module} as target

def broken(*args, **kwargs):
    secret_local = "SECRET" + "-LOCAL-" + "VALUE"
    raise {error}

target.{name} = broken
from kzil.cli import main
main()
"""

FAILURES = {
    "query": ("kzil.query", "select", "ZeroDivisionError('division by zero')", ["facts"]),
    "renderer": ("kzil.render.tables", "facts_table", "KeyError('summary')", ["facts", "--color", "always"]),
    "plain-renderer": ("kzil.render.plain", "facts_table", "KeyError('summary')", ["facts"]),
    "loader": ("kzil.loading.loader", "load", "RuntimeError('line one\\nline two \\x1b[2J')", ["timeline"]),
    "json": ("kzil.render.machine", "json_array", "ValueError('boom')", ["facts", "--json"]),
}


def _run(
    tmp_path: Path, failure: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    module, name, error, args = FAILURES[failure]
    code = BREAK.format(module=module, name=name, error=error)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=clean_env(tmp_path, extra),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT,
    )


@pytest.mark.parametrize("failure", list(FAILURES))
def test_internal_error_is_one_line_asking_for_a_report(tmp_path: Path, failure: str) -> None:
    done = _run(tmp_path, failure)
    assert done.returncode == 1, done.stderr
    assert done.stdout == "", "nothing may be written before the result is ready"
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("kzil: ") and done.stderr.count("\n") == 1, done.stderr
    assert "bug" in done.stderr and "report" in done.stderr, done.stderr
    assert "KZIL_DEBUG=1" in done.stderr, done.stderr
    assert not UNSAFE.search(done.stderr[:-1]), f"raw control character: {done.stderr!r}"
    assert "SECRET-LOCAL-VALUE" not in done.stderr


@pytest.mark.parametrize(
    "extra",
    [{"KZIL_DEBUG": "1"}, {"KZIL_DEBUG": "1", "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "200"}],
    ids=["debug", "debug-with-colour"],
)
def test_debug_shows_the_traceback_but_no_local_variables(tmp_path: Path, extra: dict[str, str]) -> None:
    done = _run(tmp_path, "query", extra)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "Traceback" in done.stderr and "ZeroDivisionError" in done.stderr, done.stderr
    assert "SECRET-LOCAL-VALUE" not in done.stderr, "local variables were shown"
    assert "locals" not in done.stderr.lower(), done.stderr
    assert "╭" not in done.stderr and "│" not in done.stderr, "a Rich traceback panel was shown"


def test_debug_zero_means_off(tmp_path: Path) -> None:
    done = _run(tmp_path, "query", {"KZIL_DEBUG": "0"})
    assert done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1, (
        done.stderr
    )
