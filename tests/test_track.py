"""`kzil track`: what came of each plan, on the bundled base alone and with fictional follow-ups."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import icalendar
import pytest

from kzil import query, spans, track
from kzil.cli.track import State
from kzil.i18n import counted
from kzil.model import Fact, FactBase, Source, Text
from tests.support import ROOT, Result, a_fact, expect_same, fake_env, invoke

FIXTURE = str(ROOT / "tests" / "fixtures" / "followups.yaml")
TODAY = "2026-11-25"
WITH_FIXTURE = ("--data", "@bundled", "--data", FIXTURE)

# Checked by hand against data/facts.yaml: every forward-looking fact (scheduled, planned,
# proposed, intended, hoped, pending, in-progress), none followed up in the bundled base.
# 9 June has passed, and so has "summer or early autumn" (its last possible day, 30 September);
# "in 2026" runs to 31 December; the rest have no date.
BUNDLED_STATES = [
    ("scat-shymkent-flights", "unconfirmed", "2026-06-09"),
    ("jec-meeting-in-israel", "unconfirmed", "2026-09-30"),
    ("jec-reconvene-2026", "open", "2026-12-31"),
    ("official-visits-2026", "open", "2026-12-31"),
    ("deepen-cooperation-2026", "open", "2026-12-31"),
    ("results-expected-2026", "open", "2026-12-31"),
    ("signing-ceremony-pending", "undated", None),
    ("regional-working-group-proposed", "undated", None),
    ("water-mou-working-group", "undated", None),
    ("water-experience-hoped", "undated", None),
    ("support-digital-ai-strategy", "undated", None),
    ("israel-interest-digital-ai", "undated", None),
    ("energy-mining-interest", "undated", None),
    ("energy-ties-strengthening", "undated", None),
    ("smart-energy-joint-projects", "undated", None),
    ("advanced-tech-negotiations", "undated", None),
    ("ai-ministry-cooperation", "undated", None),
    ("mous-hoped-soon", "undated", None),
    ("visa-free-kz-citizens", "undated", None),
    ("concrete-projects-considered", "undated", None),
    ("initiatives-progressing", "undated", None),
]


def kzil(tmp_path: Path, *args: str, columns: str = "100") -> Result:
    env = fake_env(tmp_path, {"COLUMNS": columns}, today=date(2026, 11, 25))
    return invoke(*args, env=env)


def states(result: Result) -> list[tuple[str, str, str | None, str | None]]:
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return [(r["id"], r["state"], r["deadline"], r["outcome"]) for r in json.loads(result.stdout)]


# --- the bundled base alone ---------------------------------------------------------------------


def test_every_forward_looking_bundled_fact_has_its_state_on_25_november(tmp_path: Path) -> None:
    result = kzil(tmp_path, "track", "--today", TODAY, "--json")
    assert states(result) == [(key, state, deadline, None) for key, state, deadline in BUNDLED_STATES]


def test_today_comes_from_the_environment_without_the_option(tmp_path: Path) -> None:
    assert (
        kzil(tmp_path, "track", "--json").stdout == kzil(tmp_path, "track", "--today", TODAY, "--json").stdout
    )


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((), "track-en-100.txt"),
        (("--lang", "ru"), "track-ru-100.txt"),
        (("--format", "markdown"), "track.md"),
        (("--format", "json"), "track.json"),
        (("--format", "jsonl"), "track.jsonl"),
        (("--format", "csv"), "track.csv"),
        (("--format", "tsv"), "track.tsv"),
    ],
    ids=lambda value: value if isinstance(value, str) else " ".join(value) or "table",
)
def test_exact_output_on_the_bundled_base_in_every_format(
    tmp_path: Path, args: tuple[str, ...], name: str
) -> None:
    result = kzil(tmp_path, "track", "--today", TODAY, *args)
    assert (result.returncode, result.stderr) == (0, "")
    expect_same(name, result.stdout)


def test_machine_formats_carry_the_same_records(tmp_path: Path) -> None:
    records = json.loads(kzil(tmp_path, "track", "--today", TODAY, "--json").stdout)
    assert list(records[0])[-4:] == ["follows", "state", "deadline", "outcome"]
    lines = kzil(tmp_path, "track", "--today", TODAY, "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == records
    rows = list(csv.DictReader(io.StringIO(kzil(tmp_path, "track", "--today", TODAY, "-f", "csv").stdout)))
    assert [(r["id"], r["state"], r["deadline"], r["outcome"]) for r in rows] == [
        (r["id"], r["state"], r["deadline"] or "", r["outcome"] or "") for r in records
    ]


def test_a_day_later_or_earlier_moves_a_window(tmp_path: Path) -> None:
    on_the_day = {
        key: state for key, state, *_ in states(kzil(tmp_path, "track", "--today", "2026-09-30", "--json"))
    }
    day_after = {
        key: state for key, state, *_ in states(kzil(tmp_path, "track", "--today", "2026-10-01", "--json"))
    }
    assert (on_the_day["jec-meeting-in-israel"], day_after["jec-meeting-in-israel"]) == (
        "open",
        "unconfirmed",
    )
    early = states(kzil(tmp_path, "track", "--today", "2026-02-17", "--json"))
    assert {state for _, state, *_ in early} == {"open", "undated"}


def test_state_and_the_shared_filters_narrow_the_list(tmp_path: Path) -> None:
    unconfirmed = kzil(tmp_path, "track", "--today", TODAY, "--state", "unconfirmed", "--json")
    assert [key for key, *_ in states(unconfirmed)] == ["scat-shymkent-flights", "jec-meeting-in-israel"]
    aviation = kzil(
        tmp_path,
        "track",
        "--today",
        TODAY,
        "-s",
        "aviation",
        "--state",
        "open",
        "--state",
        "unconfirmed",
        "--json",
    )
    assert [key for key, *_ in states(aviation)] == ["scat-shymkent-flights", "results-expected-2026"]
    none = kzil(tmp_path, "track", "--today", TODAY, "--state", "fulfilled", "--json")
    assert (none.returncode, none.stdout, none.stderr) == (
        0,
        "[]\n",
        "kzil: no plans match; 'kzil track' lists them all\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--today", "25.11.2026"),
            "kzil: error: '25.11.2026' is not a date; write YYYY-MM-DD (in --today)\n",
        ),
        (("--state", "done"), None),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str | None
) -> None:
    result = kzil(tmp_path, "track", *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    if message:
        assert result.stderr == message
    else:
        assert (
            "'done' is not one of 'unconfirmed', 'open', 'undated', 'rescheduled', 'cancelled', 'fulfilled'"
            in result.stderr
        )


# --- with fictional follow-ups ------------------------------------------------------------------


def test_fixture_follow_ups_move_the_states(tmp_path: Path) -> None:
    result = kzil(tmp_path, *WITH_FIXTURE, "track", "--today", TODAY, "--json")
    moved = {key: (state, deadline, outcome) for key, state, deadline, outcome in states(result)}
    assert {key: moved[key] for key in moved if moved[key][2] or key.startswith("example-")} == {
        "scat-shymkent-flights": ("fulfilled", "2026-06-09", "example-scat-first-flight"),
        "jec-meeting-in-israel": ("rescheduled", "2026-09-30", "example-jec-postponed"),
        # the rescheduled plan is tracked in its own right, and was itself fulfilled
        "example-jec-postponed": ("fulfilled", "2026-11-30", "example-jec-met"),
        "official-visits-2026": ("cancelled", "2026-12-31", "example-visits-called-off"),
        # two notes followed the ceremony: the newer one decides, the older one is no longer tracked
        "signing-ceremony-pending": ("rescheduled", None, "example-signing-autumn"),
        "example-signing-autumn": ("open", "2026-11-30", None),
    }
    assert "example-signing-april" not in moved
    assert len(moved) == len(BUNDLED_STATES) + 2


def test_the_table_with_follow_ups_shows_each_outcome_and_its_citation(tmp_path: Path) -> None:
    result = kzil(tmp_path, *WITH_FIXTURE, "track", "--today", TODAY)
    assert result.returncode == 0
    expect_same("track-followups-en-100.txt", result.stdout)


@pytest.mark.parametrize("cache", [True, False], ids=["cached-store", "private-store"])
def test_the_timeline_with_follow_ups_as_stored(tmp_path: Path, cache: bool) -> None:
    """Read from a cached store and from a run's private one alike: the follow-ups' notes, and the
    follow-up written in Russian only shown in English marked `[ru]`."""
    args = [*WITH_FIXTURE, "timeline", "--today", TODAY, "--from", "2026-06"]
    result = kzil(tmp_path, *args) if cache else kzil(tmp_path, "--no-cache", *args)
    assert (result.returncode, result.stderr) == (0, "")
    assert "[ru] (Вымысел) Церемонию подписания перенесли на" in result.stdout
    expect_same("timeline-followups-en-100.txt", result.stdout)


def test_timeline_marks_passed_dates_outcomes_and_what_a_follow_up_follows(tmp_path: Path) -> None:
    text = kzil(tmp_path, *WITH_FIXTURE, "timeline", "--today", TODAY, "--from", "2026-06").stdout
    assert "✓ fulfilled → example-scat-first-flight" in text
    assert "↳ follows scat-shymkent-flights" in text
    assert "↻ rescheduled → example-jec-postponed" in text
    assert "! date passed" not in text  # nothing in this window went unanswered
    markdown = kzil(tmp_path, *WITH_FIXTURE, "timeline", "--today", TODAY, "-f", "markdown").stdout
    assert "  *✕ cancelled → example-visits-called-off*\n" in markdown
    assert "  ↳ follows `official-visits-2026`\n" in markdown
    bundled = kzil(tmp_path, "timeline", "--today", TODAY, "-f", "markdown").stdout
    assert bundled.count("  *! date passed, unconfirmed*\n") == 2


def test_markers_and_citations_name_the_kind_of_source(tmp_path: Path) -> None:
    en = kzil(tmp_path, *WITH_FIXTURE, "timeline", "--today", TODAY, "--from", "2026-06").stdout
    assert "Example Gazette article published: statuses are as" in en
    ru = kzil(tmp_path, *WITH_FIXTURE, "timeline", "--today", TODAY, "--lang", "ru", "-f", "markdown").stdout
    assert "*— 2026-06-12 · статья Example Gazette опубликована: статусы даны на этот день —*" in ru
    assert "*— 2026-11-20 · пресс-релиз Example Ministry опубликован: статусы даны на этот день —*" in ru
    sources = {
        s["id"]: s["citation"] for s in json.loads(kzil(tmp_path, *WITH_FIXTURE, "sources", "--json").stdout)
    }
    assert sources["example-gazette-2026-06-12"] == "Example Gazette (Exampleton, 2026-06-12), article"
    assert sources["my-notes-2026-03-02"] == "My notes ([ru] Экзамплтон, 2026-03-02), note"
    ru_sources = json.loads(kzil(tmp_path, *WITH_FIXTURE, "sources", "--json", "--lang", "ru").stdout)
    assert ru_sources[3]["citation"] == (
        "Example Ministry (Экзамплтон, 2026-09-15), заявление: Пример Пресс-секретарь, "
        "[en] spokesperson of the Example Ministry (fictional)"
    )


def test_show_prints_the_chain_both_ways(tmp_path: Path) -> None:
    result = kzil(tmp_path, *WITH_FIXTURE, "show", "example-jec-postponed")
    assert result.returncode == 0
    expect_same("show-followup-en-100.txt", result.stdout)
    plan = kzil(tmp_path, *WITH_FIXTURE, "show", "jec-meeting-in-israel").stdout
    assert "followed by" in plan and "example-jec-postponed" in plan and "example-jec-met" in plan


def test_facts_follows_lists_the_follow_ups_and_every_format_carries_follows(tmp_path: Path) -> None:
    result = kzil(tmp_path, *WITH_FIXTURE, "facts", "--follows", "signing-ceremony-pending", "--json")
    assert [(f["id"], f["follows"]) for f in json.loads(result.stdout)] == [
        ("example-signing-april", ["signing-ceremony-pending"]),
        ("example-signing-autumn", ["signing-ceremony-pending"]),
    ]
    rows = list(
        csv.DictReader(
            io.StringIO(
                kzil(
                    tmp_path, *WITH_FIXTURE, "facts", "--follows", "jec-meeting-in-israel", "-f", "csv"
                ).stdout
            )
        )
    )
    assert [(r["id"], r["follows"]) for r in rows] == [("example-jec-postponed", "jec-meeting-in-israel")]
    markdown = kzil(
        tmp_path, *WITH_FIXTURE, "facts", "--follows", "example-jec-postponed", "-f", "markdown"
    ).stdout
    assert "  ↳ follows `example-jec-postponed`\n" in markdown
    unknown = kzil(tmp_path, "facts", "--follows", "scat-shymkent-flight")
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "kzil: error: unknown fact 'scat-shymkent-flight'. Did you mean 'scat-shymkent-flights'? See 'kzil facts' for the list.\n",
    )


def test_icalendar_strikes_through_cancelled_plans(tmp_path: Path) -> None:
    result = kzil(tmp_path, *WITH_FIXTURE, "timeline", "--today", TODAY, "-f", "ics")
    calendar = icalendar.Calendar.from_ical(result.stdout)
    statuses = {str(e["UID"]).removesuffix("@kzil"): str(e.get("STATUS")) for e in calendar.walk("VEVENT")}
    assert {uid for uid, status in statuses.items() if status == "CANCELLED"} == {
        "official-visits-2026",
        "example-visits-called-off",
    }


def test_one_language_texts_are_marked_in_the_other_language(tmp_path: Path) -> None:
    result = kzil(tmp_path, *WITH_FIXTURE, "show", "example-signing-autumn", "--json")
    assert (
        json.loads(result.stdout)["summary"]
        == "[ru] (Вымысел) Церемонию подписания перенесли на осень 2026 года."
    )


# --- the pieces ---------------------------------------------------------------------------------


def fact(key: str, status: str, as_of: str, follows: tuple[str, ...] = (), date: str | None = None) -> Fact:
    return a_fact(key, status, date, as_of=as_of, follows=follows)


def base_of(*facts: Fact, published: str = "2026-02-17") -> FactBase:
    source = Source("s", "o", "note", published, Text("p", "p"), "en", None, Text("t", "t"), None)
    return FactBase.build({"s": source}, {}, {}, {}, facts)


def test_the_newest_follow_up_decides_and_ties_go_to_the_later_one_in_the_base() -> None:
    plan = fact("plan", "planned", "2026-02-17", date="2026-06")
    older = fact("older", "happened", "2026-05-01", ("plan",))
    newer = fact("newer", "cancelled", "2026-04-01", ("plan",))
    base = base_of(plan, older, newer)
    assert [(row.fact.id, row.state, row.outcome and row.outcome.id) for row in track.track(base, TODAY)] == [
        ("plan", "fulfilled", "older")
    ]
    tie = base_of(
        plan, fact("a", "cancelled", "2026-05-01", ("plan",)), fact("b", "happened", "2026-05-01", ("plan",))
    )
    assert track.outcome_of(tie, plan) == tie.facts[2]


@pytest.mark.parametrize(
    ("date", "today", "state"),
    [
        ("2026-06", "2026-06-30", "open"),
        ("2026-06", "2026-07-01", "unconfirmed"),
        ("2026/..", "2999-01-01", "open"),
        (None, TODAY, "undated"),
    ],
)
def test_a_window_closes_the_day_after_its_last_day_and_an_open_end_never(
    date: str | None, today: str, state: str
) -> None:
    assert track.state_of(fact("p", "planned", "2026-02-17", date=date), None, today) == state


def test_the_command_offers_exactly_the_states_of_the_track_module() -> None:
    assert tuple(State) == track.STATES


@pytest.mark.parametrize(
    ("n", "en", "ru"),
    [
        (1, "1 day", "1 день"),
        (3, "3 days", "3 дня"),
        (11, "11 days", "11 дней"),
        (21, "21 days", "21 день"),
        (169, "169 days", "169 дней"),
    ],
)
def test_days_in_both_languages(n: int, en: str, ru: str) -> None:
    assert (counted("days", n, "en"), counted("days", n, "ru")) == (en, ru)


def test_fields_and_names_work_on_track_as_on_other_listings(tmp_path: Path) -> None:
    chosen = kzil(tmp_path, "track", "--today", TODAY, "--state", "unconfirmed", "--json=id,state,outcome")
    assert json.loads(chosen.stdout) == [
        {"id": "scat-shymkent-flights", "state": "unconfirmed", "outcome": None},
        {"id": "jec-meeting-in-israel", "state": "unconfirmed", "outcome": None},
    ]
    named = kzil(tmp_path, "track", "--today", TODAY, "--state", "unconfirmed", "--names", "--json")
    assert list(json.loads(named.stdout)[0])[-6:] == [
        "state",
        "deadline",
        "outcome",
        "sector_names",
        "country_names",
        "entity_names",
    ]


@pytest.mark.parametrize("code", ["en", "ru"])
def test_every_language_names_every_state_and_every_kind_of_source(code: str) -> None:
    from kzil import i18n
    from kzil.model import SOURCE_KINDS

    language = {"en": i18n.en, "ru": i18n.ru}[code]
    assert list(language.STATE_LABELS) == list(language.STATE_MEANINGS) == list(track.STATES)
    assert list(i18n.STATE_SYMBOLS) == list(i18n.STATE_STYLES) == list(track.STATES)
    assert list(language.SOURCE_KINDS) == list(language.PUBLISHED) == list(SOURCE_KINDS)


def test_the_follows_filter_in_sql_is_the_in_memory_one(tmp_path: Path) -> None:
    from kzil.loading import loader

    stored = loader.load([loader.bundled_path(), FIXTURE], use_cache=False)
    memory = FactBase.build(
        dict(stored.sources), dict(stored.sectors), dict(stored.countries), dict(stored.entities),
        tuple(stored.facts),
    )  # fmt: skip
    for plan in ("signing-ceremony-pending", "jec-meeting-in-israel", "water-mou-signed"):
        chosen = query.Filters(follows=(plan,))
        assert [f.id for f in query.select(stored, chosen)] == [f.id for f in query.select(memory, chosen)]
    assert track.track(stored, TODAY) == track.track(memory, TODAY)
    # The timeline's cuts in SQL keep what they keep in memory: a plan called off is never upcoming.
    for today in ("2026-02-17", TODAY, "2027-01-01"):
        for cut in (None, "upcoming", "past"):
            in_sql = spans.plan(stored, query.select(stored, query.Filters()), today, cut)
            in_memory = spans.plan(memory, list(memory.facts), today, cut)
            assert [f.id for f in in_sql.facts] == [f.id for f in in_memory.facts], (today, cut)
    upcoming = spans.plan(stored, query.select(stored, query.Filters()), TODAY, "upcoming").facts
    assert "official-visits-2026" in [f.id for f in upcoming]
    assert "example-visits-called-off" not in [f.id for f in upcoming]


@pytest.mark.parametrize("width", [60, 100])
def test_a_timeline_with_follow_ups_in_a_pipe_is_what_rich_prints(width: int) -> None:
    from kzil.loading import loader
    from kzil.render import plain_timeline, timeline_view
    from kzil.render.terminal import Terminal

    base = loader.load([loader.bundled_path(), FIXTURE], use_cache=False)
    plan = spans.plan(base, list(base.facts), TODAY)
    states = track.States(base, TODAY)
    pipe = Terminal(is_tty=False, stderr_is_tty=False, color=False, width=width, encoding="utf-8")
    expected = timeline_view.timeline(base, plan, "en", pipe, states)
    found = plain_timeline.timeline(base, plan, "en", pipe, states)
    assert found is not None and "".join(found) == expected
    assert width < 100 or "✓ fulfilled → example-jec-met" in expected


def test_track_reads_only_the_forward_looking_facts_from_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kzil.loading.store import Store

    read: list[str] = []
    fact_of_row = Store.fact

    def counted(store: Store, row: Sequence[object]) -> Fact:
        found = fact_of_row(store, row)
        read.append(found.id)
        return found

    monkeypatch.setattr(Store, "fact", counted)
    result = kzil(tmp_path, "track", "--today", TODAY, "--json")
    # No fact that is not a plan was read, and none twice.
    assert sorted(read) == sorted(key for key, *_ in states(result)) == sorted(k for k, *_ in BUNDLED_STATES)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), ("in-progress", "scheduled", "planned", "proposed", "intended", "hoped", "pending")),
        (("happened", "planned", "hoped"), ("planned", "hoped")),
        (("happened", "assessment"), None),
    ],
)
def test_track_narrows_the_status_filter_to_forward_looking_statuses(
    statuses: tuple[str, ...], expected: tuple[str, ...] | None
) -> None:
    narrowed = track.forward(query.Filters(statuses=statuses, sectors=("water",)))
    assert narrowed == (None if expected is None else query.Filters(statuses=expected, sectors=("water",)))


def test_a_status_that_is_no_plan_tracks_nothing(tmp_path: Path) -> None:
    result = kzil(tmp_path, "track", "--today", TODAY, "--status", "happened", "--json")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "[]\n",
        "kzil: no plans match; 'kzil track' lists them all\n",
    )
    planned = kzil(
        tmp_path, "track", "--today", TODAY, "--status", "planned", "--status", "happened", "--json"
    )
    assert [key for key, *_ in states(planned)] == [
        "jec-meeting-in-israel",
        "jec-reconvene-2026",
        "official-visits-2026",
        "results-expected-2026",
    ]


def test_timelinejs_says_what_came_of_each_plan(tmp_path: Path) -> None:
    found = kzil(tmp_path, *WITH_FIXTURE, "timeline", "--today", TODAY, "-f", "timelinejs").stdout
    events = {event["unique_id"]: event["text"] for event in json.loads(found)["events"]}
    plan, called_off = events["official-visits-2026"], events["example-visits-called-off"]
    assert plan["text"].startswith(
        "<p><b>◇ planned</b> · in 2026</p><p>✕ cancelled → example-visits-called-off</p><blockquote>"
    )
    assert called_off["text"].startswith(
        "<p><b>✕ cancelled</b> · this year</p><p>↳ follows official-visits-2026</p><blockquote>"
    )
    # settled, as on the terminal: no "(announced)" after a plan that was called off
    assert called_off["headline"] == "(Fictional) The official visits planned for 2026 are called off."
    bundled = json.loads(kzil(tmp_path, "timeline", "--today", TODAY, "-f", "timelinejs").stdout)
    passed = [
        e["unique_id"] for e in bundled["events"] if "<p>! date passed, unconfirmed</p>" in e["text"]["text"]
    ]
    assert passed == ["jec-meeting-in-israel", "scat-shymkent-flights"]
