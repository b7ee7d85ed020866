"""Who said each fact (`said_by`) and how the source gives the words (`speech`): read, defaulted,
checked against the interview, shown in every output and used as filters."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from kzil.loading import loader
from tests.support import BUNDLED, VALID, change, fake_env, invoke, problems, source_text, write

# --- the fact file --------------------------------------------------------------------------------


def test_said_by_defaults_to_the_speaker_and_speech_to_indirect(tmp_path: Path) -> None:
    base = loader.load([write(tmp_path, VALID)], use_cache=False)
    assert (base.facts[0].said_by, base.facts[0].speech) == ("someone", "indirect")


def test_said_by_and_speech_are_read_as_given(tmp_path: Path) -> None:
    text = change(
        '    quote: "quoted words"\n',
        '    quote: "quoted words"\n    said_by: other\n    speech: direct\n',
    ).replace("entities:\n", "entities:\n  other:\n    kind: person\n    name: {en: Other, ru: Другой}\n", 1)
    base = loader.load([write(tmp_path, text)], use_cache=False)
    assert (base.facts[0].said_by, base.facts[0].speech) == ("other", "direct")


def test_said_by_must_name_an_entity_and_speech_be_one_of_two(tmp_path: Path) -> None:
    text = change('    quote: "quoted words"\n', '    quote: "quoted words"\n    said_by: nobody\n')
    assert problems(tmp_path, text) == [
        "facts.yaml:26: facts[fact-one].said_by: unknown entity 'nobody'; define it under 'entities'"
    ]
    text = change('    quote: "quoted words"\n', '    quote: "quoted words"\n    speech: quoted\n')
    assert problems(tmp_path, text) == [
        "facts.yaml:26: facts[fact-one].speech: 'quoted' is not one of: direct, indirect"
    ]


def test_an_unknown_said_by_is_reported_beside_the_facts_other_problems(tmp_path: Path) -> None:
    text = change('    quote: "quoted words"\n', '    quote: "quoted words"\n    said_by: nobody\n')
    assert problems(tmp_path, text.replace("status: happened", "status: hapened")) == [
        "facts.yaml:26: facts[fact-one].said_by: unknown entity 'nobody'; define it under 'entities'",
        "facts.yaml:28: facts[fact-one].status: 'hapened' is not one of: happened, ongoing, in-progress, "
        "scheduled, planned, proposed, intended, hoped, pending, cancelled, assessment; did you mean 'happened'?",
    ]


# --- the bundled base, against the interview ------------------------------------------------------


def test_every_bundled_fact_states_who_said_it_and_how() -> None:
    facts = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["facts"]
    assert [fact["id"] for fact in facts if not {"said_by", "speech"} <= fact.keys()] == []


def _direct_spans(text: str) -> list[tuple[int, int]]:
    """The speaker's own words: a quotation that opens a paragraph or follows a sentence and
    closes with `", -` before the verb that attributes it ("…", - отметил посол)."""
    return [match.span(1) for match in re.finditer(r'(?m)(?:^|(?<=[.!?] ))"(.+?)",? - ', text)]


def test_speech_is_direct_exactly_when_the_quote_stands_in_the_speakers_quotation_marks() -> None:
    text = source_text()
    spans = _direct_spans(text)
    assert len(spans) == 10  # the ten quotations of the interview
    base = loader.load([str(BUNDLED)], use_cache=False)
    wrong = []
    for fact in base.facts:
        at = text.index(fact.quote)
        inside = any(start <= at and at + len(fact.quote) <= end for start, end in spans)
        if inside != (fact.speech == "direct"):
            wrong.append(fact.id)
    assert wrong == []
    # one speaker in this interview: the facts he reports about others name them as entities
    assert {fact.said_by for fact in base.facts} == {"yoav-bystritsky"}
    announced = base.facts[base.by_id["accession-announced"]]
    assert "kassym-jomart-tokayev" in announced.entities


# --- every output ---------------------------------------------------------------------------------


def _run(tmp_path: Path, *args: str) -> str:
    result = invoke(*args, env=fake_env(tmp_path, {"COLUMNS": "100"}))
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def test_the_keys_follow_the_quote_in_json_csv_and_tsv(tmp_path: Path) -> None:
    record = json.loads(_run(tmp_path, "show", "new-perspectives", "--json"))
    keys = list(record)
    assert keys[keys.index("quote") + 1 : keys.index("quote") + 3] == ["said_by", "speech"]
    assert (record["said_by"], record["speech"]) == ("yoav-bystritsky", "direct")
    line = json.loads(_run(tmp_path, "facts", "-q", "34", "--format", "jsonl"))
    assert (line["id"], line["said_by"], line["speech"]) == (
        "diplomatic-relations-34-years",
        "yoav-bystritsky",
        "direct",
    )
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = list(
            csv.DictReader(io.StringIO(_run(tmp_path, "facts", "--format", fmt)), delimiter=delimiter)
        )
        header = list(rows[0])
        assert header[header.index("quote") + 1 : header.index("quote") + 3] == ["said_by", "speech"]
        assert (rows[1]["id"], rows[1]["said_by"], rows[1]["speech"]) == (
            "ambassador-bystritsky",
            "yoav-bystritsky",
            "indirect",
        )


def test_markdown_attributes_each_quote_to_its_speaker_and_says_how(tmp_path: Path) -> None:
    english = _run(tmp_path, "show", "new-perspectives", "--format", "markdown")
    assert "\n\n  — Yoav Bystritsky (direct speech) · Trend, 2026-02-17\n" in english
    russian = _run(tmp_path, "show", "signing-ceremony-pending", "--format", "markdown", "--lang", "ru")
    assert "\n\n  — Йоав Быстрицкий (косвенная речь) · Trend, 2026-02-17\n" in russian


def test_show_says_who_and_how_in_both_languages(tmp_path: Path) -> None:
    english = _run(tmp_path, "show", "new-perspectives").splitlines()
    assert [line for line in english if line.startswith(("said by", "speech"))] == [
        "said by            Yoav Bystritsky, Ambassador of Israel to Kazakhstan (yoav-bystritsky)",
        "speech             direct speech — the speaker's own words, inside quotation marks",
    ]
    russian = _run(tmp_path, "show", "signing-ceremony-pending", "--lang", "ru").splitlines()
    assert [line for line in russian if line.startswith(("чьи слова", "речь"))] == [
        "чьи слова            Йоав Быстрицкий, Посол Израиля в Казахстане (yoav-bystritsky)",
        "речь                 косвенная речь — издание пересказывает сказанное",
    ]


def test_the_timeline_exports_carry_the_attribution(tmp_path: Path) -> None:
    document = json.loads(_run(tmp_path, "timeline", "--format", "timelinejs", "-q", "SCAT"))
    texts = [event["text"]["text"] for event in document["events"]]
    assert texts and all("<p>— Yoav Bystritsky (indirect speech)</p>" in text for text in texts)
    calendar = _run(tmp_path, "timeline", "--format", "ics", "-q", "SCAT").replace("\r\n ", "")
    assert "\\n— Yoav Bystritsky (indirect speech)\\n" in calendar


# --- the filters ----------------------------------------------------------------------------------


def _ids(tmp_path: Path, *args: str) -> list[str]:
    return [fact["id"] for fact in json.loads(_run(tmp_path, *args, "--json"))]


def test_speech_filter_splits_the_facts_in_two(tmp_path: Path) -> None:
    direct = _ids(tmp_path, "facts", "--speech", "direct")
    indirect = _ids(tmp_path, "facts", "--speech", "indirect")
    assert (len(direct), len(indirect)) == (22, 29)
    assert sorted(direct + indirect) == sorted(_ids(tmp_path, "facts"))
    assert _ids(tmp_path, "sector", "aviation", "--speech", "direct") == [
        "flights-resumption-step-forward",
        "tourist-flows-expansion",
        "concrete-projects-considered",
        "initiatives-progressing",
        "results-expected-2026",
    ]


def test_said_by_takes_a_name_as_users_type_it(tmp_path: Path) -> None:
    everything = _ids(tmp_path, "facts")
    assert _ids(tmp_path, "facts", "--said-by", "Быстрицкий") == everything
    assert _ids(tmp_path, "timeline", "--said-by", "bystritsky", "--speech", "direct") == _ids(
        tmp_path, "timeline", "--speech", "direct"
    )
    assert invoke("facts", "--said-by", "Tokayev", env=fake_env(tmp_path)).stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["facts", "--said-by", "nobody"],
            "kzil: error: unknown entity 'nobody'. See 'kzil entities' for the list.\n",
        ),
        (
            ["facts", "--speech", "quoted"],
            "kzil: error: Invalid value for '--speech': 'quoted' is not one of 'direct', 'indirect'. "
            "(see 'kzil facts --help')\n",
        ),
    ],
)
def test_attribution_filters_refuse_what_they_cannot_read(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = invoke(*args, env=fake_env(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)
