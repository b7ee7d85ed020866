"""Edges found while hardening: closed stderr, control characters in Markdown and JSON, a
non-UTF-8 locale. Same rules as the rest of the suite: subprocesses, exact results."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.adversarial.adversarial_support import (
    TIMEOUT,
    UNSAFE,
    assert_no_traceback,
    describe,
    dump,
    facts_by_id,
    hostile_data,
    kz,
)
from tests.support import KZIL, clean_env

CONTROLS = ["esc \x1b[2J here", "csi \x9b31m here", "bidi \u202eevil here", "line\u2028sep here"]


def _closed_stderr(tmp: Path, *args: str) -> int:
    quoted = " ".join(f"'{arg}'" for arg in args)
    env = clean_env(tmp, {"KZIL": str(KZIL)})
    done = subprocess.run(
        ["bash", "-c", f'"$KZIL" {quoted} 2>&-'], env=env, cwd=tmp, capture_output=True, timeout=TIMEOUT
    )
    return done.returncode


def test_a_closed_stderr_keeps_the_exit_status(tmp_path: Path) -> None:
    assert _closed_stderr(tmp_path, "sector", "nope") == 2
    assert _closed_stderr(tmp_path, "--data", "missing.yaml", "facts") == 1
    assert _closed_stderr(tmp_path, "sector", "water", "--json") == 0


def test_markdown_never_passes_control_characters(tmp_path: Path) -> None:
    path = dump(tmp_path, "controls.yaml", hostile_data(CONTROLS))
    for args in (["facts"], ["timeline", "--today", "2026-11-25"], ["show", "water-mou-signed"]):
        result = kz(tmp_path, "--data", str(path), *args, "--format", "markdown")
        assert_no_traceback(result)
        assert result.returncode == 0, describe(result)
        assert not UNSAFE.search(result.stdout.replace("\n", "")), describe(result)
        assert "\\\\x1b\\[2J" in result.stdout, describe(result)  # visible, then Markdown-escaped


def test_json_escapes_what_could_drive_a_terminal_and_round_trips(tmp_path: Path) -> None:
    data = hostile_data(CONTROLS)
    path = dump(tmp_path, "controls.yaml", data)
    result = kz(tmp_path, "--data", str(path), "facts", "--json")
    assert result.returncode == 0, describe(result)
    assert not UNSAFE.search(result.stdout.replace("\n", "")), "a raw control character in JSON"
    assert "\\u009b" in result.stdout and "\\u202e" in result.stdout and "\\u2028" in result.stdout
    expected = facts_by_id(data)
    for record in json.loads(result.stdout):
        assert record["summary"] == expected[record["id"]]["summary"]["en"]
        assert record["quote"] == expected[record["id"]]["quote"]


def test_cyrillic_arguments_work_in_a_locale_that_is_not_utf8(tmp_path: Path) -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    by_id = kz(tmp_path, "sector", "water", "--json", extra_env=env)
    by_russian_name = kz(tmp_path, "sector", "вода", "--json", extra_env=env)
    assert by_russian_name.returncode == 0, describe(by_russian_name)
    assert by_russian_name.stdout == by_id.stdout
    search = kz(tmp_path, "search", "Шымкент", "--json", extra_env=env)
    assert [fact["id"] for fact in json.loads(search.stdout)] == ["scat-shymkent-flights"]
