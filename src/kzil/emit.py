"""Writing a result to stdout in the format the user chose.

Machine formats are UTF-8 bytes written straight to the binary stream; human formats are
rendered by `views` (Rich), imported only then. Nothing is written before the result is ready,
so an error leaves stdout empty.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from kzil.errors import KzilError

if TYPE_CHECKING:
    from kzil.model import Fact, FactBase
    from kzil.records import Record
    from kzil.terminal import Terminal

MACHINE_FORMATS = ("json", "jsonl", "csv", "tsv")


def stdout() -> BinaryIO:
    return sys.stdout.buffer


def notice(message: str) -> None:
    """A one-line message for the person, on stderr, readable whatever its encoding."""
    from kzil.text import visible

    line = f"kzil: {visible(message, one_line=True)}\n"
    stream = sys.stderr
    if stream is None:  # started with stderr closed: nobody to tell
        return
    with contextlib.suppress(OSError):
        stream.flush()
        stream.buffer.write(line.encode(stream.encoding or "utf-8", "backslashreplace"))
        stream.buffer.flush()


def human(text: str, terminal: Terminal) -> None:
    """Rendered text in the terminal's encoding; a one-line error rather than mojibake."""
    try:
        data = text.encode(terminal.encoding)
    except UnicodeEncodeError:
        raise KzilError(
            f"the output encoding '{terminal.encoding}' cannot show this text; use a UTF-8 locale "
            "(e.g. PYTHONIOENCODING=utf-8) or --format json"
        ) from None
    stdout().write(data)


def utf8(text: str) -> None:
    stdout().write(text.encode("utf-8"))


def machine(fmt: str, rows: Sequence[Record] | Any, keys: Sequence[str]) -> None:
    """A list of records (or one record object for json) in a machine format."""
    from kzil import output

    stream = stdout()
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
    terminal: Callable[[], Terminal],
    heading: Callable[[], str],
) -> None:
    """A list of facts: the records of the output contract, a table or a Markdown briefing."""
    from kzil import records

    if fmt in MACHINE_FORMATS:
        machine(fmt, [records.fact(fact, lang) for fact in chosen], records.FACT_KEYS)
    elif fmt == "markdown":
        from kzil import markdown

        utf8(markdown.briefing(base, chosen, lang, heading()))
    elif chosen:
        from kzil import views

        term = terminal()
        human(views.facts_table(base, chosen, lang, term, heading()), term)
    if not chosen:
        notice("no facts match; 'kzil facts' lists them all")
