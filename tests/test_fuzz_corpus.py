"""The fuzzers' committed corpus as regression tests: every seed, and every input that once made a
target fail (CI's fuzzing writes it into the corpus as `crash-*`), must pass its target.

Each target replays its corpus through its own `--replay` entry point, the script being the subject
(`fuzz/README.md` says how to fuzz for longer)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import HANG_SECONDS

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
TARGETS = ("loader", "render")


def corpus(target: str) -> list[Path]:
    return sorted((FUZZ / "corpus" / target).iterdir())


def test_each_target_has_a_seed_corpus() -> None:
    assert all(len(corpus(target)) >= 5 for target in TARGETS)


@pytest.mark.parametrize("target", TARGETS)
def test_the_corpus_passes_its_target(target: str) -> None:
    files = corpus(target)
    done = subprocess.run(
        [sys.executable, str(FUZZ / f"fuzz_{target}.py"), "--replay", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == [f"ok {path}" for path in files]
