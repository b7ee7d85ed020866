"""Synthetic fact bases of any size, seeded: for the benchmark and for the tests that need big files.

The facts reuse the real sources, sectors, countries and entities of a fact base (pass the parsed
`data/facts.yaml`), with texts composed from its words and dates of every form kzil reads, so
their size and alphabet are realistic. Needs only PyYAML and the standard library.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SEED = 20260217  # the default seed: every run makes the same bases
# Same output as yaml.safe_dump, ten times faster with libyaml: 100,000 facts take seconds, not minutes.
DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

STATUS_WEIGHTS = {
    "happened": 25, "ongoing": 15, "in-progress": 8, "scheduled": 8, "planned": 12,
    "proposed": 8, "intended": 6, "hoped": 5, "pending": 5, "assessment": 8,
}  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_RU_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS_RU_PREPOSITIONAL = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)  # fmt: skip
SEASONS = {
    21: ("spring", "весной"),
    22: ("summer", "летом"),
    23: ("autumn", "осенью"),
    24: ("winter", "зимой"),
}


@dataclass(frozen=True)
class Vocabulary:
    """Words of the real fact base, to compose texts of realistic length and alphabet."""

    quote: list[str]
    en: list[str]
    ru: list[str]

    @classmethod
    def of(cls, facts: list[dict[str, Any]]) -> Vocabulary:
        notes = [fact["notes"] for fact in facts if "notes" in fact]
        summaries = [fact["summary"] for fact in facts]
        return cls(
            _words(fact["quote"] for fact in facts),
            _words(text["en"] for text in summaries + notes),
            _words(text["ru"] for text in summaries + notes),
        )


def _words(texts: Iterable[str]) -> list[str]:
    words = (word.strip(".;:()") for text in texts for word in text.split())
    return [word for word in words if word and not any(c in word for c in "\"'«»“”„")]


def _text(rng: random.Random, words: Sequence[str], low: int, high: int, end: str = ".") -> str:
    """Random words up to a length drawn between `low` and `high` characters, as one sentence."""
    goal = rng.randint(low, high) - len(end)
    text = rng.choice(words)
    while len(text) < goal - 8:  # short words fill the rest
        word = rng.choice(words)
        if len(text) + 1 + len(word) <= goal:
            text += " " + word
    text = text.rstrip(",—–- ")
    return text[0].upper() + text[1:] + end


def _bilingual(rng: random.Random, vocabulary: Vocabulary, low: int, high: int) -> dict[str, str]:
    return {"en": _text(rng, vocabulary.en, low, high), "ru": _text(rng, vocabulary.ru, low, high)}


def _date(rng: random.Random) -> tuple[str, str, str]:
    """An EDTF date of one of the forms the real data uses or kzil reads, with its wording in en and ru."""
    year, month, day = rng.randint(1992, 2030), rng.randint(1, 12), rng.randint(1, 28)
    later = rng.randint(1, 12)
    season = rng.choice(tuple(SEASONS))
    en_month, ru_in = MONTHS_EN[month - 1], MONTHS_RU_PREPOSITIONAL[month - 1]
    ru_of = MONTHS_RU_GENITIVE[month - 1]
    en_season, ru_season = SEASONS[season]
    forms = (
        (f"{year}", f"in {year}", f"в {year} году"),
        (f"{year}-{month:02d}", f"{en_month} {year}", f"в {ru_in} {year} года"),
        (f"{year}-{month:02d}-{day:02d}", f"on {day} {en_month} {year}", f"{day} {ru_of} {year} года"),
        (f"{year}-{month:02d}~", f"around {en_month} {year}", f"примерно в {ru_in} {year} года"),
        (f"{year}?", f"probably in {year}", f"вероятно, в {year} году"),
        (f"{year}-{season}?", f"probably in {en_season} {year}", f"вероятно, {ru_season} {year} года"),
        (f"{year // 10}X", f"in the {year // 10}0s", f"в {year // 10}0-х годах"),
        (
            f"{year}-{month:02d}/{year + 1}-{later:02d}",
            f"from {en_month} {year} to {MONTHS_EN[later - 1]} {year + 1}",
            f"с {ru_of} {year} года до {MONTHS_RU_GENITIVE[later - 1]} {year + 1} года",
        ),
        (f"{year}~/..", f"since about {year}", f"примерно с {year} года"),
        (f"../{year}-{month:02d}-{day:02d}", "recently", "недавно"),
        (f"{year}-{month:02d}-{day:02d}/..", f"from {day} {en_month} {year}", f"с {day} {ru_of} {year} года"),
    )
    return rng.choice(forms)


def _fact(rng: random.Random, number: int, real: dict[str, Any], vocabulary: Vocabulary) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "id": f"fact-{number:06d}",
        "source": rng.choice(list(real["sources"])),
        "quote": _text(rng, vocabulary.quote, 150, 250, end=""),
        "summary": _bilingual(rng, vocabulary, 120, 200),
        "status": rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0],
    }
    if rng.random() < 0.5:
        edtf, en, ru = _date(rng)
        fact["date"] = edtf
        fact["date_text"] = {"en": en, "ru": ru}
        if rng.random() < 0.2:
            fact["derived"] = True
    fact["sectors"] = rng.sample(list(real["sectors"]), rng.randint(1, 4))
    fact["countries"] = rng.sample(list(real["countries"]), rng.randint(2, 3))
    entities = rng.sample(list(real["entities"]), rng.randint(0, 3))
    if entities:
        fact["entities"] = entities
    if rng.random() < 0.3:
        fact["notes"] = _bilingual(rng, vocabulary, 60, 180)
    return fact


def synthetic_base(real: dict[str, Any], size: int, seed: int) -> dict[str, Any]:
    """`size` facts over the real sources, sectors, countries and entities; a smaller base with the
    same seed is a prefix of a larger one."""
    rng = random.Random(seed)
    vocabulary = Vocabulary.of(real["facts"])
    facts = [_fact(rng, number, real, vocabulary) for number in range(1, size + 1)]
    tables = {key: real[key] for key in ("sources", "sectors", "countries", "entities")}
    return {"version": real["version"], **tables, "facts": facts}


def write_yaml(base: dict[str, Any], path: Path) -> None:
    """A fact base as a kzil YAML file."""
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(base, stream, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=4096)


def write_base(real: dict[str, Any], size: int, seed: int, directory: Path) -> tuple[Path, Path]:
    """The synthetic base as YAML (for kzil and yq) and as JSON (for jq)."""
    base = synthetic_base(real, size, seed)
    yaml_path, json_path = directory / f"facts-{size}.yaml", directory / f"facts-{size}.json"
    write_yaml(base, yaml_path)
    with json_path.open("w", encoding="utf-8") as stream:
        json.dump(base, stream, ensure_ascii=False)
    return yaml_path, json_path
