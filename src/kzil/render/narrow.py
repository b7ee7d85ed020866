"""Layouts for a terminal too narrow for a table: what fits its width without losing a word.

Only for a terminal: piped output keeps its rule (as wide as the longest words need, every cell
whole). On a terminal a table that would be wider than the screen, and so wrapped by the
terminal itself line by line, is laid out again:

1. the key column (a record's id) is lifted onto a line of its own above the rest of its row;
2. if the rest is still too wide, each record becomes a block of `heading  value` lines.

Words are wrapped, never cut; only a word longer than the whole screen is folded.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kzil.render.tables import Cell, fit_widths, longest_line, longest_word, plain, render
from kzil.render.terminal import Terminal

# A table row: one space of padding on each side of a column's text but at the outer edges, and
# one separator between columns.
GAP = 3


def least_width(headers: Sequence[str], rows: Sequence[Sequence[Cell]], gap: int = GAP) -> int:
    """The narrowest a table can be without breaking a word: its longest words and the gaps."""
    words = [max([cell_len(h), *(longest_word(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    return sum(words) + gap * (len(headers) - 1)


def reference(
    terminal: Terminal, headers: Sequence[str], rows: Sequence[Sequence[Cell]], title: str | None
) -> str | None:
    """A reference list laid out for a narrow terminal; None when the table fits as it is."""
    room = terminal.width
    if not terminal.is_tty or least_width(headers, rows) <= room:
        return None
    if len(headers) > 2 and least_width(headers[1:], [row[1:] for row in rows]) <= room:
        return render(terminal, _lifted(headers, rows, room, title))
    return render(terminal, _blocks(headers, rows, room, title))


def _widths(headers: Sequence[str], rows: Sequence[Sequence[Cell]], room: int) -> list[int]:
    count = len(headers)
    least = [max([cell_len(headers[i]), *(longest_word(row[i]) for row in rows)]) for i in range(count)]
    most = [max([cell_len(headers[i]), *(longest_line(row[i]) for row in rows)]) for i in range(count)]
    return fit_widths(least, most, room - GAP * (count - 1))


def _row_table(widths: Sequence[int], header: Sequence[str] | None = None) -> Table:
    """One table of the lifted layout: the headings alone, or one row, with the same columns."""
    table = Table(box=box.SIMPLE_HEAD, show_header=header is not None, show_edge=False, pad_edge=False)
    for i, width in enumerate(widths):
        table.add_column(header[i] if header else "", width=width, overflow="fold")
    return table


def _lifted(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], room: int, title: str | None
) -> list[RenderableType]:
    """Each record's key on a line of its own (bold), the other columns in a table under it."""
    widths = _widths(headers[1:], [row[1:] for row in rows], room)
    heading = _row_table(widths, headers[1:])
    parts: list[RenderableType] = [Text(title)] if title else []
    parts.append(Group(Text(headers[0], style="bold"), heading))
    for row in rows:
        body = _row_table(widths)
        body.add_row(*row[1:])
        parts.append(Group(_key(row[0]), body))
    return parts


def _key(cell: Cell) -> Text:
    key = cell.copy() if isinstance(cell, Text) else Text(cell)
    key.stylize("bold")
    key.overflow = "fold"
    return key


def _blocks(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], room: int, title: str | None
) -> list[RenderableType]:
    """Each record as its key (bold) and, indented under it, a `heading  value` line per column."""
    label = max(cell_len(header) for header in headers[1:])
    parts: list[RenderableType] = [Text(title)] if title else []
    for i, row in enumerate(rows):
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(width=label, style="dim")
        grid.add_column(width=max(1, room - 2 - label - 2), overflow="fold")
        for header, cell in zip(headers[1:], row[1:], strict=True):
            if plain(cell):  # an empty value says nothing in a block
                grid.add_row(header, cell)
        parts.append(Group(*([Text("")] if i else []), _key(row[0]), Padding(grid, (0, 0, 0, 2))))
    return parts


def legend_rows(pairs: Sequence[Text], room: int, gap: int, most: int) -> int:
    """How many legend pairs to put on a line (at most `most`) so that the lines fit `room`."""
    for per_line in range(min(most, len(pairs)), 1, -1):
        columns = [max(cell_len(pair.plain) for pair in pairs[i::per_line]) for i in range(per_line)]
        if sum(columns) + gap * (per_line - 1) <= room:
            return per_line
    return 1
