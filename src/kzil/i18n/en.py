"""English: every word kzil prints in English. A new language is a copy of this module with the
same names translated (`tests/test_i18n.py` checks that every language has every word)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    "id": "id",
    "date": "date",
    "status": "status",
    "summary": "summary",
    "sectors": "sectors",
    "sector": "sector",
    "countries": "countries",
    "country": "country",
    "entities": "named",
    "entities_title": "entities",
    "sources": "sources",
    "statuses": "statuses",
    "name": "name",
    "aliases": "aliases",
    "facts": "facts",
    "kind": "kind",
    "role": "role",
    "quote": "quote",
    "source": "source",
    "citation": "citation",
    "outlet": "outlet",
    "published": "published",
    "place": "place",
    "language": "language",
    "speaker": "speaker",
    "title": "title",
    "meaning": "meaning",
    "symbol": "symbol",
    "notes": "notes",
    "as_of": "as of",
    "derived": "derived from the source, not stated",
    "stated": "stated by the source",
    "bounds": "bounds",
    "open": "open",
    "no_date": "no date given",
    "total": "total",
    "per_year": "facts per year",
    "undated": "without a date",
    "by_sector_status": "facts by sector and status",
    "fact_count": "{n} facts",
    "summary_en": "summary (English)",
    "summary_ru": "summary (Russian)",
    "timeline": "Kazakhstan–Israel: timeline",
    "published_marker": "{outlet} {kind} {published}: statuses are as reported that day",
    "today_marker": "today",
    "left_out": "{n} facts without a date are not placed; 'kzil facts' lists them",
    "as_announced": "announced",
    "not_placed": "{n} facts have an open or unknown end of their date and are not placed on the time axis:",
    "not_in_calendar": "{n} facts with an open or unknown end of their date are not in the calendar: {ids}",
    "not_in_timelinejs": (
        "{n} facts with an open or unknown end of their date are listed on the title slide, "
        "not placed on the time axis: {ids}"
    ),
    # date spans whose start or end the source leaves open (`..`) or unknown (empty)
    "span_until": "until {date}",
    "span_before": "before {date}",
    "span_from": "from {date}",
    "span_from_unknown_end": "from {date}, end unknown",
    "said_by": "said by",
    "in_context": "in the text",
    "speech": "speech",
    "speech_direct": "direct speech",
    "speech_indirect": "indirect speech",
    "speech_direct_meaning": "the speaker's own words, inside quotation marks",
    "speech_indirect_meaning": "the outlet reports what was said",
    "facts_heading": "Kazakhstan–Israel: facts",
    "citation_line": "{outlet} ({place}, {published}), {kind}: {who}",
    "citation_unnamed": "{outlet} ({place}, {published}), {kind}",
    "track_title": "Kazakhstan–Israel: what came of each plan · as of {date} · {n} plans",
    "plan": "plan",
    "deadline": "deadline",
    "follow_up": "follow-up",
    "follows": "follows",
    "followed_by": "followed by",
    "passed_ago": "passed {days} ago",
    "days_left": "{days} to go",
    "last_day": "last day today",
    "date_passed": "date passed, unconfirmed",
    # the last line of `kzil validate`
    "verdict_valid": "{files}: valid: {counts}",
    "verdict_invalid": "{files}: invalid: {problems}",
    "quotes_checked": "; quotes checked against {files}",
    "quotes_unchecked": "; no source text for {sources}: those quotes were not checked",
}

STATUS_LABELS: dict[str, str] = {
    "happened": "happened",
    "ongoing": "ongoing",
    "in-progress": "in-progress",
    "scheduled": "scheduled",
    "planned": "planned",
    "proposed": "proposed",
    "intended": "intended",
    "hoped": "hoped",
    "pending": "pending",
    "cancelled": "cancelled",
    "assessment": "assessment",
}

STATUS_MEANINGS: dict[str, str] = {
    "happened": "took place before the source date",
    "ongoing": "a state that holds at the source date",
    "in-progress": "work under way, not finished",
    "scheduled": "a firm date has been announced",
    "planned": "planned or expected, no firm date",
    "proposed": "under consideration",
    "intended": "a stated intention",
    "hoped": "a stated hope",
    "pending": "an awaited step not yet taken",
    "cancelled": "officially called off",
    "assessment": "an opinion or analysis, not an event",
}

# Counted nouns: one form per plural category of `plural` (English: one, other).
COUNTED: dict[str, tuple[str, ...]] = {
    "problems": ("{n} problem", "{n} problems"),
    "facts": ("{n} fact", "{n} facts"),
    "sources": ("{n} source", "{n} sources"),
    "sectors": ("{n} sector", "{n} sectors"),
    "countries": ("{n} country", "{n} countries"),
    "entities": ("{n} entity", "{n} entities"),
    "days": ("{n} day", "{n} days"),
}


def plural(n: int) -> int:
    """The form of a counted noun for `n`: 0 for one, 1 for any other number."""
    return 0 if n == 1 else 1


# The kinds of source a citation names.
SOURCE_KINDS: dict[str, str] = {
    "interview": "interview",
    "article": "article",
    "statement": "statement",
    "press-release": "press release",
    "note": "note",
}
# How a source of each kind came out, as the timeline's marker says it.
PUBLISHED: dict[str, str] = {
    "interview": "published",
    "article": "published",
    "statement": "published",
    "press-release": "published",
    "note": "written",
}

# What came of a plan (`kzil track`): the label and meaning of each state.
STATE_LABELS: dict[str, str] = {
    "unconfirmed": "unconfirmed",
    "open": "open",
    "undated": "undated",
    "rescheduled": "rescheduled",
    "cancelled": "cancelled",
    "fulfilled": "fulfilled",
}
STATE_MEANINGS: dict[str, str] = {
    "unconfirmed": "the date has passed and no recorded source says what came of it",
    "open": "no follow-up yet, and the date has not passed",
    "undated": "no follow-up, and no date to hold it to",
    "rescheduled": "a later source moves it or announces it again",
    "cancelled": "a later source says it was called off",
    "fulfilled": "a later source says it took place",
}

# Abbreviated months and the seasons of EDTF (21..24), as dates are labelled.
MONTHS: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASONS: dict[int, str] = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
