"""Composing libyaml events into YAML nodes within bounds that hold whatever a file holds.

The validator reads YAML nodes, and a node costs a few hundred bytes: composed whole, 30 MB of
`[[],[],…]` took 3.6 GB. This composer builds only what a fact base can hold and what the
validator reads, so that memory follows the file's useful content (README, "Bounded cost"):

- Lists and mappings nest at most `MAX_DEPTH` levels in a fact base (top level, table, record,
  field; a source's waived sentences, each entry and its reason are the deepest). Deeper ones are
  skipped as they are read, nothing built: a list that held some says so once; a mapping value
  that is one reaches the validator as an empty list or mapping, which it refuses where a text is
  expected.
- A key that is a list or mapping reaches the validator empty: it only says a key must be a name.
- One fact holds at most `FACT_VALUES` values, and everything but the facts (sources, sectors,
  countries, entities) at most `OTHER_VALUES`: past that, the rest is skipped and the file refused.
- A file read whole (it has anchors or aliases, which the validator refuses) at most `WHOLE_VALUES`.
- A run keeps `MAX_PROBLEMS` problems and counts the rest (`Problems`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, SupportsIndex

from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from kzil.errors import Problem

# top level (1), a table or the facts (2), a record (3), a field's list or mapping (4); the deepest
# is a source's `waived: [{reason: {en, ru}}]` (4, 5, 6). The budgets below bound the rest.
MAX_DEPTH = 6
FACT_VALUES = 10_000  # a real fact holds about 25
OTHER_VALUES = 100_000  # the bundled base's definitions hold about 500
WHOLE_VALUES = 1_000_000
MAX_PROBLEMS = 10_000

_STR = BaseResolver.DEFAULT_SCALAR_TAG
_SEQ = BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP = BaseResolver.DEFAULT_MAPPING_TAG
_STARTS = (MappingStartEvent, SequenceStartEvent)
_ENDS = (MappingEndEvent, SequenceEndEvent)


class Fallback(Exception):
    """This file needs the whole-document reader (anchors and aliases)."""


class Budget:
    """How many values one part of a file may still hold, and what to say past that."""

    def __init__(self, limit: int, where: str) -> None:
        self.left = limit
        self.message = f"more than {limit:,} values {where}; a fact base is far smaller: this is not one"


class _Exhausted(Exception):
    pass


def tag_of(tag: str | None, default: str) -> str:
    """As the composer resolves tags with kzil's BaseResolver: none or `!` means the default."""
    return default if tag is None or tag == "!" else tag


class Composer:
    """Nodes from the events `get` hands over; shape problems go to `problems`."""

    def __init__(
        self, get: Callable[[], Any], path: str, problems: list[Problem], *, anchors: bool = False
    ) -> None:
        self.get = get
        self.path = path
        self.problems = problems
        self.anchors: dict[str, Node] | None = {} if anchors else None
        self.open = 0  # lists and mappings started and not yet ended

    def unit(self, event: Any, depth: int, budget: Budget) -> Node | None:
        """The node that starts with `event`; None when it is over `budget` (then said, and skipped)."""
        level = self.open
        try:
            return self.node(event, depth, budget)
        except _Exhausted:
            while self.open > level:
                kind = type(self.get())
                self.open += 1 if kind in _STARTS else -1 if kind in _ENDS else 0
            self.problems.append(Problem(self.path, event.start_mark.line + 1, "", budget.message))
            return None

    def node(self, event: Any, depth: int, budget: Budget) -> Node:
        kind = type(event)
        if kind is AliasEvent:
            return self._alias(event)
        if kind is not ScalarEvent:
            self.open += 1  # entered, so that `unit` reads past it if it is over the budget
        if budget.left <= 0:
            raise _Exhausted
        budget.left -= 1
        mark = event.start_mark  # the start only: the validator needs lines, and marks cost memory
        if kind is ScalarEvent:
            node: Node = ScalarNode(tag_of(event.tag, _STR), event.value, mark, mark, event.style)
            self._anchor(event, node)
            return node
        if kind is MappingStartEvent:
            pairs: list[tuple[Node, Node]] = []
            node = MappingNode(tag_of(event.tag, _MAP), pairs, mark, mark, event.flow_style)
            self._anchor(event, node)
            while type(key := self.get()) is not MappingEndEvent:
                name = self.empty(key) if type(key) in _STARTS else self.node(key, depth + 1, budget)
                value = self.get()
                too_deep = depth >= MAX_DEPTH and type(value) in _STARTS
                pairs.append((name, self.empty(value) if too_deep else self.node(value, depth + 1, budget)))
        else:
            items: list[Node] = []
            node = SequenceNode(tag_of(event.tag, _SEQ), items, mark, mark, event.flow_style)
            self._anchor(event, node)
            dropped = 0
            while type(item := self.get()) is not SequenceEndEvent:
                if depth >= MAX_DEPTH and type(item) in _STARTS:
                    self.skip()
                    dropped += 1
                else:
                    items.append(self.node(item, depth + 1, budget))
            if dropped:
                self.problems.append(Problem(self.path, mark.line + 1, "", _too_deep(dropped)))
        self.open -= 1
        return node

    def skip(self) -> None:
        """Read past the list or mapping just started, building nothing."""
        depth = 1
        while depth:
            kind = type(self.get())
            depth += 1 if kind in _STARTS else -1 if kind in _ENDS else 0

    def empty(self, event: Any) -> Node:
        """An empty stand-in for the list or mapping that starts with `event`, read past."""
        self.skip()
        mark = event.start_mark
        if type(event) is MappingStartEvent:
            return MappingNode(tag_of(event.tag, _MAP), [], mark, mark, event.flow_style)
        return SequenceNode(tag_of(event.tag, _SEQ), [], mark, mark, event.flow_style)

    def _anchor(self, event: Any, node: Node) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if self.anchors is None:
            raise Fallback
        if anchor in self.anchors:
            first = self.anchors[anchor].start_mark
            raise ComposerError(
                "found duplicate anchor; first occurrence", first, "second occurrence", event.start_mark
            )
        self.anchors[anchor] = node

    def _alias(self, event: Any) -> Node:
        if self.anchors is None:
            raise Fallback
        if event.anchor not in self.anchors:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        return self.anchors[event.anchor]


def _too_deep(count: int) -> str:
    what = "a list or mapping" if count == 1 else f"{count:,} lists or mappings"
    return (
        f"holds {what} where values are expected: a fact base nests lists and mappings at most "
        f"{MAX_DEPTH} deep; write the values themselves"
    )


class Problems(list[Problem]):
    """The problems of a run: the first `MAX_PROBLEMS` kept, the others only counted, so that a
    file made of mistakes costs no more memory than its first few thousand."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        super().__init__()
        self.dropped = 0
        self.extend(problems)

    @property
    def full(self) -> bool:
        return len(self) >= MAX_PROBLEMS

    def append(self, problem: Problem) -> None:
        if len(self) < MAX_PROBLEMS:
            super().append(problem)
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)
        self.dropped += getattr(problems, "dropped", 0)

    def __iadd__(self, problems: Iterable[Problem]) -> Problems:  # type: ignore[override,misc]
        self.extend(problems)
        return self

    def insert(self, index: SupportsIndex, problem: Problem) -> None:  # pragma: no cover - unused
        raise NotImplementedError

    def note(self, file: str) -> None:
        """Say how many problems were counted but not kept, if any, as a last problem."""
        if self.dropped:
            message = f"{self.dropped:,} more problems are not listed; fix the ones above first"
            super().append(Problem(file, None, "", message))
            self.dropped = 0
