"""Display words: every language has every word, counted nouns agree with their numbers, and no
module outside `kzil.i18n` holds Russian words of its own."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from types import ModuleType

import pytest

from kzil import i18n
from kzil.i18n import en, ru
from kzil.model import STATUSES
from kzil.render import labels
from kzil.spans import Marker
from tests.support import BUNDLED

PACKAGE = Path(i18n.__file__).parents[1]
LANGUAGES = {"en": en, "ru": ru}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", ["ru"])
def test_every_language_has_every_english_word_with_the_same_placeholders(code: str) -> None:
    language = LANGUAGES[code]
    assert language.WORDS.keys() == en.WORDS.keys()
    assert {key: placeholders(text) for key, text in language.WORDS.items()} == {
        key: placeholders(text) for key, text in en.WORDS.items()
    }
    assert language.COUNTED.keys() == en.COUNTED.keys()
    assert language.SOURCE_KINDS.keys() == en.SOURCE_KINDS.keys()


@pytest.mark.parametrize("language", [en, ru], ids=["en", "ru"])
def test_every_language_names_every_status_month_and_season(language: ModuleType) -> None:
    assert list(language.STATUS_LABELS) == list(STATUSES)
    assert list(language.STATUS_MEANINGS) == list(STATUSES)
    assert len(language.MONTHS) == 12
    assert list(language.SEASONS) == [21, 22, 23, 24]


@pytest.mark.parametrize("language", [en, ru], ids=["en", "ru"])
def test_a_counted_noun_has_a_form_for_every_plural_category(language: ModuleType) -> None:
    categories = {language.plural(n) for n in range(200)}
    for forms in language.COUNTED.values():
        assert set(range(len(forms))) == categories
        assert all(placeholders(form) == {"n"} for form in forms)


@pytest.mark.parametrize(
    ("n", "english", "russian"),
    [
        (0, "0 facts", "0 фактов"),
        (1, "1 fact", "1 факт"),
        (2, "2 facts", "2 факта"),
        (5, "5 facts", "5 фактов"),
        (11, "11 facts", "11 фактов"),
        (12, "12 facts", "12 фактов"),
        (21, "21 facts", "21 факт"),
        (22, "22 facts", "22 факта"),
        (111, "111 facts", "111 фактов"),
        (1004, "1004 facts", "1004 факта"),
    ],
)
def test_counted_nouns(n: int, english: str, russian: str) -> None:
    assert (i18n.counted("facts", n, "en"), i18n.counted("facts", n, "ru")) == (english, russian)


def test_an_unknown_language_reads_english() -> None:
    assert i18n.word("timeline", "de") == en.WORDS["timeline"]
    assert i18n.status_label("in-progress", "de") == "in-progress"


def test_a_source_kind_without_a_translation_is_shown_as_written() -> None:
    assert (i18n.source_kind("interview", "ru"), i18n.source_kind("podcast", "ru")) == ("интервью", "podcast")


def test_marker_parts_are_what_markdown_joins_and_tables_show_apart() -> None:
    from kzil.loading import loader

    base = loader.load([str(BUNDLED)])
    assert labels.marker_parts(base, Marker("2026-02-17", "source", "trend-2026-02-17"), "en") == (
        "2026-02-17",
        "Trend interview published: statuses are as reported that day",
    )
    assert labels.marker_parts(base, Marker("2026-11-25", "today"), "ru") == ("2026-11-25", "сегодня")


_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Matching rules, not display words: `text.fold` treats ё as е.
_ALLOWED = {("kzil.text", "ё"), ("kzil.text", "е")}


def _russian_literals(path: Path) -> list[str]:
    """String constants holding Cyrillic, but docstrings and `help=` texts (examples of input)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help":
            skipped |= {id(inner) for inner in ast.walk(node.value)}
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and _CYRILLIC.search(node.value)
        and id(node) not in skipped
    ]


def test_no_module_outside_i18n_holds_russian_words() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "i18n":
            continue
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found += [(module, text) for text in _russian_literals(path) if (module, text) not in _ALLOWED]
    assert found == []
