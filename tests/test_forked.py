"""A first run that writes the cache stores its facts in a forked child (`loading.forked`): the
same store, the same errors, and no child left behind whatever happens."""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from kzil.errors import DataError
from kzil.loading import forked, loader, writer
from kzil.loading.cache import Cache
from tests.support import BUNDLED, fake_env, invoke

pytestmark = pytest.mark.skipif(not forked.available(), reason="the child is forked on Linux only")


@functools.cache
def synthetic(directory: str) -> Path:
    from benchmarks.synthetic import SEED, write_base

    real = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    Path(directory).mkdir(parents=True, exist_ok=True)
    path, _ = write_base(real, 1200, SEED, Path(directory))  # several batches of facts
    return Path(path)


@pytest.fixture
def facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(str(tmp_path_factory.getbasetemp() / "forked"))


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def store_rows(paths: list[str], cache_dir: Path) -> tuple[list[str], list[str]]:
    """Every row of the store compiled from `paths`, and the problems found."""
    cache = Cache.open(str(cache_dir), None)
    assert cache is not None
    compiled = loader.compile_files(paths, cache)
    rows = [row for row in compiled.store.connection.iterdump() if "'inputs'" not in row]
    compiled.store.connection.close()
    return rows, [str(problem) for problem in compiled.problems]


def test_the_child_stores_what_this_process_would(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Follow-ups of facts the synthetic file lacks, and definitions given twice: problems, and facts
    # taken out again, as well as 1,200 facts stored.
    paths = [str(facts), str(Path(__file__).parent / "fixtures" / "followups.yaml")]
    made: list[object] = []
    monkeypatch.setattr(forked.ForkedWriter, "__init__", _noting(forked.ForkedWriter.__init__, made))
    by_child = store_rows(paths, tmp_path / "one")
    assert len(made) == 1 and no_children_left()
    assert len(by_child[0]) > 1200 and by_child[1]
    monkeypatch.setattr(forked, "available", lambda: False)
    assert by_child == store_rows(paths, tmp_path / "two")
    assert len(made) == 1


def _noting(method: Any, made: list[object]) -> Any:
    def init(self: object, *args: Any) -> None:
        made.append(self)
        method(self, *args)

    return init


def failing_add(after: int, error: BaseException | None) -> Any:
    """Writer.add that fails (in the child, which forks with it) once `after` facts are stored."""
    add = writer.Writer.add

    def failing(self: writer.Writer, *args: Any, **kwargs: Any) -> int:
        if self.count >= after:
            if error is None:
                os._exit(3)  # the child dies
            raise error
        return add(self, *args, **kwargs)

    return failing


@pytest.mark.parametrize("after", [0, 700])
def test_an_error_in_the_child_is_raised_here_and_nothing_is_left(
    after: int, facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        writer.Writer, "add", failing_add(after, sqlite3.OperationalError("database or disk is full"))
    )
    with pytest.raises(sqlite3.OperationalError, match=r"^database or disk is full$"):
        loader.load([str(facts)], cache_dir=str(tmp_path))
    assert no_children_left()
    assert not list((tmp_path).iterdir())  # the temporary file is gone, no entry was published


def test_a_child_that_dies_is_said_in_one_line(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer.Writer, "add", failing_add(300, None))
    result = invoke(
        "--data",
        str(facts),
        "sector",
        "water",
        "--json",
        env=fake_env(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)}),
    )
    assert result.returncode == 1 and result.stdout == "", result.stderr
    assert result.stderr.startswith(
        "kzil: internal error: OperationalError: the process storing the facts stopped"
    )
    assert result.stderr.count("\n") == 1
    assert no_children_left()
    assert not list((tmp_path / "kzil").glob("*.tmp")) and not list((tmp_path / "kzil").glob(".*.tmp"))


def test_a_file_that_turns_out_bad_after_many_facts_ends_the_child(facts: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(facts.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match="invalid YAML"):
        loader.load([str(bad)], cache_dir=str(tmp_path / "cache"))
    assert no_children_left()
    assert not [path for path in (tmp_path / "cache").iterdir() if path.name.endswith(".tmp")]


def test_without_a_cache_the_facts_are_stored_here(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "ForkedWriter", None)  # would fail if it were used
    base = loader.load([str(facts)], use_cache=False)
    assert len(list(base.facts)) == 1200


def test_a_child_that_cannot_open_the_store_says_why(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot(path: str, tune: tuple[str, ...]) -> writer.Writer:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(forked, "_open", cannot)
    with pytest.raises(sqlite3.OperationalError, match=r"^unable to open database file$"):
        loader.load([str(facts)], cache_dir=str(tmp_path))
    assert no_children_left()
    assert not list(tmp_path.iterdir())


def test_where_no_child_can_be_forked_the_facts_are_stored_here(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    expected = store_rows([str(facts)], tmp_path / "one")
    monkeypatch.setattr(os, "fork", no_fork)
    assert store_rows([str(facts)], tmp_path / "two") == expected
    assert no_children_left()
