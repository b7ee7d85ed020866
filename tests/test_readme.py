"""The README's examples are real: each `$ command` in a console block prints what it shows.

kzil runs in process; what follows a `|` (jq) reads its output in a shell, as it would there.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.support import HANG_SECONDS, ROOT, fake_env, invoke

BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, list[str]]]:
    found = []
    for block in BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        command: str | None = None
        expected: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    found.append((command, expected))
                command, expected = line[2:], []
            else:
                expected.append(line)
        if command:
            found.append((command, expected))
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; a line `...` in the README stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example(
    command: str, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    line, _, then = command.partition(" | ")
    program, *args = shlex.split(line)
    assert program == "kzil", command
    result = invoke(*args, env=fake_env(tmp_path, {"COLUMNS": "90"}))
    assert result.returncode == 0, result.stderr
    stdout = result.stdout
    if then:
        done = subprocess.run(
            ["bash", "-c", then], input=result.out_bytes, capture_output=True, timeout=HANG_SECONDS
        )
        assert done.returncode == 0, done.stderr
        stdout = done.stdout.decode()
    assert matches(expected, stdout.splitlines()), stdout
