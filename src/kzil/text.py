"""Making untrusted text safe to show: control and bidirectional characters become visible escapes."""

from __future__ import annotations

import re

# C0 controls but newline, DEL, C1 controls, bidirectional embeddings, overrides, isolates and
# marks, line/paragraph separators, BOM/zero-width no-break space: anything that could move the
# cursor, rewrite the terminal title, reorder what is shown or hide text.
_UNSAFE = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
_UNSAFE_OR_NEWLINE = _UNSAFE[:-1] + "\n]"  # compiled on first use, by re's own cache


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: str, *, one_line: bool = False) -> str:
    """`value` with every unsafe character shown as an escape such as `\\x1b` or `\\u202e`.

    `one_line` also escapes newlines, for error messages that must stay on one line.
    """
    return re.sub(_UNSAFE_OR_NEWLINE if one_line else _UNSAFE, _escape, value)


def fold(value: str) -> str:
    """Case- and ё-insensitive form for matching names and searching text."""
    return value.casefold().replace("ё", "е")


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
