"""Human output with Rich: tables, one fact in full and the overview (the timeline is in
`timeline_view`, layouts for a narrow terminal in `narrow`).

Imported only by commands that print for people; JSON, CSV and TSV never pass through here.
Every data string becomes a `rich.text.Text` after `visible()`: never markup, never emoji codes,
never a raw control character. Tables are never narrower than their longest word: a cell is
wrapped between words, never cut with `…` and never split inside a word.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from kzil.i18n import STATUS_SYMBOLS, status_label, status_meaning, word
from kzil.model import STATUSES, Fact, FactBase
from kzil.render import records, rows
from kzil.render.plain import fit_widths
from kzil.render.terminal import Terminal
from kzil.text import visible

if TYPE_CHECKING:
    from kzil.coverage import Context

Cell = Text | str
__all__ = ["Cell", "fit_widths", "render", "rich", "sized_columns"]


def text(value: str, style: str = "") -> Text:
    """Untrusted data as literal, harmless text."""
    return Text(visible(value), style=style, overflow="fold")


def plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def longest_word(cell: Cell) -> int:
    """In terminal cells: a CJK character or an emoji takes two."""
    return max((cell_len(part) for part in plain(cell).split()), default=0)


def longest_line(cell: Cell) -> int:
    return max((cell_len(line) for line in plain(cell).splitlines()), default=0)


class _Encoded(io.StringIO):
    """A buffer that reports the real output's encoding, so Rich picks ASCII boxes for ASCII."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def render(terminal: Terminal, renderables: Sequence[RenderableType], min_width: int = 0) -> str:
    """Everything rendered to one string, at the terminal's width or wider if a table needs it."""
    buffer = _Encoded(terminal.encoding)
    console = Console(
        file=buffer,
        width=max(terminal.width, min_width),
        height=25,
        color_system="standard" if terminal.color else None,
        force_terminal=terminal.color,
        force_interactive=False,
        force_jupyter=False,
        no_color=not terminal.color,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    for renderable in renderables:
        console.print(renderable)
    # Rich pads every line to the full width; trailing blanks only get in the way in a pipe.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def sized_columns(
    table: Table,
    rows: Sequence[Sequence[Cell]],
    headers: Sequence[str],
    room: int,
    overhead: int,
    bounds: Sequence[tuple[int, int] | None] = (),
) -> int:
    """Add columns to `table` sized by `fit_widths`; returns the table's total width. A column
    with (least, most) in `bounds` is sized within them instead of by its words and lines."""
    count = len(headers)
    minimums = [max([cell_len(headers[i]), *(longest_word(row[i]) for row in rows)]) for i in range(count)]
    maximums = [max([cell_len(headers[i]), *(longest_line(row[i]) for row in rows)]) for i in range(count)]
    for i, bound in enumerate(bounds):
        if bound is not None:
            minimums[i], maximums[i] = bound
    widths = fit_widths(minimums, maximums, room - overhead)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, width=width, overflow="fold")
    return sum(widths) + overhead


def grid_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    room: int,
    *,
    title: str | None = None,
    padding: int = 1,
) -> tuple[Table, int]:
    """A table whose columns are at least as wide as their longest word, and its total width."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title=title,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        padding=(0, padding),
    )
    count = len(headers)
    # inner padding (each side but at the outer edges) and one separator between columns
    width = sized_columns(table, rows, headers, room, overhead=2 * padding * (count - 1) + count - 1)
    for row in rows:
        table.add_row(*row)
    return table, width


def rich(cell: rows.Cell) -> Cell:
    """A cell of `rows` as Rich text: its parts appended to a text of the cell's style."""
    if not cell.parts:
        return ""
    shown = Text(style=cell.style, overflow="fold")
    for part in cell.parts:
        shown.append(part.text, part.style or None)
    return shown


def status_cell(status: str, lang: str) -> Text:
    shown = rich(rows.status_cell(status, lang))
    assert isinstance(shown, Text)
    return shown


def joined_names(base: FactBase, kind: str, keys: Iterable[str], lang: str) -> str:
    return rows.names(base, kind, keys, lang)


def facts_table(base: FactBase, facts: Sequence[Fact], lang: str, terminal: Terminal, heading: str) -> str:
    cells = [[rich(cell) for cell in rows.fact_row(base, fact, lang)] for fact in facts]
    table, width = grid_table(rows.fact_headers(lang), cells, terminal.width, title=visible(heading))
    table.show_lines = True
    parts: list[RenderableType] = [table]
    note = rows.derived_note(facts, lang)
    if note:
        parts.append(Text(note, style="dim"))
    return render(terminal, parts, width)


def plain_table(
    terminal: Terminal, headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> str:
    from kzil.render import narrow

    cells = [[text(cell) for cell in row] for row in rows]
    fitted = narrow.reference(terminal, headers, cells, title)
    if fitted is not None:
        return fitted
    table, width = grid_table(headers, cells, terminal.width, title=title)
    return render(terminal, [table], width)


def _field_grid(rows: Sequence[tuple[str, Cell]], room: int) -> tuple[Table, int]:
    grid = Table.grid(padding=(0, 2))
    cells = [[key, value] for key, value in rows]
    width = sized_columns(grid, cells, ["", ""], room, overhead=2)
    grid.columns[0].style = "bold"
    for key, value in rows:
        grid.add_row(key, value)
    return grid, width


def show(base: FactBase, fact: Fact, lang: str, terminal: Terminal, context: Context | None = None) -> str:
    """One fact in full: both summaries, the quote, status, date, links and the citation; with
    `context`, the quote inside its paragraph of the source text."""
    source = base.sources[fact.source]
    status = status_cell(fact.status, lang)
    status.append(f" — {status_meaning(fact.status, lang)}", style="")
    if fact.date is None or fact.date_text is None:
        when: Cell = Text(word("no_date", lang), style="dim")
    else:
        start = fact.start or word("open", lang)
        end = fact.end or word("open", lang)
        origin = word("derived" if fact.derived else "stated", lang)
        when = text(fact.date_text.get(lang))
        when.append(f"\nEDTF {visible(fact.date)} · {start} → {end} · {origin}", style="dim")

    def linked(kind: str, keys: Sequence[str]) -> Text:
        table = base.named(kind)
        return text(", ".join(f"{table[key].name.get(lang)} ({key})" for key in keys) or "—")

    named = Text("\n").join(_who(base, key, lang) for key in fact.entities)
    rows: list[tuple[str, Cell]] = [
        (word("summary_en", lang), text(fact.summary.get("en"))),
        (word("summary_ru", lang), text(fact.summary.get("ru"))),
        (word("quote", lang), text(f"«{fact.quote}»", "italic")),
        (word("said_by", lang), _who(base, fact.said_by, lang) if fact.said_by else Text("—")),
        (word("speech", lang), _speech(fact.speech, lang)),
        (word("status", lang), status),
        (word("date", lang), when),
        (word("sectors", lang), linked("sector", fact.sectors)),
        (word("countries", lang), linked("country", fact.countries)),
        (word("entities", lang), named if fact.entities else Text("—")),
    ]
    if fact.notes:
        rows.append((word("notes", lang), text(fact.notes.get(lang))))
    rows.append((word("as_of", lang), Text(fact.as_of)))
    rows.append((word("source", lang), text(records.citation(source, base, lang))))
    if context is not None:
        from kzil.render.context import context_cell

        rows.append((word("in_context", lang), context_cell(context)))
    from kzil.render.trackview import chain_rows  # it builds on this module

    rows += chain_rows(base, fact, lang)
    grid, width = _field_grid(rows, terminal.width)
    return render(terminal, [Text(fact.id, style="bold underline"), grid], width)


def _who(base: FactBase, key: str, lang: str) -> Text:
    """An entity by name, role and id: "Yoav Bystritsky, Ambassador … (yoav-bystritsky)"."""
    entity = base.entities[key]
    who = Text(overflow="fold")
    who.append(visible(entity.name.get(lang)), style="bold")
    if entity.role:
        who.append(f", {visible(entity.role.get(lang))}")
    who.append(f" ({key})", style="dim")
    return who


def _speech(speech: str, lang: str) -> Text:
    shown = text(word(f"speech_{speech}", lang))
    shown.append(f" — {word(f'speech_{speech}_meaning', lang)}")
    return shown


def overview(base: FactBase, lang: str, terminal: Terminal) -> str:
    """A sector × status matrix of counts and a bar chart of facts per year."""
    data = records.overview(base, lang)
    headers = [word("sector", lang), *(STATUS_SYMBOLS[s] for s in STATUSES), word("total", lang)]
    rows: list[list[Cell]] = []
    for sector in data["sectors"]:
        counts = [
            Text(str(n) if n else "·", style="" if n else "dim", justify="right")
            for n in sector["counts"].values()
        ]
        rows.append(
            [text(sector["name"]), *counts, Text(str(sector["total"]), style="bold", justify="right")]
        )
    title = word("by_sector_status", lang)
    matrix, width = grid_table(headers, rows, terminal.width, title=title)
    pairs = [Text(f"{STATUS_SYMBOLS[s]} {status_label(s, lang)}", style="dim") for s in STATUSES]
    per_line = 5
    if terminal.is_tty:  # a terminal gets what fits its width; a pipe, as wide as the cells need
        from kzil.render import narrow

        if narrow.least_width(headers, rows) > terminal.width:  # counts one space apart
            matrix, width = grid_table(headers, rows, terminal.width, title=title, padding=0)
        per_line = narrow.legend_rows(pairs, terminal.width, gap=2, most=5)
    legend = Table.grid(padding=(0, 2))
    for row in range(0, len(pairs), per_line):
        legend.add_row(*pairs[row : row + per_line])

    years = data["years"]
    chart = Table.grid(padding=(0, 1))
    chart.add_column(justify="right")
    chart.add_column()
    peak = max((row["facts"] for row in years), default=1)
    bar_room = max(10, max(terminal.width, width) - 12)
    for label, n in records.year_runs(years):
        bar = "█" * max(1, round(n / peak * min(bar_room, 40)))
        chart.add_row(label, Text(bar, style="cyan").append(f" {n}", style="bold"))
    chart.add_row("—", Text(f"{data['undated']} {word('undated', lang)}", style="dim"))
    heading = Text(f"{word('per_year', lang)}", style="italic")
    summary = Text(word("fact_count", lang, n=data["facts"]), style="bold")
    return render(terminal, [summary, matrix, legend, Text(""), heading, chart], width)
