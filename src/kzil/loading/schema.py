"""The compiled store's tables, derived from the model's records (`kzil.model`).

Every field of a record becomes columns by its type: a text one TEXT column, a bilingual `Text`
two (`name_en`, `name_ru`), a flag an INTEGER 0 or 1, a list a JSON array in TEXT, which
Datasette facets with `_facet_array`; each list of a fact also gets a link table
`fact_<field>` with one row per item, for lookups by id. The tables are the `Mapping` fields of
`FactBase` (`sources`, `sectors`, ...) and its `facts`. A field added to the model is a column
without another line here; a type that no rule covers fails as soon as the schema is built.
README.md ("The compiled store") documents the result.
"""

import functools
import json
import zlib
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from kzil import model
from kzil.loading.columns import Field, annotation_text, fields_of
from kzil.loading.contract import json_list
from kzil.model import LANGS, Text

# The store's layout version, beside the schema text itself (see `ddl`). 3: facts have `follows`
# (and `fact_follows`), sources a `kind` and an optional `speaker`. 4: facts have checksums of
# their shown columns in each language.
FORMAT = 4
APPLICATION_ID = 0x6B7A696C  # "kzil" in the SQLite file header, so a stray database is not taken for one


class Table(NamedTuple):
    name: str  # the FactBase field, e.g. "sectors"
    record: type
    fields: tuple[Field, ...]

    @property
    def key(self) -> str:
        """The column that identifies a row: a definition's id or code; a fact's position."""
        return "position" if self.name == "facts" else self.fields[0].columns[0]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column for field in self.fields for column in field.columns)


@functools.cache
def tables() -> tuple[Table, ...]:
    """The definition tables in FactBase's order, then the facts."""
    found = []
    for name, annotation in model.FactBase.__annotations__.items():
        container, _, inner = annotation_text(annotation).rstrip("]").partition("[")
        record_name = inner.split(", ")[-1]
        if container in ("Mapping", "Sequence") and record_name in vars(model):
            record = vars(model)[record_name]
            found.append(Table(name, record, fields_of(record)))
    return tuple(found)


def table(name: str) -> Table:
    return next(item for item in tables() if item.name == name)


def singular(name: str) -> str:
    """`sectors` -> `sector`, `countries` -> `country`: the column of a link table."""
    return name[:-3] + "y" if name.endswith("ies") else name.removesuffix("s")


def links() -> tuple[tuple[str, str, str | None], ...]:
    """(link table, id column, referenced table or None) for every list field of a fact."""
    names = {item.name for item in tables()}
    return tuple(
        (f"fact_{field.name}", singular(field.name), field.name if field.name in names else None)
        for field in table("facts").fields
        if field.kind == "list"
    )


def _q(name: str) -> str:
    return f'"{name}"'


def _references(field: Field, owner: str) -> str:
    """A foreign key where a field is named after a table (`source`, `country`): links in Datasette."""
    if field.kind != "text":
        return ""
    for other in tables():
        if other.name != owner and other.name != "facts" and field.name in (other.name, singular(other.name)):
            return f" REFERENCES {_q(other.name)}({_q(other.key)})"
    return ""


def _create(item: Table) -> str:
    columns = []
    if item.name == "facts":
        columns.append('"position" INTEGER PRIMARY KEY')
    for i, field in enumerate(item.fields):
        for column in field.columns:
            kind = "INTEGER" if field.kind == "flag" else "TEXT"
            key = " PRIMARY KEY" if i == 0 and item.name != "facts" else ""
            null = "" if field.optional else " NOT NULL"
            columns.append(f"{_q(column)} {kind}{key}{null}{_references(field, item.name)}")
    if item.name == "facts":
        columns += [
            '"placed" TEXT',
            '"year" INTEGER',
            *(f"{_q(name)} INTEGER NOT NULL" for name in checksum_columns()),
        ]
    return f"CREATE TABLE {_q(item.name)} ({', '.join(columns)})"


@functools.cache
def ddl() -> tuple[str, ...]:
    """Every table of the store, created empty; indexes come after the rows (`INDEXES`)."""
    statements = [_create(item) for item in tables()]
    langs = ", ".join(f'"{lang}" TEXT NOT NULL, "checksum_{lang}" INTEGER NOT NULL' for lang in LANGS)
    statements += [
        'CREATE TABLE "kzil_store" ("key" TEXT PRIMARY KEY NOT NULL, "value" TEXT NOT NULL)',
        f'CREATE TABLE "fact_json" ("position" INTEGER PRIMARY KEY REFERENCES "facts"("position"), {langs})',
        'CREATE TABLE "fact_search" ("position" INTEGER PRIMARY KEY REFERENCES "facts"("position"), '
        '"text" TEXT NOT NULL)',
    ]
    for name, column, target in links():
        refers = f" REFERENCES {_q(target)}({_q(table(target).key)})" if target else ""
        statements.append(
            f'CREATE TABLE {_q(name)} ("fact" INTEGER NOT NULL REFERENCES "facts"("position"), '
            f'{_q(column)} TEXT NOT NULL{refers}, PRIMARY KEY ({_q(column)}, "fact")) WITHOUT ROWID'
        )
    return tuple(statements)


def indexes() -> tuple[str, ...]:
    """Built once the rows are in: SQLite sorts a whole column faster than it grows a b-tree."""
    found = ['CREATE UNIQUE INDEX "facts_by_id" ON "facts" ("id")']
    found += [
        f'CREATE INDEX "facts_by_{column}" ON "facts" ({_q(column)})'
        for column in ("status", "source", "start", "end", "year")
    ]
    return tuple(found)


# The search index a large store gets on its first search (`store.Store.search_index`): trigrams
# of the folded search text, without positions (detail=none: half the time to build, and search
# checks every candidate's text anyway, with `instr`).
SEARCH_INDEX = (
    'CREATE VIRTUAL TABLE "fact_fts" USING fts5("text", content="fact_search", '
    'content_rowid="position", detail=none, columnsize=0, tokenize="trigram case_sensitive 1")',
    """INSERT INTO "fact_fts" ("fact_fts") VALUES ('rebuild')""",
)


def schema_id() -> str:
    """Names this layout: an entry built by another layout is not read."""
    text = "\n".join((str(FORMAT), *ddl(), *indexes()))
    return f"{FORMAT}-{zlib.crc32(text.encode()):08x}"


# --- rows ---------------------------------------------------------------------------------------


def encode(item: Table, record: Any) -> list[Any]:
    """A record as the values of its table's columns, in order."""
    values: list[Any] = []
    for field, value in zip(item.fields, record, strict=True):
        if field.kind == "bilingual":
            # as written: "" for a language a user's file leaves out (`Text.get` marks it when shown)
            values += [None] * len(LANGS) if value is None else [getattr(value, lang) for lang in LANGS]
        elif field.kind == "list":
            values.append(json_list(value))
        elif field.kind == "waivers":
            waivers = [{"starts": waiver.starts, "reason": waiver.reason._asdict()} for waiver in value]
            values.append(json.dumps(waivers, ensure_ascii=False))
        elif field.kind == "flag":
            values.append(int(value))
        else:
            values.append(value)
    return values


def decoder(item: Table) -> Callable[[Sequence[Any]], Any]:
    """Turns the values of `item.columns` back into the record."""
    kinds = [field.kind for field in item.fields]
    make = item.record._make  # type: ignore[attr-defined]
    loads = json.loads
    # The same few lists (of sectors, of countries) come back again and again: each is parsed once
    # (a timeline of 50,000 facts: 0.1 s instead of 0.5 s).
    lists: dict[str, tuple[str, ...]] = {}

    def decode(row: Sequence[Any]) -> Any:
        values: list[Any] = []
        i = 0
        for kind in kinds:
            value = row[i]
            if kind == "bilingual":
                values.append(None if value is None else Text(value, row[i + 1]))
                i += 2
                continue
            if kind == "list":
                parsed = lists.get(value)
                if parsed is None:
                    parsed = lists[value] = tuple(loads(value))
                value = parsed
            elif kind == "waivers":
                value = tuple(model.Waiver(w["starts"], Text(**w["reason"])) for w in loads(value))
            elif kind == "flag":
                value = bool(value)
            values.append(value)
            i += 1
        return make(values)

    return decode


# The columns of a fact that a timeline shows (`store.Store.shown`), in one language: their
# CRC-32 is kept on its own for each language ("checksum_shown_en", ...), and the row's
# ("checksum") goes on from the first language's over the other columns, so a timeline reads and
# checks these alone and damage anywhere is still caught by whatever reads it (a timeline of
# 50,000 facts: 0.14 s to read them rather than 0.41 s for whole rows, the quotes above all).
SHOWN = ("id", "status", "date", "end", "derived", "sectors", "follows")
SHOWN_IN_LANGUAGE = ("summary", "date_text")


def shown_columns(lang: str) -> tuple[str, ...]:
    """The shown columns in `lang`, in the order their checksum takes them."""
    return (*SHOWN, *(f"{name}_{lang}" for name in SHOWN_IN_LANGUAGE))


@functools.cache
def _places() -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
    """The places of each language's shown columns among the facts' columns, and of the columns
    outside the first language's."""
    columns = table("facts").columns
    shown = tuple(tuple(columns.index(column) for column in shown_columns(lang)) for lang in LANGS)
    return shown, tuple(i for i in range(len(columns)) if i not in shown[0])


def fact_checksums(values: Sequence[Any]) -> list[int]:
    """A fact row's checksums from its values in column order: of the shown columns in each
    language ("checksum_shown_en", ...), then of the row ("checksum")."""
    shown, rest = _places()
    found = [checksum([values[i] for i in places]) for places in shown]
    return [*found, checksum([values[i] for i in rest], found[0])]


def checksum_columns() -> tuple[str, ...]:
    return (*(f"checksum_shown_{lang}" for lang in LANGS), "checksum")


# `spans.sort_key` as an ORDER BY of the facts table (`kzil.selection`): the same order. The
# store keeps each fact's placement (`placed_at` with its source's date) in "placed"; SQLite
# compares text by its UTF-8 bytes, that is by code point.
TIMELINE_ORDER = '"placed", "end" IS NULL, "end", "position"'


def timeline_index() -> tuple[str, ...]:
    """The index a large store gets on its first timeline (`store.Store.timeline_index`): the
    dated facts in timeline order with every column a timeline reads, in both languages, so
    SQLite reads them in order from it rather than sorting the table's rows (100,000 facts: 0.14 s
    -> 0.08 s of each timeline; building it takes 0.4 s, once)."""
    shown = [*SHOWN, *(f"{name}_{lang}" for name in SHOWN_IN_LANGUAGE for lang in LANGS)]
    checks = [f"checksum_shown_{lang}" for lang in LANGS]
    columns = ", ".join(_q(column) for column in [*shown, *checks])
    return (
        f'CREATE INDEX "facts_in_order" ON "facts" ({TIMELINE_ORDER}, {columns}) WHERE "date" IS NOT NULL',
    )


def checksum(values: Sequence[Any], start: int = 0) -> int:
    """CRC-32 of a row's values: catches damage that leaves the database readable."""
    text = "\x1f".join(["\x00" if value is None else str(value) for value in values])
    return zlib.crc32(text.encode("utf-8", "surrogatepass"), start)
