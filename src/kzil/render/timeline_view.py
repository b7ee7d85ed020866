"""The timeline as people read it: facts by year, with the source-date and today markers.

Three columns: the date (the source's wording, and under it the date's label), the status and the
summary. The date column is as wide as its widest label, so the summary gets the room.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kzil import dates
from kzil.i18n import word
from kzil.model import FACTUAL_STATUSES, Fact, FactBase
from kzil.render import labels
from kzil.render.labels import marker_parts
from kzil.render.tables import (
    Cell,
    joined_names,
    longest_line,
    longest_word,
    plain,
    render,
    sized_columns,
    status_cell,
    text,
)
from kzil.render.terminal import Terminal
from kzil.spans import Marker, year_of
from kzil.text import visible


def timeline(
    base: FactBase, entries: Sequence[Fact | Marker], lang: str, terminal: Terminal, left_out: int
) -> str:
    """The dated facts by year, with the source-date and today markers cutting across."""
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    rows: list[list[Cell]] = []
    styles: list[str] = []
    facts: list[Fact | None] = []  # the fact each row shows, if any
    year = None
    for entry in entries:
        if year_of(entry) != year:
            if year is not None:
                rows.append(["", "", ""])
            year = year_of(entry)
            rows.append([Text(str(year), style="bold underline"), "", ""])
            styles += [""] * (len(rows) - len(styles))
            facts += [None] * (len(rows) - len(facts))
        if isinstance(entry, Marker):
            rows.append(_marker_row(base, entry, lang))
            styles.append("")
            facts.append(None)
        else:
            rows.append(_entry_row(base, entry, lang))
            styles.append("" if entry.status in FACTUAL_STATUSES else "italic")
            facts.append(entry)
    date = _date_width(rows, [fact for fact in facts if fact], lang, terminal.width)
    width = sized_columns(table, rows, ["", "", ""], terminal.width, 2 * 3 - 2, [(date, date)])
    for row, style, fact in zip(rows, styles, facts, strict=True):
        if fact is not None and cell_len(_last_line(row[0])) > date:
            row[0] = _when_cell(fact, lang, split=True)  # the label on two lines, at its arrow
        table.add_row(*row, style=style)
    title = Text(
        f"{word('timeline', lang)} · {word('fact_count', lang, n=len(facts) - facts.count(None))}",
        style="bold",
    )
    parts: list[RenderableType] = [title, Text(""), table]
    if left_out:
        parts += [Text(""), Text(word("left_out", lang, n=left_out), style="dim")]
    return render(terminal, [Group(*parts)], width)


# A summary column narrower than this reads badly: below it the date labels break at their arrow.
_SUMMARY_ROOM = 30


def _last_line(cell: Cell) -> str:
    return plain(cell).rsplit("\n", 1)[-1]


def _date_width(rows: Sequence[Sequence[Cell]], facts: Sequence[Fact], lang: str, room: int) -> int:
    """The date column's width; the source's wording wraps inside it. As wide as the widest label
    line (`~Oct 2023 → 8 Jun 2026 *`) while the summary keeps `_SUMMARY_ROOM`; else as wide as
    the widest half of a label broken after its arrow, so that the summary gets the room."""
    words = max(longest_word(row[0]) for row in rows)
    whole = max(cell_len(_last_line(row[0])) for row in rows)  # labels, markers, years
    halves = [cell_len(line) for fact in facts for line in _label_lines(fact, lang, split=True)]
    single = [cell_len(plain(row[0])) for row in rows if "\n" not in plain(row[0])]  # markers, years
    status = max(longest_line(row[1]) for row in rows)
    widest = max(words, whole)
    if room - 2 * 3 + 2 - status - widest >= _SUMMARY_ROOM:
        return widest
    return max([words, *halves, *single])


def _marker_row(base: FactBase, marker: Marker, lang: str) -> list[Cell]:
    style = "bold magenta" if marker.kind == "today" else "bold yellow"
    label = marker_parts(base, marker, lang)[1]
    return [Text(f"━━ {marker.date}", style=style), Text("━━━━━━", style=style), text(label, style)]


def _label_lines(fact: Fact, lang: str, *, split: bool) -> list[str]:
    """A fact's date label, `*` kept with its last part; `split` breaks it after its arrow."""
    assert fact.date is not None
    label = labels.label(fact.date, lang) + (" *" if fact.derived else "")
    first, arrow, last = label.partition(" → ")
    return [first + " →", last] if split and arrow else [label]


def _when_cell(fact: Fact, lang: str, *, split: bool = False) -> Text:
    """The source's wording of the date, and under it the date's label."""
    assert fact.date is not None
    when = text(fact.date_text.get(lang) if fact.date_text else fact.date)
    exact = dates.parse(fact.date).exact_day
    for line in _label_lines(fact, lang, split=split):
        when.append("\n" + line, style="dim" if exact else "dim cyan")
    return when


def _entry_row(base: FactBase, fact: Fact, lang: str) -> list[Cell]:
    when = _when_cell(fact, lang)
    status = status_cell(fact.status, lang)
    if fact.status not in FACTUAL_STATUSES:
        status.append(f"\n({word('as_announced', lang)})", style="dim")
    what = text(fact.summary.get(lang))
    what.append("\n" + visible(joined_names(base, "sector", fact.sectors, lang)), style="dim")
    return [when, status, what]
