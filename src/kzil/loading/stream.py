"""Reading a fact-base file as libyaml events, composing and validating one fact at a time.

The top-level mapping is composed as usual, except its list of facts: each item is composed,
validated by `facts.read_fact` and handed to the merger, then dropped, so memory holds
the largest fact, not the file. The validator then reads the top level with an empty stand-in
for that list, so every problem, message and line is the one `parts.read_parts` gives the
whole document, in the same order. Files that this shortcut would read differently go to the
whole-document reader instead (`Fallback`): anchors and aliases (the validator finds an alias by
meeting the same node twice), several documents, a top level that is not a plain mapping, and
nesting deeper than Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import yaml
from yaml.events import (
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from kzil.errors import DataError, Problem
from kzil.loading.facts import References, read_fact
from kzil.loading.files import SLOW_PARSE_BYTES, Fingerprint, Reader, shown
from kzil.loading.merging import Merger
from kzil.loading.nodes import NodeReader
from kzil.loading.parts import Parts, read_parts
from kzil.loading.yamlnodes import compose, yaml_error

try:  # libyaml, about ten times faster than the pure-Python parser
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import Loader as _Parser  # type: ignore[assignment]

Progress = Callable[[str], AbstractContextManager[object]]

_STR = BaseResolver.DEFAULT_SCALAR_TAG
_SEQ = BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP = BaseResolver.DEFAULT_MAPPING_TAG


class Fallback(Exception):
    """This file needs the whole-document reader."""


class _Streamed(SequenceNode):
    """Stands in the top-level mapping for the list of facts that was read item by item; notes
    whether the validator went on to read it (it does not when the version is unsupported)."""

    def __init__(self, tag: str, start_mark: Any, flow_style: Any) -> None:
        self.read = False
        super().__init__(tag, [], start_mark, start_mark, flow_style)

    @property
    def value(self) -> list[Node]:
        self.read = True
        return []

    @value.setter
    def value(self, items: list[Node]) -> None:
        pass


def _tag(tag: str | None, default: str) -> str:
    """As the composer resolves tags with kzil's BaseResolver: none or `!` means the default."""
    return default if tag is None or tag == "!" else tag


def _compose(get: Callable[[], Any], event: Any) -> Node:
    """The node that starts with `event`, its children read with `get`."""
    kind = type(event)
    if getattr(event, "anchor", None) is not None:
        raise Fallback
    if kind is ScalarEvent:
        return ScalarNode(_tag(event.tag, _STR), event.value, event.start_mark, event.end_mark, event.style)
    if kind is MappingStartEvent:
        pairs: list[tuple[Node, Node]] = []
        mapping = MappingNode(_tag(event.tag, _MAP), pairs, event.start_mark, None, event.flow_style)
        while type(key := get()) is not MappingEndEvent:
            pairs.append((_compose(get, key), _compose(get, get())))
        mapping.end_mark = key.end_mark
        return mapping
    if kind is SequenceStartEvent:
        items: list[Node] = []
        sequence = SequenceNode(_tag(event.tag, _SEQ), items, event.start_mark, None, event.flow_style)
        while type(item := get()) is not SequenceEndEvent:
            items.append(_compose(get, item))
        sequence.end_mark = item.end_mark
        return sequence
    raise Fallback  # an alias


def _facts(
    get: Callable[[], Any], start: Any, path: str, problems: list[Problem], merger: Merger
) -> _Streamed:
    """Compose, validate and hand over the facts one by one; the stand-in for their list."""
    streamed = _Streamed(_tag(start.tag, _SEQ), start.start_mark, start.flow_style)
    index = 0
    while type(event := get()) is not SequenceEndEvent:
        node = _compose(get, event)
        # A reader per fact: without anchors no node is met twice, and the set of nodes a
        # reader has met would otherwise grow with the file.
        found = read_fact(NodeReader(path, problems), index, node)
        if isinstance(found, References):
            merger.references(found)
        elif found is not None:
            merger.fact(*found)
        index += 1
    streamed.end_mark = event.end_mark
    return streamed


def _top_level(get: Callable[[], Any], path: str, merger: Merger, problems: list[Problem]) -> Parts:
    """Read the document's top-level mapping, streaming its first list of facts."""
    get()  # the stream's start
    event = get()
    if type(event) is not DocumentStartEvent:
        raise Fallback  # empty: the whole-document reader says so
    event = get()
    if type(event) is not MappingStartEvent or event.anchor is not None or _tag(event.tag, _MAP) != _MAP:
        raise Fallback
    pairs: list[tuple[Node, Node]] = []
    start: Any = event.start_mark
    root = MappingNode(_MAP, pairs, start, None, event.flow_style)
    fact_problems: list[Problem] = []
    streamed: _Streamed | None = None
    while type(event := get()) is not MappingEndEvent:
        key = _compose(get, event)
        value = get()
        first_facts = streamed is None and isinstance(key, ScalarNode) and key.value == "facts"
        if first_facts and type(value) is SequenceStartEvent and value.anchor is None:
            # What is defined so far: a fact's as_of and search text need its source and
            # entities, usually defined above the facts (the problems are found again below).
            merger.known(read_parts(MappingNode(_MAP, list(pairs), start, None), path, []))
            streamed = _facts(get, value, path, fact_problems, merger)
            pairs.append((key, streamed))
            continue
        pairs.append((key, _compose(get, value)))
    root.end_mark = event.end_mark
    get()  # the document's end
    if type(get()) is not StreamEndEvent:
        raise Fallback  # several documents
    parts = read_parts(root, path, problems)
    if streamed is not None and streamed.read:
        problems += fact_problems
    else:
        merger.rollback()
    return parts


def read_file(
    path: str, merger: Merger, problems: list[Problem], progress: Progress | None
) -> Fingerprint | None:
    """Read one file into the merger; its problems are appended; the fingerprint of the bytes
    read, or None when the file changed meanwhile. Raises DataError for an unreadable file."""
    merger.begin()
    try:
        parts, fingerprint = _streamed(path, merger, problems, progress)
    except Fallback:
        merger.rollback()
        parts, fingerprint = _whole(path, merger, problems)
    merger.end(parts)
    return fingerprint


def _status(reader: Reader, progress: Progress | None) -> AbstractContextManager[object]:
    if progress is None:  # the caller decides whether the run is long enough to say so
        return nullcontext()
    megabytes = reader.size / 1e6
    return progress(f"Reading {shown(reader.path)} ({megabytes:.0f} MB) once; later runs use the cache")


def _streamed(
    path: str, merger: Merger, problems: list[Problem], progress: Progress | None
) -> tuple[Parts, Fingerprint | None]:
    reader = Reader(path)
    parser = _Parser(reader)  # type: ignore[arg-type]  # libyaml takes any object with `read`
    found: list[Problem] = []
    try:
        with _status(reader, progress):
            try:
                parts = _top_level(parser.get_event, path, merger, found)
            except yaml.YAMLError as error:
                reader.finish()  # an encoding error of the file comes first
                raise yaml_error(error, path) from None
            except RecursionError:
                raise Fallback from None
            fingerprint = reader.finish()
    finally:
        parser.dispose()
        reader.close()
    problems += found
    return parts, fingerprint


def _whole(path: str, merger: Merger, problems: list[Problem]) -> tuple[Parts, Fingerprint | None]:
    """The file read whole and composed as one document (anchors, several documents, ...)."""
    reader = Reader(path)
    try:
        chunks = []
        while chunk := reader.read(1 << 20):
            chunks.append(chunk)
        fingerprint = reader.finish()
    finally:
        reader.close()
    data = b"".join(chunks)
    text = data.decode("utf-8").removeprefix("\ufeff")
    del data, chunks
    root = compose(text, path)
    del text
    parts = read_parts(root, path, problems)
    merger.known(parts)
    for fact, lines in parts.facts:
        merger.fact(fact, lines)
    for unread in parts.unread:
        merger.references(unread)
    parts.facts, parts.unread = [], []
    return parts, fingerprint


__all__ = ["SLOW_PARSE_BYTES", "DataError", "Fallback", "read_file"]
