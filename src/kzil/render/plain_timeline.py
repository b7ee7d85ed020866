"""The timeline for a pipe or a file, laid out without Rich (`plain` says how), made for length.

A timeline of 50,000 facts has 50,000 rows but few different date and status cells: a date's
wording and label, ten statuses, the years and markers. Each of those is measured, checked and
wrapped once; only the summaries are wrapped row by row (100,000 facts: 1.9 s -> 1.4 s).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kzil.i18n import word
from kzil.model import FactBase
from kzil.render.plain import fit_widths, joined, longest, narrow, wrap
from kzil.render.terminal import Terminal
from kzil.render.timeline_rows import Timeline, distinct
from kzil.spans import Plan, shown
from kzil.track import States

# The timeline's columns are separated by two spaces (Rich's padding of one on each side) and
# have no padding at the table's edges.
GAP = "  "


def timeline(
    base: FactBase, plan: Plan, lang: str, terminal: Terminal, states: States
) -> Iterator[str] | None:
    """`timeline_view.timeline` without colour, a row at a time; None when a text is not one
    cell per character."""
    laid = Timeline(base, lang, states)
    made = laid.texts(shown(plan, base, lang))
    title = laid.title(sum(1 for row in made if row.dated is not None))
    tail = word("left_out", lang, n=plan.left_out) if plan.left_out else ""
    whens, statuses = distinct(row.when for row in made), distinct(row.status for row in made)
    texts = {id(cell): cell.plain for cell in (*whens, *statuses)}
    if not all(narrow(text) for text in (title, tail, *texts.values())) or not all(
        narrow(row.text) for row in made
    ):
        return None
    date = laid.date_width(terminal.width, len, whens, statuses)
    status = longest([texts[id(cell)] for cell in statuses])
    what = longest([row.text for row in made])
    widths = fit_widths([date, status[0], what[0]], [date, status[1], what[1]], terminal.width - 4)
    room = max(terminal.width, sum(widths) + 4)
    # `laid.fitted`, on the texts: a date's label too wide for its column is broken after its arrow.
    wide = {id(cell) for cell in whens if len(texts[id(cell)].rsplit("\n", 1)[-1]) > date}
    cells = []
    for row in made:
        when = row.when
        if row.dated is not None and id(when) in wide:
            when = laid.when(row.dated, split=True)
            texts[id(when)] = when.plain
        cells.append((texts[id(when)], texts[id(row.status)], row.text))
    del laid, made

    def lines() -> Iterator[str]:
        yield from joined(wrap(title, room))
        yield "\n"
        yield from _rows(cells, widths)
        if tail:
            yield "\n"
            yield from joined(wrap(tail, room))

    return lines()


def _rows(cells: Sequence[tuple[str, str, str]], widths: Sequence[int]) -> Iterator[str]:
    """`plain._row_lines` of each row, joined: the date and status cells laid out once each."""
    date, status, summary = widths
    blank_date, blank_status = " " * date, " " * status
    dates: dict[str, list[str]] = {}  # a date's text -> its lines, padded
    statuses: dict[str, list[str]] = {}
    for when, state, what in cells:
        left = dates.get(when)
        if left is None:
            left = dates[when] = [line.ljust(date) for line in wrap(when, date)]
        middle = statuses.get(state)
        if middle is None:
            middle = statuses[state] = [line.ljust(status) for line in wrap(state, status)]
        right = wrap(what, summary)
        height = max(len(left), len(middle), len(right))
        if height == 1:
            yield f"{left[0]}{GAP}{middle[0]}{GAP}{right[0]}".rstrip() + "\n"
            continue
        left = left + [blank_date] * (height - len(left))
        middle = middle + [blank_status] * (height - len(middle))
        right = right + [""] * (height - len(right))
        yield "".join(
            [f"{a}{GAP}{b}{GAP}{c}".rstrip() + "\n" for a, b, c in zip(left, middle, right, strict=True)]
        )
