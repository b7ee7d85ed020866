"""Issue 10, items 10-12: the cost of reading a file grows with the file, whatever it holds.

No test here depends on how fast the machine is. Item 10 compares the CPU time of the same attack
at two sizes: a linear validator takes about four times as long for four times the input, a
quadratic one about sixteen times. Item 11 measures the peak memory of the process (its maximum
resident set, from `os.wait4`) against the bound the README sets. Item 12 compares two commands
over the same file. Run against the installed console script.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.adversarial.adversarial_support import (
    SMALL_BASE,
    assert_no_traceback,
    describe,
    run_limited,
    write,
)

GROWTH = 4  # the larger input is this many times the smaller one
# Linear work takes at most GROWTH times as long (less, with start-up); quadratic work GROWTH².
# The bound sits between them, with room for a loaded machine.
LINEAR_BOUND = 2 * GROWTH

FACT = (
    "  - id: {id}\n    source: src\n    quote: a quote\n    summary: {{en: a, ru: b}}\n    status: {status}\n"
)


def many_aliases(n: int) -> str:
    """One sector with n distinct aliases: duplicates were looked for in a list."""
    aliases = "".join(f"      - alias number {i}\n" for i in range(n))
    return SMALL_BASE.replace(
        "name: {en: Water, ru: Вода}\n", "name: {en: Water, ru: Вода}\n    aliases:\n" + aliases
    )


def repeated_aliases(n: int) -> str:
    """n aliases that are all the same: every one after the first is a problem."""
    aliases = "".join("      - same alias\n" for _ in range(n))
    return SMALL_BASE.replace(
        "name: {en: Water, ru: Вода}\n", "name: {en: Water, ru: Вода}\n    aliases:\n" + aliases
    )


def unknown_references(n: int) -> str:
    """n references to undefined sectors among n/20 defined ones: each got a "did you mean"
    that compared it with every defined sector."""
    sectors = "".join(
        f"  sector-{i}:\n    name: {{en: Sector {i}, ru: Сектор {i}}}\n" for i in range(n // 20)
    )
    refs = "".join(f"      - unknown-{i}\n" for i in range(n))
    text = SMALL_BASE.replace("sectors:\n  water:\n", "sectors:\n" + sectors + "  water:\n")
    return text.replace("    sectors: [water]\n", "    sectors:\n" + refs)


def unknown_entities_in_facts(n: int) -> str:
    """n facts, each naming an undefined entity, among n/20 defined entities."""
    entities = "".join(
        f"  person-{i}:\n    kind: person\n    name: {{en: P {i}, ru: Л {i}}}\n" for i in range(n // 20)
    )
    facts = "".join(
        FACT.format(id=f"g{i}", status="happened") + f"    entities: [nobody-{i}]\n" for i in range(n)
    )
    return SMALL_BASE.replace("entities:\n", "entities:\n" + entities, 1) + facts


def unknown_fields(n: int) -> str:
    """A fact with n fields that do not exist."""
    fields = "".join(f"    field{i}: x\n" for i in range(n))
    return SMALL_BASE.replace("    status: happened\n", "    status: happened\n" + fields)


def misspelt_statuses(n: int) -> str:
    return SMALL_BASE + "".join(FACT.format(id=f"g{i}", status="happend") for i in range(n))


def shared_names(n: int) -> str:
    """n sectors that all claim the same alias."""
    sectors = "".join(
        f"  sector-{i}:\n    name: {{en: S {i}, ru: С {i}}}\n    aliases: [shared]\n" for i in range(n)
    )
    return SMALL_BASE.replace("sectors:\n", "sectors:\n" + sectors, 1)


ATTACKS: dict[str, tuple[Callable[[int], str], int]] = {
    "many-aliases": (many_aliases, 20_000),
    "repeated-aliases": (repeated_aliases, 20_000),
    "unknown-references": (unknown_references, 6_000),
    "unknown-entities-in-facts": (unknown_entities_in_facts, 3_000),
    "unknown-fields": (unknown_fields, 10_000),
    "misspelt-statuses": (misspelt_statuses, 3_000),
    "shared-names": (shared_names, 3_000),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_validation_time_grows_linearly_with_the_file(tmp_path: Path, attack: str) -> None:
    make, n = ATTACKS[attack]
    names = [write(tmp_path, f"{attack}-{size}.yaml", make(size)) for size in (n, GROWTH * n)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda name: run_limited(tmp_path, "validate", name), names))
    for (result, _, _), name in zip(runs, names, strict=True):
        assert_no_traceback(result)
        assert result.returncode in (0, 1) and result.stderr == "", f"{name}: {describe(result)}"
    (_, small, _), (_, large, _) = runs
    assert large < LINEAR_BOUND * small, (
        f"{attack}: {small:.2f} s of CPU, then {large:.2f} s for {GROWTH}x the input"
    )


def test_the_overview_is_bounded_by_the_years_of_the_data_not_each_span(tmp_path: Path) -> None:
    """20,000 facts dated 0001/9999: counting facts per year touched each of 9,999 years per fact."""
    facts = "".join(
        FACT.format(id=f"g{i}", status="happened")
        + "    date: 0001/9999\n    date_text: {en: always, ru: всегда}\n"
        for i in range(20_000)
    )
    name = write(tmp_path, "spans.yaml", SMALL_BASE + facts)
    warm, _, _ = run_limited(tmp_path, "--data", name, "facts", "--json")
    assert warm.returncode == 0, describe(warm)
    _, listing_cpu, _ = run_limited(tmp_path, "--data", name, "facts", "--json")
    overview, overview_cpu, _ = run_limited(tmp_path, "--data", name, "overview", "--json")
    assert overview.returncode == 0, describe(overview)
    assert '"year": 9999' in overview.stdout and '"year": 1,' in overview.stdout
    # Both read the same compiled copy; the overview may count, not walk every span.
    assert overview_cpu < 2 * listing_cpu + 1, (
        f"overview {overview_cpu:.2f} s of CPU, facts {listing_cpu:.2f} s"
    )


# --- 11. memory follows the useful content ---------------------------------------------------------

MB = 1_000_000
SIZE = 6 * MB
EMPTY = "[]," * (SIZE // 3)


def _memory_cases() -> dict[str, str]:
    many_facts = "".join(
        f"  - {{id: t{i}, source: src, quote: a quote, summary: {{en: a, ru: b}}, status: happened}}\n"
        for i in range(SIZE // 85)
    )
    return {
        "empty-lists-as-ids": SMALL_BASE.replace("    sectors: [water]\n", f"    sectors: [{EMPTY}[]]\n"),
        "empty-lists-as-aliases": SMALL_BASE.replace(
            "name: {en: Water, ru: Вода}\n", f"name: {{en: Water, ru: Вода}}\n    aliases: [{EMPTY}[]]\n"
        ),
        "empty-lists-as-facts": f"version: 1\nfacts: [{EMPTY}[]]\n",
        "empty-lists-as-a-table": f"version: 1\nsectors: [{EMPTY}[]]\n",
        "empty-mappings-as-facts": SMALL_BASE + "  - {}\n" * (SIZE // 7),
        "empty-entries-in-a-table": "version: 1\nsectors: {"
        + ", ".join(f"k{i}: []" for i in range(SIZE // 10))
        + "}\n",
        "an-unknown-field": f"{SMALL_BASE}bogus: [{EMPTY}[]]\n",
        "a-list-as-a-key": f"version: 1\n? [{EMPTY}[]]\n: x\n",
        "an-anchor-then-empty-lists": f"version: 1\nx: &a 1\nfacts: [{EMPTY}[]]\n",
        "a-second-document": f"version: 1\nfacts: [{EMPTY}[]]\n---\nversion: 1\n",
        "tiny-valid-facts": SMALL_BASE + many_facts,
    }


def memory_bound(size: int) -> int:
    """The README's bound on a first run's peak memory: 4 × the file plus 150 MB."""
    return 4 * size + 150 * MB


@pytest.mark.parametrize("case", list(_memory_cases()))
def test_peak_memory_stays_within_the_bound_whatever_the_file_holds(tmp_path: Path, case: str) -> None:
    name = write(tmp_path, f"{case}.yaml", _memory_cases()[case])
    size = (tmp_path / name).stat().st_size
    assert size > SIZE * 0.9
    result, _, peak = run_limited(
        tmp_path, "--no-cache", "--data", name, "facts", "--json", address_space=4 << 30
    )
    assert_no_traceback(result)
    assert "internal error" not in result.stderr, describe(result)
    assert result.returncode == (0 if case == "tiny-valid-facts" else 1), describe(result)
    assert peak < memory_bound(size), f"{case}: peak {peak / MB:.0f} MB for a {size / MB:.0f} MB file"
