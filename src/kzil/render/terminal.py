"""What kzil knows about where its output goes: a terminal or a pipe, colours, width, encoding.

Decided once per run from the injected environment (`kzil.cli.env.Env`), then passed around as a
value, so tests can ask for a terminal or a pipe of any width without touching the real streams.
"""

import re
from collections.abc import Mapping
from typing import NamedTuple

from kzil.text import visible

DEFAULT_WIDTH = 80  # the width of a table sent to a pipe when COLUMNS says nothing


class Terminal(NamedTuple):
    is_tty: bool  # stdout is a terminal
    stderr_is_tty: bool
    color: bool
    width: int  # the width to aim for; a table never gets narrower than its longest words
    encoding: str


def _columns(environ: Mapping[str, str]) -> int | None:
    value = environ.get("COLUMNS", "").strip()
    # ASCII digits only: `str.isdigit` also accepts `²` and `①` (which `int` refuses) and `٣`
    # (which `int` reads as 3); any of them means COLUMNS says nothing.
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else None


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


def detect(
    choice: str,
    is_tty: bool,
    stderr_is_tty: bool,
    columns: int | None,
    encoding: str,
    environ: Mapping[str, str],
) -> Terminal:
    """The terminal facts of a run: COLUMNS wins over the terminal's own width."""
    return Terminal(
        is_tty=is_tty,
        stderr_is_tty=stderr_is_tty,
        color=wants_color(choice, is_tty, environ),
        width=_columns(environ) or columns or DEFAULT_WIDTH,
        encoding=encoding.lower(),
    )


# The colour codes Rich writes for kzil's own styles (the "standard" colour system): Select Graphic
# Rendition only, which changes colours and weight and cannot move the cursor or retitle a window.
_SGR = "(\x1b\\[[0-9;]*m)"  # compiled on first use, by re's cache: 0.04 ms off every start


def guarded(rendered: str, color: bool) -> str:
    """The last guard before a terminal, for every human view whatever renders it: any control,
    bidirectional or invisible character left in the text is shown as an escape (`\\x1b`); with
    colour, the colour codes themselves pass. Data is made visible before it is laid out (so
    widths are right); this only catches what a renderer forgot."""
    if not color:
        return visible(rendered)
    return "".join(part if i % 2 else visible(part) for i, part in enumerate(re.split(_SGR, rendered)))
