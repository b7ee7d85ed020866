"""Shared test helpers: run the installed `kzil` console script as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis' default 200 ms deadline and its too-slow check measure wall time, which a loaded
# 2-core CI machine stretches: the properties are checked, never how fast examples run.
settings.register_profile("kzil", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kzil")

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "facts.yaml"
KZIL = Path(sys.executable).with_name("kzil.exe" if os.name == "nt" else "kzil")
SOURCE_DIRS = [
    Path(p) for p in [os.environ.get("KZIL_SOURCE_DIR", ""), str(ROOT.parent / "shared" / "sources")] if p
]


class Result(NamedTuple):
    returncode: int
    stdout: str
    stderr: str
    out_bytes: bytes


def clean_env(tmp: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A predictable environment: own cache and home, no kzil or colour settings from outside."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("KZIL_", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_", "PYTHONIOENCODING")
        )
    }
    env.update(
        {
            "XDG_CACHE_HOME": str(tmp / "cache"),
            "HOME": str(tmp / "home"),
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm",
        }
    )
    env.update(extra or {})
    return env


def run(
    *args: str,
    env: Mapping[str, str],
    stdin: bytes | None = None,
    timeout: float = 120,  # only catches a hang: CI is a loaded 2-core machine
    cwd: Path | None = None,
) -> Result:
    completed = subprocess.run(
        [str(KZIL), *args], env=dict(env), input=stdin, capture_output=True, timeout=timeout, cwd=cwd
    )
    return Result(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
        completed.stdout,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_env(tmp_path)


@pytest.fixture
def kzil(env: dict[str, str], tmp_path: Path) -> Iterator[object]:
    """`kzil("sector", "water", "--json")` -> Result, in a clean environment, from a temp dir."""

    def call(*args: str, extra_env: Mapping[str, str] | None = None, stdin: bytes | None = None) -> Result:
        return run(*args, env={**env, **(extra_env or {})}, stdin=stdin, cwd=tmp_path)

    yield call
