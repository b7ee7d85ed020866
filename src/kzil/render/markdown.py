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
from kzil.spans import Marker, Plan, year_of
from kzil.text import visible

if TYPE_CHECKING:
    from kzil.coverage import Context

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def escape(text: str) -> str:
    """Data text as literal Markdown: no emphasis, links, HTML or headings sneak in, and no
    control character reaches the terminal the briefing may be printed on."""
    return _SPECIAL.sub(r"\\\1", visible(" ".join(text.split()), one_line=True))


def _quote_block(text: str) -> str:
    return "\n".join("  > " + escape(line) for line in text.splitlines() if line.strip())


def _fact_item(base: FactBase, fact: Fact, lang: str) -> str:
    when = escape(fact.date_text.get(lang)) if fact.date_text else word("no_date", lang)
    source = base.sources[fact.source]
    status = f"{STATUS_SYMBOLS[fact.status]} {status_label(fact.status, lang)}"
    # Blank lines around the quote: a line right after `> quote` would be a lazy continuation
    # of it in CommonMark, putting the attribution inside the verbatim quote.
    notes = f"\n\n  *{escape(fact.notes.get(lang))}*" if fact.notes else ""
    return (
        f"- **{when}** · {status} · {escape(fact.summary.get(lang))} (`{fact.id}`)\n\n"
        f"{_quote_block(fact.quote)}\n\n"
        f"  — {escape(records.attribution(fact, base, lang))} · {escape(source.outlet)}, {source.published}"
        f"{notes}"
    )


def _sources_footer(base: FactBase, facts: Sequence[Fact], lang: str) -> str:
    used = dict.fromkeys(fact.source for fact in facts)
    lines = [f"- {escape(records.citation(base.sources[key], base, lang))}" for key in used]
    return f"\n\n**{word('source', lang).capitalize()}:**\n\n" + "\n".join(lines) if lines else ""


def briefing(base: FactBase, facts: Sequence[Fact], lang: str, heading: str) -> str:
    body = "\n\n".join(_fact_item(base, fact, lang) for fact in facts)
    return f"## {escape(heading)}\n\n{body}{_sources_footer(base, facts, lang)}\n"


def marker_text(base: FactBase, marker: Marker, lang: str) -> str:
    return " · ".join(marker_parts(base, marker, lang))


def timeline(base: FactBase, entries: Sequence[Fact | Marker], lang: str, left_out: int) -> str:
    blocks = [f"## {word('timeline', lang)}"]
    year = None
    for entry in entries:
        if year_of(entry, base) != year:
            year = year_of(entry, base)
            blocks.append(f"### {year}")
        if isinstance(entry, Marker):
            blocks.append(f"*— {escape(marker_text(base, entry, lang))} —*")
        else:
            blocks.append(_fact_item(base, entry, lang))
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

    def timeline(self, base: FactBase, plan: Plan, lang: str) -> None:
        if plan.facts:  # nothing at all rather than an empty timeline: the notice says why
            self.out.readable(timeline(base, plan.entries, lang, plan.left_out))
