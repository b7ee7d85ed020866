"""The definitions of a fact-base file (sources, sectors, countries, entities), declared field by
field, with the rules beside each.

Each type is a `Spec` (see `fields.py`) and a function that builds the typed record from what was
read; `read_source` … `read_entity` read one entry each. Facts are declared in `facts.py`; a whole
file is read by `parts.py`, and references between records are checked across files by `merge.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from yaml.nodes import Node

from kzil import model
from kzil.loading.fields import (
    BILINGUAL,
    BILINGUAL_NAME,
    COUNTRY,
    COUNTRY_KEY,
    DAY,
    NAME_TEXT,
    NO_ITEMS,
    SLUG,
    SLUG_KEY,
    TEXT,
    Field,
    Found,
    Matches,
    Spec,
    Value,
    When,
    one_of,
    read_record,
    unique_list,
)
from kzil.loading.nodes import NodeReader
from kzil.loading.provenance import SHA256, SHA256_RULE, SPLITS, WAIVED
from kzil.model import ENTITY_KINDS, SOURCE_KINDS, SPEAKING_KINDS, Country, Entity, Sector, Source
from kzil.text import INVISIBLE

R = TypeVar("R")

# An http or https address as RFC 3986 writes one (the scheme in any case, a host, then port, path,
# query and fragment), with non-ASCII letters for addresses such as https://пример.рф; never a
# space, quote, angle bracket, backslash, control or invisible character, which could break out of
# an HTML attribute or make the address look like another one. The JSON Schema holds a looser
# ECMA-262 form of it (`URL_SCHEMA_PATTERN`): what an editor can check as the file is typed.
_OTHER = f"[^\\x00-\\x7f\\s{INVISIBLE}\\x80-\\x9f\\ud800-\\udfff]"
_HOST = f"(?:[-A-Za-z0-9._~!$&'()*+,;=%]|{_OTHER})"
URL_PATTERN = (
    f"(?i:https?)://(?:(?:{_HOST}|:)*@)?(?:\\[[0-9A-Fa-f:.]+\\]|{_HOST}+)(?::[0-9]*)?"
    f"(?:[/?#](?:[-A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%]|{_OTHER})*)?"
)
URL_SCHEMA_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s"<>\\\\^`{|}]+$'
LANGUAGE_PATTERN = "^[a-z]{2,3}$"

# --- sources -------------------------------------------------------------------------------------

URL = Field("url", Value(NodeReader.text, {"type": "string", "pattern": URL_SCHEMA_PATTERN}))
OUTLET = Field("outlet", TEXT, required=True)
SOURCE_KIND = Field("kind", one_of(SOURCE_KINDS), required=True)
PUBLISHED = Field("published", DAY, required=True)
PLACE = Field("place", BILINGUAL, required=True)
LANGUAGE = Field("language", Value(NodeReader.text, {"type": "string", "pattern": LANGUAGE_PATTERN}), True)
SPEAKER = Field("speaker", SLUG)  # an entity id; interviews and statements need one
TITLE = Field("title", BILINGUAL, required=True)

SOURCE = Spec(
    # The url is read first: a source whose url is refused is not read further.
    (URL, OUTLET, SOURCE_KIND, PUBLISHED, PLACE, LANGUAGE, SPEAKER, TITLE, SHA256, SPLITS, WAIVED),
    (
        Matches("url", URL_PATTERN, "must be an http:// or https:// address", stops=True),
        Matches("language", LANGUAGE_PATTERN, "must be an ISO 639 code such as ru or en"),
        SHA256_RULE,
        When(
            "kind",
            SPEAKING_KINDS,
            "speaker",
            True,
            "missing field 'speaker': interviews and statements name who speaks (an entity id)",
        ),
    ),
    key=SLUG_KEY,
)


def _source(key: str, found: Found) -> Source:
    return Source(
        key,
        found.must(OUTLET),
        found.must(SOURCE_KIND),
        found.must(PUBLISHED),
        found.must(PLACE),
        found.must(LANGUAGE),
        found.get(SPEAKER),
        found.must(TITLE),
        found.get(URL),
        found.get(SHA256),
        found.must(SPLITS)[0],
        found.must(WAIVED),
    )


# --- sectors and countries: a name and aliases ---------------------------------------------------

NAME = Field("name", BILINGUAL_NAME, required=True)
ALIASES = Field("aliases", unique_list(NAME_TEXT), default=NO_ITEMS)

SECTOR = Spec((NAME, ALIASES), key=SLUG_KEY)
COUNTRY_SPEC = Spec((NAME, ALIASES), key=COUNTRY_KEY)


def _aliases(found: Found) -> tuple[str, ...]:
    return (found.get(ALIASES) or NO_ITEMS)[0]


def _sector(key: str, found: Found) -> Sector:
    return Sector(key, found.must(NAME), _aliases(found))


def _country(key: str, found: Found) -> Country:
    return Country(key, found.must(NAME), _aliases(found))


# --- entities ------------------------------------------------------------------------------------

ENTITY_KIND = Field("kind", one_of(ENTITY_KINDS), required=True)
ROLE = Field("role", BILINGUAL)
HOME = Field("country", COUNTRY)

ENTITY = Spec((ENTITY_KIND, NAME, ROLE, HOME, ALIASES), key=SLUG_KEY)


def _entity(key: str, found: Found) -> Entity:
    return Entity(
        key, found.must(ENTITY_KIND), found.must(NAME), found.get(ROLE), found.get(HOME), _aliases(found)
    )


def _definition(
    spec: Spec, kind: model.Kind, build: Callable[[str, Found], R]
) -> Callable[[NodeReader, str, Node], R | None]:
    def read(reader: NodeReader, key: str, node: Node) -> R | None:
        """One definition under the kind's table, e.g. `sources.<key>`; None after a problem."""
        found = read_record(reader, spec, node, f"{kind.plural}.{key}")
        return None if found is None else build(key, found)

    return read


read_source = _definition(SOURCE, model.SOURCE, _source)
read_sector = _definition(SECTOR, model.SECTOR, _sector)
read_country = _definition(COUNTRY_SPEC, model.COUNTRY, _country)
read_entity = _definition(ENTITY, model.ENTITY, _entity)
