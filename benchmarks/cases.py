"""What bench.py times: the commands of each case, and the targets they are held to.

Issue 6 ("Speed") set the first targets; issue 11 ("Scale") the ones for 100,000 facts, where a
command must cost what it returns: `show ID` about what it costs on the bundled data, a listing a
fraction of jq reading the same JSON, a timeline to a file half of jq sorting the same facts, and
no more than 150 MB of memory for any of them (300 MB for the first run, which parses the YAML).
A target compares a command with a peer measured in the same run, or caps its peak memory.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any, NamedTuple

SECTOR = "water"
FILTER = f'[.facts[] | select(.sectors | index("{SECTOR}"))]'
# What `kzil search` reads, joined, in jq: summaries, quote and notes (the words chosen by
# `selective_words` are in no name, so that names, which kzil reads too, change nothing).
SEARCHED = '([.summary.en, .summary.ru, .quote, (.notes.en // ""), (.notes.ru // "")] | join("\\n"))'
SORT = "[.facts[] | select(.date != null)] | sort_by(.date)"
BUNDLED_ID = "water-mou-signed"
# From this many facts a first run or a yq run parses YAML for many seconds: fewer rounds for those.
SLOW_SIZE = 50_000
LARGE = 100_000  # issue 11's targets are for this size; smaller sizes show the same ratios


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_kib: int


@dataclass
class Command:
    key: str  # names the command in targets, e.g. "yq"
    label: str
    argv: list[str]
    rounds: int
    cold_cache: bool = False  # a fresh, empty XDG_CACHE_HOME for every run
    to_file: bool = False  # stdout to a file rather than /dev/null
    warm_up: bool = True  # one untimed run first (kzil's cache, the OS's file cache, .pyc files)
    selects: str | None = None  # prints a JSON list of facts, which must be the same in this group
    samples: list[Sample] = field(default_factory=list)
    failure: str | None = None

    def median_ms(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) * 1000 if self.samples else None

    def peak_mb(self) -> float | None:
        return statistics.median(s.peak_kib for s in self.samples) / 1024 if self.samples else None


class Target(NamedTuple):
    issue: int | None  # the issue that set it; None for a ratio shown for information
    command: str
    peer: str | None  # None: `limit` is megabytes of peak memory
    limit: float | None
    memory: bool = False


PEER_NAMES = {
    "typer": "bare Typer",
    "yq": "yq",
    "jq": "jq",
    "jq_search": "jq test()",
    "jq_sort": "jq sort",
    "show_bundled": "show on bundled",
}


@dataclass
class Case:
    name: str
    commands: list[Command]
    targets: list[Target]

    def command(self, key: str) -> Command | None:
        return next((command for command in self.commands if command.key == key), None)


@dataclass(frozen=True)
class Tools:
    python: str
    kzil: str
    yq: str | None
    jq: str | None
    typer_app: str


def bundled_case(tools: Tools, bundled: str, rounds: int, facts: int) -> Case:
    kzil = tools.kzil
    water = [kzil, "sector", SECTOR, "--json"]
    show = [kzil, "show", BUNDLED_ID, "--json"]
    commands = [
        Command("json", f"kzil sector {SECTOR} --json", water, rounds, selects="water"),
        Command("timeline", "kzil timeline > FILE", [kzil, "timeline"], rounds, to_file=True),
        Command("show", f"kzil show {BUNDLED_ID} --json", show, rounds),
        Command("version", "kzil --version", [kzil, "--version"], rounds),
        Command("typer", "bare Typer app", [tools.python, tools.typer_app, "--name", "kzil"], rounds),
        Command("python", "python -I -c pass", [tools.python, "-I", "-c", "pass"], rounds),
    ]
    if tools.yq:
        commands.append(Command("yq", "yq FILTER", [tools.yq, FILTER, bundled], rounds, selects="water"))
    targets = [
        Target(6, "json", "yq", 1.0),
        Target(11, "json", "typer", 1.1),
        Target(6, "json", "typer", 1.15, memory=True),
        Target(6, "timeline", "yq", 1.5),
        Target(11, "timeline", "typer", 1.3),
        Target(11, "version", "typer", 1.05),
    ]
    return Case(f"bundled ({facts} facts)", commands, targets)


def selective_words(data: dict[str, Any]) -> tuple[str, str]:
    """Two words that few facts hold both of, and no name: a selective search for kzil and jq."""
    names = {
        word.casefold()
        for table in ("sectors", "countries", "entities")
        for item in data[table].values()
        for text in (item["name"]["en"], item["name"]["ru"], *item.get("aliases", ()))
        for word in text.split()
    }
    texts = [
        "\n".join(
            [fact["summary"]["en"], fact["summary"]["ru"], fact["quote"], *fact.get("notes", {}).values()]
        ).casefold()
        for fact in data["facts"]
    ]
    middle = data["facts"][len(data["facts"]) // 2]["summary"]["en"].casefold().split()
    words = sorted({w for w in middle if w.isalpha() and w.isascii() and len(w) >= 5 and w not in names})
    best = (words[0], words[-1])
    for i, first in enumerate(words):
        for second in words[i + 1 :]:
            if not any(second in other or first in other for other in names):
                held = sum(1 for text in texts if first in text and second in text)
                if held <= 20:
                    return first, second
                best = (first, second)
    return best


def sized_case(
    tools: Tools, size: int, files: tuple[str, str], rounds: int, slow_rounds: int, words: tuple[str, str]
) -> Case:
    yaml_path, json_path = files
    slow = rounds if size < SLOW_SIZE else slow_rounds
    kzil = [tools.kzil, "--data", yaml_path]
    water = [*kzil, "sector", SECTOR, "--json"]
    label = f"kzil --data F sector {SECTOR} --json"
    fact = f"fact-{size // 2:06d}"
    show = [*kzil, "show", fact, "--json"]
    search = [*kzil, "search", *words, "--json"]
    commands = [
        Command(
            "first",
            f"{label} (first run)",
            water,
            slow,
            cold_cache=True,
            warm_up=slow == rounds,
            selects="water",
        ),
        Command("cached", f"{label} (cached)", water, rounds, selects="water"),
        Command("show", f"kzil --data F show {fact} --json", show, rounds),
        Command(
            "show_bundled",
            f"kzil show {BUNDLED_ID} --json",
            [tools.kzil, "show", BUNDLED_ID, "--json"],
            rounds,
        ),
        Command("search", f"kzil --data F search {' '.join(words)} --json", search, rounds, selects="search"),
        Command("timeline", "kzil --data F timeline > FILE", [*kzil, "timeline"], rounds, to_file=True),
    ]
    if tools.yq:
        yq = [tools.yq, FILTER, yaml_path]
        commands.append(Command("yq", "yq FILTER F", yq, slow, warm_up=slow == rounds, selects="water"))
    if tools.jq:
        test = " and ".join(f'test("{word}"; "i")' for word in words)
        found = [tools.jq, f"[.facts[] | select({SEARCHED} | {test})]", json_path]
        commands += [
            Command("jq", "jq FILTER F.json", [tools.jq, FILTER, json_path], rounds, selects="water"),
            Command("jq_search", "jq 'select(test(...))' F.json", found, rounds, selects="search"),
            Command(
                "jq_sort",
                "jq 'sort_by(.date)' F.json > FILE",
                [tools.jq, SORT, json_path],
                rounds,
                to_file=True,
            ),
        ]
    return Case(f"{size:,} facts", commands, _targets(size))


def _targets(size: int) -> list[Target]:
    """Issue 6's for 10,000 and 100,000 facts, issue 11's for 100,000; ratios for information else."""
    six = {10_000: 6, LARGE: 6}.get(size)
    eleven = 11 if size == LARGE else None
    targets = [
        Target(six, "cached", "jq", 1.0 if six else None),
        Target(eleven, "cached", "jq", 0.15),
        Target(six, "first", "yq", 1.2 if six else None),
        Target(eleven, "first", "yq", 0.5),
        Target(eleven, "show", "show_bundled", 1.5),
        Target(eleven, "search", "jq_search", 0.1),
        Target(eleven, "timeline", "jq_sort", 0.5),
    ]
    if not eleven:  # the ratios, for information, once each
        seen: set[tuple[str, str | None]] = set()
        kept = []
        for target in targets:
            if (target.command, target.peer) not in seen:
                seen.add((target.command, target.peer))
                kept.append(target if target.issue else target._replace(limit=None))
        targets = kept
    if eleven:
        targets.append(Target(eleven, "first", None, 300, memory=True))
        targets += [
            Target(eleven, key, None, 150, memory=True) for key in ("cached", "show", "search", "timeline")
        ]
    return targets
