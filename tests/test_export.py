"""`kzil export sqlite FILE`: a database that Datasette, sqlite3 and any SQLite client read as is."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from kzil.loading import schema
from kzil.loading.contract import FACT_KEYS
from tests.support import HANG_SECONDS, fake_env, invoke

# Texts in both languages are a column each: date_text_en, date_text_ru, ...
LANGUAGE_KEYS = {field.name for field in schema.table("facts").fields if field.kind == "bilingual"}


def kzil_json(tmp_path: Path, *args: str) -> list[dict[str, object]]:
    result = invoke(*args, "--json", env=fake_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


def export(tmp_path: Path, name: str = "kzil.db", *args: str) -> Path:
    path = tmp_path / name
    result = invoke("export", "sqlite", str(path), *args, env=fake_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{path}: ") and "datasette" in result.stdout
    return path


def datasette(path: Path, url: str, *more: str) -> object:
    """`datasette FILE --get URL`: the real client, as a reader would run it."""
    pytest.importorskip("datasette")
    script = Path(sys.executable).with_name("datasette")
    done = subprocess.run(
        [str(script), str(path), *more, "--get", url], capture_output=True, text=True, timeout=HANG_SECONDS
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_database_holds_every_fact_with_every_field_of_the_json_record(tmp_path: Path) -> None:
    path = export(tmp_path)
    facts = kzil_json(tmp_path, "facts")
    with sqlite3.connect(path) as connection:
        columns = {row[1] for row in connection.execute('PRAGMA table_info("facts")')}
        for key in FACT_KEYS:
            assert ({f"{key}_en", f"{key}_ru"} if key in LANGUAGE_KEYS else {key}) <= columns, key
        assert {"year", "search"} <= columns
        ids = [row[0] for row in connection.execute('SELECT "id" FROM "facts" ORDER BY "position"')]
        records = [
            json.loads(row[0])
            for row in connection.execute('SELECT "en" FROM "fact_json" ORDER BY "position"')
        ]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert ids == [fact["id"] for fact in facts]
    assert records == facts
    assert {"sources", "sectors", "countries", "entities", "fact_sectors", "fact_countries"} <= tables
    assert "fact_search" not in tables


def test_the_metadata_describes_every_table_a_reader_sees(tmp_path: Path) -> None:
    path = export(tmp_path)
    with sqlite3.connect(path) as connection:
        found = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'facts_fts%'"
        tables = {row[0] for row in connection.execute(found)}
    metadata = json.loads(Path(f"{path}.metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["kzil"]["tables"]
    assert {"fact_follows", "about"} <= tables
    assert sorted(tables) == sorted(described)


def test_the_sqlite3_client_reads_it(tmp_path: Path) -> None:
    client = shutil.which("sqlite3")
    if client is None:
        pytest.skip("the sqlite3 command-line client is not installed")
    path = export(tmp_path)
    query = "SELECT count(*) FROM facts JOIN fact_sectors ON fact_sectors.fact = facts.position WHERE sector = 'water'"
    done = subprocess.run([client, str(path), query], capture_output=True, text=True, timeout=HANG_SECONDS)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(kzil_json(tmp_path, "sector", "water"))


def test_datasette_lists_the_facts_with_facets_by_status_year_sector_and_country(tmp_path: Path) -> None:
    path = export(tmp_path)
    facts = kzil_json(tmp_path, "facts")
    url = "/kzil/facts.json?_facet=status&_facet=year&_facet_array=sectors&_facet_array=countries&_size=max&_shape=objects"
    page = datasette(path, url)
    assert isinstance(page, dict)
    assert [row["id"] for row in page["rows"]] == [fact["id"] for fact in facts]
    facets = {
        name: {item["value"]: item["count"] for item in facet["results"]}
        for name, facet in page["facet_results"].items()
    }
    assert facets["status"] == Counter(str(fact["status"]) for fact in facts)
    assert facets["sectors"] == Counter(sector for fact in facts for sector in fact["sectors"])  # type: ignore[attr-defined]
    assert facets["countries"]["KZ"] == sum("KZ" in fact["countries"] for fact in facts)  # type: ignore[operator]
    years = {
        int(str(fact["start"] or fact["end"])[:4])
        for fact in facts
        if fact["date"] and (fact["start"] or fact["end"])
    }
    assert set(facets["year"]) - {None} == years


@pytest.mark.parametrize("text", ["водных", "ВОДНЫХ", "Водн"])
def test_datasette_searches_as_kzil_does(tmp_path: Path, text: str) -> None:
    path = export(tmp_path)
    expected = [fact["id"] for fact in kzil_json(tmp_path, "search", text)]
    page = datasette(path, f"/kzil/facts.json?_search={quote(text)}&_shape=array&_col=id&_size=max")
    assert isinstance(page, list)
    assert expected and [row["id"] for row in page] == expected


def test_the_metadata_names_the_source_and_its_citation_and_folds_yo(tmp_path: Path) -> None:
    path = export(tmp_path)
    metadata = Path(f"{path}.metadata.json")
    shown = datasette(path, "/-/metadata.json", "-m", str(metadata))
    assert isinstance(shown, dict)
    assert "Trend (Baku, 2026-02-17), interview: Yoav Bystritsky" in shown["source"]
    with sqlite3.connect(path) as connection:
        about = dict(connection.execute('SELECT "key", "value" FROM "about"'))
    assert about["citation_ru"].startswith("Trend (Баку, 2026-02-17), интервью")
    expected = [fact["id"] for fact in kzil_json(tmp_path, "search", "объединённые")]
    found = datasette(
        path, f"/kzil/search.json?text={quote('ОБЪЕДИНЁННЫЕ')}&_shape=array", "-m", str(metadata)
    )
    assert isinstance(found, list)
    assert expected and [row["id"] for row in found] == expected


def test_the_filters_narrow_what_is_written(tmp_path: Path) -> None:
    path = export(tmp_path, "water.db", "--sector", "water", "--status", "happened")
    expected = [fact["id"] for fact in kzil_json(tmp_path, "sector", "water", "--status", "happened")]
    with sqlite3.connect(path) as connection:
        ids = [row[0] for row in connection.execute('SELECT "id" FROM "facts" ORDER BY "position"')]
        (links,) = connection.execute('SELECT count(DISTINCT "fact") FROM "fact_sectors"').fetchone()
        store = dict(connection.execute('SELECT "key", "value" FROM "kzil_store"'))
    assert ids == expected and links == len(expected)
    assert store["facts"] == str(len(expected)) and "inputs" not in store  # no local paths published


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "kept.db"
    path.write_text("not mine to overwrite")
    result = invoke("export", "sqlite", str(path), env=fake_env(tmp_path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"kzil: error: {path} exists; give --force to replace it\n"
    assert path.read_text() == "not mine to overwrite"
    assert invoke("export", "sqlite", str(path), "--force", env=fake_env(tmp_path)).returncode == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute('SELECT count(*) FROM "facts"').fetchone()[0] > 40
    assert [item.name for item in tmp_path.iterdir() if item.name.startswith(".")] == []
