"""Lookup commands and the output contract, run in process (the process itself: `test_version`)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import BUNDLED, COMMANDS, REQUIRED_SECTORS, ROOT, Kzil, Result, expect_same

WATER_MOU = {
    "id": "water-mou-signed",
    "date": "2025-11",
    "date_text": "November 2025",
    "start": "2025-11-01",
    "end": "2025-11-30",
    "derived": False,
    "status": "happened",
    "sectors": ["water"],
    "countries": ["KZ", "IL"],
    "entities": ["kz-water-ministry", "il-regional-cooperation-ministry", "water-memorandum"],
    "summary": "In November 2025 Kazakhstan's Ministry of Water Resources and Irrigation and Israel's Ministry "
    "of Regional Cooperation signed a Memorandum of Understanding and Cooperation.",
    "quote": "в ноябре 2025 года между министерством водных ресурсов и ирригации Казахстана и министерством "
    "регионального сотрудничества Израиля был подписан Меморандум о взаимопонимании и сотрудничестве",
    "said_by": "yoav-bystritsky",
    "speech": "indirect",  # "Дипломат напомнил, что ...": the agency reports what he said
    "source": "trend-2026-02-17",
    "as_of": "2026-02-17",
    "notes": None,
    "follows": [],
}
WATER_IDS = [
    "regional-projects-potential",
    "water-mou-signed",
    "water-mou-working-group",
    "bilateral-mechanism-experience",
    "azerbaijan-precedent",
    "water-experience-hoped",
    "projects-basis",
    "concrete-projects-considered",
    "initiatives-progressing",
    "results-expected-2026",
]


def ids(result: Result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [fact["id"] for fact in json.loads(result.stdout)]


# --- the JSON contract --------------------------------------------------------------------------


def test_show_json_is_the_exact_fact_record(cli: Kzil) -> None:
    result = cli("show", "water-mou-signed", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == WATER_MOU
    assert list(json.loads(result.stdout)) == list(WATER_MOU)  # key order is part of the contract


def test_sector_json_lists_its_facts_in_fact_base_order(cli: Kzil) -> None:
    result = cli("sector", "water", "--json")
    assert ids(result) == WATER_IDS
    assert json.loads(result.stdout)[1] == WATER_MOU


def test_json_is_utf8_and_not_ascii_escaped(kzil: Kzil) -> None:
    result = kzil("show", "water-mou-signed", "--json", extra_env={"PYTHONIOENCODING": "ascii"})
    assert "министерством" in result.out_bytes.decode("utf-8")
    assert result.returncode == 0


def test_derived_fuzzy_dates_keep_their_wording(cli: Kzil) -> None:
    record = json.loads(cli("show", "jec-meeting-in-israel", "--json").stdout)
    assert {key: record[key] for key in ("date", "date_text", "start", "end", "derived", "status")} == {
        "date": "2026-22?/2026-09%",
        "date_text": "probably in summer or early autumn",
        "start": "2026-06-01",
        "end": "2026-09-30",
        "derived": True,
        "status": "planned",
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--sector", "water", "--status", "happened"], ["water-mou-signed", "azerbaijan-precedent"]),
        (
            ["--status", "scheduled", "--status", "pending"],
            ["signing-ceremony-pending", "scat-shymkent-flights"],
        ),
        (["--country", "AE"], ["regional-working-group-proposed"]),
        (["--country", "AZ", "--country", "CN"], ["azerbaijan-precedent", "kz-borders-russia-china"]),
        (
            ["--from", "2026-06-10"],
            [
                "diplomatic-relations-34-years",
                "jec-reconvene-2026",
                "jec-meeting-in-israel",
                "official-visits-2026",
                "year-of-digitalization-ai",
                "deepen-cooperation-2026",
                "results-expected-2026",
            ],
        ),
        (["--entity", "tokayev"], ["accession-announced", "year-of-digitalization-ai"]),
        (
            ["-e", "SCAT", "-e", "Air Astana"],
            [
                "scat-shymkent-flights",
                "air-astana-flights-2023",
                "no-direct-flights-two-years",
                "flights-resumption-step-forward",
                "tourist-flows-expansion",
            ],
        ),
        # a span overlapping the range matches: the relations since 1992 hold in 2023 too, and the
        # ministry created "recently" (unknown start) may have been created then
        (
            ["--from", "2023", "--to", "2023"],
            [
                "diplomatic-relations-34-years",
                "ai-ministry-created",
                "air-astana-flights-2023",
                "no-direct-flights-two-years",
            ],
        ),
        (["--from", "2026-06-09", "--to", "2026-06-09", "--status", "scheduled"], ["scat-shymkent-flights"]),
        (["--from", "2026-10", "--sector", "aviation"], ["results-expected-2026"]),
        (
            ["--to", "1992"],
            ["diplomatic-relations-34-years", "ai-ministry-created"],
        ),  # an unknown start reaches back, as an open one does
        (["--search", "Astana Hub"], ["israeli-companies-market-entry"]),
        (["-q", "ШЫМКЕНТ"], ["scat-shymkent-flights"]),
        (["-q", "партнерству"], ["cyber-directorate-interest"]),  # ё and е match either way
        (
            ["-q", "Токаев", "-q", "Тель-Авив"],
            ["accession-announced", "year-of-digitalization-ai", "air-astana-flights-2023"],
        ),
        (
            ["--source", "trend-2026-02-17", "--sector", "visas"],
            ["visa-free-kz-citizens", "visa-free-israeli-citizens", "tourist-flows-expansion"],
        ),
    ],
)
def test_filters_alone_and_combined(cli: Kzil, args: list[str], expected: list[str]) -> None:
    assert ids(cli("facts", *args, "--json")) == expected


def test_the_source_filter_alone(cli: Kzil) -> None:
    assert ids(cli("facts", "--source", "trend-2026-02-17", "--json")) == ids(cli("facts", "--json"))
    assert len(ids(cli("facts", "--json"))) == 51


@pytest.mark.parametrize(
    ("option", "names"),
    [
        ("--sector", ["water", "Water resources", "вода", "ВОДНЫЕ РЕСУРСЫ", "water management", "  water  "]),
        ("--sector", ["ai", "AI", "ИИ", "artificial intelligence", "Искусственный интеллект"]),
        ("--country", ["AE", "ae", "UAE", "ОАЭ", "United Arab Emirates", "Объединенные Арабские Эмираты"]),
        ("--entity", ["yoav-bystritsky", "Bystritsky", "Йоав Быстрицкий", "Й. Быстрицкий"]),
        ("--status", ["planned", "запланировано"]),
    ],
)
def test_every_name_form_resolves_to_the_same_facts(cli: Kzil, option: str, names: list[str]) -> None:
    answers = [ids(cli("facts", option, name, "--json")) for name in names]
    assert answers[0]
    assert all(answer == answers[0] for answer in answers)


def test_who_signed_the_water_mou_and_who_may_join_the_regional_group(cli: Kzil) -> None:
    mou = json.loads(cli("show", "water-mou-signed", "--json").stdout)
    entities = {e["id"]: e["name"] for e in json.loads(cli("entities", "--json").stdout)}
    assert [entities[key] for key in mou["entities"]] == [
        "Ministry of Water Resources and Irrigation of Kazakhstan",
        "Ministry of Regional Cooperation of Israel",
        "Memorandum of Understanding and Cooperation (water resources)",
    ]
    group = json.loads(cli("show", "regional-working-group-proposed", "--json").stdout)
    assert (group["status"], group["countries"]) == ("proposed", ["KZ", "IL", "AE", "MA", "US"])


def test_empty_answers_are_an_empty_array_and_a_notice(cli: Kzil) -> None:
    result = cli("facts", "--sector", "mining", "--status", "happened", "--json")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "[]\n",
        "kzil: no facts match; 'kzil facts' lists them all\n",
    )


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sector", "watr"], "unknown sector 'watr'. Did you mean 'water'? See 'kzil sectors' for the list."),
        (
            ["facts", "-c", "Marocco"],
            "unknown country 'Marocco'. Did you mean 'MA'? See 'kzil countries' for the list.",
        ),
        (["facts", "--status", "done"], "unknown status 'done'. See 'kzil statuses' for the list."),
        (["entity", "Netanyahu"], "unknown entity 'Netanyahu'. See 'kzil entities' for the list."),
        (
            ["show", "water-mou"],
            "unknown fact 'water-mou'. Did you mean 'water-mou-signed' or 'water-mou-working-group'? "
            "See 'kzil facts' for the list.",
        ),
        (
            ["facts", "--from", "2026-02-30"],
            "'2026-02-30': day 30 does not exist in 2026-02 (in --from/--to)",
        ),
        (
            ["facts", "--from", "spring"],
            "'spring' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (in --from/--to)",
        ),
        (["facts", "--from", "2026", "--to", "2025"], "--from 2026 is after --to 2025"),
        (["facts", "--json", "--format", "csv"], "--json and --format csv disagree; give one of them"),
        (["timeline", "--upcoming", "--past"], "--upcoming and --past exclude each other; give one of them"),
        (["timeline", "--today", "tomorrow"], "'tomorrow' is not a date; write YYYY-MM-DD (in --today)"),
        (
            ["facts", "--format", "xml"],
            "Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', "
            "'jsonl', 'csv', 'tsv', 'markdown'. (see 'kzil facts --help')",
        ),
        (
            ["facts", "--format", "ics"],
            "Invalid value for '--format' / '-f': 'ics' is not one of 'table', 'json', "
            "'jsonl', 'csv', 'tsv', 'markdown'. (see 'kzil facts --help')",
        ),
        (["fact"], "unknown command 'fact'. Did you mean 'facts'? See 'kzil --help' for the list."),
        (["sector"], "Missing argument 'NAME'. (see 'kzil sector --help')"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(cli: Kzil, args: list[str], message: str) -> None:
    result = cli(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"kzil: error: {message}\n")


def test_a_missing_data_file_is_one_line_and_exit_1(cli: Kzil, tmp_path: Path) -> None:
    result = cli("--data", str(tmp_path / "nope.yaml"), "facts")
    assert (result.returncode, result.stdout) == (1, "")
    assert (
        result.stderr
        == f"kzil: error: {tmp_path}/nope.yaml: no such file; check the path given with --data or KZIL_DATA\n"
    )


# --- data sources -----------------------------------------------------------------------------------

NOTES = """\
version: 1
facts:
  - id: my-note
    source: trend-2026-02-17
    quote: "Astana Hub"
    summary: {en: A note of mine., ru: Моя заметка.}
    status: assessment
    sectors: [business]
"""


def test_data_files_merge_and_the_option_wins_over_the_variable(cli: Kzil, tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text(NOTES, encoding="utf-8")
    merged = ids(cli("--data", str(BUNDLED), "--data", str(notes), "sector", "business", "--json"))
    assert merged[-1] == "my-note" and len(merged) == 5
    from_env = ids(
        cli("sector", "business", "--json", extra_env={"KZIL_DATA": f"{BUNDLED}{os.pathsep}{notes}"})
    )
    assert from_env == merged
    # --data replaces KZIL_DATA entirely; an empty KZIL_DATA means the bundled base
    only_bundled = ids(
        cli("--data", str(BUNDLED), "sector", "business", "--json", extra_env={"KZIL_DATA": str(notes)})
    )
    assert only_bundled == merged[:-1]
    assert ids(cli("sector", "business", "--json", extra_env={"KZIL_DATA": ""})) == merged[:-1]


def test_a_file_alone_must_define_what_it_uses(cli: Kzil, tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text(NOTES, encoding="utf-8")
    result = cli("--data", str(notes), "facts")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"kzil: error: {notes}:4: facts[my-note].source: unknown source 'trend-2026-02-17'; define it under "
        f"'sources' (and 1 more problem); run 'kzil validate {notes}' to list them all\n"
    )


# --- human output -------------------------------------------------------------------------------------


def test_sector_table_at_100_columns(cli: Kzil) -> None:
    result = cli("sector", "water", extra_env={"COLUMNS": "100"})
    assert result.returncode == 0
    expect_same("sector-water-100.txt", result.stdout)


def test_show_at_100_columns_in_russian(cli: Kzil) -> None:
    result = cli("show", "scat-shymkent-flights", "--lang", "ru", extra_env={"COLUMNS": "100"})
    assert result.returncode == 0
    expect_same("show-scat-ru-100.txt", result.stdout)


def test_piped_tables_never_cut_a_word(cli: Kzil) -> None:
    facts = json.loads(cli("facts", "--json").stdout)
    for columns in ("30", "60"):
        table = cli("facts", extra_env={"COLUMNS": columns}).stdout
        assert "…" not in table
        words = set(table.split())
        for fact in facts:
            assert set(fact["summary"].split()) <= words, fact["id"]
            assert fact["id"] in words


def test_lang_switches_data_texts_and_labels(cli: Kzil) -> None:
    table = cli("sector", "вода", "--lang", "ru", extra_env={"COLUMNS": "100"}).stdout
    assert table.startswith("Водные ресурсы · фактов: 10\n")
    assert "● произошло" in table and "happened" not in table
    record = json.loads(cli("show", "water-mou-signed", "--json", extra_env={"KZIL_LANG": "ru"}).stdout)
    assert (record["status"], record["date_text"]) == ("happened", "в ноябре 2025 года")
    assert record["summary"].startswith("В ноябре 2025 года министерство")


def test_no_colour_in_pipes_and_colour_when_asked(cli: Kzil) -> None:
    assert "\x1b[" not in cli("sector", "water").stdout
    assert "\x1b[" in cli("sector", "water", "--color", "always").stdout
    assert "\x1b[" in cli("sector", "water", extra_env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in cli("sector", "water", extra_env={"FORCE_COLOR": "0"}).stdout
    # an explicit --color wins over the environment
    assert "\x1b[" in cli("sector", "water", "--color", "always", extra_env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in cli("sector", "water", "--color", "never", extra_env={"FORCE_COLOR": "1"}).stdout


# --- other formats ------------------------------------------------------------------------------------


def test_csv_and_tsv_parse_back_to_the_json_records(cli: Kzil) -> None:
    records = json.loads(cli("sector", "water", "--json").stdout)

    def flat(record: dict[str, Any]) -> dict[str, str]:
        def cell(value: Any) -> str:
            if isinstance(value, list):
                return ";".join(value)
            if isinstance(value, bool):
                return "true" if value else "false"
            return "" if value is None else str(value)

        return {key: cell(value) for key, value in record.items()}

    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = cli("sector", "water", "--format", fmt).stdout
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert rows == [flat(record) for record in records]
    assert cli("sector", "water", "-f", "csv").out_bytes.startswith(
        b"id,date,date_text,start,end,derived,status,"
    )


def test_jsonl_is_one_record_per_line(cli: Kzil) -> None:
    lines = cli("sector", "water", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == WATER_IDS


def test_markdown_briefing_has_quotes_and_the_citation(cli: Kzil) -> None:
    text = cli("show", "water-mou-signed", "--format", "markdown").stdout
    assert text.startswith("## water-mou-signed\n\n- **November 2025** · ● happened · In November 2025")
    assert "  > в ноябре 2025 года между министерством водных ресурсов" in text
    assert (
        "- Trend (Baku, 2026-02-17), interview: Yoav Bystritsky, Ambassador of Israel to Kazakhstan" in text
    )


def test_reference_lists_as_json(cli: Kzil) -> None:
    sectors = json.loads(cli("sectors", "--json").stdout)
    assert {s["id"] for s in sectors} >= set(REQUIRED_SECTORS)
    assert next(s for s in sectors if s["id"] == "water") == {
        "id": "water",
        "name": "Water resources",
        "aliases": [
            "water",
            "water management",
            "water resources",
            "irrigation",
            "вода",
            "водные ресурсы",
            "управление водными ресурсами",
            "ирригация",
        ],
        "facts": 10,
    }
    countries = json.loads(cli("countries", "--json", "--lang", "ru").stdout)
    assert next(c for c in countries if c["code"] == "AE")["name"] == "Объединённые Арабские Эмираты"
    [source] = json.loads(cli("sources", "--json").stdout)
    assert (
        source["citation"]
        == "Trend (Baku, 2026-02-17), interview: Yoav Bystritsky, Ambassador of Israel to Kazakhstan"
    )
    statuses = json.loads(cli("statuses", "--json").stdout)
    assert [s["id"] for s in statuses][:3] == ["happened", "ongoing", "in-progress"]
    assert sum(s["facts"] for s in statuses) == len(json.loads(cli("facts", "--json").stdout))


def test_overview_counts_add_up(cli: Kzil) -> None:
    data = json.loads(cli("overview", "--json").stdout)
    facts = json.loads(cli("facts", "--json").stdout)
    assert data["facts"] == len(facts)
    assert data["undated"] == sum(1 for fact in facts if fact["date"] is None)
    water = next(row for row in data["sectors"] if row["id"] == "water")
    assert water["total"] == 10 and water["counts"]["happened"] == 2
    # 1992: diplomatic relations (1992 on) and the AI ministry ("recently": an unknown start)
    assert data["years"][0] == {"year": 1992, "facts": 2}


# --- the program itself -------------------------------------------------------------------------------


def test_version(kzil: Kzil) -> None:
    result = kzil("--version")
    assert (result.returncode, result.stdout) == (0, "kzil 0.1.0\n")
    module = subprocess.run([sys.executable, "-m", "kzil", "--version"], capture_output=True, text=True)
    assert module.stdout == "kzil 0.1.0\n"


def test_validate_the_bundled_base(cli: Kzil) -> None:
    result = cli("validate")
    assert result.returncode == 0
    assert re.fullmatch(
        r".*facts\.yaml: valid: \d+ facts, 1 source, \d+ sectors, \d+ countries, \d+ entities\n",
        result.stdout,
    )


def test_schema_is_json(cli: Kzil) -> None:
    schema = json.loads(cli("schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["facts"]["items"] == {"$ref": "#/$defs/fact"}


def test_shell_completion_offers_ids_and_aliases(cli: Kzil) -> None:
    env = {"_KZIL_COMPLETE": "complete_bash", "COMP_WORDS": "kzil sector wat", "COMP_CWORD": "2"}
    result = cli(extra_env=env)
    assert result.stdout.splitlines() == ["water", "water\\ management", "water\\ resources"]
    statuses = cli(extra_env={**env, "COMP_WORDS": "kzil facts --status pl", "COMP_CWORD": "3"})
    assert statuses.stdout.splitlines() == ["planned"]
    facts = cli(extra_env={**env, "COMP_WORDS": "kzil show water-m", "COMP_CWORD": "2"})
    assert facts.stdout.splitlines() == ["water-mou-signed", "water-mou-working-group"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(cli: Kzil, command: str) -> None:
    result = cli(command, "--help", extra_env={"COLUMNS": "100"})
    assert result.returncode == 0 and f"kzil {command}" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"kzil {command}" in readme


def test_the_command_list_is_complete(cli: Kzil) -> None:
    help_text = cli("--help", extra_env={"COLUMNS": "100"}).stdout
    listed = re.findall(r"^│ (\w+) ", help_text, flags=re.MULTILINE)
    assert sorted(listed) == sorted(COMMANDS)
