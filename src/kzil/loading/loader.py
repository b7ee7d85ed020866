"""Where fact-base files come from, and turning them into one validated FactBase."""

import contextlib
import gc
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kzil import __version__
from kzil.errors import DataError, InvalidData, Problem
from kzil.loading import schema
from kzil.loading.cache import WRITING, Cache, entry_name
from kzil.loading.entries import cached, indexed_copy, inputs
from kzil.loading.files import SLOW_PARSE_BYTES, shown
from kzil.loading.store import Store, StoreDamaged
from kzil.model import FactBase

if TYPE_CHECKING:
    import sqlite3

    from kzil.loading.cache import Temporary
    from kzil.loading.compose import Problems
    from kzil.loading.facts import FactLines
    from kzil.loading.forked import ForkedWriter
    from kzil.loading.writer import Writer


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are built.

    Parsing creates no reference cycles, but it triggers collection after collection: a
    10,000-fact file composes in 0.36 s with it paused against 1.3-2.3 s without.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = ["SLOW_PARSE_BYTES", "Report", "bundled_path", "data_paths", "load", "validate"]

Progress = Callable[[str], AbstractContextManager[object]]
Debug = Callable[[str], None]


def bundled_path() -> str:
    """The fact base shipped inside the package.

    The package directory is found from `__file__`, which is what `importlib.resources` returns
    for an installed package on disk; importing `importlib.resources` itself costs about 20 ms,
    a third of kzil's start-up. An editable install or a source checkout reads the repository's
    `data/facts.yaml`; importlib.resources remains the way in for anything else (e.g. a zip).
    """
    package = Path(__file__).parents[1]
    for candidate in (package / "data" / "facts.yaml", package.parents[1] / "data" / "facts.yaml"):
        if candidate.is_file():
            return str(candidate)
    from importlib.resources import files  # pragma: no cover - zip or other unusual installs

    return str(files("kzil").joinpath("data/facts.yaml"))  # pragma: no cover


# Stands for the bundled base among data paths, so that a user's own file can be read with it
# (`kzil --data @bundled --data mine.yaml track`); a file really named so is `./@bundled`.
BUNDLED = "@bundled"


def resolve(paths: list[str]) -> list[str]:
    """The paths with `@bundled` replaced by the bundled base's path."""
    return [bundled_path() if path == BUNDLED else path for path in paths]


def data_paths(given: list[str] | None, environ: Mapping[str, str]) -> list[str]:
    """`--data` paths, else the KZIL_DATA paths (OS path separator), else the bundled base."""
    if given:
        return resolve(list(given))
    from_env = [part for part in environ.get("KZIL_DATA", "").split(os.pathsep) if part]
    return resolve(from_env) or [bundled_path()]


class Compiled(NamedTuple):
    """The outcome of reading files into a store."""

    store: Store
    problems: list[Problem]
    lines: "dict[str, FactLines]"  # where each fact is, when asked for (`validate` checks quotes)


def compile_files(
    paths: list[str],
    cache: Cache | None = None,
    progress: Progress | None = None,
    *,
    keep_lines: bool = False,
) -> Compiled:
    """Read, validate and merge the files into a new store: the cache's next entry when there is
    a cache (published only when the data is valid), else a private temporary database."""
    import sqlite3

    from kzil.loading import stream
    from kzil.loading.compose import Problems
    from kzil.loading.merging import Merger

    name = entry_name(paths)
    temporary = cache.create(name) if cache is not None else None
    written = temporary is not None  # the cache directory takes a new entry
    published = False
    connection = temporary.connection if temporary is not None else sqlite3.connect("")
    problems = Problems()  # the first thousands; a file of nothing but mistakes is not kept whole
    progress = progress if progress is not None and _total_bytes(paths) > SLOW_PARSE_BYTES else None
    writer: Writer | ForkedWriter | None = None
    try:
        with gc_paused():
            writer = _writer(temporary, connection, cache if _total_bytes(paths) >= FORK_FROM else None)
            merger = Merger(writer, keep_lines=keep_lines)
            fingerprints = [stream.read_file(path, merger, problems, progress) for path in paths]
            with _phase(progress, "Checking the names the facts use, across files"):
                merger.finish(problems)
            header = {"format": str(schema.FORMAT), "schema": schema.schema_id(), "kzil": __version__}
            saving = "Saving a compiled copy; later runs use it" if written else "Indexing the facts"
            with _phase(progress, saving):
                writer.finish(merger.definitions(), {**header, "inputs": inputs(fingerprints)})
                if cache is not None and temporary is not None and not problems and None not in fingerprints:
                    cache.publish(temporary)
                    temporary, published = None, True
    except BaseException:
        if cache is not None and temporary is not None:
            cache.discard(temporary.path)
        raise
    finally:
        if writer is not None:
            writer.close()  # a forked writer's child is gone, whatever happened
    _in_order(problems, paths)
    if cache is not None and temporary is not None:  # invalid, or a file changed while it was read
        cache.discard(temporary.path)
    return Compiled(_store(connection, cache, name, written, published), problems, merger.lines)


def _store(
    connection: "sqlite3.Connection", cache: Cache | None, name: str, written: bool, published: bool
) -> Store:
    """The store just compiled; the cache entry `name` it is, when it was written (and published)."""
    discard = (lambda: cache.discard(name)) if cache is not None and written else None
    indexer = (
        (lambda old, index: indexed_copy(cache, name, old, index))
        if cache is not None and published
        else None
    )
    return Store(connection, discard, indexer)


def _in_order(problems: "Problems", paths: list[str]) -> None:
    """In file order, then line order, as a compiler would list them."""
    order = {path: i for i, path in enumerate(paths)}
    problems.sort(key=lambda problem: (order.get(problem.file, len(order)), problem.line or 0))
    problems.note(problems[-1].file if problems else paths[-1])


# From this much YAML a first run stores its facts in a child process (`forked`), which takes
# about 10 ms to start: 1 MB is some 800 facts, about 0.1 s of storing to overlap.
FORK_FROM = 1_000_000


def _writer(
    temporary: "Temporary | None", connection: "sqlite3.Connection", cache: Cache | None
) -> "Writer | ForkedWriter":
    """Where the facts are stored: a child process writes a cache file, where it can (`forked`)."""
    from kzil.loading import forked
    from kzil.loading.writer import Writer

    if cache is not None and temporary is not None and forked.available():
        with contextlib.suppress(OSError):  # no process to be had (a limit, no memory): stored here
            return forked.ForkedWriter(cache.where(temporary.path), WRITING)
    return Writer(connection)


def _total_bytes(paths: list[str]) -> int:
    """How much a first run reads: what decides whether it is long enough for a status line."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):  # reading the file says what is wrong with it
            total += os.stat(path).st_size
    return total


def _phase(progress: Progress | None, message: str) -> AbstractContextManager[object]:
    """A status line for one phase of a long first run (parse, merge, store), on a terminal."""
    return progress(message) if progress is not None else contextlib.nullcontext()


def load(
    paths: list[str],
    *,
    cache_dir: str | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    debug: Debug | None = None,
) -> FactBase:
    """The validated fact base of `paths`; raises DataError or InvalidData.

    With a `cache_dir` (see `cache.directory`) and `use_cache`, the compiled store is read when
    it is fresh and written after a parse; the facts stay in the store until a query reads them.
    """
    cache = Cache.open(cache_dir, debug) if use_cache and cache_dir is not None else None
    if cache is not None:
        store = cached(cache, paths)
        if store is not None:
            try:
                return store.base()
            except StoreDamaged:
                pass
    compiled = compile_files(paths, cache, progress)
    if compiled.problems:
        hints = [] if paths == [bundled_path()] else [shown(p) for p in paths]
        raise InvalidData(compiled.problems, hints)
    return compiled.store.base()


class Report(NamedTuple):
    """What `kzil validate` found."""

    files: list[str]
    problems: list[Problem]
    base: FactBase
    texts: dict[str, str]  # source id -> path of the text its quotes were checked against
    unchecked: list[str]  # source ids with no text in the source directory


def source_texts(directory: str, base: FactBase) -> dict[str, str]:
    """Source id -> `DIR/<id>.<anything>.txt`, preferring the file named for its language."""
    try:
        names = sorted(os.listdir(directory))
    except OSError as error:
        raise DataError(f"{shown(directory)}: cannot list the source directory: {error.strerror}") from None
    found: dict[str, str] = {}
    for key, source in base.sources.items():
        matching = [name for name in names if name.startswith(key + ".") and name.endswith(".txt")]
        preferred = [name for name in matching if name == f"{key}.{source.language}.txt"]
        if matching:
            found[key] = os.path.join(directory, (preferred or matching)[0])
    return found


class SourceText(NamedTuple):
    """A source's text as read from the source directory."""

    path: str
    text: str
    version: Problem | None  # said when the file is not the version the source records


def read_texts(directory: str, base: FactBase) -> dict[str, SourceText]:
    """Source id -> its text in `directory`, for the sources that have one there."""
    from kzil.loading.files import decode, read_bytes
    from kzil.loading.provenance import version_problem

    found: dict[str, SourceText] = {}
    for key, path in source_texts(directory, base).items():
        data = read_bytes(path)
        found[key] = SourceText(path, decode(data, path), version_problem(base.sources[key], path, data))
    return found


def validate(paths: list[str], source_dir: str | None = None, progress: Progress | None = None) -> Report:
    """Every problem of the files, merged; with a source directory, each text's version is
    checked against the one recorded, then every quote against its text."""
    from kzil.loading.merge import check_quotes

    compiled = compile_files(paths, progress=progress, keep_lines=True)
    problems, lines, base = compiled.problems, compiled.lines, compiled.store.base()
    texts = read_texts(source_dir, base) if source_dir is not None else {}
    problems += [text.version for text in texts.values() if text.version is not None]
    long_run = progress if progress is not None and texts and _total_bytes(paths) > SLOW_PARSE_BYTES else None
    with _phase(long_run, "Checking every quote against its source text"):
        check_quotes(base, {key: text.text for key, text in texts.items()}, lines, problems)
    unchecked = [key for key in base.sources if key not in texts] if source_dir is not None else []
    return Report(paths, problems, base, {key: text.path for key, text in texts.items()}, unchecked)
