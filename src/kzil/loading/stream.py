"""Reading a fact-base file as libyaml events, composing and validating one fact at a time.

The top-level mapping is composed as usual, except its list of facts: each item is read from its
events by `quick.read_quick` when it is a plain valid fact (nearly all are), else composed and
validated by `facts.read_fact`, and handed to the merger, then dropped, so memory holds
the largest fact, not the file. The validator then reads the top level with an empty stand-in
for that list, so every problem, message and line is the one `parts.read_parts` gives the
whole document, in the same order. Files with anchors or aliases go to the whole-document reader
instead (`Fallback`): the validator finds an alias by meeting the same node twice. Both compose
with `compose.Composer`, within the bounds it sets; the value of an unknown or repeated top-level
key, which the validator never reads, is not composed at all.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from itertools import chain, islice
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from kzil.errors import DataError, Problem
from kzil.loading.compose import (
    FACT_VALUES,
    OTHER_VALUES,
    WHOLE_VALUES,
    Budget,
    Composer,
    Fallback,
    Problems,
    tag_of,
)
from kzil.loading.facts import References, read_fact
from kzil.loading.files import SLOW_PARSE_BYTES, Fingerprint, Reader, shown
from kzil.loading.merging import Merger
from kzil.loading.nodes import NodeReader
from kzil.loading.parts import TOP_FIELDS, Parts, read_parts
from kzil.loading.quick import events_of, read_quick
from kzil.loading.yamlnodes import yaml_error

try:  # libyaml, about ten times faster than the pure-Python parser
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import Loader as _Parser  # type: ignore[assignment]

Progress = Callable[[str], AbstractContextManager[object]]

_STR = BaseResolver.DEFAULT_SCALAR_TAG
_SEQ = BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP = BaseResolver.DEFAULT_MAPPING_TAG


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


def _facts(composer: Composer, start: Any, problems: Problems, merger: Merger) -> _Streamed:
    """Read, validate and hand over the facts one by one; the stand-in for their list."""
    streamed = _Streamed(tag_of(start.tag, _SEQ), start.start_mark, start.flow_style)
    index = 0
    live = composer.get
    while type(event := live()) is not SequenceEndEvent:
        if type(event) is MappingStartEvent:
            # Most facts are read from their events (`quick`); the others, from their first
            # event on, by the composer and the validator, which say what is wrong with them.
            events, whole = events_of(event, live)
            quick = read_quick(events, composer.path) if whole else None
            if quick is not None:
                merger.fact(*quick)
            else:
                composer.get = chain(islice(events, 1, None), iter(live, _NEVER)).__next__
                try:
                    _fact(composer, event, index, problems, merger)
                finally:
                    composer.get = live
        else:
            _fact(composer, event, index, problems, merger)
        index += 1
    return streamed


_NEVER = object()  # what the parser never returns: read it until the fact is composed


def _fact(composer: Composer, event: Any, index: int, problems: Problems, merger: Merger) -> None:
    """Compose and validate the fact that starts with `event`, and hand it over."""
    node = composer.unit(event, 3, Budget(FACT_VALUES, "in one fact"))
    if node is None:
        return
    # A reader per fact, that looks for no aliases: without anchors (`Fallback`) no node is met twice.
    found = read_fact(NodeReader(composer.path, problems, aliases=False), index, node)
    if isinstance(found, References):
        # Names to check once all are defined; past the problems kept, they could only add
        # problems that are counted, so they are not kept either.
        if (found.source or found.named or found.said_by) and not problems.full:
            merger.references(found)
    elif found is not None:
        merger.fact(*found)


def _document(get: Callable[[], Any], path: str) -> Any:
    """The first event of the file's one document's node; DataError for no document."""
    get()  # the stream's start
    event = get()
    if type(event) is not DocumentStartEvent:
        raise DataError(f"{shown(path)}: empty; a fact base must be one mapping (see 'kzil schema')")
    return get()


def _end(get: Callable[[], Any], path: str) -> None:
    """The document's end, and no other document after it."""
    get()  # the document's end
    event = get()
    if type(event) is not StreamEndEvent:
        line = event.start_mark.line + 1
        raise DataError(f"{shown(path)}:{line}: several YAML documents; a fact base must be one mapping")


def _not_a_mapping(composer: Composer, event: Any) -> DataError:
    """A top level that is a list or a single value, read past (its YAML errors come first)."""
    if type(event) in (MappingStartEvent, SequenceStartEvent):
        composer.skip()
    found = "a list" if type(event) is SequenceStartEvent else "a single value"
    line = event.start_mark.line + 1
    return DataError(
        f"{shown(composer.path)}:{line}: found {found}; a fact base must be one mapping (see 'kzil schema')"
    )


_CONTAINERS = (MappingStartEvent, SequenceStartEvent)


def _stand_in(event: Any) -> Node:
    """An empty node of the kind `event` starts (a list, a mapping or a text), built from nothing:
    for what the validator does not read, or what was over its bound (its events already read)."""
    mark = event.start_mark
    if type(event) is MappingStartEvent:
        return MappingNode(tag_of(event.tag, _MAP), [], mark, mark, event.flow_style)
    if type(event) is SequenceStartEvent:
        return SequenceNode(tag_of(event.tag, _SEQ), [], mark, mark, event.flow_style)
    return ScalarNode(_STR, "", mark, mark)


def _top_level(get: Callable[[], Any], path: str, merger: Merger, problems: list[Problem]) -> Parts:
    """Read the document's top-level mapping, streaming its first list of facts."""
    composer = Composer(get, path, problems)
    event = _document(get, path)
    if type(event) is not MappingStartEvent:
        if getattr(event, "anchor", None) is not None or type(event) is AliasEvent:
            raise Fallback
        raise _not_a_mapping(composer, event)
    if event.anchor is not None or tag_of(event.tag, _MAP) != _MAP:
        raise Fallback
    pairs: list[tuple[Node, Node]] = []
    start: Any = event.start_mark
    root = MappingNode(_MAP, pairs, start, start, event.flow_style)
    fact_problems = Problems()
    streamed: _Streamed | None = None
    seen: set[str] = set()
    other = Budget(OTHER_VALUES, "outside the list of facts")
    while type(event := get()) is not MappingEndEvent:
        if type(event) in _CONTAINERS:
            key = composer.empty(event)  # the validator only says a key must be a name
        else:
            key = composer.unit(event, 2, other) or _stand_in(event)
        value = get()
        name = key.value if isinstance(key, ScalarNode) else None
        if name not in TOP_FIELDS or name in seen:  # unknown or repeated: the validator reads only the key
            pairs.append((key, composer.empty(value) if type(value) in _CONTAINERS else _stand_in(value)))
            continue
        seen.add(name)
        if name == "facts" and type(value) is SequenceStartEvent and value.anchor is None:
            # What is defined so far: a fact's as_of and search text need its source and
            # entities, usually defined above the facts (the problems are found again below).
            merger.known(read_parts(MappingNode(_MAP, list(pairs), start, start), path, []))
            streamed = _facts(composer, value, fact_problems, merger)
            pairs.append((key, streamed))
            continue
        pairs.append((key, composer.unit(value, 2, other) or _stand_in(value)))
    _end(get, path)
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
    found = Problems()
    try:
        with _status(reader, progress):
            try:
                parts = _top_level(parser.get_event, path, merger, found)
            except yaml.YAMLError as error:
                reader.finish()  # an encoding error of the file comes first
                raise yaml_error(error, path) from None
            except DataError:
                reader.finish()  # an encoding error of the file comes first
                raise
            fingerprint = reader.finish()
    finally:
        parser.dispose()
        reader.close()
    problems += found
    return parts, fingerprint


def _whole(path: str, merger: Merger, problems: list[Problem]) -> tuple[Parts, Fingerprint | None]:
    """The file read as one document, anchors and aliases included, within `WHOLE_VALUES`."""
    reader = Reader(path)
    parser = _Parser(reader)  # type: ignore[arg-type]  # libyaml takes any object with `read`
    found = Problems()
    try:
        try:
            composer = Composer(parser.get_event, path, found, anchors=True)
            event = _document(parser.get_event, path)
            if type(event) is not MappingStartEvent:
                raise _not_a_mapping(composer, event)
            root = composer.unit(event, 1, Budget(WHOLE_VALUES, "in a file read whole (with YAML anchors)"))
            _end(parser.get_event, path)
        except yaml.YAMLError as error:
            reader.finish()  # an encoding error of the file comes first
            raise yaml_error(error, path) from None
        except DataError:
            reader.finish()
            raise
        fingerprint = reader.finish()
    finally:
        parser.dispose()
        reader.close()
    parts = read_parts(root, path, found) if isinstance(root, MappingNode) else Parts(path)
    problems += found
    merger.known(parts)
    for fact, lines in parts.facts:
        merger.fact(fact, lines)
    for unread in parts.unread:
        merger.references(unread)
    parts.facts, parts.unread = [], []
    return parts, fingerprint


__all__ = ["SLOW_PARSE_BYTES", "DataError", "Fallback", "read_file"]
