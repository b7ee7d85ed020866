"""What the timeline's rows say, without Rich: for `timeline_view` (a terminal, Rich) and
`plain_timeline` (a pipe or a file) alike.

A year heading before each year, a blank row between years, the markers (a source published,
today), and a row per fact: the source's wording of its date over the date's label, its status,
and its summary with its sectors and what came of it. Every data string goes through `visible()`
here, once for both.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from kzil.i18n import word
from kzil.model import FORWARD_STATUSES, SETTLED_STATUSES, STATUSES, FactBase, Shown
from kzil.render.rows import EMPTY, Cell, Part, names, status_cell, text
from kzil.render.tracking import timeline_notes
from kzil.spans import Marker, year_of
from kzil.text import visible
from kzil.track import States

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


class Texts(NamedTuple):
    """A row for a plain layout: its date and status cells (few different ones, shared), the text
    of its last cell, and the date of the fact it shows, if any."""

    when: Cell
    status: Cell
    text: str
    dated: Dated | None


class _SectorLines(dict[tuple[str, ...], Part]):
    """The timeline's line of sector names by the tuple of ids, made once each: a long listing
    repeats the same few combinations (50,000 facts: 0.02 s instead of 0.6 s)."""

    def __init__(self, base: FactBase, lang: str) -> None:
        super().__init__()
        self.base, self.lang = base, lang

    def __missing__(self, keys: tuple[str, ...]) -> Part:
        shown = self[keys] = Part("\n" + visible(names(self.base, "sector", keys, self.lang)), "dim")
        return shown


class Timeline:
    """The rows of a timeline in one language, made as `rows` (cells, for Rich) or `texts`."""

    def __init__(self, base: FactBase, lang: str, states: States) -> None:
        self.base, self.lang, self._states = base, lang, states
        self._labels: dict[str, tuple[list[str], list[str], str]] = {}  # dates repeat; parsing costs
        # Date cells repeat too, with their wording: each made once, and the sectors line with the
        # sector names (100,000 facts: 0.2 s less of 2.9 s).
        self._whens: dict[tuple[Dated, bool], Cell] = {}
        # A fact's date as written, to its Dated and date cell: neither is made again.
        self._dates: dict[tuple[str, bool, str | None], tuple[Dated, Cell]] = {}
        self._sectors = _SectorLines(base, lang)
        self._statuses = {status: _timeline_status(status, lang) for status in STATUSES}

    def rows(self, entries: Iterable[Shown | Marker]) -> list[Row]:
        return [Row(item) if isinstance(item, list) else self._fact_row(item) for item in self._walk(entries)]

    def texts(self, entries: Iterable[Shown | Marker]) -> list[Texts]:
        """`rows` as a plain layout reads them: without the cells of each fact's summary and the
        rows themselves (100,000 facts: 0.7 s -> 0.53 s to read and make them)."""
        found = []
        for item in self._walk(entries):
            if isinstance(item, list):
                found.append(Texts(item[0], item[1], item[2].plain, None))
                continue
            dated, when = self._date(item)
            summary = visible(item.summary)
            for part in self._extras(item):
                summary += part.text
            found.append(Texts(when, self._statuses[item.status], summary, dated))
        return found

    def _walk(self, entries: Iterable[Shown | Marker]) -> Iterator[Shown | list[Cell]]:
        """The facts, and the cells of the rows between them: years, blank rows, markers."""
        year = None
        for entry in entries:
            if (placed := year_of(entry, self.base)) != year:
                if year is not None:
                    yield [EMPTY, EMPTY, EMPTY]
                year = placed
                yield [Cell((Part(str(year)),), "bold underline"), EMPTY, EMPTY]
            yield _marker_row(self.base, entry, self.lang) if isinstance(entry, Marker) else entry

    def _fact_row(self, fact: Shown) -> Row:
        """A fact's row: its date, status, summary and sectors, and what came of it."""
        dated, when = self._date(fact)
        what = Cell((Part(visible(fact.summary)), *self._extras(fact)))
        style = "" if fact.status in SETTLED_STATUSES else "italic"
        return Row([when, self._statuses[fact.status], what], style, dated)

    def _date(self, fact: Shown) -> tuple[Dated, Cell]:
        found = self._dates.get(key := (fact.date, fact.derived, fact.date_text))
        if found is None:
            wording = visible(fact.date if fact.date_text is None else fact.date_text)
            dated = Dated(fact.date, fact.derived, wording)
            found = self._dates[key] = (dated, self.when(dated))
        return found

    def _extras(self, fact: Shown) -> tuple[Part, ...]:
        """The lines under a summary: the sectors, a passed date with no follow-up, the follow-up
        that settled a plan, what a follow-up follows."""
        extras: tuple[Part, ...] = (self._sectors[fact.sectors],) if fact.sectors else ()
        if fact.status in FORWARD_STATUSES or fact.follows:  # else `timeline_notes` has none
            for note in timeline_notes(fact, self._states, self.lang):
                extras += (Part("\n" + visible(note), "bold" if note.startswith("!") else "dim"),)
        return extras

    def title(self, dated: int) -> str:
        """The title over `dated` facts."""
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

    def date_width(self, room: int, measure: Measure, whens: Iterable[Cell], statuses: Iterable[Cell]) -> int:
        """The date column's width, given its different cells and the status column's; the
        source's wording wraps inside it. As wide as the widest label line (`~Oct 2023 → 8 Jun
        2026 *`) while the summary keeps `SUMMARY_ROOM`; else as wide as the widest half of a label
        broken after its arrow, so the summary gets the room."""
        # Each different cell measured once: dates and statuses repeat (100,000 facts: 0.105 s ->
        # 0.095 s measured with `len`, 0.19 s -> 0.14 s with Rich's `cell_len`).
        dates = {cell.plain for cell in whens}
        words = max((measure(word) for text in dates for word in text.split()), default=0)
        whole = max(measure(text.rsplit("\n", 1)[-1]) for text in dates)  # labels, markers, years
        shown = {cell.plain for cell in statuses}
        status = max(measure(line) for text in shown for line in text.splitlines() or [""])
        widest = max(words, whole)
        if room - 2 * 3 + 2 - status - widest >= SUMMARY_ROOM:
            return widest
        dated = {key for key, split in self._whens if not split}
        halves = [measure(line) for date in dated for line in self._label(date, True)[0]]
        single = [measure(text) for text in dates if "\n" not in text]  # markers, years
        return max([words, *halves, *single])

    def fitted(self, rows: Iterable[Row], date: int, measure: Measure) -> list[Row]:
        """The rows with the label of a date too wide for its column broken after its arrow."""
        fitted = []
        for row in rows:
            if row.dated is not None and measure(row.cells[0].plain.rsplit("\n", 1)[-1]) > date:
                row = row._replace(cells=[self.when(row.dated, split=True), *row.cells[1:]])
            fitted.append(row)
        return fitted


def distinct(cells: Iterable[Cell]) -> list[Cell]:
    """The different cells among `cells`, each once: a column's dates and statuses repeat (the
    rows hold them all, so no two of these are one object)."""
    return list({id(cell): cell for cell in cells}.values())


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
