"""Plain records (dicts of JSON types) for every command's machine-readable output.

These are the stable contract documented in README.md ("Output for scripts"): keys, their order
and their meaning only change with a new major version.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

# The fact record is the one the compiled store serialises: defined once, in the loading layer.
from kzil.loading.contract import FACT_KEYS, Record
from kzil.loading.contract import fact_record as fact
from kzil.model import COUNTRY, ENTITY, SECTOR, SOURCE, STATUS, STATUSES, Fact, FactBase, Kind, Source

if TYPE_CHECKING:
    from kzil.coverage import Context
    from kzil.loading.loader import Report
    from kzil.track import Tracked

__all__ = ["FACT_KEYS", "Record", "fact"]
# `kzil track`: a fact's record, then what came of it.
TRACK_KEYS = (*FACT_KEYS, "state", "deadline", "outcome")


def tracked(row: Tracked, lang: str) -> Record:
    return {
        **fact(row.fact, lang),
        "state": row.state,
        "deadline": row.deadline,
        "outcome": row.outcome.id if row.outcome else None,
    }


NAME_KEYS = ("sector_names", "country_names", "entity_names")


def fact_with_names(item: Fact, base: FactBase, lang: str) -> Record:
    """The fact's record and, after its keys, the names of its sectors, countries and entities
    in `lang` (in the order of their ids), so a script need not look them up."""
    record = fact(item, lang)
    for key, kind, ids in zip(
        NAME_KEYS, (SECTOR, COUNTRY, ENTITY), (item.sectors, item.countries, item.entities), strict=True
    ):
        table = base.named(kind.name)
        record[key] = [table[name].name.get(lang) for name in ids]
    return record


def chosen_keys(fields: Sequence[str], valid: Sequence[str]) -> list[str]:
    """`fields` (from --json=FIELDS or --fields) checked against the keys a view has."""
    from kzil.errors import UsageError

    for name in fields:
        if name not in valid:
            raise UsageError(f"unknown field '{name}'; the fields are: {', '.join(valid)}")
    return list(fields)


def context(found: Context) -> Record:
    """Where a quote stands in its source text: the text file, the paragraph's first line, the
    paragraph, and the quote's offsets in it (end exclusive)."""
    return {
        "text": found.path,
        "line": found.line,
        "paragraph": found.paragraph,
        "start": found.start,
        "end": found.end,
    }


def plain_cell(value: Any) -> str:
    """A record's value as the text of a table cell: lists joined with commas, null as nothing."""
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def reference_table(
    rows: Sequence[Record], columns: Sequence[tuple[str, str]], lang: str
) -> tuple[list[str], list[list[str]]]:
    """The headings and cells of a reference list as people read it (tables, Markdown): every
    column but one that repeats an earlier column cell by cell (a status's English label is its id)."""
    from kzil.i18n import word

    cells = [[plain_cell(row[key]) for key, _ in columns] for row in rows]
    shown = _distinct_columns(cells, len(columns))
    headers = [word(columns[i][1], lang) for i in shown]
    return headers, [[row[i] for i in shown] for row in cells]


def _distinct_columns(cells: Sequence[Sequence[str]], count: int) -> list[int]:
    kept: list[int] = []
    for i in range(count):
        if not any(all(row[i] == row[j] for row in cells) for j in kept):
            kept.append(i)
    return kept


def citation(source: Source, base: FactBase, lang: str) -> str:
    """Outlet, place, date, kind, speaker and role: enough to find and cite the source."""
    from kzil.i18n import source_kind, word

    kind = source_kind(source.kind, lang)
    where = {"outlet": source.outlet, "place": source.place.get(lang), "published": source.published}
    if source.speaker is None:
        return word("citation_unnamed", lang, kind=kind, **where)
    speaker = base.entities.get(source.speaker)
    who = speaker.name.get(lang) if speaker else source.speaker
    if speaker and speaker.role:
        who += f", {speaker.role.get(lang)}"
    return word(
        "citation_line",
        lang,
        **where,
        kind=kind,
        who=who,
    )


def attribution(fact: Fact, base: FactBase, lang: str) -> str:
    """Who said the fact's words and how the source gives them, e.g. "Yoav Bystritsky (direct
    speech)": a quote in indirect speech holds the outlet's words, not the speaker's."""
    from kzil.i18n import word

    speaker = base.entities.get(fact.said_by)
    # Nobody named (an article, a press release, a note): the words are the outlet's own.
    who = speaker.name.get(lang) if speaker else fact.said_by or base.sources[fact.source].outlet
    return f"{who} ({word('speech_' + fact.speech, lang)})"


def source(item: Source, base: FactBase, lang: str) -> Record:
    return {
        "id": item.id,
        "outlet": item.outlet,
        "kind": item.kind,
        "published": item.published,
        "place": item.place.get(lang),
        "language": item.language,
        "speaker": item.speaker,
        "title": item.title.get(lang),
        "url": item.url,
        "sha256": item.sha256,
        "facts": base.count_of("source", item.id),
        "citation": citation(item, base, lang),
    }


def sources(base: FactBase, lang: str) -> list[Record]:
    return [source(item, base, lang) for item in base.sources.values()]


def _named(base: FactBase, kind: Kind, lang: str) -> list[Record]:
    return [
        {
            kind.key: key,
            "name": item.name.get(lang),
            "aliases": list(item.aliases),
            "facts": base.count_of(kind.name, key),
        }
        for key, item in base.named(kind.name).items()
    ]


def sectors(base: FactBase, lang: str) -> list[Record]:
    return _named(base, SECTOR, lang)


def countries(base: FactBase, lang: str) -> list[Record]:
    return _named(base, COUNTRY, lang)


def entities(base: FactBase, lang: str) -> list[Record]:
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "name": e.name.get(lang),
            "role": e.role.get(lang) if e.role else None,
            "country": e.country,
            "aliases": list(e.aliases),
            "facts": base.count_of("entity", e.id),
        }
        for e in base.entities.values()
    ]


def statuses(base: FactBase, lang: str) -> list[Record]:
    from kzil.i18n import STATUS_SYMBOLS, status_label, status_meaning

    return [
        {
            "id": status,
            "label": status_label(status, lang),
            "symbol": STATUS_SYMBOLS[status],
            "meaning": status_meaning(status, lang),
            "facts": base.count_of("status", status),
        }
        for status in STATUSES
    ]


def overview(base: FactBase, lang: str) -> Record:
    from kzil import spans  # only here: a cached JSON listing need not import it

    counts = {key: dict.fromkeys(STATUSES, 0) for key in base.sectors}
    for item in base.facts:
        for key in item.sectors:
            counts[key][item.status] += 1
    return {
        "facts": len(base.facts),
        "undated": sum(1 for item in base.facts if item.date is None),
        "statuses": {status: len(base.by_status.get(status, ())) for status in STATUSES},
        "sectors": [
            {"id": key, "name": base.sectors[key].name.get(lang), "counts": row, "total": sum(row.values())}
            for key, row in counts.items()
        ],
        "years": [{"year": year, "facts": n} for year, n in spans.facts_per_year(base.facts)],
    }


def year_runs(years: Sequence[Record]) -> list[tuple[str, int]]:
    """Facts per year for people: consecutive years with the same count as one row ("1992–2022"),
    since a fact with an open end counts in every year it reaches."""
    runs: list[tuple[int, int, int]] = []  # first year, last year, facts
    for row in years:
        year, n = row["year"], row["facts"]
        if runs and runs[-1][1] == year - 1 and runs[-1][2] == n:
            runs[-1] = (runs[-1][0], year, n)
        else:
            runs.append((year, year, n))
    return [(str(first) if first == last else f"{first}–{last}", n) for first, last, n in runs]


def _counts(base: FactBase) -> Record:
    return {
        "facts": len(base.facts),
        "sources": len(base.sources),
        "sectors": len(base.sectors),
        "countries": len(base.countries),
        "entities": len(base.entities),
    }


def validation(report: Report) -> Record:
    return {
        "valid": not report.problems,
        "files": report.files,
        "problems": [problem._asdict() for problem in report.problems],
        "counts": _counts(report.base),
        "quotes_checked_against": report.texts,
        "quotes_not_checked": report.unchecked,
    }


def validation_summary(report: Report, lang: str = "en") -> str:
    """The last line of `kzil validate`: the verdict, what was counted, what was checked."""
    from kzil.i18n import counted, word
    from kzil.loading.files import shown

    files = ", ".join(shown(path) for path in report.files)
    if report.problems:
        problems = counted("problems", len(report.problems), lang)
        verdict = word("verdict_invalid", lang, files=files, problems=problems)
    else:
        counts = ", ".join(counted(kind, n, lang) for kind, n in _counts(report.base).items())
        verdict = word("verdict_valid", lang, files=files, counts=counts)
    if report.texts:
        checked = ", ".join(shown(path) for path in report.texts.values())
        verdict += word("quotes_checked", lang, files=checked)
    if report.unchecked:
        verdict += word("quotes_unchecked", lang, sources=", ".join(report.unchecked))
    return verdict


REFERENCE: dict[Kind, Callable[[FactBase, str], list[Record]]] = {
    SOURCE: sources,
    SECTOR: sectors,
    COUNTRY: countries,
    ENTITY: entities,
    STATUS: statuses,
}


def reference(kind: Kind, base: FactBase, lang: str) -> list[Record]:
    """The records of a reference list: sources, sectors, countries, entities or statuses."""
    return REFERENCE[kind](base, lang)
