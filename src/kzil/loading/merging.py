"""Merging files as their facts stream in: the checks of `merge.merge`, without holding facts.

Each valid fact goes to the store as soon as it is read. The names it uses are checked at once
against what is defined so far (earlier files, and the part of its own file before its list of
facts); a name not defined yet waits for the end, when every definition is in, since a file may
list its facts first and a later file may define what an earlier one uses. The problems come
out as `merge.merge` reports them: definitions first, then facts in order, then the names used by
facts that had problems of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from kzil.errors import Problem
from kzil.loading import merge
from kzil.loading.facts import FactLines, References
from kzil.loading.followups import check_follows
from kzil.loading.merge import Tables
from kzil.loading.parts import Parts
from kzil.loading.writer import Writer
from kzil.model import Fact, Kind

if TYPE_CHECKING:
    from kzil.loading.forked import ForkedWriter


class _Waiting(NamedTuple):
    """A name a fact uses that was not defined yet when the fact was read."""

    position: int
    kind: Kind
    value: str
    place: tuple[str, int]
    field: str


class Merger:
    def __init__(self, writer: Writer | ForkedWriter, *, keep_lines: bool = False) -> None:
        self.writer = writer
        self.tables = Tables()
        self.definition_problems: list[Problem] = []
        self.checks: list[Problem | _Waiting] = []  # fact problems and waiting names, in fact order
        self.unread: list[References] = []  # names used by facts with problems of their own
        self.first: dict[str, tuple[str, int]] = {}  # fact id -> where it is defined
        self.lines: dict[str, FactLines] = {}  # kept for `validate`, which checks quotes
        # Facts that follow others, checked once all are read (`followups`); ids of facts with
        # problems of their own, which a `follows` may name without being reported again.
        self.follow_ups: list[tuple[int, Fact, FactLines]] = []
        self.broken: list[str] = []
        self.keep_lines = keep_lines
        self._known: dict[str, Mapping[str, Any]] = {}
        self._mark: tuple[int, ...] = (0, 0, 0, 0, 0, 0)
        self._ids: list[str] = []  # fact ids of the current file, to roll back

    # --- one file ---------------------------------------------------------------------------------

    def begin(self) -> None:
        """A new file starts: what `rollback` returns to."""
        self._mark = (
            self.writer.count,
            len(self.checks),
            len(self._ids),
            len(self.unread),
            len(self.follow_ups),
            len(self.broken),
        )

    def known(self, parts: Parts) -> None:
        """What the current file defines before its facts, with the earlier files' definitions.
        (Keyed by kind: "source", "sector", "country", "entity".)"""
        tables = self.tables

        def union(current: Mapping[str, tuple[Any, int]], merged: Mapping[str, Any]) -> dict[str, Any]:
            return {**{key: value for key, (value, _) in current.items()}, **merged}

        self._known = {
            "source": union(parts.sources, tables.sources),
            "sector": union(parts.sectors, tables.sectors),
            "country": union(parts.countries, tables.countries),
            "entity": union(parts.entities, tables.entities),
        }

    def fact(self, fact: Fact, lines: FactLines) -> None:
        """One valid fact, in the order of the files."""
        first = self.first.get(fact.id)
        if first is not None:
            self.checks.append(merge.duplicate_fact(lines, first, fact.id))
            return
        self.first[fact.id] = (lines.file, lines.fact)
        self._ids.append(fact.id)
        if self.keep_lines:
            self.lines[fact.id] = lines
        known = self._known
        named = merge.all_known(fact, lines, known)
        position = self.writer.add(fact, known, complete=named)
        if fact.follows:
            self.follow_ups.append((position, fact, lines))
        if not named:
            for kind, value, place, field in merge.fact_references(fact, lines):
                if value not in known[kind.name]:
                    self.checks.append(_Waiting(position, kind, value, place, field))

    def references(self, unread: References) -> None:
        """What a fact with problems of its own names: checked too, once every name is defined."""
        self.unread.append(unread)
        self.broken.append(unread.field.removeprefix("facts[").removesuffix("]"))  # its id, or index

    def rollback(self) -> None:
        """Forget the current file's facts: the file turned out unreadable as a stream, or its
        facts are not read at all (an unsupported version)."""
        count, checks, ids, unread, follow_ups, broken = self._mark
        del self.unread[unread:]
        del self.follow_ups[follow_ups:]
        del self.broken[broken:]
        for fact_id in self._ids[ids:]:
            del self.first[fact_id]
            self.lines.pop(fact_id, None)
        del self._ids[ids:]
        del self.checks[checks:]
        self.writer.rollback(count)

    def end(self, parts: Parts) -> None:
        """The current file is read: its definitions join the merged tables."""
        merge.add_definitions(self.tables, parts, self.definition_problems)
        self._known = {}

    # --- all files ----------------------------------------------------------------------------------

    def finish(self, problems: list[Problem]) -> None:
        """Check what waited, report in `validation.merge`'s order, take out refused facts."""
        merge.check_definitions(self.tables, self.definition_problems)
        problems += self.definition_problems
        refused: set[int] = set()
        for check in self.checks:
            if isinstance(check, Problem):
                problems.append(check)
            elif not self.tables.check(check.kind, check.value, check.place, check.field, problems):
                refused.add(check.position)
        for unread in self.unread:
            merge.check_references(self.tables, unread, problems)
        self._check_follows(refused, problems)
        if refused:
            self.writer.remove(sorted(refused))

    def _check_follows(self, refused: set[int], problems: list[Problem]) -> None:
        """`followups.check_follows` over the follow-ups read and the stored facts they name."""
        if not self.follow_ups:
            return
        sources = self.tables.sources

        def as_of(fact_as_of: str, source: str) -> str:
            return fact_as_of or (sources[source].published if source in sources else "")

        follow_ups = [
            (fact._replace(as_of=as_of(fact.as_of, fact.source)), lines)
            for position, fact, lines in self.follow_ups
            if position not in refused
        ]
        targets = {target for fact, _ in follow_ups for target in fact.follows}
        found: dict[str, str] = {}
        broken = set(self.broken)
        for fact_id, fact_as_of, source, position in self.writer.dates_of(targets):
            if position in refused:
                broken.add(fact_id)
            else:
                found[fact_id] = as_of(fact_as_of, source)
        check_follows(follow_ups, found, broken, self.first, problems)

    def definitions(self) -> dict[str, Mapping[str, Any]]:
        tables = self.tables
        return {
            "sources": tables.sources,
            "sectors": tables.sectors,
            "countries": tables.countries,
            "entities": tables.entities,
        }
