"""The loader and validator: every rejected input gets its exact message and line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kzil.errors import DataError, InvalidData
from kzil.loading import loader
from tests.support import VALID, change, problems, write


def test_the_valid_example_is_valid(tmp_path: Path) -> None:
    assert problems(tmp_path, VALID) == []
    base = loader.load([write(tmp_path, VALID)], use_cache=False)
    fact = base.facts[0]
    assert (fact.id, fact.start, fact.end, fact.as_of) == (
        "fact-one",
        "2025-11-01",
        "2025-11-30",
        "2026-02-17",
    )


def test_duplicate_keys_are_refused_naming_both_lines(tmp_path: Path) -> None:
    text = change("    status: happened\n", "    status: happened\n    status: planned\n")
    assert problems(tmp_path, text) == [
        "facts.yaml:28: facts[fact-one].status: duplicate key, first at line 27; keep one of them"
    ]


def test_keys_that_yaml_1_1_reads_alike_are_duplicates(tmp_path: Path) -> None:
    text = change(
        "sectors:\n  water:", "sectors:\n  1: {name: {en: a, ru: б}}\n  yes: {name: {en: c, ru: д}}\n  water:"
    )
    assert problems(tmp_path, text) == [
        "facts.yaml:12: sectors.1: '1' is read as a number by YAML 1.1 tools; put it in quotes",
        "facts.yaml:13: sectors.yes: duplicate key, first at line 12 ('1' and 'yes' are the same key in "
        "YAML 1.1); keep one of them",
    ]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("no", "a boolean"),
        ("on", "a boolean"),
        ("12:30", "a number"),
        ("010", "a number"),
        ("1_000", "a number"),
        (".nan", "a number"),
        ("2026-02-17", "a date"),
    ],
)
def test_text_fields_refuse_what_yaml_1_1_reads_as_something_else(
    tmp_path: Path, value: str, kind: str
) -> None:
    text = change("summary: {en: A summary., ru: Кратко.}", f"summary: {{en: {value}, ru: Кратко.}}")
    assert problems(tmp_path, text) == [
        f"facts.yaml:26: facts[fact-one].summary.en: '{value}' is read as {kind} by YAML 1.1 tools; put it in quotes"
    ]


def test_quoted_yaml_1_1_words_are_plain_text(tmp_path: Path) -> None:
    text = change("summary: {en: A summary., ru: Кратко.}", "summary: {en: 'no', ru: \"12:30\"}")
    assert problems(tmp_path, text) == []
    base = loader.load([write(tmp_path, text)], use_cache=False)
    assert base.facts[0].summary == ("no", "12:30")


def test_empty_summaries_are_refused(tmp_path: Path) -> None:
    text = change("summary: {en: A summary., ru: Кратко.}", "summary: {en: '  ', ru: }")
    assert problems(tmp_path, text) == [
        "facts.yaml:26: facts[fact-one].summary.en: is empty; write the text",
        "facts.yaml:26: facts[fact-one].summary.ru: is empty; write the text",
    ]


def test_unknown_fields_get_a_suggestion(tmp_path: Path) -> None:
    text = change("    status: happened\n", "    staus: happened\n")
    assert problems(tmp_path, text) == [
        "facts.yaml:23: facts[fact-one]: missing field 'status'",
        "facts.yaml:27: facts[fact-one].staus: unknown field 'staus'; did you mean 'status'?",
    ]


def test_unknown_status_lists_the_valid_ones(tmp_path: Path) -> None:
    text = change("status: happened", "status: hapened")
    assert problems(tmp_path, text) == [
        "facts.yaml:27: facts[fact-one].status: 'hapened' is not one of: happened, ongoing, in-progress, "
        "scheduled, planned, proposed, intended, hoped, pending, cancelled, assessment; did you mean 'happened'?"
    ]


def test_cross_references_are_checked(tmp_path: Path) -> None:
    text = change(
        "    sectors: [water]\n    countries: [KZ]\n    entities: [someone]\n",
        "    sectors: [watr]\n    countries: [AE]\n    entities: [noone]\n",
    )
    text = text.replace("    source: src-1\n    quote", "    source: src-2\n    quote")
    assert problems(tmp_path, text) == [
        "facts.yaml:24: facts[fact-one].source: unknown source 'src-2'; did you mean 'src-1'?; define it under 'sources'",
        "facts.yaml:30: facts[fact-one].sectors[0]: unknown sector 'watr'; did you mean 'water'?; define it under 'sectors'",
        "facts.yaml:31: facts[fact-one].countries[0]: unknown country 'AE'; define it under 'countries'",
        "facts.yaml:32: facts[fact-one].entities[0]: unknown entity 'noone'; did you mean 'someone'?; "
        "define it under 'entities'",
    ]


def test_speaker_and_entity_country_must_exist(tmp_path: Path) -> None:
    text = change("    speaker: someone", "    speaker: nobody")
    text = text.replace(
        "    name: {en: Some One, ru: Некто}", "    name: {en: Some One, ru: Некто}\n    country: IL"
    )
    assert problems(tmp_path, text) == [
        "facts.yaml:3: sources.src-1.speaker: unknown entity 'nobody'; define it under 'entities'",
        "facts.yaml:19: entities.someone.country: unknown country 'IL'; define it under 'countries'",
    ]


def test_duplicate_fact_ids_name_the_first(tmp_path: Path) -> None:
    fact = VALID[VALID.index("  - id: fact-one") :]
    assert problems(tmp_path, VALID + fact) == [
        "facts.yaml:33: facts[fact-one].id: duplicate fact id, first at facts.yaml:23"
    ]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-02-30", "'2026-02-30': day 30 does not exist in 2026-02"),
        ("0000-01-01", "'0000-01-01': years before 0001 are not supported"),
        (
            "summer 2026",
            "'summer 2026' is not an EDTF date; write YYYY, YYYY-MM, YYYY-MM-DD, a season "
            "YYYY-21..24 or an interval A/B, optionally ending in ? ~ or %",
        ),
    ],
)
def test_invalid_dates_name_field_and_line(tmp_path: Path, date: str, message: str) -> None:
    text = change("date: 2025-11", f"date: {date}")
    assert problems(tmp_path, text) == [f"facts.yaml:28: facts[fact-one].date: {message}"]


def test_invalid_published_date(tmp_path: Path) -> None:
    text = change("published: 2026-02-17", "published: 2026-02-30")
    assert problems(tmp_path, text) == [
        "facts.yaml:6: sources.src-1.published: '2026-02-30': day 30 does not exist in 2026-02"
    ]


def test_date_and_its_wording_go_together(tmp_path: Path) -> None:
    text = change("    date_text: {en: November 2025, ru: в ноябре 2025 года}\n", "    derived: yes\n")
    assert problems(tmp_path, text) == [
        "facts.yaml:23: facts[fact-one]: missing field 'date_text': give the source's own wording of the date",
        "facts.yaml:29: facts[fact-one].derived: 'yes' is not true or false",
    ]
    text = change("    date: 2025-11\n", "")
    assert problems(tmp_path, text) == [
        "facts.yaml:28: facts[fact-one].date_text: has no 'date'; add the EDTF date it describes"
    ]


def test_aliases_are_refused(tmp_path: Path) -> None:
    text = change("    sectors: [water]\n", "    sectors: &s [water]\n    notes: {en: *s, ru: x}\n")
    assert problems(tmp_path, text) == [
        "facts.yaml:30: facts[fact-one].notes.en: YAML aliases (*name) are not allowed; write the value out"
    ]


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = change("status: happened", f"status: !!python/object/apply:os.system ['touch {marker}']")
    assert problems(tmp_path, text) == [
        "facts.yaml:27: facts[fact-one].status: YAML tag '!!python/object/apply:os.system' is not allowed; "
        "kzil reads plain data"
    ]
    assert not marker.exists()


def test_quotes_must_be_trimmed(tmp_path: Path) -> None:
    text = change('quote: "quoted words"', 'quote: " quoted words"')
    assert problems(tmp_path, text) == [
        "facts.yaml:25: facts[fact-one].quote: has leading or trailing spaces; trim it"
    ]


def test_ids_must_be_slugs(tmp_path: Path) -> None:
    text = change("  - id: fact-one", "  - id: Fact One")
    assert problems(tmp_path, text) == [
        "facts.yaml:23: facts[0].id: 'Fact One' is not an id: use lowercase letters, digits and single hyphens"
    ]


def test_unsupported_version(tmp_path: Path) -> None:
    assert problems(tmp_path, change("version: 1", "version: 2")) == [
        "facts.yaml:1: version: '2' is not supported; this kzil reads version: 1"
    ]


def test_names_and_aliases_must_be_unambiguous(tmp_path: Path) -> None:
    text = change("countries:", "  food:\n    name: {en: Food, ru: Еда}\n    aliases: [Вода]\ncountries:")
    assert problems(tmp_path, text) == [
        "facts.yaml:15: sectors.food: name or alias 'вода' also belongs to 'water'; make it unique"
    ]


def test_redefinitions_across_files_name_both_places(tmp_path: Path) -> None:
    extra = "version: 1\nsectors:\n  water:\n    name: {en: Water, ru: Вода}\n"
    assert problems(tmp_path, VALID, extra) == [
        "more0.yaml:3: sectors.water: already defined at facts.yaml:12; rename or remove one"
    ]


def test_a_later_file_may_use_what_an_earlier_one_defines(tmp_path: Path) -> None:
    extra = (
        "version: 1\nfacts:\n  - id: fact-two\n    source: src-1\n    quote: more words\n"
        "    summary: {en: Two., ru: Два.}\n    status: planned\n    sectors: [water]\n"
    )
    paths = [write(tmp_path, VALID), write(tmp_path, extra, "notes.yaml")]
    base = loader.load(paths, use_cache=False)
    assert [fact.id for fact in base.facts] == ["fact-one", "fact-two"]
    assert base.by_sector["water"] == (0, 1)


def test_quotes_are_checked_against_the_source_text(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "src-1.ru.txt").write_text("Some quoted words here.", encoding="utf-8")
    path = write(tmp_path, VALID)
    assert loader.validate([path], str(sources)).problems == []
    (sources / "src-1.ru.txt").write_text("Some quoted  words here.", encoding="utf-8")
    report = loader.validate([path], str(sources))
    assert [str(p).replace(str(tmp_path) + "/", "") for p in report.problems] == [
        "facts.yaml:25: facts[fact-one].quote: not found verbatim in the text of source 'src-1'; copy it exactly"
    ]


# --- files that cannot be read as one YAML mapping: DataError, one line --------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "facts.yaml: empty; a fact base must be one mapping (see 'kzil schema')"),
        ("# only a comment\n", "facts.yaml: empty; a fact base must be one mapping (see 'kzil schema')"),
        ("- a\n- b\n", "facts.yaml:1: found a list; a fact base must be one mapping (see 'kzil schema')"),
        (
            "just text\n",
            "facts.yaml:1: found a single value; a fact base must be one mapping (see 'kzil schema')",
        ),
        (
            "version: 1\n---\nversion: 1\n",
            "facts.yaml:2: several YAML documents; a fact base must be one mapping",
        ),
        ("[" * 1100, "facts.yaml:1: invalid YAML: nesting too deep"),
        ("a: [\n", "facts.yaml:2: invalid YAML: did not find expected node content"),
        (b"version: 1\nx: \xff\n", "facts.yaml:2: not valid UTF-8 at byte 14 (0xff); save the file as UTF-8"),
        (
            "version: 1\nx: Привет\n".encode("cp1251"),
            "facts.yaml:2: not valid UTF-8 at byte 14 (0xcf); save the file as UTF-8",
        ),
        (b"version: 1\nx: a\x00\n", "facts.yaml:2: NUL byte at byte 15; save the file as UTF-8 text"),
        (
            codecs.BOM_UTF16_LE + "version: 1\n".encode("utf-16-le"),
            "facts.yaml: UTF-16 encoded; save the file as UTF-8",
        ),
        (
            "version: 1\n".encode("utf-16-le"),
            "facts.yaml:1: NUL byte at byte 1 (the file looks UTF-16 encoded); save the file as UTF-8 text",
        ),
    ],
)
def test_unreadable_content_is_one_clear_error(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(DataError) as caught:
        loader.load([path], use_cache=False)
    assert str(caught.value) == f"{tmp_path}/{message}"


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF8 + VALID.encode("utf-8"))
    assert [fact.id for fact in loader.load([path], use_cache=False).facts] == ["fact-one"]


def test_invalid_data_reports_the_first_problem_and_the_count(tmp_path: Path) -> None:
    text = change("status: happened", "status: done") + "extra: field\n"
    path = write(tmp_path, text)
    with pytest.raises(InvalidData) as caught:
        loader.load([path], use_cache=False)
    assert str(caught.value) == (
        f"{path}:27: facts[fact-one].status: 'done' is not one of: happened, ongoing, in-progress, scheduled, "
        "planned, proposed, intended, hoped, pending, cancelled, assessment (and 1 more problem); "
        f"run 'kzil validate {path}' to list them all"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such file; check the path given with --data or KZIL_DATA"),
        (lambda p: p.mkdir(), "is a directory; give the path of a fact-base YAML file"),
    ],
)
def test_paths_that_are_not_files(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "facts.yaml"
    make(path)  # type: ignore[operator]
    with pytest.raises(DataError) as caught:
        loader.load([str(path)], use_cache=False)
    assert str(caught.value) == f"{path}: {message}"
