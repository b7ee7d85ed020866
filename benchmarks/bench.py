#!/usr/bin/env python3
"""Benchmark of kzil against its peers: yq and jq over the same data, and a bare Typer app.

    python benchmarks/bench.py                      # bundled data, then 1k, 10k and 100k synthetic facts
    python benchmarks/bench.py --quick              # CI smoke run: bundled data and 1k facts, 3 rounds
    python benchmarks/bench.py --sizes 1000,10000 --rounds 20 --markdown

Run it with the interpreter kzil is installed in, from a regular `pip install .`: an editable install
run with PYTHONDONTWRITEBYTECODE=1 compiles kzil's modules at every start and so measures compile
time too. The timed commands run without PYTHONDONTWRITEBYTECODE and without KZIL_* variables.

Every command runs as a whole process. The commands of one case run round-robin, several rounds, so
that drift of the machine affects them all alike; the table gives medians of wall time and of peak
RSS (each child's own ru_maxrss, from os.wait4 in a small spawner process: see SPAWNER), ratios
against the peers and the targets of issues 6 ("Speed") and 11 ("Scale"), which
benchmarks/cases.py declares. The synthetic fact bases (seeded, in a
temporary directory) reuse the real sources, sectors, countries and entities of data/facts.yaml, and
are checked with `kzil validate` first.

Needs only PyYAML and the standard library, on a POSIX system. The exit status is 0 whatever the
timings say: a benchmark informs, it does not fail CI. With --quick it is 1 when a command fails or
kzil does not select the same facts as its peers.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as `python benchmarks/bench.py`: the repository is not on sys.path
    sys.path.insert(0, str(REPO))
from benchmarks.cases import (  # noqa: E402
    FILTER,
    PEER_NAMES,
    SLOW_SIZE,
    Case,
    Command,
    Sample,
    Target,
    Tools,
    bundled_case,
    selective_words,
    sized_case,
)
from benchmarks.synthetic import SEED, synthetic_base, write_base  # noqa: E402

REAL_DATA = REPO / "data" / "facts.yaml"
SIZES = (1_000, 10_000, 100_000)

EDITABLE_NOTE = (
    "note: an editable install run with PYTHONDONTWRITEBYTECODE=1 recompiles kzil at every start and "
    "measures compile time too; benchmark a regular `pip install .`"
)

TYPER_APP = """\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = typer.Option("world", help="Who to greet.")) -> None:
    print(f"Hello, {name}!")


if __name__ == "__main__":
    app()
"""


def say(message: str) -> None:
    """Progress and notices go to stderr; the report goes to stdout."""
    print(message, file=sys.stderr, flush=True)


# --- running one process ---------------------------------------------------------------------------


class Failed(Exception):
    """A timed command exited with a non-zero status."""


def _kib(max_rss: int) -> int:
    return max_rss // 1024 if sys.platform == "darwin" else max_rss  # bytes on macOS, KiB elsewhere


# The timed processes are started by this loop in a separate, small interpreter (`python -I -S`), not
# by bench.py: a child's ru_maxrss starts from the resident size of the process that spawned it
# (Linux keeps the high-water mark of the old address space across exec), so children of bench.py,
# which holds generated data, would all report its size. Peaks below the spawner's own (about 8 MB,
# what `python -I -c pass` needs too) cannot be seen. One request per line: XDG_CACHE_HOME, the
# stdout file, the stderr file and the arguments, separated by tabs; one answer per line.
SPAWNER = """\
import os, sys, time
os.chdir(sys.argv[1])
env = dict(os.environ)
for line in sys.stdin:
    cache, out, err, *argv = line.rstrip("\\n").split("\\t")
    env["XDG_CACHE_HOME"] = cache
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, out, flags, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o644),
    ]
    start = time.perf_counter()
    try:
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    except OSError as error:
        with open(err, "w") as stream:
            stream.write(f"cannot start {argv[0]}: {error}")
        print(0.0, 127, 0, flush=True)
        continue
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    print(repr(seconds), os.waitstatus_to_exitcode(status), usage.ru_maxrss, flush=True)
"""


class Spawner:
    """Runs whole processes and measures each: wall time, exit status, its own peak RSS (wait4)."""

    def __init__(self, python: str, env: dict[str, str], cwd: Path) -> None:
        self.stderr = cwd / "stderr.txt"
        self.process = subprocess.Popen(
            [python, "-I", "-S", "-c", SPAWNER, str(cwd)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )

    def run(self, argv: Sequence[str], cache_home: Path, stdout: Path | None) -> Sample:
        """One run of `argv` (an absolute path first); raises Failed on a non-zero exit status."""
        fields = [str(cache_home), str(stdout or os.devnull), str(self.stderr), *argv]
        assert not any("\t" in part or "\n" in part for part in fields), fields
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write("\t".join(fields) + "\n")
        self.process.stdin.flush()
        seconds, status, max_rss = self.process.stdout.readline().split()
        if int(status) != 0:
            tail = self.stderr.read_text(errors="replace").strip().splitlines()[-3:]
            raise Failed(f"exit status {status}: {' / '.join(tail) or 'no message'}")
        return Sample(float(seconds), _kib(int(max_rss)))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()


# --- running a case --------------------------------------------------------------------------------


@dataclass
class Bench:
    """Where the children run, what starts them, and what went wrong so far."""

    workdir: Path
    env: dict[str, str]
    spawner: Spawner
    problems: list[str] = field(default_factory=list)

    @property
    def warm_cache(self) -> Path:
        return self.workdir / "cache"

    def output(self, case: Case, command: Command) -> Path:
        slug = "".join(c if c.isalnum() else "-" for c in case.name)
        return self.workdir / f"out-{slug}-{command.key}"

    @contextlib.contextmanager
    def _cache_home(self, command: Command) -> Iterator[Path]:
        if not command.cold_cache:
            yield self.warm_cache
            return
        fresh = Path(tempfile.mkdtemp(prefix="cold-cache-", dir=self.workdir))
        try:
            yield fresh
        finally:
            shutil.rmtree(fresh, ignore_errors=True)

    def sample(self, case: Case, command: Command, keep_output: bool) -> Sample | None:
        """One run of `command`, or None when it failed (recorded, and the command retired)."""
        stdout = self.output(case, command) if command.to_file or keep_output else None
        with self._cache_home(command) as cache:
            try:
                return self.spawner.run(command.argv, cache, stdout)
            except Failed as error:
                command.failure = str(error)
                self.problems.append(f"{case.name}: {command.label}: {error}")
                say(f"FAILED: {case.name}: {command.label}: {error}")
                return None

    def run(self, case: Case) -> None:
        say(f"{case.name}: warming up")
        for command in case.commands:
            if command.warm_up:
                self.sample(case, command, keep_output=True)
        self.check_selection(case)
        rounds = max(command.rounds for command in case.commands)
        for round_ in range(rounds):
            say(f"{case.name}: round {round_ + 1}/{rounds}")
            shift = round_ % len(case.commands)  # vary who follows whom, too
            for command in case.commands[shift:] + case.commands[:shift]:
                if round_ < command.rounds and command.failure is None:
                    sample = self.sample(case, command, keep_output=False)
                    if sample is not None:
                        command.samples.append(sample)

    def check_selection(self, case: Case) -> None:
        """kzil and its peers must select the same facts, or the comparison means nothing."""
        groups = {command.selects for command in case.commands if command.selects}
        for group in sorted(groups):
            selections: dict[str, list[str]] = {}
            for command in case.commands:
                path = self.output(case, command)
                if command.selects == group and command.failure is None and path.exists():
                    selections[command.label] = sorted(fact["id"] for fact in json.loads(path.read_bytes()))
            if len({tuple(ids) for ids in selections.values()}) > 1:
                counts = ", ".join(f"{label}: {len(ids)} facts" for label, ids in selections.items())
                self.problems.append(f"{case.name}: the selections differ ({counts})")
                say(f"WARNING: {case.name}: the commands select different facts ({counts})")
            elif selections:
                count = len(next(iter(selections.values())))
                say(f"{case.name}: {count} facts selected by each {group} command")


def validate(bench: Bench, tools: Tools, path: Path) -> bool:
    """`kzil validate FILE` must accept the generated file before anything is timed."""
    start = time.perf_counter()
    env = {**bench.env, "XDG_CACHE_HOME": str(bench.warm_cache)}
    argv = [tools.kzil, "validate", str(path)]
    done = subprocess.run(argv, env=env, cwd=bench.workdir, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        problems = (done.stdout + done.stderr).strip().splitlines()
        bench.problems.append(f"kzil validate {path.name}: exit status {done.returncode}")
        say(f"FAILED: kzil validate {path}: exit status {done.returncode}:\n  " + "\n  ".join(problems[:10]))
        return False
    say(f"{path.name}: valid ({time.perf_counter() - start:.1f} s)")
    return True


# --- the report ------------------------------------------------------------------------------------

HEADER = ("case", "command", "runs", "median ms", "peak MB", "target", "ratio", "result")
RIGHT = {"runs", "median ms", "peak MB", "ratio"}


def _value(command: Command, memory: bool) -> float | None:
    return command.peak_mb() if memory else command.median_ms()


def _target_cells(case: Case, target: Target) -> tuple[str, str, str]:
    """The target, the ratio (or megabytes) and PASS, FAIL or a dash, for one row of the table."""
    issue = f"#{target.issue} " if target.issue and target.limit else ""
    command = case.command(target.command)
    mine = _value(command, target.memory) if command else None
    if target.peer is None:  # a cap on peak memory
        shown = f"{issue}peak <= {target.limit:.0f} MB"
        if mine is None or target.limit is None:
            return shown, "n/a", "skipped"
        return shown, f"{mine:.0f} MB", "PASS" if mine <= target.limit else "FAIL"
    peer = PEER_NAMES[target.peer]
    what = "peak " if target.memory else ""
    shown = f"{issue}{what}<= {target.limit:.2f}x {peer}" if target.limit else f"{what}vs {peer}"
    other = case.command(target.peer)
    theirs = _value(other, target.memory) if other else None
    if mine is None or not theirs:
        return shown, "n/a", "skipped" if target.limit else "-"
    ratio = mine / theirs
    result = "-" if target.limit is None else "PASS" if ratio <= target.limit else "FAIL"
    return shown, f"{ratio:.2f}x", result


def table_rows(cases: Sequence[Case]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for case in cases:
        for i, command in enumerate(case.commands):
            median, peak = command.median_ms(), command.peak_mb()
            left = (
                case.name if i == 0 else "",
                command.label,
                str(len(command.samples)),
                "failed" if command.failure else f"{median:.1f}" if median is not None else "-",
                f"{peak:.1f}" if peak is not None else "-",
            )
            targets = [_target_cells(case, t) for t in case.targets if t.command == command.key]
            rows.append(left + (targets[0] if targets else ("", "", "")))
            rows.extend(("", "", "", "", "", *cells) for cells in targets[1:])
    return rows


def render(rows: Sequence[tuple[str, ...]], markdown: bool) -> str:
    if markdown:
        rule = "|" + "|".join("---:" if name in RIGHT else "---" for name in HEADER) + "|"
        lines = ["| " + " | ".join(HEADER) + " |", rule]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]

    def line(row: Sequence[str]) -> str:
        cells = (
            cell.rjust(width) if name in RIGHT else cell.ljust(width)
            for name, cell, width in zip(HEADER, row, widths, strict=True)
        )
        return "  ".join(cells).rstrip()

    return "\n".join([line(HEADER), line(["-" * width for width in widths]), *map(line, rows)])


def verdicts(cases: Sequence[Case]) -> list[str]:
    """One line per target not met or not measured, for the end of the report."""
    lines = []
    for case in cases:
        for target in case.targets:
            if target.limit is None:
                continue
            shown, ratio, result = _target_cells(case, target)
            if result != "PASS":
                command = case.command(target.command)
                label = command.label if command else target.command
                lines.append(f"{result}: {case.name}: {label}: {ratio} ({shown})")
    return lines


# --- the machine -----------------------------------------------------------------------------------


def _first_line(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error})"
    return ((done.stdout or done.stderr).strip().splitlines() or ["unknown"])[0]


def _yq_version(yq: str) -> str:
    """yq 3 as packaged by Debian reports version 0.0.0: ask its interpreter for the real one."""
    shown = _first_line([yq, "--version"])
    with open(yq, "rb") as script:
        first = script.readline().decode(errors="replace")
    if not first.startswith("#!"):
        return shown
    ask = "import importlib.metadata as m, platform; print(m.version('yq'), platform.python_version())"
    answer = _first_line([*first[2:].split(), "-c", ask]).split()
    return f"yq {answer[0]} (Python {answer[1]})" if len(answer) == 2 else shown


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def editable_install() -> bool:
    try:
        text = importlib.metadata.distribution("kzil").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return False
    return bool(text and json.loads(text).get("dir_info", {}).get("editable"))


def machine_lines(tools: Tools) -> list[str]:
    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "pure Python"
    install = "editable install" if editable_install() else "regular install"
    return [
        f"machine: {platform.platform()}; {_cpu_model()}; {os.cpu_count()} CPUs",
        f"python: {platform.python_implementation()} {platform.python_version()} ({tools.python})",
        f"kzil {_version('kzil')} ({install}); Typer {_version('typer')}, Rich {_version('rich')}, "
        f"PyYAML {_version('PyYAML')} ({libyaml})",
        "peers: "
        + "; ".join(
            [
                _yq_version(tools.yq) if tools.yq else "yq not installed",
                _first_line([tools.jq, "--version"]) if tools.jq else "jq not installed",
            ]
        ),
    ]


# --- setting up --------------------------------------------------------------------------------------


def child_environment() -> tuple[dict[str, str], list[str]]:
    """The environment of the timed commands, and notices about what was taken out of it."""
    env = dict(os.environ)
    notices = []
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None or sys.flags.dont_write_bytecode:
        notices.append(
            "warning: PYTHONDONTWRITEBYTECODE is set here; the timed commands run without it, so that they "
            "write and reuse .pyc files as a user's installation does"
        )
    for name in sorted(key for key in env if key.startswith("KZIL_")):
        del env[name]
        notices.append(f"notice: {name} is set here; the timed commands run without it")
    return env, notices


def find_peer(name: str) -> str | None:
    path = shutil.which(name)
    if path is None:
        say(f"notice: {name} is not installed; the comparisons with {name} are skipped")
        return None
    if name == "yq" and "mikefarah" in _first_line([path, "--version"]):
        say("notice: this yq is the Go one (mikefarah/yq), not yq 3 (the Python jq wrapper); skipped")
        return None
    return path


def kzil_script() -> Path | None:
    script = Path(sys.executable).with_name("kzil.exe" if os.name == "nt" else "kzil")
    return script if script.exists() else None


def bundled_path(python: str) -> str:
    code = "from kzil.loading.loader import bundled_path; print(bundled_path())"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="CI smoke run: 1,000 facts only, 3 rounds")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(part) for part in text.split(",")),
        help="comma-separated numbers of synthetic facts (default: 1000,10000,100000; --quick: 1000)",
    )
    parser.add_argument("--rounds", type=int, help="rounds of each case (default: 10; --quick: 3)")
    parser.add_argument(
        "--slow-rounds",
        type=int,
        default=3,
        help=f"rounds of the first runs and yq runs from {SLOW_SIZE:,} facts on (default: 3)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed of the data (default: {SEED})")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and say where")
    arguments = parser.parse_args(argv)
    arguments.sizes = arguments.sizes or ((1_000,) if arguments.quick else SIZES)
    arguments.rounds = arguments.rounds or (3 if arguments.quick else 10)
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if not hasattr(os, "wait4"):
        say("bench.py measures peak memory with os.wait4: run it on Linux or macOS")
        return 1
    kzil = kzil_script()
    if kzil is None:
        say(f"kzil is not installed for {sys.executable}: run `pip install .` in the repository first")
        return 1
    say(EDITABLE_NOTE)
    if editable_install():
        say("warning: kzil is installed editable here; the timings include what an editable install costs")
    env, notices = child_environment()
    for notice in notices:
        say(notice)
    workdir = Path(tempfile.mkdtemp(prefix="kzil-bench-"))
    try:
        return benchmark(arguments, kzil, env, workdir)
    finally:
        if arguments.keep:
            say(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def benchmark(arguments: argparse.Namespace, kzil: Path, env: dict[str, str], workdir: Path) -> int:
    app = workdir / "typer_app.py"
    app.write_text(TYPER_APP, encoding="utf-8")
    tools = Tools(sys.executable, str(kzil), find_peer("yq"), find_peer("jq"), str(app))
    bench = Bench(workdir, env, Spawner(tools.python, env, workdir))
    try:
        cases, data_lines = run_cases(bench, tools, arguments)
    finally:
        bench.spawner.close()
    report(cases, tools, data_lines, arguments)
    if bench.problems:
        say("problems:\n  " + "\n  ".join(bench.problems))
    return 1 if arguments.quick and bench.problems else 0


def run_cases(bench: Bench, tools: Tools, arguments: argparse.Namespace) -> tuple[list[Case], list[str]]:
    """The bundled case, then one case per size; the cases run and a description of their data."""
    bundled = bundled_path(tools.python)
    real = yaml.safe_load((REAL_DATA if REAL_DATA.is_file() else Path(bundled)).read_text(encoding="utf-8"))
    facts = len(yaml.safe_load(Path(bundled).read_text(encoding="utf-8"))["facts"])
    cases = [bundled_case(tools, bundled, arguments.rounds, facts)]
    bench.run(cases[0])
    data_lines = [f"data: bundled {bundled}; synthetic seed {arguments.seed}"]
    for size in arguments.sizes:
        say(f"generating {size:,} facts")
        files = write_base(real, size, arguments.seed, bench.workdir)
        words = selective_words(synthetic_base(real, size, arguments.seed))
        megabytes = [path.stat().st_size / 1e6 for path in files]
        data_lines.append(f"  {size:,} facts: {megabytes[0]:.1f} MB YAML, {megabytes[1]:.1f} MB JSON")
        if validate(bench, tools, files[0]):
            paths = (str(files[0]), str(files[1]))
            case = sized_case(tools, size, paths, arguments.rounds, arguments.slow_rounds, words)
            bench.run(case)
            cases.append(case)
    return cases, data_lines


def report(cases: Sequence[Case], tools: Tools, data_lines: list[str], arguments: argparse.Namespace) -> None:
    print()
    print("\n".join(machine_lines(tools) + data_lines))
    rounds = f"{arguments.rounds} ({arguments.slow_rounds} for first runs and yq from {SLOW_SIZE:,} facts)"
    print(
        f"FILTER = {FILTER}; rounds: {rounds}; medians of interleaved runs; peak MB = median peak RSS (MiB)"
    )
    print()
    print(render(table_rows(cases), arguments.markdown))
    print()
    failed = verdicts(cases)
    print("\n".join(failed) if failed else "every target met")
    print(EDITABLE_NOTE)


if __name__ == "__main__":
    sys.exit(main())
