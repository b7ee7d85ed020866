"""Composing a fact-base file to YAML nodes: one document, a mapping, never constructed to objects.

The file is composed to YAML nodes (libyaml when available) with PyYAML's BaseResolver, so no
scalar is typed and no tag is constructed: nothing in the file can run code, and the validator
reads the nodes with their line numbers. Aliases and explicit tags are refused there.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver, Resolver

from kzil.errors import DataError
from kzil.loading.files import shown
from kzil.text import visible

try:  # libyaml composes about ten times faster than the pure-Python parser
    from yaml._yaml import CParser

    class _Composer(CParser, BaseResolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            BaseResolver.__init__(self)

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Composer(Reader, Scanner, Parser, Composer, BaseResolver):  # type: ignore[no-redef]
        def __init__(self, text: str) -> None:
            Reader.__init__(self, text)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            BaseResolver.__init__(self)


def yaml_error(error: yaml.YAMLError | RecursionError, path: str) -> DataError:
    """The one-line error of a file the YAML parser cannot read."""
    name = shown(path)
    if isinstance(error, RecursionError):
        return DataError(f"{name}: invalid YAML: nesting too deep")
    if not isinstance(error, yaml.MarkedYAMLError):
        return DataError(f"{name}: invalid YAML: {visible(str(error), one_line=True)}")
    mark = error.problem_mark or error.context_mark
    line = f":{mark.line + 1}" if mark else ""
    problem = str(error.problem or error.context or "invalid YAML")
    if "single document" in (error.context or "") + problem:
        return DataError(f"{name}{line}: several YAML documents; a fact base must be one mapping")
    if "nesting depth" in problem:
        problem = "nesting too deep"
    return DataError(f"{name}{line}: invalid YAML: {visible(problem, one_line=True)}")


def compose(text: str, path: str) -> MappingNode:
    """The file's single YAML document as a node tree; its top level must be a mapping."""
    name = shown(path)
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except (yaml.YAMLError, RecursionError) as error:
        raise yaml_error(error, path) from None
    finally:
        composer.dispose()
    if node is None:
        raise DataError(f"{name}: empty; a fact base must be one mapping (see 'kzil schema')")
    if not isinstance(node, MappingNode):
        found = "a list" if isinstance(node, SequenceNode) else "a single value"
        raise DataError(
            f"{name}:{node.start_mark.line + 1}: found {found}; a fact base must be one mapping "
            "(see 'kzil schema')"
        )
    return node


# What YAML 1.1 tools (PyYAML, yq, many editors) make of a plain scalar. kzil reads every scalar
# as text, but the same file must not mean something else to those tools.
_RESOLVERS = Resolver.yaml_implicit_resolvers
TYPED_STARTS = frozenset(_RESOLVERS)  # the first characters of the scalars YAML 1.1 may type
_KINDS = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:merge": "a merge key",
    "tag:yaml.org,2002:value": "a value key",
}


def yaml11_tag(value: str) -> str | None:
    """The YAML 1.1 tag a plain scalar resolves to, or None for plain text."""
    for tag, pattern in _RESOLVERS.get(value[:1] or "", ()):
        if pattern.match(value):
            return str(tag)
    return None


def yaml11_kind(value: str) -> str | None:
    """How YAML 1.1 reads a plain scalar that is not text, e.g. 'a boolean'; None for text."""
    tag = yaml11_tag(value)
    return _KINDS.get(tag) if tag else None


_canonical_cache: dict[str, object] = {}


def canonical_key(node: ScalarNode) -> object:
    """A mapping key as YAML 1.1 compares it: `yes` and `1` collide, `'yes'` and `yes` do not."""
    if node.style:
        return node.value
    value: str = node.value
    try:
        return _canonical_cache[value]
    except KeyError:
        pass
    tag = yaml11_tag(value)
    key: object = value
    if tag:
        try:
            constructed = yaml.SafeLoader("").construct_object(ScalarNode(tag, value))
            hash(constructed)
            key = constructed
        except (yaml.YAMLError, ValueError, TypeError):
            key = value
    _canonical_cache[value] = key
    return key


DEFAULT_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "!"})


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1
