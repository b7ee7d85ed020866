"""From YAML nodes to the typed fact base, collecting every problem with its file, line and field.

The format is documented in README.md ("The data format") and in `facts.schema.json`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kzil import dates
from kzil.errors import Problem
from kzil.loading.yamlnodes import DEFAULT_TAGS, canonical_key, line_of, yaml11_kind
from kzil.model import ENTITY_KINDS, STATUSES, Country, Entity, Fact, FactBase, Sector, Source, Text
from kzil.text import fold, visible

FORMAT_VERSION = 1

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
URL = re.compile(r"https?://[^\s]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMERIC_START = frozenset("+-.0123456789")
_NOT_AN_ID = "'{}' is not an id: use lowercase letters, digits and single hyphens"
_NOT_A_CODE = "'{}' is not an ISO 3166-1 alpha-2 code such as KZ or IL"

TOP_FIELDS = ("version", "sources", "sectors", "countries", "entities", "facts")
SOURCE_FIELDS = ("outlet", "kind", "published", "place", "language", "speaker", "title", "url")
SECTOR_FIELDS = ("name", "aliases")
ENTITY_FIELDS = ("kind", "name", "role", "country", "aliases")
FACT_FIELDS = (
    "id",
    "source",
    "quote",
    "summary",
    "status",
    "date",
    "date_text",
    "derived",
    "sectors",
    "countries",
    "entities",
    "notes",
    "as_of",
)
FACT_REQUIRED = ("id", "source", "quote", "summary", "status")

T = TypeVar("T")


class FactLines(NamedTuple):
    """Where a fact's parts are, for problems found after all files are read."""

    file: str
    fact: int
    source: int
    quote: int
    sectors: tuple[int, ...]
    countries: tuple[int, ...]
    entities: tuple[int, ...]


class Parts:
    """What one file defines, with the line of each definition."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sources: dict[str, tuple[Source, int]] = {}
        self.sectors: dict[str, tuple[Sector, int]] = {}
        self.countries: dict[str, tuple[Country, int]] = {}
        self.entities: dict[str, tuple[Entity, int]] = {}
        self.facts: list[tuple[Fact, FactLines]] = []
        self.broken: set[str] = set()  # ids defined here but invalid: references to them are not news


def _plain(node: Node) -> bool:
    """A plain (unquoted) scalar: the only kind YAML 1.1 tools give a type other than text."""
    return not getattr(node, "style", None)


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{_short(node.value)}'"


def _short(value: str) -> str:
    value = visible(value, one_line=True)
    return value if len(value) <= 40 else value[:37] + "..."


def _suggest(name: str, choices: Iterable[str]) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class NodeReader:
    """Reads one file's node tree, appending to `problems`; readers return None on a problem."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self._seen: set[int] = set()

    def problem(self, node: Node | int | None, field: str, message: str) -> None:
        line = node if isinstance(node, int) or node is None else line_of(node)
        self.problems.append(Problem(self.file, line, field, message))

    def visit(self, node: Node, field: str) -> bool:
        """Refuse aliases and explicit tags: a fact base needs neither, and both are attack surface."""
        key = id(node)
        if key in self._seen:
            self.problem(node, field, "YAML aliases (*name) are not allowed; write the value out")
            return False
        self._seen.add(key)
        if node.tag not in DEFAULT_TAGS:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            self.problem(node, field, f"YAML tag '{_short(tag)}' is not allowed; kzil reads plain data")
            return False
        return True

    # --- containers ---------------------------------------------------------------------------

    def mapping(
        self,
        node: Node,
        field: str,
        known: tuple[str, ...] | None = None,
        required: tuple[str, ...] = (),
    ) -> dict[str, tuple[ScalarNode, Node]] | None:
        if not self.visit(node, field):
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, field, f"expected a mapping (key: value), found {_kind(node)}")
            return None
        entries: dict[str, tuple[ScalarNode, Node]] = {}
        first_line: dict[object, tuple[int, str]] = {}
        for key, value in node.value:
            if not self.visit(key, field):
                continue
            if not isinstance(key, ScalarNode):
                self.problem(key, field, "a key must be a plain name, not a list or mapping")
                continue
            name = key.value
            where = f"{field}.{name}" if field else name
            canonical = canonical_key(key)
            if canonical in first_line:
                line, earlier = first_line[canonical]
                same = (
                    ""
                    if earlier == name
                    else f" ('{_short(earlier)}' and '{_short(name)}' are the same key in YAML 1.1)"
                )
                self.problem(key, where, f"duplicate key, first at line {line}{same}; keep one of them")
                continue
            first_line[canonical] = (line_of(key), name)
            if known is not None and name not in known:
                self.problem(key, where, f"unknown field '{_short(name)}'{_suggest(name, known)}")
                continue
            entries[name] = (key, value)
        for name in required:
            if name not in entries:
                self.problem(node, field, f"missing field '{name}'")
        return entries

    def sequence(self, node: Node, field: str) -> list[Node] | None:
        if not self.visit(node, field):
            return None
        if not isinstance(node, SequenceNode):
            self.problem(node, field, f"expected a list, found {_kind(node)}")
            return None
        return list(node.value)

    # --- scalars ------------------------------------------------------------------------------

    def scalar(self, node: Node, field: str) -> str | None:
        """The text of a scalar node; every reader below starts here."""
        if not self.visit(node, field):
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, field, f"expected a value, found {_kind(node)}")
            return None
        value: str = node.value
        if node.style == '"' and _SURROGATE.search(value):  # only escapes can make surrogates
            self.problem(node, field, "contains a lone surrogate escape (\\ud800-\\udfff); remove it")
            return None
        return value

    def text(self, node: Node, field: str) -> str | None:
        value = self.scalar(node, field)
        return None if value is None else self._as_text(node, value, field)

    def _as_text(self, node: Node, value: str, field: str) -> str | None:
        # Only short scalars, or ones that start like a number, can mean something else in
        # YAML 1.1; skipping long prose saves a third of the validation time of a large file.
        if _plain(node) and (len(value) <= 40 or value[:1] in _NUMERIC_START):
            kind = yaml11_kind(value)
            if kind == "null":
                self.problem(node, field, "is empty; write the text")
                return None
            if kind:
                self.problem(
                    node, field, f"'{_short(value)}' is read as {kind} by YAML 1.1 tools; put it in quotes"
                )
                return None
        if not value.strip():
            self.problem(node, field, "is empty; write the text")
            return None
        return value

    def slug(self, node: Node, field: str) -> str | None:
        return self._matching(node, self.text(node, field), field, SLUG, _NOT_AN_ID)

    def slug_key(self, node: ScalarNode, field: str) -> str | None:
        """A mapping key that is an id (the key node was already checked by `mapping`)."""
        return self._matching(node, self._as_text(node, node.value, field), field, SLUG, _NOT_AN_ID)

    def country_code(self, node: Node, field: str) -> str | None:
        return self._matching(node, self.text(node, field), field, COUNTRY_CODE, _NOT_A_CODE)

    def code_key(self, node: ScalarNode, field: str) -> str | None:
        return self._matching(node, self._as_text(node, node.value, field), field, COUNTRY_CODE, _NOT_A_CODE)

    def _matching(
        self, node: Node, value: str | None, field: str, pattern: re.Pattern[str], problem: str
    ) -> str | None:
        if value is not None and not pattern.fullmatch(value):
            self.problem(node, field, problem.format(_short(value)))
            return None
        return value

    def iso_date(self, node: Node, field: str) -> str | None:
        value = self.scalar(node, field)
        if value is None:
            return None
        try:
            return dates.parse_iso_day(value).isoformat()
        except dates.EdtfError as error:
            self.problem(node, field, str(error))
            return None

    def boolean(self, node: Node, field: str) -> bool | None:
        value = self.scalar(node, field)
        if value is None:
            return None
        if _plain(node) and value in ("true", "True", "TRUE"):
            return True
        if _plain(node) and value in ("false", "False", "FALSE"):
            return False
        self.problem(node, field, f"'{_short(value)}' is not true or false")
        return None

    def choice(self, node: Node, field: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(node, field)
        if value is None:
            return None
        if value not in choices:
            self.problem(
                node,
                field,
                f"'{_short(value)}' is not one of: {', '.join(choices)}{_suggest(value, choices)}",
            )
            return None
        return value

    def bilingual(self, node: Node, field: str) -> Text | None:
        entries = self.mapping(node, field, known=("en", "ru"), required=("en", "ru"))
        if entries is None or len(entries) != 2:
            return None
        en = self.text(entries["en"][1], f"{field}.en")
        ru = self.text(entries["ru"][1], f"{field}.ru")
        return Text(en, ru) if en is not None and ru is not None else None

    def items(
        self, node: Node, field: str, read: Callable[[Node, str], str | None]
    ) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        """A list of unique values, each read with `read`, and the line of each."""
        nodes = self.sequence(node, field)
        if nodes is None:
            return None
        values: list[str] = []
        lines: list[int] = []
        ok = True
        for i, item in enumerate(nodes):
            value = read(item, f"{field}[{i}]")
            if value is None:
                ok = False
            elif value in values:
                self.problem(item, f"{field}[{i}]", f"'{_short(value)}' is listed twice")
                ok = False
            else:
                values.append(value)
                lines.append(line_of(item))
        return (tuple(values), tuple(lines)) if ok else None

    def table(
        self, node: Node, field: str, key: Callable[[ScalarNode, str], str | None]
    ) -> Iterable[tuple[str, Node, int]]:
        """Entries of an id -> definition mapping, with valid ids only."""
        entries = self.mapping(node, field)
        for name, (key_node, value) in (entries or {}).items():
            if key(key_node, f"{field}.{name}") is not None:
                yield name, value, line_of(key_node)


def read_parts(root: MappingNode, file: str, problems: list[Problem]) -> Parts:
    """Read one file's top-level mapping; problems are appended, valid parts returned."""
    reader = NodeReader(file, problems)
    parts = Parts(file)
    top = reader.mapping(root, "", known=TOP_FIELDS, required=("version",))
    if top is None:
        return parts
    if "version" in top:
        version_node = top["version"][1]
        version = reader.scalar(version_node, "version")
        if version is not None and (version != str(FORMAT_VERSION) or not _plain(version_node)):
            problems.append(
                Problem(
                    file,
                    line_of(version_node),
                    "version",
                    f"'{_short(version)}' is not supported; this kzil reads version: {FORMAT_VERSION}",
                )
            )
            return parts

    def named(make: Callable[[str, Text, tuple[str, ...]], T], kind: str) -> Callable[[str, Node], T | None]:
        def read(key: str, node: Node) -> T | None:
            found = _read_named(reader, f"{kind}.{key}", node, SECTOR_FIELDS)
            return make(key, *found) if found else None

        return read

    top_tables = (
        ("sources", reader.slug_key, lambda key, node: _read_source(reader, key, node), parts.sources),
        ("sectors", reader.slug_key, named(Sector, "sectors"), parts.sectors),
        ("countries", reader.code_key, named(Country, "countries"), parts.countries),
        ("entities", reader.slug_key, lambda key, node: _read_entity(reader, key, node), parts.entities),
    )
    for kind, key_reader, read, into in top_tables:
        if kind in top:
            for key, value, line in reader.table(top[kind][1], kind, key_reader):
                item = read(key, value)
                if item is None:
                    parts.broken.add(key)  # references to it are not reported again
                else:
                    into[key] = (item, line)  # type: ignore[assignment]  # each table, its own type
    if "facts" in top:
        for i, node in enumerate(reader.sequence(top["facts"][1], "facts") or ()):
            fact = _read_fact(reader, i, node)
            if fact:
                parts.facts.append(fact)
    return parts


def _aliases(
    reader: NodeReader, entries: dict[str, tuple[ScalarNode, Node]], field: str
) -> tuple[str, ...] | None:
    if "aliases" not in entries:
        return ()
    read = reader.items(entries["aliases"][1], f"{field}.aliases", reader.text)
    return read[0] if read else None


def _read_named(
    reader: NodeReader, field: str, node: Node, known: tuple[str, ...]
) -> tuple[Text, tuple[str, ...]] | None:
    entries = reader.mapping(node, field, known=known, required=("name",))
    if entries is None or "name" not in entries:
        return None
    name = reader.bilingual(entries["name"][1], f"{field}.name")
    aliases = _aliases(reader, entries, field)
    return (name, aliases) if name is not None and aliases is not None else None


def _read_source(reader: NodeReader, name: str, node: Node) -> Source | None:
    field = f"sources.{name}"
    required = ("outlet", "kind", "published", "place", "language", "speaker", "title")
    entries = reader.mapping(node, field, known=SOURCE_FIELDS, required=required)
    if entries is None or any(key not in entries for key in required):
        return None

    def get(key: str, read: Callable[[Node, str], T | None]) -> T | None:
        return read(entries[key][1], f"{field}.{key}")

    url = None
    if "url" in entries:
        url = get("url", reader.text)
        if url is not None and not URL.fullmatch(url):
            reader.problem(entries["url"][1], f"{field}.url", "must be an http:// or https:// address")
            return None
    values = (
        get("outlet", reader.text),
        get("kind", reader.slug),
        get("published", reader.iso_date),
        get("place", reader.bilingual),
        get("language", reader.text),
        get("speaker", reader.slug),
        get("title", reader.bilingual),
    )
    language = values[4]
    if language is not None and not LANGUAGE_CODE.fullmatch(language):
        reader.problem(
            entries["language"][1], f"{field}.language", "must be an ISO 639 code such as ru or en"
        )
        return None
    if any(value is None for value in values) or ("url" in entries and url is None):
        return None
    outlet, kind, published, place, _, speaker, title = values
    return Source(name, outlet, kind, published, place, language, speaker, title, url)  # type: ignore[arg-type]


def _read_entity(reader: NodeReader, name: str, node: Node) -> Entity | None:
    field = f"entities.{name}"
    entries = reader.mapping(node, field, known=ENTITY_FIELDS, required=("kind", "name"))
    if entries is None or "kind" not in entries or "name" not in entries:
        return None
    kind = reader.choice(entries["kind"][1], f"{field}.kind", ENTITY_KINDS)
    label = reader.bilingual(entries["name"][1], f"{field}.name")
    role = reader.bilingual(entries["role"][1], f"{field}.role") if "role" in entries else None
    country = reader.country_code(entries["country"][1], f"{field}.country") if "country" in entries else None
    aliases = _aliases(reader, entries, field)
    if (
        kind is None
        or label is None
        or aliases is None
        or ("role" in entries and role is None)
        or ("country" in entries and country is None)
    ):
        return None
    return Entity(name, kind, label, role, country, aliases)


def _peek_id(node: Node) -> str | None:
    """A fact's id, if it looks like one, to name the fact in its problems."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if (
                getattr(key, "value", None) == "id"
                and isinstance(value, ScalarNode)
                and SLUG.fullmatch(value.value)
            ):
                return str(value.value)
    return None


def _read_fact(reader: NodeReader, index: int, node: Node) -> tuple[Fact, FactLines] | None:
    field = f"facts[{_peek_id(node) or index}]"
    entries = reader.mapping(node, field, known=FACT_FIELDS)
    if entries is None:
        return None
    fact_id = reader.slug(entries["id"][1], f"facts[{index}].id") if "id" in entries else None
    count = len(reader.problems)
    for key in FACT_REQUIRED:
        if key not in entries:
            reader.problem(node, field, f"missing field '{key}'")

    def get(key: str, read: Callable[[Node, str], T | None]) -> T | None:
        return read(entries[key][1], f"{field}.{key}") if key in entries else None

    source = get("source", reader.slug)
    quote = get("quote", reader.text)
    if quote is not None and quote != quote.strip():
        reader.problem(entries["quote"][1], f"{field}.quote", "has leading or trailing spaces; trim it")
    summary = get("summary", reader.bilingual)
    status = get("status", lambda n, f: reader.choice(n, f, STATUSES))
    date = get("date", reader.scalar)
    start = end = None
    if date is not None:
        try:
            start, end = dates.bounds(date)
        except dates.EdtfError as error:
            reader.problem(entries["date"][1], f"{field}.date", str(error))
    date_text = get("date_text", reader.bilingual)
    if "date" in entries and "date_text" not in entries:
        reader.problem(node, field, "missing field 'date_text': give the source's own wording of the date")
    if "date_text" in entries and "date" not in entries:
        reader.problem(
            entries["date_text"][0], f"{field}.date_text", "has no 'date'; add the EDTF date it describes"
        )
    derived = get("derived", reader.boolean)
    if derived and "date" not in entries:
        reader.problem(
            entries["derived"][0], f"{field}.derived", "marks a date as derived, but there is no 'date'"
        )
    empty: tuple[tuple[str, ...], tuple[int, ...]] = ((), ())
    sectors = get("sectors", lambda n, f: reader.items(n, f, reader.slug)) or empty
    countries = get("countries", lambda n, f: reader.items(n, f, reader.country_code)) or empty
    entities = get("entities", lambda n, f: reader.items(n, f, reader.slug)) or empty
    notes = get("notes", reader.bilingual)
    as_of = get("as_of", reader.iso_date)
    if len(reader.problems) > count or None in (fact_id, source, quote, summary, status):
        return None
    assert fact_id and source and quote and summary and status  # for the type checker
    fact = Fact(
        fact_id,
        source,
        quote,
        summary,
        status,
        date,
        date_text,
        start,
        end,
        bool(derived),
        sectors[0],
        countries[0],
        entities[0],
        notes,
        as_of or "",
    )
    lines = FactLines(
        reader.file,
        line_of(node),
        line_of(entries["source"][1]),
        line_of(entries["quote"][1]),
        sectors[1],
        countries[1],
        entities[1],
    )
    return fact, lines


# --- across files -------------------------------------------------------------------------------


class _Tables:
    """The definitions of all files together, with where each one was made."""

    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self.sectors: dict[str, Sector] = {}
        self.countries: dict[str, Country] = {}
        self.entities: dict[str, Entity] = {}
        self.where: dict[tuple[str, str], tuple[str, int]] = {}
        self.broken: set[str] = set()

    def add(
        self,
        kind: str,
        table: dict[str, T],
        defined: dict[str, tuple[T, int]],
        file: str,
        problems: list[Problem],
    ) -> None:
        for key, (value, line) in defined.items():
            if key in table:
                first = _at(self.where[kind, key])
                problems.append(
                    Problem(file, line, f"{kind}.{key}", f"already defined at {first}; rename or remove one")
                )
            else:
                table[key] = value
                self.where[kind, key] = (file, line)

    def check(
        self, kind: str, value: str, place: tuple[str, int], field: str, problems: list[Problem]
    ) -> bool:
        """Whether `value` names a defined thing; a problem if not (unless its definition was broken)."""
        tables: dict[str, Mapping[str, object]] = {
            "source": self.sources,
            "sector": self.sectors,
            "country": self.countries,
            "entity": self.entities,
        }
        table = tables[kind]
        if value in table:
            return True
        if value not in self.broken:
            problems.append(Problem(place[0], place[1], field, _unknown(kind, value, table)))
        return False


def merge(all_parts: list[Parts], problems: list[Problem]) -> tuple[FactBase, dict[str, FactLines]]:
    """One fact base from several files, and where each fact is; redefinitions and dangling
    references are problems."""
    tables = _Tables()
    for parts in all_parts:
        tables.add("sources", tables.sources, parts.sources, parts.file, problems)
        tables.add("sectors", tables.sectors, parts.sectors, parts.file, problems)
        tables.add("countries", tables.countries, parts.countries, parts.file, problems)
        tables.add("entities", tables.entities, parts.entities, parts.file, problems)
        tables.broken |= parts.broken
    _check_names("sectors", tables.sectors, tables.where, problems)
    _check_names("countries", tables.countries, tables.where, problems)
    _check_names("entities", tables.entities, tables.where, problems)
    for name, source in tables.sources.items():
        tables.check(
            "entity", source.speaker, tables.where["sources", name], f"sources.{name}.speaker", problems
        )
    for name, entity in tables.entities.items():
        if entity.country is not None:
            place = tables.where["entities", name]
            tables.check("country", entity.country, place, f"entities.{name}.country", problems)

    facts: list[Fact] = []
    fact_lines: dict[str, FactLines] = {}
    for parts in all_parts:
        for fact, lines in parts.facts:
            field = f"facts[{fact.id}]"
            if fact.id in fact_lines:
                first = _at((fact_lines[fact.id].file, fact_lines[fact.id].fact))
                problems.append(
                    Problem(lines.file, lines.fact, f"{field}.id", f"duplicate fact id, first at {first}")
                )
                continue
            fact_lines[fact.id] = lines
            ok = tables.check("source", fact.source, (lines.file, lines.source), f"{field}.source", problems)
            for kind, values, item_lines in (
                ("sector", fact.sectors, lines.sectors),
                ("country", fact.countries, lines.countries),
                ("entity", fact.entities, lines.entities),
            ):
                for i, (value, line) in enumerate(zip(values, item_lines, strict=True)):
                    where = (lines.file, line)
                    ok = tables.check(kind, value, where, f"{field}.{_plural(kind)}[{i}]", problems) and ok
            if ok:
                published = tables.sources[fact.source].published
                facts.append(fact if fact.as_of else fact._replace(as_of=published))
    base = FactBase.build(tables.sources, tables.sectors, tables.countries, tables.entities, tuple(facts))
    return base, fact_lines


def _at(place: tuple[str, int]) -> str:
    return f"{place[0]}:{place[1]}"


def _plural(kind: str) -> str:
    return {"sector": "sectors", "country": "countries", "entity": "entities"}[kind]


def _unknown(kind: str, value: str, table: Mapping[str, object]) -> str:
    listing = {"sector": "sectors", "country": "countries", "entity": "entities", "source": "sources"}[kind]
    return f"unknown {kind} '{_short(value)}'{_suggest(value, table)}; define it under '{listing}'"


def _check_names(
    kind: str,
    table: Mapping[str, Sector | Country | Entity],
    where: dict[tuple[str, str], tuple[str, int]],
    problems: list[Problem],
) -> None:
    """Every id, name and alias must lead to one thing only, or lookups would be ambiguous."""
    owner: dict[str, str] = {}
    for key, item in table.items():
        names = {fold(key), fold(item.name.en), fold(item.name.ru), *(fold(alias) for alias in item.aliases)}
        for name in names:
            other = owner.setdefault(name, key)
            if other != key:
                file, line = where[kind, key]
                problems.append(
                    Problem(
                        file,
                        line,
                        f"{kind}.{key}",
                        f"name or alias '{_short(name)}' also belongs to '{other}'; make it unique",
                    )
                )


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
