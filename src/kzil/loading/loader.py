"""Where fact-base files come from, and turning them into one validated FactBase."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kzil.errors import DataError, InvalidData, Problem
from kzil.loading import cache
from kzil.loading.files import fingerprint, shown
from kzil.model import FactBase

if TYPE_CHECKING:
    from kzil.loading.specs import FactLines


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are built.

    Parsing and unpickling create no reference cycles, but they trigger collection after
    collection: a 10,000-fact file composes in 0.36 s with it paused against 1.3-2.3 s without.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# A run that must parse more than this shows a status line on a terminal: about a second of work
# on a slow machine (kzil parses about 8 MB a second on the reference machine).
SLOW_PARSE_BYTES = 5_000_000

Progress = Callable[[str], AbstractContextManager[object]]


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


def data_paths(given: list[str] | None, environ: Mapping[str, str]) -> list[str]:
    """`--data` paths, else the KZIL_DATA paths (OS path separator), else the bundled base."""
    if given:
        return list(given)
    from_env = [part for part in environ.get("KZIL_DATA", "").split(os.pathsep) if part]
    return from_env or [bundled_path()]


def parse(
    paths: list[str], problems: list[Problem], progress: Progress | None = None
) -> tuple[FactBase, dict[str, FactLines]]:
    """Read, validate and merge the files; every problem found is appended to `problems`."""
    from kzil.loading.files import decode, read_bytes
    from kzil.loading.merge import merge
    from kzil.loading.parts import read_parts
    from kzil.loading.yamlnodes import compose

    parts = []
    with gc_paused():
        for path in paths:
            data = read_bytes(path)
            status: AbstractContextManager[object] = nullcontext()
            if progress is not None and len(data) > SLOW_PARSE_BYTES:
                status = progress(
                    f"Reading {shown(path)} ({len(data) / 1e6:.0f} MB) once; later runs use the cache"
                )
            with status:
                root = compose(decode(data, path), path)
                del data
                parts.append(read_parts(root, path, problems))
        merged = merge(parts, problems)
    # In file order, then line order, as a compiler would list them.
    order = {path: i for i, path in enumerate(paths)}
    problems.sort(key=lambda problem: (order.get(problem.file, len(order)), problem.line or 0))
    return merged


def load(
    paths: list[str],
    *,
    cache_dir: str | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> FactBase:
    """The validated fact base of `paths`; raises DataError or InvalidData.

    With a `cache_dir` (see `cache.directory`) and `use_cache`, a compiled copy is read when it
    is fresh and written after a parse.
    """
    fingerprints = [fingerprint(path) for path in paths]
    use_cache = use_cache and cache_dir is not None
    if use_cache:
        assert cache_dir is not None
        with gc_paused():
            cached = cache.read(cache_dir, fingerprints)
        if cached is not None:
            return cached
    problems: list[Problem] = []
    base, _ = parse(paths, problems, progress)
    if problems:
        raise InvalidData(problems, [] if paths == [bundled_path()] else [shown(p) for p in paths])
    if use_cache:
        assert cache_dir is not None
        cache.write(cache_dir, fingerprints, base)
    return base


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


def validate(paths: list[str], source_dir: str | None = None) -> Report:
    """Every problem of the files, merged; with a source directory, quotes are checked too."""
    from kzil.loading.files import decode, read_bytes
    from kzil.loading.merge import check_quotes

    problems: list[Problem] = []
    base, lines = parse(paths, problems)
    texts = source_texts(source_dir, base) if source_dir is not None else {}
    contents = {key: decode(read_bytes(path), path) for key, path in texts.items()}
    check_quotes(base, contents, lines, problems)
    unchecked = [key for key in base.sources if key not in texts] if source_dir is not None else []
    return Report(paths, problems, base, texts, unchecked)
