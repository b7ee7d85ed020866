"""What came of each plan: the state of every forward-looking fact on a given day.

A fact may `follow` earlier facts: it reports what came of them. For a forward-looking fact
(a plan, intention, hope, proposal, pending step or work in progress) the newest of its
follow-ups decides, by `as_of`, then by the follow-up's source date, then by the fact base's
order (a later file, or later in a file, is the newer word):

- `fulfilled`: the follow-up says it happened or holds (`happened`, `ongoing`);
- `cancelled`: the follow-up says it was called off (`cancelled`);
- `rescheduled`: the follow-up looks ahead itself (a new date, or announced again); that
  follow-up is then tracked in its own right;
- with no follow-up: `unconfirmed` when the last day its date allows is before today (no
  recorded source says what came of it: not "failed"), `open` while that day has not passed or
  when the date has no end, `undated` when there is no date at all.

A forward-looking follow-up that a newer follow-up of the same plan has replaced is superseded:
it is no longer anyone's latest word, so it is not tracked (its plan is).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from kzil.model import FACTUAL_STATUSES, FORWARD_STATUSES, STATUSES, Fact, FactBase, Shown
from kzil.spans import latest_day

if TYPE_CHECKING:
    from kzil.query import Filters

# In the order `kzil track` shows them: what needs checking first, what is settled last.
STATES = ("unconfirmed", "open", "undated", "rescheduled", "cancelled", "fulfilled")


class Tracked(NamedTuple):
    fact: Fact
    state: str  # one of STATES
    deadline: str | None  # ISO: the last day the fact's date allows; None without one
    outcome: Fact | None  # the follow-up that decides the state; None without one


def newest(base: FactBase, facts: Iterable[Fact]) -> Fact | None:
    """The latest word among `facts`: by as_of, then source date, then fact base order."""

    def when(fact: Fact) -> tuple[str, str, int]:
        return fact.as_of, base.sources[fact.source].published, base.by_id[fact.id]

    return max(facts, key=when, default=None)


def outcome_of(base: FactBase, fact: Fact | Shown) -> Fact | None:
    """The follow-up that says what came of `fact`, or None when nothing follows it."""
    return newest(base, base.followers(fact.id))


def state_of(fact: Fact | Shown, outcome: Fact | None, today: str) -> str:
    """The state of a forward-looking fact on `today` (ISO), given its deciding follow-up."""
    if outcome is not None:
        if outcome.status in FACTUAL_STATUSES:
            return "fulfilled"
        return "cancelled" if outcome.status == "cancelled" else "rescheduled"
    if fact.date is None:
        return "undated"
    deadline = latest_day(fact)
    return "unconfirmed" if deadline is not None and deadline < today else "open"


def is_superseded(base: FactBase, fact: Fact | Shown) -> bool:
    """A follow-up that is the newest word on none of the facts it follows."""
    if not fact.follows:
        return False
    earlier = (base.facts[base.by_id[key]] for key in fact.follows if key in base.by_id)
    return all(getattr(outcome_of(base, plan), "id", None) != fact.id for plan in earlier)


class States:
    """What came of each plan, asked fact by fact as a timeline's rows are made: a timeline read
    from the store one row at a time (`selection.Ordered`) holds no more than its rows. Which
    facts have a follow-up is read once (one query); only those cost a lookup of their own."""

    def __init__(self, base: FactBase, today: str) -> None:
        self.base, self.today = base, today
        self._followed: frozenset[str] | None = None

    def get(self, fact: Fact) -> Tracked | None:
        """The state of `fact` on `today`; None when it is not tracked (not forward-looking, or
        a follow-up a newer one replaced)."""
        found = self.decide(fact)
        return None if found is None else Tracked(fact, *found)

    def decide(self, item: Fact | Shown) -> tuple[str, str | None, Fact | None] | None:
        """`get` without the fact: the state, deadline and outcome of a fact or of what a
        timeline shows of it."""
        base = self.base
        if item.status not in FORWARD_STATUSES or is_superseded(base, item):
            return None
        if self._followed is None:
            self._followed = frozenset(base.by_follows)
        outcome = outcome_of(base, item) if item.id in self._followed else None
        return state_of(item, outcome, self.today), latest_day(item), outcome


def forward(filters: Filters) -> Filters | None:
    """`filters` narrowed to the forward-looking statuses, so the store reads only what `track`
    lists; None when the statuses asked for are none of them."""
    statuses = [status for status in STATUSES if status in FORWARD_STATUSES]
    if filters.statuses:
        statuses = [status for status in statuses if status in filters.statuses]
    return filters._replace(statuses=tuple(statuses)) if statuses else None


def track(base: FactBase, today: str, chosen: Iterable[Fact] | None = None) -> list[Tracked]:
    """The tracked facts among `chosen` (default: all; in the fact base's order, as
    `query.select` gives them), by state, then deadline, then that order (the sort is stable)."""
    states = States(base, today)
    found = (states.get(fact) for fact in (base.facts if chosen is None else chosen))
    rows = [row for row in found if row is not None]

    def order(row: Tracked) -> tuple[int, bool, str]:
        return STATES.index(row.state), row.deadline is None, row.deadline or ""

    return sorted(rows, key=order)
