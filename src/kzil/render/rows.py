"""What the cells of a facts table say, without Rich (and the cells the timeline shares).

A cell is a base style and parts of text, each with its own style: `tables` turns it into a Rich
`Text` for a terminal, `plain` lays the same characters out for a pipe. Every data string goes
through `visible()` here, once for both.
"""

from collections.abc import Iterable
from typing import NamedTuple

from kzil.i18n import STATUS_STYLES, STATUS_SYMBOLS, status_label, word
from kzil.model import Fact, FactBase
from kzil.text import visible


class Part(NamedTuple):
    text: str
    style: str = ""


class Cell(NamedTuple):
    """A cell's text in parts; `style` is the style of the whole cell (Rich's `Text.style`)."""

    parts: tuple[Part, ...]
    style: str = ""

    @property
    def plain(self) -> str:
        return "".join([part.text for part in self.parts])


EMPTY = Cell(())


def text(value: str, style: str = "") -> Cell:
    """Untrusted data as one harmless part."""
    return Cell((Part(visible(value)),), style)


def status_cell(status: str, lang: str) -> Cell:
    return Cell((Part(f"{STATUS_SYMBOLS[status]} {status_label(status, lang)}"),), STATUS_STYLES[status])


def date_cell(fact: Fact, lang: str) -> Cell:
    if fact.date_text is None:
        return Cell((Part("—"),), "dim")
    parts = [Part(visible(fact.date_text.get(lang)))]
    if fact.derived:
        parts.append(Part(" *", "dim"))
    return Cell(tuple(parts))


def names(base: FactBase, kind: str, keys: Iterable[str], lang: str) -> str:
    table = base.named(kind)
    return ", ".join(table[key].name.get(lang) for key in keys)


# --- the facts table ----------------------------------------------------------------------------


def fact_row(base: FactBase, fact: Fact, lang: str) -> list[Cell]:
    """Date, status, and the summary with the id and sectors below it."""
    what = [Part(visible(fact.summary.get(lang))), Part(f"\n{fact.id}", "bold dim")]
    if fact.sectors:
        what.append(Part(" · " + visible(names(base, "sector", fact.sectors, lang)), "dim"))
    return [date_cell(fact, lang), status_cell(fact.status, lang), Cell(tuple(what))]


def fact_headers(lang: str) -> list[str]:
    return [word(key, lang) for key in ("date", "status", "summary")]


def derived_note(facts: Iterable[Fact], lang: str) -> str | None:
    """The footnote under a table with a derived date in it."""
    return "* " + word("derived", lang) if any(fact.derived for fact in facts) else None
