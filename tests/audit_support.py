"""The sentence audit of the interview (data/audit.tsv): split the text, read the table.

Pure standard library, so that the audit can be redone by hand from a Python prompt.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

AUDIT_HEADER = ("n", "opening", "facts", "waiver")
OPENING_WORDS = 5

# A sentence ends at `.`, `!`, `?` or `…` followed by whitespace, and at every line break.
# A dot after a lone capital letter is an initial ("Й. Быстрицкий"), not the end of a sentence.
_BREAK = re.compile(r"[.!?…](?=\s)|\n")


class Sentence(NamedTuple):
    """One sentence: its offsets in the text (end exclusive) and its text, trimmed."""

    start: int
    end: int
    text: str

    @property
    def opening(self) -> str:
        """Its first five words, as written."""
        return " ".join(self.text.split()[:OPENING_WORDS])

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the text span [start, end) shares at least one character with the sentence."""
        return start < self.end and self.start < end


def _is_initial(text: str, dot: int) -> bool:
    """A dot right after a single capital letter that starts a word: an initial."""
    letter = dot - 1
    return (
        letter >= 0
        and text[letter].isalpha()
        and text[letter].isupper()
        and (letter == 0 or not text[letter - 1].isalnum())
    )


def sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences; empty pieces are skipped, each kept sentence is trimmed."""
    found: list[Sentence] = []
    start = 0
    for match in _BREAK.finditer(text):
        if match.group() == "." and _is_initial(text, match.start()):
            continue
        _keep(text, start, match.end(), found)
        start = match.end()
    _keep(text, start, len(text), found)
    return found


def _keep(text: str, start: int, end: int, found: list[Sentence]) -> None:
    piece = text[start:end]
    if not piece.strip():
        return
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    found.append(Sentence(start + lead, end - trail, piece.strip()))


def spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place where `quote` occurs in `text`, as [start, end) offsets."""
    found = []
    at = text.find(quote)
    while quote and at >= 0:
        found.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return found


class AuditRow(NamedTuple):
    n: int
    opening: str
    facts: tuple[str, ...]
    waiver: str


def read_audit(path: Path) -> list[AuditRow]:
    """Rows of an audit table: a tab-separated header `n opening facts waiver`, then one row a line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != AUDIT_HEADER:
        header = " ".join(AUDIT_HEADER)
        raise ValueError(f"{path}: the first line must be the tab-separated header: {header}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(AUDIT_HEADER):
            raise ValueError(f"{path}:{number}: {len(cells)} cells, expected {len(AUDIT_HEADER)}")
        n, opening, facts, waiver = cells
        rows.append(AuditRow(int(n), opening, tuple(facts.split()), waiver.strip()))
    return rows
