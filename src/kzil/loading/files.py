"""Reading fact-base and source files safely: regular files only, bounded size, strict UTF-8.

Kept apart from YAML so that a run served from the cache never imports the YAML parser.
"""

import codecs
import os
import stat
import time
import zlib
from collections.abc import Iterator
from typing import NamedTuple

from kzil.errors import DataError
from kzil.text import line_at, visible

MAX_BYTES = 200 * 1024 * 1024  # far above any real fact base, far below what hurts a laptop
# A file this large shows a status line on a terminal while it is read: about a second of work on
# a slow machine.
SLOW_PARSE_BYTES = 5_000_000


def shown(path: str) -> str:
    """A path as it may appear in a one-line message (a byte that is not UTF-8 as `\\xff`)."""
    return visible(path, one_line=True)


def _open(path: str) -> tuple[int, os.stat_result]:
    """A descriptor of a regular fact-base file and its status; refuses what would hang or is too large."""
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
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _chunks(fd: int, path: str) -> Iterator[bytes]:
    """The file's content in chunks of a megabyte; the descriptor is closed at the end."""
    total = 0
    try:
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > MAX_BYTES:  # the file grew while being read
                raise DataError(f"{shown(path)}: over the {MAX_BYTES // 2**20} MB limit of a fact base")
            yield chunk
    except OSError as error:
        raise DataError(f"{shown(path)}: cannot read: {error.strerror}") from None
    finally:
        os.close(fd)


def read_bytes(path: str) -> bytes:
    """The bytes of a regular fact-base file."""
    fd, _ = _open(path)
    return b"".join(_chunks(fd, path))


class Fingerprint(NamedTuple):
    """What identifies the version of a file that a compiled store was built from."""

    path: str  # absolute, symlinks resolved
    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int  # changes with every write, and when mtime is set back (`touch -d`)
    crc32: int  # of exactly the bytes that were parsed
    racy: bool  # changed so recently that a later edit could keep the same times: check the CRC


# File times have a granularity (a clock tick on Linux, up to 2 s on FAT): a file changed within
# this long before it was read could change again without its times changing, as in "racy git".
RACY_NS = 2_000_000_000


def identity(info: os.stat_result) -> tuple[int, int, int, int, int]:
    """The parts of a file's status that change when its content does."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def crc_of(path: str) -> int:
    """CRC-32 of a file's current content (only for the stores of racy files)."""
    fd, _ = _open(path)
    crc = 0
    for chunk in _chunks(fd, path):
        crc = zlib.crc32(chunk, crc)
    return crc


class Reader:
    """A fact-base file read once, in chunks, as libyaml asks for it (`read`).

    Each chunk is checked as strict UTF-8 before the parser sees it, and the CRC-32 of the
    fingerprint is computed over exactly these bytes: the version that is parsed is the version
    that is fingerprinted, whatever happens to the file meanwhile. The errors are those of
    `decode`, in the same order: a UTF-16/32 BOM, then invalid UTF-8, then a NUL byte (the two
    last are looked for in the whole file before a YAML error is reported: see `finish`).
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.started = time.time_ns()
        self._fd, self.info = _open(path)
        self._total = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._crc = 0
        self._read = 0  # bytes handed to the parser, after a UTF-8 BOM
        self._bom = -1  # length of the BOM, once the first chunk is seen
        self._lines = 0  # line ends before the next chunk
        self._tail = b""  # the last bytes of the previous chunk: a line end may straddle two
        self._nul: tuple[int, int] | None = None  # byte and line of the first NUL
        self._after: os.stat_result | None = None

    @property
    def size(self) -> int:
        return self.info.st_size

    def read(self, size: int) -> bytes:
        """The next chunk (libyaml takes any size and keeps the rest for later); b"" at the end."""
        chunk = self._next()
        self._check(chunk)
        return chunk

    def _next(self) -> bytes:
        if self._fd < 0:
            return b""
        try:
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                self._after = os.fstat(self._fd)
                self.close()
        except OSError as error:
            self.close()
            raise DataError(f"{shown(self.path)}: cannot read: {error.strerror}") from None
        self._total += len(chunk)
        if self._total > MAX_BYTES:  # the file grew while being read
            self.close()
            raise DataError(f"{shown(self.path)}: over the {MAX_BYTES // 2**20} MB limit of a fact base")
        return chunk

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _check(self, chunk: bytes) -> None:
        self._crc = zlib.crc32(chunk, self._crc)
        if self._bom < 0:
            self._bom = _bom(chunk, self.path)
            chunk = chunk[self._bom :]
        pending = self._decoder.getstate()[0]
        try:
            self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            where = pending + chunk
            line = self._line(chunk[: max(0, error.start - len(pending))])
            at = self._read - len(pending) + error.start
            raise DataError(
                f"{shown(self.path)}:{line}: not valid UTF-8 at byte {at} "
                f"(0x{where[error.start]:02x}); save the file as UTF-8"
            ) from None
        if self._nul is None and (nul := chunk.find(b"\0")) >= 0:
            self._nul = (self._read + nul, self._line(chunk[:nul]))
        self._read += len(chunk)
        self._lines = self._line(chunk) - 1
        self._tail = (self._tail + chunk)[-2:]

    def _line(self, before: bytes) -> int:
        """The line of the byte after `before` (the start of the current chunk on)."""
        return self._lines + _breaks(self._tail + before) - _breaks(self._tail) + 1

    def finish(self) -> Fingerprint | None:
        """Read what the parser left (a YAML error stops it early) and report the file's own
        errors first; then the fingerprint of the bytes read, or None when the file changed
        while it was read (such a run is not cached)."""
        while self.read(1 << 20):
            pass
        if self._nul is not None:
            nul, line = self._nul
            guess = " (the file looks UTF-16 encoded)" if nul < 4 else ""
            raise DataError(
                f"{shown(self.path)}:{line}: NUL byte at byte {nul}{guess}; save the file as UTF-8 text"
            )
        if self._after is None or identity(self._after) != identity(self.info):
            return None
        changed = max(self.info.st_mtime_ns, self.info.st_ctime_ns)
        return Fingerprint(
            os.path.realpath(self.path),
            *identity(self.info),
            self._crc,
            self.started - changed < RACY_NS,
        )


def _breaks(data: bytes) -> int:
    """Line ends in UTF-8 bytes as `text.line_at` counts them (CR LF, CR, LF, NEL, LS, PS), with
    `bytes.count`: 0.05 s for 12 MB, against 0.15 s to decode it and match a regular expression."""
    ends = data.count(b"\n")
    if b"\r" in data:  # seldom: two passes fewer without (12 MB: 0.039 s -> 0.027 s)
        ends += data.count(b"\r") - data.count(b"\r\n")
    return ends + data.count(b"\xc2\x85") + data.count(b"\xe2\x80\xa8") + data.count(b"\xe2\x80\xa9")


def _bom(first: bytes, path: str) -> int:
    """The length of a UTF-8 BOM at the start; refuses the BOMs of other encodings."""
    name = shown(path)
    if first.startswith(codecs.BOM_UTF8):
        return len(codecs.BOM_UTF8)
    if first.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise DataError(f"{name}: UTF-32 encoded; save the file as UTF-8")
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(f"{name}: UTF-16 encoded; save the file as UTF-8")
    return 0


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
