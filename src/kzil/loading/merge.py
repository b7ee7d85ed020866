"""Putting files together: one fact base, with redefinitions, dangling references and quotes that
are not in their source's text reported as problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from kzil.errors import Problem
from kzil.loading.facts import FactLines, References
from kzil.loading.followups import check_follows
from kzil.loading.parts import Parts
from kzil.loading.wording import Suggestions, short
from kzil.model import COUNTRY, ENTITY, SECTOR, SOURCE, Country, Entity, Fact, FactBase, Kind, Sector, Source
from kzil.text import fold

T = TypeVar("T")


class Tables:
    """The definitions of all files together, with where each one was made."""

    def __init__(self) -> None:
        # Named as the FactBase tables, `Kind.table`.
        self.sources: dict[str, Source] = {}
        self.sectors: dict[str, Sector] = {}
        self.countries: dict[str, Country] = {}
        self.entities: dict[str, Entity] = {}
        self.where: dict[tuple[str, str], tuple[str, int]] = {}  # (plural, key) -> (file, line)
        self.broken: set[str] = set()
        self.suggest = Suggestions()

    def add(
        self,
        kind: Kind,
        table: dict[str, T],
        defined: dict[str, tuple[T, int]],
        file: str,
        problems: list[Problem],
    ) -> None:
        for key, (value, line) in defined.items():
            if key in table:
                first = _at(self.where[kind.plural, key])
                message = f"already defined at {first}; rename or remove one"
                problems.append(Problem(file, line, f"{kind.plural}.{key}", message))
            else:
                table[key] = value
                self.where[kind.plural, key] = (file, line)

    def check(
        self, kind: Kind, value: str, place: tuple[str, int], field: str, problems: list[Problem]
    ) -> bool:
        """Whether `value` names a defined thing; a problem if not (unless its definition was broken)."""
        assert kind.table is not None  # statuses are checked as they are read
        table: Mapping[str, object] = getattr(self, kind.table)
        if value in table:
            return True
        if value not in self.broken:
            message = _unknown(kind, value, table, self.suggest)
            problems.append(Problem(place[0], place[1], field, message))
        return False


def add_definitions(tables: Tables, parts: Parts, problems: list[Problem]) -> None:
    """One more file's definitions; a name defined again is a problem."""
    tables.add(SOURCE, tables.sources, parts.sources, parts.file, problems)
    tables.add(SECTOR, tables.sectors, parts.sectors, parts.file, problems)
    tables.add(COUNTRY, tables.countries, parts.countries, parts.file, problems)
    tables.add(ENTITY, tables.entities, parts.entities, parts.file, problems)
    tables.broken |= parts.broken


def check_definitions(tables: Tables, problems: list[Problem]) -> None:
    """Once every file's definitions are in: unique names, and the names definitions use."""
    _check_names(SECTOR, tables.sectors, tables.where, problems)
    _check_names(COUNTRY, tables.countries, tables.where, problems)
    _check_names(ENTITY, tables.entities, tables.where, problems)
    for name, source in tables.sources.items():
        if source.speaker is not None:
            place = tables.where["sources", name]
            tables.check(ENTITY, source.speaker, place, f"sources.{name}.speaker", problems)
    for name, entity in tables.entities.items():
        if entity.country is not None:
            place = tables.where["entities", name]
            tables.check(COUNTRY, entity.country, place, f"entities.{name}.country", problems)


def merge(all_parts: list[Parts], problems: list[Problem]) -> tuple[FactBase, dict[str, FactLines]]:
    """One fact base from several files, and where each fact is; redefinitions and dangling
    references are problems. (`merging.Merger` does the same as the facts stream in.)"""
    tables = Tables()
    for parts in all_parts:
        add_definitions(tables, parts, problems)
    check_definitions(tables, problems)
    facts, fact_lines = _merge_facts(all_parts, tables, problems)
    for parts in all_parts:
        for unread in parts.unread:
            check_references(tables, unread, problems)
    base = FactBase.build(tables.sources, tables.sectors, tables.countries, tables.entities, tuple(facts))
    return base, fact_lines


def duplicate_fact(lines: FactLines, first: tuple[str, int], fact_id: str) -> Problem:
    message = f"duplicate fact id, first at {_at(first)}"
    return Problem(lines.file, lines.fact, f"facts[{fact_id}].id", message)


def all_known(fact: Fact, lines: FactLines, known: Mapping[str, Mapping[str, object]]) -> bool:
    """Whether every name of `fact_references` is in `known` (by kind name): then none of them
    needs a place and a field made (10,000 facts: storing them takes 0.035 s less)."""
    sectors, countries, entities = known["sector"], known["country"], known["entity"]
    return (
        fact.source in known["source"]
        and all(value in sectors for value in fact.sectors)
        and all(value in countries for value in fact.countries)
        and all(value in entities for value in fact.entities)
        and (lines.said_by is None or fact.said_by in entities)
    )


def fact_references(fact: Fact, lines: FactLines) -> list[tuple[Kind, str, tuple[str, int], str]]:
    """(kind, name, where, field) of every name a fact uses, in the order they are checked."""
    field = f"facts[{fact.id}]"
    found = [(SOURCE, fact.source, (lines.file, lines.source), f"{field}.source")]
    for kind, values, item_lines in (
        (SECTOR, fact.sectors, lines.sectors),
        (COUNTRY, fact.countries, lines.countries),
        (ENTITY, fact.entities, lines.entities),
    ):
        for i, (value, line) in enumerate(zip(values, item_lines, strict=True)):
            found.append((kind, value, (lines.file, line), f"{field}.{kind.plural}[{i}]"))
    if lines.said_by is not None:  # given in the file: it must name an entity
        found.append((ENTITY, fact.said_by, (lines.file, lines.said_by), f"{field}.said_by"))
    return found


def _merge_facts(
    all_parts: list[Parts], tables: Tables, problems: list[Problem]
) -> tuple[list[Fact], dict[str, FactLines]]:
    """The facts of every file whose references all resolve, and where each fact is."""
    facts: list[Fact] = []
    fact_lines: dict[str, FactLines] = {}
    broken_facts = {key for parts in all_parts for key in parts.broken_facts}
    for parts in all_parts:
        for fact, lines in parts.facts:
            if fact.id in fact_lines:
                first = (fact_lines[fact.id].file, fact_lines[fact.id].fact)
                problems.append(duplicate_fact(lines, first, fact.id))
                continue
            fact_lines[fact.id] = lines
            ok = True
            for kind, value, where, field in fact_references(fact, lines):
                ok = tables.check(kind, value, where, field, problems) and ok
            if ok:
                facts.append(completed(fact, tables.sources[fact.source]))
            else:
                broken_facts.add(fact.id)
    follow_ups = [(fact, fact_lines[fact.id]) for fact in facts if fact.follows]
    as_of = {fact.id: fact.as_of for fact in facts}
    check_follows(follow_ups, as_of, broken_facts, fact_lines, problems)
    return facts, fact_lines


def check_references(tables: Tables, unread: References, problems: list[Problem]) -> None:
    """The names in a fact left out for problems of its own must be defined all the same."""
    if unread.source is not None:
        where = (unread.file, unread.source[1])
        tables.check(SOURCE, unread.source[0], where, f"{unread.field}.source", problems)
    if unread.said_by is not None:
        where = (unread.file, unread.said_by[1])
        tables.check(ENTITY, unread.said_by[0], where, f"{unread.field}.said_by", problems)
    for kind, (values, lines) in unread.named:
        for i, (value, line) in enumerate(zip(values, lines, strict=True)):
            field = f"{unread.field}.{kind.plural}[{i}]"
            tables.check(kind, value, (unread.file, line), field, problems)


def completed(fact: Fact, source: Source) -> Fact:
    """The fact with what its source implies filled in: `as_of` and `said_by` left out."""
    if fact.as_of and fact.said_by:
        return fact
    # A source that names no speaker (an article, a press release, a note) leaves it "": nobody named.
    said_by = fact.said_by or source.speaker or ""
    return fact._replace(as_of=fact.as_of or source.published, said_by=said_by)


def _at(place: tuple[str, int]) -> str:
    return f"{place[0]}:{place[1]}"


def _unknown(kind: Kind, value: str, table: Mapping[str, object], suggest: Suggestions) -> str:
    hint = suggest(value, table)
    return f"unknown {kind.name} '{short(value)}'{hint}; define it under '{kind.plural}'"


def _check_names(
    kind: Kind,
    table: Mapping[str, Sector | Country | Entity],
    where: dict[tuple[str, str], tuple[str, int]],
    problems: list[Problem],
) -> None:
    """Every id, name and alias must lead to one thing only, or lookups would be ambiguous."""
    owner: dict[str, str] = {}
    for key, item in table.items():
        names = {fold(key), *(fold(name) for name in item.name.given()), *(fold(a) for a in item.aliases)}
        for name in names:
            other = owner.setdefault(name, key)
            if other != key:
                file, line = where[kind.plural, key]
                message = f"name or alias '{short(name)}' also belongs to '{other}'; make it unique"
                problems.append(Problem(file, line, f"{kind.plural}.{key}", message))


def check_quotes(
    base: FactBase, texts: dict[str, str], lines: dict[str, FactLines], problems: list[Problem]
) -> None:
    """Each quote must be an exact substring of its source's text, where that text is known."""
    for fact in base.facts:
        text = texts.get(fact.source)
        if text is not None and fact.quote not in text:
            where = lines.get(fact.id)
            problems.append(
                Problem(
                    where.file if where else "?",
                    where.quote if where else None,
                    f"facts[{fact.id}].quote",
                    f"not found verbatim in the text of source '{fact.source}'; copy it exactly",
                )
            )
