"""What `kzil coverage` prints: the parts of each source's text no fact cites, as lines or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kzil.coverage import Coverage, Part
from kzil.errors import Problem
from kzil.text import visible


def _where(part: Part) -> str:
    clause = f", clause {part.clause}" if part.clause else ""
    return f"sentence {part.sentence}{clause}"


def _summary(report: Coverage) -> str:
    parts = report.parts
    split = len({part.sentence for part in parts if part.clause})
    size = f"{report.sentences} sentences" + (
        f" ({len(parts)} parts: {split} split into clauses)" if split else ""
    )
    cited = sum(1 for part in parts if part.cited)
    waived = sum(1 for part in parts if part.waiver is not None and not part.cited)
    missing = len(report.missing())
    return f"{report.source}: {size}: {cited} cited, {waived} waived, {missing} not cited; text {report.path}"


def lines(versions: Sequence[Problem], reports: Sequence[Coverage], not_checked: Sequence[str]) -> str:
    """A text that is not the recorded version first, then splits and waivers that do not fit the
    text, then each part no fact cites as `file:line: sentence N: not cited: text`, then a summary
    line per source."""
    out = [str(problem) for problem in versions]
    for report in reports:
        out += [str(problem) for problem in report.problems]
        out += [
            f"{report.path}:{part.line}: {_where(part)}: not cited by any fact nor waived: {part.span.text}"
            for part in report.missing()
        ]
    out += [_summary(report) for report in reports]
    if not_checked:
        out.append(f"no text for {', '.join(not_checked)} in the source directory: not checked")
    return "".join(visible(line, one_line=True) + "\n" for line in out)


def record(
    versions: Sequence[Problem], reports: Sequence[Coverage], not_checked: Sequence[str]
) -> dict[str, Any]:
    """`{complete, problems, sources: [{source, text, sentences, parts: [...]}], not_checked}`."""
    return {
        "complete": not versions and all(not r.problems and not r.missing() for r in reports),
        "problems": [problem._asdict() for problem in [*versions, *(p for r in reports for p in r.problems)]],
        "sources": [
            {
                "source": report.source,
                "text": report.path,
                "sentences": report.sentences,
                "parts": [_part(part) for part in report.parts],
            }
            for report in reports
        ],
        "not_checked": list(not_checked),
    }


def _part(part: Part) -> dict[str, Any]:
    return {
        "sentence": part.sentence,
        "clause": part.clause or None,
        "line": part.line,
        "text": part.span.text,
        "facts": list(part.facts),
        "waived": part.waiver.reason._asdict() if part.waiver is not None else None,
    }
