"""Terminal facts, safe text and column widths: the pieces behind every table."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzil.cli.env import Env
from kzil.render.tables import fit_widths
from kzil.render.terminal import DEFAULT_WIDTH, wants_color
from kzil.text import fold, typed, visible


@pytest.mark.parametrize(
    ("choice", "tty", "environ", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),  # an empty NO_COLOR does not count
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", True, {"FORCE_COLOR": "0"}, False),
        ("auto", True, {"TERM": "dumb"}, False),
        ("auto", True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_choice(choice: str, tty: bool, environ: dict[str, str], expected: bool) -> None:
    assert wants_color(choice, tty, environ) is expected


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def _env(stdout: _Stream, environ: dict[str, str]) -> Env:
    return Env(stdout, _Stream(False), environ, stdout.isatty(), False, None, date(2026, 2, 17))


@pytest.mark.parametrize(
    ("columns", "width"),
    [("", DEFAULT_WIDTH), ("20", 20), ("0", DEFAULT_WIDTH), ("abc", DEFAULT_WIDTH), ("-5", DEFAULT_WIDTH)],
)
def test_width_of_a_pipe_comes_from_columns_when_it_is_a_number(columns: str, width: int) -> None:
    terminal = _env(_Stream(False), {"COLUMNS": columns}).terminal("auto")
    assert (terminal.is_tty, terminal.color, terminal.width) == (False, False, width)


def test_a_missing_stream_is_not_a_terminal() -> None:
    terminal = _env(_Stream(True), {"COLUMNS": "100"}).terminal("auto")
    assert (terminal.is_tty, terminal.stderr_is_tty, terminal.color, terminal.width) == (
        True,
        False,
        True,
        100,
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("plain [red] text", "plain [red] text"),
        ("esc \x1b[2J", "esc \\x1b[2J"),
        ("title \x1b]0;t\x07", "title \\x1b]0;t\\x07"),
        ("c1 \x9b31m", "c1 \\x9b31m"),
        ("nul \x00 del \x7f", "nul \\x00 del \\x7f"),
        ("bidi \u202eevil\u2066", "bidi \\u202eevil\\u2066"),
        ("cr \r tab \t", "cr \\x0d tab \\x09"),
        ("two\nlines", "two\nlines"),
        ("Кириллица ё", "Кириллица ё"),
    ],
)
def test_visible_makes_controls_harmless(value: str, shown: str) -> None:
    assert visible(value) == shown
    assert visible(value, one_line=True) == shown.replace("\n", "\\x0a")


@given(st.text())
def test_visible_leaves_no_control_and_is_idempotent(value: str) -> None:
    once = visible(value, one_line=True)
    assert not any(
        ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066\u2067\u2068\u2069" for c in once
    )
    assert visible(once, one_line=True) == once


def test_fold_ignores_case_and_yo() -> None:
    assert fold("Партнёрство ЁЛКА") == fold("партнерство елка")


def test_typed_recovers_utf8_arguments_from_surrogate_escapes() -> None:
    mangled = "вода".encode().decode("ascii", "surrogateescape")
    assert typed(mangled) == "вода"
    assert typed("water") == "water"
    assert typed("\udcff") == "\udcff"  # not UTF-8: left as it came


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 80)), min_size=1, max_size=6), st.integers(0, 200)
)
def test_fit_widths_respects_every_minimum_and_the_room(columns: list[tuple[int, int]], room: int) -> None:
    minimums = [low for low, _ in columns]
    maximums = [max(low, high) for low, high in columns]
    widths = fit_widths(minimums, maximums, room)
    assert all(low <= width <= high for width, low, high in zip(widths, minimums, maximums, strict=True))
    if sum(minimums) <= room:
        assert sum(widths) == min(room, sum(maximums))
    else:
        assert widths == minimums


def test_the_terminal_guard_passes_colour_codes_and_shows_everything_else() -> None:
    from kzil.render.terminal import guarded

    rendered = "\x1b[1;31mred\x1b[0m \x1b]0;title\x07 \x1b[2J \u202eevil zero\u200bwidth\n"
    assert guarded(rendered, color=True) == (
        "\x1b[1;31mred\x1b[0m \\x1b]0;title\\x07 \\x1b[2J \\u202eevil zero\\u200bwidth\n"
    )
    assert guarded(rendered, color=False) == (
        "\\x1b[1;31mred\\x1b[0m \\x1b]0;title\\x07 \\x1b[2J \\u202eevil zero\\u200bwidth\n"
    )
