"""EDTF dates (Library of Congress Extended Date/Time Format, levels 0 and 1) and their calendar bounds.

Written by hand rather than with the `edtf` package: its parser loses information in
`text_to_edtf`, crashes on qualified seasons inside intervals (`2026-22?/2026-23~`) and on open
ends (`2023-10/..`), and gives winter as December only. The tests compare this module with the
package on every form both understand.

Supported: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`; seasons `YYYY-21`..`YYYY-24` (spring Mar–May,
summer Jun–Aug, autumn Sep–Nov, winter Dec–Feb of the next year); unspecified digits from the
right (`201X`, `20XX`, `2026-XX`, `2026-06-XX`); a qualifier at the end of a date (`?` uncertain,
`~` approximate, `%` both); intervals `A/B` whose ends may be open (`..`) or unknown (empty).
Years run from 0001 to 9999, the range of Python's calendar.
"""

import re
from datetime import date, timedelta
from typing import Literal, NamedTuple

Precision = Literal["year", "season", "month", "day"]

SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}  # months; 13 and 14 wrap into next year

_DATE = re.compile(
    r"(?P<year>[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|[0-9]XXX)"
    r"(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX))?)?"
    r"(?P<qualifier>[?~%])?"
)
_PLAIN = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


class EdtfError(ValueError):
    """A string that is not an EDTF date this module supports; the message says why."""


class Point(NamedTuple):
    """One EDTF date: the first and last calendar day it may denote."""

    lower: date
    upper: date
    precision: Precision
    uncertain: bool
    approximate: bool
    season: int | None  # 21..24 when the date is a season


class Edtf(NamedTuple):
    text: str
    first: Point | None  # None: the start is open (`..`) or unknown (empty)
    last: Point | None  # None: the end is open or unknown
    interval: bool

    @property
    def start(self) -> date | None:
        return self.first.lower if self.first else None

    @property
    def end(self) -> date | None:
        return self.last.upper if self.last else None

    @property
    def exact_day(self) -> bool:
        """True for a single, certain, exact calendar day: the only date shown without `~`."""
        point = self.first
        return (
            not self.interval
            and point is not None
            and point.precision == "day"
            and point.lower == point.upper
            and not (point.uncertain or point.approximate)
        )


def _month_end(year: int, month: int) -> date:
    """The last day of a month: the day before the next one's first. Not `calendar.monthrange`:
    importing calendar cost `kzil timeline` 0.36 ms of -X importtime (median of 7 runs)."""
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _point(text: str, whole: str) -> Point:
    match = _DATE.fullmatch(text)
    if not match:
        raise EdtfError(
            f"'{whole}' is not an EDTF date; write YYYY, YYYY-MM, YYYY-MM-DD, a season YYYY-21..24 "
            "or an interval A/B, optionally ending in ? ~ or %"
        )
    year_text, month_text, day_text, qualifier = match.group("year", "month", "day", "qualifier")
    uncertain = qualifier in ("?", "%")
    approximate = qualifier in ("~", "%")
    year_low = int(year_text.replace("X", "0"))
    year_high = int(year_text.replace("X", "9"))
    if year_low == 0:
        raise EdtfError(f"'{whole}': years before 0001 are not supported")
    if "X" in year_text and month_text is not None:
        raise EdtfError(f"'{whole}': a month or day cannot follow a year with unspecified digits")
    if month_text is None:
        return Point(date(year_low, 1, 1), date(year_high, 12, 31), "year", uncertain, approximate, None)
    if month_text == "XX":
        if day_text not in (None, "XX"):
            raise EdtfError(f"'{whole}': a known day cannot follow an unspecified month")
        return Point(date(year_low, 1, 1), date(year_low, 12, 31), "year", uncertain, approximate, None)
    month = int(month_text)
    if month in SEASONS:
        if day_text is not None:
            raise EdtfError(f"'{whole}': a season cannot have a day")
        first_month, last_month = SEASONS[month]
        last_year = year_low + (last_month - 1) // 12
        if last_year > 9999:
            raise EdtfError(f"'{whole}': winter 9999 ends after the year 9999")
        lower = date(year_low, first_month, 1)
        upper = _month_end(last_year, (last_month - 1) % 12 + 1)
        return Point(lower, upper, "season", uncertain, approximate, month)
    if not 1 <= month <= 12:
        raise EdtfError(f"'{whole}': month {month_text} does not exist (01-12, or a season 21-24)")
    if day_text is None or day_text == "XX":
        return Point(
            date(year_low, month, 1), _month_end(year_low, month), "month", uncertain, approximate, None
        )
    day = int(day_text)
    last_day = _month_end(year_low, month).day
    if not 1 <= day <= last_day:
        raise EdtfError(f"'{whole}': day {day_text} does not exist in {year_text}-{month_text}")
    exact = date(year_low, month, day)
    return Point(exact, exact, "day", uncertain, approximate, None)


def parse(text: str) -> Edtf:
    """Parse an EDTF string; raise EdtfError with a one-line reason when it is not supported."""
    if "/" not in text:
        if text in ("", ".."):
            raise EdtfError(f"'{text}': an open or unknown end needs an interval, such as 2026/..")
        point = _point(text, text)
        return Edtf(text, point, point, interval=False)
    if text.count("/") > 1:
        raise EdtfError(f"'{text}': an interval has exactly one '/'")
    left, right = text.split("/")
    if left in ("", "..") and right in ("", ".."):
        raise EdtfError(f"'{text}': an interval needs at least one known end")
    first = None if left in ("", "..") else _point(left, text)
    last = None if right in ("", "..") else _point(right, text)
    if first and last and first.lower > last.upper:
        raise EdtfError(f"'{text}': the interval ends before it starts")
    return Edtf(text, first, last, interval=True)


def bounds(text: str) -> tuple[str | None, str | None]:
    """The ISO start and end of an EDTF date; None for an open or unknown end."""
    parsed = parse(text)
    start, end = parsed.start, parsed.end
    return (start.isoformat() if start else None, end.isoformat() if end else None)


def parse_plain(text: str) -> tuple[str, str]:
    """Bounds of a command-line date: YYYY, YYYY-MM or YYYY-MM-DD, nothing fuzzier."""
    if not _PLAIN.fullmatch(text) or (len(text) == 7 and int(text[5:]) in SEASONS):
        raise EdtfError(f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    point = _point(text, text)
    return point.lower.isoformat(), point.upper.isoformat()


def parse_iso_day(text: str) -> date:
    """A calendar day written YYYY-MM-DD."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise EdtfError(f"'{text}' is not a date; write YYYY-MM-DD")
    return _point(text, text).lower


def next_day(iso: str) -> str:
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()
