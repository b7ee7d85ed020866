"""Checks of `follows` across all files read together: known targets, time order, no cycles.

A follow-up says what came of earlier facts, so it must name facts that exist, report no earlier
than they do (`as_of`), and never lead back to itself. Only the follow-ups themselves are held
(few, beside the facts of a large file) with the `as_of` of the facts they name.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from kzil.errors import Problem
from kzil.loading.facts import FactLines
from kzil.loading.wording import Suggestions, short
from kzil.model import Fact

_BUNDLED_HINT = "a follow-up names a fact of the files read together (the bundled base is '@bundled')"

FollowUp = tuple[Fact, FactLines]  # a fact with `follows` (its as_of filled in), and where it is


def check_follows(
    follow_ups: Sequence[FollowUp],
    as_of: Mapping[str, str],
    broken: Collection[str],
    ids: Iterable[str],
    problems: list[Problem],
) -> None:
    """Append a problem for each `follows` entry that names an unknown fact, names a fact
    reported later than the follow-up, or closes a cycle.

    `as_of` gives the as-of date of every valid fact a follow-up names; `broken` the ids of facts
    left out for problems of their own (a `follows` naming one is not reported again); `ids`
    every fact id read, for "did you mean"."""
    suggest = Suggestions()
    for fact, where in follow_ups:
        for i, (target, line) in enumerate(zip(fact.follows, where.follows, strict=True)):
            field = f"facts[{fact.id}].follows[{i}]"
            earlier = as_of.get(target)
            if target == fact.id:
                message = "a fact cannot follow itself; name the earlier fact it reports on"
            elif earlier is None:
                if target in broken:
                    continue
                message = f"unknown fact '{short(target)}'{suggest(target, ids)}; {_BUNDLED_HINT}"
            elif fact.as_of < earlier:
                message = (
                    f"as of {fact.as_of}, before '{target}' ({earlier}): a follow-up reports later "
                    "than the fact it follows; fix 'as_of' (it defaults to the source's date) or the link"
                )
            else:
                continue
            problems.append(Problem(where.file, line, field, message))
    _check_cycles(follow_ups, problems)


def _check_cycles(follow_ups: Sequence[FollowUp], problems: list[Problem]) -> None:
    """Depth-first over `follows`; each link back to a fact on the current path closes a cycle.

    A cycle runs through follow-ups only: every fact on it follows the next."""
    known = {fact.id: (fact, lines) for fact, lines in follow_ups}
    done: set[str] = set()
    for start in known:
        if start in done:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            current, next_link = stack.pop()
            if next_link == 0:
                path.append(current)
                on_path.add(current)
            fact, where = known[current]
            if next_link < len(fact.follows):
                stack.append((current, next_link + 1))
                target = fact.follows[next_link]
                if target in on_path and target != current:
                    cycle = " → ".join([*path[path.index(target) :], target])
                    problems.append(
                        Problem(
                            where.file,
                            where.follows[next_link],
                            f"facts[{current}].follows[{next_link}]",
                            f"closes a cycle ({cycle}): a follow-up reports on an earlier fact, never "
                            "on one that follows it; remove one of these links",
                        )
                    )
                elif target in known and target not in done and target not in on_path:
                    stack.append((target, 0))
            else:
                path.pop()
                on_path.discard(current)
                done.add(current)
