"""What a fact's date span means, decided in one place: every reading of open and unknown ends.

A dated fact spans [start, end] (ISO days, from `dates.bounds`). Either end may be missing:
open (`1992/..`: it still holds, or it began long ago) or unknown (`2026/`: the source does not
say). Both read the same way everywhere:

- placement: a fact stands at its start, or at its end when the start is missing; a
  forward-looking fact (a plan, hope or awaited step) never stands before the day its source
  announced it ("in 2026" from a 17 February interview comes after 17 February);
- overlap with a date range: a missing end reaches as far as the range needs (into the future,
  or into the past), so it never excludes;
- upcoming and past: a missing start has begun, a missing end has not ended;
- years touched: the years whose range it overlaps, as above (so the overview's facts per year
  agree with `--from YEAR --to YEAR`);
- calendar span (iCalendar, TimelineJS): a missing end is one day on the known date.

The timeline's plan (order, the upcoming/past cut, markers for sources and today) is built here
too, so the command only wires options to it and the plan to a renderer.
"""

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeVar, overload

from kzil import model
from kzil.model import FACTUAL_STATUSES, FORWARD_STATUSES, Fact, FactBase, Shown
from kzil.model import placed_at as placed_at  # placement is read here; the rule lives in the model

if TYPE_CHECKING:
    from kzil.dates import Point

# --- placement and order ------------------------------------------------------------------------


def announced(base: FactBase | None, fact: Fact) -> str:
    """The day the fact's source was published (what a plan is never placed before); without a
    fact base to look it up in, nothing."""
    return base.sources[fact.source].published if base is not None else ""


def ordered(facts: Iterable[Fact], base: FactBase | None = None) -> tuple[list[Fact], int]:
    """The dated facts in timeline order, and how many were left out for having no date.

    By placement, then end (a narrower span first; an open end after every known end), then
    the fact base's order. A fact with an open or unknown start ("recently", `/2026-02-17`) is
    placed at its end, the only point the source gives.
    """
    numbered = list(enumerate(facts))
    dated = [(position, fact) for position, fact in numbered if fact.date is not None]
    dated.sort(key=lambda item: (*sort_key(item[1], base), item[0]))
    return [fact for _, fact in dated], len(numbered) - len(dated)


def sort_key(fact: Fact, base: FactBase | None = None) -> tuple[str, bool, str]:
    """A dated fact's place in timeline order: where it is placed, then its end (a narrower span
    first; an open or unknown end after every known end)."""
    return (placed_at(fact, announced(base, fact)), fact.end is None, fact.end or "")


# --- questions about a span ---------------------------------------------------------------------


def overlaps(fact: Fact, lower: str | None, upper: str | None) -> bool:
    """Whether the fact's [start, end] meets [lower, upper]; undated facts never do."""
    if fact.date is None:
        return False
    if upper is not None and fact.start is not None and fact.start > upper:
        return False
    return not (lower is not None and fact.end is not None and fact.end < lower)


def is_upcoming(fact: Fact, today: str) -> bool:
    """Starts after today, or spans today and is neither done nor a standing state; never a
    plan that was called off."""
    if fact.status == "cancelled":
        return False
    if fact.start is not None and fact.start > today:
        return True
    spans_today = (fact.start is None or fact.start <= today) and (fact.end is None or fact.end >= today)
    return spans_today and fact.status not in FACTUAL_STATUSES


def latest_day(fact: Fact | Shown) -> str | None:
    """The last calendar day the fact's date allows (ISO): its end. None when there is no date or
    its end is open (`2026/..`) or unknown (`2026/`): then no day is ever too late."""
    return fact.end if fact.date is not None else None


def is_past(fact: Fact, today: str) -> bool:
    """The whole span ended before today."""
    return fact.end is not None and fact.end < today


def cut_sql(cut: str | None, today: str) -> tuple[str, list[str]]:
    """`is_upcoming` or `is_past` (or neither) as SQL over the store's facts (`kzil.selection`),
    and its parameters."""
    if cut == "past":
        return '("end" IS NOT NULL AND "end" < ?)', [today]
    if cut == "upcoming":
        factual = ", ".join("?" * len(FACTUAL_STATUSES))
        spans_today = '("start" IS NULL OR "start" <= ?) AND ("end" IS NULL OR "end" >= ?)'
        ahead = f'(("start" IS NOT NULL AND "start" > ?) OR ({spans_today} AND "status" NOT IN ({factual})))'
        return f'("status" != ? AND {ahead})', ["cancelled", today, today, today, *sorted(FACTUAL_STATUSES)]
    return "1", []


def _year_span(fact: Fact, first: int, last: int) -> tuple[int, int] | None:
    """The years from `first` to `last` in which `--from YEAR --to YEAR` lists the fact, as one
    range (low, high): those its span overlaps, so a missing end reaches every year on its side."""
    if fact.date is None:
        return None
    low = max(first, int(fact.start[:4])) if fact.start else first
    high = min(last, int(fact.end[:4])) if fact.end else last
    return (low, high) if low <= high else None


def years_touched(fact: Fact, first: int, last: int) -> list[int]:
    """The years from `first` to `last` in which `--from YEAR --to YEAR` lists the fact: those
    whose range it overlaps, so a missing end reaches every year on its side."""
    span = _year_span(fact, first, last)
    # A year between the known ends always overlaps the span; `overlaps` has the last word all the same.
    years = range(span[0], span[1] + 1) if span else range(0)
    return [year for year in years if overlaps(fact, f"{year:04d}-01-01", f"{year:04d}-12-31")]


def years_known(facts: Iterable[Fact]) -> tuple[int, int] | None:
    """The first and last year any known start or end falls in: the span of a chart by year."""
    years = [int(day[:4]) for fact in facts for day in (fact.start, fact.end) if day]
    return (min(years), max(years)) if years else None


def facts_per_year(facts: Sequence[Fact]) -> list[tuple[int, int]]:
    """(year, how many facts `years_touched` gives it), for each year of the known dates with any.

    A sweep over the years where the facts' ranges begin and end: the work grows with the number
    of facts and the data's own range of years, never with facts × span (20,000 facts dated
    0001/9999 took 200 million steps).
    """
    known = years_known(facts)
    if known is None:
        return []
    change: dict[int, int] = {}
    for fact in facts:
        span = _year_span(fact, *known)
        if span:
            change[span[0]] = change.get(span[0], 0) + 1
            change[span[1] + 1] = change.get(span[1] + 1, 0) - 1
    counts: list[tuple[int, int]] = []
    running = 0
    for year, following in itertools.pairwise(sorted(change)):
        running += change[year]
        if running:
            counts += [(touched, running) for touched in range(year, following)]
    return counts


# --- calendar spans, for exports to calendars and timelines -------------------------------------


def bounded(fact: Fact) -> bool:
    """Whether both ends of a dated fact's span are known: what a calendar or a time axis can
    place without pinning an open or unknown end to a day the source does not give."""
    return fact.start is not None and fact.end is not None


def calendar_days(fact: Fact) -> tuple[str, str]:
    """The first and last day of a dated fact as a calendar event: its [start, end], or one day
    on the known date when either end is open or unknown."""
    start = fact.start or fact.end
    end = fact.end if fact.start and fact.end else start
    assert start is not None and end is not None, f"{fact.id} has no date"
    return start, end


def calendar_points(fact: Fact) -> "tuple[Point, Point | None]":
    """The EDTF points a dated fact's event begins and ends at (to their own precision).

    An open or unknown start begins at the known end; the end is None for an open or unknown
    end and for one exact day, which need no end of their own.
    """
    # Imported here: `query` filters by date with this module, and a cached JSON run must not pay
    # for the EDTF parser and `calendar` (about 2 ms of a 65 ms run, measured) that only exports use.
    from kzil import dates

    assert fact.date is not None, f"{fact.id} has no date"
    parsed = dates.parse(fact.date)
    first = parsed.first or parsed.last
    last = parsed.last
    assert first is not None  # `dates.parse` refuses an interval without a known end
    if last is not None and (parsed.interval or last.lower != last.upper):
        return first, last
    return first, None


# --- the timeline's plan ------------------------------------------------------------------------


class Marker(NamedTuple):
    """A line across the timeline: a source's publication date, or today."""

    date: str  # ISO
    kind: Literal["source", "today"]
    source: str | None = None  # source id, for kind "source"


def with_markers(
    facts: Iterable[Fact], markers: Iterable[Marker], base: FactBase | None = None
) -> list[Fact | Marker]:
    """Facts in order with each marker placed before the first fact that stands after it."""
    return list(_merged(facts, markers, base))


def _merged(
    facts: Iterable[Fact], markers: Iterable[Marker], base: FactBase | None
) -> Iterator[Fact | Marker]:
    return _merge(facts, markers, lambda fact: placed_at(fact, announced(base, fact)))


Placeable = TypeVar("Placeable", Fact, Shown)


def _merge(
    items: Iterable[Placeable], markers: Iterable[Marker], placed: Callable[[Placeable], str]
) -> Iterator[Placeable | Marker]:
    """Each marker before the first item that stands after it: placed later, or a plan placed on
    the very day a source marker stands for (the day it was announced), never before it."""
    pending = sorted(markers, key=lambda marker: (marker.date, marker.kind != "source"))
    for item in items:
        if pending:
            at, forward = placed(item), item.status in FORWARD_STATUSES
            while pending and (
                at > pending[0].date or (at == pending[0].date and forward and pending[0].kind == "source")
            ):
                yield pending.pop(0)
        yield item
    yield from pending


class Merged(Sequence[Fact | Marker]):
    """`with_markers` of facts read from the store as they are used: merged anew each time."""

    def __init__(self, facts: Sequence[Fact], markers: Sequence[Marker], base: FactBase) -> None:
        self.facts, self.markers, self.base = facts, markers, base

    def __iter__(self) -> Iterator[Fact | Marker]:
        return _merged(self.facts, self.markers, self.base)

    def __len__(self) -> int:
        return len(self.facts) + len(self.markers)

    @overload
    def __getitem__(self, index: int) -> Fact | Marker: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Fact | Marker]: ...
    def __getitem__(self, index: int | slice) -> Fact | Marker | Sequence[Fact | Marker]:
        return list(self)[index]


def year_of(entry: Fact | Shown | Marker, base: FactBase | None = None) -> int:
    """The year under which a timeline entry is listed: where it is placed."""
    if isinstance(entry, Marker):
        return int(entry.date[:4])
    if isinstance(entry, Shown):
        return int(entry.placed[:4])
    return int(placed_at(entry, announced(base, entry))[:4])


class Plan(NamedTuple):
    """What a timeline shows: the dated facts in order, the same with the markers cutting across
    (for formats that draw them), and how many chosen facts had no date to be placed at."""

    facts: Sequence[Fact]
    entries: Sequence[Fact | Marker]
    left_out: int
    markers: Sequence[Marker]  # the source-date and today markers of `entries`


Cut = Literal["upcoming", "past"] | None


def plan(base: FactBase, chosen: Sequence[Fact], today: str, cut: Cut = None) -> Plan:
    """The timeline of `chosen` as of `today` (ISO): only what is still ahead or already over
    when `cut` says so; a marker for each source of the chosen facts, and one for today."""
    from kzil.selection import Selection  # the same layer; imported here, as it imports this module

    if isinstance(chosen, Selection):  # the store orders, cuts and lists sources in SQL
        facts, left_out = chosen.timeline(cut, today)
        used = chosen.sources()
    else:
        facts, left_out = ordered(chosen, base)
        if cut == "upcoming":
            facts = [fact for fact in facts if is_upcoming(fact, today)]
        elif cut == "past":
            facts = [fact for fact in facts if is_past(fact, today)]
        used = {fact.source for fact in chosen}
    markers = [Marker(s.published, "source", s.id) for s in base.sources.values() if s.id in used]
    markers.append(Marker(today, "today"))
    if isinstance(chosen, Selection):
        return Plan(facts, Merged(facts, markers, base), left_out, markers)
    return Plan(facts, with_markers(facts, markers, base), left_out, markers)


def shown(plan: Plan, base: FactBase, lang: str) -> Iterator[Shown | Marker]:
    """`plan.entries` as the timeline shows them: what it shows of each fact, with the markers
    cutting across. From the compiled store, read as they are used, and only the columns shown
    (`selection.Ordered.shown`): 50,000 facts, 0.2 s rather than 0.7 s for whole facts."""
    from kzil.selection import Ordered

    facts = plan.facts
    if isinstance(facts, Ordered):
        items: Iterable[Shown] = facts.shown(lang)
    else:
        items = (model.shown(fact, lang, placed_at(fact, announced(base, fact))) for fact in facts)
    return _merge(items, plan.markers, lambda item: item.placed)
