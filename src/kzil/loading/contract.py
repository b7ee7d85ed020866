"""What the compiled store works out once per fact: its JSON record and the text search reads.

The record is the output contract of every machine format (README.md, "Output for scripts"):
the store serialises it once per language when it is built, and a listing copies those strings
to the output unchanged; `kzil.render.records` and `kzil.render.machine` use the same functions
for everything else. The search text is what `kzil search` and `--search` look in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring  # the C one where it is built
from typing import Any

from kzil.model import LANGS, Country, Entity, Fact
from kzil.text import UNSAFE, fold, plainly_safe

Record = dict[str, Any]

FACT_KEYS = (
    "id",
    "date",
    "date_text",
    "start",
    "end",
    "derived",
    "status",
    "sectors",
    "countries",
    "entities",
    "summary",
    "quote",
    "said_by",
    "speech",
    "source",
    "as_of",
    "notes",
    "follows",
)


# The JSON encoder escapes C0 controls only. C1 controls, bidirectional overrides, line separators,
# invisible characters (zero-width, tags, variation selectors) and lone surrogates are valid in
# JSON strings but can drive or garble a terminal that shows them: write them as \u escapes too
# (they still parse back to the same text). The encoder's own output holds no raw C0 control but
# the newlines between lines, which the class leaves alone.
def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes a character beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(value: Any, *, pretty: bool = False) -> str:
    """JSON text as kzil writes it: UTF-8 kept, anything that could drive a terminal escaped."""
    return re.sub(UNSAFE, _escape, json.dumps(value, ensure_ascii=False, indent=2 if pretty else None))


def json_list(values: Sequence[str]) -> str:
    """`json.dumps(list(values), ensure_ascii=False)`, without the encoder's overhead.

    The same few tuples (of sectors, of countries) come again and again: each is encoded once,
    in a cache that is emptied when it grows (a first run encodes each of a fact's lists twice,
    for its row and its JSON records: 10,000 facts, 80,000 lists in 0.06 s -> 0.02 s)."""
    if type(values) is not tuple:
        return "[" + ", ".join(map(encode_basestring, values)) + "]"
    found = _encoded.get(values)
    if found is None:
        if len(_encoded) >= 4096:
            _encoded.clear()
        found = _encoded[values] = "[" + ", ".join(map(encode_basestring, values)) + "]"
    return found


_encoded: dict[tuple[str, ...], str] = {}


def _json(value: str | bool | None) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return encode_basestring(value)


def fact_records(item: Fact) -> dict[str, str]:
    """`dumps(fact_record(item, lang))` for every language at once: what the store keeps.

    Built from pieces, since only `date_text` and `summary` differ between languages: a quarter
    of the time of two `json.dumps` calls, for exactly the same text (a test compares them).
    The texts that are never None are encoded without asking, and each record is put together
    in one step, not by adding piece to piece (10,000 facts: 0.118 s -> 0.107 s)."""
    text = encode_basestring
    date, start, end = item.date, item.start, item.end
    head = f'{{"id": {text(item.id)}, "date": {"null" if date is None else text(date)}, "date_text": '
    middle = (
        f', "start": {"null" if start is None else text(start)}, '
        f'"end": {"null" if end is None else text(end)}, "derived": {_json(item.derived)}, '
        f'"status": {text(item.status)}, "sectors": {json_list(item.sectors)}, '
        f'"countries": {json_list(item.countries)}, "entities": {json_list(item.entities)}, "summary": '
    )
    tail = (
        f', "quote": {text(item.quote)}, "said_by": {_json(item.said_by or None)}, '
        f'"speech": {text(item.speech)}, "source": {text(item.source)}, "as_of": {text(item.as_of)}, '
        '"notes": '
    )
    follows = f', "follows": {json_list(item.follows)}}}'
    # What both languages share (the quote above all) is looked at once for unsafe characters:
    # 10,000 facts, 0.16 s -> 0.14 s.
    shared = plainly_safe(f"{head}{middle}{tail}{follows}")
    date_text, notes = item.date_text, item.notes
    found: dict[str, str] = {}
    for lang in LANGS:
        when = "null" if date_text is None else text(date_text.get(lang))
        summary = text(item.summary.get(lang))
        noted = "null" if notes is None else text(notes.get(lang))
        record = f"{head}{when}{middle}{summary}{tail}{noted}{follows}"
        safe = shared and plainly_safe(f"{when}{summary}{noted}")
        found[lang] = record if safe else re.sub(UNSAFE, _escape, record)
    return found


def fact_record(item: Fact, lang: str) -> Record:
    return {
        "id": item.id,
        "date": item.date,
        "date_text": item.date_text.get(lang) if item.date_text else None,
        "start": item.start,
        "end": item.end,
        "derived": item.derived,
        "status": item.status,
        "sectors": list(item.sectors),
        "countries": list(item.countries),
        "entities": list(item.entities),
        "summary": item.summary.get(lang),
        "quote": item.quote,
        "said_by": item.said_by or None,  # None: a source with no speaker, and no said_by given
        "speech": item.speech,
        "source": item.source,
        "as_of": item.as_of,
        "notes": item.notes.get(lang) if item.notes else None,
        "follows": list(item.follows),
    }


def search_text(item: Fact, countries: Mapping[str, Country], entities: Mapping[str, Entity]) -> str:
    """Everything search looks at, folded: summaries, quote, country and entity names and
    aliases, and notes (so `search Emirates` finds what `--country Emirates` finds)."""
    parts = [item.summary.en, item.summary.ru, item.quote]
    for table, keys in ((countries, item.countries), (entities, item.entities)):
        for key in keys:
            named = table[key]
            parts += [named.name.en, named.name.ru, *named.aliases]
    if item.notes:
        parts += [item.notes.en, item.notes.ru]
    return fold("\n".join(parts))


class SearchTexts:
    """`search_text` of many facts against the same countries and entities, the names of each
    distinct pair of lists joined once (10,000 facts: 0.051 s -> 0.040 s)."""

    def __init__(self, countries: Mapping[str, Country], entities: Mapping[str, Entity]) -> None:
        self.countries = countries
        self.entities = entities
        self._names: dict[tuple[tuple[str, ...], tuple[str, ...]], str | None] = {}

    def __call__(self, item: Fact) -> str:
        key = (item.countries, item.entities)
        try:
            names = self._names[key]
        except KeyError:
            if len(self._names) >= 4096:  # a few hundred in a real base; any file stays small
                self._names.clear()
            parts: list[str] = []
            for table, keys in ((self.countries, item.countries), (self.entities, item.entities)):
                for name in keys:
                    named = table[name]
                    parts += [named.name.en, named.name.ru, *named.aliases]
            names = self._names[key] = "\n".join(parts) if parts else None
        summary, notes = item.summary, item.notes
        text = f"{summary.en}\n{summary.ru}\n{item.quote}"
        if names is not None:
            text = f"{text}\n{names}"
        return fold(f"{text}\n{notes.en}\n{notes.ru}" if notes else text)
