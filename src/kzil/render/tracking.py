"""Words about follow-ups, shared by every human format: deadlines, outcomes, chains of facts.

Plain strings only (no Rich, no Markdown): `trackview` and `markdown` style them.
"""

from __future__ import annotations

from datetime import date

from kzil.i18n import STATE_SYMBOLS, STATUS_SYMBOLS, counted, state_label, state_meaning, status_label, word
from kzil.model import Fact, FactBase, Shown
from kzil.render import records
from kzil.render.labels import label
from kzil.track import States, Tracked


def when(fact: Fact, lang: str) -> str:
    """A fact's date as a compact label, or its as-of date when it has none."""
    return label(fact.date, lang) if fact.date else f"{word('as_of', lang)} {fact.as_of}"


def deadline_label(row: Tracked) -> str:
    """ISO, as in JSON: one word that a narrow column never breaks."""
    return row.deadline or "—"


def deadline_distance(row: Tracked, today: str, lang: str) -> str:
    """How long ago the deadline passed (unconfirmed), or how long is left (open); else ""."""
    if row.deadline is None or row.state not in ("unconfirmed", "open"):
        return ""
    gap = (date.fromisoformat(today) - date.fromisoformat(row.deadline)).days
    if gap > 0:
        return word("passed_ago", lang, days=counted("days", gap, lang))
    return word("days_left", lang, days=counted("days", -gap, lang)) if gap else word("last_day", lang)


def state_heading(state: str, count: int, lang: str) -> str:
    return f"{STATE_SYMBOLS[state]} {state_label(state, lang)} · {count} — {state_meaning(state, lang)}"


def status_text(fact: Fact, lang: str) -> str:
    return f"{STATUS_SYMBOLS[fact.status]} {status_label(fact.status, lang)}"


def outcome_lines(base: FactBase, outcome: Fact, lang: str) -> tuple[str, str, str]:
    """The deciding follow-up: its status and date, its summary, its id and citation."""
    source = base.sources[outcome.source]
    return (
        f"{status_text(outcome, lang)} · {when(outcome, lang)}",
        outcome.summary.get(lang),
        f"{outcome.id} · {records.citation(source, base, lang)}",
    )


def timeline_notes(fact: Fact | Shown, states: States, lang: str) -> list[str]:
    """What the timeline says beside a fact: a passed date, its outcome, what it follows."""
    notes = []
    decided = states.decide(fact)
    state, _, outcome = decided if decided is not None else (None, None, None)
    if state == "unconfirmed":
        notes.append(f"{STATE_SYMBOLS['unconfirmed']} {word('date_passed', lang)}")
    elif state is not None and outcome is not None:
        notes.append(f"{STATE_SYMBOLS[state]} {state_label(state, lang)} → {outcome.id}")
    if fact.follows:
        notes.append(f"↳ {word('follows', lang)} {', '.join(fact.follows)}")
    return notes


def chain(base: FactBase, fact: Fact, direction: str) -> list[Fact]:
    """Every fact `fact` follows (`up`) or that follows it (`down`), however far, oldest first."""
    seen: dict[str, Fact] = {}
    pending = [fact]
    while pending:
        current = pending.pop()
        if direction == "up":
            linked = [base.facts[base.by_id[key]] for key in current.follows if key in base.by_id]
        else:
            linked = list(base.followers(current.id))
        for item in linked:
            if item.id not in seen and item.id != fact.id:
                seen[item.id] = item
                pending.append(item)
    return sorted(seen.values(), key=lambda item: (item.as_of, base.by_id[item.id]))


def chain_entry(base: FactBase, item: Fact, lang: str) -> tuple[str, str, str]:
    """One fact of a chain: as-of date, id, status and date; its summary; its citation."""
    source = base.sources[item.source]
    return (
        f"{item.as_of} · {item.id} · {status_text(item, lang)} · {when(item, lang)}",
        item.summary.get(lang),
        records.citation(source, base, lang),
    )
