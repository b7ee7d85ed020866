"""The timeline: true order, honest fuzzy dates, plans kept apart from events, every format."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import icalendar
import pytest

from kzil.model import Fact
from kzil.spans import Marker, is_past, is_upcoming, ordered, with_markers
from tests.support import VALID, Kzil, a_fact, expect_same

TODAY = "2026-11-25"
ORDER = [
    "diplomatic-relations-34-years",
    "air-astana-flights-2023",
    "no-direct-flights-two-years",
    "accession-announced",
    "water-mou-signed",
    "year-of-digitalization-ai",
    "ai-ministry-created",
    # plans "in 2026" stand at the day they were announced, 17 February, not on 1 January
    "jec-reconvene-2026",
    "official-visits-2026",
    "deepen-cooperation-2026",
    "results-expected-2026",
    "jec-meeting-in-israel",
    "scat-shymkent-flights",
]
# What calendars and time axes can place: both ends of the date known.
PLACED = [
    fact_id for fact_id in ORDER if fact_id not in ("diplomatic-relations-34-years", "ai-ministry-created")
]


def fact(fact_id: str, date: str | None, status: str = "happened") -> Fact:
    return a_fact(fact_id, status, date, said_by="speaker", speech="direct")


def order_of(*facts: Fact) -> list[str]:
    return [item.id for item in ordered(facts)[0]]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # same start: the narrower span first, then the fact base's order
        ([("year", "2026"), ("month", "2026-01"), ("day", "2026-01-01")], ["day", "month", "year"]),
        ([("a", "2026"), ("b", "2026")], ["a", "b"]),
        # a season starts with its first month; summer starts after May 31 and before June 2
        ([("june2", "2026-06-02"), ("summer", "2026-22"), ("may", "2026-05")], ["may", "summer", "june2"]),
        # winter starts in December and runs into the next year
        ([("jan", "2027-01"), ("winter", "2026-24"), ("nov", "2026-11-30")], ["nov", "winter", "jan"]),
        # an open end sorts after every closed end with the same start
        ([("open", "2026/.."), ("closed", "2026/2030"), ("year", "2026")], ["year", "closed", "open"]),
        # an open start stands at its known end
        (
            [("late", "2026-03"), ("recently", "../2026-02-17"), ("early", "2026-02-01")],
            ["early", "recently", "late"],
        ),
        # qualifiers do not move a date
        (
            [("approx", "2026-06~"), ("exact", "2026-05-31"), ("uncertain", "2026-06-01?")],
            ["exact", "uncertain", "approx"],
        ),
    ],
)
def test_order_on_tricky_dates(given: list[tuple[str, str]], expected: list[str]) -> None:
    assert order_of(*(fact(name, date) for name, date in given)) == expected


def test_undated_facts_are_left_out_and_counted() -> None:
    chosen, left_out = ordered([fact("a", None), fact("b", "2026"), fact("c", None)])
    assert ([item.id for item in chosen], left_out) == (["b"], 2)


def test_markers_go_before_the_first_fact_that_starts_after_them() -> None:
    facts = [
        fact(name, date)
        for name, date in [
            ("nov", "2025-11"),
            ("year", "2026"),
            ("on-day", "2026-02-17"),
            ("june", "2026-06-09"),
        ]
    ]
    markers = [Marker("2026-11-25", "today"), Marker("2026-02-17", "source", "s")]
    entries = with_markers(ordered(facts)[0], markers)
    labels = [entry.kind if isinstance(entry, Marker) else entry.id for entry in entries]
    assert labels == ["nov", "year", "on-day", "source", "june", "today"]


def test_a_marker_after_every_fact_closes_the_timeline() -> None:
    entries = with_markers([fact("old", "1992")], [Marker("2026-02-17", "source", "s")])
    assert [getattr(entry, "kind", None) for entry in entries] == [None, "source"]


@pytest.mark.parametrize(
    ("date", "status", "upcoming", "past"),
    [
        ("2026-06-09", "scheduled", True, False),
        ("2026-06-09", "happened", True, False),  # starts after today
        ("2026-22/2026-09", "planned", False, True),
        ("2026", "planned", True, False),  # spans today and is not done
        ("2026", "ongoing", False, False),  # spans today but is a standing state
        ("1992/..", "ongoing", False, False),
        ("2023-10/2025-10", "happened", False, True),
        ("../2026-02-17", "happened", False, True),
    ],
)
def test_upcoming_and_past(date: str, status: str, upcoming: bool, past: bool) -> None:
    item = fact("x", date, status)
    today = "2026-03-01" if date == "2026-06-09" else "2026-11-25"
    assert (is_upcoming(item, today), is_past(item, today)) == (upcoming, past)


# --- through the command line -------------------------------------------------------------------


def test_json_gives_scripts_the_same_order(cli: Kzil) -> None:
    result = cli("timeline", "--json", "--today", TODAY)
    assert result.returncode == 0
    assert [item["id"] for item in json.loads(result.stdout)] == ORDER


def test_csv_in_timeline_order(cli: Kzil) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("timeline", "-f", "csv").stdout, newline="")))
    assert [row["id"] for row in rows] == ORDER
    assert rows[-1]["start"] == rows[-1]["end"] == "2026-06-09"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_rendered_timeline_at_100_columns(cli: Kzil, lang: str) -> None:
    result = cli("timeline", "--today", TODAY, "--lang", lang, extra_env={"COLUMNS": "100"})
    assert result.returncode == 0
    expect_same(f"timeline-{lang}-100.txt", result.stdout)


def test_plans_after_the_source_date_read_as_announced(cli: Kzil) -> None:
    text = cli("timeline", "--today", TODAY, extra_env={"COLUMNS": "100"}).stdout
    after_source = text[text.index("Trend interview published") :]
    assert "◆ scheduled" in after_source and "(announced)" in after_source
    assert "● happened" not in after_source
    assert text.rstrip().endswith("38 facts without a date are not placed; 'kzil facts' lists them")
    # ~ only where EDTF says approximate, ? where uncertain; open and unknown ends in words
    assert "summer 2026? → ~Sep 2026? *" in text and "\n9 Jun 2026 *" in text.replace("  ", "\n").replace(
        "\n\n", "\n"
    )
    assert "before 17 Feb 2026 *" in text and "from ~1992 *" in text


def test_markers_at_a_fixed_today(cli: Kzil) -> None:
    lines = cli("timeline", "--today", "2026-06-01", extra_env={"COLUMNS": "100"}).stdout.splitlines()
    markers = [i for i, line in enumerate(lines) if line.startswith("━━")]
    assert [lines[i].split()[1] for i in markers] == ["2026-02-17", "2026-06-01"]
    after_today = "\n".join(lines[markers[1] :])
    assert "SCAT Airlines" in after_today and "Joint Economic Committee" not in after_today


def test_upcoming_and_past_through_the_command(cli: Kzil) -> None:
    upcoming = cli("timeline", "--upcoming", "--today", "2026-03-01", "--json")
    assert [item["id"] for item in json.loads(upcoming.stdout)] == [
        "jec-reconvene-2026",
        "official-visits-2026",
        "deepen-cooperation-2026",
        "results-expected-2026",
        "jec-meeting-in-israel",
        "scat-shymkent-flights",
    ]
    past = cli("timeline", "--past", "--today", "2026-03-01", "--json")
    assert [item["id"] for item in json.loads(past.stdout)] == [
        "air-astana-flights-2023",
        "accession-announced",
        "water-mou-signed",
        "ai-ministry-created",
    ]


def test_filters_apply_to_the_timeline(cli: Kzil) -> None:
    aviation = cli("timeline", "--sector", "авиация", "--json")
    assert [item["id"] for item in json.loads(aviation.stdout)] == [
        "air-astana-flights-2023",
        "no-direct-flights-two-years",
        "results-expected-2026",
        "scat-shymkent-flights",
    ]
    window = cli("timeline", "--from", "2025", "--to", "2025-12", "--status", "happened", "--json")
    assert [item["id"] for item in json.loads(window.stdout)] == [
        "accession-announced",
        "water-mou-signed",
        "ai-ministry-created",
    ]
    nothing = cli("timeline", "--sector", "mining")
    assert (nothing.returncode, nothing.stdout) == (0, "")
    assert nothing.stderr == "kzil: no dated facts match; 'kzil facts' lists every fact\n"


def test_markdown_briefing_by_year(cli: Kzil) -> None:
    text = cli("timeline", "--format", "markdown", "--today", TODAY).stdout
    assert text.startswith(
        "## Kazakhstan–Israel: timeline\n\n### 1992\n\n- **for 34 years already** · ◉ ongoing"
    )
    assert "*— 2026-02-17 · Trend interview published: statuses are as reported that day —*" in text
    assert "*— 2026-11-25 · today —*" in text
    assert "  > возобновляется прямое авиасообщение: с 9 июня SCAT Airlines начнет выполнять рейсы" in text
    assert "\n\n*— 2026-02-17 · Trend" in text  # a paragraph of its own, not part of a list item


def test_timelinejs_document(cli: Kzil) -> None:
    result = cli("timeline", "--format", "timelinejs", "--today", TODAY)
    document = json.loads(result.stdout)
    assert document["title"]["text"]["headline"] == "Kazakhstan–Israel: timeline"
    events = {event["unique_id"]: event for event in document["events"]}
    assert list(events) == PLACED
    for event in document["events"]:
        assert {"start_date", "text", "unique_id", "display_date"} <= set(event)
        assert isinstance(event["start_date"]["year"], int)
        assert event["text"]["headline"] and "<blockquote>" in event["text"]["text"]
    scat = events["scat-shymkent-flights"]
    assert scat["start_date"] == {"year": 2026, "month": 6, "day": 9}
    assert "end_date" not in scat
    assert scat["display_date"] == "9 Jun 2026*"  # the year and the derived mark, not "from 9 June"
    assert scat["text"]["headline"].endswith(" (announced)")
    meeting = events["jec-meeting-in-israel"]
    assert meeting["start_date"] == {"year": 2026, "month": 6}
    assert meeting["end_date"] == {"year": 2026, "month": 9, "day": 30}  # a real end: the last day
    assert meeting["display_date"] == "summer 2026? → ~Sep 2026?*"
    assert meeting["group"] == "Economy"
    assert events["deepen-cooperation-2026"]["start_date"] == {"year": 2026}
    assert events["deepen-cooperation-2026"]["end_date"] == {"year": 2026, "month": 12, "day": 31}
    assert events["water-mou-signed"]["end_date"] == {"year": 2025, "month": 11, "day": 30}
    assert events["water-mou-signed"]["display_date"] == "Nov 2025"
    assert not events["water-mou-signed"]["text"]["headline"].endswith("(announced)")
    # eras mark the source's date and today, each a day long (TimelineJS3 refuses an era that
    # ends where it starts)
    assert [(era["start_date"], era["end_date"], era["text"]["headline"]) for era in document["eras"]] == [
        (
            {"year": 2026, "month": 2, "day": 17},
            {"year": 2026, "month": 2, "day": 18},
            "2026-02-17 · Trend interview published: statuses are as reported that day",
        ),
        (
            {"year": 2026, "month": 11, "day": 25},
            {"year": 2026, "month": 11, "day": 26},
            "2026-11-25 · today",
        ),
    ]
    # facts with an open or unknown end are listed on the title slide, not pinned to a day
    title = document["title"]["text"]["text"]
    assert "2 facts have an open or unknown end of their date" in title
    assert "(from ~1992)</li>" in title and "(before 17 Feb 2026)</li>" in title
    assert result.stderr == (
        "kzil: 2 facts with an open or unknown end of their date are listed on the title slide, not placed "
        "on the time axis: diplomatic-relations-34-years, ai-ministry-created\n"
    )
    ru = json.loads(cli("timeline", "--format", "timelinejs", "--lang", "ru").stdout)
    assert ru["events"][-1]["group"] == "Авиация"
    assert ru["events"][-1]["text"]["headline"].endswith(" (заявлено)")


def test_ics_imports_as_all_day_events(cli: Kzil) -> None:
    result = cli("timeline", "--format", "ics")
    assert result.returncode == 0
    assert all(line.endswith("\r") or not line for line in result.out_bytes.decode().split("\n"))
    assert all(len(line.encode()) <= 75 for line in result.out_bytes.decode().split("\r\n"))
    calendar = icalendar.Calendar.from_ical(result.out_bytes)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    # nothing pinned to a made-up day: an open or unknown end leaves a fact out, with a notice
    assert list(events) == [f"{fact_id}@kzil" for fact_id in PLACED]
    assert result.stderr == (
        "kzil: 2 facts with an open or unknown end of their date are not in the calendar: "
        "diplomatic-relations-34-years, ai-ministry-created\n"
    )
    scat = events["scat-shymkent-flights@kzil"]
    assert (scat.decoded("DTSTART"), scat.decoded("DTEND")) == (
        datetime.date(2026, 6, 9),
        datetime.date(2026, 6, 10),
    )
    # the status word leads the summary, so a calendar view does not show a plan as an event
    assert str(scat["SUMMARY"]).startswith("Scheduled: Direct air service is resuming: from 9 June SCAT")
    assert str(scat["STATUS"]) == "TENTATIVE"
    assert "«возобновляется прямое авиасообщение" in str(scat["DESCRIPTION"])
    meeting = events["jec-meeting-in-israel@kzil"]
    assert (meeting.decoded("DTSTART"), meeting.decoded("DTEND")) == (
        datetime.date(2026, 6, 1),
        datetime.date(2026, 10, 1),
    )
    signed = events["water-mou-signed@kzil"]
    assert (str(signed["STATUS"]), str(signed["SUMMARY"])[:18]) == ("CONFIRMED", "Happened: In Novem")
    assert {str(event["STATUS"]) for event in events.values()} == {"CONFIRMED", "TENTATIVE"}


def test_ics_handles_the_last_representable_day(cli: Kzil, tmp_path: Path) -> None:
    path = tmp_path / "far.yaml"
    path.write_text(VALID.replace("date: 2025-11", "date: 9999-12/9999-12-31"), encoding="utf-8")
    result = cli("--data", str(path), "timeline", "--format", "ics")
    assert (result.returncode, result.stderr) == (0, "")
    [event] = icalendar.Calendar.from_ical(result.out_bytes).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.date(9999, 12, 1)
    assert event.decoded("DURATION") == datetime.timedelta(days=31)
