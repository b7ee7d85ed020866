"""Behaviour that was right but pinned by no test (issue 10, "Tests that must pin what the code
already does right"): a mutation run over the core changed each of these without a test failing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import VALID, clean_env, fake_env, invoke

FACT = """\
  - id: {id}
    source: src-1
    quote: "quoted words"
    summary: {{en: {id} summary, ru: {id} кратко}}
    status: {status}
    date: {date}
    date_text: {{en: {id} when, ru: {id} когда}}
"""


def base_with(tmp_path: Path, facts: str, name: str = "pins.yaml") -> str:
    path = tmp_path / name
    path.write_text(VALID + facts, encoding="utf-8")
    return str(path)


def ids(tmp_path: Path, data: str, *args: str) -> list[str]:
    result = invoke("--data", data, *args, "--json", env=fake_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return [record["id"] for record in json.loads(result.stdout)]


# --- the --today boundary of --upcoming and --past ------------------------------------------------

TODAY = "2026-03-01"
BOUNDARY = {
    # id: (date, status)
    "on-today-happened": ("2026-03-01", "happened"),
    "on-today-planned": ("2026-03-01", "planned"),
    "starts-today-happened": ("2026-03-01/2026-04-30", "happened"),
    "starts-today-planned": ("2026-03-01/2026-04-30", "planned"),
    "ends-today-happened": ("2026-01-15/2026-03-01", "happened"),
    "ends-today-planned": ("2026-01-15/2026-03-01", "planned"),
    "ended-yesterday-planned": ("2026-01-15/2026-02-28", "planned"),
    "starts-tomorrow-happened": ("2026-03-02", "happened"),
}


@pytest.fixture
def boundary(tmp_path: Path) -> str:
    facts = "".join(FACT.format(id=key, date=date, status=status) for key, (date, status) in BOUNDARY.items())
    return base_with(tmp_path, facts)


def test_upcoming_at_the_today_boundary(tmp_path: Path, boundary: str) -> None:
    """Ahead: starts after today, or spans today (its first or last day included) and is not done."""
    assert ids(tmp_path, boundary, "timeline", "--upcoming", "--today", TODAY) == [
        "ends-today-planned",
        "on-today-planned",
        "starts-today-planned",
        "starts-tomorrow-happened",
    ]


def test_past_at_the_today_boundary(tmp_path: Path, boundary: str) -> None:
    """Past: the whole span ended before today; a fact that ends today is not past yet."""
    assert ids(tmp_path, boundary, "timeline", "--past", "--today", TODAY) == [
        "fact-one",
        "ended-yesterday-planned",
    ]


# --- markers when today is a source's date ------------------------------------------------------


def test_when_today_is_the_source_date_its_marker_comes_first_after_that_days_facts(tmp_path: Path) -> None:
    facts = FACT.format(id="same-day", date="2026-02-17", status="happened")
    facts += FACT.format(id="next-day", date="2026-02-18", status="planned")
    data = base_with(tmp_path, facts)
    result = invoke(
        "--data", data, "timeline", "--today", "2026-02-17", "--format", "markdown", env=fake_env(tmp_path)
    )
    text = result.stdout
    order = [
        text.index("same-day summary"),
        text.index("2026-02-17 · Trend interview published"),
        text.index("2026-02-17 · today"),
        text.index("next-day summary"),
    ]
    assert order == sorted(order), text


# --- validation ------------------------------------------------------------------------------------


def test_derived_without_a_date_is_a_problem_at_its_line(tmp_path: Path) -> None:
    text = VALID.replace(
        "    date: 2025-11\n    date_text: {en: November 2025, ru: в ноябре 2025 года}\n",
        "    derived: true\n",
    )
    path = tmp_path / "derived.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("validate", str(path), env=fake_env(tmp_path))
    line = text[: text.index("derived: true")].count("\n") + 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:{line}: facts[fact-one].derived: marks a date as derived, but there is no 'date'"
    )
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("old", "new", "field", "found"),
    [
        (
            "    published: 2026-02-17\n",
            "    published: [2026, 2, 17]\n",
            "sources.src-1.published",
            "a list",
        ),
        (
            "    published: 2026-02-17\n",
            "    published: {year: 2026}\n",
            "sources.src-1.published",
            "a mapping",
        ),
        (
            "    status: happened\n",
            "    status: happened\n    as_of: [2026-02-17]\n",
            "facts[fact-one].as_of",
            "a list",
        ),
        (
            "    status: happened\n",
            "    status: happened\n    as_of: {on: 2026-02-17}\n",
            "facts[fact-one].as_of",
            "a mapping",
        ),
    ],
)
def test_a_date_field_that_is_not_a_value_is_a_problem(
    tmp_path: Path, old: str, new: str, field: str, found: str
) -> None:
    text = VALID.replace(old, new)
    path = tmp_path / "dates.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("validate", str(path), env=fake_env(tmp_path))
    line = text[: text.index(new)].count("\n") + 1 + (1 if new.startswith("    status") else 0)
    assert f"{path}:{line}: {field}: expected a value, found {found}" in result.stdout.splitlines()
    assert result.returncode == 1


# --- search --------------------------------------------------------------------------------------


def test_search_finds_a_word_that_is_only_in_the_notes(tmp_path: Path) -> None:
    notes = "    notes: {en: Mentions the Zhetysu reservoir., ru: Упоминает Жетысуское водохранилище.}\n"
    data = base_with(tmp_path, "", "notes.yaml")
    Path(data).write_text(VALID + notes, encoding="utf-8")
    assert ids(tmp_path, data, "search", "zhetysu") == ["fact-one"]
    assert ids(tmp_path, data, "search", "водохранилище") == ["fact-one"]
    assert ids(tmp_path, data, "facts", "--search", "Reservoir") == ["fact-one"]
    assert ids(tmp_path, data, "search", "lake") == []


# --- date labels -----------------------------------------------------------------------------------

MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "ru": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
}
SEASONS = {"en": ["spring", "summer", "autumn", "winter"], "ru": ["весна", "лето", "осень", "зима"]}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_month_and_season_label_in_both_languages(tmp_path: Path, lang: str) -> None:
    facts = "".join(
        FACT.format(id=f"m{month}", date=f"2030-{month:02d}", status="planned") for month in range(1, 13)
    )
    facts += "".join(
        FACT.format(id=f"d{month}", date=f"2031-{month:02d}-05", status="planned") for month in range(1, 13)
    )
    facts += "".join(
        FACT.format(id=f"s{season}", date=f"2032-{season}", status="planned") for season in range(21, 25)
    )
    data = base_with(tmp_path, facts)
    result = invoke("--data", data, "timeline", "--lang", lang, env=fake_env(tmp_path, {"COLUMNS": "200"}))
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    labels = [part.strip() for line in lines for part in line.split("  ") if part.strip()]
    for month, name in enumerate(MONTHS[lang], 1):
        assert f"{name} 2030" in labels, (month, name)  # stated to the month: no ~
        assert f"5 {name} 2031" in labels, (month, name)
    for name in SEASONS[lang]:
        assert f"{name} 2032" in labels, name


# --- the compiled copy after an edit ----------------------------------------------------------------


def test_an_edited_file_is_read_once_then_served_from_the_compiled_copy(tmp_path: Path) -> None:
    """The first run after an edit parses the YAML and stores it; the next one reads the store."""
    path = Path(base_with(tmp_path, ""))
    env = clean_env(tmp_path)
    probe = (
        "import sys; from kzil.cli import run; run(['--data', sys.argv[1], 'facts', '--json']); "
        "sys.stderr.write(str('yaml' in sys.modules))"
    )

    def run_once() -> tuple[str, bool]:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(path)], env=env, capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)[0]["summary"], done.stderr == "True"

    assert run_once() == ("A summary.", True)
    assert run_once() == ("A summary.", False)
    path.write_text(
        path.read_text(encoding="utf-8").replace("A summary.", "An edited summary."), encoding="utf-8"
    )
    assert run_once() == ("An edited summary.", True)
    assert run_once() == ("An edited summary.", False)
