"""`kzil export sqlite FILE`: the compiled store as a database to publish and explore (Datasette).

The export is the store itself (README.md, "The compiled store"), copied with SQLite's backup API
and then made fit to be shared:

- the facts left out by the filters are deleted, with their links, records and search text;
- `facts.search` holds what `kzil search` looks in, folded as kzil folds it (case, ё = е), and
  `facts_fts` is an FTS5 trigram index over it, which Datasette finds by itself: `?_search=вод`
  matches any part of a word, in any case (type е for ё; the `search` query of the metadata
  folds ё too);
- `kzil_store` says what made the file and for whom, but not where the YAML files were;
- the `about` table and a `metadata.json` beside the file name the source and its citation.

Nothing is left half written: the database is built in a temporary file beside FILE and renamed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from typing import Any

from kzil.errors import DataError
from kzil.loading import schema
from kzil.loading.files import shown
from kzil.loading.store import Store

# Trigram, because kzil's search matches any part of a word; `remove_diacritics` would need
# SQLite 3.45 and would fold more than kzil does, so case is SQLite's and ё is folded by kzil.
FTS = (
    'CREATE VIRTUAL TABLE "facts_fts" USING fts5("search", content="facts", '
    'content_rowid="position", tokenize="trigram")'
)
# The header rows a published file keeps: what made it, not where the YAML files were.
_PUBLIC_HEADER = ("format", "schema", "kzil", "definitions", "facts")


def export_sqlite(
    store: Store,
    path: str,
    condition: str,
    parameters: Sequence[Any],
    about: Mapping[str, str],
    metadata: Mapping[str, Any],
) -> int:
    """Write the store's facts that meet `condition` (SQL over the facts table; "" for all) to a
    new database at `path`, and its Datasette metadata beside it; returns the number of facts."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, temporary = tempfile.mkstemp(prefix=".kzil-export-", suffix=".tmp", dir=directory)
        os.close(fd)
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # a file to share, as `> FILE` would make it
    except OSError as error:
        raise DataError(f"{shown(path)}: cannot write here: {error.strerror}") from None
    try:
        target = sqlite3.connect(temporary)
        try:
            store.connection.backup(target)
            count = _publishable(target, condition, parameters, about)
            target.execute("VACUUM")
        finally:
            target.close()
        with open(f"{path}.metadata.json.tmp", "w", encoding="utf-8") as file:
            json.dump(metadata, file, ensure_ascii=False, indent=2)
            file.write("\n")
        os.replace(f"{path}.metadata.json.tmp", f"{path}.metadata.json")
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as error:
        raise DataError(f"{shown(path)}: cannot write the database: {error}") from None
    finally:
        for left in (temporary, f"{path}.metadata.json.tmp"):
            with contextlib.suppress(OSError):
                os.unlink(left)
    return count


def _publishable(
    target: sqlite3.Connection, condition: str, parameters: Sequence[Any], about: Mapping[str, str]
) -> int:
    """Filter, add the folded search text and its index, and say what the file is."""
    target.execute("PRAGMA journal_mode = OFF")
    if condition:
        left_out = f'SELECT "position" FROM "facts" WHERE NOT ({condition})'
        target.execute(f'CREATE TEMP TABLE "left_out" AS {left_out}', parameters)
        for table in ("facts", "fact_json", "fact_search"):
            target.execute(f'DELETE FROM "{table}" WHERE "position" IN (SELECT "position" FROM "left_out")')
        for name, _, _ in schema.links():
            target.execute(f'DELETE FROM "{name}" WHERE "fact" IN (SELECT "position" FROM "left_out")')
    target.execute('ALTER TABLE "facts" ADD COLUMN "search" TEXT')
    target.execute(
        'UPDATE "facts" SET "search" = '
        '(SELECT "text" FROM "fact_search" WHERE "fact_search"."position" = "facts"."position")'
    )
    target.execute('DROP TABLE IF EXISTS "fact_fts"')  # the store's own search index, if it has one
    target.execute('DROP TABLE "fact_search"')
    target.execute(FTS)
    target.execute("""INSERT INTO "facts_fts" ("facts_fts") VALUES ('rebuild')""")
    (count,) = target.execute('SELECT count(*) FROM "facts"').fetchone()
    kept = ", ".join(f"'{key}'" for key in _PUBLIC_HEADER)
    target.execute(f'DELETE FROM "kzil_store" WHERE "key" NOT IN ({kept})')
    target.execute("""UPDATE "kzil_store" SET "value" = ? WHERE "key" = 'facts'""", (str(count),))
    target.execute('CREATE TABLE "about" ("key" TEXT PRIMARY KEY NOT NULL, "value" TEXT NOT NULL)')
    target.executemany('INSERT INTO "about" VALUES (?, ?)', sorted(about.items()))
    target.commit()
    return int(count)
