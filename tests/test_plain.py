"""The plain layout of facts tables and timelines is, character for character, what Rich prints."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from kzil import query, spans, track
from kzil.loading import loader
from kzil.model import FactBase
from kzil.render import plain, plain_timeline, tables, timeline_view
from kzil.render.terminal import Terminal
from tests.support import BUNDLED

WIDTHS = [60, 80, 100, 200]


def pipe(width: int) -> Terminal:
    return Terminal(is_tty=False, stderr_is_tty=False, color=False, width=width, encoding="utf-8")


@functools.cache
def generated() -> FactBase:
    """1,000 synthetic facts over the real definitions (benchmarks/synthetic.py)."""
    from benchmarks.synthetic import SEED, synthetic_base

    real = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "facts.yaml"
        text = yaml.safe_dump(synthetic_base(real, 1000, SEED), allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return loader.load([str(path)], use_cache=False)


def bases() -> list[tuple[str, FactBase]]:
    return [("bundled", loader.load([str(BUNDLED)], use_cache=False)), ("generated", generated())]


def test_every_character_taken_as_narrow_is_one_cell_for_rich() -> None:
    chars = [chr(code) for low, high in plain.NARROW_RANGES for code in range(low, high + 1)]
    assert len(chars) > 1000 and all(plain.narrow(char) for char in chars)
    assert [hex(ord(char)) for char in chars if cell_len(char) != 1] == []
    assert not plain.narrow("\u0300") and not plain.narrow("水") and not plain.narrow("\u200b")


PIECES = [*"ab c-d\n xyzé—ё«»\xa0", "long", "averyveryverylongword", "   ", "\n\n", " · "]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def test_every_space_but_the_space_is_unprintable() -> None:
    """`plain._words_wrapped` looks for other whitespace only in a text `str.isprintable` refuses."""
    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace() and chr(code) != " "]
    assert len(spaces) > 20 and not any(space.isprintable() for space in spaces)


@given(text=TEXT, width=st.integers(1, 30))
def test_wrapping_is_richs(text: str, width: int) -> None:
    console = Console(width=200, color_system=None, markup=False, emoji=False, highlight=False)
    wrapped = Text(text, overflow="fold").wrap(console, width, justify="default", overflow="fold")
    # A line's trailing spaces aside: cells are padded with spaces to their width anyway.
    assert [line.rstrip() for line in plain.wrap(text, width)] == [line.plain.rstrip() for line in wrapped]
    assert all(len(line) <= width for line in plain.wrap(text, width))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_facts_table_is_richs(width: int, lang: str) -> None:
    for name, base in bases():
        for chosen in (list(base.facts), list(query.select(base, query.Filters(sectors=("water",))))[:40]):
            heading = f"{name} · {len(chosen)} facts"
            expected = tables.facts_table(base, chosen, lang, pipe(width), heading)
            laid = plain.facts_table(base, chosen, lang, pipe(width), heading)
            assert laid is not None and "".join(laid) == expected, (name, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_timeline_is_richs(width: int, lang: str) -> None:
    for name, base in bases():
        for cut in (None, "upcoming"):
            plan = spans.plan(base, list(base.facts), "2026-02-17", cut)
            states = track.States(base, "2026-11-25")  # passed dates marked
            expected = timeline_view.timeline(base, plan, lang, pipe(width), states)
            found = plain_timeline.timeline(base, plan, lang, pipe(width), states)
            assert found is not None and "".join(found) == expected, (name, width, cut)


@given(
    cells=st.lists(st.lists(TEXT, min_size=3, max_size=3), min_size=1, max_size=4),
    width=st.integers(20, 120),
)
def test_random_rows_are_laid_out_as_rich_does(cells: list[list[str]], width: int) -> None:
    """The layout alone, on rows of any text: a header, rules, padding and wrapping."""
    from rich import box
    from rich.table import Table

    headers = ["date", "status", "summary"]
    widths = plain._widths(cells, headers, width - 6)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_lines=True)
    for header, column in zip(headers, widths, strict=True):
        table.add_column(header, width=column, overflow="fold")
    for row in cells:
        table.add_row(*(Text(cell, overflow="fold") for cell in row))
    expected = tables.render(pipe(width), [table], sum(widths) + 6)
    lines = [*plain._row_lines(headers, widths, " "), "─" * (sum(widths) + 6)]
    for i, row in enumerate(cells):
        lines += ([""] if i else []) + list(plain._row_lines(row, widths, " "))
    assert "".join(plain.joined(lines)) == expected


def test_text_rich_measures_otherwise_goes_to_rich() -> None:
    base = loader.load([str(BUNDLED)], use_cache=False)
    facts = list(base.facts)[:3]
    assert plain.facts_table(base, facts, "en", pipe(80), "水 · water") is None
    assert plain.facts_table(base, facts, "en", pipe(80), "water") is not None


@given(
    st.lists(st.lists(st.text(alphabet="ab \n", max_size=12), min_size=2, max_size=2), max_size=12),
    st.integers(min_value=1, max_value=5),
)
def test_column_widths_are_the_same_whatever_the_chunk_of_rows_split_at_once(
    cells: list[list[str]], chunk: int
) -> None:
    """`longest` joins rows a chunk at a time (memory); the longest word and line are those of
    the whole column, whatever the chunk."""
    for i in range(2):
        column = [row[i] for row in cells]
        words = max([len(w) for text in column for w in text.split()], default=0)
        lines = max([len(line) for text in column for line in text.splitlines()], default=0)
        saved = plain.CHUNK
        try:
            plain.CHUNK = chunk
            assert plain.longest(column, 1) == (max(1, words), max(1, lines))
        finally:
            plain.CHUNK = saved
