"""What an exported database says about itself: the `about` table and Datasette's metadata.

The source and its citation are named in both (Datasette shows the metadata's `source` on every
page); the metadata also describes the tables, asks for the facets a reader of the facts wants
(status, year, sector, country) and offers a `search` query that folds ё as kzil does.
"""

from __future__ import annotations

import os
from typing import Any

from kzil import __version__
from kzil.model import FactBase
from kzil.text import SAME_LETTERS

TITLE = "Kazakhstan–Israel relations from the source: a verifiable fact base (kzil)"
DESCRIPTION = (
    "Facts from the sources, each with the verbatim quote it rests on, a status that keeps what "
    "happened apart from what is planned, hoped or proposed, and an honest date (EDTF)."
)
TABLES = {
    "facts": "One row per fact: every field of kzil's JSON record (texts in English and Russian), "
    "year = the year the fact stands at on the timeline, search = the folded text kzil searches.",
    "fact_json": "Each fact's JSON record as `kzil --json` prints it, in English (en) and Russian (ru).",
    "fact_sectors": "Which facts name which sectors.",
    "fact_countries": "Which facts name which countries (ISO 3166-1 alpha-2 codes).",
    "fact_entities": "Which facts name which people, bodies, places and programs.",
    "fact_follows": "Which facts are follow-ups of which earlier facts (what came of a plan).",
    "sources": "Where the facts come from.",
    "sectors": "Sectors, with their names and aliases.",
    "countries": "Countries, with their names and aliases.",
    "entities": "People, bodies, places and programs, with their names, roles and aliases.",
    "kzil_store": "The kzil version and store layout that wrote this file.",
    "about": "What this database is, and the citation of its sources.",
}
# kzil folds case and ё = е; SQLite's trigram tokenizer folds case, the query folds ё.
_YO, _YE = SAME_LETTERS
SEARCH = (
    'select "position", "id", "date", "status", "summary_en", "summary_ru", "quote" from "facts" '
    'where "position" in (select rowid from "facts_fts" where "facts_fts" match '
    f"escape_fts(replace(replace(:text, '{_YO}', '{_YE}'), '{_YO.upper()}', '{_YE.upper()}'))) "
    'order by "position"'
)
SEARCH_TITLE = f"Search as kzil does (any case, {_YO} = {_YE})"


def about(base: FactBase, path: str) -> tuple[dict[str, str], dict[str, Any]]:
    """The rows of the `about` table, and the Datasette metadata of the database at `path`."""
    from kzil.render.records import citation

    sources = list(base.sources.values())
    cited = {lang: "; ".join(citation(source, base, lang) for source in sources) for lang in ("en", "ru")}
    urls = [source.url for source in sources if source.url]
    rows = {
        "title": TITLE,
        "description": DESCRIPTION,
        "citation_en": cited["en"],
        "citation_ru": cited["ru"],
        "sources": ", ".join(source.id for source in sources),
        "written_by": f"kzil {__version__}",
        "search": f"facts_fts: FTS5 trigram over facts.search (folded: any case; type {_YE} for {_YO})",
    }
    name = os.path.splitext(os.path.basename(path))[0]
    tables: dict[str, Any] = {table: {"description": text} for table, text in TABLES.items()}
    tables["facts"].update(
        {
            "facets": ["status", "year", {"array": "sectors"}, {"array": "countries"}],
            "fts_table": "facts_fts",
            "fts_pk": "position",
            "label_column": "id",
        }
    )
    metadata: dict[str, Any] = {
        "title": TITLE,
        "description": DESCRIPTION,
        "source": cited["en"],
        **({"source_url": urls[0]} if urls else {}),
        "databases": {
            name: {
                "tables": tables,
                "queries": {
                    "search": {"title": f"Search as kzil does (any case, {_YO} = {_YE})", "sql": SEARCH}
                },
            }
        },
    }
    return rows, metadata
