"""Fixtures: kzil in process (`cli`) and as the installed console script (`kzil`); helpers live in support.py."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.support import BigBase, Kzil, Result, big_base, clean_env, fake_env, invoke, run

# Hypothesis' default 200 ms deadline and its too-slow check measure wall time, which a loaded
# 2-core CI machine stretches: the properties are checked, never how fast examples run.
settings.register_profile("kzil", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kzil")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_env(tmp_path)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Kzil:
    """`cli("sector", "water", "--json")` -> Result: kzil in this process, on a pipe, from a temp dir."""
    monkeypatch.chdir(tmp_path)

    def call(*args: str, extra_env: Mapping[str, str] | None = None) -> Result:
        return invoke(*args, env=fake_env(tmp_path, extra_env))

    return call


@pytest.fixture
def kzil(env: dict[str, str], tmp_path: Path) -> Kzil:
    """`kzil("sector", "water", "--json")` -> Result: the installed console script in a child
    process, in a clean environment, from a temp dir. Only where the process is the subject."""

    def call(*args: str, extra_env: Mapping[str, str] | None = None) -> Result:
        return run(*args, env={**env, **(extra_env or {})}, cwd=tmp_path)

    return call


@pytest.fixture(scope="session")
def big(tmp_path_factory: pytest.TempPathFactory) -> BigBase:
    """A synthetic fact base of about 5 MB, made once per session (it takes seconds)."""
    return big_base(tmp_path_factory.mktemp("big"))
