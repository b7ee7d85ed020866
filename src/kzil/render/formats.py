"""Writing a result in the format the user chose, to the streams the CLI hands over.

Machine formats are UTF-8 bytes written straight to the binary stream; human formats are
rendered by `tables` (Rich), imported only then. Nothing is written before the result is ready,
so an error leaves stdout empty.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from kzil.errors import KzilError

if TYPE_CHECKING:
    from kzil.model import Fact, FactBase
    from kzil.render.records import Record
    from kzil.render.terminal import Terminal
    from kzil.spans import Marker

MACHINE_FORMATS = ("json", "jsonl", "csv", "tsv")


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

    def __init__(self, stream: BinaryIO, errors: TextIO | None, terminal: Callable[[], Terminal]) -> None:
        self.stream = stream
        self.errors = errors
        self._terminal = terminal

    def terminal(self) -> Terminal:
        return self._terminal()

    def notice(self, message: str) -> None:
        notice(self.errors, message)

    def utf8(self, text: str) -> None:
        self.stream.write(text.encode("utf-8"))

    def human(self, text: str, terminal: Terminal) -> None:
        """Rendered text in the terminal's encoding; a one-line error rather than mojibake."""
        try:
            data = text.encode(terminal.encoding)
        except UnicodeEncodeError:
            raise KzilError(
                f"the output encoding '{terminal.encoding}' cannot show this text; use a UTF-8 locale "
                "(e.g. PYTHONIOENCODING=utf-8) or --format json"
            ) from None
        self.stream.write(data)


def machine(out: Output, fmt: str, rows: Sequence[Record] | Any, keys: Sequence[str]) -> None:
    """A list of records (or one record object for json) in a machine format."""
    from kzil.render import machine as output

    stream = out.stream
    if fmt == "json":
        if isinstance(rows, dict):
            output.json_value(stream, rows)
        else:
            output.json_array(stream, rows)
    elif fmt == "jsonl":
        output.json_lines(stream, [rows] if isinstance(rows, dict) else rows)
    else:
        output.delimited(
            stream, [rows] if isinstance(rows, dict) else rows, keys, "," if fmt == "csv" else "\t"
        )


def facts(
    base: FactBase,
    chosen: Sequence[Fact],
    fmt: str,
    lang: str,
    out: Output,
    heading: Callable[[], str],
) -> None:
    """A list of facts: the records of the output contract, a table or a Markdown briefing."""
    from kzil.render import records

    if fmt in MACHINE_FORMATS:
        machine(out, fmt, [records.fact(fact, lang) for fact in chosen], records.FACT_KEYS)
    elif fmt == "markdown":
        from kzil.render import markdown

        out.utf8(markdown.briefing(base, chosen, lang, heading()))
    elif chosen:
        from kzil.render import tables as views

        term = out.terminal()
        out.human(views.facts_table(base, chosen, lang, term, heading()), term)
    if not chosen:
        out.notice("no facts match; 'kzil facts' lists them all")


def fact(base: FactBase, item: Fact, fmt: str, lang: str, out: Output) -> None:
    """One fact: its record, a one-item briefing, or the full view."""
    from kzil.render import records

    if fmt in MACHINE_FORMATS:
        machine(out, fmt, records.fact(item, lang), records.FACT_KEYS)
    elif fmt == "markdown":
        from kzil.render import markdown

        out.utf8(markdown.briefing(base, [item], lang, item.id))
    else:
        from kzil.render import tables as views

        term = out.terminal()
        out.human(views.show(base, item, lang, term), term)


def reference(
    rows: list[Record],
    columns: Sequence[tuple[str, str]],
    title: str,
    fmt: str,
    lang: str,
    out: Output,
) -> None:
    """A reference list (sectors, entities, ...): `columns` are (record key, heading word) pairs."""
    keys = [key for key, _ in columns]
    if fmt in MACHINE_FORMATS:
        machine(out, fmt, rows, keys)
        return
    from kzil.i18n import word

    cells = [[_plain(row[key]) for key in keys] for row in rows]
    shown = _distinct_columns(cells, len(keys))
    headers = [word(columns[i][1], lang) for i in shown]
    cells = [[row[i] for i in shown] for row in cells]
    if fmt == "markdown":
        from kzil.render import markdown

        out.utf8(f"## {title}\n\n" + markdown.table(headers, cells))
        return
    from kzil.render import tables as views

    term = out.terminal()
    out.human(views.plain_table(term, headers, cells, title=title), term)


def _distinct_columns(cells: Sequence[Sequence[str]], count: int) -> list[int]:
    """The columns worth showing a person: not one that repeats an earlier column cell by cell
    (the English label of a status is its id)."""
    kept: list[int] = []
    for i in range(count):
        if not any(all(row[i] == row[j] for row in cells) for j in kept):
            kept.append(i)
    return kept


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def overview(base: FactBase, fmt: str, lang: str, out: Output) -> None:
    """The sector × status matrix and facts per year; CSV and TSV hold the matrix."""
    from kzil.model import STATUSES
    from kzil.render import records

    data = records.overview(base, lang)
    if fmt in ("json", "jsonl"):
        machine(out, fmt, data, ())
    elif fmt in ("csv", "tsv"):
        rows = [{"sector": row["id"], **row["counts"], "total": row["total"]} for row in data["sectors"]]
        machine(out, fmt, rows, ["sector", *STATUSES, "total"])
    elif fmt == "markdown":
        from kzil.render import markdown

        matrix = [
            [row["name"], *map(str, row["counts"].values()), str(row["total"])] for row in data["sectors"]
        ]
        years = [[str(row["year"]), str(row["facts"])] for row in data["years"]]
        headers = ["sector", *STATUSES, "total"]
        out.utf8(markdown.table(headers, matrix) + "\n" + markdown.table(["year", "facts"], years))
    else:
        from kzil.render import tables as views

        term = out.terminal()
        out.human(views.overview(base, lang, term), term)


def timeline(
    base: FactBase,
    ordered: list[Fact],
    markers: list[Marker],
    left_out: int,
    fmt: str,
    lang: str,
    out: Output,
) -> None:
    """Dated facts in order: records, a TimelineJS document, iCalendar, a briefing or the view."""
    if fmt in MACHINE_FORMATS:
        from kzil.render import records

        machine(out, fmt, [records.fact(item, lang) for item in ordered], records.FACT_KEYS)
    elif fmt == "timelinejs":
        from kzil.render import exports
        from kzil.render import machine as output

        output.json_value(out.stream, exports.timelinejs(base, ordered, lang))
    elif fmt == "ics":
        from kzil.render import exports

        out.utf8(exports.ics(base, ordered, lang))
    elif ordered:
        from kzil.spans import with_markers

        entries = with_markers(ordered, markers)
        if fmt == "markdown":
            from kzil.render import markdown

            out.utf8(markdown.timeline(base, entries, lang, left_out))
        else:
            from kzil.render import tables as views

            term = out.terminal()
            out.human(views.timeline(base, entries, lang, term, left_out), term)
    if not ordered:
        out.notice("no dated facts match; 'kzil facts' lists every fact")
