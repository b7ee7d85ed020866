"""Completion candidates: the names a user may type for a sector, a country, a fact, ...

Apart from `completion.py` (the shells' protocols): every command declares its callbacks when it is
registered, at each start, while the protocols are needed only when completing. Loading them with
the callbacks cost about 0.8 ms of `kzil --version` (-X importtime: completion.py and shlex).
"""

# No `from __future__ import annotations`: Typer reads the signature of each completion callback
# when it builds a command, and evaluating it from strings cost building `sector` 0.25 ms more
# (in process, best of 10 x 30 builds: 1.54 ms against 1.28 ms).
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from kzil.model import FactBase

# --- candidates: names as users may type them ----------------------------------------------------


def _completion_base(ctx: typer.Context) -> "FactBase | None":
    """The fact base in effect on the line being completed: its `--data`, else the environment's
    (with the assignments written before the command, where the shell passes them)."""
    from kzil.cli.env import Env
    from kzil.loading import cache, loader

    root = ctx.find_root()
    env = root.obj if isinstance(root.obj, Env) else None
    if env is None:
        return None
    try:
        paths = loader.data_paths(root.params.get("data"), env.environ)
        return loader.load(paths, cache_dir=cache.directory(env.environ))
    except Exception:  # completion must never print a traceback into the shell
        return None


def complete(kind: str) -> Callable[[typer.Context, str], list[str]]:
    """The completion callback of an argument or option naming a `kind` (sector, fact, ...)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from kzil.text import first_unsafe

        base = _completion_base(ctx)
        if base is None:
            return []
        from kzil.model import KINDS, STATUSES

        if kind == "fact":
            names: list[str] = list(base.by_id)
        elif KINDS[kind].by_name:  # ids and aliases
            table = base.named(kind)
            names = list(dict.fromkeys(name for key, item in table.items() for name in (key, *item.aliases)))
        elif KINDS[kind].table is None:  # statuses
            names = list(STATUSES)
        else:
            names = list(base.table(kind))
        start = incomplete.casefold()
        # A candidate is printed to the shell and shown in its menu: one holding a control,
        # bidirectional or invisible character could drive the terminal, and cannot be typed.
        return [name for name in names if name.casefold().startswith(start) and first_unsafe(name) is None]

    return complete
