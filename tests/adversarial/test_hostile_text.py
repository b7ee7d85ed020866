"""Issue 5, cases 11-13: a valid fact base whose texts are hostile, shown in every view.

The base is the bundled one with summaries, quotes, notes, date wordings and names replaced by
Rich-markup-like values, escape sequences and other control characters, and long Cyrillic text.
Tables must show all of it literally and harmlessly; JSON must give it back exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.adversarial_support import (
    ANSI,
    SMALL_BASE,
    UNSAFE,
    assert_no_traceback,
    assert_one_line_error,
    assert_problem_report,
    describe,
    dump,
    facts_by_id,
    hostile_data,
    kz,
    kz_many,
    run_pty,
    write,
)

MARKUP = [  # the first ones also end the names of the first sector and entity, shown in headings
    "[/]",
    "[red]",
    "[/b]",
    "[link=https://example.com]x[/link]",
    ":smile:",
    "trailing\\",
    "[bold red]alert[/bold red] :thumbs_up: [/] [/nonexistent]",
    "\\[escaped] [[double]] [b",
]
ESCAPES = [
    "\x1b[2J",
    "\x1b]0;title\x07",
    "line\rover",
    "\x9b31mcsi",
    "nul\x00byte",
    "\u202eevil",
    "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[31mred\x1b[0m",
    "bell\x07del\x7f",
    "\u2066iso\u2069 line\u2028sep",
]
CYRILLIC = [
    "Длинная строка с ёлками и пробелами " * 120 + "конец",
    "ж" * 3000,
]
VALUES = MARKUP + ESCAPES + CYRILLIC
TODAY = "2026-11-25"
EMOJI = ("\U0001f604", "\U0001f44d")  # what :smile: and :thumbs_up: would become


class Base:
    """The hostile fact base, written once for the module, with its own cache directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = hostile_data(VALUES)
        self.path = dump(root, "hostile.yaml", self.data)
        self.facts = facts_by_id(self.data)

    def run(self, *args: str, **env: str) -> Any:
        return kz(self.root, "--data", self.path.name, *args, extra_env=env)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    made = Base(tmp_path_factory.mktemp("hostile-text"))
    check = made.run("validate")
    assert check.returncode == 0, f"the hostile base must be valid: {describe(check)}"
    return made


def pieces(value: str) -> list[str]:
    """What must show literally: the text between unsafe characters, cut into words."""
    return [word for part in UNSAFE.split(value) for word in part.split()]


def assert_shown_harmlessly(output: str, texts: Iterable[str], where: str, *, colour: bool = False) -> None:
    if not colour:
        assert not ANSI.search(output), f"{where}: colour codes in piped output"
        assert not UNSAFE.search(output), f"{where}: raw control character {UNSAFE.search(output)!r}"
    for text in texts:
        if not colour:
            assert text not in output or not UNSAFE.search(text), f"{where}: raw {text!r}"
        for raw in UNSAFE.findall(text):
            if raw != "\x1b":
                assert raw not in output, f"{where}: raw {raw!r} from the data reached the output"
        for sequence in re.findall(r"\x1b[\[\]][^\x1b\x07]*", text):
            if colour and re.fullmatch(r"\x1b\[[0-9;]*m", sequence):
                continue  # indistinguishable from kzil's own colour codes
            assert sequence not in output, f"{where}: raw escape sequence {sequence!r} from the data"
        if "\x1b" in text:
            assert "\\x1b" in output, f"{where}: ESC of {text!r} not shown as \\x1b"
        for piece in pieces(text):
            assert piece in output, f"{where}: {piece!r} of {text!r} not shown literally"
    for emoji in EMOJI:
        assert emoji not in output, f"{where}: an emoji code became an emoji"
    assert "\x1b]8;" not in output, f"{where}: a hyperlink was emitted"


def _texts(records: list[dict[str, Any]], *keys: str) -> list[str]:
    return [record[key] for record in records for key in keys if record.get(key)]


# --- 11 and 12: tables, timeline, show -------------------------------------------------------------

LISTINGS = {
    "facts": (["facts"], ["facts", "--json"], ("summary",)),
    "facts-ru": (["facts", "--lang", "ru"], ["facts", "--json", "--lang", "ru"], ("summary",)),
    "timeline": (["timeline", "--today", TODAY], ["timeline", "--json", "--today", TODAY], ("summary",)),
    "sector": (["sector", "diplomacy"], ["sector", "diplomacy", "--json"], ("summary",)),
    "entity": (["entity", "yoav-bystritsky"], ["entity", "yoav-bystritsky", "--json"], ("summary",)),
    "entities": (["entities"], ["entities", "--json"], ("name", "role")),
    "sectors": (["sectors"], ["sectors", "--json"], ("name",)),
    "countries": (["countries"], ["countries", "--json"], ("name",)),
    "sources": (["sources"], ["sources", "--json"], ("outlet",)),
}


@pytest.mark.parametrize("view", list(LISTINGS))
def test_hostile_text_is_shown_literally_and_harmlessly_in_tables(base: Base, view: str) -> None:
    table_args, json_args, keys = LISTINGS[view]
    table, as_json = kz_many(
        base.root,
        [(["--data", base.path.name, *table_args], {}), (["--data", base.path.name, *json_args], {})],
    )
    for result in (table, as_json):
        assert_no_traceback(result)
        assert result.returncode == 0 and result.stderr == "", describe(result)
    records = json.loads(as_json.stdout)
    texts = _texts(records, *keys)
    assert texts, "nothing to look for"
    assert_shown_harmlessly(table.stdout, texts, view)
    headings = {
        "sector": [base.data["sectors"]["diplomacy"]["name"]["en"]],
        "entity": [base.data["entities"]["yoav-bystritsky"][key]["en"] for key in ("name", "role")],
    }
    if view in headings:
        heading = table.stdout.split("\n\n", 1)[0].split("date", 1)[0]  # what comes before the table
        assert_shown_harmlessly(heading, headings[view], f"{view} heading")


def test_every_hostile_value_reaches_some_table(base: Base) -> None:
    result = base.run("facts")
    assert result.returncode == 0, describe(result)
    assert_shown_harmlessly(result.stdout, VALUES, "facts")


def _show_ids(data: dict[str, Any]) -> list[str]:
    """Facts whose `show` covers every value: fact i shows values[i] and values[i + 1]."""
    return [fact["id"] for fact in data["facts"][: len(VALUES) : 2]]


def test_show_displays_every_hostile_field_literally(base: Base) -> None:
    ids = _show_ids(base.data)
    results = kz_many(base.root, [(["--data", base.path.name, "show", fact_id], {}) for fact_id in ids])
    for fact_id, result in zip(ids, results, strict=True):
        assert_no_traceback(result)
        assert result.returncode == 0 and result.stderr == "", describe(result)
        fact = base.facts[fact_id]
        texts = [fact["summary"]["en"], fact["summary"]["ru"], fact["quote"]]
        texts += [fact[key]["en"] for key in ("notes", "date_text") if key in fact]
        assert_shown_harmlessly(result.stdout, texts, f"show {fact_id}")


def _view_texts(base: Base, view: str, fact_id: str) -> list[str]:
    """The hostile texts a view must show: every value in `facts`, the summaries of the dated facts in
    `timeline`, the summary and quote of the fact in `show`."""
    if view == "facts":
        return VALUES
    if view == "show":
        return [base.facts[fact_id]["summary"]["en"], base.facts[fact_id]["quote"]]
    timeline = json.loads(base.run("timeline", "--json", "--today", TODAY).stdout)
    return [record["summary"] for record in timeline]


@pytest.mark.parametrize(
    "env",
    [{"FORCE_COLOR": "1"}, {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "20"}],
    ids=["force-color", "force-color-tty-compatible-columns-20"],
)
def test_hostile_text_stays_harmless_when_colour_is_forced(base: Base, env: dict[str, str]) -> None:
    fact_id = _show_ids(base.data)[len(MARKUP) // 2]  # a fact carrying escape sequences
    results = kz_many(
        base.root,
        [
            (["--data", base.path.name, "facts"], env),
            (["--data", base.path.name, "timeline", "--today", TODAY], env),
            (["--data", base.path.name, "show", fact_id], env),
        ],
    )
    for label, result in zip(("facts", "timeline", "show"), results, strict=True):
        assert_no_traceback(result)
        assert result.returncode == 0 and result.stderr == "", describe(result)
        assert ANSI.search(result.stdout), f"{label}: FORCE_COLOR=1 asked for colour"
        texts = _view_texts(base, label, fact_id)
        assert_shown_harmlessly(result.stdout, texts, label, colour=True)
        if any("\x1b[2J" in text for text in texts):
            assert "\\x1b[2J" in result.stdout, f"{label}: ESC[2J not shown as text"


@pytest.mark.parametrize("view", ["facts", "timeline", "show"])
def test_hostile_text_stays_harmless_on_a_terminal(base: Base, view: str) -> None:
    fact_id = _show_ids(base.data)[len(MARKUP) // 2]
    args = {"facts": ["facts"], "timeline": ["timeline", "--today", TODAY], "show": ["show", fact_id]}[view]
    result = run_pty(base.root, "--data", base.path.name, *args)
    assert_no_traceback(result)
    assert result.returncode == 0 and result.stderr == "", describe(result)
    texts = _view_texts(base, view, fact_id)
    assert_shown_harmlessly(result.stdout, texts, f"{view} on a pty", colour=True)


# --- 12: error messages echoing hostile names -------------------------------------------------------

ECHOED = [
    (["sector", "\x1b[2Jx"], r"\x1b[2Jx"),
    (["show", "\x9b2Jfact"], r"fact"),
    (["entity", "\u202eevil"], "evil"),
    (["facts", "--sector", "[/]\x1b]0;t\x07"], r"[/]\x1b]0;t"),
    (["facts", "--status", "\x1b[2J"], r"\x1b[2J"),
    (["facts", "--country", "\r\x1b[2J"], r"\x1b[2J"),
    (["timeline", "--today", "\x1b[2J"], r"\x1b[2J"),
    (["facts", "--from", "\x1b[2J"], r"\x1b[2J"),
    (["facts", "--format", "\x1b[2J"], r"\x1b[2J"),
    (["\x1b[2J"], r"\x1b[2J"),
    (["facts", "--\x1b[2J"], r"\x1b[2J"),
]


@pytest.mark.parametrize(("args", "shown"), ECHOED, ids=[repr(args) for args, _ in ECHOED])
def test_unknown_name_with_escape_is_echoed_visibly(tmp_path: Path, args: list[str], shown: str) -> None:
    assert_one_line_error(kz(tmp_path, *args), 2, shown)


def test_hostile_values_in_invalid_data_are_echoed_visibly(tmp_path: Path) -> None:
    text = SMALL_BASE.replace("status: happened", 'status: "\\e[2J\\u202ebad"').replace(
        "sectors: [water]", 'sectors: ["\\e]0;t\\a"]'
    )
    name = write(tmp_path, "values.yaml", text)
    validate, listing = kz_many(tmp_path, [(["validate", name], {}), (["--data", name, "facts"], {})])
    assert_problem_report(validate, f"{name}:", r"\x1b[2J")
    assert_problem_report(validate, f"{name}:", r"\x1b]0;t\x07")
    assert_one_line_error(listing, 1, r"\x1b")


def test_hostile_keys_in_invalid_data_are_echoed_visibly(tmp_path: Path) -> None:
    """Keys reach the `field` part of a problem: `kzil validate` must escape them too."""
    text = SMALL_BASE + '    "\\e]0;t\\a": 2\n    "a\\nb": 3\n' + '"\\e[2J\\u202e": 1\n'
    name = write(tmp_path, "keys.yaml", text)
    validate, listing = kz_many(tmp_path, [(["validate", name], {}), (["--data", name, "facts"], {})])
    assert_one_line_error(listing, 1, r"\x1b]0;t\x07")
    assert_problem_report(validate, f"{name}:", r"\x1b[2J")
    assert_problem_report(validate, f"{name}:", r"\x1b]0;t\x07")


# --- 13: JSON gives the data back exactly ------------------------------------------------------------


def _check_fact_records(base: Base, records: list[dict[str, Any]], lang: str, where: str) -> None:
    assert records, where
    for record in records:
        fact = base.facts[record["id"]]
        assert record["summary"] == fact["summary"][lang], f"{where}: summary of {record['id']} changed"
        assert record["quote"] == fact["quote"], f"{where}: quote of {record['id']} changed"
        if "date_text" in fact:
            assert record["date_text"] == fact["date_text"][lang], f"{where}: date_text of {record['id']}"


def _check_json_bytes(out: bytes, where: str) -> Any:
    text = out.decode("utf-8")  # strict: JSON goes out as UTF-8
    assert not re.search("[\x00-\x09\x0b-\x1f]", text), f"{where}: raw C0 control in JSON"
    assert not ANSI.search(text), f"{where}: colour codes in JSON"
    return json.loads(text)


JSON_ENVS = {
    "force-color": {"FORCE_COLOR": "1"},
    "tty-compatible": {"TTY_COMPATIBLE": "1"},
    "columns-20": {"COLUMNS": "20"},
    "all": {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "20", "TERM": "xterm-256color"},
}


@pytest.mark.parametrize("env", list(JSON_ENVS))
def test_json_round_trips_exactly_whatever_the_terminal_settings(base: Base, env: str) -> None:
    extra = JSON_ENVS[env]
    fact_id = _show_ids(base.data)[len(MARKUP) // 2]
    calls: list[tuple[list[str], dict[str, str]]] = [
        (["--data", base.path.name, "facts", "--json", "--lang", "ru"], extra)
    ]
    if env == "all":
        calls += [
            (["--data", base.path.name, "facts", "--json"], extra),
            (["--data", base.path.name, "timeline", "--json", "--today", TODAY], extra),
            (["--data", base.path.name, "show", fact_id, "--json"], extra),
            (["--data", base.path.name, "entities", "--json"], extra),
        ]
    results = kz_many(base.root, calls)
    for (args, _), result in zip(calls, results, strict=True):
        assert_no_traceback(result)
        assert result.returncode == 0 and result.stderr == "", describe(result)
        value = _check_json_bytes(result.out_bytes, " ".join(args[2:]))
        lang = "ru" if "ru" in args else "en"
        if args[2] == "entities":
            for record in value:
                assert record["name"] == base.data["entities"][record["id"]]["name"]["en"]
        else:
            _check_fact_records(base, value if isinstance(value, list) else [value], lang, " ".join(args[2:]))
    if env == "all":
        everything = json.loads(results[1].stdout)
        assert len(everything) == len(base.data["facts"])


@pytest.mark.parametrize(
    "args", [["facts", "--json", "--lang", "ru"], ["timeline", "--json", "--today", TODAY]]
)
def test_json_round_trips_exactly_on_a_terminal(base: Base, args: list[str]) -> None:
    result = run_pty(base.root, "--data", base.path.name, *args, columns=20)
    assert_no_traceback(result)
    assert result.returncode == 0 and result.stderr == "", describe(result)
    records = _check_json_bytes(result.out_bytes, f"{args[0]} on a pty")
    _check_fact_records(base, records, "ru" if "ru" in args else "en", f"{args[0]} on a pty")


def test_cached_run_gives_the_same_json_as_a_fresh_parse(base: Base) -> None:
    fresh, cached, again = (
        base.run("facts", "--json", KZIL_NO_CACHE="1"),
        base.run("facts", "--json"),
        base.run("facts", "--json"),
    )
    assert fresh.returncode == cached.returncode == again.returncode == 0
    assert fresh.out_bytes == cached.out_bytes == again.out_bytes
