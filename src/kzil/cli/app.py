"""The command line: the Typer app, its root options, and `run`/`main`.

Commands live in `questions`, `reference` and `curating`; a run imports only the module of the
command it invokes (`registry.COMMANDS`) and converts only that command to Click, which keeps
`kzil --version` as fast as a one-command Typer app.
Loading, querying and rendering live in their own packages.
"""

# No `from __future__ import annotations`: Typer reads the root callback's annotations (and
# `_version`'s) on every run; evaluating them from strings made building the root group take
# 1.05 ms instead of 0.49 ms (in process, the first build, medians of 3 runs).
import contextlib
import copy
import functools
import importlib
import os
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from kzil import __version__
from kzil.cli.env import Env
from kzil.cli.registry import COMMANDS, commands
from kzil.cli.session import Session, env_of
from kzil.cli.sharing import add_shared
from kzil.errors import ExitStatus, KzilError

# --- the application ----------------------------------------------------------------------------


class LazyGroup(TyperGroup):
    """Converts a command to Click only when it is invoked or listed in help."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Bare `kzil` is a request for help, as with gh or docker: the same screen as `kzil --help`
        # and exit status 0, not Click's empty usage error (exit 2) after the help.
        if not args and not ctx.resilient_parsing:
            args = ["--help"]
        if any(arg.startswith(("--install-completion", "--show-completion")) for arg in args):
            from kzil.cli import completion

            completion.install()  # kzil's scripts, not Typer's
        return list(super().parse_args(ctx, args))

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        # Typer reads the completion protocol from the process environment; so does this check.
        if os.environ.get(complete_var or "_KZIL_COMPLETE"):
            from kzil.cli import completion

            completion.install()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            from kzil.query import unknown

            raise unknown("command", name, {key: key for key in COMMANDS})
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from typer.main import get_command_from_info

        from kzil.cli.command import KzilCommand  # here: `kzil --version` builds no command

        info = registered(cmd_name)
        if info is None:
            return None
        if info.cls in (None, TyperCommand):
            info = copy.copy(info)
            info.cls = KzilCommand
        with signatures_read_once():
            command = get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode="rich")
            return add_shared(command, info.callback)


@contextlib.contextmanager
def signatures_read_once() -> Iterator[None]:
    """While Typer builds a command, each function's parameters are read once.

    Typer reads a function's signature and type hints (`typer.utils.get_params_from_function`)
    for its Click parameters, again for the callback that calls it, and again for each callback
    and completion function of a parameter: twice or more for the command, each group of shared
    options and each completion function. Within one build the first reading serves the others
    (Typer copies what it takes from them). Building `sector` took 1.21 ms instead of 0.89 and
    `timeline` 1.20 ms instead of 0.82, the root group 0.51 ms instead of 0.47 (the first build
    in a fresh process, medians of 15).
    """
    import typer.main as typer_main

    name = "get_params_from_function"  # typer.main's own name for `typer.utils`' function
    read = getattr(typer_main, name, None)
    if read is None:  # a Typer that names it otherwise: build as Typer does, a little slower
        yield
        return
    setattr(typer_main, name, functools.cache(read))
    try:
        yield
    finally:
        setattr(typer_main, name, read)


def registered(name: str) -> Any:
    """Typer's record of command `name`, its module imported (which registers it); None if unknown."""
    module = COMMANDS.get(name)
    if module is None:
        return None
    importlib.import_module(f"kzil.cli.{module}")
    for info in commands.registered_commands:
        if command_name(info) == name:
            return info
    return None


def command_name(info: Any) -> str:
    """The name a registered command is invoked by: its own, else its function's, dashed."""
    return str(info.name or getattr(info.callback, "__name__", "").replace("_", "-"))


app = typer.Typer(
    cls=LazyGroup,
    name="kzil",
    help="Kazakhstan–Israel relations from the source: a verifiable fact base.\n\n"
    "Facts come from Israeli ambassador Yoav Bystritsky's interview with Trend (Baku, 2026-02-17); "
    "each carries a verbatim quote, a status and an honest date. Start with 'kzil timeline'.",
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        env_of(ctx).out.write(f"kzil {__version__}\n".encode())
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
    env = env_of(ctx)
    ctx.obj = Session(env, data, not no_cache and not env.flag("KZIL_NO_CACHE"))


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


def _invoke(args: list[str], env: Env) -> Any:
    """The command's own result. A compiled store that fails a check once it is open (a checksum,
    a SQLite error) has removed itself by then: the command runs once more, from the YAML files.
    Output is written only once an answer is complete, so the first attempt has written nothing."""
    with signatures_read_once():
        command = typer.main.get_command(app)
    try:
        return command.main(args=args, prog_name="kzil", standalone_mode=False, obj=env)
    except Exception as error:
        # The store's module is looked up, not imported: only a run that opened a store can have
        # raised StoreDamaged, and importing it here put the store, its schema, the model and json
        # on every start (8.5 ms of -X importtime on `kzil --version`).
        store = sys.modules.get("kzil.loading.store")
        if store is None or not isinstance(error, store.StoreDamaged):
            raise
        return command.main(args=args, prog_name="kzil", standalone_mode=False, obj=env)


def notice(stream: Any, message: str) -> None:
    """`formats.notice`, imported only when a run has something to say: a run that ends well
    does not load the renderers' table (0.2 ms of -X importtime on `kzil --version`)."""
    from kzil.render.formats import notice as say

    say(stream, message)


def run(args: list[str], env: Env | None = None) -> int:
    """Run kzil with `args` in `env` (the real process when None); returns the exit status."""
    env = env or Env.from_process()
    if env.stdout is None:  # started with stdout closed (`kzil ... >&-`)
        notice(env.stderr, "error: standard output is closed; redirect it to a file or to /dev/null")
        return ExitStatus.ERROR
    try:
        result = _invoke(args, env)
        env.stdout.flush()
        return result if isinstance(result, int) else ExitStatus.OK
    except KzilError as error:
        notice(env.stderr, f"error: {error}")
        return error.exit_status
    except typer.TyperException as error:  # Click's usage errors: one line, not a usage screen
        from kzil.text import visible

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
