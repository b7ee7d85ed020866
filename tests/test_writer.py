"""The store a first run writes: its link tables made by SQLite from the facts' lists (where
SQLite has `json_each`) hold what they held when kzil inserted each row itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kzil.errors import Problem
from kzil.loading import stream, writer
from kzil.loading.merging import Merger
from tests.support import BUNDLED, change

FIXTURE = Path(__file__).parent / "fixtures" / "followups.yaml"


def stored(paths: list[str], monkeypatch: pytest.MonkeyPatch, *, by_sql: bool) -> tuple[list[str], list[str]]:
    """Every row of the store written from `paths`, and the problems found."""
    monkeypatch.setattr(writer, "_has_json_each", lambda connection: by_sql)
    connection = sqlite3.connect("")
    store = writer.Writer(connection)
    assert store._links_by_sql is by_sql
    merger = Merger(store)
    problems: list[Problem] = []
    for path in paths:
        stream.read_file(path, merger, problems, None)
    merger.finish(problems)
    store.finish(merger.definitions(), {"about": "this test"})
    return list(connection.iterdump()), [str(problem) for problem in problems]


def test_link_rows_made_by_sqlite_are_the_rows_kzil_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Facts before the definitions they use (stored, then completed), and a fact the merge refuses.
    facts_first = tmp_path / "facts-first.yaml"
    refused = "    entities: [someone]\n  - id: fact-two\n    source: src-1\n    quote: q\n"
    refused += "    summary: {en: S}\n    status: happened\n    sectors: [water, nowhere]\n"
    text = change("    entities: [someone]\n", refused)
    head, facts = text.split("facts:\n")
    facts_first.write_text("version: 1\nfacts:\n" + facts, encoding="utf-8")
    definitions = tmp_path / "definitions.yaml"
    definitions.write_text(head, encoding="utf-8")
    paths = [str(BUNDLED), str(FIXTURE), str(facts_first), str(definitions)]
    rows, problems = stored(paths, monkeypatch, by_sql=True)
    assert (rows, problems) == stored(paths, monkeypatch, by_sql=False)
    assert any("nowhere" in problem for problem in problems)
    for table in ("fact_sectors", "fact_countries", "fact_entities", "fact_follows"):
        assert any(row.startswith(f'INSERT INTO "{table}"') for row in rows)
    assert "INSERT INTO \"fact_sectors\" VALUES('water'," not in "".join(rows)  # "sector", "fact"
    assert not any("fact-two" in row for row in rows)


def test_json_each_is_found_where_sqlite_has_it() -> None:
    if sqlite3.sqlite_version_info >= (3, 38):  # built in since; optional before
        assert writer._has_json_each(sqlite3.connect(""))
    broken = sqlite3.connect("")
    broken.close()
    with pytest.raises(sqlite3.ProgrammingError):  # only a missing json_each means "no"
        writer._has_json_each(broken)
