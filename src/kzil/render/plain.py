"""Facts tables and the timeline for a pipe or a file, laid out without Rich.

Rich lays out every cell of a table through its rendering pipeline: for a timeline of 50,000
facts going to a file, about 40 s of a 42 s run, and importing Rich is a third of a small run.
Without colour, what it prints for these two tables comes down to wrapping each cell's text at
its column width and joining cells with spaces: this module does that, character for character
(tests compare it with Rich at many widths, on the bundled data, on generated data and on random
cells). It only takes text whose every character is one terminal cell wide, as Rich measures it;
anything else (CJK, emoji, combining marks) goes to Rich, which measures those.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

from kzil.model import Fact, FactBase
from kzil.render import rows
from kzil.render.terminal import Terminal

# Characters one cell wide for Rich: its own single-cell ranges (rich.cells), general punctuation,
# arrows, mathematical operators, the status symbols and those of `kzil track`'s states
# (tests/test_plain.py checks each one).
NARROW_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xAC),
    (0xAE, 0x2FF),
    (0x370, 0x482),
    (0x2500, 0x25FC),
    (0x2800, 0x28FF),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x2190, 0x22FF),
    (0x2606, 0x2606),
    (0x270E, 0x270E),
    (0x2713, 0x2713),
    (0x2715, 0x2715),
)
_NARROW = re.compile("[\n" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in NARROW_RANGES) + "]*")
_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word


def narrow(text: str) -> bool:
    """Whether every character of `text` takes one cell (newlines apart)."""
    return _NARROW.fullmatch(text) is not None


def fit_widths(minimums: Sequence[int], maximums: Sequence[int], room: int) -> list[int]:
    """Column widths for `room` cells: each column gets at least its longest word, and the space
    left is shared out evenly among the columns that still want more, up to their longest line.
    When even the minimums do not fit, the minimums are the answer: the table gets wider."""
    widths = list(minimums)
    wanting = [i for i, (low, high) in enumerate(zip(minimums, maximums, strict=True)) if high > low]
    spare = room - sum(widths)
    while spare > 0 and wanting:
        share = max(1, spare // len(wanting))
        for i in list(wanting):
            grant = min(share, maximums[i] - widths[i], spare)
            widths[i] += grant
            spare -= grant
            if widths[i] >= maximums[i]:
                wanting.remove(i)
            if spare <= 0:
                break
    return widths


# --- wrapping, as rich.text.Text.wrap with overflow "fold" -------------------------------------


def _breaks(line: str, width: int) -> list[int]:
    """rich._wrap.divide_line for one-cell characters: where the line is broken."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start, word_text = match.start(), match.group()
        length = len(word_text.rstrip())
        if width - offset >= length:
            offset += len(word_text)
        elif length > width:  # folded across lines
            pieces = [word_text[i : i + width] for i in range(0, len(word_text), width)]
            for i, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if i == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word_text)
    return breaks


# Whitespace other than a single space between words is the general case of `_breaks`. Spaces
# are looked for with `in`, and other whitespace only in a text `str.isprintable` refuses, before
# this expression: 77,000 lines of a 100,000 facts' timeline, 0.15 s less of 2.75 s.
_OTHER_SPACE = re.compile(r"[^\S ]")


# A line's greedy pieces at a width: the longest run of whole words that fits, then the next.
_GREEDY: dict[int, re.Pattern[str]] = {}


def _words_wrapped(line: str, width: int) -> list[str] | None:
    """`_breaks` and the pieces, for the common line: words one space apart, none longer than
    the width (else None). The same pieces but their trailing space, which padding hides.

    One regular expression rather than a loop over the words: 0.14 s less of the 3.4 s of a
    100,000 facts' timeline (77,000 lines to wrap). A word longer than the width matches nowhere and
    its characters go missing from the pieces: that line takes the general case."""
    if width < 1 or "  " in line or line[0] == " " or line[-1] == " ":
        return None
    if not line.isprintable() and _OTHER_SPACE.search(line):  # all other spaces are unprintable
        return None
    greedy = _GREEDY.get(width)
    if greedy is None:
        greedy = _GREEDY[width] = re.compile(f"(.{{1,{width}}})(?: |\\Z)")
    pieces: list[str] = greedy.findall(line)
    if sum(map(len, pieces)) + len(pieces) - 1 != len(line):
        return None
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """The lines of a cell's text at `width`, each at most `width` long."""
    found: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:  # fits: no break, nothing to trim (most cells)
            found.append(line)
            continue
        simple = _words_wrapped(line, width)
        if simple is not None:
            found += simple
            continue
        offsets = [0, *_breaks(line, width), len(line)]
        for start, end in itertools.pairwise(offsets):
            piece = line[start:end]
            excess = len(piece) - width
            if excess > 0:  # whitespace beyond the width goes first (Text.rstrip_end)
                trailing = len(piece) - len(piece.rstrip())
                piece = piece[: len(piece) - min(trailing, excess)]
            found.append(piece[:width])
    return found


# --- tables -------------------------------------------------------------------------------------


def _widths(
    cells: Sequence[Sequence[str]],
    headers: Sequence[str],
    room: int,
) -> list[int]:
    """`tables.sized_columns`: at least the longest word, at most the longest line."""
    extents = [longest([row[i] for row in cells], len(header)) for i, header in enumerate(headers)]
    return fit_widths([word for word, _ in extents], [line for _, line in extents], room)


# Cells joined into one text to be split at once: a split per cell cost 0.05 s more of a
# 100,000 facts' timeline, a split of the whole column 100 MB more of its peak memory (the list
# of every word of 50,000 summaries).
CHUNK = 1024


def longest(texts: Sequence[str], header: int = 0) -> tuple[int, int]:
    """The longest word and the longest line of a column's texts (at least `header`)."""
    word = line = header
    for start in range(0, len(texts), CHUNK):
        text = "\n".join(texts[start : start + CHUNK])
        word = max(word, max(map(len, text.split()), default=0))
        line = max(line, max(map(len, text.splitlines()), default=0))
    return word, line


def _row_lines(cells: Sequence[str], widths: Sequence[int], divider: str) -> Iterator[str]:
    """One table row: cells wrapped, padded by a space on each inner side, side by side. The
    last cell is not padded: `joined` strips the end of every line anyway.

    Column by column rather than line by line: 0.3 s less of the 3.5 s of a 100,000 facts'
    timeline."""
    wrapped = [wrap(cell, width) for cell, width in zip(cells, widths, strict=True)]
    height = max(map(len, wrapped))
    columns = []
    for lines, width in zip(wrapped[:-1], widths, strict=False):
        padded = [line.ljust(width) for line in lines]
        columns.append(padded + [" " * width] * (height - len(lines)) if len(lines) < height else padded)
    lines = wrapped[-1]
    columns.append(lines + [""] * (height - len(lines)))
    return map(f" {divider} ".join, zip(*columns, strict=True))


def _paragraph(text: str, width: int) -> list[str]:
    return wrap(text, width)


def joined(lines: Iterable[str]) -> Iterator[str]:
    return (line.rstrip() + "\n" for line in lines)


def facts_table(
    base: FactBase, facts: Sequence[Fact], lang: str, terminal: Terminal, heading: str
) -> Iterator[str] | None:
    """`tables.facts_table` without colour, line by line; None when a text is not one cell per
    character. Every cell is made (and measured) first: the column widths depend on them all."""
    from kzil.text import visible

    cells = [[cell.plain for cell in rows.fact_row(base, fact, lang)] for fact in facts]
    headers = rows.fact_headers(lang)
    title = visible(heading)
    note = rows.derived_note(facts, lang)
    if not all(narrow(text) for text in (title, note or "", *headers, *(c for row in cells for c in row))):
        return None
    overhead = 2 * 3 - 2 + 2  # inner padding, and a space between columns
    widths = _widths(cells, headers, terminal.width - overhead)
    total = sum(widths) + overhead

    def lines() -> Iterator[str]:
        yield from _paragraph(title, total)
        yield from _row_lines(headers, widths, " ")
        yield "─" * total
        for i, row in enumerate(cells):
            if i:
                yield ""  # show_lines: a row of spaces between rows
            yield from _row_lines(row, widths, " ")
        if note:
            yield from _paragraph(note, max(terminal.width, total))

    return joined(lines())
