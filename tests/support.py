"""What the tests share: paths, a small valid fact base, stored renderings, two ways to run kzil.

- `invoke(*args, env=fake_env(tmp, {...}, tty=..., columns=..., today=...))` runs kzil in this
  process against a fake terminal or pipe. Use it (or the `cli` fixture) wherever the process
  itself is not the subject of the test.
- `run(*args, env=clean_env(tmp, {...}))` spawns the installed console script (the `kzil` fixture):
  only for ttys, closed descriptors, signals, locales, which modules get imported, and one smoke
  test per command (`test_smoke.py`).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from unittest import mock

import pytest
import yaml

from kzil.cli import run as run_kzil
from kzil.cli.env import Env
from kzil.model import Fact, Text

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "facts.yaml"
EXPECTED = Path(__file__).parent / "expected"
KZIL = Path(sys.executable).with_name("kzil.exe" if os.name == "nt" else "kzil")
SOURCE_DIRS = [
    Path(p) for p in [os.environ.get("KZIL_SOURCE_DIR", ""), str(ROOT.parent / "shared" / "sources")] if p
]
# A limit on a child process only catches a hang: CI is a loaded 2-core machine, where a normal
# run can take seconds of wall time. No test depends on how fast kzil is (see benchmarks/).
HANG_SECONDS = 120.0


class Result(NamedTuple):
    returncode: int
    stdout: str
    stderr: str
    out_bytes: bytes


class Kzil(Protocol):
    """`kzil("sector", "water", "--json", extra_env={...})` -> Result: the `cli` and `kzil` fixtures."""

    def __call__(self, *args: str, extra_env: Mapping[str, str] | None = None) -> Result: ...


# --- the installed console script, in a child process -------------------------------------------


def clean_env(tmp: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A predictable environment: own cache and home, no kzil or colour settings from outside."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("KZIL_", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_", "PYTHONIOENCODING")
        )
    }
    env.update(
        {
            "XDG_CACHE_HOME": str(tmp / "cache"),
            "HOME": str(tmp / "home"),
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm",
        }
    )
    env.update(extra or {})
    return env


def run(
    *args: str,
    env: Mapping[str, str],
    stdin: bytes | None = None,
    timeout: float = HANG_SECONDS,
    cwd: Path | None = None,
) -> Result:
    completed = subprocess.run(
        [str(KZIL), *args], env=dict(env), input=stdin, capture_output=True, timeout=timeout, cwd=cwd
    )
    return Result(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
        completed.stdout,
    )


# --- in this process, with a fake environment ---------------------------------------------------


class _Stream(io.TextIOWrapper):
    """A text stream over bytes that says whether it is a terminal, as a real one would."""

    def __init__(self, tty: bool, encoding: str) -> None:
        super().__init__(io.BytesIO(), encoding=encoding, errors="strict", write_through=True)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def captured(self) -> bytes:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue()


def fake_env(
    tmp: Path,
    environ: Mapping[str, str] | None = None,
    *,
    tty: bool = False,
    stderr_tty: bool = False,
    columns: int | None = None,
    today: date = date(2026, 2, 17),
    encoding: str = "utf-8",
) -> Env:
    """An environment with its own cache, no kzil or colour variables but those given."""
    variables = {"XDG_CACHE_HOME": str(tmp / "cache"), "HOME": str(tmp / "home"), "TERM": "xterm"}
    variables.update(environ or {})
    return Env(
        stdout=_Stream(tty, encoding),
        stderr=_Stream(stderr_tty, encoding),
        environ=variables,
        stdout_isatty=tty,
        stderr_isatty=stderr_tty,
        columns=columns if tty else None,
        today=today,
    )


@contextlib.contextmanager
def _process_seen_by_click(env: Env) -> Iterator[None]:
    """Click and Typer's help read `sys.stdout`, `sys.stderr` and `os.environ` themselves (option
    envvars such as KZIL_LANG, shell completion, help width): point them at the fake environment
    meanwhile, as Click's CliRunner does. kzil's own code reads only `env`."""
    assert isinstance(env.stdout, _Stream) and isinstance(env.stderr, _Stream)
    with (
        mock.patch.dict(os.environ, env.environ, clear=True),
        contextlib.redirect_stdout(env.stdout),
        contextlib.redirect_stderr(env.stderr),
    ):
        yield


def invoke(*args: str, env: Env) -> Result:
    """`kzil ARGS` in this process; the same Result as `run`."""
    assert isinstance(env.stdout, _Stream) and isinstance(env.stderr, _Stream)
    with _process_seen_by_click(env):
        try:
            status = run_kzil(list(args), env)
        except SystemExit as done:  # shell completion ends the process as soon as it has answered
            status = done.code if isinstance(done.code, int) else 0
    out, err = env.stdout.captured(), env.stderr.captured()
    return Result(status, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), out)


# --- data ---------------------------------------------------------------------------------------

# A small fact base with its own source text (written for the tests, not an article): one
# sentence split into clauses, one waived, a quote in direct speech.
COVERAGE_FIXTURE = Path(__file__).parent / "fixtures" / "coverage"


SOURCE_ID = "trend-2026-02-17"  # the interview the bundled facts quote


def source_text() -> str:
    """The interview's text (skips the test where it is not at hand)."""
    for directory in SOURCE_DIRS:
        path = directory / f"{SOURCE_ID}.ru.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip(
        f"the interview text {SOURCE_ID}.ru.txt is not in {' or '.join(map(str, SOURCE_DIRS))}; "
        "set KZIL_SOURCE_DIR to the directory that holds it"
    )


def write(tmp_path: Path, text: str | bytes, name: str = "facts.yaml") -> str:
    """A fact-base file in `tmp_path` (text as UTF-8, bytes as they are); its path."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


class BigBase(NamedTuple):
    path: Path  # a valid fact base just over the size that shows "Reading ..." on a terminal
    data: dict[str, Any]  # what it holds


def big_base(directory: Path, facts: int = 4600) -> BigBase:
    """A synthetic fact base (benchmarks/synthetic.py, seeded) over `loader.SLOW_PARSE_BYTES`."""
    from benchmarks.synthetic import SEED, write_base

    from kzil.loading.loader import SLOW_PARSE_BYTES

    real = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    path, _ = write_base(real, facts, SEED, directory)
    assert path.stat().st_size > SLOW_PARSE_BYTES, "the synthetic facts got smaller: raise `facts`"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return BigBase(path, data)


def problems(tmp_path: Path, text: str | bytes, *more: str | bytes) -> list[str]:
    """The problems `kzil validate` would print, with the temporary directory left out."""
    from kzil.loading import loader

    paths = [write(tmp_path, text)] + [
        write(tmp_path, extra, f"more{i}.yaml") for i, extra in enumerate(more)
    ]
    report = loader.validate(paths)
    return [str(problem).replace(str(tmp_path) + "/", "") for problem in report.problems]


def change(old: str, new: str) -> str:
    """VALID with `old` replaced by `new` (which must be there)."""
    assert old in VALID
    return VALID.replace(old, new, 1)


def expect_same(name: str, actual: str) -> None:
    """Compare with a stored rendering; KZIL_UPDATE_EXPECTED=1 rewrites it after a deliberate change."""
    path = EXPECTED / name
    # As bytes: CSV's CRLF line ends are part of what is compared.
    if os.environ.get("KZIL_UPDATE_EXPECTED") == "1":
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


# Every command, as `kzil --help` lists them (in no particular order).
COMMANDS = [
    "facts",
    "sector",
    "sectors",
    "countries",
    "show",
    "search",
    "entities",
    "entity",
    "sources",
    "statuses",
    "overview",
    "timeline",
    "track",
    "validate",
    "coverage",
    "schema",
    "export",
]

# The sectors the interview covers: the bundled base must define each.
REQUIRED_SECTORS = [
    "diplomacy",
    "economy",
    "water",
    "food",
    "cyber",
    "digital",
    "ai",
    "energy",
    "mining",
    "tourism",
    "aviation",
    "visas",
]

# The smallest valid fact base: one of each table, one fact.
VALID = """\
version: 1
sources:
  src-1:
    outlet: Trend
    kind: interview
    published: 2026-02-17
    place: {en: Baku, ru: Баку}
    language: ru
    speaker: someone
    title: {en: Title, ru: Заголовок}
sectors:
  water:
    name: {en: Water resources, ru: Водные ресурсы}
    aliases: [вода]
countries:
  KZ:
    name: {en: Kazakhstan, ru: Казахстан}
entities:
  someone:
    kind: person
    name: {en: Some One, ru: Некто}
facts:
  - id: fact-one
    source: src-1
    quote: "quoted words"
    summary: {en: A summary., ru: Кратко.}
    status: happened
    date: 2025-11
    date_text: {en: November 2025, ru: в ноябре 2025 года}
    sectors: [water]
    countries: [KZ]
    entities: [someone]
"""


def a_fact(fact_id: str, status: str = "happened", date: str | None = None, **fields: Any) -> Fact:
    """A fact for the tests of the pieces: source "s", quote "q", its id as its summary and date
    text, the span `dates.bounds` gives its date, as of 17 February 2026; other fields by name."""
    from kzil import dates

    text = Text(fact_id, fact_id)
    start, end = dates.bounds(date) if date else (None, None)
    made = Fact(
        fact_id,
        "s",
        "q",
        text,
        status,
        date,
        text if date else None,
        start,
        end,
        False,
        (),
        (),
        (),
        None,
        "2026-02-17",
    )
    return made._replace(**fields)
