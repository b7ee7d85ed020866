"""Issue 10, item 3: every text that reaches a terminal is shown visibly when it holds control,
bidirectional or invisible characters, definition texts included (a source's outlet, title and
place; an entity's role), in every view, piped, with colour forced and on a real terminal.
Run against the installed console script."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.adversarial_support import (
    SMALL_BASE,
    assert_no_traceback,
    assert_problem_report,
    bundled_data,
    describe,
    dump,
    kz,
    kz_many,
    run_pty,
    write,
)

# (raw, how it must be shown): a terminal title, a clear screen, a C1 CSI, a bell, bidi overrides and
# isolates, zero-width characters, Unicode tags (invisible ASCII), variation selectors, a soft hyphen.
HOSTILE = {
    "Trend\x1b]0;pwned\x07": "Trend\\x1b]0;pwned\\x07",
    "\x1b[2J\x1b[Hcleared": "\\x1b[2J\\x1b[Hcleared",
    "c1\x9b31mcsi": "c1\\x9b31mcsi",
    "out\u202elet": "out\\u202elet",
    "iso\u2066late\u2069": "iso\\u2066late\\u2069",
    "zero\u200bwidth\u200djoin": "zero\\u200bwidth\\u200djoin",
    "tag\U000e0041\U000e0042s": "tag\\U000e0041\\U000e0042s",
    "vs\ufe0fsel\U000e0100": "vs\\ufe0fsel\\U000e0100",
    "soft\xadhyphen": "soft\\xadhyphen",
    "word\u2060joiner\u2028sep": "word\\u2060joiner\\u2028sep",
}
RAW = list(HOSTILE)
# Everything that must never reach a terminal raw: controls but newline, format characters (bidi,
# zero-width, tags), separators, the other default-ignorable code points.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000e0000-\U000e0fff]"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")  # kzil's own colours, when colour is asked for


def definition_data() -> dict[str, Any]:
    """The bundled base with hostile outlets, titles, places and roles (names stay plain: the
    validator refuses what would make two names look alike), and hostile fact texts."""
    data = copy.deepcopy(bundled_data())
    n = len(RAW)
    for j, source in enumerate(data["sources"].values()):
        source["outlet"] = RAW[j % n]
        source["title"] = {"en": RAW[(j + 1) % n], "ru": RAW[(j + 2) % n]}
        source["place"] = {"en": RAW[(j + 3) % n], "ru": RAW[(j + 4) % n]}
    for j, entity in enumerate(data["entities"].values()):
        entity["role"] = {"en": RAW[j % n], "ru": RAW[(j + 5) % n]}
    for i, fact in enumerate(data["facts"]):
        fact["summary"] = {"en": RAW[i % n], "ru": RAW[(i + 1) % n]}
        if "date" in fact:
            fact["date_text"] = {"en": RAW[(i + 2) % n], "ru": RAW[(i + 3) % n]}
    # a follow-up, so that `track`, `show` and the timeline show a hostile outcome and its citation
    followup = copy.deepcopy(next(fact for fact in data["facts"] if fact["id"] == "scat-shymkent-flights"))
    followup.update(id="scat-flights-began", follows=["scat-shymkent-flights"], status="happened")
    followup["summary"] = {"en": RAW[3], "ru": RAW[4]}
    data["facts"].append(followup)
    return data


class Base:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = definition_data()
        self.path = dump(root, "defs.yaml", self.data)

    def args(self, *args: str) -> list[str]:
        return ["--data", self.path.name, *args]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    made = Base(tmp_path_factory.mktemp("terminal-text"))
    check = kz(made.root, *made.args("validate"))
    assert check.returncode == 0, describe(check)
    return made


def assert_visible(output: str, where: str, *, colour: bool = False) -> None:
    rest = SGR.sub("", output) if colour else output
    found = UNSAFE.search(rest)
    assert found is None, f"{where}: raw {found.group()!r} reached the terminal\n{output[:2000]}"


def first_source(base: Base) -> dict[str, Any]:
    return next(iter(base.data["sources"].values()))


VIEWS = {
    "timeline": ["timeline", "--today", "2026-11-25"],
    "timeline-ru": ["timeline", "--today", "2026-11-25", "--lang", "ru"],
    "timeline-markdown": ["timeline", "--today", "2026-11-25", "--format", "markdown"],
    "facts": ["facts"],
    "facts-markdown": ["facts", "--format", "markdown"],
    "show": ["show", "water-mou-signed"],
    "show-ru": ["show", "water-mou-signed", "--lang", "ru"],
    "sources": ["sources"],
    "sources-ru": ["sources", "--lang", "ru"],
    "entities": ["entities"],
    "entity": ["entity", "yoav-bystritsky"],
    "sectors": ["sectors"],
    "countries": ["countries"],
    "statuses": ["statuses"],
    "overview": ["overview"],
    "sector": ["sector", "water"],
    "search": ["search", "water"],
    "track": ["track", "--today", "2026-11-25"],
    "track-ru": ["track", "--today", "2026-11-25", "--lang", "ru"],
    "track-markdown": ["track", "--today", "2026-11-25", "--format", "markdown"],
    "show-followup": ["show", "scat-shymkent-flights"],
}


@pytest.mark.parametrize("colour", [False, True], ids=["piped", "colour-forced"])
def test_every_view_shows_definition_texts_visibly(base: Base, colour: bool) -> None:
    env = {"FORCE_COLOR": "1"} if colour else {}
    results = kz_many(base.root, [(base.args(*args), env) for args in VIEWS.values()])
    for view, result in zip(VIEWS, results, strict=True):
        assert_no_traceback(result)
        assert (result.returncode, result.stderr) == (0, ""), f"{view}: {describe(result)}"
        assert_visible(result.stdout, view, colour=colour)


def test_the_timeline_marker_shows_the_outlet_visibly(base: Base) -> None:
    outlet = first_source(base)["outlet"]
    for args in (VIEWS["timeline"], VIEWS["timeline-markdown"]):
        result = kz(base.root, *base.args(*args))
        shown = re.sub(r"\\([\\`*_{}\[\]<>#|~])", r"\1", result.stdout)  # Markdown's own escapes
        assert HOSTILE[outlet] in shown, describe(result)


def test_sources_show_outlet_title_and_place_visibly(base: Base) -> None:
    source = first_source(base)
    result = kz(base.root, *base.args("sources"), extra_env={"COLUMNS": "400"})
    for raw in (source["outlet"], source["title"]["en"], source["place"]["en"]):
        assert HOSTILE[raw] in result.stdout, f"{raw!r} not shown as {HOSTILE[raw]!r}\n{result.stdout}"


def test_show_displays_roles_and_the_citation_visibly(base: Base) -> None:
    result = kz(base.root, *base.args("show", "water-mou-signed"), extra_env={"COLUMNS": "400"})
    source = first_source(base)
    assert HOSTILE[source["outlet"]] in result.stdout, result.stdout
    roles = [entity["role"]["en"] for entity in base.data["entities"].values() if "role" in entity]
    assert any(HOSTILE[role] in result.stdout for role in roles), result.stdout


@pytest.mark.parametrize("view", ["timeline", "show", "sources", "overview", "track"])
def test_definition_texts_stay_visible_on_a_real_terminal(base: Base, view: str) -> None:
    result = run_pty(base.root, *base.args(*VIEWS[view]))
    assert_no_traceback(result)
    assert result.returncode == 0, describe(result)
    assert_visible(result.stdout, f"{view} on a pty", colour=True)


def test_validate_messages_show_invisible_characters(tmp_path: Path) -> None:
    text = SMALL_BASE.replace("    outlet: Trend\n", "    outlet: Trend\n    out\u200blet: x\n")
    text = text.replace("status: happened", "status: happ\u200bened")
    write(tmp_path, "zw.yaml", text)
    problems = assert_problem_report(kz(tmp_path, "validate", "zw.yaml"), "out\\u200blet")
    assert any("'happ\\u200bened'" in line for line in problems), problems
    assert_visible("\n".join(problems), "validate")


def test_completion_never_offers_a_candidate_that_would_drive_the_terminal(tmp_path: Path) -> None:
    """Candidates holding control or invisible characters are never printed for the shell (the
    validator may refuse such names outright, so the file is also completed from cleanly)."""
    aliases = ["wat\x1b]0;pwned\x07er", "wat\u202eer", "wat\u200ber", "wat\U000e0041er", "wat\u2028er"]
    listed = json.dumps(aliases, ensure_ascii=False)
    write(
        tmp_path,
        "comp.yaml",
        SMALL_BASE.replace(
            "name: {en: Water, ru: Вода}", f"name: {{en: Water, ru: Вода}}\n    aliases: {listed}"
        ),
    )
    write(tmp_path, "plain.yaml", SMALL_BASE)
    for name in ("comp.yaml", "plain.yaml"):
        for shell in ("bash", "zsh", "fish"):
            words = f"kzil --data {name} sector wat"
            env = {
                "_KZIL_COMPLETE": f"complete_{shell}",
                "COMP_WORDS": words,
                "COMP_CWORD": "4",
                "_TYPER_COMPLETE_ARGS": words,
                "_TYPER_COMPLETE_WORD_TO_COMPLETE": "wat",
                "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            }
            result = kz(tmp_path, extra_env=env)
            assert_no_traceback(result)
            assert not UNSAFE.search(result.stdout), f"{name}, {shell}: {result.stdout!r}"
            if name == "plain.yaml":
                assert "water" in result.stdout, f"{shell}: completion offers nothing: {result.stdout!r}"
