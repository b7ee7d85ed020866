"""Running kzil in process with a fake environment: streams, variables, terminal facts and today.

`invoke` is the in-process twin of `conftest.run` (which spawns the installed console script):
use it wherever the process itself is not the subject of the test.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import NamedTuple

from kzil.cli import run
from kzil.cli.env import Env


class Result(NamedTuple):
    returncode: int
    stdout: str
    stderr: str
    out_bytes: bytes


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


def invoke(*args: str, env: Env) -> Result:
    """`kzil ARGS` in this process; the same Result as `conftest.run`.

    Click writes help and its own messages to `sys.stdout`/`sys.stderr`: they are pointed at the
    fake streams meanwhile, as Click's CliRunner does.
    """
    assert isinstance(env.stdout, _Stream) and isinstance(env.stderr, _Stream)
    with contextlib.redirect_stdout(env.stdout), contextlib.redirect_stderr(env.stderr):
        status = run(list(args), env)
    out, err = env.stdout.captured(), env.stderr.captured()
    return Result(status, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), out)
