"""Reference lists: sectors, countries, entities, sources and statuses, described by one table."""

from __future__ import annotations

import typer

from kzil.cli.options import options_of, output_options
from kzil.cli.registry import REFERENCE, commands
from kzil.cli.session import session_of
from kzil.cli.sharing import shared
from kzil.model import COUNTRY, ENTITY, SECTOR, SOURCE, STATUS, Kind
from kzil.render import formats as emit

# The columns of each list (record key, heading word) and its title word.
REFERENCE_LISTS: dict[Kind, tuple[list[tuple[str, str]], str]] = {
    SECTOR: ([(SECTOR.key, "id"), ("name", "name"), ("aliases", "aliases"), ("facts", "facts")], "sectors"),
    COUNTRY: (
        [(COUNTRY.key, "id"), ("name", "name"), ("aliases", "aliases"), ("facts", "facts")],
        "countries",
    ),
    ENTITY: (
        [
            (ENTITY.key, "id"),
            ("kind", "kind"),
            ("name", "name"),
            ("role", "role"),
            ("country", "country"),
            ("facts", "facts"),
        ],
        "entities_title",
    ),
    SOURCE: (
        [
            (SOURCE.key, "id"),
            ("citation", "citation"),
            ("title", "title"),
            ("language", "language"),
            ("facts", "facts"),
        ],
        "sources",
    ),
    # `label` before `id`: a table leaves out a column that repeats an earlier one, and in English
    # the label is the id.
    STATUS: (
        [
            ("symbol", "symbol"),
            ("label", "status"),
            (STATUS.key, "id"),
            ("meaning", "meaning"),
            ("facts", "facts"),
        ],
        "statuses",
    ),
}


def _reference(ctx: typer.Context, kind: Kind) -> None:
    from kzil.i18n import word
    from kzil.render import records

    options = options_of(ctx)
    fmt = options.chosen_format()
    lang = options.lang.value
    session = session_of(ctx)
    rows = records.reference(kind, session.load(), lang)
    columns, title = REFERENCE_LISTS[kind]
    emit.reference(rows, columns, word(title, lang).capitalize(), fmt, lang, session.output(options))


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def sectors(ctx: typer.Context) -> None:
    """Every sector: id, name, aliases and number of facts."""
    _reference(ctx, SECTOR)


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def countries(ctx: typer.Context) -> None:
    """Every country the facts name: ISO code, name, aliases and number of facts."""
    _reference(ctx, COUNTRY)


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def entities(ctx: typer.Context) -> None:
    """Who and what the sources name: people, bodies, places and programs."""
    _reference(ctx, ENTITY)


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def sources(ctx: typer.Context) -> None:
    """The sources of the facts, with their citation."""
    _reference(ctx, SOURCE)


@commands.command(rich_help_panel=REFERENCE)
@shared(output_options("reference"))
def statuses(ctx: typer.Context) -> None:
    """What each status means, with its symbol and number of facts."""
    _reference(ctx, STATUS)
