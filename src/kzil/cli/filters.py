"""The filter options every listing command shares, declared once, and their group (`filter_options`).

See `options.py` for how a command takes a group and reads the values (`options_of`).
"""

# No `from __future__ import annotations`: Typer reads these annotations on every run (see options.py).
from typing import Annotated, Any, Literal

import typer

from kzil.cli.candidates import complete
from kzil.cli.sharing import gathered

Speech = Literal["direct", "indirect"]  # a Literal, not an Enum: see options.py


def _filter(*flags: str, help: str, kind: str | None = None, metavar: str | None = None) -> Any:
    """The declaration of a filter option, completed from the fact base when `kind` is given."""
    return typer.Option(
        *flags,
        help=help,
        metavar=metavar,
        autocompletion=complete(kind) if kind else None,
        show_default=False,
    )


# Repeatable filters (list) take values OR-ed; --from and --to take one date.
SectorOption = Annotated[
    list[str] | None,
    _filter(
        "--sector",
        "-s",
        kind="sector",
        metavar="NAME",
        help="Facts of this sector: id, name or alias (water, вода, AI, ИИ).",
    ),
]
StatusOption = Annotated[
    list[str] | None,
    _filter(
        "--status", kind="status", metavar="STATUS", help="Facts with this status (see 'kzil statuses')."
    ),
]
CountryOption = Annotated[
    list[str] | None,
    _filter(
        "--country",
        "-c",
        kind="country",
        metavar="NAME",
        help="Facts naming this country: code or name (AE, UAE, ОАЭ).",
    ),
]
EntityOption = Annotated[
    list[str] | None,
    _filter(
        "--entity",
        "-e",
        kind="entity",
        metavar="NAME",
        help="Facts naming this person, body, place or program.",
    ),
]
SourceOption = Annotated[
    list[str] | None,
    _filter("--source", metavar="ID", help="Facts from this source id (see 'kzil sources')."),
]
FromOption = Annotated[
    str | None,
    _filter(
        "--from", metavar="DATE", help="Facts whose dates reach DATE or later (YYYY, YYYY-MM or YYYY-MM-DD)."
    ),
]
ToOption = Annotated[
    str | None,
    _filter(
        "--to", metavar="DATE", help="Facts whose dates reach DATE or earlier (YYYY, YYYY-MM or YYYY-MM-DD)."
    ),
]
SearchOption = Annotated[
    list[str] | None,
    _filter(
        "--search",
        "-q",
        metavar="TEXT",
        help="Facts containing every word of TEXT (summaries, quote, names, notes).",
    ),
]
SaidByOption = Annotated[
    list[str] | None,
    _filter(
        "--said-by",
        kind="entity",
        metavar="NAME",
        help="Facts in the words of this person or body (bystritsky, Быстрицкий).",
    ),
]
SpeechOption = Annotated[
    Speech | None, _filter("--speech", help="direct: in the speaker's quotation marks; indirect: reported.")
]
FollowsOption = Annotated[
    list[str] | None,
    _filter("--follows", kind="fact", metavar="ID", help="Facts that say what came of fact ID (follow-ups)."),
]


# --- the group -------------------------------------------------------------------------------------


def filter_options(
    ctx: typer.Context,
    sector: SectorOption = None,
    status: StatusOption = None,
    country: CountryOption = None,
    entity: EntityOption = None,
    source: SourceOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    search: SearchOption = None,
    said_by: SaidByOption = None,
    speech: SpeechOption = None,
    follows: FollowsOption = None,
) -> None:
    """Which facts: every filter; the values of a repeated filter are OR-ed, filters are AND-ed."""
    gathered(ctx).update(
        sector=sector,
        status=status,
        country=country,
        entity=entity,
        source=source,
        date_from=date_from,
        date_to=date_to,
        search=search,
        said_by=said_by,
        speech=speech,
        follows=follows,
    )
