"""Helpers of the adversarial suite (issue 5): run kzil as a subprocess and check how it fails.

The helpers every test shares (`run`, `clean_env`, `KZIL`, `BUNDLED`) come from tests/support.py.
Import this module as `tests.adversarial.adversarial_support` (no `sys.path` changes).
"""

from __future__ import annotations

import copy
import os
import re
import resource
import select
import signal
import subprocess
import sys
import tempfile
import time
import tty
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from tests.support import BUNDLED, HANG_SECONDS, KZIL, Result, clean_env, run

# Only catches a hang (see support.HANG_SECONDS). Speed ("refused quickly") is checked as CPU time,
# which waiting for a core on a loaded machine does not add to.
TIMEOUT = HANG_SECONDS
QUICK_CPU_SECONDS = 5.0
ANSI = re.compile(r"\x1b\[")
# What must never reach a terminal raw from data: C0 controls but newline, DEL, C1 controls,
# bidirectional embeddings/overrides/isolates/marks, line and paragraph separators, BOM.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
ERROR_PREFIX = "kzil: error: "
SUMMARY = re.compile(r": invalid: (\d+) problems?$")
WORKERS = 3


def describe(result: Result) -> str:
    return f"exit {result.returncode}\n--- stdout ---\n{result.stdout[:3000]}\n--- stderr ---\n{result.stderr[:3000]}"


def kz(
    tmp: Path,
    *args: str,
    extra_env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = TIMEOUT,
) -> Result:
    """Run the installed kzil in a clean environment rooted at `tmp`, from `tmp`, within `timeout`."""
    return run(*args, env=clean_env(tmp, extra_env), stdin=stdin, timeout=timeout, cwd=tmp)


def kz_many(tmp: Path, calls: Sequence[tuple[Sequence[str], Mapping[str, str]]]) -> list[Result]:
    """Several independent runs in parallel (each still its own subprocess with its own timeout)."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda call: kz(tmp, *call[0], extra_env=call[1]), calls))


def assert_no_traceback(result: Result) -> None:
    assert result.returncode >= 0, f"killed by signal {-result.returncode}\n{describe(result)}"
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, describe(result)
        assert "RecursionError" not in stream, describe(result)
        assert "MarkupError" not in stream, describe(result)


def assert_one_line_error(result: Result, status: int, *needles: str) -> str:
    """Exit `status`, nothing on stdout, exactly one `kzil: error:` line on stderr holding every needle."""
    assert_no_traceback(result)
    assert result.returncode == status, describe(result)
    assert result.out_bytes == b"", describe(result)
    assert result.stderr.startswith(ERROR_PREFIX), describe(result)
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, describe(result)
    assert "internal error" not in result.stderr, describe(result)
    assert not UNSAFE.search(result.stderr[:-1]), f"raw control character in the message\n{describe(result)}"
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in the error\n{describe(result)}"
    return result.stderr


def assert_problem_report(result: Result, *needles: str) -> list[str]:
    """`kzil validate` found problems: exit 1, stderr empty, `file:line: field: message` lines then a
    summary line; one problem line holds every needle. Returns the problem lines."""
    assert_no_traceback(result)
    assert result.returncode == 1, describe(result)
    assert result.stderr == "", describe(result)
    assert result.stdout.endswith("\n"), describe(result)
    lines = result.stdout[:-1].split("\n")
    problems = lines[:-1]
    assert problems, f"no problem listed\n{describe(result)}"
    assert not re.match(r"^.+:\d+: ", lines[-1]), f"no summary line after the problems\n{describe(result)}"
    summary = SUMMARY.search(lines[-1])
    if summary:
        assert len(problems) == int(summary.group(1)), f"a problem is not on one line\n{describe(result)}"
    for line in lines:
        assert not UNSAFE.search(line), f"raw control character in {line!r}\n{describe(result)}"
    for line in problems:
        assert re.match(r"^.+:\d+: ", line), f"not file:line: ...: {line!r}"
    assert any(all(needle in line for needle in needles) for line in problems), (
        f"no problem line holds all of {needles!r}\n{describe(result)}"
    )
    return problems


# --- hostile data files through every way in -----------------------------------------------------


def invocations(path: str, *, full: bool = True) -> list[tuple[str, list[str], dict[str, str]]]:
    """How a fact-base file reaches kzil: --data and KZIL_DATA, through validate and a listing command
    (JSON and table). `full=False` is a covering subset (each way, each command, each output at least
    once), for the cases with many variants: every run costs a fresh interpreter."""
    calls = [
        ("--data validate", ["--data", path, "validate"], {}),
        ("KZIL_DATA facts --json", ["facts", "--json"], {"KZIL_DATA": path}),
        ("--data facts", ["--data", path, "facts"], {}),
        ("KZIL_DATA validate", ["validate"], {"KZIL_DATA": path}),
        ("--data facts --json", ["--data", path, "facts", "--json"], {}),
        ("KZIL_DATA facts", ["facts"], {"KZIL_DATA": path}),
    ]
    return calls if full else calls[:3]


def through_every_way(tmp: Path, path: str, *, full: bool = True) -> list[tuple[str, Any]]:
    calls = invocations(path, full=full)
    results = kz_many(tmp, [(args, env) for _, args, env in calls])
    return [(label, result) for (label, _, _), result in zip(calls, results, strict=True)]


def assert_refused(
    tmp: Path,
    path: str,
    *needles: str,
    validate_reports: bool,
    full: bool = True,
    listing_needles: Sequence[str] | None = None,
) -> list[tuple[str, Any]]:
    """The file is refused by every way in. `validate_reports`: `kzil validate` lists it as a problem
    on stdout (True), or cannot read the file at all and says so on stderr (False). The one-line
    error of the other commands holds `listing_needles` (default: `needles`)."""
    results = through_every_way(tmp, path, full=full)
    for label, result in results:
        try:
            if validate_reports and "validate" in label:
                assert_problem_report(result, *needles)
            else:
                assert_one_line_error(result, 1, *(needles if listing_needles is None else listing_needles))
        except AssertionError as error:
            raise AssertionError(f"[{label}] {error}") from None
    return results


# --- limits ---------------------------------------------------------------------------------------


def run_limited(
    tmp: Path,
    *args: str,
    address_space: int = 1 << 30,
    timeout: float = TIMEOUT,
    extra_env: Mapping[str, str] | None = None,
) -> tuple[Any, float, int]:
    """Run kzil under an address-space limit; returns (result, CPU seconds, peak RSS in bytes)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(KZIL), *args],
            env=clean_env(tmp, extra_env),
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=limit,
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise AssertionError(f"kzil {' '.join(args)} did not finish within {timeout} s")
            time.sleep(0.005)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        out_bytes, err_bytes = out.read(), err.read()
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    result = Result(
        proc.returncode, out_bytes.decode("utf-8", "replace"), err_bytes.decode("utf-8", "replace"), out_bytes
    )
    return result, cpu, peak


def run_pty(
    tmp: Path,
    *args: str,
    extra_env: Mapping[str, str] | None = None,
    columns: int = 100,
    timeout: float = TIMEOUT,
) -> Any:
    """Run kzil with stdin and stdout on a pseudo-terminal (raw mode: bytes pass unchanged), stderr
    on a pipe; returns everything kzil wrote."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    try:
        tty.setraw(slave)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        proc = subprocess.Popen(
            [str(KZIL), *args],
            env=clean_env(tmp, extra_env),
            cwd=tmp,
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    finally:
        os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                proc.kill()
                proc.wait()
                raise AssertionError(f"kzil {' '.join(args)} on a pty did not finish within {timeout} s")
            ready, _, _ = select.select([master], [], [], remaining)
            if not ready:
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: every slave descriptor is closed
                break
            if not data:
                break
            chunks.append(data)
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.stderr.close()
        proc.wait(timeout=timeout)
    finally:
        os.close(master)
    out = b"".join(chunks)
    return Result(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), out)


# --- fact bases -----------------------------------------------------------------------------------

SMALL_BASE = """\
version: 1
sources:
  src:
    outlet: Trend
    kind: interview
    published: "2026-02-17"
    place: {en: Baku, ru: Баку}
    language: ru
    speaker: someone
    title: {en: Title, ru: Заголовок}
sectors:
  water:
    name: {en: Water, ru: Вода}
countries:
  KZ:
    name: {en: Kazakhstan, ru: Казахстан}
entities:
  someone:
    kind: person
    name: {en: Some One, ru: Некто}
facts:
  - id: f1
    source: src
    quote: "a quote"
    summary:
      en: "English summary"
      ru: "Русское резюме"
    status: happened
    date: "2025-11"
    date_text: {en: November 2025, ru: в ноябре 2025}
    sectors: [water]
    countries: [KZ]
    entities: [someone]
"""


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of `needle` in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def write(tmp: Path, name: str, content: str | bytes) -> str:
    path = tmp / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return name


def bundled_data() -> dict[str, Any]:
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def dump(tmp: Path, name: str, data: Mapping[str, Any]) -> Path:
    path = tmp / name
    path.write_text(yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _trimmed(value: str) -> str:
    """A quote may not start or end with spaces: wrap the value when it would."""
    return value if value == value.strip() and value else f"q {value} q"


# What a name or alias may not hold (issue 10, item 5): controls, newlines, bidirectional, zero-width
# and other invisible characters.
NOT_IN_NAMES = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000e0000-\U000e0fff]"
)


def hostile_data(values: Sequence[str]) -> dict[str, Any]:
    """The bundled fact base with every summary, quote, note, date wording and name replaced by (or
    extended with) hostile values; fact i carries values[i % len(values)]."""
    data = copy.deepcopy(bundled_data())
    n = len(values)
    for i, fact in enumerate(data["facts"]):
        value = values[i % n]
        other = values[(i + 1) % n]
        fact["summary"] = {"en": value, "ru": f"Сводка {other}"}
        fact["quote"] = _trimmed(value)
        if "notes" in fact:
            fact["notes"] = {"en": f"note {other}", "ru": f"заметка {value}"}
        if "date_text" in fact:
            fact["date_text"] = {"en": value, "ru": f"дата {other}"}
    for i, kind in enumerate(("sectors", "countries", "entities")):
        for j, item in enumerate(data[kind].values()):
            value = values[(i + j) % n]
            if not NOT_IN_NAMES.search(value):  # the validator refuses names that hide characters
                item["name"] = {"en": f"{item['name']['en']} {value}", "ru": f"{item['name']['ru']} {value}"}
            if "role" in item:
                item["role"] = {"en": f"{item['role']['en']} {value}", "ru": f"{item['role']['ru']} {value}"}
    for j, source in enumerate(data["sources"].values()):
        value = values[j % n]
        source["outlet"] = f"Trend {value}"
        source["title"] = {"en": f"Title {value}", "ru": f"Заголовок {value}"}
    return data


def facts_by_id(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {fact["id"]: fact for fact in data["facts"]}


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def assert_words_intact(output: str, texts: Iterable[str], where: str) -> None:
    """Every word of every text appears whole in the output, and nothing was cut with an ellipsis."""
    words = set(strip_ansi(output).split())
    missing = sorted({word for text in texts for word in text.split()} - words)
    assert not missing, f"{where}: words cut or missing from the table: {missing[:20]}\n{output[:3000]}"


def sigpipe_codes() -> tuple[int, ...]:
    return (-signal.SIGPIPE, 128 + signal.SIGPIPE, 1)


def run_stderr_pty(tmp: Path, *args: str, timeout: float = TIMEOUT) -> Result:
    """Run kzil with stdout on a pipe and stderr on a pseudo-terminal (where progress is shown)."""
    import threading

    master, slave = os.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [str(KZIL), *args],
            env=clean_env(tmp),
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=timeout,
        )
    finally:
        os.close(slave)
        reader.join(timeout)
        os.close(master)
    err = b"".join(chunks)
    return Result(
        done.returncode, done.stdout.decode("utf-8", "replace"), err.decode("utf-8", "replace"), done.stdout
    )
