"""Answering questions: resolving names the way users type them, filtering and ordering facts."""

from collections.abc import Sequence
from typing import NamedTuple

from kzil.errors import UsageError
from kzil.loading import contract
from kzil.model import KINDS, STATUS, STATUSES, Fact, FactBase, Index
from kzil.text import fold, typed, visible


def _names(base: FactBase, kind: str) -> dict[str, str]:
    """Folded id, English and Russian name and aliases -> id, for one kind of thing."""
    lookup: dict[str, str] = {}
    if kind == STATUS.name:  # a fixed list: by id, by words and by every language's label
        from kzil.i18n import LANGUAGES, status_label

        for status in STATUSES:
            labels = [status_label(status, lang) for lang in LANGUAGES]
            for name in (status, status.replace("-", " "), *labels):
                lookup[fold(name)] = status
        return lookup
    if not KINDS[kind].by_name:
        return {fold(key): key for key in base.table(kind)}
    table = base.named(kind)
    for key, item in table.items():
        for name in (key, *item.name.given(), *item.aliases):
            lookup.setdefault(fold(" ".join(name.split())), key)
    return lookup


# The command that lists each kind of thing a user can name, for "unknown ..." errors.
LISTING_COMMAND = {
    **{kind.name: kind.command for kind in KINDS.values()},
    "fact": "kzil facts",
    "command": "kzil --help",
}


def unknown(kind: str, name: str, names: dict[str, str]) -> UsageError:
    """The one-line error for a name that resolves to nothing, with the closest matches.

    `names` maps every accepted (folded) name to the id it stands for; suggestions are ids:
    those that start with what was typed, then the closest by spelling.
    """
    import difflib  # only on the error path

    typed = fold(" ".join(name.split()))
    starting = [key for key in dict.fromkeys(names.values()) if typed and fold(key).startswith(typed)]
    close = [names[match] for match in difflib.get_close_matches(typed, list(names), n=5, cutoff=0.75)]
    suggestions = list(dict.fromkeys(starting + close))[:3]
    hint = ""
    if suggestions:
        hint = " Did you mean " + " or ".join(f"'{visible(s, one_line=True)}'" for s in suggestions) + "?"
    shown = visible(name, one_line=True)
    return UsageError(f"unknown {kind} '{shown}'.{hint} See '{LISTING_COMMAND[kind]}' for the list.")


def resolve(base: FactBase, kind: str, name: str) -> str:
    """The id of the sector, country, entity, status or source a user named; UsageError if none."""
    lookup = _names(base, kind)
    name = typed(name)
    key = fold(" ".join(name.split()))
    if key in lookup:
        return lookup[key]
    raise unknown(kind, name, lookup)


def resolve_fact(base: FactBase, fact_id: str) -> Fact:
    fact_id = typed(fact_id)
    position = base.by_id.get(fact_id.strip().lower())
    if position is None:
        raise unknown("fact", fact_id, {key: key for key in base.by_id})
    return base.facts[position]


class Filters(NamedTuple):
    """What to keep: different filters combine with AND, values of one filter with OR."""

    sectors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: str | None = None  # ISO date: facts whose span ends on or after it
    date_to: str | None = None  # ISO date: facts whose span starts on or before it
    searches: tuple[str, ...] = ()
    said_by: tuple[str, ...] = ()  # entity ids
    speech: str | None = None  # "direct" or "indirect"
    # What every fact must have besides: ("sector", id) for `kzil sector`, ("entity", id) for
    # `kzil entity`, ("search", text) for `kzil search`.
    required: tuple[tuple[str, str], ...] = ()
    follows: tuple[str, ...] = ()  # fact ids: facts that follow any of them

    def require(self, kind: str, key: str) -> "Filters":
        return self._replace(required=(*self.required, (kind, key)))

    @classmethod
    def parse(
        cls,
        base: FactBase,
        *,
        sectors: Sequence[str] = (),
        statuses: Sequence[str] = (),
        countries: Sequence[str] = (),
        entities: Sequence[str] = (),
        sources: Sequence[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        searches: Sequence[str] = (),
        said_by: Sequence[str] = (),
        speech: str | None = None,
        follows: Sequence[str] = (),
    ) -> "Filters":
        """Filters from what the user typed; UsageError names the first thing that is wrong."""

        def ids(kind: str, names: Sequence[str]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(resolve(base, kind, name) for name in names))

        lower = upper = None
        if date_from is not None or date_to is not None:
            from kzil import dates

            try:
                lower = dates.parse_plain(date_from)[0] if date_from is not None else None
                upper = dates.parse_plain(date_to)[1] if date_to is not None else None
            except dates.EdtfError as error:
                raise UsageError(f"{visible(str(error), one_line=True)} (in --from/--to)") from None
            if lower and upper and lower > upper:
                raise UsageError(f"--from {date_from} is after --to {date_to}")
        for text in searches:
            if not text.split():
                raise UsageError("--search needs at least one word")
        return cls(
            ids("sector", sectors),
            ids("status", statuses),
            ids("country", countries),
            ids("entity", entities),
            ids("source", sources),
            lower,
            upper,
            tuple(typed(text) for text in searches),
            ids("entity", said_by),
            speech,
            follows=tuple(dict.fromkeys(resolve_fact(base, key).id for key in follows)),
        )


def _union(index: Index, keys: tuple[str, ...]) -> set[int]:
    return {position for key in keys for position in index.get(key, ())}


def search_text(base: FactBase, fact: Fact) -> str:
    """Everything `search` looks at, folded: summaries, quote, country and entity names and
    aliases, and notes (so `search Emirates` finds what `--country Emirates` finds). The store
    keeps the same text for each fact (`contract.search_text`)."""
    return contract.search_text(fact, base.countries, base.entities)


def matches_search(base: FactBase, fact: Fact, searches: tuple[str, ...]) -> bool:
    """True when every word of at least one search text occurs in the fact."""
    haystack = search_text(base, fact)
    return any(all(word in haystack for word in fold(text).split()) for text in searches)


def _required(base: FactBase, fact: Fact, required: tuple[tuple[str, str], ...]) -> bool:
    for kind, key in required:
        if kind == "search" and not matches_search(base, fact, (key,)):
            return False
        if kind == "sector" and key not in fact.sectors:
            return False
        if kind == "entity" and key not in fact.entities:
            return False
    return True


def select(base: FactBase, filters: Filters) -> Sequence[Fact]:
    """The facts that pass every filter, in the fact base's order.

    For a fact base served by the compiled store, a `selection.Selection`: one SQL query that
    reads only what the command then uses."""
    from kzil import selection

    store = selection.store_of(base)
    if store is not None:
        return selection.Selection(store, filters)
    positions: set[int] | None = None
    for index, keys in (
        (base.by_sector, filters.sectors),
        (base.by_status, filters.statuses),
        (base.by_country, filters.countries),
        (base.by_entity, filters.entities),
        (base.by_source, filters.sources),
        (base.by_follows, filters.follows),
    ):
        if keys:
            found = _union(index, keys)
            positions = found if positions is None else positions & found
    chosen = [base.facts[i] for i in sorted(positions)] if positions is not None else list(base.facts)
    if filters.date_from is not None or filters.date_to is not None:
        from kzil.spans import overlaps  # only with a date filter: 0.4 ms of every other run

        chosen = [fact for fact in chosen if overlaps(fact, filters.date_from, filters.date_to)]
    # Who said it and how: a pass over the facts rather than two more indexes in every cache
    # entry; the attribution filters are rare and a pass over 100,000 facts takes about 5 ms.
    if filters.said_by:
        chosen = [fact for fact in chosen if fact.said_by in filters.said_by]
    if filters.speech is not None:
        chosen = [fact for fact in chosen if fact.speech == filters.speech]
    if filters.searches:
        chosen = [fact for fact in chosen if matches_search(base, fact, filters.searches)]
    if filters.required:
        chosen = [fact for fact in chosen if _required(base, fact, filters.required)]
    return chosen


SORTS = ("date", "status", "id")


def ordered(
    facts: Sequence[Fact], by: str | None = None, reverse: bool = False, base: FactBase | None = None
) -> list[Fact]:
    """Facts in the order asked (`--sort`, `--reverse`): the fact base's order by default; by date
    in timeline order, facts without a date last whichever the direction; by status in the order
    of `STATUSES`; by id. Facts that compare equal keep the fact base's order."""
    items = list(facts)
    if by is None:
        return items[::-1] if reverse else items
    if by == "date":
        from kzil.spans import sort_key

        dated = [fact for fact in items if fact.date is not None]
        dated.sort(key=lambda fact: sort_key(fact, base), reverse=reverse)
        return dated + [fact for fact in items if fact.date is None]
    if by == "status":
        return sorted(items, key=lambda fact: STATUSES.index(fact.status), reverse=reverse)
    if by == "id":
        return sorted(items, key=lambda fact: fact.id, reverse=reverse)
    raise ValueError(f"no order '{by}'; one of {', '.join(SORTS)}")
