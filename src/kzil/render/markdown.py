"""Markdown briefings: facts with their quotes and citations, ready to paste into a note."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kzil.i18n import STATUS_SYMBOLS, status_label, word
from kzil.model import STATUSES, Fact, FactBase
from kzil.render import records
from kzil.render.formats import Renderer
from kzil.render.labels import marker_parts
from kzil.render.records import Record
from kzil.render.tracking import timeline_notes
from kzil.spans import Marker, Plan, year_of
from kzil.text import visible
from kzil.track import STATES, States, Tracked

if TYPE_CHECKING:
    from kzil.coverage import Context

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def escape(text: str) -> str:
    """Data text as literal Markdown: no emphasis, links, HTML or headings sneak in, and no
    control character reaches the terminal the briefing may be printed on."""
    return _SPECIAL.sub(r"\\\1", visible(" ".join(text.split()), one_line=True))


def _quote_block(text: str) -> str:
    return "\n".join("  > " + escape(line) for line in text.splitlines() if line.strip())


def _fact_item(base: FactBase, fact: Fact, lang: str, marks: Sequence[str] = ()) -> str:
    when = escape(fact.date_text.get(lang)) if fact.date_text else word("no_date", lang)
    source = base.sources[fact.source]
    status = f"{STATUS_SYMBOLS[fact.status]} {status_label(fact.status, lang)}"
    # Each part its own paragraph: a line right after `> quote` would be a lazy continuation of
    # it in CommonMark, putting the attribution inside the verbatim quote.
    parts = [f"- **{when}** · {status} · {escape(fact.summary.get(lang))} (`{fact.id}`)"]
    parts += [f"  *{escape(mark)}*" for mark in marks]
    if fact.follows:
        parts.append(f"  ↳ {word('follows', lang)} " + ", ".join(f"`{key}`" for key in fact.follows))
    attribution = escape(records.attribution(fact, base, lang))
    parts += [_quote_block(fact.quote), f"  — {attribution} · {escape(source.outlet)}, {source.published}"]
    if fact.notes:
        parts.append(f"  *{escape(fact.notes.get(lang))}*")
    return "\n\n".join(parts)


def _sources_footer(base: FactBase, facts: Sequence[Fact], lang: str) -> str:
    used = dict.fromkeys(fact.source for fact in facts)
    lines = [f"- {escape(records.citation(base.sources[key], base, lang))}" for key in used]
    return f"\n\n**{word('source', lang).capitalize()}:**\n\n" + "\n".join(lines) if lines else ""


def briefing(base: FactBase, facts: Sequence[Fact], lang: str, heading: str) -> str:
    body = "\n\n".join(_fact_item(base, fact, lang) for fact in facts)
    return f"## {escape(heading)}\n\n{body}{_sources_footer(base, facts, lang)}\n"


def marker_text(base: FactBase, marker: Marker, lang: str) -> str:
    return " · ".join(marker_parts(base, marker, lang))


def timeline(
    base: FactBase,
    entries: Sequence[Fact | Marker],
    lang: str,
    left_out: int,
    states: States,
) -> str:
    blocks = [f"## {word('timeline', lang)}"]
    year = None
    for entry in entries:
        if year_of(entry, base) != year:
            year = year_of(entry, base)
            blocks.append(f"### {year}")
        if isinstance(entry, Marker):
            blocks.append(f"*— {escape(marker_text(base, entry, lang))} —*")
        else:
            notes = [note for note in timeline_notes(entry, states, lang) if not note.startswith("↳")]
            blocks.append(_fact_item(base, entry, lang, notes))
    if left_out:
        blocks.append(escape(word("left_out", lang, n=left_out)))
    facts = [entry for entry in entries if not isinstance(entry, Marker)]
    return "\n\n".join(blocks) + _sources_footer(base, facts, lang) + "\n"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table of plain cells."""
    head = "| " + " | ".join(escape(h) for h in headers) + " |"
    rule = "|" + "|".join("---" for _ in headers) + "|"
    body = ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join([head, rule, *body]) + "\n"


def track(base: FactBase, rows: Sequence[Tracked], today: str, lang: str) -> str:
    """The tracked facts as a briefing, one section per state, with deadlines and outcomes."""
    from kzil.render import tracking

    blocks = [f"## {escape(word('track_title', lang, date=today, n=len(rows)))}"]
    for state in STATES:
        group = [row for row in rows if row.state == state]
        if not group:
            continue
        blocks.append(f"### {escape(tracking.state_heading(state, len(group), lang))}")
        for row in group:
            deadline = f"{word('deadline', lang)}: {tracking.deadline_label(row)}"
            distance = tracking.deadline_distance(row, today, lang)
            notes = [f"{deadline}, {distance}" if distance else deadline]
            if row.outcome is not None:
                head, summary, cited = tracking.outcome_lines(base, row.outcome, lang)
                notes.append(f"→ {head}: {summary} — {cited}")
            blocks.append(_fact_item(base, row.fact, lang, notes))
    used = [row.fact for row in rows] + [row.outcome for row in rows if row.outcome is not None]
    return "\n\n".join(blocks) + _sources_footer(base, used, lang) + "\n"


class MarkdownRenderer(Renderer):
    """Briefings with quotes and citations, and plain Markdown tables (UTF-8 whatever the locale)."""

    def facts(self, base: FactBase, chosen: Sequence[Fact], lang: str, heading: Callable[[], str]) -> None:
        self.out.readable(briefing(base, chosen, lang, heading()))

    def fact(self, base: FactBase, item: Fact, lang: str, context: Context | None = None) -> None:
        self.out.readable(briefing(base, [item], lang, item.id))

    def reference(
        self, rows: list[Record], columns: Sequence[tuple[str, str]], title: str, lang: str
    ) -> None:
        headers, cells = records.reference_table(rows, columns, lang)
        self.out.readable(f"## {title}\n\n" + table(headers, cells))

    def overview(self, base: FactBase, lang: str) -> None:
        data = records.overview(base, lang)
        matrix = [
            [row["name"], *map(str, row["counts"].values()), str(row["total"])] for row in data["sectors"]
        ]
        years = [[label, str(n)] for label, n in records.year_runs(data["years"])]
        headers = ["sector", *STATUSES, "total"]
        self.out.readable(table(headers, matrix) + "\n" + table(["year", "facts"], years))

    def timeline(self, base: FactBase, plan: Plan, states: States, lang: str) -> None:
        if plan.facts:  # nothing at all rather than an empty timeline: the notice says why
            self.out.readable(timeline(base, plan.entries, lang, plan.left_out, states))

    def track(self, base: FactBase, rows: Sequence[Tracked], today: str, lang: str) -> None:
        self.out.readable(track(base, rows, today, lang))
