"""The cache's entries: which one is fresh for which files, and how one gets an index later.

An entry's header lists the files it was built from (`inputs`); it is fresh while each file has
the path, device, inode, size and times it had when it was read, and, for a file changed just
before that read, the same CRC-32 (see `files.Fingerprint`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kzil import __version__
from kzil.errors import DataError
from kzil.loading import schema
from kzil.loading.cache import Cache, entry_name
from kzil.loading.files import Fingerprint, crc_of, identity
from kzil.loading.store import Store, StoreDamaged

if TYPE_CHECKING:
    import sqlite3


def inputs(fingerprints: list[Fingerprint | None]) -> str:
    import json

    return json.dumps([list(fingerprint) if fingerprint else None for fingerprint in fingerprints])


def cached(cache: Cache, paths: list[str]) -> Store | None:
    """The cache's store for exactly these file versions, or None."""
    name = entry_name(paths)
    opened = cache.connect(name)
    if opened is None:
        return None
    connection, _ = opened
    store = Store(
        connection, lambda: cache.discard(name), lambda old, index: indexed_copy(cache, name, old, index)
    )
    try:
        header = store.header()
    except StoreDamaged:
        return None
    expected = {"format": str(schema.FORMAT), "schema": schema.schema_id(), "kzil": __version__}
    if any(header.get(key) != value for key, value in expected.items()):
        cache.debug(f"cache entry {name} is of another kzil or layout")
        return None
    if not _fresh(header.get("inputs", ""), paths):
        cache.debug(f"cache entry {name} is stale: a file changed")
        return None
    return store


def indexed_copy(
    cache: Cache, name: str, old: sqlite3.Connection, index: Sequence[str]
) -> sqlite3.Connection | None:
    """A copy of entry `name` with an index (the statements that build it), in its place; None if
    it cannot be written. The entry itself is never changed: a reader of the old file goes on
    reading it."""
    import sqlite3

    temporary = cache.create(name)
    if temporary is None:
        return None
    try:
        old.backup(temporary.connection)
        temporary.connection.execute("PRAGMA journal_mode = OFF")
        for statement in index:
            temporary.connection.execute(statement)
        temporary.connection.commit()
    except sqlite3.Error as error:
        cache.debug(f"no index: {error}")
        cache.discard(temporary.path)
        return None
    cache.publish(temporary)
    return temporary.connection


def _fresh(inputs: str, paths: list[str]) -> bool:
    """Whether every file is the version the store was built from."""
    import json

    try:
        stored = [Fingerprint(*item) for item in json.loads(inputs)]
    except (ValueError, TypeError):
        return False
    if len(stored) != len(paths):
        return False
    for fingerprint, path in zip(stored, paths, strict=True):
        try:
            if os.path.realpath(path) != fingerprint.path or identity(os.stat(path)) != fingerprint[1:6]:
                return False
            if fingerprint.racy and crc_of(path) != fingerprint.crc32:
                return False
        except (OSError, DataError):
            return False
    return True
