"""Options that commands share, declared once: output formats, order, names, and how commands get them.

How a command declares shared options:

    @commands.command(rich_help_panel=QUESTIONS)
    @shared(filter_options, output_options("facts"))
    def facts(ctx: typer.Context) -> None:
        options = options_of(ctx)  # an `Options`: options.lang, options.filters(base), ...

- An option is declared once, as a Typer `Annotated` alias (`LangOption` below; the filters,
  `SectorOption` ... and their group `filter_options`, are in `filters.py`).
- A group is a plain function whose parameters use those aliases, exactly like a command's; its
  body records the values (already converted by Typer) for `options_of`.
- `shared(*groups)` (`sharing.py`) only records which groups a command takes. When the lazy group
  in `app.py` builds the one command that runs (or the help), `add_shared` appends the groups'
  options after the command's own and hands each group its values: no signature is forged.
- A new shared option: an alias, a parameter in a group (or a new group), a field of `Options`.
  A command-specific option stays a parameter of the command itself.
"""

# No `from __future__ import annotations` here: Typer reads the groups' annotations on every run,
# and evaluating them from strings made building a listing command 1.55 ms instead of 1.0 ms.
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Literal, NamedTuple

import typer

from kzil.cli.filters import Speech
from kzil.cli.sharing import gathered
from kzil.errors import UsageError
from kzil.render.formats import DEFAULT_FORMAT, MACHINE_FORMATS, View, choices

if TYPE_CHECKING:
    from kzil.model import FactBase
    from kzil.query import Filters

# --- choices ------------------------------------------------------------------------------------


# Choices are `Literal` types, which Typer 0.28 offers exactly as it offers an Enum's values (the
# same help and errors), and the commands get plain strings. Defining Enums cost every listing
# command 0.3 ms of its start (in process, medians of 150 runs: options.py ran in 0.46 ms, now
# 0.27; filters.py in 0.20 ms, now 0.15; and the view's Enum of formats took 0.08 ms to make).
Sort = Literal["date", "status", "id"]
Lang = Literal["en", "ru"]
Color = Literal["auto", "always", "never"]


# --- options shared by commands, declared once (the filters: `filters.py`) ----------------------


FormatFlags = typer.Option("--format", "-f", help="Output format (default: table).", show_default=False)
# `--json` alone or `--json=FIELDS` (never `--json FIELDS`): `command.OPTIONAL_VALUES` parses it.
JsonOption = Annotated[
    str | None,
    typer.Option(
        "--json",
        metavar="[=FIELDS]",
        help="Same as --format json; --json=id,date prints only those keys, in that order.",
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="FIELDS",
        help="json, jsonl, csv, tsv: only these keys (comma-separated), in this order.",
        show_default=False,
    ),
]
NamesOption = Annotated[
    bool,
    typer.Option(
        "--names",
        help="json, jsonl, csv, tsv: add sector_names, country_names and entity_names beside the ids.",
    ),
]
LangOption = Annotated[
    Lang, typer.Option("--lang", envvar="KZIL_LANG", help="Language of data texts and labels.")
]
ColorOption = Annotated[
    Color,
    typer.Option("--color", help="Colour in tables: auto follows the terminal, NO_COLOR and FORCE_COLOR."),
]
NoFormulaGuardOption = Annotated[
    bool,
    typer.Option(
        "--no-formula-guard",
        help="CSV and TSV: keep a cell that starts with = + - @ as it is, without the leading ' that "
        "stops spreadsheets running it as a formula (for scripts that need the exact text).",
    ),
]


# Where the source texts are: `<source id>.<anything>.txt`, the file named for the source's
# language preferred. kzil never bundles them: the fact base holds quotes, not the articles.
# (`show --context` and `validate`/`coverage` take it: declared here, so `show` does not import
# the curating commands.)
SourceDirOption = Annotated[
    str | None,
    typer.Option(
        "--source-dir",
        envvar="KZIL_SOURCE_DIR",
        metavar="DIR",
        help="The source texts: DIR/<source id>.*.txt (kzil does not bundle them).",
        show_default=False,
    ),
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
    said_by: list[str] | None = None
    speech: Speech | None = None
    follows: list[str] | None = None
    format: str | None = None  # one of the formats of the command's view
    json: str | None = None  # None: not given; "": `--json`; else the FIELDS of `--json=FIELDS`
    fields: str | None = None
    names: bool = False
    lang: Lang = "en"
    color: Color = "auto"
    formula_guard: bool = True
    sort: Sort | None = None
    reverse: bool = False

    def chosen_format(self) -> str:
        if self.json is not None and self.format not in (None, "json"):
            raise UsageError(f"--json and --format {self.format or ''} disagree; give one of them")
        return "json" if self.json is not None else (self.format or DEFAULT_FORMAT)

    def chosen_fields(self) -> tuple[str, ...] | None:
        """The keys `--json=FIELDS` or `--fields` chose, in their order; None for every key."""
        if self.json and self.fields is not None:
            raise UsageError("--json=FIELDS and --fields both choose the keys; give one of them")
        given, option = (self.json, "--json=FIELDS") if self.json else (self.fields, "--fields")
        fmt = self.chosen_format()
        for name, used in ((option, given is not None), ("--names", self.names)):
            if used and fmt not in MACHINE_FORMATS:
                raise UsageError(f"{name} applies to json, jsonl, csv and tsv, not to the {fmt} format")
        if given is None:
            return None
        keys = tuple(dict.fromkeys(key.strip() for key in given.split(",") if key.strip()))
        if not keys:
            raise UsageError(f"{option} needs at least one key, e.g. id,date")
        return keys

    def filters(self, base: "FactBase") -> "Filters":
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
            said_by=self.said_by or (),
            speech=self.speech,
            follows=self.follows or (),
        )


# --- groups of shared options: plain functions whose parameters Typer reads as it reads a command's ---
#
# Each group records its values, converted by Typer (enums, lists), for `options_of` to gather.


def output_options(view: View) -> Callable[..., None]:
    """The output group of a command that shows `view`: `--format` offers the formats whose
    renderer supports that view, then `--json`, `--lang`, `--color` and `--no-formula-guard`."""
    return _output_group(choices(view))


@functools.cache  # one group per set of formats: building one costs 0.1 ms at start-up (measured)
def _output_group(formats: tuple[str, ...]) -> Callable[..., None]:

    def output_options(
        ctx: typer.Context,
        format: str | None = None,
        json: JsonOption = None,
        fields: FieldsOption = None,
        lang: LangOption = "en",
        color: ColorOption = "auto",
        no_formula_guard: NoFormulaGuardOption = False,
    ) -> None:
        """How the answer is written: format and keys, language, colour, spreadsheet safety."""
        gathered(ctx).update(
            format=format,
            json=json,
            fields=fields,
            lang=lang,
            color=color,
            formula_guard=not no_formula_guard,
        )

    # The one annotation that differs by view, set before Typer ever reads the group.
    output_options.__annotations__["format"] = Annotated[Literal[formats] | None, FormatFlags]
    return output_options


def names_options(ctx: typer.Context, names: NamesOption = False) -> None:
    """Keys for scripts beside a fact's ids: the names of its sectors, countries and entities."""
    gathered(ctx).update(names=names)


SortOption = Annotated[
    Sort | None,
    typer.Option(
        "--sort",
        help="Order by date (timeline order, undated facts last), status (as 'kzil statuses' lists "
        "them) or id. Default: the order of the fact base.",
        show_default=False,
    ),
]
ReverseOption = Annotated[
    bool, typer.Option("--reverse", "-r", help="Reverse the order (undated facts stay last).")
]


def sort_options(ctx: typer.Context, sort: SortOption = None, reverse: ReverseOption = False) -> None:
    """The order of a listing."""
    gathered(ctx).update(sort=sort, reverse=reverse)


def options_of(ctx: typer.Context) -> Options:
    """The shared options the command of `ctx` was given (defaults for the groups it does not take)."""
    return Options(**gathered(ctx))
