"""What the cells of a facts table and of the timeline say, without Rich.

A cell is a base style and parts of text, each with its own style: `tables` turns it into a Rich
`Text` for a terminal, `plain` lays the same characters out for a pipe. Every data string goes
through `visible()` here, once for both.
"""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from kzil.i18n import STATUS_STYLES, STATUS_SYMBOLS, status_label, word
from kzil.model import FORWARD_STATUSES, SETTLED_STATUSES, STATUSES, Fact, FactBase, Shown
from kzil.render.tracking import timeline_notes
from kzil.spans import Marker, year_of
from kzil.text import visible
from kzil.track import States


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


class _Names(dict[tuple[str, ...], Part]):
    """The timeline's line of sector names by the tuple of ids, made once each: a long listing
    repeats the same few combinations (50,000 facts: 0.02 s instead of 0.6 s)."""

    def __init__(self, base: FactBase, lang: str) -> None:
        super().__init__()
        self.base, self.lang = base, lang

    def __missing__(self, keys: tuple[str, ...]) -> Part:
        shown = self[keys] = Part("\n" + visible(names(self.base, "sector", keys, self.lang)), "dim")
        return shown


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


# --- the timeline ---------------------------------------------------------------------------------

# A summary column narrower than this reads badly: below it the date labels break at their arrow.
SUMMARY_ROOM = 30
Measure = Callable[[str], int]  # a text's width in terminal cells (Rich's `cell_len`, or len)


class Dated(NamedTuple):
    """What a fact's date cell is made of: kept with its row, rather than the whole fact, so a
    long timeline holds its rows' text and no more (`Timeline.when`)."""

    date: str  # EDTF
    derived: bool
    wording: str  # the source's wording of the date, made visible


class Row(NamedTuple):
    cells: list[Cell]
    style: str = ""  # of the whole row: italic for what is announced rather than done
    dated: Dated | None = None  # the date of the fact the row shows, if any


class Timeline:
    """The timeline's rows, for `timeline_view` (Rich) and `plain` alike: a year heading before
    each year, a blank row between years, the markers, and a row per fact."""

    def __init__(self, base: FactBase, entries: Iterable[Shown | Marker], lang: str, states: States) -> None:
        self.lang = lang
        self._labels: dict[str, tuple[list[str], list[str], str]] = {}  # dates repeat; parsing costs
        # Date cells repeat too, with their wording: each made once, and the sectors line with the
        # sector names (100,000 facts: 0.2 s less of 2.9 s).
        self._whens: dict[tuple[Dated, bool], Cell] = {}
        # A fact's date as written, to its Dated and date cell: neither is made again.
        self._dates: dict[tuple[str, bool, str | None], tuple[Dated, Cell]] = {}
        self._sectors = _Names(base, lang)
        self._statuses = {status: _timeline_status(status, lang) for status in STATUSES}
        self._states = states
        self.rows: list[Row] = []
        self._distinct: dict[int, list[Cell]] = {}  # `distinct`, once asked
        year = None
        for entry in entries:
            if (placed := year_of(entry, base)) != year:
                if year is not None:
                    self.rows.append(Row([EMPTY, EMPTY, EMPTY]))
                year = placed
                self.rows.append(Row([Cell((Part(str(year)),), "bold underline"), EMPTY, EMPTY]))
            if isinstance(entry, Marker):
                self.rows.append(Row(_marker_row(base, entry, lang)))
                continue
            self.rows.append(self._fact_row(entry))

    def _fact_row(self, fact: Shown) -> Row:
        """A fact's row: its date, status, summary and sectors, and what came of it."""
        found = self._dates.get(key := (fact.date, fact.derived, fact.date_text))
        if found is None:
            wording = visible(fact.date if fact.date_text is None else fact.date_text)
            dated = Dated(fact.date, fact.derived, wording)
            found = self._dates[key] = (dated, self.when(dated))
        dated, when = found
        what: tuple[Part, ...] = (Part(visible(fact.summary)),)
        if fact.sectors:
            what += (self._sectors[fact.sectors],)
        if fact.status in FORWARD_STATUSES or fact.follows:  # else `timeline_notes` has none
            # A passed date with no follow-up, the follow-up that settled a plan, what it follows.
            for note in timeline_notes(fact, self._states, self.lang):
                what += (Part("\n" + visible(note), "bold" if note.startswith("!") else "dim"),)
        style = "" if fact.status in SETTLED_STATUSES else "italic"
        return Row([when, self._statuses[fact.status], Cell(what)], style, dated)

    @property
    def title(self) -> str:
        dated = sum(1 for row in self.rows if row.dated is not None)
        return f"{word('timeline', self.lang)} · {word('fact_count', self.lang, n=dated)}"

    def _label(self, dated: Dated, split: bool) -> tuple[list[str], str]:
        """A fact's date label in lines, `*` kept with its last part (`split` breaks it after its
        arrow), and its style: dim, or dim cyan when the date is not one exact day."""
        found = self._labels.get(dated.date)
        if found is None:
            found = self._labels[dated.date] = self._new_label(dated.date)
        whole, halves, style = found
        lines = halves if split else whole
        return ([*lines[:-1], lines[-1] + " *"] if dated.derived else lines), style

    def _new_label(self, date: str) -> tuple[list[str], list[str], str]:
        """A date's label whole and broken after its arrow, and its style, from one parse of the
        date (100,000 facts: 16,000 parses rather than 63,000, 0.4 s less of 3.6 s)."""
        from kzil import dates
        from kzil.render import labels

        parsed = dates.parse(date)
        first, arrow, last = labels.parsed_label(parsed, self.lang).partition(" → ")
        whole = [first + arrow + last]
        return whole, [first + " →", last] if arrow else whole, "dim" if parsed.exact_day else "dim cyan"

    def when(self, dated: Dated, *, split: bool = False) -> Cell:
        """The source's wording of the date, and under it the date's label."""
        found = self._whens.get((dated, split))
        if found is None:
            lines, style = self._label(dated, split)
            cell = Cell((Part(dated.wording), *(Part("\n" + line, style) for line in lines)))
            found = self._whens[dated, split] = cell
        return found

    def distinct(self, column: int) -> list[Cell]:
        """The different cells of the date (0) or status (1) column, each once: they repeat (the
        rows hold them, so no two of these are one object)."""
        if not self._distinct:
            whens, statuses = {}, {}
            for row in self.rows:
                when, status = row.cells[0], row.cells[1]
                whens[id(when)], statuses[id(status)] = when, status
            self._distinct = {0: list(whens.values()), 1: list(statuses.values())}
        return self._distinct[column]

    def date_width(self, room: int, measure: Measure) -> int:
        """The date column's width; the source's wording wraps inside it. As wide as the widest
        label line (`~Oct 2023 → 8 Jun 2026 *`) while the summary keeps `SUMMARY_ROOM`; else as
        wide as the widest half of a label broken after its arrow, so the summary gets the room."""
        # Each different cell measured once: dates and statuses repeat (100,000 facts: 0.105 s ->
        # 0.095 s measured with `len`, 0.19 s -> 0.14 s with Rich's `cell_len`).
        dates = {cell.plain for cell in self.distinct(0)}
        words = max((measure(word) for text in dates for word in text.split()), default=0)
        whole = max(measure(text.rsplit("\n", 1)[-1]) for text in dates)  # labels, markers, years
        statuses = {cell.plain for cell in self.distinct(1)}
        status = max(measure(line) for text in statuses for line in text.splitlines() or [""])
        widest = max(words, whole)
        if room - 2 * 3 + 2 - status - widest >= SUMMARY_ROOM:
            return widest
        dated = {key for key, split in self._whens if not split}
        halves = [measure(line) for date in dated for line in self._label(date, True)[0]]
        single = [measure(text) for text in dates if "\n" not in text]  # markers, years
        return max([words, *halves, *single])

    def fitted(self, date: int, measure: Measure) -> list[Row]:
        """The rows with the label of a date too wide for its column broken after its arrow."""
        fitted = []
        for row in self.rows:
            if row.dated is not None and measure(row.cells[0].plain.rsplit("\n", 1)[-1]) > date:
                row = row._replace(cells=[self.when(row.dated, split=True), *row.cells[1:]])
            fitted.append(row)
        return fitted


def _marker_row(base: FactBase, marker: Marker, lang: str) -> list[Cell]:
    from kzil.render.labels import marker_parts

    style = "bold magenta" if marker.kind == "today" else "bold yellow"
    label = marker_parts(base, marker, lang)[1]
    return [Cell((Part(f"━━ {marker.date}"),), style), Cell((Part("━━━━━━"),), style), text(label, style)]


def _timeline_status(status: str, lang: str) -> Cell:
    """A status as the timeline shows it: what is not done yet reads "(as announced)"."""
    cell = status_cell(status, lang)
    if status in SETTLED_STATUSES:
        return cell
    return Cell((*cell.parts, Part(f"\n({word('as_announced', lang)})", "dim")), cell.style)
