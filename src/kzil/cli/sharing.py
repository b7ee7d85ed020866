"""How commands share options: groups of Typer parameters added when the lazy group builds a command.

See `options.py` for the groups kzil has and how a command declares them. This module knows
nothing of kzil's options: a group is any function whose parameters Typer can read, whose body
records its values with `gathered(ctx)`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import typer

_GATHERED = "kzil.options"  # the key of the gathered values in the context's `meta`


def gathered(ctx: typer.Context) -> dict[str, Any]:
    """The values the groups of the running command recorded (a dict the groups update)."""
    values: dict[str, Any] = ctx.meta.setdefault(_GATHERED, {})
    return values


# --- how a command gets groups ------------------------------------------------------------------

Group = Callable[..., None]
F = TypeVar("F", bound=Callable[..., None])

_SHARED: dict[Callable[..., None], tuple[Group, ...]] = {}


def shared(*groups: Group) -> Callable[[F], F]:
    """Give a command the options of `groups`, shown after its own; it reads them with `options_of(ctx)`.

    Only recorded here: the options are added by `add_shared` when the lazy group builds the
    command, so start-up does not pay for the commands that are not run.
    """

    def decorate(command: F) -> F:
        _SHARED[command] = groups
        return command

    return decorate


class Command(Protocol):
    """What `add_shared` touches of the Click command Typer builds: its parameters and callback."""

    params: list[Any]
    callback: Callable[..., Any] | None


C = TypeVar("C", bound=Command)


def add_shared(command: C, callback: Callable[..., Any] | None) -> C:
    """A Click decorator: `command` (built from `callback`) with the options of its shared groups.

    Each group's parameters are converted by Typer from the group function, exactly as a command's
    own would be; when the command runs, each group takes its values and the command the rest.
    """
    groups = [_converted(group) for group in _SHARED.get(callback, ())] if callback else []
    inner = command.callback
    if not groups or inner is None:
        return command

    def with_groups(**values: Any) -> Any:
        for group in groups:
            assert group.callback is not None
            group.callback(**{param.name: values.pop(param.name) for param in group.params})
        return inner(**values)

    command.params.extend(param for group in groups for param in group.params)
    command.callback = with_groups
    return command


@functools.cache
def _converted(group: Group) -> Command:
    """The group function as Typer converts a one-command app: its options and value convertors."""
    app = typer.Typer(add_completion=False)
    app.command()(group)
    return typer.main.get_command(app)
