"""Short labels people read: dates in a compact, honest form and the timeline's marker lines.

`dates` parses; how a parsed date is shown, and in which language, is decided here.
"""

from __future__ import annotations

from kzil import dates
from kzil.i18n import month_name, season_name, source_kind, source_published, word
from kzil.model import FactBase
from kzil.spans import Marker


def _point_label(point: dates.Point, lang: str) -> str:
    """One EDTF date to its own precision, with its qualifiers as EDTF means them: `~` before it
    for approximate ("about"), `?` after it for uncertain; a plain month or year has neither."""
    year = point.lower.year
    if point.precision == "day":
        text = f"{point.lower.day} {month_name(point.lower.month, lang)} {year}"
    elif point.precision == "month":
        text = f"{month_name(point.lower.month, lang)} {year}"
    elif point.precision == "season" and point.season:
        text = f"{season_name(point.season, lang)} {year}"
    elif point.lower.year != point.upper.year:
        text = f"{point.lower.year}–{point.upper.year}"
    else:
        text = str(year)
    return ("~" if point.approximate else "") + text + ("?" if point.uncertain else "")


def label(text: str, lang: str = "en") -> str:
    """A compact, honest rendering of an EDTF date: a date stated to the month or year is shown
    as such, approximation and uncertainty as such, and an interval whose start or end is open
    (`..`) or unknown (empty) in words ("until", "before", "from", "from …, end unknown")."""
    return parsed_label(dates.parse(text), lang)


def parsed_label(parsed: dates.Edtf, lang: str) -> str:
    """`label` of a date already parsed (the timeline also asks it whether it is an exact day)."""
    text, first, last = parsed.text, parsed.first, parsed.last
    if not parsed.interval or (first and last):
        shown = [_point_label(point, lang) for point in (first, last) if point]
        return shown[0] if not parsed.interval else " → ".join(shown)
    left, right = text.split("/")
    if first is None and last is not None:
        key = "span_until" if left == ".." else "span_before"
        return word(key, lang, date=_point_label(last, lang))
    assert first is not None  # `dates.parse` refuses an interval with no known end
    key = "span_from" if right == ".." else "span_from_unknown_end"
    return word(key, lang, date=_point_label(first, lang))


def marker_parts(base: FactBase, marker: Marker, lang: str) -> tuple[str, str]:
    """A timeline marker's date and what it marks: a source published, or today. Tables show
    them in columns of their own; Markdown joins them with " · "."""
    if marker.kind == "today":
        return marker.date, word("today_marker", lang)
    source = base.sources[marker.source] if marker.source else None
    kind = source.kind if source else "interview"
    published = source_published(kind, lang)
    outlet = source.outlet if source else ""
    text = word("published_marker", lang, outlet=outlet, kind=source_kind(kind, lang), published=published)
    return marker.date, text
