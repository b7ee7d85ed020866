"""Issue 10, items 13-15: a file name that is not UTF-8, odd COLUMNS values, line numbers as an
editor counts them. Run against the installed console script."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.adversarial.adversarial_support import (
    SMALL_BASE,
    assert_no_traceback,
    assert_one_line_error,
    assert_problem_report,
    describe,
    kz,
    kz_many,
    run_stderr_pty,
    write,
)
from tests.support import BUNDLED

# --- 13. a file name that is not UTF-8 ------------------------------------------------------------

RAW_NAME = os.fsdecode(b"caf\xe9\xff.yaml")  # Latin-1 bytes: not UTF-8


def test_validate_names_a_file_whose_name_is_not_utf8_on_one_clean_line(tmp_path: Path) -> None:
    (tmp_path / RAW_NAME).write_text(SMALL_BASE, encoding="utf-8")
    result = kz(tmp_path, "validate", RAW_NAME)
    assert_no_traceback(result)
    assert (result.returncode, result.stderr) == (0, ""), describe(result)
    assert result.stdout == (
        "caf\\xe9\\xff.yaml: valid: 1 fact, 1 source, 1 sector, 1 country, 1 entity\n"
    ), describe(result)


def test_problems_of_a_file_whose_name_is_not_utf8_name_it_visibly(tmp_path: Path) -> None:
    (tmp_path / RAW_NAME).write_text(SMALL_BASE.replace("status: happened", "status: done"), encoding="utf-8")
    listed = kz(tmp_path, "validate", RAW_NAME)
    lines = assert_problem_report(listed, "caf\\xe9\\xff.yaml:", "facts[f1].status", "'done'")
    assert len(lines) == 1
    as_json = kz(tmp_path, "validate", "--json", RAW_NAME)
    assert as_json.returncode == 1 and as_json.stderr == "", describe(as_json)
    report = json.loads(as_json.stdout)
    assert report["files"] == [RAW_NAME]  # the exact name: bytes as Python's surrogate escapes
    assert [problem["file"] for problem in report["problems"]] == [RAW_NAME]
    loaded = kz(tmp_path, "--data", RAW_NAME, "facts")
    assert_one_line_error(loaded, 1, "caf\\xe9\\xff.yaml:")


# --- 14. COLUMNS that is not a number of ASCII digits ---------------------------------------------


@pytest.mark.parametrize("columns", ["²", "①", "٣", "３", "1²", "4\u200b0"])
def test_columns_of_non_ascii_digits_count_as_unset(tmp_path: Path, columns: str) -> None:
    unset, odd = kz_many(tmp_path, [(["sectors"], {}), (["sectors"], {"COLUMNS": columns})])
    assert_no_traceback(odd)
    assert (odd.returncode, odd.stderr) == (0, ""), describe(odd)
    assert odd.stdout == unset.stdout


# --- 15. line numbers as an editor shows them ------------------------------------------------------

LINE_ENDS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r", "NEL": "\x85", "LS": "\u2028", "PS": "\u2029"}


@pytest.mark.parametrize("end", list(LINE_ENDS))
def test_a_byte_that_is_not_utf8_is_reported_on_the_line_an_editor_shows(tmp_path: Path, end: str) -> None:
    sep = LINE_ENDS[end]
    data = f"version: 1{sep}# one{sep}# two{sep}# ".encode() + b"\xff" + sep.encode()
    write(tmp_path, "bad.yaml", data)
    result = kz(tmp_path, "validate", "bad.yaml")
    assert_one_line_error(result, 1, "bad.yaml:4: not valid UTF-8")


@pytest.mark.parametrize("end", list(LINE_ENDS))
def test_a_nul_byte_is_reported_on_the_line_an_editor_shows(tmp_path: Path, end: str) -> None:
    sep = LINE_ENDS[end]
    write(tmp_path, "nul.yaml", f"version: 1{sep}# one{sep}# two{sep}# \0{sep}")
    result = kz(tmp_path, "--data", "nul.yaml", "facts")
    assert_one_line_error(result, 1, "nul.yaml:4: NUL byte")


@pytest.mark.parametrize("end", list(LINE_ENDS))
def test_problems_are_reported_on_the_line_an_editor_shows(tmp_path: Path, end: str) -> None:
    sep = LINE_ENDS[end]
    text = SMALL_BASE.replace("status: happened", "status: done").replace("\n", sep)
    write(tmp_path, "ends.yaml", text)
    line = SMALL_BASE[: SMALL_BASE.index("status: happened")].count("\n") + 1
    assert_problem_report(kz(tmp_path, "validate", "ends.yaml"), f"ends.yaml:{line}: facts[f1].status")


# --- 16. a status line during every long phase of a first run ----------------------------------------


def _facts_copies(facts: str, megabytes: float, tag: str) -> str:
    copies: list[str] = []
    n = 0
    while sum(len(copy) for copy in copies) < megabytes * 1e6:
        n += 1
        copies.append(re.sub(r"(?m)^(  - id: )(\S+)", rf"\g<1>\g<2>-{tag}{n}", facts))
    return "\n".join(copies)


def test_a_long_first_run_shows_a_status_line_in_every_phase(tmp_path: Path) -> None:
    """Two files of 3 MB: neither is long alone, together they are; reading each, checking names
    across them and saving the compiled copy each say what is going on."""
    head, facts = BUNDLED.read_text(encoding="utf-8").split("\nfacts:\n", 1)
    write(tmp_path, "first.yaml", head + "\nfacts:\n" + _facts_copies(facts, 3, "a"))
    write(tmp_path, "second.yaml", "version: 1\nfacts:\n" + _facts_copies(facts, 3, "b"))
    sizes = [(tmp_path / name).stat().st_size for name in ("first.yaml", "second.yaml")]
    assert all(size < 5_000_000 for size in sizes) and sum(sizes) > 5_000_000
    args = ["--data", "first.yaml", "--data", "second.yaml"]
    first = run_stderr_pty(tmp_path, *args, "facts", "--json")
    assert first.returncode == 0, describe(first)
    for phase in (
        "Reading first.yaml",
        "Reading second.yaml",
        "Checking the names",
        "Saving a compiled copy",
    ):
        assert phase in first.stderr, f"no status line for {phase!r}: {first.stderr[-2000:]!r}"
    again = run_stderr_pty(tmp_path, *args, "facts", "--json")
    assert again.returncode == 0 and "Reading" not in again.stderr and again.stdout == first.stdout
    checked = run_stderr_pty(tmp_path, "validate", "first.yaml", "second.yaml")
    assert checked.returncode == 0, describe(checked)
    assert "Reading first.yaml" in checked.stderr and "Indexing the facts" in checked.stderr
    assert checked.stdout.startswith("first.yaml, second.yaml: valid: ")
