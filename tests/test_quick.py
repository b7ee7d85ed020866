"""The fact read straight from its events (`quick`) is the one the composer and the validator read,
and anything they would say something about is left to them."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import yaml
from yaml._yaml import CParser
from yaml.events import MappingStartEvent

from kzil.errors import Problem
from kzil.loading import quick
from kzil.loading.compose import FACT_VALUES, Budget, Composer
from kzil.loading.facts import FactLines, read_fact
from kzil.loading.nodes import NodeReader

FIELDS = {
    "id": "water-mou",
    "source": "trend-2026-02-17",
    "quote": "Мы подписали меморандум о воде",
    "said_by": "yoav-bystritsky",
    "speech": "direct",
    "summary": "{en: A water memorandum was signed, ru: Подписан меморандум о воде}",
    "status": "happened",
    "date": "2025-11",
    "date_text": "{en: in November 2025, ru: в ноябре 2025 года}",
    "derived": "false",
    "sectors": "[water, economy]",
    "countries": "[KZ, IL]",
    "entities": "[israel-water-authority]",
    "notes": "{en: A note, ru: Заметка}",
    "as_of": "'2026-02-17'",
    "follows": "[earlier-fact]",
}

# Values that something in YAML or in the validator reads otherwise than as a plain text.
ODD_SCALARS = [
    "",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "Off",
    "1",
    "-1",
    "1.5",
    ".inf",
    "0x1F",
    "12:30",
    "2026-02-17",
    "'yes'",
    '"x\\U0001F600"',
    "' lead'",
    "'trail '",
    "'  '",
    "UPPER",
    "a--b",
    "-a",
    "kz",
    "KZ",
    "KAZ",
    "true",
    "True",
    "'true'",
    "FALSE",
    "assessment",
    "indirect",
    "scheduled",
    "2025-13",
    "2025-02-30",
    "'2025'",
    "2025",
    "20XX",
    "!!str water",
    "! water",
    "!custom water",
    "&anchor water",
    "*alias",
    "=",
    "<<",
    "1" + "0" * 50,
    "1 then a long text that goes on past forty characters, yes",
    "a long plain text that goes on past forty characters: yes",
    '"zero\\u200bwidth"',
    '"bidi\\u202etext"',
    "x\tx",
]
ODD_VALUES = [
    *ODD_SCALARS,
    "[]",
    "{}",
    "[water]",
    "[water, water]",
    "[water, Water]",
    "[[water]]",
    "[{en: x}]",
    "[KZ, kz]",
    "[~]",
    "[yes]",
    "['yes']",
    "[!!str water]",
    "[&a water]",
    "{en: x}",
    "{ru: x}",
    "{en: x, en: y}",
    "{en: x, 'en': y}",
    "{en: x, ru: y, fr: z}",
    "{EN: x}",
    "{en: [x]}",
    "{en: {a: b}}",
    "{en: ~}",
    "{en: yes}",
    "{en: ''}",
    "{en: ' x'}",
    "{[en]: x}",
    "!!map {en: x}",
    "&b {en: x}",
    "!!seq [water]",
]


def fact_text(fields: dict[str, str]) -> str:
    return "- {" + ", ".join(f"{key}: {value}" for key, value in fields.items()) + "}\n"


def both_ways(text: str) -> tuple[Any, Any]:
    """What `quick` reads of the one fact in `text`, and what the composer and validator read
    (the fact and its lines, or the problems); the name of the error raised, if one is."""
    parser = CParser(text)
    for _ in range(3):  # the stream, the document and the list start
        parser.get_event()
    first = parser.get_event()
    assert type(first) is MappingStartEvent
    found: Any
    try:
        events, whole = quick.events_of(first, parser.get_event)
        found = quick.read_quick(events, "f.yaml") if whole else None
    except yaml.YAMLError as error:  # the composer meets it too, at the same event
        found = type(error).__name__
    parser = CParser(text)
    for _ in range(3):
        parser.get_event()
    problems: list[Problem] = []
    try:
        composer = Composer(parser.get_event, "f.yaml", problems)
        node = composer.unit(parser.get_event(), 3, Budget(FACT_VALUES, "in one fact"))
        assert node is not None
        slow = read_fact(NodeReader("f.yaml", problems, aliases=False), 0, node)
    except Exception as error:  # YAML errors, and Fallback for anchors and aliases
        return found, type(error).__name__
    return found, problems if problems else slow


def check(fields: dict[str, str]) -> bool:
    """Whether `quick` read the fact; when it did, it is what the validator reads, without problems."""
    found, slow = both_ways(fact_text(fields))
    if isinstance(found, str):  # a YAML error
        assert found == slow
        return False
    if found is not None:
        assert found == slow
    return found is not None


def test_a_plain_fact_is_read_quickly_as_the_validator_reads_it() -> None:
    assert check(FIELDS)
    block = "- id: water-mou\n  source: s\n  quote: q\n  summary:\n    en: e\n  status: ongoing\n"
    block += "  sectors:\n  - water\n  - economy\n  said_by: '2'\n  follows: [a, b]\n"
    found, slow = both_ways(block)
    assert found is not None and found == slow
    assert found[1] == FactLines("f.yaml", 1, 2, 3, (8, 9), (), (), 10, (11, 11))


@pytest.mark.parametrize("name", list(FIELDS))
def test_a_fact_without_an_optional_field_or_with_a_required_one_missing(name: str) -> None:
    fields = {key: value for key, value in FIELDS.items() if key != name}
    read = check(fields)
    assert read == (name not in quick._REQUIRED and name not in ("date", "date_text"))


@pytest.mark.parametrize("name", list(FIELDS))
def test_odd_values_of_each_field(name: str) -> None:
    read = {value for value in ODD_VALUES if check({**FIELDS, name: value})}
    assert read  # some odd value is still read quickly (a text, a list, a quoted date...)


@pytest.mark.parametrize("key", ["unknown", "Id", "'id'", "!!str id", "[id]", "&k id", "~", "? {a: b}"])
def test_odd_keys(key: str) -> None:
    fields = {**FIELDS, key: "x"}
    check(fields)
    assert check({("'source'" if k == "source" else k): v for k, v in FIELDS.items()})


def test_repeated_keys_and_rules_between_fields() -> None:
    text = fact_text(FIELDS)
    assert not both_ways(text.replace("}", ", id: again}"))[0]
    assert not check({**FIELDS, "status": "assessment"})  # it follows something
    without_follows = {k: v for k, v in FIELDS.items() if k != "follows"}
    assert check({**without_follows, "status": "assessment"})
    undated = {k: v for k, v in FIELDS.items() if k not in ("date", "date_text")}
    assert check(undated)
    assert not check({**undated, "derived": "true"})
    assert check({**undated, "derived": "false"})


@pytest.mark.parametrize(
    ("one", "two"), list(itertools.combinations(["sectors", "countries", "summary", "date"], 2))
)
def test_two_odd_fields_at_once(one: str, two: str) -> None:
    for first, second in itertools.product(ODD_VALUES[::7], ODD_VALUES[3::11]):
        check({**FIELDS, one: first, two: second})


@pytest.mark.parametrize("long", ["sectors", "notes"])
def test_a_long_fact_is_left_to_the_composer(long: str) -> None:
    many = ", ".join(f"s{i}: x" if long == "notes" else f"s{i}" for i in range(quick.MAX_EVENTS))
    text = fact_text({**FIELDS, long: "{" + many + "}" if long == "notes" else "[" + many + "]"})
    parser = CParser(text)
    for _ in range(3):
        parser.get_event()
    events, whole = quick.events_of(parser.get_event(), parser.get_event)
    assert not whole and len(events) == quick.MAX_EVENTS + 1


def test_json_lists_are_the_same_from_the_cache_and_after_it_is_emptied() -> None:
    import json

    from kzil.loading import contract

    lists = [tuple(f"s{i}-{j}" for j in range(i % 4)) for i in range(5000)] + [("вода", 'a"b', "\x1b")]
    for values in [*lists, *lists[:10]]:
        expected = json.dumps(list(values), ensure_ascii=False)
        assert contract.json_list(values) == expected
        assert contract.json_list(list(values)) == expected
    assert len(contract._encoded) < 4096


def test_dates_read_from_the_cache_and_after_it_is_emptied_are_the_dates() -> None:
    from yaml.events import ScalarEvent

    from kzil import dates

    def read(value: str) -> object:
        return quick._date(ScalarEvent(None, None, (True, False), value), lambda: None)

    days = [f"{1000 + i // 12}-{1 + i % 12:02d}" for i in range(16_500)]
    for value in [*days, *days[:100], "2026", "2026", "2025-11-31", "2025-11-31"]:
        expected = dates.bounds(value) if value != "2025-11-31" else None
        assert read(value) == (None if expected is None else (value, *expected))
    assert len(quick._dated) < 16_384


def test_remembered_names_are_only_plain_ones_the_check_accepted() -> None:
    from yaml.events import ScalarEvent

    def scalar(value: str, style: str = "", tag: str | None = None, anchor: str | None = None) -> ScalarEvent:
        return ScalarEvent(anchor, tag, (True, False), value, style=style)

    names = [f"name-{i}" for i in range(5000)]
    for value in [*names, *names[:10]]:
        assert quick._named(scalar(value)) == value
    cells = quick._named.__closure__ or ()
    assert [len(cell.cell_contents) < 4096 for cell in cells if isinstance(cell.cell_contents, set)] == [True]
    assert quick._named(scalar("water")) == "water"
    assert quick._named(scalar("water", tag="!x")) is None
    assert quick._named(scalar("water", anchor="a")) is None
    assert quick._named(scalar("water", style="'")) == "water"
    assert quick._named(scalar("yes")) is None
    assert quick._named(scalar("yes", style='"')) == "yes"
    assert quick._named(scalar("yes")) is None  # the quoted one is not remembered as plain
    assert quick._coded(scalar("KZ")) == "KZ"
    assert quick._coded(scalar("water")) is None
    assert quick._named(scalar("KZ")) is None


def test_search_texts_made_for_many_facts_are_each_facts_search_text() -> None:
    from kzil.loading import contract, loader
    from kzil.model import Text

    base = loader.load([loader.bundled_path()], use_cache=False)
    texts = contract.SearchTexts(base.countries, base.entities)
    facts = list(base.facts)
    facts += [
        fact._replace(notes=None, countries=(), entities=(), summary=Text("", "Ёлка ΑΣ"))
        for fact in facts[:5]
    ]
    facts += [fact._replace(notes=Text("СТРАССЕ Straße", ""), quote="İ") for fact in facts[:5]]
    assert any(fact.countries and fact.entities and fact.notes for fact in facts)
    for fact in [*facts, *facts]:  # the second time, with the names joined the first time
        assert texts(fact) == contract.search_text(fact, base.countries, base.entities)
