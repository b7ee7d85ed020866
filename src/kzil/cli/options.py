"""Options that commands share, declared once: output formats, filters, and how commands get them.

A command decorated with `with_options(...)` takes `options: Options`; Typer sees each shared
option as a parameter of its own, spliced into the command's signature when it is invoked.
"""

from __future__ import annotations

import copy
import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer

from kzil.errors import UsageError

if TYPE_CHECKING:
    from typer.models import CommandInfo

    from kzil.model import FactBase
    from kzil.query import Filters

# --- choices ------------------------------------------------------------------------------------


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


class TimelineFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    timelinejs = "timelinejs"
    ics = "ics"


class Lang(StrEnum):
    en = "en"
    ru = "ru"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


# --- completion: names as users may type them ---------------------------------------------------


def _completion_base(ctx: typer.Context) -> FactBase | None:
    """The fact base in effect on the line being completed: its `--data`, else the environment's."""
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
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        base = _completion_base(ctx)
        if base is None:
            return []
        if kind == "status":
            from kzil.model import STATUSES

            names: list[str] = list(STATUSES)
        elif kind == "fact":
            names = list(base.by_id)
        else:
            table = base.named(kind)
            names = list(dict.fromkeys(name for key, item in table.items() for name in (key, *item.aliases)))
        start = incomplete.casefold()
        return [name for name in names if name.casefold().startswith(start)]

    return complete


# --- options shared by commands, declared once --------------------------------------------------


def _filter(
    *flags: str, help: str, kind: str | None = None, metavar: str | None = None, many: bool = True
) -> Any:
    """The type of a filter option: repeatable (values OR-ed) unless `many` is false."""
    option = typer.Option(
        *flags,
        help=help,
        metavar=metavar,
        autocompletion=complete(kind) if kind else None,
        show_default=False,
    )
    return Annotated[list[str] | None if many else str | None, option]


SectorOption = _filter(
    "--sector",
    "-s",
    kind="sector",
    metavar="NAME",
    help="Facts of this sector: id, name or alias (water, вода, AI, ИИ).",
)
StatusOption = _filter(
    "--status", kind="status", metavar="STATUS", help="Facts with this status (see 'kzil statuses')."
)
CountryOption = _filter(
    "--country",
    "-c",
    kind="country",
    metavar="NAME",
    help="Facts naming this country: code or name (AE, UAE, ОАЭ).",
)
EntityOption = _filter(
    "--entity", "-e", kind="entity", metavar="NAME", help="Facts naming this person, body, place or program."
)
SourceOption = _filter("--source", metavar="ID", help="Facts from this source id (see 'kzil sources').")
FromOption = _filter(
    "--from",
    metavar="DATE",
    many=False,
    help="Facts whose dates reach DATE or later (YYYY, YYYY-MM or YYYY-MM-DD).",
)
ToOption = _filter(
    "--to",
    metavar="DATE",
    many=False,
    help="Facts whose dates reach DATE or earlier (YYYY, YYYY-MM or YYYY-MM-DD).",
)
SearchOption = _filter(
    "--search",
    "-q",
    metavar="TEXT",
    help="Facts containing every word of TEXT (summaries, quote, names, notes).",
)
FormatOption = Annotated[
    Format | None, typer.Option("--format", "-f", help="Output format (default: table).", show_default=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
LangOption = Annotated[
    Lang, typer.Option("--lang", envvar="KZIL_LANG", help="Language of data texts and labels.")
]
ColorOption = Annotated[
    Color,
    typer.Option("--color", help="Colour in tables: auto follows the terminal, NO_COLOR and FORCE_COLOR."),
]


class Options(NamedTuple):
    """The shared options of one command, gathered."""

    sector: list[str] | None = None
    status: list[str] | None = None
    country: list[str] | None = None
    entity: list[str] | None = None
    source: list[str] | None = None
    date_from: str | None = None
    date_to: str | None = None
    search: list[str] | None = None
    format: Format | TimelineFormat | None = None
    json: bool = False
    lang: Lang = Lang.en
    color: Color = Color.auto

    def chosen_format(self) -> str:
        if self.json and self.format not in (None, Format.json):
            raise UsageError(
                f"--json and --format {self.format.value if self.format else ''} disagree; give one of them"
            )
        return "json" if self.json else (self.format.value if self.format else "table")

    def filters(self, base: FactBase) -> Filters:
        from kzil.query import Filters

        return Filters.parse(
            base,
            sectors=self.sector or (),
            statuses=self.status or (),
            countries=self.country or (),
            entities=self.entity or (),
            sources=self.source or (),
            date_from=self.date_from,
            date_to=self.date_to,
            searches=self.search or (),
        )


def _parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


FILTER_PARAMETERS = [
    _parameter("sector", SectorOption, None),
    _parameter("status", StatusOption, None),
    _parameter("country", CountryOption, None),
    _parameter("entity", EntityOption, None),
    _parameter("source", SourceOption, None),
    _parameter("date_from", FromOption, None),
    _parameter("date_to", ToOption, None),
    _parameter("search", SearchOption, None),
]
OUTPUT_PARAMETERS = [
    _parameter("format", FormatOption, None),
    _parameter("json", JsonOption, False),
    _parameter("lang", LangOption, Lang.en),
    _parameter("color", ColorOption, Color.auto),
]

TimelineFormatOption = Annotated[
    TimelineFormat | None,
    typer.Option("--format", "-f", help="Output format (default: table).", show_default=False),
]
TIMELINE_OUTPUT_PARAMETERS = [_parameter("format", TimelineFormatOption, None), *OUTPUT_PARAMETERS[1:]]

F = TypeVar("F", bound=Callable[..., None])


_SHARED: dict[Callable[..., None], list[inspect.Parameter]] = {}


def with_options(*groups: list[inspect.Parameter]) -> Callable[[F], F]:
    """Give a command the shared options; it receives them gathered as `options: Options`.

    Only recorded here: the signature Typer reads is built by `prepared` when the command is
    invoked, so start-up does not pay for the commands that are not run.
    """

    def decorate(command: F) -> F:
        _SHARED[command] = [parameter for group in groups for parameter in group]
        return command

    return decorate


def prepared(info: CommandInfo) -> CommandInfo:
    """The command with its shared options shown after its own parameters in its signature."""
    command = info.callback
    if command is None or command not in _SHARED:
        return info
    shared = _SHARED[command]
    names = {parameter.name for parameter in shared}
    own = inspect.signature(command, eval_str=True)
    kept = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own.parameters.values() if p.name != "options"
    ]

    @functools.wraps(command)
    def wrapper(**values: Any) -> None:
        gathered = Options(**{name: values.pop(name) for name in list(values) if name in names})
        command(**values, options=gathered)

    parameters = kept + shared
    wrapper.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    del wrapper.__wrapped__  # Typer must read the signature above, not the wrapped one
    prepared = copy.copy(info)
    prepared.callback = wrapper
    return prepared
