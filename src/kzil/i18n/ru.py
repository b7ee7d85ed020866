"""Russian: every word kzil prints in Russian, under the same names as in `en`."""

from __future__ import annotations

WORDS: dict[str, str] = {
    "id": "id",
    "date": "дата",
    "status": "статус",
    "summary": "кратко",
    "sectors": "отрасли",
    "sector": "отрасль",
    "countries": "страны",
    "country": "страна",
    "entities": "упомянуты",
    "entities_title": "упомянутые",
    "sources": "источники",
    "statuses": "статусы",
    "name": "название",
    "aliases": "другие названия",
    "facts": "факты",
    "kind": "вид",
    "role": "роль",
    "quote": "цитата",
    "source": "источник",
    "citation": "ссылка",
    "outlet": "издание",
    "published": "опубликовано",
    "place": "место",
    "language": "язык",
    "speaker": "говорит",
    "title": "заголовок",
    "meaning": "значение",
    "symbol": "знак",
    "notes": "примечания",
    "as_of": "по состоянию на",
    "derived": "выведена из источника, а не названа",
    "stated": "названа в источнике",
    "bounds": "границы",
    "open": "открыто",
    "no_date": "дата не названа",
    "total": "всего",
    "per_year": "фактов по годам",
    "undated": "без даты",
    "by_sector_status": "факты по отраслям и статусам",
    "fact_count": "фактов: {n}",
    "summary_en": "кратко (английский)",
    "summary_ru": "кратко (русский)",
    "timeline": "Казахстан–Израиль: хронология",
    "published_marker": "{kind} {outlet} {published}: статусы даны на этот день",
    "today_marker": "сегодня",
    "left_out": "фактов без даты: {n}, они не показаны; их выводит 'kzil facts'",
    "as_announced": "заявлено",
    "not_placed": "фактов с открытой или неизвестной границей даты: {n}, они не размещены на оси времени:",
    "not_in_calendar": "фактов с открытой или неизвестной границей даты нет в календаре: {n} ({ids})",
    "not_in_timelinejs": (
        "фактов с открытой или неизвестной границей даты: {n}; они перечислены на титульном "
        "слайде, а не на оси времени ({ids})"
    ),
    "span_until": "вплоть до {date}",
    "span_before": "до {date}",
    "span_from": "с {date}",
    "span_from_unknown_end": "с {date}, конец неизвестен",
    "said_by": "чьи слова",
    "in_context": "в тексте",
    "speech": "речь",
    "speech_direct": "прямая речь",
    "speech_indirect": "косвенная речь",
    "speech_direct_meaning": "слова говорящего в кавычках",
    "speech_indirect_meaning": "издание пересказывает сказанное",
    "facts_heading": "Казахстан–Израиль: факты",
    "citation_line": "{outlet} ({place}, {published}), {kind}: {who}",
    "citation_unnamed": "{outlet} ({place}, {published}), {kind}",
    "track_title": "Казахстан–Израиль: что стало с планами · на {date} · планов: {n}",
    "plan": "план",
    "deadline": "срок",
    "follow_up": "продолжение",
    "follows": "продолжает",
    "followed_by": "продолжения",
    "passed_ago": "прошёл {days} назад",
    "days_left": "ещё {days}",
    "last_day": "последний день сегодня",
    "date_passed": "срок прошёл, не подтверждено",
    # the last line of `kzil validate`
    "verdict_valid": "{files}: ошибок нет: {counts}",
    "verdict_invalid": "{files}: есть ошибки: {problems}",
    "quotes_checked": "; цитаты сверены с {files}",
    "quotes_unchecked": "; нет текста источника для {sources}: эти цитаты не сверены",
}

STATUS_LABELS: dict[str, str] = {
    "happened": "произошло",
    "ongoing": "действует",
    "in-progress": "в работе",
    "scheduled": "назначено",
    "planned": "запланировано",
    "proposed": "предложено",
    "intended": "намерение",
    "hoped": "надежда",
    "pending": "ожидается",
    "cancelled": "отменено",
    "assessment": "оценка",
}

STATUS_MEANINGS: dict[str, str] = {
    "happened": "произошло до даты источника",
    "ongoing": "положение дел на дату источника",
    "in-progress": "работа идёт, но не завершена",
    "scheduled": "объявлена точная дата",
    "planned": "планируется или ожидается, без точной даты",
    "proposed": "рассматривается",
    "intended": "заявленное намерение",
    "hoped": "заявленная надежда",
    "pending": "ожидаемый шаг, который ещё не сделан",
    "cancelled": "официально отменено",
    "assessment": "мнение или оценка, а не событие",
}

# Counted nouns: one form per plural category of `plural` (Russian: one, few, many).
COUNTED: dict[str, tuple[str, ...]] = {
    "problems": ("{n} ошибка", "{n} ошибки", "{n} ошибок"),
    "facts": ("{n} факт", "{n} факта", "{n} фактов"),
    "sources": ("{n} источник", "{n} источника", "{n} источников"),
    "sectors": ("{n} отрасль", "{n} отрасли", "{n} отраслей"),
    "countries": ("{n} страна", "{n} страны", "{n} стран"),
    "entities": ("{n} объект", "{n} объекта", "{n} объектов"),
    "days": ("{n} день", "{n} дня", "{n} дней"),
}


def plural(n: int) -> int:
    """The form of a counted noun for `n`: 0 for 1, 21, 31…; 1 for 2–4, 22–24…; 2 for the rest."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


# The kinds of source a citation names.
SOURCE_KINDS: dict[str, str] = {
    "interview": "интервью",
    "article": "статья",
    "statement": "заявление",
    "press-release": "пресс-релиз",
    "note": "заметка",
}
# How a source of each kind came out: the participle agrees with the kind's gender.
PUBLISHED: dict[str, str] = {
    "interview": "опубликовано",
    "article": "опубликована",
    "statement": "опубликовано",
    "press-release": "опубликован",
    "note": "записана",
}

# What came of a plan (`kzil track`): the label and meaning of each state.
STATE_LABELS: dict[str, str] = {
    "unconfirmed": "не подтверждено",
    "open": "срок не вышел",
    "undated": "без срока",
    "rescheduled": "перенесено",
    "cancelled": "отменено",
    "fulfilled": "выполнено",
}
STATE_MEANINGS: dict[str, str] = {
    "unconfirmed": "срок прошёл, и ни один записанный источник не говорит, что из этого вышло",
    "open": "продолжения пока нет, и срок не прошёл",
    "undated": "продолжения нет, и срока нет",
    "rescheduled": "более поздний источник переносит срок или объявляет заново",
    "cancelled": "более поздний источник сообщает об отмене",
    "fulfilled": "более поздний источник сообщает, что это произошло",
}

# Abbreviated months and the seasons of EDTF (21..24), as dates are labelled.
MONTHS: tuple[str, ...] = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
SEASONS: dict[int, str] = {21: "весна", 22: "лето", 23: "осень", 24: "зима"}
