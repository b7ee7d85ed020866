"""Questions: the commands that answer from the facts (timeline, facts, sector, search, ...)."""

# No `from __future__ import annotations`: Typer reads the commands' annotations when it builds
# the invoked one: from strings, building `sector` took 1.30 ms instead of 1.05 and `timeline`
# 1.33 ms instead of 0.96 (in process, best of 10 x 30 builds).
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from kzil.cli.candidates import complete
from kzil.cli.filters import filter_options
from kzil.cli.options import SourceDirOption, names_options, options_of, output_options, sort_options
from kzil.cli.registry import QUESTIONS, commands
from kzil.cli.session import TodayOption, session_of, today_of
from kzil.cli.sharing import shared
from kzil.errors import UsageError
from kzil.render import formats as emit

if TYPE_CHECKING:
    from kzil.coverage import Context
    from kzil.model import Fact, FactBase
    from kzil.render.formats import Output


def _listing(
    ctx: typer.Context,
    heading: "Callable[[FactBase, int], str]",
    required: "Callable[[FactBase], tuple[str, str]] | None" = None,
) -> None:
    """A listing command: the facts that pass the filters (and what `required` names: the sector
    of `kzil sector`, ...), in the order asked, under `heading` (given the fact base and how many
    facts are shown)."""
    from kzil import query

    options = options_of(ctx)
    fmt = options.chosen_format()
    session = session_of(ctx)
    output = session.output(options)
    base = session.load()
    filters = options.filters(base)
    chosen = query.select(base, filters.require(*required(base)) if required else filters)
    if options.sort is not None or options.reverse:
        chosen = query.ordered(chosen, options.sort, options.reverse, base)
    emit.facts(base, chosen, fmt, options.lang, output, lambda: heading(base, len(chosen)))


def _word(key: str, lang: str, **values: object) -> str:
    from kzil.i18n import word  # not on the JSON path, which shows no heading

    return word(key, lang, **values)


def _count(n: int, lang: str) -> str:
    return _word("fact_count", lang, n=n)


@commands.command(rich_help_panel=QUESTIONS)
@shared(filter_options, output_options("timeline"), names_options)
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
    today: TodayOption = None,
) -> None:
    """The interview's events in true order: what happened, what holds, what is planned."""
    from kzil import query, spans, track

    options = options_of(ctx)
    fmt = options.chosen_format()
    if upcoming and past:
        raise UsageError("--upcoming and --past exclude each other; give one of them")
    now = today_of(ctx, today)
    session = session_of(ctx)
    base = session.load()
    chosen = query.select(base, options.filters(base))
    plan = spans.plan(base, chosen, now, "upcoming" if upcoming else "past" if past else None)
    # What came of the plans, asked as each row is made by the formats that say it (records keep
    # to the output contract and never ask).
    emit.timeline(base, plan, track.States(base, now), fmt, options.lang, session.output(options))


LISTING = (filter_options, sort_options, output_options("facts"), names_options)


@commands.command(rich_help_panel=QUESTIONS)
@shared(*LISTING)
def facts(ctx: typer.Context) -> None:
    """All facts, narrowed by the filters."""
    _listing(ctx, heading=lambda base, n: _word("facts_heading", options_of(ctx).lang))


@commands.command(rich_help_panel=QUESTIONS)
@shared(*LISTING)
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
    from kzil import query

    lang = options_of(ctx).lang

    def narrow(base: "FactBase") -> tuple[str, str]:
        return "sector", query.resolve(base, "sector", name)

    def heading(base: "FactBase", n: int) -> str:
        return f"{base.sectors[query.resolve(base, 'sector', name)].name.get(lang)} · {_count(n, lang)}"

    _listing(ctx, heading, narrow)


@commands.command(rich_help_panel=QUESTIONS)
@shared(*LISTING)
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="TEXT...", help="Words that must all occur; any case, ё = е.")
    ],
) -> None:
    """Facts whose summaries, quote, names or notes contain every word."""
    from kzil.text import typed

    text = typed(" ".join(words))
    if not text.split():
        raise UsageError("search needs at least one word")

    def narrow(base: "FactBase") -> tuple[str, str]:
        return "search", text

    _listing(ctx, lambda base, n: f"«{text}»", narrow)


@commands.command(rich_help_panel=QUESTIONS)
@shared(*LISTING)
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
    from kzil import query

    lang = options_of(ctx).lang

    def narrow(base: "FactBase") -> tuple[str, str]:
        return "entity", query.resolve(base, "entity", name)

    def heading(base: "FactBase", n: int) -> str:
        item = base.entities[query.resolve(base, "entity", name)]
        role = f", {item.role.get(lang)}" if item.role else ""
        return f"{item.name.get(lang)}{role} · {_count(n, lang)}"

    _listing(ctx, heading, narrow)


@commands.command(rich_help_panel=QUESTIONS)
@shared(output_options("fact"), names_options)
def show(
    ctx: typer.Context,
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A fact id, as listed by 'kzil facts'.", autocompletion=complete("fact")
        ),
    ],
    context: Annotated[
        bool,
        typer.Option(
            "--context",
            help="Also show the quote inside its paragraph of the source text (needs --source-dir).",
        ),
    ] = False,
    source_dir: SourceDirOption = None,
) -> None:
    """One fact in full: both summaries, the quote, status, date, names and citation."""
    options = options_of(ctx)
    from kzil import query

    fmt = options.chosen_format()
    lang = options.lang
    if context and fmt not in _CONTEXT_FORMATS:
        raise UsageError(f"--context is shown in the table, json and jsonl formats, not in {fmt}")
    session = session_of(ctx)
    base = session.load()
    item = query.resolve_fact(base, fact_id)
    output = session.output(options)
    found = _context(base, item, source_dir, output) if context else None
    emit.fact(base, item, fmt, lang, output, found)


_CONTEXT_FORMATS = ("table", "json", "jsonl")


def _context(base: "FactBase", item: "Fact", source_dir: str | None, output: "Output") -> "Context | None":
    """The quote's paragraph in the source text; None, with a one-line notice, when not at hand."""
    from kzil.coverage import context
    from kzil.loading import loader
    from kzil.loading.files import shown

    if source_dir is None:
        output.notice(
            "no context: kzil does not bundle the source texts; give --source-dir DIR or set KZIL_SOURCE_DIR"
        )
        return None
    text = loader.read_texts(source_dir, base).get(item.source)
    if text is None:
        where = shown(source_dir)
        output.notice(f"no context: no text of source '{item.source}' in {where} ({item.source}.*.txt)")
        return None
    if text.version is not None:
        output.notice(str(text.version))
    found = context(shown(text.path), text.text, item.quote)
    if found is None:
        output.notice(
            f"no context: the quote of '{item.id}' is not in {shown(text.path)}; "
            "'kzil validate --source-dir' checks every quote"
        )
    return found


@commands.command(rich_help_panel=QUESTIONS)
@shared(output_options("overview"))
def overview(ctx: typer.Context) -> None:
    """The shape of the fact base: a sector × status matrix and facts per year."""
    options = options_of(ctx)
    fmt = options.chosen_format()
    session = session_of(ctx)
    emit.overview(session.load(), fmt, options.lang, session.output(options))
