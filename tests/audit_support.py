"""The sentence audit of the interview (data/audit.tsv): read the table.

The text is split by the package's own splitter (`kzil.coverage.sentences`), the one
`kzil coverage` uses, so the audit and the command cannot disagree on what a sentence is.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

AUDIT_HEADER = ("n", "opening", "facts", "waiver")


class AuditRow(NamedTuple):
    n: int
    opening: str
    facts: tuple[str, ...]
    waiver: str


def read_audit(path: Path) -> list[AuditRow]:
    """Rows of an audit table: a tab-separated header `n opening facts waiver`, then one row a line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != AUDIT_HEADER:
        header = " ".join(AUDIT_HEADER)
        raise ValueError(f"{path}: the first line must be the tab-separated header: {header}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(AUDIT_HEADER):
            raise ValueError(f"{path}:{number}: {len(cells)} cells, expected {len(AUDIT_HEADER)}")
        n, opening, facts, waiver = cells
        rows.append(AuditRow(int(n), opening, tuple(facts.split()), waiver.strip()))
    return rows
