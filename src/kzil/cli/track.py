"""`kzil track`: what came of each plan, from the follow-ups later sources record."""

# No `from __future__ import annotations`: Typer reads the invoked command's annotations; from
# strings, building `kzil track` took 1.22 ms instead of 0.98 (in process, best of 10 x 30 builds).
from enum import StrEnum
from typing import Annotated

import typer

from kzil.cli.filters import filter_options
from kzil.cli.options import names_options, options_of, output_options
from kzil.cli.registry import QUESTIONS, commands
from kzil.cli.session import TodayOption, session_of, today_of
from kzil.cli.sharing import shared
from kzil.render import formats as emit


class State(StrEnum):
    """The states of `kzil.track.STATES`, as Click choices (a test keeps the two the same)."""

    unconfirmed = "unconfirmed"
    open = "open"
    undated = "undated"
    rescheduled = "rescheduled"
    cancelled = "cancelled"
    fulfilled = "fulfilled"


@commands.command(rich_help_panel=QUESTIONS)
@shared(filter_options, output_options("track"), names_options)
def track(
    ctx: typer.Context,
    state: Annotated[
        list[State] | None,
        typer.Option(
            "--state",
            help="Only plans in this state; repeat for several. unconfirmed: the date passed with no "
            "follow-up; open: not yet; undated: no date; rescheduled, cancelled, fulfilled: what the "
            "latest follow-up says.",
            show_default=False,
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """What came of each plan: every scheduled, planned, proposed, intended, hoped, pending or
    in-progress fact, with its state as of today and the follow-up that decides it."""
    from kzil import query
    from kzil import track as tracking

    options = options_of(ctx)
    fmt = options.chosen_format()
    now = today_of(ctx, today)
    session = session_of(ctx)
    base = session.load()
    # Only the forward-looking facts are read: the store selects them in SQL.
    filters = tracking.forward(options.filters(base))
    rows = tracking.track(base, now, query.select(base, filters)) if filters is not None else []
    if state:
        wanted = {item.value for item in state}
        rows = [row for row in rows if row.state in wanted]
    emit.track(base, rows, now, fmt, options.lang, session.output(options))
