"""Machine-readable output: JSON, JSON Lines, CSV and TSV, written as UTF-8 bytes without Rich.

Bytes go straight to the binary stream, so the output is the same whatever the terminal, its
width, its colour settings or PYTHONIOENCODING.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from kzil.render.records import Record

# The JSON encoder escapes C0 controls only. C1 controls, bidirectional overrides and line
# separators are valid in JSON strings but can drive or garble a terminal that shows them:
# write them as \u escapes too (they still parse back to the same text).
_TERMINAL_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _dumps(value: Any, *, pretty: bool = False) -> str:
    return re.sub(
        _TERMINAL_UNSAFE, _escape, json.dumps(value, ensure_ascii=False, indent=2 if pretty else None)
    )


def json_value(stream: BinaryIO, value: Any) -> None:
    """One JSON document (an object), indented."""
    stream.write((_dumps(value, pretty=True) + "\n").encode("utf-8"))


def json_array(stream: BinaryIO, records: Iterable[Record]) -> None:
    """A JSON array with one record per line: valid JSON, streamed, and easy to grep."""
    stream.write(b"[")
    separator = b"\n"
    for record in records:
        stream.write(separator + _dumps(record).encode("utf-8"))
        separator = b",\n"
    stream.write(b"\n]\n" if separator != b"\n" else b"]\n")


def json_lines(stream: BinaryIO, records: Iterable[Record]) -> None:
    for record in records:
        stream.write((_dumps(record) + "\n").encode("utf-8"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_cell(item) for item in value)
    return str(value)


def delimited(stream: BinaryIO, records: Iterable[Record], keys: Sequence[str], delimiter: str) -> None:
    """CSV (`,`, CRLF line ends as RFC 4180 says) or TSV (tab, LF): a header row, then records."""
    import csv  # only for these two formats

    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n" if delimiter == "," else "\n")
        writer.writerow(keys)
        for record in records:
            writer.writerow([_cell(record.get(key)) for key in keys])
        text.flush()
    finally:
        text.detach()  # leave the caller's stream open
