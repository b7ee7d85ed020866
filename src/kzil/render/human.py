"""The `table` format: what people read on a terminal, rendered with Rich by `tables`.

Imported only when the table format is chosen, and with it Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kzil.render import records, tables, timeline_view
from kzil.render.formats import Renderer
from kzil.render.records import Record

if TYPE_CHECKING:
    from kzil.model import Fact, FactBase
    from kzil.spans import Plan


class TableRenderer(Renderer):
    """Tables, one fact in full, the overview and the timeline, sized to the terminal."""

    def facts(self, base: FactBase, chosen: Sequence[Fact], lang: str, heading: Callable[[], str]) -> None:
        if chosen:  # nothing at all rather than an empty table: the notice says why
            term = self.out.terminal()
            self.out.human(tables.facts_table(base, chosen, lang, term, heading()), term)

    def fact(self, base: FactBase, item: Fact, lang: str) -> None:
        term = self.out.terminal()
        self.out.human(tables.show(base, item, lang, term), term)

    def reference(
        self, rows: list[Record], columns: Sequence[tuple[str, str]], title: str, lang: str
    ) -> None:
        headers, cells = records.reference_table(rows, columns, lang)
        term = self.out.terminal()
        self.out.human(tables.plain_table(term, headers, cells, title=title), term)

    def overview(self, base: FactBase, lang: str) -> None:
        term = self.out.terminal()
        self.out.human(tables.overview(base, lang, term), term)

    def timeline(self, base: FactBase, plan: Plan, lang: str) -> None:
        if plan.facts:  # nothing at all rather than an empty timeline: the notice says why
            term = self.out.terminal()
            self.out.human(timeline_view.timeline(base, plan.entries, lang, term, plan.left_out), term)
