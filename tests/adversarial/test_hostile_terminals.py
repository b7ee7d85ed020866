"""Issue 5, cases 14-16: odd terminal settings, stdout closed early, and non-UTF-8 output encodings."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.adversarial_support import (
    ANSI,
    TIMEOUT,
    assert_no_traceback,
    assert_one_line_error,
    assert_words_intact,
    bundled_data,
    describe,
    dump,
    kz,
    kz_many,
    run_pty,
    sigpipe_codes,
    strip_ansi,
)
from tests.support import KZIL, Result, clean_env

TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def bundled_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("bundled-json")
    en, ru, timeline = kz_many(
        root,
        [
            (["facts", "--json"], {}),
            (["facts", "--json", "--lang", "ru"], {}),
            (["timeline", "--json", "--today", TODAY], {}),
        ],
    )
    return {"en": json.loads(en.stdout), "ru": json.loads(ru.stdout), "timeline": json.loads(timeline.stdout)}


# --- 14. COLUMNS, colour settings, TERM ---------------------------------------------------------------

SETTINGS = {
    "columns-unset": ({}, False),
    "columns-20": ({"COLUMNS": "20"}, False),
    "columns-1": ({"COLUMNS": "1"}, False),
    "columns-0": ({"COLUMNS": "0"}, False),
    "columns-abc": ({"COLUMNS": "abc"}, False),
    "columns-negative": ({"COLUMNS": "-40"}, False),
    "columns-huge": ({"COLUMNS": "99999999999999999999"}, False),
    "lines-0": ({"LINES": "0", "COLUMNS": "20"}, False),
    "no-color": ({"NO_COLOR": "1"}, False),
    "force-color-0": ({"FORCE_COLOR": "0"}, False),
    "force-color-1": ({"FORCE_COLOR": "1"}, True),
    "term-dumb": ({"TERM": "dumb"}, False),
    "term-empty": ({"TERM": ""}, False),
}


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_table_survives_terminal_settings_without_cutting_cells(
    tmp_path: Path, setting: str, bundled_json: dict[str, list[dict[str, Any]]]
) -> None:
    extra, coloured = SETTINGS[setting]
    calls: list[tuple[list[str], dict[str, str]]] = [(["facts"], extra), (["facts", "--lang", "ru"], extra)]
    if setting in ("columns-20", "columns-0", "columns-abc", "force-color-1"):
        calls.append((["timeline", "--today", TODAY], extra))
    results = kz_many(tmp_path, calls)
    for (args, _), result in zip(calls, results, strict=True):
        where = f"{setting}: kzil {' '.join(args)}"
        assert_no_traceback(result)
        assert result.returncode == 0 and result.stderr == "", f"{where}\n{describe(result)}"
        assert bool(ANSI.search(result.stdout)) == coloured, (
            f"{where}: colour codes {'missing' if coloured else 'present'}"
        )
        records = (
            bundled_json["timeline"]
            if args[0] == "timeline"
            else bundled_json["ru" if "ru" in args else "en"]
        )
        assert_words_intact(result.stdout, [record["summary"] for record in records], where)
        if args[0] == "facts":
            assert "…" not in result.stdout, f"{where}: a cell was cut with an ellipsis"


@pytest.mark.parametrize("fact", ["accession-announced", "regional-projects-potential"])
def test_show_survives_a_narrow_terminal(
    tmp_path: Path, fact: str, bundled_json: dict[str, list[dict[str, Any]]]
) -> None:
    record = next(record for record in bundled_json["en"] if record["id"] == fact)
    for result in kz_many(
        tmp_path, [(["show", fact], {"COLUMNS": "20"}), (["show", fact], {"COLUMNS": "abc"})]
    ):
        assert_no_traceback(result)
        assert result.returncode == 0, describe(result)
        assert_words_intact(result.stdout, [record["summary"]], f"show {fact}")
        assert "…" not in result.stdout


@pytest.mark.parametrize(
    ("options", "extra", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["--color", "auto"], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_only_when_asked_for(
    tmp_path: Path, options: list[str], extra: dict[str, str], coloured: bool
) -> None:
    result = kz(tmp_path, "facts", *options, extra_env=extra)
    assert result.returncode == 0, describe(result)
    assert bool(ANSI.search(result.stdout)) == coloured


@pytest.mark.parametrize(
    ("extra", "coloured"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False), ({"FORCE_COLOR": "0"}, False)],
    ids=["default", "no-color", "term-dumb", "force-color-0"],
)
def test_terminal_colour_follows_the_settings(
    tmp_path: Path, extra: dict[str, str], coloured: bool, bundled_json: dict[str, list[dict[str, Any]]]
) -> None:
    result = run_pty(tmp_path, "facts", extra_env=extra, columns=30)
    assert_no_traceback(result)
    assert result.returncode == 0 and result.stderr == "", describe(result)
    assert bool(ANSI.search(result.stdout)) == coloured
    assert_words_intact(
        strip_ansi(result.stdout), [record["summary"] for record in bundled_json["en"]], "pty"
    )


def test_wide_characters_are_never_split_when_piped(tmp_path: Path) -> None:
    """Column widths must count terminal cells: a CJK word is twice as wide as its length."""
    data = bundled_data()
    wide = "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字"  # one word, 20 characters, 40 cells
    emoji = "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"
    for fact in data["facts"]:
        fact["summary"] = {"en": f"{wide} and {emoji} side by side", "ru": f"{wide} и {emoji}"}
    dump(tmp_path, "wide.yaml", data)
    for columns in ("20", "80"):
        result = kz(tmp_path, "--data", "wide.yaml", "facts", extra_env={"COLUMNS": columns})
        assert result.returncode == 0, describe(result)
        assert_words_intact(result.stdout, [f"{wide} and {emoji} side by side"], f"COLUMNS={columns}")


# --- 15. stdout closed early -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled base with its facts repeated: JSON output far larger than a pipe's buffer."""
    root = tmp_path_factory.mktemp("big")
    data = bundled_data()
    facts = []
    for n in range(12):
        for fact in data["facts"]:
            copied = copy.deepcopy(fact)
            copied["id"] = f"{fact['id']}-{n}"
            facts.append(copied)
    data["facts"] = facts
    return dump(root, "big.yaml", data)


def _assert_quiet(stderr: str, where: str) -> None:
    for text in ("Exception ignored", "BrokenPipeError", "Traceback", "internal error", "Errno 32"):
        assert text not in stderr, f"{where}: {text!r} on stderr:\n{stderr}"


@pytest.mark.parametrize(
    "command",
    [
        '"$KZIL" timeline --json | head -c 10',
        '"$KZIL" --data "$BIG" facts --json | head -c 10',
        '"$KZIL" --data "$BIG" facts | head -n 1',
    ],
)
def test_reader_closing_the_pipe_early_is_quiet(tmp_path: Path, big_base: Path, command: str) -> None:
    env = clean_env(tmp_path, {"KZIL": str(KZIL), "BIG": str(big_base)})
    script = f'{command}; echo "kzil-status=${{PIPESTATUS[0]}}" >&2'
    done = subprocess.run(["bash", "-c", script], env=env, cwd=tmp_path, capture_output=True, timeout=TIMEOUT)
    stderr = done.stderr.decode("utf-8", "replace")
    lines = stderr.splitlines()
    assert lines and lines[-1].startswith("kzil-status="), stderr
    _assert_quiet("\n".join(lines[:-1]), command)
    assert lines[:-1] == [], f"{command}: unexpected stderr {lines[:-1]}"
    assert int(lines[-1].split("=")[1]) in (0, *sigpipe_codes()), stderr
    assert done.stdout and len(done.stdout) <= 200


def _into_closed_pipe(tmp_path: Path, args: list[str], ignore_sigpipe: bool = False) -> Result:
    read_end, write_end = os.pipe()
    os.close(read_end)

    def setup() -> None:
        if ignore_sigpipe:
            signal.signal(signal.SIGPIPE, signal.SIG_IGN)

    try:
        done = subprocess.run(
            [str(KZIL), *args],
            env=clean_env(tmp_path),
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
            preexec_fn=setup,
            restore_signals=not ignore_sigpipe,
        )
    finally:
        os.close(write_end)
    return Result(done.returncode, "", done.stderr.decode("utf-8", "replace"), b"")


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--json"],
        ["facts"],
        ["facts", "--format", "csv"],
        ["show", "accession-announced"],
        ["validate"],
        ["schema"],
        ["--version"],
        ["sector", "no-such-sector"],
    ],
)
@pytest.mark.parametrize(
    "ignore_sigpipe", [False, True], ids=["sigpipe-default", "sigpipe-ignored-by-parent"]
)
def test_writing_to_a_pipe_whose_reader_is_gone_is_quiet(
    tmp_path: Path, args: list[str], ignore_sigpipe: bool
) -> None:
    result = _into_closed_pipe(tmp_path, args, ignore_sigpipe)
    where = f"kzil {' '.join(args)}"
    _assert_quiet(result.stderr, where)
    if args[0] == "sector":  # nothing for stdout: the usage error is still reported
        assert result.returncode == 2 and result.stderr.startswith("kzil: error:"), result.stderr
    else:
        assert result.returncode in sigpipe_codes(), f"{where}: exit {result.returncode}"
        assert result.stderr == "", f"{where}: not quiet: {result.stderr!r}"


@pytest.mark.parametrize("args", [["facts", "--json"], ["facts"], ["--version"]])
def test_closed_stdout_is_an_environment_error_not_a_bug(tmp_path: Path, args: list[str]) -> None:
    """`kzil ... >&-`: no stdout at all. A clean one-line error (or silence), never 'internal error'."""
    env = clean_env(tmp_path, {"KZIL": str(KZIL)})
    quoted = " ".join(f"'{arg}'" for arg in args)
    done = subprocess.run(
        ["bash", "-c", f'"$KZIL" {quoted} >&-'], env=env, cwd=tmp_path, capture_output=True, timeout=TIMEOUT
    )
    stderr = done.stderr.decode("utf-8", "replace")
    _assert_quiet(stderr, f"kzil {quoted} >&-")
    assert "bug" not in stderr, stderr
    assert done.returncode == 1, f"exit {done.returncode}: {stderr}"
    assert stderr == "" or (stderr.startswith("kzil: error:") and stderr.count("\n") == 1), stderr


# --- 16. Output encodings ----------------------------------------------------------------------------

ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "c-locale-without-utf8-mode": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}
CODECS = {"ascii": "ascii", "cp1252": "cp1252", "c-locale-without-utf8-mode": "ascii"}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_cyrillic_for_a_narrow_encoding_is_readable_or_one_hint(tmp_path: Path, encoding: str) -> None:
    extra = ENCODINGS[encoding]
    calls: list[tuple[list[str], dict[str, str]]] = [
        (["facts", "--lang", "ru"], extra),
        (["timeline", "--lang", "ru", "--today", TODAY], extra),
        (["show", "accession-announced", "--lang", "ru"], extra),
        (["sectors", "--lang", "ru"], extra),
    ]
    for (args, _), result in zip(calls, kz_many(tmp_path, calls), strict=True):
        where = f"{encoding}: kzil {' '.join(args)}"
        assert_no_traceback(result)
        if result.returncode == 0:
            result.out_bytes.decode(CODECS[encoding])  # readable: escaped or replaced, never mojibake bytes
            assert result.stderr == "", where
        else:
            message = assert_one_line_error(result, 1)
            assert "UTF-8" in message or "utf-8" in message, f"{where}: no hint to use UTF-8: {message}"


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_json_goes_out_as_utf8_whatever_the_encoding(
    tmp_path: Path, encoding: str, bundled_json: dict[str, list[dict[str, Any]]]
) -> None:
    ru, show = kz_many(
        tmp_path,
        [
            (["facts", "--json", "--lang", "ru"], ENCODINGS[encoding]),
            (["show", "accession-announced", "--json", "--lang", "ru"], ENCODINGS[encoding]),
        ],
    )
    for result in (ru, show):
        assert_no_traceback(result)
        assert result.returncode == 0, describe(result)
    assert json.loads(ru.out_bytes.decode("utf-8")) == bundled_json["ru"]
    record = json.loads(show.out_bytes.decode("utf-8"))
    assert record == next(r for r in bundled_json["ru"] if r["id"] == "accession-announced")
    assert "Казахстан" in ru.out_bytes.decode("utf-8")


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_error_echoing_cyrillic_stays_one_readable_line(tmp_path: Path, encoding: str) -> None:
    result = kz(tmp_path, "sector", "Несуществующий сектор", extra_env=ENCODINGS[encoding])
    message = assert_one_line_error(result, 2)
    result.stderr.encode(encoding)  # the line itself is writable in that encoding
    assert "sector" in message
