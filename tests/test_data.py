"""The curated fact base: valid, verbatim, complete in its references, described by its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from kzil.loading import loader
from kzil.model import FactBase
from tests.support import BUNDLED, REQUIRED_SECTORS, ROOT, SOURCE_DIRS, SOURCE_ID, source_text


@pytest.fixture(scope="module")
def base() -> FactBase:
    return loader.load([str(BUNDLED)], use_cache=False)


def test_the_bundled_base_has_no_problems() -> None:
    assert loader.validate([str(BUNDLED)]).problems == []


def test_every_quote_is_verbatim_in_the_interview(base: FactBase) -> None:
    text = source_text()
    missing = [fact.id for fact in base.facts if fact.quote not in text]
    assert missing == []
    assert all(fact.quote == fact.quote.strip() for fact in base.facts)


def test_validate_with_the_source_directory_checks_every_quote() -> None:
    text = source_text()
    directory = next(d for d in SOURCE_DIRS if (d / f"{SOURCE_ID}.ru.txt").is_file())
    report = loader.validate([str(BUNDLED)], str(directory))
    assert (report.problems, report.unchecked, list(report.texts)) == ([], [], [SOURCE_ID])
    assert text


def test_the_bundled_file_matches_its_schema() -> None:
    schema = json.loads((ROOT / "src" / "kzil" / "facts.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


@pytest.mark.parametrize(
    "broken",
    [
        {"facts": [{"id": "x"}]},
        {"version": 2},
        {
            "version": 1,
            "facts": [
                {
                    "id": "Bad Id",
                    "source": "s",
                    "quote": "q",
                    "summary": {"en": "a", "ru": "б"},
                    "status": "happened",
                }
            ],
        },
        {
            "version": 1,
            "facts": [
                {"id": "x", "source": "s", "quote": "q", "summary": {"en": "a", "ru": "б"}, "status": "done"}
            ],
        },
        {
            "version": 1,
            "facts": [
                {
                    "id": "x",
                    "source": "s",
                    "quote": "q",
                    "summary": {"en": "a", "ru": "б"},
                    "status": "happened",
                    "date": "2026",
                }
            ],
        },
        {"version": 1, "sectors": {"water": {"name": {}}}},
    ],
    ids=["no-version", "version-2", "bad-id", "bad-status", "date-without-wording", "name-without-text"],
)
def test_the_schema_refuses_what_the_validator_refuses(broken: dict[str, object], tmp_path: Path) -> None:
    schema = json.loads((ROOT / "src" / "kzil" / "facts.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert loader.validate([str(path)]).problems


def test_required_sectors_and_their_aliases(base: FactBase) -> None:
    assert set(REQUIRED_SECTORS) <= set(base.sectors)
    assert {"AI", "artificial intelligence", "ИИ", "искусственный интеллект"} <= set(
        base.sectors["ai"].aliases
    )
    assert {"UAE", "ОАЭ"} <= set(base.countries["AE"].aliases)
    assert base.countries["AE"].name.ru == "Объединённые Арабские Эмираты"


def test_everything_defined_is_used(base: FactBase) -> None:
    assert {key for key in base.sectors if not base.by_sector.get(key)} == set()
    assert {key for key in base.countries if not base.by_country.get(key)} == set()
    assert {key for key in base.entities if not base.by_entity.get(key)} == set()


def test_the_facts_the_issue_names_are_there(base: FactBase) -> None:
    def get(fact_id: str) -> tuple[str, str | None, bool]:
        fact = base.facts[base.by_id[fact_id]]
        return fact.status, fact.date, fact.derived

    assert get("accession-announced") == ("happened", "2025-11", False)
    assert get("signing-ceremony-pending") == ("pending", None, False)
    assert get("water-mou-signed") == ("happened", "2025-11", False)
    assert get("diplomatic-relations-34-years") == ("ongoing", "1992~/..", True)
    assert get("scat-shymkent-flights") == ("scheduled", "2026-06-09", True)
    assert get("jec-meeting-in-israel")[0] == "planned"
    assert get("regional-working-group-proposed") == ("proposed", None, False)
    assert get("visa-free-kz-citizens") == ("in-progress", None, False)
    assert get("visa-free-israeli-citizens") == ("ongoing", None, False)


def test_statuses_keep_events_apart_from_plans(base: FactBase) -> None:
    """Nothing reported as having happened is dated after the interview."""
    for fact in base.facts:
        if fact.status == "happened" and fact.start is not None:
            assert fact.start <= fact.as_of, fact.id


def test_dates_are_only_where_the_source_gives_a_time(base: FactBase) -> None:
    dated = {fact.id for fact in base.facts if fact.date}
    assert dated == {
        "diplomatic-relations-34-years",
        "accession-announced",
        "water-mou-signed",
        "jec-reconvene-2026",
        "jec-meeting-in-israel",
        "official-visits-2026",
        "year-of-digitalization-ai",
        "ai-ministry-created",
        "scat-shymkent-flights",
        "air-astana-flights-2023",
        "no-direct-flights-two-years",
        "deepen-cooperation-2026",
        "results-expected-2026",
    }
    for fact in base.facts:
        if fact.derived:
            assert fact.notes is not None, f"{fact.id}: a derived date says how it was derived"
