"""Human views at a terminal's width: stored renderings at 60, 80 (and 120) columns, made in
process as a terminal of that width shows them, and piped output that keeps today's rule (as wide
as a cell needs, never a cut cell) byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.support import expect_same, fake_env, invoke

REFERENCE = ["sectors", "countries", "entities", "sources", "statuses"]
TODAY = ["--today", "2026-03-01"]


def terminal(tmp_path: Path, columns: int, *args: str, color: bool = False) -> str:
    """What a terminal `columns` wide shows for `kzil ARGS`."""
    environ = {} if color else {"NO_COLOR": "1"}
    result = invoke(*args, env=fake_env(tmp_path, environ, tty=True, columns=columns))
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def piped(tmp_path: Path, *args: str, columns: int | None = None) -> str:
    environ = {"COLUMNS": str(columns)} if columns else {}
    result = invoke(*args, env=fake_env(tmp_path, environ))
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def sections(parts: list[tuple[str, str]]) -> str:
    """Several renderings in one stored file, each under a `=== what ===` line."""
    return "".join(f"=== {what} ===\n{text}" for what, text in parts)


def widest(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


@pytest.mark.parametrize("command", [*REFERENCE, "overview"])
def test_terminal_renderings_of_reference_lists_and_overview(tmp_path: Path, command: str) -> None:
    parts = [
        (f"{width} columns, {lang}", terminal(tmp_path, width, command, "--lang", lang))
        for width in (80, 60)
        for lang in ("en", "ru")
    ]
    for what, text in parts:
        assert widest(text) <= int(what.split()[0]), what
    expect_same(f"fit-{command}.txt", sections(parts))


def _labels(lang: str) -> list[str]:
    """The date label of every dated bundled fact, as the timeline shows it (with `*` if derived)."""
    from kzil import api
    from kzil.render.labels import label

    facts = [fact for fact in api.load().facts if fact.date is not None]
    return [label(fact.date or "", lang) + (" *" if fact.derived else "") for fact in facts]


LABELS = {lang: _labels(lang) for lang in ("en", "ru")}


def test_terminal_renderings_of_the_timeline(tmp_path: Path) -> None:
    parts = [
        (f"{width} columns, {lang}", terminal(tmp_path, width, "timeline", *TODAY, "--lang", lang))
        for width, lang in ((120, "en"), (80, "en"), (60, "en"), (60, "ru"))
    ]
    for what, text in parts:
        assert widest(text) <= int(what.split()[0]), what
        # a date label is never broken but after its arrow: no `*` on its own, every part whole
        assert not re.search(r"^\*\s", text, re.MULTILINE), what
        lines = [line.strip() for line in text.splitlines()]
        for whole in LABELS[what.split()[-1]]:
            pieces = [whole] if any(line.startswith(whole) for line in lines) else whole.split(" → ")
            assert all(any(line.startswith(p.strip()) for line in lines) for p in pieces), (what, whole)
    expect_same("fit-timeline.txt", sections(parts))


def test_the_timeline_gives_the_summary_the_room(tmp_path: Path) -> None:
    lines = terminal(tmp_path, 200, "timeline", *TODAY).splitlines()
    row = next(line for line in lines if line.startswith("for only one month"))
    # the wording wraps in a date column as wide as the widest label, not as the longest wording
    assert row.index("● happened") == len("probably in summer or early  ")


@pytest.mark.parametrize("command", [*REFERENCE, "overview"])
def test_piped_tables_keep_every_cell_whole(tmp_path: Path, command: str) -> None:
    parts = [
        (f"COLUMNS={width or 'unset'}, {lang}", piped(tmp_path, command, "--lang", lang, columns=width))
        for width in (None, 60)
        for lang in ("en", "ru")
    ]
    expect_same(f"pipe-{command}.txt", sections(parts))


@pytest.mark.parametrize("command", [*REFERENCE, "overview"])
def test_colour_does_not_change_the_layout(tmp_path: Path, command: str) -> None:
    plain = terminal(tmp_path, 60, command)
    coloured = terminal(tmp_path, 60, command, color=True)
    assert coloured != plain
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    # (a coloured title keeps the padding Rich writes before its closing escape: invisible)
    assert [line.rstrip() for line in stripped.splitlines()] == plain.splitlines()
