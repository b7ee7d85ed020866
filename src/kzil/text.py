"""Making untrusted text safe to show: control, bidirectional and invisible characters become
visible escapes; where a line is, counted as an editor counts it."""

from __future__ import annotations

import re

# Every character that could move the cursor, rewrite the terminal title, reorder what is shown,
# hide text or make two different names look the same:
# - controls (Cc): C0 but newline, DEL, C1;
# - format characters (Cf): bidirectional marks, embeddings, overrides and isolates, zero-width
#   spaces and joiners, word joiner and invisible operators, soft hyphen, BOM, Unicode tags
#   (U+E0000 block), interlinear annotations, Arabic and other prepended marks;
# - line and paragraph separators (Zl, Zp);
# - the other Default_Ignorable_Code_Point characters: combining grapheme joiner, Hangul fillers,
#   Khmer inherent vowels, Mongolian and all other variation selectors (which can carry hidden
#   bytes after a visible character), and the code points reserved as ignorable;
# - lone surrogates (a file name that is not UTF-8 arrives with them).
# `tests/test_text.py` checks the class against `unicodedata` for every code point.
INVISIBLE = (
    "\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
CONTROLS = "\x00-\x09\x0b-\x1f\x7f-\x9f"  # every control character but newline
UNSAFE = f"[{CONTROLS}{INVISIBLE}\ud800-\udfff]"
# The unsafe characters that `str.isprintable` lets through (the others are all non-printable):
# a text that is printable and has none of these has nothing to escape. Checked against UNSAFE
# for every code point by tests/test_text.py.
PRINTABLE_UNSAFE = (
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)
_UNSAFE_OR_NEWLINE = UNSAFE[:-1] + "\n]"  # compiled on first use, by re's own cache


def escape_code(code: int) -> str:
    """`\\x1b`, `\\u202e` or `\\U000e0041`: a code point as Python writes it in a string literal."""
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (a file name, an argument)
        return f"\\x{code - 0xDC00:02x}"
    return escape_code(code)


def visible(value: str, *, one_line: bool = False) -> str:
    """`value` with every unsafe character shown as an escape such as `\\x1b` or `\\u202e`; a byte
    that was not UTF-8 (Python's surrogate escape, in a file name or an argument) as `\\xff`.

    `one_line` also escapes newlines, for error messages that must stay on one line.

    Most texts have nothing to escape, and `str.isprintable` says so faster than the expression
    finds nothing: a 100,000 facts' timeline makes 130,000 texts visible and guards 22 MB of
    output: 2.9 s rather than 3.2 s.
    """
    if plainly_safe(value if one_line else value.replace("\n", "")):
        return value
    return re.sub(_UNSAFE_OR_NEWLINE if one_line else UNSAFE, _escape, value)


def plainly_safe(value: str) -> bool:
    """True: `value` holds no unsafe character. False: it may (look with UNSAFE). A fact's two
    JSON records on a first run: 10,000 facts take 0.17 s instead of 0.31 s with UNSAFE alone."""
    return value.isprintable() and (value.isascii() or not re.search(PRINTABLE_UNSAFE, value))


def first_unsafe(value: str) -> str | None:
    """The first control, bidirectional or invisible character of `value` (newline included)."""
    found = re.search(_UNSAFE_OR_NEWLINE, value)
    return found.group() if found else None


# What an editor starts a new line at: LF, CRLF, a lone CR, NEL, LINE and PARAGRAPH SEPARATOR
# (libyaml counts the same ones, so its line numbers and ours agree).
_LINE_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"


def line_at(text: str, index: int) -> int:
    """The 1-based line of `text[index]`."""
    return sum(1 for _ in re.finditer(_LINE_BREAK, text[:index])) + 1


# What `fold` makes the same besides case: the one letter Russian writes two ways (ё = е).
SAME_LETTERS = ("ё", "е")


def fold(value: str) -> str:
    """Case- and ё-insensitive form for matching names and searching text."""
    return value.casefold().replace(*SAME_LETTERS)


def typed(value: str) -> str:
    """A command-line argument as the user typed it.

    Under a locale that is not UTF-8 (and without Python's UTF-8 mode), Python hands UTF-8
    arguments over as surrogate escapes: `вода` arrives as `\\udcd0\\udcb2...`. Turn them back.
    """
    if re.search("[\udc80-\udcff]", value):
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError:
            return value
    return value
