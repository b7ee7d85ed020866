"""Reference lists: sectors, countries, entities, sources and statuses, described by one table."""

# No `from __future__ import annotations`: Typer reads the invoked command's annotations; from
# strings, building `kzil sectors` took 0.31 ms instead of 0.27 (in process, best of 10 x 30 builds).
import typer

from kzil.cli.options import options_of, output_options
from kzil.cli.registry import REFERENCE, commands
from kzil.cli.session import session_of
from kzil.cli.sharing import shared
from kzil.render import formats as emit


def _columns(name: str) -> tuple[list[tuple[str, str]], str]:
    """The columns of the list of kind `name` (record key, heading word) and its title word."""
    # A function of the kind's name, not a table keyed by `kzil.model`'s kinds: importing the model
    # here put it on every start-up, `kzil --version` included (1.2-1.7 ms in -X importtime).
    from kzil.model import KINDS

    key = KINDS[name].key
    if name in ("sector", "country"):
        title = "sectors" if name == "sector" else "countries"
        return [(key, "id"), ("name", "name"), ("aliases", "aliases"), ("facts", "facts")], title
    if name == "entity":
        columns = [("kind", "kind"), ("name", "name"), ("role", "role"), ("country", "country")]
        return [(key, "id"), *columns, ("facts", "facts")], "entities_title"
    if name == "source":
        columns = [("citation", "citation"), ("title", "title"), ("language", "language")]
        return [(key, "id"), *columns, ("facts", "facts")], "sources"
    # Statuses: `label` before `id`: a table leaves out a column that repeats an earlier one, and
    # in English the label is the id.
    columns = [("symbol", "symbol"), ("label", "status"), (key, "id"), ("meaning", "meaning")]
    return [*columns, ("facts", "facts")], "statuses"


def _reference(ctx: typer.Context, name: str) -> None:
    from kzil.i18n import word
    from kzil.model import KINDS
    from kzil.render import records

    options = options_of(ctx)
    fmt = options.chosen_format()
    lang = options.lang
    session = session_of(ctx)
    rows = records.reference(KINDS[name], session.load(), lang)
    columns, title = _columns(name)
    emit.reference(rows, columns, word(title, lang).capitalize(), fmt, lang, session.output(options))


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def sectors(ctx: typer.Context) -> None:
    """Every sector: id, name, aliases and number of facts."""
    _reference(ctx, "sector")


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def countries(ctx: typer.Context) -> None:
    """Every country the facts name: ISO code, name, aliases and number of facts."""
    _reference(ctx, "country")


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def entities(ctx: typer.Context) -> None:
    """Who and what the sources name: people, bodies, places and programs."""
    _reference(ctx, "entity")


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def sources(ctx: typer.Context) -> None:
    """The sources of the facts, with their citation."""
    _reference(ctx, "source")


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def statuses(ctx: typer.Context) -> None:
    """What each status means, with its symbol and number of facts."""
    _reference(ctx, "status")
