"""A compiled copy of validated fact bases, so that a run skips YAML parsing and validation.

An entry is keyed on every input file's resolved path, size, mtime and CRC-32, on the kzil
version and on the cache format; any mismatch, and any unreadable, truncated or corrupt entry,
counts as absent. Entries are written atomically (temporary file, then rename) and a failure to
write is ignored: the cache can only ever save time.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import zlib
from collections.abc import Mapping
from typing import Any

# The C unpickler directly: importing the `pickle` module costs a millisecond of every run's
# start-up, a tenth of kzil's own share; `pickle` itself is imported only to write an entry.
try:
    from _pickle import Unpickler, UnpicklingError
except ImportError:  # pragma: no cover - interpreters without the C accelerator
    from pickle import Unpickler, UnpicklingError

from kzil import __version__, model
from kzil.loading.files import Fingerprint
from kzil.model import FactBase

FORMAT = 2  # 2: facts carry said_by and speech
MAGIC = b"kzil-cache\x00"
_CRC = 4  # bytes of CRC-32 over the payload, after the magic


def directory(environ: Mapping[str, str]) -> str:
    """`$XDG_CACHE_HOME/kzil`, or the platform's user cache directory."""
    xdg = environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        base = xdg
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    elif os.name == "nt":
        base = environ.get("LOCALAPPDATA") or os.path.expanduser("~/AppData/Local")
    else:
        base = os.path.expanduser("~/.cache")
    return os.path.join(base, "kzil")


def _entry(directory: str, fingerprints: list[Fingerprint]) -> str:
    """One entry per set of files: a name derived from their paths (the key inside decides)."""
    names = "\0".join(fp.path for fp in fingerprints).encode("utf-8", "surrogatepass")
    return os.path.join(directory, f"{zlib.crc32(names):08x}-{len(fingerprints)}.pickle")


_CLASSES = {
    name: getattr(model, name)
    for name in ("Text", "Source", "Sector", "Country", "Entity", "Fact", "FactBase")
}


class _Unpickler(Unpickler):
    """Only the model's own classes: a planted cache file cannot make kzil run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "kzil.model" and name in _CLASSES:
            return _CLASSES[name]
        raise UnpicklingError(f"{module}.{name} is not allowed in a kzil cache")


def _header(fingerprints: list[Fingerprint]) -> tuple[object, ...]:
    return (FORMAT, __version__, tuple(tuple(fingerprint) for fingerprint in fingerprints))


def read(directory: str, fingerprints: list[Fingerprint]) -> FactBase | None:
    """The cached fact base for exactly these file versions, or None."""
    try:
        with open(_entry(directory, fingerprints), "rb") as file:
            blob = file.read()
        if not blob.startswith(MAGIC):
            return None
        start = len(MAGIC) + _CRC
        if int.from_bytes(blob[len(MAGIC) : start], "big") != zlib.crc32(memoryview(blob)[start:]):
            return None
        payload = io.BytesIO(memoryview(blob)[start:])
        # Two pickles, each with its own unpickler: the header is checked before the bulk loads.
        if _Unpickler(payload).load() != _header(fingerprints):
            return None
        base = _Unpickler(payload).load()
        return base if isinstance(base, FactBase) else None
    except Exception:  # any unreadable or corrupt entry is simply absent
        return None


def write(directory: str, fingerprints: list[Fingerprint], base: FactBase) -> None:
    """Store `base` for these file versions; silently does nothing where the cache is not writable."""
    import pickle

    path = _entry(directory, fingerprints)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        payload = pickle.dumps(_header(fingerprints), protocol=5) + pickle.dumps(base, protocol=5)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(temporary, "wb") as file:
            file.write(MAGIC + zlib.crc32(payload).to_bytes(_CRC, "big") + payload)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
