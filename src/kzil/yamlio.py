"""Reading a fact-base file safely: bounded size, strict UTF-8, one YAML document composed to nodes.

The file is composed to YAML nodes (libyaml when available) with PyYAML's BaseResolver, so no
scalar is typed and no tag is constructed: nothing in the file can run code, and the validator
reads the nodes with their line numbers. Aliases and explicit tags are refused there.
"""

from __future__ import annotations

import codecs
import os
import stat
import zlib
from collections.abc import Iterator
from typing import NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver, Resolver

from kzil.errors import DataError
from kzil.text import visible

MAX_BYTES = 200 * 1024 * 1024  # far above any real fact base, far below what hurts a laptop

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


def shown(path: str) -> str:
    """A path as it may appear in a one-line message."""
    return visible(path, one_line=True)


def _chunks(path: str) -> Iterator[tuple[os.stat_result, bytes]]:
    """The file's status, then its content in chunks; refuses what would hang or is too large."""
    name = shown(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not block; regular files ignore it.
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError(f"{name}: no such file; check the path given with --data or KZIL_DATA") from None
    except PermissionError:
        raise DataError(f"{name}: permission denied; make the file readable") from None
    except OSError as error:
        raise DataError(f"{name}: cannot open: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataError(f"{name}: is a directory; give the path of a fact-base YAML file")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(f"{name}: not a regular file (a pipe, device or socket); save the data to a file")
        if info.st_size > MAX_BYTES:
            raise DataError(
                f"{name}: {info.st_size} bytes, over the {MAX_BYTES // 2**20} MB limit of a fact base"
            )
        yield info, b""
        total = 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > MAX_BYTES:  # the file grew while being read
                raise DataError(f"{name}: over the {MAX_BYTES // 2**20} MB limit of a fact base")
            yield info, chunk
    except OSError as error:
        raise DataError(f"{name}: cannot read: {error.strerror}") from None
    finally:
        os.close(fd)


def read_bytes(path: str) -> bytes:
    """The bytes of a regular fact-base file."""
    return b"".join(chunk for _, chunk in _chunks(path))


class Fingerprint(NamedTuple):
    """What identifies a file's content for the cache."""

    path: str  # absolute, symlinks resolved
    size: int
    mtime_ns: int
    crc32: int


def fingerprint(path: str) -> Fingerprint:
    """Read the file once to fingerprint it. CRC-32 rather than a cryptographic hash: `hashlib`
    adds 3 ms of start-up (loading OpenSSL) to every command, and together with size and mtime
    CRC-32 detects every real edit; it only has to tell this file's versions apart."""
    chunks = _chunks(path)
    info, _ = next(chunks)
    crc = 0
    for _, chunk in chunks:
        crc = zlib.crc32(chunk, crc)
    return Fingerprint(os.path.realpath(path), info.st_size, info.st_mtime_ns, crc)


def decode(data: bytes, path: str) -> str:
    """Strict UTF-8 (a UTF-8 BOM is dropped); errors name the byte and line."""
    name = shown(path)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise DataError(f"{name}: UTF-32 encoded; save the file as UTF-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(f"{name}: UTF-16 encoded; save the file as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataError(
            f"{name}:{line}: not valid UTF-8 at byte {error.start} (0x{data[error.start]:02x}); "
            "save the file as UTF-8"
        ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        guess = " (the file looks UTF-16 encoded)" if nul < 4 else ""
        raise DataError(f"{name}:{line}: NUL byte at byte {nul}{guess}; save the file as UTF-8 text")
    return text


def compose(text: str, path: str) -> MappingNode:
    """The file's single YAML document as a node tree; its top level must be a mapping."""
    name = shown(path)
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = str(error.problem or error.context or "invalid YAML")
        if "single document" in (error.context or "") + problem:
            raise DataError(
                f"{name}{line}: several YAML documents; a fact base must be one mapping"
            ) from None
        if "nesting depth" in problem:
            problem = "nesting too deep"
        raise DataError(f"{name}{line}: invalid YAML: {visible(problem, one_line=True)}") from None
    except yaml.YAMLError as error:
        raise DataError(f"{name}: invalid YAML: {visible(str(error), one_line=True)}") from None
    except RecursionError:
        raise DataError(f"{name}: invalid YAML: nesting too deep") from None
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
