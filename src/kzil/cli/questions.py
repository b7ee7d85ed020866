"""Questions: the commands that answer from the facts (timeline, facts, sector, search, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from kzil.cli.options import (
    Options,
    complete,
    filter_options,
    options_of,
    output_options,
)
from kzil.cli.registry import QUESTIONS, commands
from kzil.cli.session import env_of, session_of
from kzil.cli.sharing import shared
from kzil.errors import UsageError
from kzil.render import formats as emit

if TYPE_CHECKING:
    from kzil.model import Fact, FactBase


def _listing(
    ctx: typer.Context,
    options: Options,
    heading: Callable[[], str],
    narrow: Callable[[FactBase, list[Fact]], list[Fact]] | None = None,
) -> None:
    from kzil import query

    fmt = options.chosen_format()
    session = session_of(ctx)
    base = session.load()
    chosen = query.select(base, options.filters(base))
    if narrow is not None:
        chosen = narrow(base, chosen)
    emit.facts(base, chosen, fmt, options.lang.value, session.output(options), heading)


def _count(n: int, lang: str) -> str:
    from kzil.i18n import word

    return word("fact_count", lang, n=n)


@commands.command(rich_help_panel=QUESTIONS)
@shared(filter_options, output_options("timeline"))
def timeline(
    ctx: typer.Context,
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
    from kzil import query, spans

    options = options_of(ctx)
    fmt = options.chosen_format()
    if upcoming and past:
        raise UsageError("--upcoming and --past exclude each other; give one of them")
    now = _today(ctx, today)
    session = session_of(ctx)
    base = session.load()
    chosen = query.select(base, options.filters(base))
    plan = spans.plan(base, chosen, now, "upcoming" if upcoming else "past" if past else None)
    emit.timeline(base, plan, fmt, options.lang.value, session.output(options))


def _today(ctx: typer.Context, given: str | None) -> str:
    """`--today` (YYYY-MM-DD) as an ISO day, else the environment's today."""
    from kzil import dates

    try:
        return dates.parse_iso_day(given).isoformat() if given else env_of(ctx).today.isoformat()
    except dates.EdtfError as error:
        raise UsageError(f"{error} (in --today)") from None


@commands.command(rich_help_panel=QUESTIONS)
@shared(filter_options, output_options("facts"))
def facts(ctx: typer.Context) -> None:
    """All facts, narrowed by the filters."""
    options = options_of(ctx)
    _listing(ctx, options, heading=lambda: _FACTS_HEADING[options.lang.value])


_FACTS_HEADING = {"en": "Kazakhstan–Israel: facts", "ru": "Казахстан–Израиль: факты"}


@commands.command(rich_help_panel=QUESTIONS)
@shared(filter_options, output_options("facts"))
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
) -> None:
    """Facts of one sector, under the sector's name."""
    options = options_of(ctx)
    from kzil import query

    fmt = options.chosen_format()
    lang = options.lang.value
    session = session_of(ctx)
    base = session.load()
    key = query.resolve(base, "sector", name)
    chosen = [fact for fact in query.select(base, options.filters(base)) if key in fact.sectors]
    heading = f"{base.sectors[key].name.get(lang)} · "
    emit.facts(base, chosen, fmt, lang, session.output(options), lambda: heading + _count(len(chosen), lang))


@commands.command(rich_help_panel=QUESTIONS)
@shared(filter_options, output_options("facts"))
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="TEXT...", help="Words that must all occur; any case, ё = е.")
    ],
) -> None:
    """Facts whose summaries, quote, names or notes contain every word."""
    options = options_of(ctx)
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
@shared(filter_options, output_options("facts"))
def entity(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="Entity id, name or alias (bystritsky, Astana Hub, Токаев).",
            autocompletion=complete("entity"),
        ),
    ],
) -> None:
    """One person, body, place or program, and the facts about it."""
    options = options_of(ctx)
    from kzil import query

    fmt = options.chosen_format()
    lang = options.lang.value
    session = session_of(ctx)
    base = session.load()
    key = query.resolve(base, "entity", name)
    item = base.entities[key]
    chosen = [fact for fact in query.select(base, options.filters(base)) if key in fact.entities]
    heading = item.name.get(lang) + (f", {item.role.get(lang)}" if item.role else "")
    output = session.output(options)
    emit.facts(base, chosen, fmt, lang, output, lambda: f"{heading} · {_count(len(chosen), lang)}")


@commands.command(rich_help_panel=QUESTIONS)
@shared(output_options("fact"))
def show(
    ctx: typer.Context,
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A fact id, as listed by 'kzil facts'.", autocompletion=complete("fact")
        ),
    ],
) -> None:
    """One fact in full: both summaries, the quote, status, date, names and citation."""
    options = options_of(ctx)
    from kzil import query

    fmt = options.chosen_format()
    lang = options.lang.value
    session = session_of(ctx)
    base = session.load()
    emit.fact(base, query.resolve_fact(base, fact_id), fmt, lang, session.output(options))


@commands.command(rich_help_panel=QUESTIONS)
@shared(output_options("overview"))
def overview(ctx: typer.Context) -> None:
    """The shape of the fact base: a sector × status matrix and facts per year."""
    options = options_of(ctx)
    fmt = options.chosen_format()
    session = session_of(ctx)
    emit.overview(session.load(), fmt, options.lang.value, session.output(options))
