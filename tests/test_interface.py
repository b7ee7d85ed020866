"""Small interface promises: bare `kzil`, help wording, table titles, search over names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import fake_env, invoke


def test_bare_kzil_prints_the_help_alone_and_exits_0(tmp_path: Path) -> None:
    bare = invoke(env=fake_env(tmp_path, {"COLUMNS": "100"}))
    asked = invoke("--help", env=fake_env(tmp_path, {"COLUMNS": "100"}))
    assert (bare.returncode, bare.stderr) == (0, "")
    assert bare.stdout == asked.stdout
    assert "Usage: kzil [OPTIONS] COMMAND [ARGS]..." in bare.stdout


def _ids(tmp_path: Path, *args: str) -> list[str]:
    import json

    result = invoke(*args, "--json", env=fake_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return [fact["id"] for fact in json.loads(result.stdout)]


def test_search_matches_country_names_and_aliases_as_the_country_filter_does(tmp_path: Path) -> None:
    uae = ["regional-working-group-proposed"]
    assert _ids(tmp_path, "facts", "--country", "Emirates") == uae
    assert _ids(tmp_path, "search", "Emirates") == uae
    assert _ids(tmp_path, "search", "эмираты") == uae  # a Russian alias, in any case
    assert _ids(tmp_path, "search", "United", "Arab") == uae  # the English name
    assert _ids(tmp_path, "facts", "-q", "Morocco") == _ids(tmp_path, "facts", "-c", "MA")


def test_statuses_table_has_no_column_repeating_another(tmp_path: Path) -> None:
    english = invoke("statuses", env=fake_env(tmp_path)).stdout.splitlines()
    assert english[:4] == [
        "Statuses",
        "symbol   status        meaning                                 facts",
        "────────────────────────────────────────────────────────────────────",
        "●        happened      took place before the source date       5",
    ]
    russian = invoke("statuses", "--lang", "ru", env=fake_env(tmp_path)).stdout.splitlines()
    assert russian[1].split() == ["знак", "статус", "id", "значение", "факты"]
    assert russian[3].split()[:3] == ["●", "произошло", "happened"]
    markdown = invoke("statuses", "--format", "markdown", env=fake_env(tmp_path)).stdout
    assert markdown.splitlines()[2] == "| symbol | status | meaning | facts |"


def test_statuses_json_keeps_every_key(tmp_path: Path) -> None:
    import json

    first = json.loads(invoke("statuses", "--json", env=fake_env(tmp_path)).stdout)[0]
    assert first == {
        "id": "happened",
        "label": "happened",
        "symbol": "●",
        "meaning": "took place before the source date",
        "facts": 5,
    }


def test_reference_lists_are_titled_alike(tmp_path: Path) -> None:
    titles = {
        lang: [
            invoke(command, "--lang", lang, env=fake_env(tmp_path)).stdout.splitlines()[0]
            for command in ("sectors", "countries", "entities", "sources", "statuses")
        ]
        for lang in ("en", "ru")
    }
    assert titles == {
        "en": ["Sectors", "Countries", "Entities", "Sources", "Statuses"],
        "ru": ["Отрасли", "Страны", "Упомянутые", "Источники", "Статусы"],
    }


def test_help_names_arguments_by_their_metavar_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # Typer's help reads the process's width, not kzil's Env
    usage = {}
    for command in ("sector", "entity", "show", "search", "validate"):
        text = invoke(command, "--help", env=fake_env(tmp_path)).stdout
        usage[command] = text.splitlines()[1].strip()
        assert "<str>" not in text and "{" not in text
    assert usage == {
        "sector": "Usage: kzil sector [OPTIONS] NAME",
        "entity": "Usage: kzil entity [OPTIONS] NAME",
        "show": "Usage: kzil show [OPTIONS] ID",
        "search": "Usage: kzil search [OPTIONS] TEXT...",
        "validate": "Usage: kzil validate [OPTIONS] [PATH]...",
    }
    text = invoke("sector", "--help", env=fake_env(tmp_path)).stdout
    assert "│ *    NAME        Sector id, name or alias (water, Water resources, вода).    │" in text


def test_facts_per_year_agree_with_the_year_filters(tmp_path: Path) -> None:
    import json

    years = json.loads(invoke("overview", "--json", env=fake_env(tmp_path)).stdout)["years"]
    counted = {row["year"]: row["facts"] for row in years}
    assert (min(counted), max(counted)) == (1992, 2026)
    for year in range(1992, 2027):  # the years of the known dates; beyond them only open ends reach
        listed = _ids(tmp_path, "facts", "--from", str(year), "--to", str(year))
        assert counted[year] == len(listed), year


def test_overview_chart_joins_years_with_the_same_count(tmp_path: Path) -> None:
    text = invoke("overview", env=fake_env(tmp_path)).stdout
    chart = text[text.index("facts per year") :].splitlines()
    assert chart == [
        "facts per year",
        "1992–2022 ████████ 2",
        "     2023 ████████████████ 4",
        "     2024 ████████████ 3",
        "     2025 ████████████████████ 5",
        "     2026 ████████████████████████████████████████ 10",
        "        — 38 without a date",
    ]
