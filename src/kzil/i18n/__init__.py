"""Words kzil itself prints, one module per language: `en` and `ru`.

A language is a module with the names of `Language` (words, status labels and meanings, counted
nouns and their plural rule, source kinds, months and seasons); a third one is one more module
and one line in `_LANGUAGES`. Symbols and colours, the same in every language, are here. Like
every core module, the package imports nothing from kzil but its own languages.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # at run time, `__getattr__` below
    from kzil.i18n import en as en
    from kzil.i18n import ru as ru

    STATUS_LABELS: dict[str, dict[str, str]]  # language code -> status -> label
    STATUS_MEANINGS: dict[str, dict[str, str]]


class Language(Protocol):
    WORDS: dict[str, str]
    STATUS_LABELS: dict[str, str]
    STATUS_MEANINGS: dict[str, str]
    COUNTED: dict[str, tuple[str, ...]]
    SOURCE_KINDS: dict[str, str]
    PUBLISHED: dict[str, str]
    STATE_LABELS: dict[str, str]
    STATE_MEANINGS: dict[str, str]
    MONTHS: tuple[str, ...]
    SEASONS: dict[int, str]

    def plural(self, n: int) -> int: ...


# A language's module is imported when a run first uses it: an English table or timeline does not
# load the Russian words (0.18 ms of -X importtime on `kzil timeline`, median of 7 runs).
_LANGUAGES = {"en": "kzil.i18n.en", "ru": "kzil.i18n.ru"}
LANGUAGES = tuple(_LANGUAGES)
_loaded: dict[str, Language] = {}


def _language(lang: str) -> Language:
    """The language `lang`; English for any other code, as the data's own texts fall back."""
    found = _loaded.get(lang)
    if found is None:
        module: Language = importlib.import_module(_LANGUAGES.get(lang, _LANGUAGES["en"]))
        found = _loaded[lang] = module
    return found


def __getattr__(name: str) -> object:
    """`en`, `ru` (the modules) and the tables of every language, loaded on first use."""
    if name in _LANGUAGES:
        return _language(name)
    if name in ("STATUS_LABELS", "STATUS_MEANINGS"):
        return {code: getattr(_language(code), name) for code in _LANGUAGES}
    raise AttributeError(f"module 'kzil.i18n' has no attribute {name!r}")


def word(key: str, lang: str, **values: object) -> str:
    text = _language(lang).WORDS[key]
    return text.format(**values) if values else text


def counted(key: str, n: int, lang: str) -> str:
    """`n` and a noun in the form the language uses for that number: "1 fact", "5 facts"."""
    language = _language(lang)
    return language.COUNTED[key][language.plural(n)].format(n=n)


def status_label(status: str, lang: str) -> str:
    return _language(lang).STATUS_LABELS[status]


def status_meaning(status: str, lang: str) -> str:
    return _language(lang).STATUS_MEANINGS[status]


def source_kind(kind: str, lang: str) -> str:
    """A kind of source (interview, ...) in `lang`; a kind without a translation as written."""
    return _language(lang).SOURCE_KINDS.get(kind, kind)


def source_published(kind: str, lang: str) -> str:
    """How a source of this kind came out ("published"; "written" for a note), in `lang`."""
    language = _language(lang)
    return language.PUBLISHED.get(kind, language.PUBLISHED["interview"])


def state_label(state: str, lang: str) -> str:
    """What came of a plan (`kzil track`): unconfirmed, open, ... in `lang`."""
    return _language(lang).STATE_LABELS[state]


def state_meaning(state: str, lang: str) -> str:
    return _language(lang).STATE_MEANINGS[state]


def month_name(month: int, lang: str) -> str:
    """The abbreviated name of month 1..12."""
    return _language(lang).MONTHS[month - 1]


def season_name(season: int, lang: str) -> str:
    """The name of an EDTF season, 21 (spring) to 24 (winter)."""
    return _language(lang).SEASONS[season]


# A symbol beside every status word, so that status never depends on colour alone.
STATUS_SYMBOLS = {
    "happened": "●",
    "ongoing": "◉",
    "in-progress": "◐",
    "scheduled": "◆",
    "planned": "◇",
    "proposed": "?",
    "intended": "→",
    "hoped": "☆",
    "pending": "◌",
    "cancelled": "✕",
    "assessment": "✎",
}

STATUS_STYLES = {
    "happened": "green",
    "ongoing": "green",
    "in-progress": "yellow",
    "scheduled": "yellow",
    "planned": "cyan",
    "proposed": "cyan",
    "intended": "cyan",
    "hoped": "cyan",
    "pending": "magenta",
    "cancelled": "red",
    "assessment": "blue",
}

# What came of a plan (`kzil track`): a symbol and a colour per state, as for statuses.
STATE_SYMBOLS = {
    "unconfirmed": "!",
    "open": "○",
    "undated": "·",
    "rescheduled": "↻",
    "cancelled": "✕",
    "fulfilled": "✓",
}
STATE_STYLES = {
    "unconfirmed": "bold yellow",
    "open": "cyan",
    "undated": "dim",
    "rescheduled": "magenta",
    "cancelled": "red",
    "fulfilled": "green",
}
