"""Provenance a curator can check: the SHA-256 of the text the quotes were checked against, the
clauses a sentence was split into and the waivers, as a source records them."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import yaml

from kzil.loading import loader
from kzil.loading.provenance import WAIVER
from kzil.model import Text, Waiver
from tests.support import (
    BUNDLED,
    COVERAGE_FIXTURE,
    ROOT,
    SOURCE_DIRS,
    SOURCE_ID,
    VALID,
    fake_env,
    invoke,
    problems,
    source_text,
    write,
)

FIXTURE_HASH = "459b8b8295b6f0d43793efeefe79cd6f69c157b35b6b8bc2b6792b6e374794c6"


def with_source_lines(lines: str) -> str:
    """The valid example with `lines` added to its source."""
    anchor = "    title: {en: Title, ru: Заголовок}\n"
    assert anchor in VALID
    return VALID.replace(anchor, anchor + lines, 1)


# --- reading --------------------------------------------------------------------------------------


def test_a_source_reads_its_hash_splits_and_waivers(tmp_path: Path) -> None:
    text = with_source_lines(
        f"    sha256: {FIXTURE_HASH}\n"
        '    splits: ["and then"]\n'
        "    waived:\n"
        '      - starts: "Once upon"\n'
        "        reason: {en: A preamble, ru: Вступление}\n"
    )
    source = loader.load([write(tmp_path, text)], use_cache=False).sources["src-1"]
    assert (source.sha256, source.splits, source.waived) == (
        FIXTURE_HASH,
        ("and then",),
        (Waiver("Once upon", Text("A preamble", "Вступление")),),
    )


def test_a_source_without_provenance_has_none(tmp_path: Path) -> None:
    source = loader.load([write(tmp_path, VALID)], use_cache=False).sources["src-1"]
    assert (source.sha256, source.splits, source.waived) == (None, (), ())


def test_provenance_fields_are_checked_with_file_and_line(tmp_path: Path) -> None:
    text = with_source_lines(
        "    sha256: 06A756F6\n"
        '    splits: ["x", "x"]\n'
        "    waived:\n"
        '      - starts: "Once upon"\n'
        "      - reason: {en: A preamble, ru: Вступление}\n"
        "        starts: Later\n"
        "        why: nobody\n"
    )
    assert problems(tmp_path, text) == [
        "facts.yaml:11: sources.src-1.sha256: must be the 64 lowercase hexadecimal digits that sha256sum prints",
        "facts.yaml:12: sources.src-1.splits[1]: 'x' is listed twice",
        "facts.yaml:14: sources.src-1.waived[0]: missing field 'reason'",
        "facts.yaml:17: sources.src-1.waived[1].why: unknown field 'why'",
    ]


# --- validate: the version of the text first, then the quotes -------------------------------------


def _texts(tmp_path: Path, content: str) -> Path:
    directory = tmp_path / "texts"
    directory.mkdir()
    (directory / "note-1.en.txt").write_text(content, encoding="utf-8")
    return directory


def test_validate_says_first_that_a_text_is_another_version(tmp_path: Path) -> None:
    original = (COVERAGE_FIXTURE / "note-1.en.txt").read_text(encoding="utf-8")
    directory = _texts(tmp_path, original.replace("the council met", "the city council met"))
    found = hashlib.sha256((directory / "note-1.en.txt").read_bytes()).hexdigest()
    data = str(COVERAGE_FIXTURE / "facts.yaml")
    result = invoke("validate", data, "--source-dir", str(directory), env=fake_env(tmp_path))
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.replace(str(tmp_path), "TMP").replace(str(COVERAGE_FIXTURE), "FIXTURE") == (
        "TMP/texts/note-1.en.txt: sources.note-1.sha256: this text is a different version than the one the "
        f"quotes were checked against: expected sha256 {FIXTURE_HASH}, found {found}; use the recorded "
        "version, or check every quote against this one and record its sha256\n"
        "FIXTURE/facts.yaml:34: facts[council-met].quote: not found verbatim in the text of source "
        "'note-1'; copy it exactly\n"
        "FIXTURE/facts.yaml: invalid: 2 problems; quotes checked against TMP/texts/note-1.en.txt\n"
    )


def test_the_recorded_version_validates(tmp_path: Path) -> None:
    directory = tmp_path / "texts"
    shutil.copytree(COVERAGE_FIXTURE, directory)
    report = loader.validate([str(directory / "facts.yaml")], str(directory))
    assert report.problems == []
    assert hashlib.sha256((directory / "note-1.en.txt").read_bytes()).hexdigest() == FIXTURE_HASH


def test_the_version_check_is_in_the_json_report(tmp_path: Path) -> None:
    directory = _texts(tmp_path, "Another text.\n")
    data = str(COVERAGE_FIXTURE / "facts.yaml")
    report = json.loads(
        invoke("validate", data, "--source-dir", str(directory), "--json", env=fake_env(tmp_path)).stdout
    )
    first = report["problems"][0]
    assert (first["file"], first["line"], first["field"]) == (
        str(directory / "note-1.en.txt"),
        None,
        "sources.note-1.sha256",
    )


# --- the bundled base -----------------------------------------------------------------------------


def test_the_bundled_source_records_the_hash_of_the_interview_text() -> None:
    source_text()  # skips where the text is not at hand
    path = next(d / f"{SOURCE_ID}.ru.txt" for d in SOURCE_DIRS if (d / f"{SOURCE_ID}.ru.txt").is_file())
    source = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["sources"][SOURCE_ID]
    assert source["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_sources_json_gives_the_recorded_hash(tmp_path: Path) -> None:
    (record,) = json.loads(invoke("sources", "--json", env=fake_env(tmp_path)).stdout)
    keys = list(record)
    assert keys[keys.index("url") :] == ["url", "sha256", "facts", "citation"]
    assert record["sha256"] == "06a756f615773786afd6c649b21fc7f604a1556037f270e5c7c911946feb05e8"


# --- the schema -----------------------------------------------------------------------------------


def test_a_waiver_in_the_schema_has_the_fields_of_its_spec() -> None:
    schema = json.loads((ROOT / "src" / "kzil" / "facts.schema.json").read_text(encoding="utf-8"))
    waiver = schema["$defs"]["waiver"]
    assert (waiver["type"], waiver["additionalProperties"]) == ("object", False)
    assert waiver["required"] == list(WAIVER.required)
    for name in WAIVER.names:
        described = {key: value for key, value in waiver["properties"][name].items() if key != "description"}
        assert described == dict(WAIVER.field(name).value.schema)
    assert sorted(waiver["properties"]) == sorted(WAIVER.names)


def test_provenance_and_attribution_round_trip_through_the_compiled_store(tmp_path: Path) -> None:
    paths = [str(COVERAGE_FIXTURE / "facts.yaml")]
    parsed = loader.load(paths, cache_dir=str(tmp_path), use_cache=False)
    loader.load(paths, cache_dir=str(tmp_path))  # writes the store
    stored = loader.load(paths, cache_dir=str(tmp_path))  # reads it
    assert list(tmp_path.glob("*.sqlite"))
    assert stored.sources == parsed.sources
    assert stored.sources["note-1"].waived == (
        Waiver(
            "The weather was fine",
            Text(
                "Scene-setting; says nothing about the council",
                "Описание обстановки; о совете ничего не говорит",
            ),
        ),
    )
    assert [(fact.said_by, fact.speech) for fact in stored.facts] == [
        (fact.said_by, fact.speech) for fact in parsed.facts
    ]
