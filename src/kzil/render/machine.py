"""Machine-readable output: JSON, JSON Lines, CSV and TSV, written as UTF-8 bytes without Rich.

Bytes go straight to the binary stream, so the output is the same whatever the terminal, its
width, its colour settings or PYTHONIOENCODING.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from kzil.loading.contract import Record, dumps
from kzil.render import records
from kzil.render.formats import Renderer
from kzil.text import UNSAFE, escape_code, visible

if TYPE_CHECKING:
    from kzil.coverage import Context
    from kzil.model import Fact, FactBase
    from kzil.spans import Plan
    from kzil.track import States, Tracked


_dumps = dumps  # one serialisation for the store's records and every other JSON output


def json_value(stream: BinaryIO, value: Any) -> None:
    """One JSON document (an object), indented."""
    stream.write((_dumps(value, pretty=True) + "\n").encode("utf-8"))


def _text(record: Record | str) -> str:
    """A record's JSON text; a string already is one (the compiled store keeps facts so)."""
    return record if isinstance(record, str) else _dumps(record)


def json_array(stream: BinaryIO, records: Iterable[Record | str]) -> None:
    """A JSON array with one record per line: valid JSON, streamed, and easy to grep."""
    stream.write(b"[")
    separator = b"\n"
    for record in records:
        stream.write(separator + _text(record).encode("utf-8"))
        separator = b",\n"
    stream.write(b"\n]\n" if separator != b"\n" else b"]\n")


def json_lines(stream: BinaryIO, records: Iterable[Record | str]) -> None:
    for record in records:
        stream.write((_text(record) + "\n").encode("utf-8"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_cell(item) for item in value)
    return str(value)


# A cell a spreadsheet would evaluate as a formula (OWASP, CSV injection): one that starts with
# = + - @, a tab or a carriage return, also after leading spaces (an import that trims them).
# Compiled on first use, by re's own cache: compiling it at import cost every run 0.04 ms.
_FORMULA = r"[\t\r]|\s*[=+\-@]"
# TSV has no quoting: its separators and the backslash itself are written as escapes.
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = f"[\\\\\t\n\r]|{UNSAFE}"


def _tsv_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _TSV_ESCAPES.get(char) or escape_code(ord(char))


def cell_text(value: Any, delimiter: str, *, guard: bool = True) -> str:
    """One CSV or TSV cell: a formula neutralised with a leading `'` (unless `guard` is off), every
    control or invisible character written as an escape (`\\x1b`, `\\u202e`); in TSV also tab,
    newline, carriage return and backslash (`\\t`, `\\n`, `\\r`, `\\\\`). CSV keeps newlines, quoted."""
    text = _cell(value)
    if guard and re.match(_FORMULA, text):
        text = "'" + text
    if delimiter == "\t":
        return re.sub(_TSV_SPECIAL, _tsv_escape, text)
    return visible(text)


def delimited(
    stream: BinaryIO, records: Iterable[Record], keys: Sequence[str], delimiter: str, *, guard: bool = True
) -> None:
    """CSV (`,`, CRLF line ends and quoting as RFC 4180 says) or TSV (tab, LF, backslash escapes
    instead of quoting): a header row, then records; cells as `cell_text` makes them."""
    if delimiter == "\t":
        stream.write(("\t".join(keys) + "\n").encode())
        for record in records:
            cells = (cell_text(record.get(key), "\t", guard=guard) for key in keys)
            stream.write(("\t".join(cells) + "\n").encode())
        return
    import csv  # only for this format

    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(keys)
        for record in records:
            writer.writerow([cell_text(record.get(key), ",", guard=guard) for key in keys])
        text.flush()
    finally:
        text.detach()  # leave the caller's stream open


# --- the machine formats as renderers (rows of `kzil.render.formats.FORMATS`) -------------------


class _MachineRenderer(Renderer):
    """Records for scripts: lists of records, or one record where the view is one object.

    `--fields` (or `--json=FIELDS`) keeps the keys it names, in its order, from the keys the
    records have; `--names` adds the names beside a fact's ids."""

    def many(self, rows: Sequence[Any], keys: Sequence[str]) -> None:
        raise NotImplementedError

    def one(self, row: Record, keys: Sequence[str]) -> None:
        self.many([row], keys)

    def _chosen(self, rows: Sequence[Record], keys: Sequence[str]) -> tuple[Sequence[Record], Sequence[str]]:
        """The records and keys to write: those `--fields` chose, checked before anything is written."""
        if self.out.fields is None:
            return rows, keys
        chosen = records.chosen_keys(self.out.fields, list(rows[0]) if rows else keys)
        return [{key: row[key] for key in chosen} for row in rows], chosen

    def _many(self, rows: Sequence[Record], keys: Sequence[str]) -> None:
        self.many(*self._chosen(rows, keys))

    def _one(self, row: Record, keys: Sequence[str]) -> None:
        rows, chosen = self._chosen([row], keys)
        self.one(rows[0], chosen)

    def _facts(self, base: FactBase, items: Sequence[Fact], lang: str) -> tuple[list[Record], Sequence[str]]:
        if self.out.names:
            rows = [records.fact_with_names(item, base, lang) for item in items]
            return rows, records.FACT_KEYS + records.NAME_KEYS
        return [records.fact(item, lang) for item in items], records.FACT_KEYS

    # Whether `many` takes JSON text as it is: a selection of the compiled store then hands over
    # the records it keeps, never building a fact.
    takes_json = False

    def facts(self, base: FactBase, chosen: Sequence[Fact], lang: str, heading: Callable[[], str]) -> None:
        stored = getattr(chosen, "records", None)  # a `kzil.selection.Selection`
        if stored is None or self.out.names or self.out.fields is not None:
            self._many(*self._facts(base, chosen, lang))
        elif self.takes_json:
            self.many(stored(lang), records.FACT_KEYS)
        else:
            import json

            self.many([json.loads(text) for text in stored(lang)], records.FACT_KEYS)

    def fact(self, base: FactBase, item: Fact, lang: str, context: Context | None = None) -> None:
        rows, keys = self._facts(base, [item], lang)
        if context is not None:  # `show --context`: after the contract's keys
            rows[0]["context"] = records.context(context)
            keys = [*keys, "context"]
        self._one(rows[0], keys)

    def reference(
        self, rows: list[Record], columns: Sequence[tuple[str, str]], title: str, lang: str
    ) -> None:
        self._many(rows, [key for key, _ in columns])

    def overview(self, base: FactBase, lang: str) -> None:
        self._one(records.overview(base, lang), ())

    def timeline(self, base: FactBase, plan: Plan, states: States, lang: str) -> None:
        self._many(*self._facts(base, plan.facts, lang))

    def track(self, base: FactBase, rows: Sequence[Tracked], today: str, lang: str) -> None:
        """The fact records with what came of each plan after their keys (then names, with --names)."""
        facts, keys = self._facts(base, [row.fact for row in rows], lang)
        tracked = [records.tracked(row, lang) | fact for row, fact in zip(rows, facts, strict=True)]
        self._many(tracked, [*records.TRACK_KEYS, *keys[len(records.FACT_KEYS) :]])


class JsonRenderer(_MachineRenderer):
    """A JSON array of records; one indented object for a single record."""

    takes_json = True

    def many(self, rows: Sequence[Any], keys: Sequence[str]) -> None:
        json_array(self.out.stream, rows)

    def one(self, row: Record, keys: Sequence[str]) -> None:
        json_value(self.out.stream, row)


class JsonLinesRenderer(_MachineRenderer):
    """One record per line, with no array around."""

    takes_json = True

    def many(self, rows: Sequence[Any], keys: Sequence[str]) -> None:
        json_lines(self.out.stream, rows)


class CsvRenderer(_MachineRenderer):
    """A header row of keys, then one row per record; the overview is its sector × status matrix."""

    delimiter = ","

    def many(self, rows: Sequence[Record], keys: Sequence[str]) -> None:
        delimited(self.out.stream, rows, keys, self.delimiter, guard=self.out.guard_formulas)

    def overview(self, base: FactBase, lang: str) -> None:
        from kzil.model import STATUSES

        data = records.overview(base, lang)
        rows = [{"sector": row["id"], **row["counts"], "total": row["total"]} for row in data["sectors"]]
        self._many(rows, ["sector", *STATUSES, "total"])


class TsvRenderer(CsvRenderer):
    delimiter = "\t"
