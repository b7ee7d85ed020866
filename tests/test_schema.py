"""`facts.schema.json` says what the validator's field specs say, and the lists written in several
places (statuses in the model, i18n, schema and README; entity kinds) agree."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kzil.i18n import STATUS_LABELS, STATUS_MEANINGS, STATUS_STYLES, STATUS_SYMBOLS
from kzil.loading.fields import BILINGUAL_NAME, NAME_PATTERN, NAME_TEXT, SLUG, TEXT, Requires, Spec, When
from kzil.loading.parts import FORMAT_VERSION, SPECS, TOP_FIELDS
from kzil.model import ENTITY_KINDS, LANGS, STATUSES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA: dict[str, Any] = json.loads((ROOT / "src" / "kzil" / "facts.schema.json").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def definition(table: str) -> dict[str, Any]:
    """The schema's definition of one record under `table`, found through its `$ref`."""
    where = SCHEMA["properties"][table]
    ref = (where.get("additionalProperties") or where["items"])["$ref"]
    assert ref.startswith("#/$defs/")
    result: dict[str, Any] = SCHEMA["$defs"][ref.removeprefix("#/$defs/")]
    return result


def without_description(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key != "description"}


def test_the_schema_lists_the_top_level_fields_the_validator_reads() -> None:
    assert list(SCHEMA["properties"]) == list(TOP_FIELDS)
    assert SCHEMA["required"] == ["version"]
    assert SCHEMA["properties"]["version"]["const"] == FORMAT_VERSION
    assert SCHEMA["additionalProperties"] is False
    assert set(SPECS) == set(TOP_FIELDS) - {"version"}


@pytest.mark.parametrize("table", sorted(SPECS))
def test_a_record_in_the_schema_has_the_fields_of_its_spec(table: str) -> None:
    spec = SPECS[table]
    schema = definition(table)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert sorted(schema["properties"]) == sorted(spec.names)
    assert schema["required"] == list(spec.required)


@pytest.mark.parametrize(
    ("table", "name"), [(table, name) for table, spec in sorted(SPECS.items()) for name in spec.names]
)
def test_a_field_in_the_schema_is_read_as_its_spec_says(table: str, name: str) -> None:
    field = SPECS[table].field(name)
    assert without_description(definition(table)["properties"][name]) == dict(field.value.schema)


@pytest.mark.parametrize("table", sorted(table for table, spec in SPECS.items() if spec.key))
def test_the_keys_of_a_definition_table_are_read_as_the_schema_says(table: str) -> None:
    key = SPECS[table].key
    assert key is not None
    assert SCHEMA["properties"][table]["propertyNames"] == dict(key.schema)


@pytest.mark.parametrize("table", sorted(SPECS))
def test_fields_that_need_another_are_dependent_in_the_schema(table: str) -> None:
    spec: Spec = SPECS[table]
    needs: dict[str, list[str]] = {}
    for rule in spec.rules:
        if isinstance(rule, Requires):
            needs.setdefault(rule.field, []).append(rule.needs)
    assert definition(table).get("dependentRequired", {}) == needs


def test_the_shared_definitions_are_the_readers_values() -> None:
    defs = SCHEMA["$defs"]
    assert defs["text"] == dict(TEXT.schema)
    assert defs["slug"] == dict(SLUG.schema)
    # one language or both: a user's file may give only one
    assert without_description(defs["bilingual"]) == {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {lang: dict(TEXT.schema) for lang in LANGS},
    }
    assert without_description(defs["name"]) == {"type": "string", "pattern": NAME_PATTERN}
    assert dict(NAME_TEXT.schema) == {"$ref": "#/$defs/name"}
    assert defs["bilingual_name"] == {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {lang: dict(NAME_TEXT.schema) for lang in LANGS},
    }
    assert dict(BILINGUAL_NAME.schema) == {"$ref": "#/$defs/bilingual_name"}


@pytest.mark.parametrize("table", sorted(SPECS))
def test_a_field_that_another_calls_for_or_rules_out_is_conditional_in_the_schema(table: str) -> None:
    schema = definition(table)
    expected = [
        (
            {"properties": {rule.field: {"enum": sorted(rule.values)}}, "required": [rule.field]},
            {"required": [rule.other]} if rule.required else {"not": {"required": [rule.other]}},
        )
        for rule in SPECS[table].rules
        if isinstance(rule, When)
    ]
    assert ([(schema["if"], schema["then"])] if "if" in schema else []) == expected


def test_every_status_has_a_label_symbol_style_and_meaning_in_each_language() -> None:
    for table in (STATUS_SYMBOLS, STATUS_STYLES, *STATUS_LABELS.values(), *STATUS_MEANINGS.values()):
        assert list(table) == list(STATUSES)
    assert list(STATUS_LABELS) == list(LANGS)
    assert list(STATUS_MEANINGS) == list(LANGS)


def test_the_schema_explains_every_status_with_its_meaning() -> None:
    status = definition("facts")["properties"]["status"]
    assert status["enum"] == list(STATUSES)
    meanings = STATUS_MEANINGS["en"]
    assert status["description"] == "; ".join(f"{status}: {meanings[status]}" for status in STATUSES)


def test_the_readme_lists_every_status_with_its_meaning() -> None:
    paragraph = README[README.index("**Statuses** (`kzil statuses`): ") :].split("\n\n")[0]
    listed = " ".join(paragraph.split()).removeprefix("**Statuses** (`kzil statuses`): ")
    meanings = STATUS_MEANINGS["en"]
    assert listed == " · ".join(f"`{status}` {meanings[status]}" for status in STATUSES) + "."


def spoken_list(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1]


def test_the_entity_kinds_agree_in_the_schema_and_the_readme() -> None:
    assert definition("entities")["properties"]["kind"] == {"enum": list(ENTITY_KINDS)}
    description = SCHEMA["properties"]["entities"]["description"]
    assert f"a {spoken_list(ENTITY_KINDS)} the sources name" in description
    assert re.search(rf"kind: person +# {re.escape(spoken_list(ENTITY_KINDS))}\n", README)
