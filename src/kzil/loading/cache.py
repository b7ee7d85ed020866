"""Where compiled stores are kept, and the rules that keep anyone else from feeding them to kzil.

- The directory is `$XDG_CACHE_HOME/kzil` (an absolute XDG_CACHE_HOME only), else the platform's
  cache directory under a usable home; with no usable home there is no cache (never `./~/.cache`,
  never `/.cache`). It is used only when it is a directory, not a symbolic link, owned by the
  current user and writable by nobody else (as ssh treats `~/.ssh`); otherwise kzil runs without
  it and, with KZIL_DEBUG=1, says why.
- An entry is opened without following a symbolic link (O_NOFOLLOW) and read only when it is a
  regular file of the current user whose size is the one its SQLite header announces; SQLite
  then reads that same open file (through /proc/self/fd where there is one).
- An entry is written to a temporary file created exclusively (O_EXCL: no planted file or link
  is followed or overwritten), then renamed over the old one: readers see the old entry or the
  new one, never half of one. A run that writes also removes the temporary files of processes
  that died, and evicts the oldest entries beyond MAX_ENTRIES or MAX_TOTAL bytes.
"""

import contextlib
import os
import sqlite3
import stat
import sys
import zlib
from collections.abc import Callable, Mapping
from typing import NamedTuple

from kzil.loading import schema

Debug = Callable[[str], None]

# How every connection that writes an entry is set: no journal (an interrupted write leaves only
# the temporary file, which a later run removes), and no waiting for the disk.
WRITING = ("journal_mode = OFF", "synchronous = OFF")
MAX_ENTRIES = 16
MAX_TOTAL = 4 * 2**30  # bytes: about eight stores of 100,000 facts
STALE_SECONDS = 3600  # a temporary file untouched this long is left over, whoever made it
SUFFIX = ".sqlite"
_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_ENTRY_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_PROC_FD = "/proc/self/fd"


def _home(environ: Mapping[str, str]) -> str | None:
    """The user's home directory when it is an absolute path to a directory other than `/`: HOME,
    or the password database's entry when HOME is unset (as `os.path.expanduser` does)."""
    home = environ.get("HOME")
    if home is None:
        with contextlib.suppress(ImportError, KeyError):
            import pwd

            home = pwd.getpwuid(os.geteuid()).pw_dir
    if home and os.path.isabs(home) and os.path.realpath(home) != os.path.sep and os.path.isdir(home):
        return home
    return None


def directory(environ: Mapping[str, str]) -> str | None:
    """`$XDG_CACHE_HOME/kzil`, or the platform's user cache directory; None without a home."""
    xdg = environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, "kzil")
    if os.name == "nt":
        local = environ.get("LOCALAPPDATA", "")
        return os.path.join(local, "kzil") if os.path.isabs(local) else None
    home = _home(environ)
    if home is None:
        return None
    parts = ("Library", "Caches") if sys.platform == "darwin" else (".cache",)
    return os.path.join(home, *parts, "kzil")


def entry_name(paths: list[str]) -> str:
    """One entry per list of files, named after their resolved paths (its header decides)."""
    names = "\0".join(os.path.realpath(path) for path in paths).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(names):08x}-{len(paths)}{SUFFIX}"


class Temporary(NamedTuple):
    name: str
    path: str
    connection: sqlite3.Connection


class Cache:
    """A cache directory that passed the ownership checks, held open by descriptor."""

    def __init__(self, path: str, fd: int, debug: Debug | None) -> None:
        self.path = path
        self.fd = fd
        self.debug = debug or (lambda message: None)
        self._via = f"{_PROC_FD}/{fd}" if os.path.isdir(_PROC_FD) else path

    @classmethod
    def open(cls, path: str, debug: Debug | None = None) -> "Cache | None":
        """The directory, created if missing; None (and why, to `debug`) if it is not safe to use."""
        say = debug or (lambda message: None)
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
            fd = os.open(path, _DIRECTORY_FLAGS)
        except OSError as error:
            say(f"no cache: {path}: {error.strerror or error}")
            return None
        why = _unsafe(os.fstat(fd))
        if why:
            os.close(fd)
            say(f"no cache: {path} {why}")
            return None
        return cls(path, fd, debug)

    # --- reading --------------------------------------------------------------------------------

    def connect(self, name: str) -> tuple[sqlite3.Connection, int] | None:
        """A read-only connection to entry `name` and the descriptor it reads, or None."""
        try:
            fd = os.open(name, _ENTRY_FLAGS, dir_fd=self.fd)
        except OSError:  # missing, or a symbolic link (ELOOP)
            return None
        try:
            info = os.fstat(fd)
            why = _unsafe(info, regular=True) or _header_mismatch(fd, info.st_size)
            if why:
                self.debug(f"cache entry {name} ignored: {why}")
                os.close(fd)
                return None
            via = f"{_PROC_FD}/{fd}" if self._via.startswith(_PROC_FD) else os.path.join(self.path, name)
            connection = sqlite3.connect(f"file:{via}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            os.close(fd)
            self.debug(f"cache entry {name} ignored: {error}")
            return None
        return connection, fd

    def where(self, name: str) -> str:
        """The path that opens entry or temporary file `name` (through /proc/self/fd where there
        is one: a forked child has the same descriptor)."""
        return os.path.join(self._via, name)

    def discard(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=self.fd)

    # --- writing --------------------------------------------------------------------------------

    def create(self, name: str) -> Temporary | None:
        """A new, empty database in a temporary file only this process created."""
        temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            os.close(os.open(temporary, _CREATE_FLAGS, 0o600, dir_fd=self.fd))
            connection = sqlite3.connect(self.where(temporary), check_same_thread=False)
            for pragma in (*WRITING, "page_size = 8192"):
                connection.execute(f"PRAGMA {pragma}")
            connection.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {schema.FORMAT}")
        except (OSError, sqlite3.Error) as error:
            self.debug(f"cache not written: {error}")
            self.discard(temporary)
            return None
        return Temporary(name, temporary, connection)

    def publish(self, temporary: Temporary) -> None:
        """The finished temporary file becomes the entry, in one rename."""
        try:
            os.replace(temporary.path, temporary.name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError as error:
            self.debug(f"cache not written: {error.strerror or error}")
            self.discard(temporary.path)
            return
        self.tidy(keep=temporary.name)

    def tidy(self, keep: str) -> None:
        """Remove left-over temporary files and old entries, so that the directory stays bounded."""
        import time

        now = time.time()
        entries = []
        for item in os.scandir(self.fd):
            name = item.name
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if ".pickle" in name:  # entries and temporary files of kzil's earlier cache format
                    self.discard(name)
                elif name.startswith(".") and name.endswith(".tmp"):
                    if _left_over(name, info.st_mtime, now):
                        self.discard(name)
                elif name.endswith(SUFFIX) and name != keep:
                    entries.append((info.st_mtime, info.st_size, name))
        total = sum(size for _, size, _ in entries)
        entries.sort(reverse=True)  # newest first
        while entries and (len(entries) + 1 > MAX_ENTRIES or total > MAX_TOTAL):
            _, size, name = entries.pop()
            self.discard(name)
            total -= size


def _unsafe(info: os.stat_result, *, regular: bool = False) -> str | None:
    """Why a cache directory or entry must not be trusted, or None."""
    if regular and not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if not regular and not stat.S_ISDIR(info.st_mode):
        return "is not a directory"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return f"belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by group or others"
    return None


def _header_mismatch(fd: int, size: int) -> str | None:
    """Why a file is not a whole kzil store, from SQLite's own 100-byte header."""
    header = os.pread(fd, 100, 0) if hasattr(os, "pread") else b""
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return "not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if int.from_bytes(header[68:72], "big") != schema.APPLICATION_ID:
        return "not a kzil store"
    if int.from_bytes(header[28:32], "big") * page_size != size:
        return "truncated or extended"
    return None


def _left_over(name: str, mtime: float, now: float) -> bool:
    """A temporary file whose writer is gone, or that nobody has touched for an hour."""
    if now - mtime > STALE_SECONDS:
        return True
    try:
        pid = int(name.rsplit(".", 3)[-3])
    except (ValueError, IndexError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, but someone else's
        return False
    return False
