"""Atheris fuzz target: valid fact bases with fuzzed texts, through every renderer.

The input bytes are cut at NUL bytes into texts that fill every text a fact base can hold
(summaries, quote, notes, date wording, sector, country and entity names and aliases, roles, outlet,
place, title), plus a date, a status and a source kind; the second fact follows the first, so that
follow-up chains and `kzil track` show fuzzed texts too; the file is written as YAML (every
character escaped where YAML needs it) and run through the command line in this process, in every
view and format. The invariants of `invariants.py` must hold: no raw control, bidirectional or
invisible character in a terminal view, no unescaped HTML in TimelineJS, no CSV or TSV cell that
starts a formula, iCalendar lines that stay lines, JSON that parses back to the exact texts, and a
file the validator refuses gets one safe line, never an internal error.

Run: `python fuzz/fuzz_render.py -max_total_time=60 NEW_DIR fuzz/corpus/render` (libFuzzer
writes what it finds to NEW_DIR and reads the committed seeds); replay files without atheris
with `python fuzz/fuzz_render.py --replay FILE...`.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import invariants  # noqa: E402  (after the path is set)
from inprocess import DATA, fuzz, kzil  # noqa: E402

STATUSES = ("happened", "ongoing", "in-progress", "scheduled", "planned", "proposed", "hoped", "cancelled")
KINDS = ("interview", "article", "statement", "press-release", "note")
DATES = ("2025-11", "2026-22?/2026-09%", "1992~/..", "../2026-02-17", "2026", "2026-06-09", "0001/9999")


def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar: printable characters as they are, the rest escaped
    (line breaks too, which YAML would fold into spaces)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif (
            code == 0x09 or 0x20 <= code <= 0x7E or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
        ):
            out.append(char)
        elif code > 0xFFFF:
            out.append(f"\\U{code:08x}")
        else:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def texts_of(data: bytes) -> list[str]:
    """The input cut into texts: at NUL bytes, lone surrogates (which no file can hold) dropped."""
    parts = data.decode("utf-8", "replace").split("\0")
    texts = ["".join(char for char in part if not 0xD800 <= ord(char) <= 0xDFFF) for part in parts]
    return [text for text in texts if text.strip()] or ["x"]


def fact_base(data: bytes) -> dict[str, Any]:
    """A fact base whose every text comes from the input; names and ids as a curator would write."""
    texts = texts_of(data)
    slot = itertools.cycle(texts)

    pick = data[0] if data else 0

    def pair() -> dict[str, str]:
        return {"en": next(slot), "ru": next(slot)}

    def name(number: int) -> str:
        """A text for a name: most inputs keep only what a name may hold, so that the file is
        valid and reaches the renderers; one in eight is left as it is, for the validator."""
        text = next(slot)
        if pick % 8:
            text = "".join(char for char in text if char != "\n" and not invariants.unsafe(char))
        return text if text.strip() else f"name {number}"

    def names() -> dict[str, str]:
        return {"en": name(1), "ru": name(2)}

    facts = []
    for i in range(2):
        quote = next(slot).strip() or "q"
        facts.append(
            {
                "id": f"fact-{i}",
                "source": "src",
                "quote": quote,
                "summary": pair(),
                "status": STATUSES[(pick + i) % len(STATUSES)],
                "date": DATES[(pick // 7 + i) % len(DATES)],
                "date_text": pair(),
                "sectors": ["water"],
                "countries": ["KZ"],
                "entities": ["someone"],
                "notes": pair(),
                # the second fact reports on the first: follow-up chains and `track` see fuzzed texts
                **({"follows": ["fact-0"]} if i else {}),
            }
        )
    return {
        "version": 1,
        "sources": {
            "src": {
                "outlet": next(slot),
                "kind": KINDS[pick % len(KINDS)],
                "published": "2026-02-17",
                "place": pair(),
                "language": "ru",
                "speaker": "someone",
                "title": pair(),
            }
        },
        "sectors": {"water": {"name": names(), "aliases": [name(3)]}},
        "countries": {"KZ": {"name": {"en": name(4), "ru": name(5)}}},
        "entities": {"someone": {"kind": "person", "name": {"en": name(6), "ru": name(7)}, "role": pair()}},
        "facts": facts,
    }


def flow(value: Any) -> str:
    """`value` as YAML flow style (JSON's shape, YAML's escapes): one line, every text quoted."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return str(value) if isinstance(value, int) else yaml_string(str(value))


HUMAN = [
    ["facts"],
    ["timeline", "--today", "2026-02-17"],
    ["show", "fact-0"],
    ["sources"],
    ["sectors"],
    ["countries"],
    ["entities"],
    ["overview"],
    ["facts", "--format", "markdown"],
    ["timeline", "--format", "markdown"],
    ["track", "--today", "2026-11-25"],
    ["track", "--format", "markdown"],
    ["show", "fact-1"],
]


def TestOneInput(data: bytes) -> None:
    base = fact_base(data)
    DATA.write_text(flow(base) + "\n", encoding="utf-8")
    status, out, err = kzil("facts", "--json")
    if status != 0:  # the validator refused the file (a name with a hidden character, ...)
        invariants.one_safe_line(err.removesuffix("\n"), "error")
        if "internal error" in err:
            raise AssertionError(err)
        return
    records = json.loads(out)
    assert [record["summary"] for record in records] == [fact["summary"]["en"] for fact in base["facts"]]
    colour = bool(data[:1]) and data[0] % 2 == 1  # a pipe or a colour terminal, by input
    for args in HUMAN:
        status, out, err = kzil(*args, colour=colour)
        assert status == 0, (args, err)
        invariants.terminal_safe(out + err, " ".join(args), colour=colour)
    invariants.html_safe(kzil("timeline", "--format", "timelinejs")[1])
    invariants.ics_safe(kzil("timeline", "--format", "ics")[1])
    tables = (["facts"], ["timeline"], ["track"], ["sources"], ["entities"], ["sectors"], ["show", "fact-1"])
    for args in tables:
        invariants.cells_safe(kzil(*args, "--format", "csv")[1], ",")
        invariants.cells_safe(kzil(*args, "--format", "tsv")[1], "\t")
    for fmt in ("json", "jsonl"):
        status, out, _ = kzil("timeline", "--format", fmt, "--lang", "ru")
        lines = [out] if fmt == "json" else out.splitlines()
        rows = [row for line in lines for row in (json.loads(line) if fmt == "json" else [json.loads(line)])]
        assert {row["quote"] for row in rows} == {fact["quote"] for fact in base["facts"]}


def main() -> None:
    fuzz(TestOneInput)


if __name__ == "__main__":
    main()
