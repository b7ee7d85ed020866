"""Fixtures of the adversarial suite; helpers shared by its modules live in adversarial_support.py."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def _snapshot() -> tuple[str, list[str]]:
    digest = hashlib.sha256((DATA_DIR / "facts.yaml").read_bytes()).hexdigest()
    return digest, sorted(os.listdir(DATA_DIR))


@pytest.fixture(scope="session", autouse=True)
def bundled_data_untouched() -> Iterator[None]:
    """No hostile input, cache or output may ever change the bundled fact base (or add files next to it)."""
    before = _snapshot()
    yield
    after = _snapshot()
    assert after == before, (
        "the bundled data/facts.yaml (or its directory) changed during the adversarial suite"
    )
