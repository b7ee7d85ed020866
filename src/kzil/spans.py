"""Timeline order and the past/upcoming split: plain functions over facts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

from kzil.model import FACTUAL_STATUSES, Fact


def placed_at(fact: Fact) -> str:
    """Where a dated fact stands: its start, or its end when the start is open or unknown."""
    return fact.start or fact.end or ""


def sort_key(item: tuple[int, Fact]) -> tuple[str, bool, str, int]:
    """By start, then end (a narrower span first), then the fact base's order.

    An open end sorts after every known end; a fact with an open start ("recently", written
    `../2026-02-17`) is placed at its end, the only point the source gives.
    """
    position, fact = item
    return (placed_at(fact), fact.end is None, fact.end or "", position)


def ordered(facts: Iterable[Fact]) -> tuple[list[Fact], int]:
    """The dated facts in timeline order, and how many were left out for having no date."""
    numbered = list(enumerate(facts))
    dated = [item for item in numbered if item[1].date is not None]
    return [fact for _, fact in sorted(dated, key=sort_key)], len(numbered) - len(dated)


def is_upcoming(fact: Fact, today: str) -> bool:
    """Starts after today, or spans today and is neither done nor a standing state."""
    if fact.start is not None and fact.start > today:
        return True
    spans_today = (fact.start is None or fact.start <= today) and (fact.end is None or fact.end >= today)
    return spans_today and fact.status not in FACTUAL_STATUSES


def is_past(fact: Fact, today: str) -> bool:
    """The whole span ended before today."""
    return fact.end is not None and fact.end < today


class Marker(NamedTuple):
    """A line across the timeline: a source's publication date, or today."""

    date: str  # ISO
    kind: Literal["source", "today"]
    source: str | None = None  # source id, for kind "source"


def with_markers(facts: list[Fact], markers: Iterable[Marker]) -> list[Fact | Marker]:
    """Facts in order with each marker placed before the first fact that starts after it."""
    pending = sorted(markers, key=lambda marker: (marker.date, marker.kind != "source"))
    merged: list[Fact | Marker] = []
    for fact in facts:
        while pending and placed_at(fact) > pending[0].date:
            merged.append(pending.pop(0))
        merged.append(fact)
    return merged + pending


def year_of(entry: Fact | Marker) -> int:
    if isinstance(entry, Marker):
        return int(entry.date[:4])
    return int(placed_at(entry)[:4])
