"""Writing a result in the format the user chose, to the streams the CLI hands over.

`FORMATS` is the one table from a format name to its renderer: the module and class that write
it, and the views it supports (a list of facts, one fact, a reference list, the overview, the
timeline). A command's `--format` choices are read from this table; the renderer's module is
imported only when its format is used, so the JSON path never loads Rich (tables) or the CSV
writer. A new format is one class and one row here.

Nothing is written before the result is ready, so an error leaves stdout empty.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TextIO

from kzil.errors import KzilError

if TYPE_CHECKING:
    from kzil.coverage import Context
    from kzil.model import Fact, FactBase
    from kzil.render.records import Record
    from kzil.render.terminal import Terminal
    from kzil.spans import Plan
    from kzil.track import States, Tracked

View = Literal["facts", "fact", "reference", "overview", "timeline", "track"]
VIEWS: tuple[View, ...] = ("facts", "fact", "reference", "overview", "timeline", "track")
_EVERY_VIEW = frozenset(VIEWS)


class Format:
    """Where a format's renderer lives (imported on use) and which views it can show.

    A plain class: a NamedTuple costs 0.1 ms more to define, on every run (measured)."""

    __slots__ = ("module", "renderer", "views")

    def __init__(self, module: str, renderer: str, views: frozenset[View]) -> None:
        self.module = module
        self.renderer = renderer  # a subclass of Renderer in `module`
        self.views = views


FORMATS: dict[str, Format] = {
    "table": Format("kzil.render.human", "TableRenderer", _EVERY_VIEW),
    "json": Format("kzil.render.machine", "JsonRenderer", _EVERY_VIEW),
    "jsonl": Format("kzil.render.machine", "JsonLinesRenderer", _EVERY_VIEW),
    "csv": Format("kzil.render.machine", "CsvRenderer", _EVERY_VIEW),
    "tsv": Format("kzil.render.machine", "TsvRenderer", _EVERY_VIEW),
    "markdown": Format("kzil.render.markdown", "MarkdownRenderer", _EVERY_VIEW),
    "timelinejs": Format("kzil.render.exports", "TimelineJsRenderer", frozenset({"timeline"})),
    "ics": Format("kzil.render.exports", "IcsRenderer", frozenset({"timeline"})),
}
DEFAULT_FORMAT = "table"
MACHINE_FORMATS = ("json", "jsonl", "csv", "tsv")  # records for scripts: --fields and --names apply

# What an empty answer says on stderr, per view that can be empty.
_NOTHING_MATCHES: dict[View, str] = {
    "facts": "no facts match; 'kzil facts' lists them all",
    "timeline": "no dated facts match; 'kzil facts' lists every fact",
    "track": "no plans match; 'kzil track' lists them all",
}


def choices(view: View) -> tuple[str, ...]:
    """The formats that can show `view`, in the table's order: a command's `--format` choices."""
    return tuple(name for name, entry in FORMATS.items() if view in entry.views)


def notice(stream: TextIO | None, message: str) -> None:
    """A one-line message for the person, on stderr, readable whatever its encoding."""
    from kzil.text import visible

    line = f"kzil: {visible(message, one_line=True)}\n"
    if stream is None:  # started with stderr closed: nobody to tell
        return
    with contextlib.suppress(OSError):
        stream.flush()
        stream.buffer.write(line.encode(stream.encoding or "utf-8", "backslashreplace"))
        stream.buffer.flush()


class Output:
    """Where one command's result goes: stdout's bytes, stderr for notices, and (asked for only
    by human formats) the terminal facts."""

    def __init__(
        self,
        stream: BinaryIO,
        errors: TextIO | None,
        terminal: Callable[[], Terminal],
        *,
        guard_formulas: bool = True,
        fields: Sequence[str] | None = None,
        names: bool = False,
    ) -> None:
        self.stream = stream
        self.errors = errors
        self._terminal = terminal
        self.guard_formulas = guard_formulas  # CSV and TSV: neutralise cells that start a formula
        self.fields = fields  # machine formats: only these keys, in this order (None: every key)
        self.names = names  # machine formats: a fact's sector, country and entity names too

    def terminal(self) -> Terminal:
        return self._terminal()

    def notice(self, message: str) -> None:
        notice(self.errors, message)

    def utf8(self, text: str) -> None:
        self.stream.write(text.encode("utf-8"))

    def readable(self, text: str) -> None:
        """Plain text for people (Markdown), through the terminal guard, as UTF-8."""
        from kzil.text import visible

        self.utf8(visible(text))

    def human_lines(self, lines: Iterable[str], terminal: Terminal) -> None:
        """`human` for text made line by line (a long timeline), written a megabyte at a time
        rather than held whole (50,000 facts make 30 MB of text)."""
        chunk: list[str] = []
        size = 0
        for line in lines:
            chunk.append(line)
            size += len(line)
            if size > 1 << 20:
                self.human("".join(chunk), terminal)
                chunk, size = [], 0
        if chunk:
            self.human("".join(chunk), terminal)

    def human(self, text: str, terminal: Terminal) -> None:
        """Rendered text in the terminal's encoding, through the terminal guard; a one-line error
        rather than mojibake."""
        from kzil.render.terminal import guarded

        try:
            data = guarded(text, terminal.color).encode(terminal.encoding)
        except UnicodeEncodeError:
            raise KzilError(
                f"the output encoding '{terminal.encoding}' cannot show this text; use a UTF-8 locale "
                "(e.g. PYTHONIOENCODING=utf-8) or --format json"
            ) from None
        self.stream.write(data)


class Renderer:
    """One output format. A subclass implements the views its row in `FORMATS` lists; the
    command line offers a format only for those views, so the others are never called."""

    def __init__(self, out: Output) -> None:
        self.out = out

    def facts(self, base: FactBase, chosen: Sequence[Fact], lang: str, heading: Callable[[], str]) -> None:
        """A list of facts under a heading (computed only by formats that show one)."""
        raise NotImplementedError

    def fact(self, base: FactBase, item: Fact, lang: str, context: Context | None = None) -> None:
        """One fact in full; with `context`, the paragraph of the source text that holds its quote
        (the table and JSON formats show it; the command refuses it for the others)."""
        raise NotImplementedError

    def reference(
        self, rows: list[Record], columns: Sequence[tuple[str, str]], title: str, lang: str
    ) -> None:
        """A reference list (sectors, entities, ...): `columns` are (record key, heading word)."""
        raise NotImplementedError

    def overview(self, base: FactBase, lang: str) -> None:
        """The sector × status matrix and facts per year."""
        raise NotImplementedError

    def timeline(self, base: FactBase, plan: Plan, states: States, lang: str) -> None:
        """Dated facts in order, with the markers (source dates, today) where a format shows them,
        and what came of the plans among them (`states`, by fact id) where it says so."""
        raise NotImplementedError

    def track(self, base: FactBase, rows: Sequence[Tracked], today: str, lang: str) -> None:
        """What came of each plan (`kzil track`): the tracked facts, grouped by state."""
        raise NotImplementedError


def renderer(fmt: str, out: Output) -> Renderer:
    """The renderer of format `fmt`, its module imported now."""
    entry = FORMATS[fmt]
    # The builtin `__import__` rather than importlib: importing importlib costs 0.3 ms of a
    # cached JSON run, and `fromlist` makes it return the module itself, not the package.
    module = __import__(entry.module, fromlist=[entry.renderer])
    made: Any = getattr(module, entry.renderer)(out)
    assert isinstance(made, Renderer)
    return made


def _nothing_matches(view: View, shown: Sequence[object], out: Output) -> None:
    if not shown:
        out.notice(_NOTHING_MATCHES[view])


def facts(
    base: FactBase,
    chosen: Sequence[Fact],
    fmt: str,
    lang: str,
    out: Output,
    heading: Callable[[], str],
) -> None:
    """A list of facts: the records of the output contract, a table or a Markdown briefing."""
    renderer(fmt, out).facts(base, chosen, lang, heading)
    _nothing_matches("facts", chosen, out)


def fact(
    base: FactBase, item: Fact, fmt: str, lang: str, out: Output, context: Context | None = None
) -> None:
    """One fact: its record, a one-item briefing, or the full view."""
    renderer(fmt, out).fact(base, item, lang, context)


def reference(
    rows: list[Record],
    columns: Sequence[tuple[str, str]],
    title: str,
    fmt: str,
    lang: str,
    out: Output,
) -> None:
    """A reference list (sectors, entities, ...): `columns` are (record key, heading word) pairs."""
    renderer(fmt, out).reference(rows, columns, title, lang)


def overview(base: FactBase, fmt: str, lang: str, out: Output) -> None:
    """The sector × status matrix and facts per year; CSV and TSV hold the matrix."""
    renderer(fmt, out).overview(base, lang)


def timeline(base: FactBase, plan: Plan, states: States, fmt: str, lang: str, out: Output) -> None:
    """Dated facts in order: records, a TimelineJS document, iCalendar, a briefing or the view."""
    renderer(fmt, out).timeline(base, plan, states, lang)
    _nothing_matches("timeline", plan.facts, out)


def track(base: FactBase, rows: Sequence[Tracked], today: str, fmt: str, lang: str, out: Output) -> None:
    """What came of each plan: records with state, deadline and outcome, a briefing or tables."""
    renderer(fmt, out).track(base, rows, today, lang)
    _nothing_matches("track", rows, out)
