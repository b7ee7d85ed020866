"""Field specs: what a record of a fact-base file holds, declared as data, and one reader for all.

A record type (source, sector, country, entity, fact) is a `Spec`: its fields, each with a name,
a `Value` (how it is read and what `facts.schema.json` says of it) and whether it is required,
and the rules that tie fields together. `read_record` reads any record from its spec; the
declarations themselves are in `definitions.py` and `facts.py`, and `tests/test_schema.py`
checks the JSON Schema against them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MethodType
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from yaml.nodes import Node, ScalarNode

from kzil.loading.nodes import NodeReader
from kzil.model import Text

T = TypeVar("T")

Entries = dict[str, tuple[ScalarNode, Node]]  # field name -> (key node, value node)
Listed = tuple[tuple[str, ...], tuple[int, ...]]  # the values of a list, and the line of each
NO_ITEMS: Listed = ((), ())

SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
COUNTRY_PATTERN = "^[A-Z]{2}$"


class Value(NamedTuple, Generic[T]):
    """How one value is read (None after a problem is reported) and its JSON Schema."""

    read: Callable[[NodeReader, Node, str], T | None]
    schema: Mapping[str, object]


class Key(NamedTuple):
    """How the key of a definition (`sources.<id>`, `countries.<code>`) is read, and its schema."""

    read: Callable[[NodeReader, ScalarNode, str], str | None]
    schema: Mapping[str, object]


TEXT: Value[str] = Value(NodeReader.text, {"type": "string", "minLength": 1, "pattern": "\\S"})
SLUG: Value[str] = Value(NodeReader.slug, {"type": "string", "pattern": SLUG_PATTERN})
COUNTRY: Value[str] = Value(NodeReader.country_code, {"type": "string", "pattern": COUNTRY_PATTERN})
DAY: Value[str] = Value(
    NodeReader.iso_date, {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"}
)
BILINGUAL: Value[Text] = Value(NodeReader.bilingual, {"$ref": "#/$defs/bilingual"})
# Names and aliases refuse what cannot be seen (controls, bidirectional, zero-width, tag and other
# invisible characters). The schema's pattern lists those of the Basic Multilingual Plane: JSON
# Schema's ECMA-262 patterns cannot name the Unicode tags (U+E0000 block); the validator refuses those too.
NAME_PATTERN = (
    "^(?=.*\\S)[^\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f"
    "\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e"
    "\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]+$"
)
NAME_TEXT: Value[str] = Value(NodeReader.label, {"$ref": "#/$defs/name"})
BILINGUAL_NAME: Value[Text] = Value(NodeReader.bilingual_label, {"$ref": "#/$defs/bilingual_name"})
BOOLEAN: Value[bool] = Value(NodeReader.boolean, {"type": "boolean"})
SLUG_KEY = Key(NodeReader.slug_key, SLUG.schema)
COUNTRY_KEY = Key(NodeReader.code_key, COUNTRY.schema)


def one_of(choices: tuple[str, ...]) -> Value[str]:
    def read(reader: NodeReader, node: Node, field: str) -> str | None:
        return reader.choice(node, field, choices)

    return Value(read, {"enum": list(choices)})


def unique_list(item: Value[str]) -> Value[Listed]:
    """A list of distinct values, each read as `item`."""

    def read(reader: NodeReader, node: Node, field: str) -> Listed | None:
        return reader.items(node, field, MethodType(item.read, reader))  # as fast as `reader.slug`

    return Value(read, {"type": "array", "items": item.schema, "uniqueItems": True})


class Field(NamedTuple, Generic[T]):
    name: str
    value: Value[T]
    required: bool = False
    default: T | None = None  # the value when the field is left out


class Found:
    """One record as read so far: its entries and the value of each field read."""

    __slots__ = ("entries", "field", "node", "values")

    def __init__(self, node: Node, field: str, entries: Entries) -> None:
        self.node = node
        self.field = field  # how problems name the record, e.g. "sources.trend-2026-02-17"
        self.entries = entries
        # Each value is of its field's type (`Value[T]` reads a T); `get` and `must` say which.
        self.values: dict[str, Any] = {}

    def get(self, field: Field[T]) -> T | None:
        """The value read, or the field's default when it was left out."""
        value: T | None = self.values.get(field.name, field.default)
        return value

    def must(self, field: Field[T]) -> T:
        """The value of a field of a record read without problems: required, or with a default."""
        try:
            value: T = self.values[field.name]
        except KeyError:
            assert field.default is not None, f"{field.name} is neither required nor defaulted"
            return field.default
        return value


class Rule(Protocol):
    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the rule reads: it is checked once the last of them is read."""
        ...

    @property
    def stops(self) -> bool:
        """Whether a record that breaks the rule is read no further."""
        ...

    def check(self, reader: NodeReader, found: Found) -> bool:
        """Whether the record keeps the rule; a problem is reported if not."""
        ...


class Requires(NamedTuple):
    """A field that needs another: `date` needs `date_text`, `derived: true` needs `date`."""

    field: str
    needs: str
    message: str
    at_record: bool = False  # said of the record (like a missing field), not of the field's key
    if_true: bool = False  # only a field that reads as true needs the other one

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field, self.needs)

    @property
    def stops(self) -> bool:
        return False

    def check(self, reader: NodeReader, found: Found) -> bool:
        entries = found.entries
        if self.field not in entries or self.needs in entries:
            return True
        if self.if_true and not found.values.get(self.field):
            return True
        if self.at_record:
            reader.problem(found.node, found.field, self.message)
        else:
            reader.problem(entries[self.field][0], f"{found.field}.{self.field}", self.message)
        return False


class When(NamedTuple):
    """A field that another one's value calls for, or rules out: an interview or a statement
    needs a `speaker`; an assessment cannot `follow` anything."""

    field: str
    values: frozenset[str]
    other: str
    required: bool  # True: `other` must be given; False: it must be left out
    message: str

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field, self.other)

    @property
    def stops(self) -> bool:
        return False

    def check(self, reader: NodeReader, found: Found) -> bool:
        if found.values.get(self.field) not in self.values or (self.other in found.entries) == self.required:
            return True
        if self.required:
            reader.problem(found.node, found.field, self.message)
        else:
            reader.problem(found.entries[self.other][0], f"{found.field}.{self.other}", self.message)
        return False


class Matches(NamedTuple):
    """A text field that must match a pattern (the same pattern as in the JSON Schema).

    Checked when every field has been read, or at once when it `stops` the record.
    """

    field: str
    pattern: str
    message: str
    stops: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)

    def check(self, reader: NodeReader, found: Found) -> bool:
        value = found.values.get(self.field)
        if not isinstance(value, str) or re.fullmatch(self.pattern, value):
            return True
        reader.problem(found.entries[self.field][1], f"{found.field}.{self.field}", self.message)
        return False


class Spec:
    """One record type: its fields in reading order and the rules between them."""

    def __init__(
        self,
        fields: tuple[Field[Any], ...],
        rules: tuple[Rule, ...] = (),
        *,
        key: Key | None = None,
        all_problems: bool = False,
    ) -> None:
        self.fields = fields
        self.rules = rules
        self.key = key  # how the key of a definition is read; facts have none
        # Definitions: a record missing a required field is not read further, and only a refused
        # value leaves it out. Facts (`all_problems`): every field is read, so all of a fact's
        # problems are said at once, and any problem inside the fact leaves it out.
        self.all_problems = all_problems
        self.names = tuple(field.name for field in fields)
        self.required = tuple(field.name for field in fields if field.required)
        order = {name: i for i, name in enumerate(self.names)}
        after: dict[str, list[Rule]] = {}
        self._last: tuple[Rule, ...] = ()
        for rule in rules:
            if isinstance(rule, Matches) and not rule.stops:
                self._last += (rule,)
            else:
                after.setdefault(max(rule.fields, key=order.__getitem__), []).append(rule)
        # One step per field, its reader and rules looked up once: this loop runs for every fact.
        self._steps = tuple((f.name, f.value.read, tuple(after.get(f.name, ()))) for f in fields)

    def field(self, name: str) -> Field[Any]:
        return self.fields[self.names.index(name)]

    def read(self, reader: NodeReader, found: Found) -> bool:
        """Read every field not read yet into `found`; whether the record is whole."""
        entries = found.entries
        count = len(reader.problems)
        missing = [name for name in self.required if name not in entries]
        for name in missing:
            reader.problem(found.node, found.field, f"missing field '{name}'")
        if missing and not self.all_problems:
            return False
        whole = self._read_fields(reader, found)
        if whole is None:
            return False
        for rule in self._last:
            whole = rule.check(reader, found) and whole
        if self.all_problems:
            values = found.values
            return len(reader.problems) == count and all(values.get(n) is not None for n in self.required)
        return whole

    def _read_fields(self, reader: NodeReader, found: Found) -> bool | None:
        """Whether every field read was accepted; None when a rule stopped the record."""
        entries, values, where = found.entries, found.values, found.field
        whole = True
        for name, read, rules in self._steps:
            if name in entries and name not in values:
                value = values[name] = read(reader, entries[name][1], f"{where}.{name}")
                if value is None:
                    whole = False
            for rule in rules:
                if not rule.check(reader, found):
                    if rule.stops:
                        return None
                    whole = False
        return whole


def read_record(reader: NodeReader, spec: Spec, node: Node, field: str) -> Found | None:
    """A definition (source, sector, country, entity) read from its spec; None after a problem."""
    entries = reader.mapping(node, field, known=spec.names)
    if entries is None:
        return None
    found = Found(node, field, entries)
    return found if spec.read(reader, found) else None
