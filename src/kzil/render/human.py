"""The `table` format: what people read on a terminal, rendered with Rich by `tables` and
`timeline_view` (imported only then), or laid out by `plain` on a pipe.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kzil.render import plain, plain_timeline, records
from kzil.render.formats import Renderer
from kzil.render.records import Record

if TYPE_CHECKING:
    from kzil.coverage import Context
    from kzil.model import Fact, FactBase
    from kzil.render.terminal import Terminal
    from kzil.spans import Plan
    from kzil.track import States, Tracked


def _plain(term: Terminal) -> bool:
    """Whether Rich would print no more than characters here: a pipe or file, without colour, in
    a UTF encoding (else Rich picks ASCII boxes). `plain` then lays tables out itself."""
    return not term.is_tty and not term.color and term.encoding.startswith("utf")


class TableRenderer(Renderer):
    """Tables, one fact in full, the overview and the timeline, sized to the terminal. Facts tables
    and timelines going to a pipe or a file are laid out by `plain`, without loading Rich."""

    def facts(self, base: FactBase, chosen: Sequence[Fact], lang: str, heading: Callable[[], str]) -> None:
        if chosen:  # nothing at all rather than an empty table: the notice says why
            term = self.out.terminal()
            laid = plain.facts_table(base, chosen, lang, term, heading()) if _plain(term) else None
            if laid is not None:
                self.out.human_lines(laid, term)
                return
            from kzil.render import tables

            self.out.human(tables.facts_table(base, chosen, lang, term, heading()), term)

    def fact(self, base: FactBase, item: Fact, lang: str, context: Context | None = None) -> None:
        term = self.out.terminal()
        from kzil.render import tables

        self.out.human(tables.show(base, item, lang, term, context), term)

    def reference(
        self, rows: list[Record], columns: Sequence[tuple[str, str]], title: str, lang: str
    ) -> None:
        headers, cells = records.reference_table(rows, columns, lang)
        term = self.out.terminal()
        from kzil.render import tables

        self.out.human(tables.plain_table(term, headers, cells, title=title), term)

    def overview(self, base: FactBase, lang: str) -> None:
        term = self.out.terminal()
        from kzil.render import tables

        self.out.human(tables.overview(base, lang, term), term)

    def timeline(self, base: FactBase, plan: Plan, states: States, lang: str) -> None:
        if not plan.facts:  # nothing at all rather than an empty timeline: the notice says why
            return
        from kzil.loading.loader import gc_paused

        term = self.out.terminal()
        # Rows read, made and laid out make no reference cycles but set off collection after
        # collection: 100,000 facts to a pipe, 2.25 s with the collector paused against 2.45 s.
        with gc_paused():
            laid = plain_timeline.timeline(base, plan, lang, term, states) if _plain(term) else None
            if laid is not None:
                self.out.human_lines(laid, term)
                return
            from kzil.render import timeline_view

            self.out.human(timeline_view.timeline(base, plan, lang, term, states), term)

    def track(self, base: FactBase, rows: Sequence[Tracked], today: str, lang: str) -> None:
        if rows:  # nothing at all rather than empty tables: the notice says why
            from kzil.render import trackview

            term = self.out.terminal()
            self.out.human(trackview.track(base, rows, today, lang, term), term)
