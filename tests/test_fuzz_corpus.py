"""The fuzzers' committed corpus as regression tests: every seed, and every input that once made a
target fail (CI's fuzzing writes it into the corpus as `crash-*`), must pass its target.

Each target replays its corpus through its own `--replay` entry point, the script being the subject
(`fuzz/README.md` says how to fuzz for longer)."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize("target", TARGETS)
def test_the_fuzzer_sees_every_module_of_kzil(target: str, tmp_path: Path) -> None:
    """Coverage guides the fuzzer only through modules imported while atheris instruments them;
    kzil imports most of its modules on first use, after that. The target imports them all up
    front: without that, the loader target saw 6 edges of coverage, with it over a thousand."""
    pytest.importorskip("atheris")
    script = FUZZ / f"fuzz_{target}.py"
    seeds = FUZZ / "corpus" / target
    done = subprocess.run(
        [sys.executable, str(script), "-runs=0", str(tmp_path), str(seeds)],
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
    )
    assert "INFO: Instrumenting kzil.loading.loader" in done.stderr, done.stderr[-3000:]
    assert "INFO: Instrumenting kzil.render.plain" in done.stderr, done.stderr[-3000:]
    inited = re.search(r"INITED cov: (\d+)", done.stderr)
    assert inited is not None and int(inited.group(1)) > 500, done.stderr[-3000:]
