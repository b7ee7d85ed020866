"""`kzil coverage`: the sentences and clauses of a source's text that no fact cites; and
`kzil show --context`: a quote inside its paragraph of the source text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import (
    COVERAGE_FIXTURE,
    SOURCE_DIRS,
    SOURCE_ID,
    expect_same,
    fake_env,
    invoke,
    source_text,
)
from tests.support import Result as Ran


def interview_dir() -> Path:
    source_text()  # skips where the interview text is not at hand
    return next(d for d in SOURCE_DIRS if (d / f"{SOURCE_ID}.ru.txt").is_file())


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The fixture's fact base and text in a directory of their own, to change."""
    directory = tmp_path / "note"
    shutil.copytree(COVERAGE_FIXTURE, directory)
    return directory


def edit(directory: Path, old: str, new: str) -> None:
    path = directory / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cover(directory: Path, *args: str) -> Ran:
    data = str(directory / "facts.yaml")
    result = invoke(
        "--data", data, "coverage", *args, env=fake_env(directory, {"KZIL_SOURCE_DIR": str(directory)})
    )
    return result._replace(stdout=result.stdout.replace(str(directory), "DIR"))


# --- the bundled base -----------------------------------------------------------------------------


def test_every_sentence_of_the_interview_is_cited(tmp_path: Path) -> None:
    directory = interview_dir()
    result = invoke("coverage", "--source-dir", str(directory), env=fake_env(tmp_path))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "trend-2026-02-17: 38 sentences (51 parts: 13 split into clauses): 51 cited, 0 waived, "
        f"0 not cited; text {directory / 'trend-2026-02-17.ru.txt'}\n"
    )
    named = invoke("coverage", "Trend-2026-02-17", "--source-dir", str(directory), env=fake_env(tmp_path))
    assert named == result


def test_each_clause_of_a_split_sentence_is_cited_by_its_own_fact(tmp_path: Path) -> None:
    directory = interview_dir()
    result = invoke("coverage", "--json", "--source-dir", str(directory), env=fake_env(tmp_path))
    parts = json.loads(result.stdout)["sources"][0]["parts"]
    twelve = [part for part in parts if part["sentence"] == 12]
    assert [(part["clause"], part["facts"]) for part in twelve] == [
        (1, ["azerbaijan-precedent"]),
        (2, ["water-experience-hoped"]),
    ]
    assert twelve[1]["text"].startswith("и мы надеемся, что опыт израильских компаний")


# --- what it finds --------------------------------------------------------------------------------


def test_the_fixture_is_complete(copy: Path) -> None:
    result = cover(copy)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "note-1: 4 sentences (5 parts: 1 split into clauses): 4 cited, 1 waived, 0 not cited; "
        "text DIR/note-1.en.txt\n",
        "",
    )


def test_a_sentence_no_fact_cites_is_listed_with_file_and_line(copy: Path) -> None:
    edit(copy, '      - starts: "The weather was fine"\n', '      - starts: "It approved"\n')
    result = cover(copy)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        "DIR/note-1.en.txt: sources.note-1.waived: 'It approved' is waived, but cited by budget-approved; "
        "remove the waiver\n"
        "DIR/note-1.en.txt:3: sentence 4: not cited by any fact nor waived: The weather was fine.\n"
        "note-1: 4 sentences (5 parts: 1 split into clauses): 4 cited, 0 waived, 1 not cited; "
        "text DIR/note-1.en.txt\n"
    )


def test_a_clause_no_fact_cites_is_listed(copy: Path) -> None:
    edit(copy, '    quote: "it postponed the vote on the bridge"\n', '    quote: "It approved the budget"\n')
    assert cover(copy).stdout.splitlines()[0] == (
        "DIR/note-1.en.txt:1: sentence 2, clause 2: not cited by any fact nor waived: "
        "and it postponed the vote on the bridge."
    )


def test_splits_and_waivers_that_do_not_fit_the_text_are_problems(copy: Path) -> None:
    edit(copy, 'splits: ["and it postponed"]', 'splits: ["and it postponed", "the", "the bridge tolls"]')
    edit(copy, '      - starts: "The weather was fine"\n', '      - starts: "The weather is fine"\n')
    result = cover(copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "DIR/note-1.en.txt: sources.note-1.splits[1]: 'the' occurs 6 times in the text; give words found "
        "exactly once where the clause starts",
        "DIR/note-1.en.txt: sources.note-1.splits[2]: 'the bridge tolls' is not in the text; give words found "
        "exactly once where the clause starts",
        "DIR/note-1.en.txt: sources.note-1.waived[0].starts: no sentence or clause of the text start with "
        "'The weather is fine'; give the first words of one",
        "DIR/note-1.en.txt:3: sentence 4: not cited by any fact nor waived: The weather was fine.",
        "note-1: 4 sentences (5 parts: 1 split into clauses): 4 cited, 0 waived, 1 not cited; "
        "text DIR/note-1.en.txt",
    ]


def test_another_version_of_the_text_is_said_first(copy: Path) -> None:
    text = copy / "note-1.en.txt"
    text.write_text(text.read_text(encoding="utf-8") + "Nobody asked.\n", encoding="utf-8")
    result = cover(copy)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert lines[0].startswith(
        "DIR/note-1.en.txt: sources.note-1.sha256: this text is a different version than the one the "
        "quotes were checked against: expected sha256 459b8b82"
    )
    assert lines[1:] == [
        "DIR/note-1.en.txt:4: sentence 5: not cited by any fact nor waived: Nobody asked.",
        "note-1: 5 sentences (6 parts: 1 split into clauses): 4 cited, 1 waived, 1 not cited; "
        "text DIR/note-1.en.txt",
    ]


def test_json_lists_every_part_with_its_facts_or_waiver(copy: Path) -> None:
    report = json.loads(cover(copy, "--json").stdout)
    assert (report["complete"], report["problems"], report["not_checked"]) == (True, [], [])
    (source,) = report["sources"]
    assert (source["source"], source["text"], source["sentences"]) == ("note-1", "DIR/note-1.en.txt", 4)
    assert [(p["sentence"], p["clause"], p["line"], p["facts"]) for p in source["parts"]] == [
        (1, None, 1, ["council-met"]),
        (2, 1, 1, ["budget-approved"]),
        (2, 2, 1, ["bridge-vote-postponed"]),
        (3, None, 3, ["bridge-next-year"]),
        (4, None, 3, []),
    ]
    assert source["parts"][4] == {
        "sentence": 4,
        "clause": None,
        "line": 3,
        "text": "The weather was fine.",
        "facts": [],
        "waived": {
            "en": "Scene-setting; says nothing about the council",
            "ru": "Описание обстановки; о совете ничего не говорит",
        },
    }


# --- what it needs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ["coverage"],
            2,
            "kzil: error: coverage reads the source texts, which kzil does not bundle: give --source-dir DIR "
            "or set KZIL_SOURCE_DIR\n",
        ),
        (
            ["coverage", "trend", "--source-dir", "."],
            2,
            "kzil: error: unknown source 'trend'. Did you mean 'trend-2026-02-17'? See 'kzil sources' for "
            "the list.\n",
        ),
        (
            ["coverage", "trend-2026-02-17", "--source-dir", "."],
            1,
            "kzil: error: no text of source 'trend-2026-02-17' in .: looked for trend-2026-02-17.*.txt there\n",
        ),
        (
            ["coverage", "--source-dir", "."],
            1,
            "kzil: error: no source has a text in .: kzil looks for <source id>.*.txt there\n",
        ),
    ],
)
def test_without_the_text_it_says_what_to_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], status: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, env=fake_env(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (status, "", message)


# --- show --context -------------------------------------------------------------------------------


def test_show_context_prints_the_quote_in_its_paragraph(copy: Path) -> None:
    env = fake_env(copy, {"COLUMNS": "100", "KZIL_SOURCE_DIR": str(copy)})
    result = invoke("--data", str(copy / "facts.yaml"), "show", "bridge-next-year", "--context", env=env)
    assert (result.returncode, result.stderr) == (0, "")
    expect_same("show-context-en-100.txt", result.stdout.replace(str(copy), "DIR"))


def test_show_context_finds_the_paragraph_in_the_interview(tmp_path: Path) -> None:
    """The expected paragraph is taken from the text itself: the repository holds no more of the
    interview than its quotes."""
    directory = interview_dir()
    text = source_text()
    env = fake_env(tmp_path, {"COLUMNS": "2000", "KZIL_SOURCE_DIR": str(directory)})
    result = invoke("show", "water-experience-hoped", "--context", env=env)
    assert (result.returncode, result.stderr) == (0, "")
    paragraph = next(block for block in text.split("\n\n") if "Водного управления Израиля" in block).strip()
    quote = "мы надеемся, что опыт израильских компаний и Водного управления Израиля будет востребован в Казахстане"
    assert result.stdout.splitlines()[-2:] == [
        "in the text        " + paragraph.replace(quote, f"«{quote}»"),
        f"                   {directory / 'trend-2026-02-17.ru.txt'}:{text[: text.index(paragraph)].count(chr(10)) + 1}",
    ]


def test_show_context_in_json_gives_the_paragraph_and_the_quotes_offsets(copy: Path) -> None:
    env = fake_env(copy, {"KZIL_SOURCE_DIR": str(copy)})
    result = invoke(
        "--data", str(copy / "facts.yaml"), "show", "bridge-next-year", "--context", "--json", env=env
    )
    record = json.loads(result.stdout)
    assert list(record)[-3:] == ["notes", "follows", "context"]
    assert record["context"] == {
        "text": str(copy / "note-1.en.txt"),
        "line": 3,
        "paragraph": '"We will build it next year", said the mayor. The weather was fine.',
        "start": 1,
        "end": 27,
    }
    context = record["context"]
    assert context["paragraph"][context["start"] : context["end"]] == record["quote"]


def test_show_context_marks_the_quote_by_style_on_a_terminal_and_by_guillemets_everywhere(copy: Path) -> None:
    data = str(copy / "facts.yaml")
    variables = {"KZIL_SOURCE_DIR": str(copy), "COLUMNS": "200"}
    piped = invoke("--data", data, "show", "budget-approved", "--context", env=fake_env(copy, variables))
    assert piped.stdout.splitlines()[-2:] == [
        "in the text        On 3 March the council met in Almaty. «It approved the budget», and it postponed the vote on "
        "the bridge.",
        f"                   {copy / 'note-1.en.txt'}:1",
    ]
    colour = invoke(
        "--data",
        data,
        "show",
        "budget-approved",
        "--context",
        "--color",
        "always",
        env=fake_env(copy, variables),
    )
    assert "\x1b[1;33m«It approved the budget»\x1b[0m" in colour.stdout


@pytest.mark.parametrize(
    ("variables", "args", "notice"),
    [
        (
            {},
            [],
            "kzil: no context: kzil does not bundle the source texts; give --source-dir DIR or set KZIL_SOURCE_DIR\n",
        ),
        (
            {},
            ["--source-dir", "EMPTY"],
            "kzil: no context: no text of source 'note-1' in EMPTY (note-1.*.txt)\n",
        ),
    ],
)
def test_show_context_without_the_text_shows_the_fact_and_says_why(
    copy: Path, variables: dict[str, str], args: list[str], notice: str
) -> None:
    empty = copy / "empty"
    empty.mkdir()
    args = [str(empty) if arg == "EMPTY" else arg for arg in args]
    data = str(copy / "facts.yaml")
    result = invoke("--data", data, "show", "council-met", "--context", *args, env=fake_env(copy, variables))
    plain = invoke("--data", data, "show", "council-met", env=fake_env(copy, variables))
    assert (result.returncode, result.stdout) == (0, plain.stdout)
    assert result.stderr == notice.replace("EMPTY", str(empty))


def test_show_context_says_when_the_quote_is_not_in_the_text(copy: Path) -> None:
    text = copy / "note-1.en.txt"
    text.write_text("Another text altogether.\n", encoding="utf-8")
    data = str(copy / "facts.yaml")
    result = invoke(
        "--data", data, "show", "council-met", "--context", env=fake_env(copy, {"KZIL_SOURCE_DIR": str(copy)})
    )
    assert result.returncode == 0
    assert result.stderr.splitlines()[1] == (
        f"kzil: no context: the quote of 'council-met' is not in {text}; 'kzil validate --source-dir' "
        "checks every quote"
    )
    assert result.stderr.splitlines()[0].startswith(f"kzil: {text}: sources.note-1.sha256: this text is a ")


def test_show_context_is_refused_where_it_cannot_be_shown(copy: Path) -> None:
    result = invoke("show", "ambassador-bystritsky", "--context", "--format", "csv", env=fake_env(copy))
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "kzil: error: --context is shown in the table, json and jsonl formats, not in csv\n",
    )
