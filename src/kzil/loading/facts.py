"""The fact record of a fact-base file, declared field by field, with the rules between fields.

`read_fact` reads one item of `facts:` (see `fields.py` for how a `Spec` is read); a whole file is
read by `parts.py`, and what a fact names is checked across files by `merge.py`.
"""

from __future__ import annotations

from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode

from kzil import dates, model
from kzil.loading.fields import (
    BILINGUAL,
    BOOLEAN,
    COUNTRY,
    DAY,
    NO_ITEMS,
    SLUG,
    TEXT,
    Field,
    Found,
    Listed,
    Requires,
    Spec,
    Value,
    When,
    one_of,
    unique_list,
)
from kzil.loading.nodes import SLUG as SLUG_RE
from kzil.loading.nodes import NodeReader
from kzil.loading.yamlnodes import line_of
from kzil.model import DEFAULT_SPEECH, SPEECHES, STATUSES, Fact


class Dated(NamedTuple):
    """A fact's EDTF date as written, and the ISO days it spans (None: open or unknown end)."""

    text: str
    start: str | None
    end: str | None


def _edtf(reader: NodeReader, node: Node, field: str) -> Dated | None:
    value = reader.scalar(node, field)
    if value is None:
        return None
    try:
        return Dated(value, *dates.bounds(value))
    except dates.EdtfError as error:
        reader.problem(node, field, str(error))
        return None


def _trimmed(reader: NodeReader, node: Node, field: str) -> str | None:
    value = reader.text(node, field)
    if value is not None and value != value.strip():
        reader.problem(node, field, "has leading or trailing spaces; trim it")
        return None
    return value


ID = Field("id", SLUG, required=True)
FROM = Field("source", SLUG, required=True)
QUOTE = Field("quote", Value(_trimmed, TEXT.schema), required=True)
SUMMARY = Field("summary", BILINGUAL, required=True)
STATUS = Field("status", one_of(STATUSES), required=True)
DATE = Field("date", Value(_edtf, {"type": ["string", "integer"]}))
DATE_TEXT = Field("date_text", BILINGUAL)
DERIVED = Field("derived", BOOLEAN, default=False)
SECTORS = Field("sectors", unique_list(SLUG), default=NO_ITEMS)
COUNTRIES = Field("countries", unique_list(COUNTRY), default=NO_ITEMS)
ENTITIES = Field("entities", unique_list(SLUG), default=NO_ITEMS)
NOTES = Field("notes", BILINGUAL)
AS_OF = Field("as_of", DAY)  # left out: the source's published date, filled in by `merge`
SAID_BY = Field("said_by", SLUG)  # an entity id; left out: the source's speaker, filled in by `merge`
SPEECH = Field("speech", one_of(SPEECHES), default=DEFAULT_SPEECH)
FOLLOWS = Field("follows", unique_list(SLUG), default=NO_ITEMS)  # earlier facts it says what came of

FACT = Spec(
    (
        *(ID, FROM, QUOTE, SAID_BY, SPEECH, SUMMARY, STATUS, DATE, DATE_TEXT, DERIVED),
        *(SECTORS, COUNTRIES, ENTITIES, NOTES, AS_OF, FOLLOWS),
    ),
    (
        Requires(
            "date",
            "date_text",
            "missing field 'date_text': give the source's own wording of the date",
            at_record=True,
        ),
        Requires("date_text", "date", "has no 'date'; add the EDTF date it describes"),
        Requires("derived", "date", "marks a date as derived, but there is no 'date'", if_true=True),
        When(
            "status",
            frozenset({"assessment"}),
            "follows",
            False,
            "an assessment does not say what came of a plan; give this fact the status happened, "
            "ongoing, cancelled or a forward-looking one, or remove 'follows'",
        ),
    ),
    all_problems=True,
)


class FactLines(NamedTuple):
    """Where a fact's parts are, for problems found after all files are read."""

    file: str
    fact: int
    source: int
    quote: int
    sectors: tuple[int, ...]
    countries: tuple[int, ...]
    entities: tuple[int, ...]
    said_by: int | None = None  # None: left out, the source's speaker
    follows: tuple[int, ...] = ()


class References(NamedTuple):
    """What a fact with problems of its own names, with lines: the merge still checks that these
    are defined, so one run reports every problem of the fact (a bad status does not hide an
    unknown sector)."""

    file: str
    field: str  # how problems name the fact, e.g. "facts[water-mou-signed]"
    source: tuple[str, int] | None
    named: tuple[tuple[model.Kind, Listed], ...]  # (SECTOR, (ids, lines)), for each list that was read
    said_by: tuple[str, int] | None = None


def _references(file: str, found: Found) -> References:
    source = found.values.get(FROM.name)
    where = (source, line_of(found.entries[FROM.name][1])) if source is not None else None
    lists = ((model.SECTOR, SECTORS), (model.COUNTRY, COUNTRIES), (model.ENTITY, ENTITIES))
    named = tuple((kind, value) for kind, field in lists if (value := found.values.get(field.name)))
    said_by = found.values.get(SAID_BY.name)
    speaker = (said_by, line_of(found.entries[SAID_BY.name][1])) if said_by is not None else None
    return References(file, found.field, where, named, speaker)


def peek_id(node: Node) -> str | None:
    """A fact's id, if it looks like one, to name the fact in its problems."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if (
                getattr(key, "value", None) == "id"
                and isinstance(value, ScalarNode)
                and SLUG_RE.fullmatch(value.value)
            ):
                return str(value.value)
    return None


def read_fact(reader: NodeReader, index: int, node: Node) -> tuple[Fact, FactLines] | References | None:
    """The fact at `facts[index]` and where its parts are; after a problem, what it names (or None
    when it is not a mapping)."""
    field = f"facts[{peek_id(node) or index}]"
    entries = reader.mapping(node, field, known=FACT.names)
    if entries is None:
        return None
    found = Found(node, field, entries)
    if "id" in entries:  # read first, and named by position: an id with a problem cannot name it
        found.values["id"] = ID.value.read(reader, entries["id"][1], f"facts[{index}].id")
    if not FACT.read(reader, found):
        return _references(reader.file, found)
    return _fact(found), _fact_lines(reader.file, found)


def _fact(found: Found) -> Fact:
    must, get = found.must, found.get  # once per fact, of 100,000 in a large file
    dated = get(DATE)
    return Fact(
        must(ID),
        must(FROM),
        must(QUOTE),
        must(SUMMARY),
        must(STATUS),
        dated.text if dated else None,
        get(DATE_TEXT),
        dated.start if dated else None,
        dated.end if dated else None,
        must(DERIVED),
        must(SECTORS)[0],
        must(COUNTRIES)[0],
        must(ENTITIES)[0],
        get(NOTES),
        get(AS_OF) or "",
        get(SAID_BY) or "",
        must(SPEECH),
        must(FOLLOWS)[0],
    )


def _fact_lines(file: str, found: Found) -> FactLines:
    entries = found.entries
    return FactLines(
        file,
        line_of(found.node),
        line_of(entries["source"][1]),
        line_of(entries["quote"][1]),
        found.must(SECTORS)[1],
        found.must(COUNTRIES)[1],
        found.must(ENTITIES)[1],
        line_of(entries["said_by"][1]) if "said_by" in entries else None,
        found.must(FOLLOWS)[1],
    )
