"""Which parts of a source's text its facts cite: the sentence splitter, the clauses a curator
split, the waivers, and a quote's paragraph for `kzil show --context`.

A sentence ends at `.`, `!`, `?` or `…` followed by whitespace, and at every line break; a dot
after a lone capital letter is an initial ("Й. Быстрицкий"), not the end of a sentence. A fact
cites a sentence or clause when its quote shares at least one character with it.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from kzil.errors import Problem
from kzil.model import FactBase, Waiver

OPENING_WORDS = 5

_BREAK = re.compile(r"[.!?…](?=\s)|\n")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class Sentence(NamedTuple):
    """A stretch of the text: its offsets (end exclusive) and its text, trimmed."""

    start: int
    end: int
    text: str

    @property
    def opening(self) -> str:
        """Its first five words, as written."""
        return " ".join(self.text.split()[:OPENING_WORDS])

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the text span [start, end) shares at least one character with it."""
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


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    piece = text[start:end]
    if not piece.strip():
        return None
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    return Sentence(start + lead, end - trail, piece.strip())


def sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences; empty pieces are skipped, each kept sentence is trimmed."""
    cuts = [0]
    for match in _BREAK.finditer(text):
        if not (match.group() == "." and _is_initial(text, match.start())):
            cuts.append(match.end())
    cuts.append(len(text))
    found = (_trimmed(text, start, end) for start, end in pairwise(cuts))
    return [sentence for sentence in found if sentence is not None]


def spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place where `quote` occurs in `text`, as [start, end) offsets."""
    found = []
    at = text.find(quote)
    while quote and at >= 0:
        found.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return found


# --- coverage -------------------------------------------------------------------------------------


class Part(NamedTuple):
    """A sentence, or a clause of one a curator split, with the facts citing it or its waiver."""

    sentence: int  # from 1, in text order
    clause: int  # 0 for a whole sentence; from 1 for the clauses of a split one
    line: int  # in the text file, from 1
    span: Sentence
    facts: tuple[str, ...]  # ids of the facts whose quote overlaps it, in the fact base's order
    waiver: Waiver | None

    @property
    def cited(self) -> bool:
        return bool(self.facts)


class Coverage(NamedTuple):
    source: str
    path: str
    sentences: int
    parts: list[Part]
    problems: list[Problem]  # splits and waivers that do not fit the text

    def missing(self) -> list[Part]:
        """What a curator still has to cite or waive."""
        return [part for part in self.parts if not part.facts and part.waiver is None]


def _parts(text: str, cuts: list[int]) -> list[tuple[int, int, Sentence]]:
    """(sentence number, clause number, span) of every part: sentences cut at the splits."""
    parts: list[tuple[int, int, Sentence]] = []
    for n, sentence in enumerate(sentences(text), start=1):
        inside = sorted(cut for cut in cuts if sentence.start < cut < sentence.end)
        bounds = [sentence.start, *inside, sentence.end]
        pieces = [_trimmed(text, start, end) for start, end in pairwise(bounds)]
        kept = [piece for piece in pieces if piece is not None]
        parts += [(n, i if len(kept) > 1 else 0, piece) for i, piece in enumerate(kept, start=1)]
    return parts


def coverage(base: FactBase, source_id: str, path: str, text: str) -> Coverage:
    """Every sentence and split clause of the source's text, with what cites or waives it."""
    source = base.sources[source_id]
    field = f"sources.{source_id}"
    problems: list[Problem] = []
    cuts = []
    for i, split in enumerate(source.splits):
        found = spans(text, split)
        if len(found) != 1:
            how = "is not in" if not found else f"occurs {len(found)} times in"
            message = f"'{split}' {how} the text; give words found exactly once where the clause starts"
            problems.append(Problem(path, None, f"{field}.splits[{i}]", message))
        else:
            cuts.append(found[0][0])
    facts = [base.facts[i] for i in base.by_source.get(source_id, ())]
    quoted = [(fact.id, spans(text, fact.quote)) for fact in facts]
    pieces = _parts(text, cuts)
    waivers = _placed_waivers(source.waived, [piece for _, _, piece in pieces], path, field, problems)
    parts = []
    for (n, clause, piece), waiver in zip(pieces, waivers, strict=True):
        citing = tuple(key for key, places in quoted if any(piece.overlaps(*place) for place in places))
        if citing and waiver is not None:
            message = f"'{waiver.starts}' is waived, but cited by {', '.join(citing)}; remove the waiver"
            problems.append(Problem(path, None, f"{field}.waived", message))
        parts.append(Part(n, clause, text.count("\n", 0, piece.start) + 1, piece, citing, waiver))
    return Coverage(source_id, path, max((n for n, _, _ in pieces), default=0), parts, problems)


def _placed_waivers(
    waived: tuple[Waiver, ...], pieces: list[Sentence], path: str, field: str, problems: list[Problem]
) -> list[Waiver | None]:
    """The waiver of each part: the one whose `starts` begins it and no other part."""
    placed: list[Waiver | None] = [None] * len(pieces)
    for i, waiver in enumerate(waived):
        starting = [at for at, piece in enumerate(pieces) if piece.text.startswith(waiver.starts)]
        if len(starting) == 1:
            placed[starting[0]] = waiver
            continue
        how = "no sentence or clause" if not starting else f"{len(starting)} sentences or clauses"
        message = f"{how} of the text start with '{waiver.starts}'; give the first words of one"
        problems.append(Problem(path, None, f"{field}.waived[{i}].starts", message))
    return placed


# --- a quote in its paragraph ---------------------------------------------------------------------


class Context(NamedTuple):
    """The paragraph of the source text that holds a quote, and where the quote is in it."""

    path: str
    line: int  # of the paragraph's first line in the text file, from 1
    paragraph: str
    start: int  # the quote's offsets in `paragraph`, end exclusive
    end: int


def context(path: str, text: str, quote: str) -> Context | None:
    """The paragraph around the first place the quote occurs; None when it does not occur."""
    at = text.find(quote)
    if not quote or at < 0:
        return None
    end = at + len(quote)
    breaks = [(match.start(), match.end()) for match in _PARAGRAPH_BREAK.finditer(text)]
    first = max((stop for begin, stop in breaks if stop <= at), default=0)
    last = min((begin for begin, stop in breaks if begin >= end), default=len(text))
    paragraph = _trimmed(text, first, last)
    assert paragraph is not None  # it holds the quote
    line = text.count("\n", 0, paragraph.start) + 1
    return Context(path, line, paragraph.text, at - paragraph.start, end - paragraph.start)
