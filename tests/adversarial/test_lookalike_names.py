"""Issue 10, item 5: ids, names and aliases cannot hide characters, so two different things never
look the same. Zero-width characters, Unicode tags, bidirectional controls, variation selectors and
the other invisible (default-ignorable or format) code points are refused by `validate`, with the
file, the line and what to do. Run against the installed console script."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversarial.adversarial_support import (
    SMALL_BASE,
    assert_one_line_error,
    assert_problem_report,
    describe,
    kz,
    kz_many,
    line_of,
    write,
)

HIDDEN = {
    "zero width space": ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
    "zero width joiner": ("\u200d", "U+200D (ZERO WIDTH JOINER)"),
    "word joiner": ("\u2060", "U+2060 (WORD JOINER)"),
    "byte order mark": ("\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    "soft hyphen": ("\xad", "U+00AD (SOFT HYPHEN)"),
    "tag letter": ("\U000e0041", "U+E0041 (TAG LATIN CAPITAL LETTER A)"),
    "right-to-left override": ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    "variation selector": ("\ufe0f", "U+FE0F (VARIATION SELECTOR-16)"),
    "hangul filler": ("\u3164", "U+3164 (HANGUL FILLER)"),
    "mongolian vowel separator": ("\u180e", "U+180E (MONGOLIAN VOWEL SEPARATOR)"),
    "combining grapheme joiner": ("\u034f", "U+034F (COMBINING GRAPHEME JOINER)"),
    "escape": ("\x1b", "U+001B (a control character)"),
}

TWO_SECTORS = SMALL_BASE.replace(
    "sectors:\n  water:\n    name: {en: Water, ru: Вода}\n",
    'sectors:\n  water:\n    name: {en: Water, ru: Вода}\n  lookalike:\n    name: {en: "NAME", ru: Другое}\n'
    '    aliases: ["ALIAS"]\n',
)


def _quoted(text: str) -> str:
    """`text` as the inside of a double-quoted YAML scalar (escapes for what YAML cannot hold raw)."""
    return "".join(f"\\U{ord(c):08x}" if ord(c) > 0xFFFF or c in "\x1b\ufeff" else c for c in text)


@pytest.mark.parametrize("hidden", list(HIDDEN))
def test_a_name_that_hides_a_character_is_refused_with_file_line_and_hint(
    tmp_path: Path, hidden: str
) -> None:
    char, described = HIDDEN[hidden]
    text = TWO_SECTORS.replace("NAME", _quoted(f"Wa{char}ter")).replace("ALIAS", "other")
    write(tmp_path, "names.yaml", text)
    line = line_of(text, "lookalike:") + 1
    validate, listing = kz_many(
        tmp_path, [(["validate", "names.yaml"], {}), (["--data", "names.yaml", "sectors"], {})]
    )
    problems = assert_problem_report(
        validate, f"names.yaml:{line}: sectors.lookalike.name.en:", described, "remove it"
    )
    assert len(problems) == 1, problems
    assert_one_line_error(listing, 1, f"names.yaml:{line}: sectors.lookalike.name.en:", described)


@pytest.mark.parametrize(
    "hidden", ["zero width space", "tag letter", "right-to-left override", "soft hyphen"]
)
def test_an_alias_that_hides_a_character_is_refused(tmp_path: Path, hidden: str) -> None:
    char, described = HIDDEN[hidden]
    text = TWO_SECTORS.replace("NAME", "Other").replace("ALIAS", _quoted(f"wat{char}er"))
    write(tmp_path, "aliases.yaml", text)
    line = line_of(text, "    aliases:")
    assert_problem_report(
        kz(tmp_path, "validate", "aliases.yaml"),
        f"aliases.yaml:{line}: sectors.lookalike.aliases[0]:",
        described,
    )


def test_entity_and_country_names_and_aliases_are_checked_too(tmp_path: Path) -> None:
    text = SMALL_BASE.replace(
        "name: {en: Kazakhstan, ru: Казахстан}",
        'name: {en: Kazakhstan, ru: "Казах\u200bстан"}\n    aliases: ["K\u2060Z-land"]',
    )
    text = text.replace(
        "name: {en: Some One, ru: Некто}",
        'name: {en: "Some\u00adOne", ru: Некто}\n    aliases: ["some\u200cone"]',
    )
    write(tmp_path, "more.yaml", text)
    result = kz(tmp_path, "validate", "more.yaml")
    for field, described in [
        ("countries.KZ.name.ru", "U+200B"),
        ("countries.KZ.aliases[0]", "U+2060"),
        ("entities.someone.name.en", "U+00AD"),
        ("entities.someone.aliases[0]", "U+200C"),
    ]:
        assert_problem_report(result, f"{field}:", described)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("  water:\n", '  "wa\u200bter":\n', "sectors.wa\\u200bter"),
        ("    sectors: [water]", '    sectors: ["wa\u200bter"]', "facts[f1].sectors[0]"),
        ("  - id: f1", '  - id: "f\u20601"', "facts[0].id"),
        ("  KZ:\n", '  "K\u200bZ":\n', "countries.K\\u200bZ"),
    ],
)
def test_an_id_that_hides_a_character_says_which_one(tmp_path: Path, old: str, new: str, field: str) -> None:
    text = SMALL_BASE.replace(old, new)
    write(tmp_path, "ids.yaml", text)
    result = kz(tmp_path, "validate", "ids.yaml")
    assert_problem_report(result, f"{field}:", "U+20", "remove it")


def test_names_in_any_script_with_ordinary_spaces_and_punctuation_are_accepted(tmp_path: Path) -> None:
    names = [
        "Water resources",
        "Водные ресурсы",
        "Ёлки-палки",
        "מים",
        "Côte d’Ivoire",
        "AI · ИИ",
        "Tel\u00a0Aviv",
    ]
    aliases = ", ".join(f'"{name} {i}"' for i, name in enumerate(names))
    text = TWO_SECTORS.replace("NAME", names[0]).replace('["ALIAS"]', f"[{aliases}]")
    write(tmp_path, "fine.yaml", text)
    result = kz(tmp_path, "validate", "fine.yaml")
    assert result.returncode == 0, describe(result)
