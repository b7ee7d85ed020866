"""The one value that stands for the world outside kzil: streams, environment, terminal facts, today.

Built once per run by `run` (from the real process, or handed in by a test) and passed down;
nothing below the CLI reads `sys.stdout`, `os.environ` or `date.today()` itself, so the whole
program runs in process against a fake terminal or pipe (as httpie's `Environment` does).
"""

import os
import sys
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, TextIO

if TYPE_CHECKING:
    from kzil.render.terminal import Terminal


def isatty(stream: TextIO | None) -> bool:
    """Whether a stream is a terminal; a closed or missing stream (`2>&-`) is not. Here, not in
    `kzil.render.terminal`, which only human formats need: importing it (and `kzil.text`) cost
    every run 0.3 ms of -X importtime."""
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


class Env(NamedTuple):
    stdout: TextIO | None  # None: started with stdout closed (`kzil ... >&-`)
    stderr: TextIO | None  # None: started with stderr closed
    environ: Mapping[str, str]
    stdout_isatty: bool
    stderr_isatty: bool
    columns: int | None  # the terminal's own width, when stdout is one
    today: date

    @classmethod
    def from_process(cls) -> "Env":
        stdout, stderr = sys.stdout, sys.stderr
        is_tty = isatty(stdout)
        columns = None
        if is_tty:
            try:
                columns = os.get_terminal_size(stdout.fileno()).columns or None
            except (OSError, ValueError, AttributeError):
                columns = None
        return cls(stdout, stderr, os.environ, is_tty, isatty(stderr), columns, date.today())

    @property
    def out(self) -> BinaryIO:
        assert self.stdout is not None  # `run` refuses to start without one
        return self.stdout.buffer

    def flag(self, name: str) -> bool:
        """An on/off variable such as KZIL_NO_CACHE: set to anything but empty or 0."""
        return self.environ.get(name, "") not in ("", "0")

    def terminal(self, color: str = "auto") -> "Terminal":
        """Where human output goes: a terminal or a pipe, its width, colours and encoding."""
        from kzil.render.terminal import detect

        encoding = getattr(self.stdout, "encoding", None) or "utf-8"
        return detect(color, self.stdout_isatty, self.stderr_isatty, self.columns, encoding, self.environ)
