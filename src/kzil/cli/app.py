"""The command line: parse arguments, load the fact base, hand the result to a renderer.

Commands are converted to Click lazily (only the one invoked), which keeps `kzil --version`
as fast as a one-command Typer app. Loading, querying and rendering live in their own modules.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from typer.core import TyperGroup

from kzil import __version__
from kzil.cli.env import Env
from kzil.cli.options import (
    FILTER_PARAMETERS,
    OUTPUT_PARAMETERS,
    TIMELINE_OUTPUT_PARAMETERS,
    Options,
    complete,
    prepared,
    with_options,
)
from kzil.errors import ExitStatus, KzilError, UsageError
from kzil.render import formats as emit

if TYPE_CHECKING:
    from kzil.model import Fact, FactBase
    from kzil.render.formats import Output

# --- the application ----------------------------------------------------------------------------


class Session(NamedTuple):
    env: Env
    data: list[str] | None
    use_cache: bool

    def paths(self) -> list[str]:
        from kzil.loading import loader

        return loader.data_paths(self.data, self.env.environ)

    def load(self) -> FactBase:
        """The fact base in use; a first parse of a large file shows a status line on a terminal."""
        from kzil.loading import cache, loader

        progress = None
        if self.env.stderr_isatty:
            stderr = self.env.stderr

            def progress(message: str) -> Any:
                from rich.console import Console
                from rich.text import Text  # the message holds a file name: never markup

                return Console(file=stderr, force_terminal=True).status(Text(message))

        cache_dir = cache.directory(self.env.environ) if self.use_cache else None
        return loader.load(self.paths(), cache_dir=cache_dir, progress=progress)

    def output(self, options: Options) -> Output:
        from kzil.render.formats import Output

        env = self.env
        return Output(env.out, env.stderr, lambda: env.terminal(options.color.value))


commands = typer.Typer()
QUESTIONS, REFERENCE, CURATING = "Questions", "Reference lists", "Curating the data"


class LazyGroup(TyperGroup):
    """Converts a command to Click only when it is invoked or listed in help."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(_registered())

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in _registered():
            from kzil.query import unknown

            raise unknown("command", name, {key: key for key in _registered()})
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from typer.main import get_command_from_info

        info = _registered().get(cmd_name)
        if info is None:
            return None
        return get_command_from_info(prepared(info), pretty_exceptions_short=True, rich_markup_mode="rich")


@functools.cache  # every command is registered when this module is imported
def _registered() -> dict[str, Any]:
    """Command name -> Typer's record of it, in the order the commands are defined."""
    return {
        info.name or getattr(info.callback, "__name__", "").replace("_", "-"): info
        for info in commands.registered_commands
    }


app = typer.Typer(
    cls=LazyGroup,
    name="kzil",
    help="Kazakhstan–Israel relations from the source: a verifiable fact base.\n\n"
    "Facts come from Israeli ambassador Yoav Bystritsky's interview with Trend (Baku, 2026-02-17); "
    "each carries a verbatim quote, a status and an honest date. Start with 'kzil timeline'.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        _env(ctx).out.write(f"kzil {__version__}\n".encode())
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            metavar="PATH",
            show_default=False,
            help="Fact-base YAML file to use instead of the bundled one; repeat to merge files. "
            "Default: the paths in KZIL_DATA (separated by the OS path separator), else the bundled base.",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Parse the YAML even if a compiled copy is fresh (also KZIL_NO_CACHE=1)."
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    env = _env(ctx)
    ctx.obj = Session(env, data, not no_cache and not env.flag("KZIL_NO_CACHE"))


def _env(ctx: typer.Context) -> Env:
    """The environment `run` handed to Click (the root's object until the root callback runs)."""
    obj = ctx.find_root().obj
    env = obj.env if isinstance(obj, Session) else obj
    assert isinstance(env, Env)
    return env


def _session(ctx: typer.Context) -> Session:
    session = ctx.find_root().obj
    assert isinstance(session, Session)
    return session


def _listing(
    ctx: typer.Context,
    options: Options,
    heading: Callable[[], str],
    narrow: Callable[[FactBase, list[Fact]], list[Fact]] | None = None,
) -> None:
    from kzil import query

    fmt = options.chosen_format()
    session = _session(ctx)
    base = session.load()
    chosen = query.select(base, options.filters(base))
    if narrow is not None:
        chosen = narrow(base, chosen)
    emit.facts(base, chosen, fmt, options.lang.value, session.output(options), heading)


def _count(n: int, lang: str) -> str:
    from kzil.i18n import word

    return word("fact_count", lang, n=n)


@commands.command(rich_help_panel=QUESTIONS)
@with_options(FILTER_PARAMETERS, TIMELINE_OUTPUT_PARAMETERS)
def timeline(
    ctx: typer.Context,
    options: Options,
    upcoming: Annotated[
        bool,
        typer.Option(
            "--upcoming", help="Only facts still ahead: starting after today, or spanning today and not done."
        ),
    ] = False,
    past: Annotated[
        bool, typer.Option("--past", help="Only facts whose whole span ended before today.")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            help="Take DATE (YYYY-MM-DD) as today, for reproducible reports (default: today).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The interview's events in true order: what happened, what holds, what is planned."""
    from kzil import dates, query
    from kzil import spans as order

    fmt = options.chosen_format()
    lang = options.lang.value
    if upcoming and past:
        raise UsageError("--upcoming and --past exclude each other; give one of them")
    try:
        now = dates.parse_iso_day(today).isoformat() if today else _env(ctx).today.isoformat()
    except dates.EdtfError as error:
        raise UsageError(f"{error} (in --today)") from None
    session = _session(ctx)
    base = session.load()
    chosen = query.select(base, options.filters(base))
    ordered, left_out = order.ordered(chosen)
    if upcoming:
        ordered = [fact for fact in ordered if order.is_upcoming(fact, now)]
    if past:
        ordered = [fact for fact in ordered if order.is_past(fact, now)]
    used = {fact.source for fact in chosen}
    markers = [order.Marker(s.published, "source", s.id) for s in base.sources.values() if s.id in used]
    markers.append(order.Marker(now, "today"))
    emit.timeline(base, ordered, markers, left_out, fmt, lang, session.output(options))


@commands.command(rich_help_panel=QUESTIONS)
@with_options(FILTER_PARAMETERS, OUTPUT_PARAMETERS)
def facts(ctx: typer.Context, options: Options) -> None:
    """All facts, narrowed by the filters."""
    _listing(ctx, options, heading=lambda: _FACTS_HEADING[options.lang.value])


_FACTS_HEADING = {"en": "Kazakhstan–Israel: facts", "ru": "Казахстан–Израиль: факты"}


@commands.command(rich_help_panel=QUESTIONS)
@with_options(FILTER_PARAMETERS, OUTPUT_PARAMETERS)
def sector(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="Sector id, name or alias (water, Water resources, вода).",
            autocompletion=complete("sector"),
        ),
    ],
    options: Options,
) -> None:
    """Facts of one sector, under the sector's name."""
    from kzil import query

    fmt = options.chosen_format()
    lang = options.lang.value
    session = _session(ctx)
    base = session.load()
    key = query.resolve(base, "sector", name)
    chosen = [fact for fact in query.select(base, options.filters(base)) if key in fact.sectors]
    heading = f"{base.sectors[key].name.get(lang)} · "
    emit.facts(base, chosen, fmt, lang, session.output(options), lambda: heading + _count(len(chosen), lang))


@commands.command(rich_help_panel=QUESTIONS)
@with_options(FILTER_PARAMETERS, OUTPUT_PARAMETERS)
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="TEXT...", help="Words that must all occur; any case, ё = е.")
    ],
    options: Options,
) -> None:
    """Facts whose summaries, quote, names or notes contain every word."""
    from kzil import query
    from kzil.text import typed

    text = typed(" ".join(words))
    if not text.split():
        raise UsageError("search needs at least one word")
    heading_text = f"«{text}»"

    def narrow(base: FactBase, chosen: list[Fact]) -> list[Fact]:
        return [fact for fact in chosen if query.matches_search(base, fact, (text,))]

    _listing(ctx, options, heading=lambda: heading_text, narrow=narrow)


@commands.command(rich_help_panel=QUESTIONS)
@with_options(FILTER_PARAMETERS, OUTPUT_PARAMETERS)
def entity(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Entity id, name or alias (bystritsky, Astana Hub, Токаев).",
            autocompletion=complete("entity"),
        ),
    ],
    options: Options,
) -> None:
    """One person, body, place or program, and the facts about it."""
    from kzil import query

    fmt = options.chosen_format()
    lang = options.lang.value
    session = _session(ctx)
    base = session.load()
    key = query.resolve(base, "entity", name)
    item = base.entities[key]
    chosen = [fact for fact in query.select(base, options.filters(base)) if key in fact.entities]
    heading = item.name.get(lang) + (f", {item.role.get(lang)}" if item.role else "")
    output = session.output(options)
    emit.facts(base, chosen, fmt, lang, output, lambda: f"{heading} · {_count(len(chosen), lang)}")


@commands.command(rich_help_panel=QUESTIONS)
@with_options(OUTPUT_PARAMETERS)
def show(
    ctx: typer.Context,
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A fact id, as listed by 'kzil facts'.", autocompletion=complete("fact")
        ),
    ],
    options: Options,
) -> None:
    """One fact in full: both summaries, the quote, status, date, names and citation."""
    from kzil import query

    fmt = options.chosen_format()
    lang = options.lang.value
    session = _session(ctx)
    base = session.load()
    emit.fact(base, query.resolve_fact(base, fact_id), fmt, lang, session.output(options))


# Each reference list: the record fields shown as columns (field, heading word), and its title word.
REFERENCE_LISTS = {
    "sectors": ([("id", "id"), ("name", "name"), ("aliases", "aliases"), ("facts", "facts")], "sectors"),
    "countries": (
        [("code", "id"), ("name", "name"), ("aliases", "aliases"), ("facts", "facts")],
        "countries",
    ),
    "entities": (
        [
            ("id", "id"),
            ("kind", "kind"),
            ("name", "name"),
            ("role", "role"),
            ("country", "country"),
            ("facts", "facts"),
        ],
        "entities",
    ),
    "sources": (
        [
            ("id", "id"),
            ("citation", "citation"),
            ("title", "title"),
            ("language", "language"),
            ("facts", "facts"),
        ],
        "source",
    ),
    "statuses": (
        [("symbol", "symbol"), ("id", "id"), ("label", "status"), ("meaning", "meaning"), ("facts", "facts")],
        "status",
    ),
}


def _reference(ctx: typer.Context, options: Options, kind: str) -> None:
    from kzil.i18n import word
    from kzil.render import records

    fmt = options.chosen_format()
    lang = options.lang.value
    session = _session(ctx)
    rows = records.reference(kind, session.load(), lang)
    columns, title = REFERENCE_LISTS[kind]
    emit.reference(rows, columns, word(title, lang).capitalize(), fmt, lang, session.output(options))


@commands.command(rich_help_panel=REFERENCE)
@with_options(OUTPUT_PARAMETERS)
def sectors(ctx: typer.Context, options: Options) -> None:
    """Every sector: id, name, aliases and number of facts."""
    _reference(ctx, options, "sectors")


@commands.command(rich_help_panel=REFERENCE)
@with_options(OUTPUT_PARAMETERS)
def countries(ctx: typer.Context, options: Options) -> None:
    """Every country the facts name: ISO code, name, aliases and number of facts."""
    _reference(ctx, options, "countries")


@commands.command(rich_help_panel=REFERENCE)
@with_options(OUTPUT_PARAMETERS)
def entities(ctx: typer.Context, options: Options) -> None:
    """Who and what the sources name: people, bodies, places and programs."""
    _reference(ctx, options, "entities")


@commands.command(rich_help_panel=REFERENCE)
@with_options(OUTPUT_PARAMETERS)
def sources(ctx: typer.Context, options: Options) -> None:
    """The sources of the facts, with their citation."""
    _reference(ctx, options, "sources")


@commands.command(rich_help_panel=REFERENCE)
@with_options(OUTPUT_PARAMETERS)
def statuses(ctx: typer.Context, options: Options) -> None:
    """What each status means, with its symbol and number of facts."""
    _reference(ctx, options, "statuses")


@commands.command(rich_help_panel=QUESTIONS)
@with_options(OUTPUT_PARAMETERS)
def overview(ctx: typer.Context, options: Options) -> None:
    """The shape of the fact base: a sector × status matrix and facts per year."""
    fmt = options.chosen_format()
    session = _session(ctx)
    emit.overview(session.load(), fmt, options.lang.value, session.output(options))


@commands.command(rich_help_panel=CURATING)
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Fact-base files, merged. Default: the data in use (--data, KZIL_DATA or bundled).",
            show_default=False,
        ),
    ] = None,
    source_dir: Annotated[
        str | None,
        typer.Option(
            "--source-dir",
            envvar="KZIL_SOURCE_DIR",
            metavar="DIR",
            help="Also check every quote verbatim against DIR/<source id>.*.txt.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as a JSON object.")] = False,
) -> None:
    """Check fact-base files: every problem as file:line: field: message; exit 1 if any."""
    from kzil.loading import loader
    from kzil.render import records
    from kzil.text import visible

    session = _session(ctx)
    report = loader.validate(list(paths) if paths else session.paths(), source_dir)
    if as_json:
        from kzil.render import machine as output

        output.json_value(session.env.out, records.validation(report))
    else:
        session.env.out.write(
            (
                "".join(f"{visible(str(problem), one_line=True)}\n" for problem in report.problems)
                + records.validation_summary(report)
                + "\n"
            ).encode()
        )
    if report.problems:
        raise typer.Exit(ExitStatus.ERROR)


@commands.command(rich_help_panel=CURATING)
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of fact-base files, for editors and the YAML language server."""
    from pathlib import Path

    _env(ctx).out.write((Path(__file__).parents[1] / "facts.schema.json").read_bytes())


# --- entry point --------------------------------------------------------------------------------


def main() -> None:
    """Run kzil; every error becomes one line on stderr and an exit status, never a traceback."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        # Die quietly when the reader of stdout goes away (`kzil timeline --json | head -c 10`),
        # as command-line tools written in C do; nothing kzil writes to a pipe needs cleaning up.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    status = run(sys.argv[1:])
    sys.exit(status)


def run(args: list[str], env: Env | None = None) -> int:
    """Run kzil with `args` in `env` (the real process when None); returns the exit status."""
    from kzil.render.formats import notice
    from kzil.text import visible

    env = env or Env.from_process()
    if env.stdout is None:  # started with stdout closed (`kzil ... >&-`)
        notice(env.stderr, "error: standard output is closed; redirect it to a file or to /dev/null")
        return ExitStatus.ERROR
    try:
        command = typer.main.get_command(app)
        result = command.main(args=args, prog_name="kzil", standalone_mode=False, obj=env)
        env.stdout.flush()
        return result if isinstance(result, int) else ExitStatus.OK
    except KzilError as error:
        notice(env.stderr, f"error: {error}")
        return error.exit_status
    except typer.TyperException as error:  # Click's usage errors: one line, not a usage screen
        message = visible(error.format_message(), one_line=True)
        context = getattr(error, "ctx", None)
        where = f"'{context.command_path} --help'" if context is not None else "'kzil --help'"
        notice(env.stderr, f"error: {message} (see {where})")
        return int(getattr(error, "exit_code", ExitStatus.USAGE))
    except (typer.Abort, KeyboardInterrupt):
        return 130
    except BrokenPipeError:  # pragma: no cover - only where SIGPIPE does not exist
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())
        return ExitStatus.ERROR
    except OSError as error:  # the environment, not kzil: a full disk, a closed descriptor
        notice(env.stderr, f"error: cannot write the output: {error.strerror or error}")
        return ExitStatus.ERROR
    except Exception as error:
        if env.flag("KZIL_DEBUG"):
            raise
        notice(
            env.stderr,
            f"internal error: {type(error).__name__}: {error}. This is a bug in kzil {__version__}: "
            "please report it, with the output of the same command run with KZIL_DEBUG=1",
        )
        return ExitStatus.ERROR
