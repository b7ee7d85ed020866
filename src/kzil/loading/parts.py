"""One file's definitions and facts, read from its top-level mapping.

The format is documented in README.md ("The data format") and in `facts.schema.json`; the record
types are declared in `definitions.py` and `facts.py`. Files are put together by `merge.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from yaml.nodes import MappingNode, Node

from kzil import model
from kzil.errors import Problem
from kzil.loading.definitions import (
    COUNTRY_SPEC,
    ENTITY,
    SECTOR,
    SOURCE,
    read_country,
    read_entity,
    read_sector,
    read_source,
)
from kzil.loading.facts import FACT, FactLines, References, peek_id, read_fact
from kzil.loading.fields import Entries, Spec
from kzil.loading.nodes import NodeReader, plain
from kzil.loading.wording import short
from kzil.loading.yamlnodes import line_of
from kzil.model import Country, Entity, Fact, Sector, Source

FORMAT_VERSION = 1
TOP_FIELDS = ("version", "sources", "sectors", "countries", "entities", "facts")

R = TypeVar("R")

# Every record type by where it lives in a file; `tests/test_schema.py` checks the JSON Schema.
SPECS = {
    model.SOURCE.plural: SOURCE,
    model.SECTOR.plural: SECTOR,
    model.COUNTRY.plural: COUNTRY_SPEC,
    model.ENTITY.plural: ENTITY,
    "facts": FACT,
}


class Parts:
    """What one file defines, with the line of each definition."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sources: dict[str, tuple[Source, int]] = {}
        self.sectors: dict[str, tuple[Sector, int]] = {}
        self.countries: dict[str, tuple[Country, int]] = {}
        self.entities: dict[str, tuple[Entity, int]] = {}
        self.facts: list[tuple[Fact, FactLines]] = []
        self.unread: list[References] = []  # facts with problems: their names are still checked
        self.broken: set[str] = set()  # ids defined here but invalid: references to them are not news
        self.broken_facts: set[str] = set()  # the same for facts, which `follows` refers to


def read_parts(root: MappingNode, file: str, problems: list[Problem]) -> Parts:
    """Read one file's top-level mapping; problems are appended, valid parts returned."""
    reader = NodeReader(file, problems)
    parts = Parts(file)
    top = reader.mapping(root, "", known=TOP_FIELDS, required=("version",))
    if top is None or not _supported(reader, top):
        return parts
    _define(reader, top, model.SOURCE, SOURCE, read_source, parts.sources, parts.broken)
    _define(reader, top, model.SECTOR, SECTOR, read_sector, parts.sectors, parts.broken)
    _define(reader, top, model.COUNTRY, COUNTRY_SPEC, read_country, parts.countries, parts.broken)
    _define(reader, top, model.ENTITY, ENTITY, read_entity, parts.entities, parts.broken)
    if "facts" in top:
        for i, node in enumerate(reader.sequence(top["facts"][1], "facts") or ()):
            fact = read_fact(reader, i, node)
            if isinstance(fact, References):
                parts.unread.append(fact)
            elif fact:
                parts.facts.append(fact)
                continue
            if peek_id(node):  # a `follows` naming it is not news
                parts.broken_facts.add(str(peek_id(node)))
    return parts


def _supported(reader: NodeReader, top: Entries) -> bool:
    """Whether the file's `version` is one this kzil reads (a missing one is already a problem)."""
    if "version" not in top:
        return True
    node = top["version"][1]
    version = reader.scalar(node, "version")
    if version is not None and (version != str(FORMAT_VERSION) or not plain(node)):
        message = f"'{short(version)}' is not supported; this kzil reads version: {FORMAT_VERSION}"
        reader.problems.append(Problem(reader.file, line_of(node), "version", message))
        return False
    return True


def _define(
    reader: NodeReader,
    top: Entries,
    kind: model.Kind,
    spec: Spec,
    read: Callable[[NodeReader, str, Node], R | None],
    into: dict[str, tuple[R, int]],
    broken: set[str],
) -> None:
    """The definitions of a kind (under `sources:`, ...), each with the line of its key."""
    table = kind.plural
    if table not in top:
        return
    assert spec.key is not None  # every definition has a key
    for key, value, line in reader.table(top[table][1], table, partial(spec.key.read, reader)):
        item = read(reader, key, value)
        if item is None:
            broken.add(key)  # references to it are not reported again
        else:
            into[key] = (item, line)
