"""Honest dates in every output: plans after their announcement, nothing pinned to a made-up
day, the status word leading calendar events, and the curator's notes wherever a fact goes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest
import vobject

from kzil import dates, spans
from kzil.model import Fact, Text
from tests.support import fake_env, invoke

NOTE_ID = "no-direct-flights-two-years"  # dated, with a note on how its end was derived
NOTE_START = "'After that' follows Air Astana's flights"


def fact(fact_id: str, date: str, status: str) -> Fact:
    start, end = dates.bounds(date)
    text = Text(fact_id, fact_id)
    return Fact(
        fact_id, "s", "q", text, status, date, text, start, end, False, (), (), (), None, "2026-02-17",
        "speaker", "direct",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("date", "status", "announced", "placed"),
    [
        ("2026", "planned", "2026-02-17", "2026-02-17"),  # a plan "in 2026" is not on 1 January
        ("2026", "ongoing", "2026-02-17", "2026-01-01"),  # a state of the year is
        ("2026-06-09", "scheduled", "2026-02-17", "2026-06-09"),  # after its announcement already
        ("/2026-02-17", "happened", "2026-02-17", "2026-02-17"),  # an unknown start: at its end
        ("2025-11", "pending", "2026-02-17", "2026-02-17"),
        ("2025-11", "happened", "2026-02-17", "2025-11-01"),
    ],
)
def test_a_plan_is_never_placed_before_its_announcement(
    date: str, status: str, announced: str, placed: str
) -> None:
    assert spans.placed_at(fact("x", date, status), announced) == placed


def test_the_source_marker_comes_before_the_plans_it_announced(tmp_path: Path) -> None:
    result = invoke("timeline", "--format", "markdown", "--today", "2026-11-25", env=fake_env(tmp_path))
    text = result.stdout
    marker = text.index("Trend interview published")
    assert text.index("According to the ambassador, the Joint Economic Committee is planned") > marker
    assert text.index("A Ministry of Artificial Intelligence and Digital Development") < marker


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_calendar_parses_in_two_clients_with_statuses_and_no_made_up_days(
    tmp_path: Path, lang: str
) -> None:
    result = invoke("timeline", "--format", "ics", "--lang", lang, env=fake_env(tmp_path))
    first = {
        str(event["UID"]): event for event in icalendar.Calendar.from_ical(result.out_bytes).walk("VEVENT")
    }
    second = vobject.readOne(result.out_bytes.decode("utf-8"))
    assert sorted(first) == sorted(event.uid.value for event in second.vevent_list)
    for event in second.vevent_list:
        ics_event = first[event.uid.value]
        assert event.summary.value == str(ics_event["SUMMARY"])
        assert event.status.value in ("CONFIRMED", "TENTATIVE")
        assert event.dtstart.value.year >= 2023  # 1992 was only ever an open-ended "34 years"
    assert "diplomatic-relations-34-years@kzil" not in first and "ai-ministry-created@kzil" not in first
    word = {"en": "Scheduled: ", "ru": "Назначено: "}[lang]
    assert str(first["scat-shymkent-flights@kzil"]["SUMMARY"]).startswith(word)


def test_notes_reach_every_format(tmp_path: Path) -> None:
    env = fake_env(tmp_path)
    record = json.loads(invoke("show", NOTE_ID, "--json", env=env).stdout)
    assert record["notes"].startswith(NOTE_START)
    assert list(record)[-2:] == ["notes", "follows"]
    line = invoke("facts", "--format", "jsonl", env=fake_env(tmp_path)).stdout.splitlines()
    assert [json.loads(row)["notes"] is None for row in line].count(False) == 24  # the facts with notes
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = list(
            csv.DictReader(
                io.StringIO(invoke("timeline", "-f", fmt, env=fake_env(tmp_path)).stdout), delimiter=delimiter
            )
        )
        assert next(row for row in rows if row["id"] == NOTE_ID)["notes"].startswith(NOTE_START)
    markdown = invoke("show", NOTE_ID, "--format", "markdown", env=fake_env(tmp_path)).stdout
    assert "\n\n  *'After that' follows Air Astana's flights" in markdown
    document = json.loads(invoke("timeline", "--format", "timelinejs", env=fake_env(tmp_path)).stdout)
    event = next(event for event in document["events"] if event["unique_id"] == NOTE_ID)
    assert "<p><i>&#x27;After that&#x27; follows Air Astana&#x27;s flights" in event["text"]["text"]
    calendar = icalendar.Calendar.from_ical(invoke("timeline", "-f", "ics", env=fake_env(tmp_path)).out_bytes)
    [flights] = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"{NOTE_ID}@kzil"]
    assert NOTE_START in str(flights["DESCRIPTION"])
