"""Timeline exports for other tools: TimelineJS3 JSON (Knight Lab) and iCalendar (RFC 5545)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from kzil import dates, spans
from kzil.i18n import STATUS_SYMBOLS, status_label, word
from kzil.model import Fact, FactBase
from kzil.render import records
from kzil.render.formats import Renderer

if TYPE_CHECKING:
    from kzil.spans import Plan


def _tl_date(point: dates.Point, upper: bool) -> dict[str, int]:
    """A TimelineJS date to the precision the EDTF date has (seasons as months)."""
    day = point.upper if upper else point.lower
    if point.precision == "year":
        return {"year": day.year}
    if point.precision in ("month", "season"):
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


class Html(str):
    """HTML that kzil wrote itself around escaped data: the only string left as it is."""


def _html(template: str, *texts: str) -> Html:
    """`template` (kzil's own tags) with each of `texts` escaped into it."""
    return Html(template.format(*(html.escape(text) for text in texts)))


def _escaped(value: Any) -> Any:
    """The document with every string escaped but kzil's own `Html`.

    TimelineJS3 inserts display_date, group, headlines, texts, captions and titles as HTML; escaping
    at the document's boundary rather than field by field keeps a field added later safe too.
    """
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value


def timelinejs(base: FactBase, facts: Sequence[Fact], lang: str) -> dict[str, Any]:
    """A TimelineJS3 document; text fields are HTML, so every data string is escaped."""
    events = []
    for fact in facts:
        first, last = spans.calendar_points(fact)
        event: dict[str, Any] = {"start_date": _tl_date(first, upper=False)}
        if last is not None:
            event["end_date"] = _tl_date(last, upper=True)
        source = base.sources[fact.source]
        status = f"{STATUS_SYMBOLS[fact.status]} {status_label(fact.status, lang)}"
        event["display_date"] = fact.date_text.get(lang) if fact.date_text else fact.date
        event["text"] = {
            "headline": fact.summary.get(lang),
            "text": _html(
                "<p><b>{}</b></p><blockquote>{}</blockquote><p>— {}</p><p>{}</p>",
                status,
                fact.quote,
                records.attribution(fact, base, lang),
                records.citation(source, base, lang),
            ),
        }
        if fact.sectors:
            event["group"] = base.sectors[fact.sectors[0]].name.get(lang)
        event["unique_id"] = fact.id
        events.append(event)
    citations = [records.citation(s, base, lang) for s in base.sources.values()]
    document = {
        "title": {
            "text": {
                "headline": word("timeline", lang),
                "text": _html("<p>{}</p>" * len(citations), *citations),
            }
        },
        "events": events,
    }
    return dict(_escaped(document))


# What iCalendar TEXT cannot hold raw: controls (C0 but newline, DEL, C1) become spaces; NEL, line
# and paragraph separators become the escaped newline they stand for; bidirectional embeddings,
# overrides and isolates, which would reorder the calendar program's own text, are dropped.
_ICS_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f]")
_ICS_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")
_ICS_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _ics_text(value: str) -> str:
    """A value of RFC 5545 type TEXT, escaped; every text property goes through here."""
    value = _ICS_BIDI.sub("", _ICS_CONTROL.sub(" ", _ICS_BREAK.sub("\n", value)))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _property(name: str, *texts: str) -> str:
    """`NAME:text`, or `NAME:a,b` for a list of texts (CATEGORIES)."""
    return f"{name}:{','.join(_ics_text(text) for text in texts)}"


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF and a space, never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += length
    parts.append(current)
    return "\r\n ".join(parts)


def _event_end(start: str, end: str) -> str:
    """DTEND is the day after the last one; 9999-12-31 has none, so say how many days instead."""
    try:
        return f"DTEND;VALUE=DATE:{dates.next_day(end).replace('-', '')}"
    except OverflowError:
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
        return f"DURATION:P{days}D"


def ics(base: FactBase, facts: Sequence[Fact], lang: str) -> str:
    """All-day events over each fact's [start, end]; an open end is one day on the known date."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kzil//Kazakhstan-Israel fact base//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _property("X-WR-CALNAME", word("timeline", lang)),
    ]
    for fact in facts:
        start, end = spans.calendar_days(fact)
        source = base.sources[fact.source]
        when = fact.date_text.get(lang) if fact.date_text else fact.date
        description = "\n".join(
            [
                f"{status_label(fact.status, lang)} ({when})",
                f"«{fact.quote}»",
                f"— {records.attribution(fact, base, lang)}",
                records.citation(source, base, lang),
            ]
        )
        event = [
            "BEGIN:VEVENT",
            _property("UID", f"{fact.id}@kzil"),
            f"DTSTAMP:{fact.as_of.replace('-', '')}T000000Z",
            f"DTSTART;VALUE=DATE:{start.replace('-', '')}",
            _event_end(start, end),
            _property("SUMMARY", fact.summary.get(lang)),
            _property("DESCRIPTION", description),
            _property("CATEGORIES", *(base.sectors[key].name.get(lang) for key in fact.sectors))
            if fact.sectors
            else "",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
        lines += [line for line in event if line]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


class TimelineJsRenderer(Renderer):
    """A TimelineJS3 document (the timeline view only); an empty answer is a document too."""

    def timeline(self, base: FactBase, plan: Plan, lang: str) -> None:
        from kzil.render.machine import json_value

        json_value(self.out.stream, timelinejs(base, plan.facts, lang))


class IcsRenderer(Renderer):
    """An iCalendar file (the timeline view only); an empty answer is a calendar too."""

    def timeline(self, base: FactBase, plan: Plan, lang: str) -> None:
        self.out.utf8(ics(base, plan.facts, lang))
