"""Questions answered in SQL over the compiled store give what the in-memory query gives."""

from __future__ import annotations

import functools
import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kzil import query, spans
from kzil.loading import loader
from kzil.loading.contract import dumps, fact_record, fact_records
from kzil.model import STATUSES, FactBase, Text
from tests.support import BUNDLED


@functools.cache
def bases() -> tuple[FactBase, FactBase]:
    """A synthetic base of 400 facts over the real definitions: from the store, and in memory."""
    from benchmarks.synthetic import SEED, synthetic_base

    real = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data = synthetic_base(real, 400, SEED)
    data["facts"] += real["facts"]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "facts.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        stored = loader.load([str(path)], use_cache=False)
    memory = FactBase.build(
        dict(stored.sources), dict(stored.sectors), dict(stored.countries), dict(stored.entities),
        tuple(stored.facts),
    )  # fmt: skip
    return stored, memory


WORDS = ["вода", "ВОДА", "мем", "water", "ai", "ё", "е", "zz-none", "израил", "Ёлка", "of the"]


@st.composite
def filters(draw: st.DrawFn) -> query.Filters:
    _, memory = bases()

    def some(values: list[str]) -> tuple[str, ...]:
        return tuple(draw(st.lists(st.sampled_from(values), max_size=2, unique=True)))

    date = st.none() | st.sampled_from(["1995-01-01", "2010-06-30", "2025-11-01", "2026-12-31"])
    lower, upper = sorted([draw(date) or "", draw(date) or ""])
    required = draw(
        st.lists(
            st.tuples(st.just("sector"), st.sampled_from(list(memory.sectors)))
            | st.tuples(st.just("entity"), st.sampled_from(list(memory.entities)))
            | st.tuples(st.just("search"), st.sampled_from(WORDS)),
            max_size=2,
        )
    )
    return query.Filters(
        sectors=some(list(memory.sectors)),
        statuses=some(list(STATUSES)),
        countries=some(list(memory.countries)),
        entities=some(list(memory.entities)),
        sources=some(list(memory.sources)),
        date_from=lower or None,
        date_to=upper or None,
        searches=some(WORDS),
        said_by=some(list(memory.entities)),
        speech=draw(st.none() | st.sampled_from(["direct", "indirect"])),
        required=tuple(required),
        follows=some(list(memory.by_id)[-60:]),
    )


@settings(max_examples=200, deadline=None)
@given(chosen=filters())
def test_sql_selects_what_the_in_memory_query_selects(chosen: query.Filters) -> None:
    stored, memory = bases()
    in_sql, in_memory = query.select(stored, chosen), query.select(memory, chosen)
    assert len(in_sql) == len(in_memory)  # counted by SQLite
    assert [fact.id for fact in in_sql] == [fact.id for fact in in_memory]
    for today in ("2026-02-17", "2031-01-01"):
        for cut in (None, "upcoming", "past"):
            planned = spans.plan(stored, query.select(stored, chosen), today, cut)
            expected = spans.plan(memory, in_memory, today, cut)
            assert ([fact.id for fact in planned.facts], planned.left_out) == (
                [fact.id for fact in expected.facts],
                expected.left_out,
            )
            assert [getattr(e, "id", e) for e in planned.entries] == [
                getattr(e, "id", e) for e in expected.entries
            ]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_stored_records_are_the_records(lang: str) -> None:
    stored, memory = bases()
    texts = query.select(stored, query.Filters()).records(lang)  # type: ignore[attr-defined]
    assert texts == [dumps(fact_record(fact, lang)) for fact in memory.facts]
    assert [json.loads(text) for text in texts] == [fact_record(fact, lang) for fact in memory.facts]


@pytest.mark.parametrize("hidden", ["\u202e", "\x85", "\ufe0f", "\U000e0041", "\u2028"])
def test_the_records_escape_what_either_language_or_both_hold(hidden: str) -> None:
    """What both records share and what each language has of its own are looked at apart."""
    fact = bases()[1].facts[0]
    for changed in (
        fact._replace(quote=f"a{hidden}b"),
        fact._replace(summary=Text("ok", f"плохо{hidden}")),
        fact._replace(notes=Text(f"x{hidden}", "ok")),
        fact._replace(date_text=Text("ok", f"в {hidden}2026")),
        fact._replace(sectors=(f"s{hidden}",)),
    ):
        records = fact_records(changed)
        assert records == {lang: dumps(fact_record(changed, lang)) for lang in ("en", "ru")}
        assert any(hidden not in text for text in records.values())


def test_a_search_folds_case_and_yo_as_kzil_does() -> None:
    stored, memory = bases()
    for text in ("ВОДНЫЕ", "водные", "ЁЛКА", "елка", "Израиль"):
        chosen = query.Filters(searches=(text,))
        assert [f.id for f in query.select(stored, chosen)] == [f.id for f in query.select(memory, chosen)]


def test_a_search_through_the_search_index_finds_the_same_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index a large store gets on its first search narrows, and never changes, what is found."""
    from benchmarks.synthetic import SEED, synthetic_base

    from kzil.loading import store

    monkeypatch.setattr(store, "INDEX_SEARCH_FROM", 0)
    real = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(synthetic_base(real, 300, SEED), allow_unicode=True), encoding="utf-8")
    cached = loader.load([str(path)], cache_dir=str(tmp_path / "cache"))
    for texts in (
        ("вода",),
        ("ВОДНЫЕ ресурсы",),
        ("ai", "of the"),
        ("ё",),
        ('"q"',),
        ("zz-none",),
        ("мем", "air"),
    ):
        chosen = query.Filters(searches=texts)
        found = [f.id for f in query.select(cached, chosen)]
        assert found == [f.id for f in query.select(_in_memory(cached), chosen)], texts
    [entry] = list((tmp_path / "cache").glob("*.sqlite"))
    with sqlite3.connect(entry) as connection:
        assert connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'fact_fts'"
        ).fetchone() == (1,)


def test_a_timeline_through_the_timeline_index_reads_the_same_rows_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index a large store gets on its first timeline gives SQLite the rows in order, the
    same rows as its sort, and the timeline reads them from it alone."""
    from benchmarks.synthetic import SEED, synthetic_base

    from kzil.loading import schema, store

    monkeypatch.setattr(store, "INDEX_SEARCH_FROM", 0)
    real = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(synthetic_base(real, 300, SEED), allow_unicode=True), encoding="utf-8")
    cache = str(tmp_path / "cache")
    cached = loader.load([str(path)], cache_dir=cache)
    [entry] = list((tmp_path / "cache").glob("*.sqlite"))
    memory = _in_memory(cached)
    for lang in ("en", "ru"):
        for filters in (
            query.Filters(),
            query.Filters(sectors=("water",)),
            query.Filters(statuses=("planned",)),
        ):
            stored = spans.plan(cached, query.select(cached, filters), "2026-11-25")
            expected = spans.plan(memory, query.select(memory, filters), "2026-11-25")
            assert list(spans.shown(stored, cached, lang)) == list(spans.shown(expected, memory, lang))
    with sqlite3.connect(entry) as connection:
        columns = ", ".join(f'"{c}"' for c in schema.shown_columns("en"))
        plan = connection.execute(
            f'EXPLAIN QUERY PLAN SELECT {columns}, "placed", "checksum_shown_en", "position" FROM "facts" '
            f'WHERE "date" IS NOT NULL AND 1 ORDER BY {schema.TIMELINE_ORDER}'
        ).fetchall()
    assert [row[3] for row in plan] == ["SCAN facts USING COVERING INDEX facts_in_order"]


def _in_memory(base: FactBase) -> FactBase:
    return FactBase.build(
        dict(base.sources), dict(base.sectors), dict(base.countries), dict(base.entities), tuple(base.facts)
    )
