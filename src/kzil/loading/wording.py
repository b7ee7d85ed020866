"""The words of a problem: what was found, shortened and made visible; an invisible character by
name; and "did you mean ...?" among the names that were expected.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from yaml.nodes import MappingNode, Node, SequenceNode

from kzil.text import visible


def describe(char: str) -> str:
    """A character that cannot be seen, by code point and name: `U+200B ZERO WIDTH SPACE`."""
    import unicodedata  # only on the error path

    name = unicodedata.name(char, "")
    if not name:
        name = "a control character" if unicodedata.category(char) == "Cc" else "an invisible character"
    return f"U+{ord(char):04X} ({name})"


def found_kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{short(node.value)}'"


def short(value: str) -> str:
    value = visible(value, one_line=True)
    return value if len(value) <= 40 else value[:37] + "..."


class Suggestions:
    """ "Did you mean ...?" hints, with a bounded cost whatever the file.

    difflib compares a name with each candidate in turn: 60,000 unknown references against 3,000
    defined sectors took more than two minutes. Only the first `budget` problems of a file (or of
    a merge) get a hint, each among at most `CANDIDATES` candidates, and only for a name short
    enough to be a typo of one: the rest of the problems are listed as they are, so the time of
    `validate` grows with the file, not with its square.
    """

    CANDIDATES = 1000
    LONGEST = 100  # characters: longer names are not typos of an id or field name

    def __init__(self, budget: int = 50) -> None:
        self.left = budget

    def __call__(self, name: str, choices: Iterable[str]) -> str:
        if self.left <= 0 or len(name) > self.LONGEST:
            return ""
        self.left -= 1
        import difflib  # only on the error path

        candidates = list(itertools.islice(choices, self.CANDIDATES))
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        return f"; did you mean '{short(close[0])}'?" if close else ""
