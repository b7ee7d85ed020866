"""The timeline as people read it: facts by year, with the source-date and today markers.

Three columns: the date (the source's wording, and under it the date's label), the status and the
summary. The date column is as wide as its widest label, so the summary gets the room. What each
cell says is `timeline_rows.Timeline`'s, shared with the plain layout of a pipe
(`plain_timeline`).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kzil.i18n import word
from kzil.model import FactBase
from kzil.render.tables import render, rich, sized_columns
from kzil.render.terminal import Terminal
from kzil.render.timeline_rows import Timeline, distinct
from kzil.spans import Plan, shown
from kzil.track import States


def timeline(base: FactBase, plan: Plan, lang: str, terminal: Terminal, states: States) -> str:
    """The dated facts by year, with the source-date and today markers cutting across, and what
    came of the plans among them (`states`)."""
    laid = Timeline(base, lang, states)
    made = laid.rows(shown(plan, base, lang))
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    whens, statuses = distinct(row.cells[0] for row in made), distinct(row.cells[1] for row in made)
    date = laid.date_width(terminal.width, cell_len, whens, statuses)
    cells = [[rich(cell) for cell in row.cells] for row in made]
    width = sized_columns(table, cells, ["", "", ""], terminal.width, 2 * 3 - 2, [(date, date)])
    for row in laid.fitted(made, date, cell_len):
        table.add_row(*(rich(cell) for cell in row.cells), style=row.style)
    title = laid.title(sum(1 for row in made if row.dated is not None))
    parts: list[RenderableType] = [Text(title, style="bold"), Text(""), table]
    if plan.left_out:
        parts += [Text(""), Text(word("left_out", lang, n=plan.left_out), style="dim")]
    return render(terminal, [Group(*parts)], width)
