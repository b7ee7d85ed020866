"""Reading fact-base and source files safely: regular files only, bounded size, strict UTF-8.

Kept apart from YAML so that a run served from the cache never imports the YAML parser.
"""

from __future__ import annotations

import codecs
import os
import stat
import zlib
from collections.abc import Iterator
from typing import NamedTuple

from kzil.errors import DataError
from kzil.text import line_at, visible

MAX_BYTES = 200 * 1024 * 1024  # far above any real fact base, far below what hurts a laptop


def shown(path: str) -> str:
    """A path as it may appear in a one-line message (a byte that is not UTF-8 as `\\xff`)."""
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
        before = data[: error.start].decode("utf-8")  # valid up to the error
        line = line_at(before, len(before))
        raise DataError(
            f"{name}:{line}: not valid UTF-8 at byte {error.start} (0x{data[error.start]:02x}); "
            "save the file as UTF-8"
        ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        line = line_at(text, text.index("\0"))
        guess = " (the file looks UTF-16 encoded)" if nul < 4 else ""
        raise DataError(f"{name}:{line}: NUL byte at byte {nul}{guess}; save the file as UTF-8 text")
    return text
