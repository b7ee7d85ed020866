"""Timeline exports for other tools: TimelineJS3 JSON (Knight Lab) and iCalendar (RFC 5545)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from kzil import dates
from kzil.i18n import STATUS_SYMBOLS, status_label, word
from kzil.model import Fact, FactBase
from kzil.render import records
from kzil.render.formats import Renderer

if TYPE_CHECKING:
    from kzil.spans import Marker


def _tl_date(point: dates.Point, upper: bool) -> dict[str, int]:
    """A TimelineJS date to the precision the EDTF date has (seasons as months)."""
    day = point.upper if upper else point.lower
    if point.precision == "year":
        return {"year": day.year}
    if point.precision in ("month", "season"):
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def timelinejs(base: FactBase, facts: Sequence[Fact], lang: str) -> dict[str, Any]:
    """A TimelineJS3 document; text fields are HTML, so every data string is escaped."""
    events = []
    for fact in facts:
        assert fact.date is not None
        parsed = dates.parse(fact.date)
        # An open start has no date to begin at: such an event is placed at its known end.
        first = parsed.first or parsed.last
        last = parsed.last
        assert first is not None
        event: dict[str, Any] = {"start_date": _tl_date(first, upper=False)}
        if last is not None and (parsed.interval or last.lower != last.upper):
            event["end_date"] = _tl_date(last, upper=True)
        source = base.sources[fact.source]
        status = f"{STATUS_SYMBOLS[fact.status]} {status_label(fact.status, lang)}"
        event["display_date"] = fact.date_text.get(lang) if fact.date_text else fact.date
        event["text"] = {
            "headline": html.escape(fact.summary.get(lang)),
            "text": (
                f"<p><b>{html.escape(status)}</b></p>"
                f"<blockquote>{html.escape(fact.quote)}</blockquote>"
                f"<p>{html.escape(records.citation(source, base, lang))}</p>"
            ),
        }
        if fact.sectors:
            event["group"] = base.sectors[fact.sectors[0]].name.get(lang)
        event["unique_id"] = fact.id
        events.append(event)
    sources = [records.citation(s, base, lang) for s in base.sources.values()]
    return {
        "title": {
            "text": {
                "headline": html.escape(word("timeline", lang)),
                "text": "".join(f"<p>{html.escape(citation)}</p>" for citation in sources),
            }
        },
        "events": events,
    }


def _ics_text(value: str) -> str:
    """RFC 5545 TEXT escaping."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


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


def _strip_controls(value: str) -> str:
    # iCalendar TEXT may not hold control characters other than the escaped newline.
    return "".join(char if char in "\n" or (ord(char) >= 0x20 and char != "\x7f") else " " for char in value)


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
        f"X-WR-CALNAME:{_ics_text(word('timeline', lang))}",
    ]
    for fact in facts:
        start = fact.start or fact.end
        end = fact.end if fact.start and fact.end else start
        assert start is not None and end is not None
        source = base.sources[fact.source]
        when = fact.date_text.get(lang) if fact.date_text else fact.date
        description = "\n".join(
            [
                f"{status_label(fact.status, lang)} ({when})",
                f"«{fact.quote}»",
                records.citation(source, base, lang),
            ]
        )
        event = [
            "BEGIN:VEVENT",
            f"UID:{fact.id}@kzil",
            f"DTSTAMP:{fact.as_of.replace('-', '')}T000000Z",
            f"DTSTART;VALUE=DATE:{start.replace('-', '')}",
            _event_end(start, end),
            f"SUMMARY:{_ics_text(_strip_controls(fact.summary.get(lang)))}",
            f"DESCRIPTION:{_ics_text(_strip_controls(description))}",
            f"CATEGORIES:{','.join(_ics_text(base.sectors[key].name.get(lang)) for key in fact.sectors)}"
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

    def timeline(
        self, base: FactBase, ordered: list[Fact], markers: list[Marker], left_out: int, lang: str
    ) -> None:
        from kzil.render.machine import json_value

        json_value(self.out.stream, timelinejs(base, ordered, lang))


class IcsRenderer(Renderer):
    """An iCalendar file (the timeline view only); an empty answer is a calendar too."""

    def timeline(
        self, base: FactBase, ordered: list[Fact], markers: list[Marker], left_out: int, lang: str
    ) -> None:
        self.out.utf8(ics(base, ordered, lang))
