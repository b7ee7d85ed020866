"""What every command needs from the run: the injected environment and the fact base in use."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from kzil.cli.env import Env

if TYPE_CHECKING:
    from kzil.cli.options import Options
    from kzil.model import FactBase
    from kzil.render.formats import Output


class Session(NamedTuple):
    env: Env
    data: list[str] | None
    use_cache: bool

    def paths(self) -> list[str]:
        from kzil.loading import loader

        return loader.data_paths(self.data, self.env.environ)

    def load(self) -> "FactBase":
        """The fact base in use; a long first run shows a status line on a terminal."""
        from kzil.loading import cache, loader

        cache_dir = cache.directory(self.env.environ) if self.use_cache else None
        return loader.load(self.paths(), cache_dir=cache_dir, progress=self.progress(), debug=self.debug())

    def progress(self) -> Callable[[str], Any] | None:
        """On a terminal, a way to show a status line while a long phase of a first run works."""
        if not self.env.stderr_isatty:
            return None
        stderr = self.env.stderr

        def progress(message: str) -> Any:
            from rich.console import Console
            from rich.text import Text  # the message holds a file name: never markup

            return Console(file=stderr, force_terminal=True).status(Text(message))

        return progress

    def debug(self) -> Callable[[str], None] | None:
        """With KZIL_DEBUG set, a way to say on stderr what kzil decided and why."""
        if not self.env.flag("KZIL_DEBUG"):
            return None
        stderr = self.env.stderr

        def debug(message: str) -> None:
            from kzil.render.formats import notice

            notice(stderr, f"debug: {message}")

        return debug

    def output(self, options: "Options") -> "Output":
        from kzil.render.formats import Output

        env = self.env
        return Output(
            env.out,
            env.stderr,
            lambda: env.terminal(options.color),
            guard_formulas=options.formula_guard,
            fields=options.chosen_fields(),
            names=options.names,
        )


TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        help="Take DATE (YYYY-MM-DD) as today, for reproducible reports (default: today).",
        show_default=False,
    ),
]


def today_of(ctx: typer.Context, given: str | None) -> str:
    """`--today DATE` (YYYY-MM-DD) as ISO, or the environment's today; UsageError if malformed."""
    from kzil import dates
    from kzil.errors import UsageError

    if given is None:
        return env_of(ctx).today.isoformat()
    try:
        return dates.parse_iso_day(given).isoformat()
    except dates.EdtfError as error:
        raise UsageError(f"{error} (in --today)") from None


def env_of(ctx: typer.Context) -> Env:
    """The environment `run` handed to Click (the root's object until the root callback runs)."""
    obj = ctx.find_root().obj
    env = obj.env if isinstance(obj, Session) else obj
    assert isinstance(env, Env)
    return env


def session_of(ctx: typer.Context) -> Session:
    session = ctx.find_root().obj
    assert isinstance(session, Session)
    return session
