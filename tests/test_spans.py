"""One reading of a date span, open (`..`) and unknown (empty) ends included, for every use:
placement, overlap with a range, upcoming and past, years touched, calendar spans, the plan."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzil import dates, spans
from kzil.model import Fact, FactBase, Source, Text


def fact(date: str | None, status: str = "happened", fact_id: str = "x", source: str = "s") -> Fact:
    start, end = dates.bounds(date) if date else (None, None)
    text = Text(fact_id, fact_id)
    return Fact(
        fact_id, source, "q", text, status, date, text if date else None, start, end, False,
        (), (), (), None, "2026-02-17",
    )  # fmt: skip


# Open and unknown ends read alike: each row is checked with `..` and with an empty end.
SIDES = ["..", ""]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("date", "placed"),
    [
        ("2026-06-09", "2026-06-09"),
        ("2026-22", "2026-06-01"),  # a season stands at its first day
        ("2024/{side}", "2024-01-01"),  # a missing end: the start
        ("{side}/2026-02-17", "2026-02-17"),  # a missing start: the known end
    ],
)
def test_placement(date: str, placed: str, side: str) -> None:
    assert spans.placed_at(fact(date.format(side=side))) == placed


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("date", "lower", "upper", "meets"),
    [
        ("2024/{side}", "2030-01-01", None, True),  # a missing end reaches into the future
        ("2024/{side}", None, "2023-12-31", False),  # ... but not before its start
        ("{side}/2024", None, "1900-01-01", True),  # a missing start reaches into the past
        ("{side}/2024", "2025-01-01", None, False),  # ... but not after its end
        ("2024/2025", "2025-12-31", "2026-12-31", True),  # touching on the last day
        ("2024/2025", "2026-01-01", None, False),
    ],
)
def test_overlap_with_a_date_range(
    date: str, lower: str | None, upper: str | None, meets: bool, side: str
) -> None:
    assert spans.overlaps(fact(date.format(side=side)), lower, upper) is meets


def test_an_undated_fact_overlaps_no_range() -> None:
    assert spans.overlaps(fact(None), None, None) is False


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("date", "status", "upcoming", "past"),
    [
        ("2027/{side}", "planned", True, False),  # starts after today
        ("2020/{side}", "planned", True, False),  # has begun, has not ended, not done
        ("2020/{side}", "ongoing", False, False),  # a standing state is not ahead
        ("{side}/2020", "planned", False, True),  # ended before today
        ("{side}/2030", "planned", True, False),  # began at some time, not over yet
        ("{side}/2030", "happened", False, False),
    ],
)
def test_upcoming_and_past_with_missing_ends(
    date: str, status: str, upcoming: bool, past: bool, side: str
) -> None:
    item = fact(date.format(side=side), status)
    assert (spans.is_upcoming(item, "2026-11-25"), spans.is_past(item, "2026-11-25")) == (upcoming, past)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("date", "years"),
    [
        ("2024-24", [2024, 2025]),  # winter runs into the next year
        ("1992/{side}", list(range(1992, 2027))),  # a missing end reaches every later year
        ("{side}/2026-02-17", list(range(1990, 2027))),  # a missing start every earlier one
        ("2023-10/2025-10", [2023, 2024, 2025]),
        ("1985", []),  # outside the years asked about
    ],
)
def test_years_touched(date: str, years: list[int], side: str) -> None:
    assert spans.years_touched(fact(date.format(side=side)), 1990, 2026) == years


@pytest.mark.parametrize(
    "date", ["1992~/..", "/2026-02-17", "2023-10/2026-06-08", "2024-24", "2026-22?/2026-09%", "2026", None]
)
def test_a_fact_touches_a_year_exactly_when_that_year_filter_lists_it(date: str | None) -> None:
    item = fact(date)
    touched = spans.years_touched(item, 1980, 2030)
    for year in range(1980, 2031):
        assert (year in touched) == spans.overlaps(item, f"{year}-01-01", f"{year}-12-31"), year


def test_an_undated_fact_touches_no_year() -> None:
    assert spans.years_touched(fact(None), 1990, 2026) == []


def test_years_known_spans_every_known_start_and_end() -> None:
    assert spans.years_known([fact("1992~/.."), fact("/2026-02-17"), fact(None)]) == (1992, 2026)
    assert spans.years_known([fact(None)]) is None


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("date", "days"),
    [
        ("2026-06-09", ("2026-06-09", "2026-06-09")),
        ("2026-22", ("2026-06-01", "2026-08-31")),
        ("2024-03/{side}", ("2024-03-01", "2024-03-01")),  # one day on the known date
        ("{side}/2026-02", ("2026-02-28", "2026-02-28")),
    ],
)
def test_calendar_days(date: str, days: tuple[str, str], side: str) -> None:
    assert spans.calendar_days(fact(date.format(side=side))) == days


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("date", "first", "last"),
    [
        ("2026-06-09", ("day", "2026-06-09"), None),  # one exact day needs no end
        ("2026-06", ("month", "2026-06-01"), ("month", "2026-06-30")),
        ("2024/{side}", ("year", "2024-01-01"), None),  # no end to show
        ("{side}/2026-02-17", ("day", "2026-02-17"), ("day", "2026-02-17")),  # begins at its end
    ],
)
def test_calendar_points(date: str, first: tuple[str, str], last: tuple[str, str] | None, side: str) -> None:
    begin, end = spans.calendar_points(fact(date.format(side=side)))
    assert (begin.precision, begin.lower.isoformat()) == first
    assert ((end.precision, end.upper.isoformat()) if end else None) == last


def base_of(*sources: str) -> FactBase:
    made = {
        key: Source(key, "Outlet", "interview", published, Text("", ""), "ru", "x", Text("", ""), None)
        for key, published in (source.split("@") for source in sources)
    }
    return FactBase.build(made, {}, {}, {}, ())


def test_the_plan_orders_cuts_and_marks() -> None:
    base = base_of("a@2026-02-17", "b@2025-01-01", "unused@2024-01-01")
    chosen = [
        fact("2026-06", "planned", "june", source="a"),
        fact(None, "planned", "undated", source="b"),
        fact("2025-11", "happened", "november", source="a"),
        fact("2027/..", "planned", "later", source="a"),
    ]
    plan = spans.plan(base, chosen, "2026-03-01", "upcoming")
    assert [item.id for item in plan.facts] == ["june", "later"]
    assert plan.left_out == 1  # the undated fact, whatever the cut
    shown = [entry.id if isinstance(entry, Fact) else (entry.kind, entry.date) for entry in plan.entries]
    # a marker for every source of the chosen facts (undated ones too), and one for today
    assert shown == [
        ("source", "2025-01-01"),
        ("source", "2026-02-17"),
        ("today", "2026-03-01"),
        "june",
        "later",
    ]


def test_the_plan_without_a_cut_keeps_every_dated_fact() -> None:
    base = base_of("s@2026-02-17")
    plan = spans.plan(base, [fact("2027", "planned", "b"), fact("1992/..", "ongoing", "a")], "2026-11-25")
    assert [item.id for item in plan.facts] == ["a", "b"]
    shown = [entry.id if isinstance(entry, Fact) else entry.kind for entry in plan.entries]
    assert shown == ["a", "source", "today", "b"]


def test_the_past_cut() -> None:
    plan = spans.plan(
        base_of("s@2026-02-17"), [fact("2020"), fact("2030", fact_id="y")], "2026-11-25", "past"
    )
    assert [item.id for item in plan.facts] == ["x"]


YEARS = st.integers(min_value=1, max_value=40).map(lambda year: f"{year:04d}")


@given(
    st.lists(
        st.one_of(
            st.none(),
            YEARS,
            st.tuples(YEARS, YEARS).map(lambda pair: "/".join(sorted(pair))),
            YEARS.map(lambda year: f"{year}/.."),
            YEARS.map(lambda year: f"../{year}"),
        ),
        max_size=30,
    )
)
def test_facts_per_year_counts_every_year_each_span_touches(dated: list[str | None]) -> None:
    facts = [fact(date) for date in dated]
    known = spans.years_known(facts)
    naive: dict[int, int] = {}
    for item in facts:
        for year in spans.years_touched(item, *known) if known else ():
            naive[year] = naive.get(year, 0) + 1
    assert spans.facts_per_year(facts) == sorted(naive.items())
