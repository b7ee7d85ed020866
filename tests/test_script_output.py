"""Output for scripts: choosing keys (`--json=FIELDS`, `--fields`), names beside ids (`--names`)
and the order of a listing (`--sort`, `--reverse`), on a small fact base of their own."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kzil.render.records import FACT_KEYS
from tests.support import Result, fake_env, invoke

DATA = """\
version: 1
sources:
  src:
    outlet: Trend
    kind: interview
    published: 2026-02-17
    place: {en: Baku, ru: Баку}
    language: ru
    speaker: envoy
    title: {en: Title, ru: Заголовок}
sectors:
  water:
    name: {en: Water resources, ru: Водные ресурсы}
    aliases: [водные ресурсы]
  air:
    name: {en: Aviation, ru: Авиация}
countries:
  KZ:
    name: {en: Kazakhstan, ru: Казахстан}
  AE:
    name: {en: United Arab Emirates, ru: Объединённые Арабские Эмираты}
entities:
  envoy:
    kind: person
    name: {en: The Envoy, ru: Посланник}
facts:
  - id: plan-b
    source: src
    quote: "b"
    summary: {en: Plan B., ru: План Б.}
    status: planned
    date: 2026
    date_text: {en: in 2026, ru: в 2026 году}
    sectors: [water]
    countries: [KZ, AE]
    entities: [envoy]
  - id: opinion-a
    source: src
    quote: "a"
    summary: {en: Opinion A., ru: Мнение А.}
    status: assessment
    sectors: [water, air]
  - id: done-c
    source: src
    quote: "c"
    summary: {en: Done C., ru: Сделано В.}
    status: happened
    date: 2025-11
    date_text: {en: November 2025, ru: в ноябре 2025 года}
    sectors: [air]
    countries: [KZ]
  - id: hope-d
    source: src
    quote: "d"
    summary: {en: Hope D., ru: Надежда Г.}
    status: hoped
  - id: since-e
    source: src
    quote: "e"
    summary: {en: Since E., ru: С тех пор Д.}
    status: ongoing
    date: 1992~/..
    date_text: {en: since 1992, ru: с 1992 года}
"""


Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    path = tmp_path / "facts.yaml"
    path.write_text(DATA, encoding="utf-8")

    def run(*args: str) -> Result:
        return invoke("--data", str(path), *args, env=fake_env(tmp_path))

    return run


def ok(result: Result) -> str:
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def usage_error(result: Result) -> str:
    assert (result.returncode, result.stdout) == (2, ""), result
    return result.stderr


# --- choosing keys ------------------------------------------------------------------------------


def test_json_fields_prints_those_keys_in_the_order_given(run: Run) -> None:
    assert ok(run("facts", "--json=status,id")) == (
        '[\n{"status": "planned", "id": "plan-b"},\n{"status": "assessment", "id": "opinion-a"},\n'
        '{"status": "happened", "id": "done-c"},\n{"status": "hoped", "id": "hope-d"},\n'
        '{"status": "ongoing", "id": "since-e"}\n]\n'
    )
    assert ok(run("show", "done-c", "--json=id,date_text")) == (
        '{\n  "id": "done-c",\n  "date_text": "November 2025"\n}\n'
    )


def test_bare_json_prints_every_key_of_the_contract(run: Run) -> None:
    records = json.loads(ok(run("facts", "--json")))
    assert [list(record) for record in records] == [list(FACT_KEYS)] * 5


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["search", "--json", "plan"], ["plan-b"]),
        (["sector", "--json", "air"], ["opinion-a", "done-c"]),
        (["sector", "--json", "водные ресурсы", "--status", "planned"], ["plan-b"]),
        (["show", "--json", "hope-d"], "hope-d"),
    ],
)
def test_bare_json_before_a_positional_argument_leaves_it_alone(
    run: Run, args: list[str], ids: object
) -> None:
    found = json.loads(ok(run(*args)))
    assert (found["id"] if isinstance(found, dict) else [fact["id"] for fact in found]) == ids


def test_fields_written_after_a_space_are_a_usage_error_that_says_how(run: Run) -> None:
    assert usage_error(run("facts", "--json", "id,date")) == (
        "kzil: error: --json takes its fields after '=': write --json=id,date\n"
    )


def test_an_unknown_field_is_a_usage_error_listing_the_fields(run: Run) -> None:
    expected = f"kzil: error: unknown field 'title'; the fields are: {', '.join(FACT_KEYS)}\n"
    assert usage_error(run("facts", "--json=id,title")) == expected
    assert usage_error(run("facts", "-f", "csv", "--fields", "id,title")) == expected
    assert usage_error(run("sectors", "--json=id,title")) == (
        "kzil: error: unknown field 'title'; the fields are: id, name, aliases, facts\n"
    )


def test_fields_for_csv_tsv_and_jsonl(run: Run) -> None:
    assert ok(run("facts", "-f", "csv", "--fields", "id,countries", "--country", "KZ")) == (
        "id,countries\r\nplan-b,KZ;AE\r\ndone-c,KZ\r\n"
    )
    assert ok(run("facts", "-f", "tsv", "--fields", "id, status", "-s", "air")) == (
        "id\tstatus\nopinion-a\tassessment\ndone-c\thappened\n"
    )
    assert ok(run("facts", "-f", "jsonl", "--fields", "id", "-s", "air")) == (
        '{"id": "opinion-a"}\n{"id": "done-c"}\n'
    )
    # any key of a reference list's records, not only the columns its CSV shows by default
    assert ok(run("sectors", "-f", "csv", "--fields", "id,aliases")) == (
        "id,aliases\r\nwater,водные ресурсы\r\nair,\r\n"
    )
    assert ok(run("overview", "--json=facts,undated")) == '{\n  "facts": 5,\n  "undated": 2\n}\n'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fields", "id"], "--fields applies to json, jsonl, csv and tsv, not to the table format"),
        (
            ["-f", "markdown", "--names"],
            "--names applies to json, jsonl, csv and tsv, not to the markdown format",
        ),
        (
            ["--json=id", "--fields", "id"],
            "--json=FIELDS and --fields both choose the keys; give one of them",
        ),
        (["--json=,"], "--json=FIELDS needs at least one key, e.g. id,date"),
        (["--json=id", "-f", "csv"], "--json and --format csv disagree; give one of them"),
    ],
)
def test_misused_field_options_are_usage_errors(run: Run, args: list[str], message: str) -> None:
    assert usage_error(run("facts", *args)) == f"kzil: error: {message}\n"


# --- names beside ids ---------------------------------------------------------------------------


def test_names_adds_the_names_of_sectors_countries_and_entities(run: Run) -> None:
    record = json.loads(ok(run("show", "plan-b", "--names", "--json")))
    assert list(record) == [*FACT_KEYS, "sector_names", "country_names", "entity_names"]
    assert {key: record[key] for key in list(record)[-3:]} == {
        "sector_names": ["Water resources"],
        "country_names": ["Kazakhstan", "United Arab Emirates"],
        "entity_names": ["The Envoy"],
    }
    russian = json.loads(ok(run("facts", "--names", "--lang", "ru", "--json=id,country_names", "-c", "AE")))
    assert russian == [{"id": "plan-b", "country_names": ["Казахстан", "Объединённые Арабские Эмираты"]}]
    assert ok(run("timeline", "--names", "-f", "csv", "--fields", "id,sector_names")) == (
        "id,sector_names\r\nsince-e,\r\ndone-c,Aviation\r\nplan-b,Water resources\r\n"
    )


def test_without_names_the_contract_is_unchanged(run: Run) -> None:
    assert list(json.loads(ok(run("show", "plan-b", "--json")))) == list(FACT_KEYS)
    assert ok(run("facts", "-f", "csv")).splitlines()[0] == ",".join(FACT_KEYS)


# --- order --------------------------------------------------------------------------------------


def ids(run: Run, *args: str) -> list[str]:
    return [fact["id"] for fact in json.loads(ok(run("facts", "--json", *args)))]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["plan-b", "opinion-a", "done-c", "hope-d", "since-e"]),  # the fact base's order
        (["-r"], ["since-e", "hope-d", "done-c", "opinion-a", "plan-b"]),
        (["--sort", "date"], ["since-e", "done-c", "plan-b", "opinion-a", "hope-d"]),  # undated last
        (["--sort", "date", "--reverse"], ["plan-b", "done-c", "since-e", "opinion-a", "hope-d"]),
        (["--sort", "status"], ["done-c", "since-e", "plan-b", "hope-d", "opinion-a"]),
        (["--sort", "status", "-r"], ["opinion-a", "hope-d", "plan-b", "since-e", "done-c"]),
        (["--sort", "id"], ["done-c", "hope-d", "opinion-a", "plan-b", "since-e"]),
        (["--sort", "id", "-r"], ["since-e", "plan-b", "opinion-a", "hope-d", "done-c"]),
    ],
)
def test_sort_and_reverse(run: Run, args: list[str], expected: list[str]) -> None:
    assert ids(run, *args) == expected


def test_sort_works_in_every_listing_command_and_format(run: Run) -> None:
    assert [f["id"] for f in json.loads(ok(run("sector", "water", "--sort", "id", "--json")))] == [
        "opinion-a",
        "plan-b",
    ]
    assert ok(run("search", "Since", "--sort", "date", "-f", "csv", "--fields", "id")) == "id\r\nsince-e\r\n"
    table = ok(run("facts", "--sort", "status", "-s", "air"))
    assert table.index("done-c") < table.index("opinion-a")


def test_an_unknown_sort_is_a_usage_error(run: Run) -> None:
    assert usage_error(run("facts", "--sort", "name")) == (
        "kzil: error: Invalid value for '--sort': 'name' is not one of 'date', 'status', 'id'. "
        "(see 'kzil facts --help')\n"
    )
