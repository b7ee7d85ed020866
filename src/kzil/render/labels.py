"""Short labels people read: dates in a compact, honest form and the timeline's marker lines.

`dates` parses; how a parsed date is shown, and in which language, is decided here.
"""

from __future__ import annotations

from kzil import dates
from kzil.i18n import month_name, season_name, word
from kzil.model import FactBase
from kzil.spans import Marker

OPEN_END = "…"  # an open or unknown end of an interval


def _point_label(point: dates.Point, lang: str) -> str:
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
    return text + ("?" if point.uncertain else "")


def label(text: str, lang: str = "en") -> str:
    """A compact, honest rendering of an EDTF date: `~` marks anything that is not one exact day."""
    parsed = dates.parse(text)
    if parsed.exact_day and parsed.first:
        return _point_label(parsed.first, lang)
    if not parsed.interval and parsed.first:
        return "~" + _point_label(parsed.first, lang)
    left = _point_label(parsed.first, lang) if parsed.first else OPEN_END
    right = _point_label(parsed.last, lang) if parsed.last else OPEN_END
    return f"~{left} → {right}"


def marker_parts(base: FactBase, marker: Marker, lang: str) -> tuple[str, str]:
    """A timeline marker's date and what it marks: a source published, or today. Tables show
    them in columns of their own; Markdown joins them with " · "."""
    if marker.kind == "today":
        return marker.date, word("today_marker", lang)
    source = base.sources[marker.source] if marker.source else None
    return marker.date, word("published_marker", lang, outlet=source.outlet if source else "")
