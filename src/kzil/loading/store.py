"""Reading a compiled store: a `FactBase` whose facts and indexes stay in SQLite until asked for.

The definitions (sources, sectors, countries, entities) are small and read whole when the store
is opened; facts are read by position, id or query, so `kzil show ID` reads one row of 100,000.
Every fact row and JSON record carries a CRC-32 that is checked when it is read: damage that
leaves the database readable raises `StoreDamaged`, as does any SQLite error, and the entry is
removed (the command then runs again from the YAML files).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, overload

from kzil import model
from kzil.loading import schema
from kzil.model import Fact, FactBase, Shown


class StoreDamaged(Exception):
    """A compiled store failed a check while it was read; it has been removed."""


# A store of this many facts gets a search index on its first search, and a timeline index on its
# first timeline: below it, a scan of the folded texts answers in a few milliseconds (1,000
# facts: 7 ms), a sort of the rows too, and building costs more.
INDEX_SEARCH_FROM = 5_000

# Gives a store from the cache an index it lacks (the statements that build it): a copy of the
# entry with it, or None when it cannot be written.
Indexer = Callable[[sqlite3.Connection, Sequence[str]], "sqlite3.Connection | None"]


class Store:
    def __init__(
        self,
        connection: sqlite3.Connection,
        discard: Callable[[], None] | None = None,
        indexer: Indexer | None = None,
    ) -> None:
        self.connection = connection
        self._discard = discard
        self._indexer = indexer
        self._indexed: dict[str, bool] = {}  # by index name: whether the store has it
        self.facts = schema.table("facts")
        self._columns = ", ".join(f'"{column}"' for column in self.facts.columns)
        self._decode = schema.decoder(self.facts)

    def damaged(self, why: str) -> StoreDamaged:
        """The exception to raise once a check failed; the entry is removed first."""
        if self._discard is not None:
            self._discard()
        return StoreDamaged(why)

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a query; a SQLite error means a damaged store."""
        try:
            yield from self.connection.execute(sql, parameters)
        except sqlite3.Error as error:
            raise self.damaged(f"SQLite: {error}") from None

    def header(self) -> dict[str, str]:
        return dict(self.rows('SELECT "key", "value" FROM "kzil_store"'))

    def search_index(self) -> bool:
        """Whether `fact_fts` (schema.SEARCH_INDEX) can narrow a search. A large store from the
        cache gets it on its first search: a copy of the entry with the index replaces it (100,000
        facts: about 8 s, once; then a selective search takes 40 ms instead of 0.7 s)."""
        return self._index("fact_fts", schema.SEARCH_INDEX)

    def timeline_index(self) -> bool:
        """Whether `facts_in_order` (schema.timeline_index) gives a timeline its rows in order.
        A large store from the cache gets it on its first timeline, as `search_index`."""
        return self._index("facts_in_order", schema.timeline_index())

    def _index(self, name: str, statements: Sequence[str]) -> bool:
        """Whether the store has index `name`; a large one from the cache gets it now."""
        found = self._indexed.get(name)
        if found is None:
            sql = 'SELECT count(*) FROM "sqlite_master" WHERE "name" = ?'
            found = bool(next(self.rows(sql, (name,)))[0])
            count = int(self.header().get("facts", "0"))
            if not found and self._indexer is not None and count >= INDEX_SEARCH_FROM:
                indexed = self._indexer(self.connection, statements)
                if indexed is not None:
                    self.connection, found = indexed, True
            self._indexed[name] = found
        return found

    # --- facts ----------------------------------------------------------------------------------

    def fact_rows(self, where: str = "", parameters: Sequence[Any] = (), order: str = '"position"') -> str:
        """The query of whole fact rows (columns, then the checksum) for `facts`."""
        return f'SELECT {self._columns}, "checksum" FROM "facts" {where} ORDER BY {order}'

    def fact(self, row: Sequence[Any]) -> Fact:
        """The fact of a row from `fact_rows`, its checksum verified."""
        values = row[:-1]
        if schema.fact_checksums(values)[-1] != row[-1]:
            raise self.damaged("a fact's checksum does not match")
        try:
            fact: Fact = self._decode(values)
        except (ValueError, TypeError) as error:
            raise self.damaged(f"a fact row cannot be read: {error}") from None
        return fact

    def shown(self, lang: str, where: str, parameters: Sequence[Any], order: str) -> Iterator[Shown]:
        """What a timeline shows in `lang` of the dated facts `where` picks (`schema.SHOWN`),
        checksums verified: these columns alone, not whole rows."""
        columns = ", ".join(f'"{column}"' for column in schema.shown_columns(lang))
        sql = (
            f'SELECT {columns}, "placed", "checksum_shown_{lang}", "position" FROM "facts" {where} '
            f"ORDER BY {order}"
        )
        lists: dict[str, tuple[str, ...]] = {"[]": ()}  # the same few lists, parsed once each
        try:
            # The cursor itself rather than `rows`: a generator less per row (50,000 rows: 0.03 s).
            for row in self.connection.execute(sql, parameters):
                values = row[:-3]
                if schema.checksum(values) != row[-2]:
                    raise self.damaged("a fact's checksum does not match")
                key, status, date, end, derived, sectors, follows, summary, when = values  # schema.SHOWN
                if not summary or when == "":  # a user's file left this language out
                    yield self._shown_whole(row[-1], lang, row[-3])
                    continue
                if (sector_ids := lists.get(sectors)) is None:
                    sector_ids = self._list(lists, sectors)
                if (followed := lists.get(follows)) is None:
                    followed = self._list(lists, follows)
                yield Shown(
                    key, status, date, end, bool(derived), when, summary, sector_ids, followed, row[-3]
                )
        except sqlite3.Error as error:
            raise self.damaged(f"SQLite: {error}") from None

    def _shown_whole(self, position: int, lang: str, placed: str) -> Shown:
        """`shown` of a fact read whole: its texts in `lang` as `Text.get` shows them."""
        [fact] = self.facts_where('WHERE "position" = ?', (position,))
        return model.shown(fact, lang, placed)

    def _list(self, lists: dict[str, tuple[str, ...]], text: str) -> tuple[str, ...]:
        """A JSON list of ids, parsed and kept in `lists`."""
        try:
            parsed = lists[text] = tuple(json.loads(text))
        except (ValueError, TypeError) as error:
            raise self.damaged(f"a fact row cannot be read: {error}") from None
        return parsed

    def facts_where(
        self, where: str = "", parameters: Sequence[Any] = (), order: str = '"position"'
    ) -> list[Fact]:
        return [self.fact(row) for row in self.rows(self.fact_rows(where, parameters, order), parameters)]

    def records(
        self, lang: str, where: str = "", parameters: Sequence[Any] = (), order: str = '"position"'
    ) -> Iterator[str]:
        """The facts' JSON records in `lang` (as `contract.dumps` wrote them), checksums verified."""
        sql = (
            f'SELECT "fact_json"."{lang}", "fact_json"."checksum_{lang}" FROM "facts" '
            f'JOIN "fact_json" USING ("position") {where} ORDER BY {order}'
        )
        for text, total in self.rows(sql, parameters):
            if schema.checksum((text,)) != total:
                raise self.damaged("a JSON record's checksum does not match")
            yield text

    # --- the fact base --------------------------------------------------------------------------

    def definitions(self) -> dict[str, dict[str, Any]]:
        """Every definition table, in the order of the files; checked against the header."""
        found: dict[str, dict[str, Any]] = {}
        total = 0
        for item in schema.tables():
            if item.name == "facts":
                continue
            decode = schema.decoder(item)
            columns = ", ".join(f'"{column}"' for column in item.columns)
            table: dict[str, Any] = {}
            for row in self.rows(f'SELECT {columns} FROM "{item.name}" ORDER BY rowid'):
                total = schema.checksum(row, total)
                table[row[0]] = decode(row)
            found[item.name] = table
        if str(total) != self.header().get("definitions"):
            raise self.damaged("the definitions' checksum does not match")
        return found

    def base(self) -> FactBase:
        tables = self.definitions()
        count = int(self.header().get("facts", "0"))
        link = {name.removeprefix("fact_"): (name, column) for name, column, _ in schema.links()}
        return FactBase(
            sources=tables["sources"],
            sectors=tables["sectors"],
            countries=tables["countries"],
            entities=tables["entities"],
            facts=StoredFacts(self, count),
            by_id=StoredIds(self, count),
            by_sector=StoredIndex(self, *link["sectors"]),
            by_country=StoredIndex(self, *link["countries"]),
            by_entity=StoredIndex(self, *link["entities"]),
            by_source=StoredIndex(self, "facts", "source"),
            by_status=StoredIndex(self, "facts", "status"),
            by_follows=StoredIndex(self, *link["follows"]),
        )


class StoredFacts(Sequence[Fact]):
    """`FactBase.facts` read from the store: by position, or all in order, one row at a time."""

    def __init__(self, store: Store, count: int) -> None:
        self.store = store
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Fact: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Fact]: ...
    def __getitem__(self, index: int | slice) -> Fact | Sequence[Fact]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        found = self.store.facts_where('WHERE "position" = ?', (index,))
        if not found:
            raise self.store.damaged(f"fact {index} is missing")
        return found[0]

    def __iter__(self) -> Iterator[Fact]:
        store = self.store
        for row in store.rows(store.fact_rows()):
            yield store.fact(row)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same facts, as the tuple of an in-memory base is."""
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class StoredIds(Mapping[str, int]):
    """`FactBase.by_id`: fact id -> position, one indexed lookup each."""

    def __init__(self, store: Store, count: int) -> None:
        self.store = store
        self._count = count

    def __getitem__(self, key: str) -> int:
        for (position,) in self.store.rows('SELECT "position" FROM "facts" WHERE "id" = ?', (key,)):
            return int(position)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.store.rows('SELECT "id" FROM "facts" ORDER BY "position"'))

    def __len__(self) -> int:
        return self._count


class StoredIndex(Mapping[str, Sequence[int]]):
    """`FactBase.by_sector` and the like: key -> positions of the facts that name it."""

    def __init__(self, store: Store, table: str, column: str) -> None:
        self.store = store
        position = "position" if table == "facts" else "fact"
        self._select = f'SELECT "{position}" FROM "{table}" WHERE "{column}" = ? ORDER BY "{position}"'
        self._keys = f'SELECT DISTINCT "{column}" FROM "{table}" ORDER BY "{column}"'
        self._counts = f'SELECT "{column}", count(*) FROM "{table}" GROUP BY "{column}"'
        self._counted: dict[str, int] | None = None

    def __getitem__(self, key: str) -> tuple[int, ...]:
        found = tuple(row[0] for row in self.store.rows(self._select, (key,)))
        if not found:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.store.rows(self._keys))

    def __len__(self) -> int:
        return len(self.counts())

    def counts(self) -> dict[str, int]:
        """How many facts name each key, in one query (the reference lists show them all)."""
        if self._counted is None:
            self._counted = {key: int(n) for key, n in self.store.rows(self._counts)}
        return self._counted
