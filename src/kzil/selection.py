"""Questions answered in SQL over the compiled store: a command reads the rows it prints.

`query.select` returns a `Selection` for a fact base served by the store: the filters become one
WHERE clause over indexed columns and link tables, and nothing is read until the command asks
for the facts (tables, timelines) or for their JSON records, which machine formats copy to the
output as the store keeps them. The meaning of every filter is `query`'s; a test compares both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from kzil.loading import schema
from kzil.loading.store import Store, StoredFacts
from kzil.model import Fact, FactBase, Shown
from kzil.text import fold

if TYPE_CHECKING:
    from kzil.query import Filters


def store_of(base: FactBase) -> Store | None:
    """The store that serves `base`, if one does."""
    facts = base.facts
    return facts.store if isinstance(facts, StoredFacts) else None


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


class _Where:
    """A WHERE clause built one condition at a time, with its parameters."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.parameters: list[Any] = []
        self.links = {column: (name, column) for name, column, _ in schema.links()}

    def add(self, clause: str, *parameters: Any) -> None:
        self.clauses.append(clause)
        self.parameters += parameters

    def named(self, kind: str, keys: Sequence[str]) -> None:
        """Facts naming any of `keys`: a sector, country or entity through its link table."""
        if keys:
            table, column = self.links[kind]
            inner = f'SELECT "fact" FROM "{table}" WHERE "{column}" IN ({_marks(keys)})'
            self.add(f'"position" IN ({inner})', *keys)

    def column(self, name: str, values: Sequence[str]) -> None:
        if values:
            self.add(f'"{name}" IN ({_marks(values)})', *values)

    def dates(self, lower: str | None, upper: str | None) -> None:
        """`query.overlaps`: a dated fact whose span meets [lower, upper]."""
        if lower is None and upper is None:
            return
        self.add('"date" IS NOT NULL')
        if upper is not None:
            self.add('("start" IS NULL OR "start" <= ?)', upper)
        if lower is not None:
            self.add('("end" IS NULL OR "end" >= ?)', lower)

    def search(self, texts: Sequence[str], indexed: bool) -> None:
        """`query.matches_search`: every word of one of the texts is in the folded search text
        (`instr` compares characters, as `in` does). With the store's search index, the facts
        holding every trigram of the longer words are found first, and only those are read."""
        alternatives = []
        parameters: list[str] = []
        for text in texts:
            words = fold(text).split()
            checks = " AND ".join(['instr("text", ?) > 0'] * len(words))
            trigrams = dict.fromkeys(word[i : i + 3] for word in words for i in range(len(word) - 2))
            if indexed and trigrams:
                found = " AND ".join('"' + trigram.replace('"', '""') + '"' for trigram in trigrams)
                candidates = 'SELECT "rowid" FROM "fact_fts" WHERE "fact_fts" MATCH ?'
                alternatives.append(f'("position" IN ({candidates}) AND {checks})')
                parameters.append(found)
            else:
                alternatives.append(f"({checks})")
            parameters += words
        inner = f'SELECT "position" FROM "fact_search" WHERE {" OR ".join(alternatives)}'
        self.add(f'"position" IN ({inner})', *parameters)

    def sql(self) -> str:
        return " AND ".join(self.clauses)


def where(filters: Filters, indexed: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause of the facts table that keeps what `query.select` keeps."""
    found, parameters = condition(filters, indexed)
    return (f"WHERE {found}" if found else ""), parameters


def searches(filters: Filters) -> bool:
    return bool(filters.searches) or any(kind == "search" for kind, _ in filters.required)


def condition(filters: Filters, indexed: bool = False) -> tuple[str, list[Any]]:
    """What a fact must meet to pass the filters, in SQL over the facts table ("": anything);
    `indexed`: the store has its search index."""
    clause = _Where()
    clause.named("sector", filters.sectors)
    clause.column("status", filters.statuses)
    clause.named("country", filters.countries)
    clause.named("entity", filters.entities)
    clause.column("source", filters.sources)
    clause.dates(filters.date_from, filters.date_to)
    clause.column("said_by", filters.said_by)
    clause.column("speech", (filters.speech,) if filters.speech is not None else ())
    clause.named("follow", filters.follows)  # facts that follow any of these, through `fact_follows`
    if filters.searches:
        clause.search(filters.searches, indexed)
    for kind, key in filters.required:
        if kind == "search":
            clause.search([key], indexed)
        else:
            clause.named(kind, [key])
    return clause.sql(), clause.parameters


class Selection(Sequence[Fact]):
    """The facts that pass the filters, in the fact base's order, read when first used."""

    def __init__(self, store: Store, filters: Filters) -> None:
        self.store = store
        self.where, self.parameters = where(filters, searches(filters) and store.search_index())
        self._facts: list[Fact] | None = None

    def facts(self) -> list[Fact]:
        if self._facts is None:
            self._facts = self.store.facts_where(self.where, self.parameters)
        return self._facts

    def __len__(self) -> int:
        """Counted by SQLite unless the facts were read already (JSON output never reads them)."""
        if self._facts is not None:
            return len(self._facts)
        (count,) = next(self.store.rows(f'SELECT count(*) FROM "facts" {self.where}', self.parameters))
        return int(count)

    @overload
    def __getitem__(self, index: int) -> Fact: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Fact]: ...
    def __getitem__(self, index: int | slice) -> Fact | Sequence[Fact]:
        return self.facts()[index]

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts())

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same facts, as the list `query.select` makes in memory."""
        return isinstance(other, Sequence) and self.facts() == list(other)

    __hash__ = None  # type: ignore[assignment]

    def records(self, lang: str) -> list[str]:
        """The facts' JSON records in `lang`, as the store serialised them (all read, and their
        checksums checked, before anything is written)."""
        return list(self.store.records(lang, self.where, self.parameters))

    def _and(self, condition: str) -> str:
        return f"{self.where} AND {condition}" if self.where else f"WHERE {condition}"

    def timeline(self, cut: str | None = None, today: str = "") -> tuple[Sequence[Fact], int]:
        """`spans.ordered` (and `spans.plan`'s cut): the dated facts in timeline order, read as
        they are used, and how many chosen facts have no date."""
        from kzil.spans import cut_sql  # here: a listing needs no spans (1.9 ms of -X importtime)

        kept, parameters = cut_sql(cut, today)
        # "year" is NULL exactly when "date" is (a dated fact always has a place in time): counts
        # read its index rather than the table (100,000 facts: 2 ms rather than 30 ms each). The
        # rows themselves are read by a scan of the table: by that index, one lookup each, slower.
        dated = self._and(f'"date" IS NOT NULL AND {kept}')
        counted = self._and(f'"year" IS NOT NULL AND {kept}')
        undated = f'SELECT count(*) FROM "facts" {self._and(chr(34) + "year" + chr(34) + " IS NULL")}'
        (left_out,) = next(self.store.rows(undated, self.parameters))
        return Ordered(self.store, dated, [*self.parameters, *parameters], counted), int(left_out)

    def sources(self) -> set[str]:
        """The sources the selected facts come from."""
        sql = f'SELECT DISTINCT "source" FROM "facts" {self.where}'
        return {row[0] for row in self.store.rows(sql, self.parameters)}


class Ordered(Sequence[Fact]):
    """A selection's dated facts in timeline order, read from the store each time they are gone
    through, one row at a time: a timeline of 50,000 facts never holds them all (150 MB)."""

    def __init__(
        self, store: Store, where: str, parameters: Sequence[Any], counted: str | None = None
    ) -> None:
        """`where` picks the rows; `counted`, if given, is an equivalent condition that counts
        them faster."""
        self.store = store
        self._where = where
        self._sql = store.fact_rows(where, order=schema.TIMELINE_ORDER)
        self._count = f'SELECT count(*) FROM "facts" {counted or where}'
        self._parameters = parameters
        self._length: int | None = None

    def __iter__(self) -> Iterator[Fact]:
        store = self.store
        for row in store.rows(self._sql, self._parameters):
            yield store.fact(row)

    def shown(self, lang: str) -> Iterator[Shown]:
        """What a timeline shows of each in `lang`, in the same order (`Store.shown`)."""
        self.store.timeline_index()  # a large store gets it on its first timeline
        return self.store.shown(lang, self._where, self._parameters, schema.TIMELINE_ORDER)

    def __len__(self) -> int:
        if self._length is None:
            (count,) = next(self.store.rows(self._count, self._parameters))
            self._length = int(count)
        return self._length

    @overload
    def __getitem__(self, index: int) -> Fact: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Fact]: ...
    def __getitem__(self, index: int | slice) -> Fact | Sequence[Fact]:
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]
