"""`kzil track` for people: one table per state, the states that need checking first."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from kzil.i18n import STATE_STYLES, word
from kzil.model import Fact, FactBase
from kzil.render import tracking
from kzil.render.tables import Cell, grid_table, render, status_cell, text
from kzil.render.terminal import Terminal
from kzil.text import visible
from kzil.track import STATES, Tracked


def _deadline_cell(row: Tracked, today: str, lang: str) -> Text:
    cell = Text(tracking.deadline_label(row), style="" if row.deadline else "dim")
    distance = tracking.deadline_distance(row, today, lang)
    if distance:
        cell.append("\n" + distance, style=STATE_STYLES[row.state] if row.state == "unconfirmed" else "dim")
    return cell


def _plan_cell(row: Tracked, lang: str) -> Text:
    fact = row.fact
    cell = text(fact.summary.get(lang))
    cell.append(f"\n{visible(fact.id)}", style="bold dim")
    if fact.date_text is not None:
        cell.append(" · " + visible(fact.date_text.get(lang)), style="dim")
    return cell


def _outcome_cell(base: FactBase, row: Tracked, lang: str) -> Text:
    if row.outcome is None:
        return Text("—", style="dim")
    head, summary, cited = tracking.outcome_lines(base, row.outcome, lang)
    cell = Text(visible(head), style=STATE_STYLES[row.state])
    cell.append("\n" + visible(summary))
    cell.append("\n" + visible(cited), style="dim")
    return cell


def _group(
    base: FactBase, state: str, rows: Sequence[Tracked], today: str, lang: str, room: int
) -> tuple[list[RenderableType], int]:
    # An undated plan has no deadline; only a settled one has a follow-up to show.
    dated = state != "undated"
    with_outcome = state in ("rescheduled", "cancelled", "fulfilled")
    keys = ["deadline"] * dated + ["status", "plan"] + ["follow_up"] * with_outcome
    cells: list[list[Cell]] = []
    for row in rows:
        line: list[Cell] = [_deadline_cell(row, today, lang)] if dated else []
        line += [status_cell(row.fact.status, lang), _plan_cell(row, lang)]
        if with_outcome:
            line.append(_outcome_cell(base, row, lang))
        cells.append(line)
    headers = [word(key, lang) for key in keys]
    table, width = grid_table(headers, cells, room)
    table.show_lines = True
    heading = Text(tracking.state_heading(state, len(rows), lang), style=STATE_STYLES[state])
    return [Text(""), heading, table], width


def track(base: FactBase, rows: Sequence[Tracked], today: str, lang: str, terminal: Terminal) -> str:
    """The tracked facts, grouped by state in the order of STATES."""
    parts: list[RenderableType] = [
        Text(word("track_title", lang, date=today, n=len(rows)), style="bold"),
    ]
    width = 0
    for state in STATES:
        group = [row for row in rows if row.state == state]
        if group:
            renderables, group_width = _group(base, state, group, today, lang, terminal.width)
            parts += renderables
            width = max(width, group_width)
    return render(terminal, parts, width)


def chain_rows(base: FactBase, fact: Fact, lang: str) -> list[tuple[str, Cell]]:
    """`show`'s rows for the facts this one follows and those that follow it, however far."""
    rows: list[tuple[str, Cell]] = []
    for direction, key in (("up", "follows"), ("down", "followed_by")):
        linked = tracking.chain(base, fact, direction)
        if not linked:
            continue
        cell = Text()
        for i, item in enumerate(linked):
            head, summary, cited = tracking.chain_entry(base, item, lang)
            cell.append(("\n" if i else "") + visible(head), style="bold")
            cell.append("\n" + visible(summary))
            cell.append("\n" + visible(cited), style="dim")
        rows.append((word(key, lang), cell))
    return rows
