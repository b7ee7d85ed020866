"""kzil as a library: load a fact base, choose facts from it (`import kzil` exports these names).

    import kzil

    base = kzil.load()  # the bundled base; kzil.load("notes.yaml", ...) merges files instead
    water = kzil.Filters.parse(base, sectors=["вода"], statuses=["happened"])
    for fact in kzil.select(base, water):
        print(fact.date, fact.summary.en)

Imported only when one of these names is first used, so `import kzil` stays as cheap as the
version string.
"""

from __future__ import annotations

import os

from kzil.loading import loader
from kzil.model import Fact, FactBase
from kzil.query import Filters, select

__all__ = ["Fact", "FactBase", "Filters", "load", "select"]


def load(*paths: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None) -> FactBase:
    """The validated fact base of `paths`, merged in order (the bundled base when none is given).

    Raises `kzil.errors.DataError` for a file that cannot be read and `kzil.errors.InvalidData`
    (with every problem and its line) for one that breaks the rules. With `cache_dir`, a compiled
    copy is kept there and read back while the files are unchanged, as the command line does.
    """
    files = [os.fspath(path) for path in paths] or [loader.bundled_path()]
    return loader.load(files, cache_dir=os.fspath(cache_dir) if cache_dir is not None else None)
