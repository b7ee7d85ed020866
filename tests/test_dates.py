"""EDTF parsing and calendar bounds, checked by table and against the `edtf` package."""

from __future__ import annotations

import datetime

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzil import dates
from kzil.render import labels


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", "2026-01-01", "2026-12-31"),
        ("2025-11", "2025-11-01", "2025-11-30"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2026-06-09", "2026-06-09", "2026-06-09"),
        ("2026-21", "2026-03-01", "2026-05-31"),
        ("2026-22", "2026-06-01", "2026-08-31"),
        ("2026-23", "2026-09-01", "2026-11-30"),
        ("2026-24", "2026-12-01", "2027-02-28"),  # winter runs into the next year
        ("2027-24", "2027-12-01", "2028-02-29"),
        ("201X", "2010-01-01", "2019-12-31"),
        ("20XX", "2000-01-01", "2099-12-31"),
        ("2026-XX", "2026-01-01", "2026-12-31"),
        ("2026-06-XX", "2026-06-01", "2026-06-30"),
        ("2026-XX-XX", "2026-01-01", "2026-12-31"),
        ("2026?", "2026-01-01", "2026-12-31"),
        ("2026-22~", "2026-06-01", "2026-08-31"),
        ("2026-06-09%", "2026-06-09", "2026-06-09"),
        ("2026-22/2026-09", "2026-06-01", "2026-09-30"),
        ("2026-22?/2026-23~", "2026-06-01", "2026-11-30"),
        ("1992~/..", "1992-01-01", None),
        ("../2026-02-17", None, "2026-02-17"),
        ("2023-10/", "2023-10-01", None),
        ("/2026", None, "2026-12-31"),
        ("0001-01-01", "0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31", "9999-12-31"),
    ],
)
def test_bounds(text: str, start: str | None, end: str | None) -> None:
    assert dates.bounds(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "'2026-02-30': day 30 does not exist in 2026-02"),
        ("2025-02-29", "'2025-02-29': day 29 does not exist in 2025-02"),
        ("0000-01-01", "'0000-01-01': years before 0001 are not supported"),
        ("2026-13", "'2026-13': month 13 does not exist (01-12, or a season 21-24)"),
        ("2026-25", "'2026-25': month 25 does not exist (01-12, or a season 21-24)"),
        ("2026-22-01", "'2026-22-01': a season cannot have a day"),
        ("9999-24", "'9999-24': winter 9999 ends after the year 9999"),
        ("2026-XX-09", "'2026-XX-09': a known day cannot follow an unspecified month"),
        ("201X-05", "'201X-05': a month or day cannot follow a year with unspecified digits"),
        ("2026/2025", "'2026/2025': the interval ends before it starts"),
        ("../..", "'../..': an interval needs at least one known end"),
        ("..", "'..': an open or unknown end needs an interval, such as 2026/.."),
        ("2026/2027/2028", "'2026/2027/2028': an interval has exactly one '/'"),
        (
            "summer 2026",
            "'summer 2026' is not an EDTF date; write YYYY, YYYY-MM, YYYY-MM-DD, a season YYYY-21..24 "
            "or an interval A/B, optionally ending in ? ~ or %",
        ),
        (
            "26",
            "'26' is not an EDTF date; write YYYY, YYYY-MM, YYYY-MM-DD, a season YYYY-21..24 "
            "or an interval A/B, optionally ending in ? ~ or %",
        ),
    ],
)
def test_invalid_dates_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(dates.EdtfError) as caught:
        dates.parse(text)
    assert str(caught.value) == message


def test_exact_day_is_only_a_certain_single_day() -> None:
    assert dates.parse("2026-06-09").exact_day
    assert not dates.parse("2026-06-09~").exact_day
    assert not dates.parse("2026-06").exact_day
    assert not dates.parse("2026-06-09/2026-06-10").exact_day


@pytest.mark.parametrize(
    ("text", "en", "ru"),
    [
        ("2026-06-09", "9 Jun 2026", "9 июн 2026"),
        # A date stated to the month or year is shown as stated: `~` is EDTF's "approximate" only.
        ("2025-11", "Nov 2025", "ноя 2025"),
        ("2026", "2026", "2026"),
        ("2026-06-XX", "Jun 2026", "июн 2026"),
        ("201X", "2010–2019", "2010–2019"),
        ("2026-22~", "~summer 2026", "~лето 2026"),
        ("2026-06-09?", "9 Jun 2026?", "9 июн 2026?"),
        ("2026-06%", "~Jun 2026?", "~июн 2026?"),
        ("2026-22?/2026-09%", "summer 2026? → ~Sep 2026?", "лето 2026? → ~сен 2026?"),
        ("2023-09~/2023-10", "~Sep 2023 → Oct 2023", "~сен 2023 → окт 2023"),
        # Open (`..`) and unknown (empty) ends in words, never as a made-up date.
        ("1992~/..", "from ~1992", "с ~1992"),
        ("2026/", "from 2026, end unknown", "с 2026, конец неизвестен"),
        ("../2026-02-17", "until 17 Feb 2026", "вплоть до 17 фев 2026"),
        ("/2026-02-17", "before 17 Feb 2026", "до 17 фев 2026"),
    ],
)
def test_labels_say_what_the_edtf_date_says(text: str, en: str, ru: str) -> None:
    assert labels.label(text, "en") == en
    assert labels.label(text, "ru") == ru


@pytest.mark.parametrize("text", ["2026", "2026-02", "2026-02-17"])
def test_command_line_dates_accept_plain_forms(text: str) -> None:
    lower, upper = dates.parse_plain(text)
    assert lower.startswith(text[:4]) and upper.startswith(text[:4])


@pytest.mark.parametrize("text", ["2026-22", "2026~", "2026/2027", "17.02.2026", ""])
def test_command_line_dates_refuse_fuzzy_forms(text: str) -> None:
    with pytest.raises(dates.EdtfError):
        dates.parse_plain(text)


# --- against the reference implementation ------------------------------------------------------


def _reference(text: str) -> tuple[str, str]:
    parsed = edtf.parse_edtf(text)
    lower, upper = parsed.lower_strict(), parsed.upper_strict()
    return (edtf.struct_time_to_date(lower).isoformat(), edtf.struct_time_to_date(upper).isoformat())


years = st.integers(min_value=1, max_value=9998).map(lambda y: f"{y:04d}")
days = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9998, 12, 31))
qualifiers = st.sampled_from(["", "?", "~", "%"])


@st.composite
def reference_dates(draw: st.DrawFn, *, unspecified: bool = True) -> str:
    """Every form both this module and the `edtf` package understand, with a qualifier.

    The package crashes on `YYYY-XX` and on unspecified digits inside intervals, and reads
    `000X` as starting in year 0, which kzil does not support: those are tested by table."""
    kinds = ["year", "month", "day", "season"] + (["decade"] if unspecified else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "year":
        text = draw(years)
    elif kind == "month":
        day = draw(days)
        text = f"{day.year:04d}-{day.month:02d}"
    elif kind == "day":
        text = draw(days).isoformat()
    elif kind == "season":
        # Winter (24) is left out: the package ends it on 31 December; kzil follows the
        # Dec-Feb definition and ends it in February of the next year.
        text = f"{draw(years)}-{draw(st.sampled_from([21, 22, 23]))}"
    else:
        text = f"{draw(st.integers(min_value=1, max_value=999)):03d}X"
    # The package cannot parse qualified seasons; kzil can (tested in the table above).
    return text if kind == "season" or "X" in text else text + draw(qualifiers)


@given(reference_dates())
def test_single_dates_match_the_edtf_package(text: str) -> None:
    assert dates.bounds(text) == _reference(text)


@given(reference_dates(unspecified=False), reference_dates(unspecified=False))
def test_closed_intervals_match_the_edtf_package(first: str, second: str) -> None:
    low, high = sorted([first, second], key=lambda t: dates.parse(t).start or datetime.date.min)
    if dates.parse(low).start > dates.parse(high).end:  # type: ignore[operator]
        return
    text = f"{low}/{high}"
    assert dates.bounds(text) == _reference(text)


@given(days, days)
def test_bounds_always_contain_the_dates_they_are_made_of(a: datetime.date, b: datetime.date) -> None:
    low, high = sorted([a, b])
    start, end = dates.bounds(f"{low.isoformat()}/{high.isoformat()}")
    assert (start, end) == (low.isoformat(), high.isoformat())
