"""Timeline exports for other tools: TimelineJS3 JSON (Knight Lab) and iCalendar (RFC 5545)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from kzil import dates, spans
from kzil.i18n import STATUS_SYMBOLS, status_label, word
from kzil.model import FACTUAL_STATUSES, SETTLED_STATUSES, Fact, FactBase
from kzil.render import records
from kzil.render.formats import Output, Renderer
from kzil.spans import Marker

if TYPE_CHECKING:
    from kzil.spans import Plan
    from kzil.track import States


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


def _full_day(day: date) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


def _event(base: FactBase, fact: Fact, lang: str, states: States) -> dict[str, Any]:
    """One fact as a TimelineJS event: a start to its date's own precision, a real end (the
    last day a month, season or year allows) for anything longer than a day; under its status,
    what came of it (a passed date, its follow-up) and what it follows."""
    from kzil.render.labels import label
    from kzil.render.tracking import timeline_notes

    first, last = spans.calendar_points(fact)
    event: dict[str, Any] = {"start_date": _tl_date(first, upper=False)}
    if last is not None:
        event["end_date"] = _full_day(last.upper)
    assert fact.date is not None
    source = base.sources[fact.source]
    status = f"{STATUS_SYMBOLS[fact.status]} {status_label(fact.status, lang)}"
    planned = fact.status not in SETTLED_STATUSES
    notes = fact.notes.get(lang) if fact.notes else ""
    followed = timeline_notes(fact, states, lang)
    event["display_date"] = label(fact.date, lang) + ("*" if fact.derived else "")
    event["text"] = {
        "headline": fact.summary.get(lang) + (f" ({word('as_announced', lang)})" if planned else ""),
        "text": _html(
            "<p><b>{}</b> · {}</p>"
            + "<p>{}</p>" * len(followed)
            + "<blockquote>{}</blockquote><p>— {}</p>"
            + ("<p><i>{}</i></p>" if notes else "{}")
            + "<p>{}</p>",
            status,
            fact.date_text.get(lang) if fact.date_text else fact.date,
            *followed,
            fact.quote,
            records.attribution(fact, base, lang),
            notes,
            records.citation(source, base, lang),
        ),
    }
    if fact.sectors:
        event["group"] = base.sectors[fact.sectors[0]].name.get(lang)
    event["unique_id"] = fact.id
    return event


def _era(day: str, headline: str) -> dict[str, Any]:
    """A one-day era, drawn as a band across the time axis. It ends on the next day: TimelineJS3
    refuses the whole document ("All eras must have start and end dates") when an era's end is
    its start, as seen in Chromium."""
    start = date.fromisoformat(day)
    end = start + timedelta(days=1) if start < date.max else start
    return {"start_date": _full_day(start), "end_date": _full_day(end), "text": {"headline": headline}}


def timelinejs(base: FactBase, plan: Plan, lang: str, states: States) -> dict[str, Any]:
    """A TimelineJS3 document; text fields are HTML, so every data string is escaped.

    A fact with an open or unknown end of its date has no place on a time axis that would not
    state more than the source (1992 "and still", "before 17 Feb 2026"): it is listed on the
    title slide instead, so the view opens on the facts the dates place, not on a scale of
    decades that one such fact would force.
    """
    from kzil.render.labels import label, marker_parts

    placed = [fact for fact in plan.facts if spans.bounded(fact)]
    unplaced = [fact for fact in plan.facts if not spans.bounded(fact)]
    citations = [records.citation(s, base, lang) for s in base.sources.values()]
    title = _html("<p>{}</p>" * len(citations), *citations)
    if unplaced:
        items = [f"{fact.summary.get(lang)} ({label(fact.date or '', lang)})" for fact in unplaced]
        title = Html(
            title
            + _html("<p>{}</p>", word("not_placed", lang, n=len(unplaced)))
            + _html("<ul>" + "<li>{}</li>" * len(items) + "</ul>", *items)
        )
    markers = [entry for entry in plan.entries if isinstance(entry, Marker)]
    document = {
        "title": {"text": {"headline": word("timeline", lang), "text": title}},
        "events": [_event(base, fact, lang, states) for fact in placed],
        "eras": [_era(marker.date, " · ".join(marker_parts(base, marker, lang))) for marker in markers],
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


def _ics_status(fact: Fact, states: States) -> str:
    """CONFIRMED for what happened or holds; CANCELLED for a plan called off (by its own status
    or by its latest follow-up), so calendars strike it through; TENTATIVE for plans, hopes,
    proposals and views."""
    row = states.get(fact)
    if fact.status == "cancelled" or (row is not None and row.state == "cancelled"):
        return "CANCELLED"
    return "CONFIRMED" if fact.status in FACTUAL_STATUSES else "TENTATIVE"


def ics(base: FactBase, facts: Sequence[Fact], lang: str, states: States) -> str:
    """All-day events over each fact's [start, end], the status word leading the summary, so a
    calendar does not show a plan as an event. Only facts whose dates have both ends: the
    caller leaves out the others (see `spans.bounded`) rather than pin them to a made-up day."""
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
        label = status_label(fact.status, lang)
        description = [f"{label} ({when})", f"«{fact.quote}»", f"— {records.attribution(fact, base, lang)}"]
        if fact.notes:
            description.append(fact.notes.get(lang))
        description.append(records.citation(source, base, lang))
        event = [
            "BEGIN:VEVENT",
            _property("UID", f"{fact.id}@kzil"),
            f"DTSTAMP:{fact.as_of.replace('-', '')}T000000Z",
            f"DTSTART;VALUE=DATE:{start.replace('-', '')}",
            _event_end(start, end),
            _property("SUMMARY", f"{label[:1].upper()}{label[1:]}: {fact.summary.get(lang)}"),
            _property("DESCRIPTION", "\n".join(description)),
            _property("CATEGORIES", *(base.sectors[key].name.get(lang) for key in fact.sectors))
            if fact.sectors
            else "",
            f"STATUS:{_ics_status(fact, states)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
        lines += [line for line in event if line]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


class TimelineJsRenderer(Renderer):
    """A TimelineJS3 document (the timeline view only); an empty answer is a document too."""

    def timeline(self, base: FactBase, plan: Plan, states: States, lang: str) -> None:
        from kzil.render.machine import json_value

        json_value(self.out.stream, timelinejs(base, plan, lang, states))
        _notice_unplaced(self.out, plan, "not_in_timelinejs")


class IcsRenderer(Renderer):
    """An iCalendar file (the timeline view only); an empty answer is a calendar too."""

    def timeline(self, base: FactBase, plan: Plan, states: States, lang: str) -> None:
        self.out.utf8(ics(base, [fact for fact in plan.facts if spans.bounded(fact)], lang, states))
        _notice_unplaced(self.out, plan, "not_in_calendar")


def _notice_unplaced(out: Output, plan: Plan, key: str) -> None:
    """Say on stderr how many facts an export left out for an open or unknown end of their date."""
    left_out = [fact.id for fact in plan.facts if not spans.bounded(fact)]
    if left_out:
        out.notice(word(key, "en", n=len(left_out), ids=", ".join(left_out)))
