"""One run per command through the installed console script: the entry point, imports and exit status.

Everything else about a command's output is tested in process (tests/support.py `invoke`).
"""

from __future__ import annotations

import pytest

from tests.support import COMMANDS, COVERAGE_FIXTURE, Kzil

# command line -> a line its output must contain
SMOKE = {
    "timeline": (["timeline", "--today", "2026-11-25", "--json"], '{"id": "scat-shymkent-flights"'),
    "track": (
        ["track", "--today", "2026-11-25", "--state", "unconfirmed", "--format", "tsv"],
        "scat-shymkent-flights\t2026-06-09\t",
    ),
    "facts": (["facts", "--status", "pending", "--format", "csv"], "signing-ceremony-pending,"),
    "sector": (["sector", "water"], "Water resources · 10 facts"),
    "search": (["search", "Astana", "Hub", "--format", "jsonl"], '{"id": "israeli-companies-market-entry"'),
    "entity": (["entity", "tokayev", "--lang", "ru", "--format", "markdown"], "## Касым-Жомарт Токаев"),
    "show": (["show", "water-mou-signed", "--format", "tsv"], "water-mou-signed\t2025-11\t"),
    "overview": (["overview", "--json"], '"undated": '),
    "sectors": (["sectors"], "Sectors"),
    "countries": (["countries", "--json"], '{"code": "AE"'),
    "entities": (["entities", "--format", "csv"], "yoav-bystritsky,person,"),
    "sources": (["sources", "--format", "markdown"], "trend-2026-02-17"),
    "statuses": (["statuses", "--lang", "ru"], "произошло"),
    "validate": (["validate"], " facts, 1 source, "),
    "coverage": (
        ["--data", str(COVERAGE_FIXTURE / "facts.yaml"), "coverage", "--source-dir", str(COVERAGE_FIXTURE)],
        "note-1: 4 sentences (5 parts: 1 split into clauses): 4 cited, 1 waived, 0 not cited; text ",
    ),
    "schema": (["schema"], '"$schema": "https://json-schema.org/draft/2020-12/schema"'),
    "export": (
        ["export", "sqlite", "kzil.db", "--sector", "water"],
        "kzil.db: 10 facts; explore it with: datasette",
    ),
}


@pytest.mark.parametrize("command", list(SMOKE))
def test_each_command_runs_through_the_console_script(kzil: Kzil, command: str) -> None:
    args, expected = SMOKE[command]
    result = kzil(*args)
    assert (result.returncode, result.stderr) == (0, "")
    assert expected in result.stdout, result.stdout


def test_the_smoke_tests_cover_every_command() -> None:
    assert sorted(SMOKE) == sorted(COMMANDS)
