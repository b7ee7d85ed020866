"""What must hold of kzil's output whatever the data, checked by the fuzz targets (issue 10).

Each check raises AssertionError with what went wrong; it decides from the text alone, with its own
idea of what is unsafe (Unicode categories), not with kzil's code.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from typing import Any

# Controls but newline, format characters (bidi, zero-width, tags, BOM), line and paragraph
# separators, lone surrogates, and the default-ignorable marks that are not format characters.
_IGNORABLE = frozenset(
    [
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFFA0),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    ]
)
_SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour codes, when colour is asked for


def unsafe(char: str) -> bool:
    return char != "\n" and (
        unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs") or ord(char) in _IGNORABLE
    )


def terminal_safe(text: str, what: str, *, colour: bool = False) -> None:
    """No character that could drive or fool a terminal; kzil's own colour codes aside."""
    rest = _SGR.sub("", text) if colour else text
    for char in rest:
        if unsafe(char):
            raise AssertionError(f"{what}: raw {char!r} reaches the terminal: {text[:300]!r}")


def one_safe_line(text: str, what: str) -> None:
    terminal_safe(text, what)
    if "\n" in text:
        raise AssertionError(f"{what} is not one line: {text!r}")


_OWN_TAGS = re.compile(r"</?(?:p|b|i|blockquote|ul|li)>")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#x27);")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def html_safe(document: str) -> None:
    """A TimelineJS document: every string is escaped HTML but kzil's own few tags."""
    for text in _strings(json.loads(document)):
        bare = _OWN_TAGS.sub("", text)
        if re.search("[<>\"']", bare) or "&" in _ENTITY.sub("", bare):
            raise AssertionError(f"TimelineJS: unescaped HTML in {text!r}")


_FORMULA = re.compile(r"[=+\-@\t\r]|\s+[=+\-@]")


def cells_safe(text: str, delimiter: str) -> None:
    """CSV or TSV: no cell a spreadsheet would run as a formula, no raw control character, every
    row as long as the header."""
    if delimiter == ",":
        rows = list(csv.reader(io.StringIO(text, newline="")))
    else:
        rows = [line.split("\t") for line in text.removesuffix("\n").split("\n")]
    if len({len(row) for row in rows}) > 1:
        raise AssertionError(f"{delimiter!r}: rows of different lengths: {rows[:3]!r}")
    for row in rows:
        for cell in row:
            if _FORMULA.match(cell):
                raise AssertionError(f"{delimiter!r}: a cell that starts a formula: {cell!r}")
            if any(unsafe(char) for char in cell) or (delimiter == "\t" and "\n" in cell):
                raise AssertionError(f"{delimiter!r}: a raw control character in {cell!r}")


def ics_safe(text: str) -> None:
    """iCalendar: CRLF line ends only, no other control character, lines of at most 75 octets."""
    lines = text.split("\r\n")
    for line in lines:
        if len(line.encode("utf-8")) > 75:
            raise AssertionError(f"iCalendar: a line over 75 octets: {line!r}")
        if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in line):
            raise AssertionError(f"iCalendar: a raw control character in {line!r}")
