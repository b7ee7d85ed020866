"""What kzil knows about where its output goes: a terminal or a pipe, colours, width, encoding.

Decided once per run from the streams and the environment, then passed around as a value, so
tests can ask for a terminal or a pipe of any width without touching the real streams.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import NamedTuple, TextIO

DEFAULT_WIDTH = 80  # the width of a table sent to a pipe when COLUMNS says nothing


class Terminal(NamedTuple):
    is_tty: bool  # stdout is a terminal
    stderr_is_tty: bool
    color: bool
    width: int  # the width to aim for; a table never gets narrower than its longest words
    encoding: str


def _columns(environ: Mapping[str, str]) -> int | None:
    value = environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def wants_color(choice: str, is_tty: bool, environ: Mapping[str, str]) -> bool:
    """`--color` first, then NO_COLOR, FORCE_COLOR (0 means no) and TERM=dumb, then the TTY."""
    if choice == "always":
        return True
    if choice == "never" or environ.get("NO_COLOR", ""):
        return False
    force = environ.get("FORCE_COLOR")
    if force is not None and force != "":
        return force != "0"
    if environ.get("TERM", "") == "dumb":
        return False
    return is_tty


def isatty(stream: TextIO | None) -> bool:
    """Whether a stream is a terminal; a closed or missing stream (`2>&-`) is not."""
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def detect(
    choice: str = "auto",
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Terminal:
    out = stdout or sys.stdout
    is_tty = isatty(out)
    width = _columns(environ)
    if width is None and is_tty:
        try:
            width = os.get_terminal_size(out.fileno()).columns or None
        except (OSError, ValueError, AttributeError):
            width = None
    return Terminal(
        is_tty=is_tty,
        stderr_is_tty=isatty(stderr or sys.stderr),
        color=wants_color(choice, is_tty, environ),
        width=width or DEFAULT_WIDTH,
        encoding=(getattr(out, "encoding", None) or "utf-8").lower(),
    )
