"""Words kzil itself prints, in English and Russian: status labels, meanings and headings."""

from __future__ import annotations

_RU_LABELS = {
    "happened": "произошло",
    "ongoing": "действует",
    "in-progress": "в работе",
    "scheduled": "назначено",
    "planned": "запланировано",
    "proposed": "предложено",
    "intended": "намерение",
    "hoped": "надежда",
    "pending": "ожидается",
    "assessment": "оценка",
}
# The English label of a status is its id; `tests/test_layers.py` keeps this module free of imports.
STATUS_LABELS = {"en": {status: status for status in _RU_LABELS}, "ru": _RU_LABELS}

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
    "assessment": "blue",
}

STATUS_MEANINGS = {
    "en": {
        "happened": "took place before the source date",
        "ongoing": "a state that holds at the source date",
        "in-progress": "work under way, not finished",
        "scheduled": "a firm date has been announced",
        "planned": "planned or expected, no firm date",
        "proposed": "under consideration",
        "intended": "a stated intention",
        "hoped": "a stated hope",
        "pending": "an awaited step not yet taken",
        "assessment": "an opinion or analysis, not an event",
    },
    "ru": {
        "happened": "произошло до даты источника",
        "ongoing": "положение дел на дату источника",
        "in-progress": "работа идёт, но не завершена",
        "scheduled": "объявлена точная дата",
        "planned": "планируется или ожидается, без точной даты",
        "proposed": "рассматривается",
        "intended": "заявленное намерение",
        "hoped": "заявленная надежда",
        "pending": "ожидаемый шаг, который ещё не сделан",
        "assessment": "мнение или оценка, а не событие",
    },
}

_WORDS = {
    "id": ("id", "id"),
    "date": ("date", "дата"),
    "status": ("status", "статус"),
    "summary": ("summary", "кратко"),
    "sectors": ("sectors", "отрасли"),
    "sector": ("sector", "отрасль"),
    "countries": ("countries", "страны"),
    "country": ("country", "страна"),
    "entities": ("named", "упомянуты"),
    "entities_title": ("entities", "упомянутые"),
    "sources": ("sources", "источники"),
    "statuses": ("statuses", "статусы"),
    "name": ("name", "название"),
    "aliases": ("aliases", "другие названия"),
    "facts": ("facts", "факты"),
    "kind": ("kind", "вид"),
    "role": ("role", "роль"),
    "quote": ("quote", "цитата"),
    "source": ("source", "источник"),
    "citation": ("citation", "ссылка"),
    "outlet": ("outlet", "издание"),
    "published": ("published", "опубликовано"),
    "place": ("place", "место"),
    "language": ("language", "язык"),
    "speaker": ("speaker", "говорит"),
    "title": ("title", "заголовок"),
    "meaning": ("meaning", "значение"),
    "symbol": ("symbol", "знак"),
    "notes": ("notes", "примечания"),
    "as_of": ("as of", "по состоянию на"),
    "derived": ("derived from the source, not stated", "выведена из источника, а не названа"),
    "stated": ("stated by the source", "названа в источнике"),
    "bounds": ("bounds", "границы"),
    "open": ("open", "открыто"),
    "no_date": ("no date given", "дата не названа"),
    "total": ("total", "всего"),
    "per_year": ("facts per year", "фактов по годам"),
    "undated": ("without a date", "без даты"),
    "by_sector_status": ("facts by sector and status", "факты по отраслям и статусам"),
    "fact_count": ("{n} facts", "фактов: {n}"),
    "summary_en": ("summary (English)", "кратко (английский)"),
    "summary_ru": ("summary (Russian)", "кратко (русский)"),
    "timeline": ("Kazakhstan–Israel: timeline", "Казахстан–Израиль: хронология"),
    "published_marker": (
        "{date} · {outlet} interview published: statuses are as reported that day",
        "{date} · интервью {outlet} опубликовано: статусы даны на этот день",
    ),
    "today_marker": ("{date} · today", "{date} · сегодня"),
    "left_out": (
        "{n} facts without a date are not placed; 'kzil facts' lists them",
        "фактов без даты: {n}, они не показаны; их выводит 'kzil facts'",
    ),
    "as_announced": ("announced", "заявлено"),
    "said_by": ("said by", "чьи слова"),
    "speech": ("speech", "речь"),
    "speech_direct": ("direct speech", "прямая речь"),
    "speech_indirect": ("indirect speech", "косвенная речь"),
    "speech_direct_meaning": (
        "the speaker's own words, inside quotation marks",
        "слова говорящего в кавычках",
    ),
    "speech_indirect_meaning": (
        "the outlet reports what was said",
        "издание пересказывает сказанное",
    ),
}


def word(key: str, lang: str, **values: object) -> str:
    english, russian = _WORDS[key]
    text = russian if lang == "ru" else english
    return text.format(**values) if values else text


def status_label(status: str, lang: str) -> str:
    return STATUS_LABELS["ru" if lang == "ru" else "en"][status]
