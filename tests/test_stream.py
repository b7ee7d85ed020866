"""The streaming first run reports exactly what the whole-document reader reports."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzil.errors import DataError, Problem
from kzil.loading import loader, stream
from kzil.loading.merging import Merger
from kzil.loading.writer import Writer
from tests.support import VALID

LINES = VALID.splitlines(keepends=True)
VALUES = [
    "yes",
    "~",
    "[]",
    "{}",
    "12:30",
    "'quoted'",
    '"x\\ud800"',
    "",
    "2026-02-17",
    "[water, water]",
    "!!str 1",
]


def outcome(paths: list[str], *, whole: bool) -> list[str] | str:
    """The problems of `paths` (or the error), read as a stream or as whole documents."""
    merger = Merger(Writer(sqlite3.connect("")))
    problems: list[Problem] = []
    try:
        for path in paths:
            merger.begin()
            found: list[Problem] = []
            if whole:
                parts, _ = stream._whole(path, merger, found)
            else:
                try:
                    parts, _ = stream._streamed(path, merger, found, None)
                except stream.Fallback:
                    return "fallback"
            problems += found
            merger.end(parts)
        merger.finish(problems)
    except DataError as error:
        return f"error: {error}"
    order = {path: i for i, path in enumerate(paths)}
    problems.sort(key=lambda problem: (order.get(problem.file, len(order)), problem.line or 0))
    return [str(problem) for problem in problems]


def same(paths: list[str]) -> None:
    streamed = outcome(paths, whole=False)
    if streamed != "fallback":
        assert streamed == outcome(paths, whole=True)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "indent"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(VALUES))}\n"
        elif action == "indent":
            lines[i] = "  " + lines[i]
        if not lines:
            lines = ["version: 1\n"]
    return "".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_a_damaged_file_gets_the_same_problems_streamed(tmp_path: Path, text: str) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    same([str(path)])


def test_facts_before_their_definitions_and_across_files(tmp_path: Path) -> None:
    head, facts = VALID[: VALID.index("facts:")], VALID[VALID.index("facts:") :]
    first = tmp_path / "first.yaml"
    first.write_text("version: 1\n" + facts.replace("fact-one", "fact-two") + head[len("version: 1\n") :])
    second = tmp_path / "second.yaml"
    second.write_text(facts.replace("src-1", "src-2").replace("water]", "air]") + "version: 1\n")
    paths = [str(first), str(second)]
    same(paths)
    assert outcome(paths, whole=False) == [
        f"{second}:3: facts[fact-one].source: unknown source 'src-2'; did you mean 'src-1'?; "
        "define it under 'sources'",
        f"{second}:9: facts[fact-one].sectors[0]: unknown sector 'air'; define it under 'sectors'",
    ]
    second.write_text(second.read_text().replace("src-2", "src-1").replace("air]", "water]"))
    base = loader.load(paths, use_cache=False)
    assert [(fact.id, fact.as_of) for fact in base.facts] == [
        ("fact-two", "2026-02-17"),
        ("fact-one", "2026-02-17"),
    ]


def test_an_unsupported_version_after_the_facts_leaves_them_unread(tmp_path: Path) -> None:
    facts = VALID[VALID.index("facts:") :]
    path = tmp_path / "facts.yaml"
    path.write_text(VALID[len("version: 1\n") : VALID.index("facts:")] + facts + "version: 2\n")
    same([str(path)])
    assert outcome([str(path)], whole=False) == [
        f"{path}:32: version: '2' is not supported; this kzil reads version: 1"
    ]


def test_anchors_take_the_whole_document_reader_and_other_documents_get_the_same_errors(
    tmp_path: Path,
) -> None:
    """Anchors and aliases need the whole-document reader; several documents, a top level that is
    not a mapping and an empty file are said by the streaming reader itself, in the same words."""
    path = tmp_path / "facts.yaml"
    path.write_text(VALID.replace("quote: ", "quote: &q "))
    assert outcome([str(path)], whole=False) == "fallback"
    assert loader.validate([str(path)]).problems == []
    cases = [
        (VALID + "---\nversion: 1\n", ":33: several YAML documents"),
        ("- a list\n", ":1: found a list"),
        ("just text\n", ":1: found a single value"),
        ("", ": empty"),
    ]
    for text, error in cases:
        path.write_text(text)
        streamed = outcome([str(path)], whole=False)
        assert isinstance(streamed, str) and error in streamed
        assert streamed == outcome([str(path)], whole=True)
        with pytest.raises(DataError, match=error):
            loader.validate([str(path)])
