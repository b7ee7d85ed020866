"""The typed fact base: plain immutable records and the indexes that queries use.

NamedTuple rather than dataclasses: a fact is built from a row of the compiled store in about
1.5 µs as a NamedTuple against about 4 µs as a frozen dataclass (CPython 3.11), and the store
builds one for every fact a table or timeline shows.

No `from __future__ import annotations` here, nor in the other modules a run imports that define
NamedTuples: typing.NamedTuple turns each string annotation into a ForwardRef, which compiles it,
and this module took 1.03 ms to run instead of 0.69 ms (in process, median of 150 runs); over the
thirteen such modules of `kzil timeline`, 0.7 ms of every start. The few annotations that name a
class defined later or imported only for type checking are quoted.

A `FactBase` is either built in memory (`FactBase.build`) or served by the compiled store
(`kzil.loading.store`), whose facts and indexes are read on demand: the fields are typed as
read-only mappings and sequences so that both fit.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

Lang = Literal["en", "ru"]
LANGS: tuple[Lang, ...] = ("en", "ru")

STATUSES = (
    "happened",
    "ongoing",
    "in-progress",
    "scheduled",
    "planned",
    "proposed",
    "intended",
    "hoped",
    "pending",
    "cancelled",
    "assessment",
)
# Statuses that describe what is or was the case; every other one is a plan, hope or view.
FACTUAL_STATUSES = frozenset({"happened", "ongoing"})
# Shown as settled (upright, without "as announced"): what is the case, and what was called off.
SETTLED_STATUSES = FACTUAL_STATUSES | {"cancelled"}
# Statuses that look ahead from the source date: what a source announces, plans, hopes or awaits.
FORWARD_STATUSES = frozenset(
    {"scheduled", "planned", "proposed", "intended", "hoped", "pending", "in-progress"}
)

SOURCE_KINDS = ("interview", "article", "statement", "press-release", "note")
# The kinds of source in which someone speaks: they must name the speaker.
SPEAKING_KINDS = frozenset({"interview", "statement"})

ENTITY_KINDS = ("person", "organization", "country", "place", "program")

# How the source gives a fact's words: "direct" when they stand inside the speaker's quotation
# marks, "indirect" when the outlet reports what was said ("По его словам", "напомнил", its own
# narration). A user's file may leave it out: "indirect" claims less (the quote is then not
# presented as the speaker's own words), so it is the default.
SPEECHES = ("direct", "indirect")
DEFAULT_SPEECH = "indirect"


class Text(NamedTuple):
    """A text in the languages of the fact base.

    A user's file may give one language only: the other is then "" (the validator refuses empty
    texts, so "" never stands for a real one), and `get` shows the text it has, marked with its
    language code, in the missing one's place. The bundled base gives both everywhere.
    """

    en: str
    ru: str

    def get(self, lang: str) -> str:
        own, other, other_lang = (self.ru, self.en, "en") if lang == "ru" else (self.en, self.ru, "ru")
        return own or f"[{other_lang}] {other}"

    def given(self) -> tuple[str, ...]:
        """The texts actually written, for matching names and searching."""
        return tuple(value for value in self if value)


class Waiver(NamedTuple):
    """A sentence or clause of a source's text that no fact needs to cite, and why."""

    starts: str  # its first words, as written in the text
    reason: Text


class Source(NamedTuple):
    id: str
    outlet: str
    kind: str
    published: str  # ISO date
    place: Text
    language: str
    speaker: str | None  # entity id; required for interviews and statements only
    title: Text
    url: str | None
    # Provenance (see `kzil coverage`): the SHA-256 of the text the quotes were checked against,
    # where the curator split a sentence into clauses that each need a fact, and the sentences or
    # clauses no fact needs to cite, each with its reason.
    sha256: str | None = None
    splits: tuple[str, ...] = ()
    waived: tuple[Waiver, ...] = ()


class Sector(NamedTuple):
    id: str
    name: Text
    aliases: tuple[str, ...]


class Country(NamedTuple):
    code: str  # ISO 3166-1 alpha-2
    name: Text
    aliases: tuple[str, ...]


class Entity(NamedTuple):
    id: str
    kind: str
    name: Text
    role: Text | None
    country: str | None
    aliases: tuple[str, ...]


class Fact(NamedTuple):
    id: str
    source: str
    quote: str
    summary: Text
    status: str
    date: str | None  # EDTF as written in the file
    date_text: Text | None  # the source's own wording of the date
    start: str | None  # ISO date; None when the date is absent or its start is open or unknown
    end: str | None  # ISO date; None when the date is absent or its end is open or unknown
    derived: bool  # the date is implied by the source, not stated
    sectors: tuple[str, ...]
    countries: tuple[str, ...]
    entities: tuple[str, ...]
    notes: Text | None
    as_of: str  # ISO date the status holds for
    # Defaults, so that code building facts by hand need not name them; the loader always does.
    said_by: str = ""  # entity id of who said it; left out of a file, the source's speaker
    speech: str = DEFAULT_SPEECH  # one of SPEECHES
    follows: tuple[str, ...] = ()  # ids of earlier facts this one reports on (what came of them)


class Shown(NamedTuple):
    """What a timeline shows of a dated fact in one language (`kzil.render.timeline_rows.Timeline`), and
    all that the state of a plan (`kzil.track`) depends on: a timeline from the compiled store
    reads these columns alone (`kzil.loading.schema.SHOWN`), not whole facts."""

    id: str
    status: str
    date: str  # EDTF
    end: str | None
    derived: bool
    date_text: str | None  # the source's wording of the date, as `Text.get` shows it
    summary: str  # as `Text.get` shows it
    sectors: tuple[str, ...]
    follows: tuple[str, ...]
    placed: str  # `placed_at`, with its source's date


def shown(fact: Fact, lang: str, placed: str) -> Shown:
    """What a timeline shows of a dated fact in `lang`, placed at `placed`."""
    assert fact.date is not None, f"{fact.id} has no date"
    when = fact.date_text.get(lang) if fact.date_text else None
    return Shown(
        fact.id, fact.status, fact.date, fact.end, fact.derived, when, fact.summary.get(lang), fact.sectors,
        fact.follows, placed,
    )  # fmt: skip


def placed_at(fact: Fact, announced: str = "") -> str:
    """Where a dated fact stands in time order: its start, or its end when the start is open or
    unknown; a forward-looking fact no earlier than `announced`, the day its source was published
    ("in 2026" from a 17 February interview stands on 17 February, not on 1 January).
    `kzil.spans` reads spans; this one rule lives here because the compiled store keeps it too."""
    day = fact.start or fact.end or ""
    if fact.status in FORWARD_STATUSES and day < announced:
        return announced
    return day


Index = Mapping[str, Sequence[int]]


def _index(pairs: Iterable[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    grouped: defaultdict[str, list[int]] = defaultdict(list)
    for key, position in pairs:
        grouped[key].append(position)
    return {key: tuple(positions) for key, positions in grouped.items()}


class FactBase(NamedTuple):
    """Everything loaded from one or more fact-base files, with positions of facts by key."""

    sources: Mapping[str, Source]
    sectors: Mapping[str, Sector]
    countries: Mapping[str, Country]
    entities: Mapping[str, Entity]
    facts: Sequence[Fact]
    by_id: Mapping[str, int]
    by_sector: Index
    by_country: Index
    by_entity: Index
    by_source: Index
    by_status: Index
    by_follows: Index  # fact id -> positions of the facts that follow it

    @classmethod
    def build(
        cls,
        sources: dict[str, Source],
        sectors: dict[str, Sector],
        countries: dict[str, Country],
        entities: dict[str, Entity],
        facts: tuple[Fact, ...],
    ) -> "FactBase":
        numbered = list(enumerate(facts))
        return cls(
            sources,
            sectors,
            countries,
            entities,
            facts,
            by_id={fact.id: i for i, fact in numbered},
            by_sector=_index((key, i) for i, fact in numbered for key in fact.sectors),
            by_country=_index((key, i) for i, fact in numbered for key in fact.countries),
            by_entity=_index((key, i) for i, fact in numbered for key in fact.entities),
            by_source=_index((fact.source, i) for i, fact in numbered),
            by_status=_index((fact.status, i) for i, fact in numbered),
            by_follows=_index((key, i) for i, fact in numbered for key in fact.follows),
        )

    def table(self, kind: str) -> Mapping[str, Source | Sector | Country | Entity]:
        """The definitions of a kind (see `KINDS`): sources, sectors, countries or entities."""
        name = KINDS[kind].table
        if name is None:
            raise ValueError(f"{kind}s are a fixed list, not a table of the fact base")
        table: Mapping[str, Source | Sector | Country | Entity] = getattr(self, name)
        return table

    def named(self, kind: str) -> Mapping[str, Sector | Country | Entity]:
        """The sectors, countries or entities: the things users look up by name."""
        found = KINDS[kind]
        if not found.by_name or found.table is None:
            raise ValueError(f"{kind}s are not looked up by name")
        table: Mapping[str, Sector | Country | Entity] = getattr(self, found.table)
        return table

    def followers(self, fact_id: str) -> tuple[Fact, ...]:
        """The facts that say what came of fact `fact_id`, in the fact base's order."""
        return tuple(self.facts[i] for i in self.by_follows.get(fact_id, ()))

    def count_of(self, kind: str, key: str) -> int:
        """How many facts name the sector, country, entity, source or status `key`."""
        index: Index = getattr(self, KINDS[kind].facts_by)
        return len(index.get(key, ()))


class Kind(NamedTuple):
    """One kind of thing facts refer to, and every name kzil gives it (one row of `KINDS`)."""

    name: str  # in messages and code: "unknown sector 'x'", `resolve(base, "sector", ...)`
    plural: str  # a file's table, a fact's field and the reference list: `sectors:`, `kzil sectors`
    key: str  # the name of its key in records: "id", or "code" for countries
    table: str | None  # the FactBase table of its definitions; None for the fixed list of statuses
    facts_by: str  # the FactBase index of facts by it
    command: str  # the command that lists them, named in "unknown ..." errors
    by_name: bool  # looked up by name and aliases too, not by id only


SOURCE = Kind("source", "sources", "id", "sources", "by_source", "kzil sources", by_name=False)
SECTOR = Kind("sector", "sectors", "id", "sectors", "by_sector", "kzil sectors", by_name=True)
COUNTRY = Kind("country", "countries", "code", "countries", "by_country", "kzil countries", by_name=True)
ENTITY = Kind("entity", "entities", "id", "entities", "by_entity", "kzil entities", by_name=True)
STATUS = Kind("status", "statuses", "id", None, "by_status", "kzil statuses", by_name=False)

# In the order of a file's tables; statuses last, as they have none.
KINDS = {kind.name: kind for kind in (SOURCE, SECTOR, COUNTRY, ENTITY, STATUS)}
