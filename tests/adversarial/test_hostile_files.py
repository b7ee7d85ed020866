"""Issue 5, cases 1-10: hostile fact-base files and paths, given with --data and with KZIL_DATA,
through `kzil validate` and through a listing command (JSON and table).

Every refusal must be: exit 1, nothing on stdout, one `kzil: error:` line on stderr naming the file
(and line where there is one), within 5 s; `kzil validate` lists problems of a file it could read as
`file:line: field: message` lines on stdout and a summary line, and reports a file it cannot read
at all the same way as every other command (one line on stderr).
"""

from __future__ import annotations

import codecs
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.adversarial_support import (
    QUICK_CPU_SECONDS,
    SMALL_BASE,
    assert_no_traceback,
    assert_one_line_error,
    assert_problem_report,
    assert_refused,
    describe,
    kz,
    kz_many,
    line_of,
    run_limited,
    run_stderr_pty,
    through_every_way,
    write,
)
from tests.support import BigBase, Result

PEAK_RSS = 200 * 2**20  # the memory bound


def _no_nan(value: str) -> object:
    raise AssertionError(f"bare {value} in JSON output")


def parse_json(text: str) -> Any:
    return json.loads(text, parse_constant=_no_nan)


# --- 1. Python tags -----------------------------------------------------------------------------

EVERY_TAG = """\
version: 1
sources: !!python/object/apply:os.system ["touch {sentinel}"]
sectors: !!python/object/new:os.system ["touch {sentinel}"]
countries: !!python/name:os.system
entities: !!python/module:os
facts:
  - id: f1
    source: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch {sentinel}"]
    quote: !!binary aGVsbG8=
    summary: !evil {{en: a, ru: b}}
    status: happened
  - !!python/object/apply:os.popen ["touch {sentinel}"]
? !!python/object/apply:os.system ["touch {sentinel}"]
: 1
"""
TAG_LINES = [  # (the tag as a message names it, how its line starts)
    ("!!python/object/apply:os.system", "sources:"),
    ("!!python/object/new:os.system", "sectors:"),
    ("!!python/name:os.system", "countries:"),
    ("!!python/module:os", "entities:"),
    ("!!python/object/apply:os.system", "    source: !<"),
    ("!!binary", "    quote:"),
    ("!evil", "    summary:"),
    ("!!python/object/apply:os.popen", "  - !!python"),
    ("!!python/object/apply:os.system", "? !!python"),
]


def test_python_tag_is_refused_naming_tag_and_line(tmp_path: Path) -> None:
    sentinel = tmp_path / "executed"
    text = f'version: 1\nfacts: !!python/object/apply:os.system ["touch {sentinel}"]\n'
    name = write(tmp_path, "tag.yaml", text)
    assert_refused(tmp_path, name, f"{name}:2:", "!!python/object/apply:os.system", validate_reports=True)
    assert not sentinel.exists(), "a YAML tag made kzil run code"


def test_every_python_and_unknown_tag_is_refused_where_it_stands(tmp_path: Path) -> None:
    sentinel = tmp_path / "executed"
    text = EVERY_TAG.format(sentinel=sentinel)
    name = write(tmp_path, "tags.yaml", text)
    results = assert_refused(tmp_path, name, f"{name}:", validate_reports=True)
    problems = [
        line for label, result in results if label == "--data validate" for line in result.stdout.splitlines()
    ]
    for tag, where in TAG_LINES:
        line = line_of(text, where)
        assert any(row.startswith(f"{name}:{line}:") and tag in row for row in problems), (
            f"tag {tag!r} on line {line} not reported:\n" + "\n".join(problems)
        )
    assert not sentinel.exists(), "a YAML tag made kzil run code"


def test_tag_declared_with_a_tag_directive_is_refused(tmp_path: Path) -> None:
    sentinel = tmp_path / "executed"
    text = (
        "%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\nversion: 1\n"
        f'facts: !p!os.system ["touch {sentinel}"]\n'
    )
    name = write(tmp_path, "tag-directive.yaml", text)
    assert_refused(
        tmp_path, name, f"{name}:4:", "python/object/apply:os.system", validate_reports=True, full=False
    )
    assert not sentinel.exists()


# --- 2. Alias bombs -------------------------------------------------------------------------------


def _laughs(levels: int = 9) -> list[str]:
    rows = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return rows


def _fan_out(facts: int = 5000, size: int = 1_000_000) -> str:
    """One big quote and one summary, anchored once and aliased by thousands of facts: a small file
    whose JSON output, were aliases expanded, would be gigabytes."""
    text = SMALL_BASE.replace('quote: "a quote"', f'quote: &q "{"x" * size}"').replace(
        '    summary:\n      en: "English summary"\n      ru: "Русское резюме"\n',
        "    summary: &s {en: English summary, ru: Русское резюме}\n",
    )
    return text + "".join(
        f"  - {{id: f{i}x, source: src, quote: *q, summary: *s, status: happened}}\n" for i in range(facts)
    )


BOMBS = {
    # anchors under unknown keys, the whole bomb reachable from `facts`
    "reachable": "version: 1\n"
    + "".join(f"a{i}: {row}\n" for i, row in enumerate(_laughs()))
    + "facts: *a8\n",
    # the bomb built inside the facts list itself
    "in-facts": "version: 1\nfacts:\n" + "".join(f"  - {row}\n" for row in _laughs()),
    "fan-out": _fan_out(),
    "self-sequence": "version: 1\nfacts: &a [*a]\n",
    "self-mapping": SMALL_BASE.replace(
        '    summary:\n      en: "English summary"\n      ru: "Русское резюме"\n',
        "    summary: &s {en: *s, ru: x}\n",
    ),
}


@pytest.mark.parametrize("variant", list(BOMBS))
def test_alias_bomb_is_refused_quickly(tmp_path: Path, variant: str) -> None:
    name = write(tmp_path, f"bomb-{variant}.yaml", BOMBS[variant])
    needles = (f"{name}:", "alias") if variant.startswith(("self", "fan")) else (f"{name}:",)
    assert_refused(tmp_path, name, *needles, validate_reports=True, full=variant == "reachable")
    listings = (["--data", name, "facts", "--json"], ["--data", name, "facts"])
    for args in listings if variant in ("reachable", "in-facts", "fan-out") else listings[:1]:
        result, seconds, peak = run_limited(tmp_path, *args)
        assert_one_line_error(result, 1, *needles)
        assert seconds < QUICK_CPU_SECONDS, f"{args}: {seconds:.1f} s of CPU"
        assert peak < PEAK_RSS, f"{args}: peak RSS {peak / 2**20:.0f} MB"


# --- 3. Deep nesting ------------------------------------------------------------------------------

NESTING = {
    "1100-brackets": "version: 1\nfacts: " + "[" * 1100 + "]" * 1100 + "\n",
    "1100-braces": "version: 1\nfacts: " + "{a: " * 1100 + "}" * 1100 + "\n",
    "100000-brackets": "version: 1\nfacts: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "100000-braces-unclosed": "version: 1\nfacts: " + "{" * 100_000 + "\n",
    "1100-block": "version: 1\nfacts:\n"
    + "".join("  " * i + "-\n" for i in range(1, 1100))
    + "  " * 1100
    + "- x\n",
}


@pytest.mark.parametrize("variant", list(NESTING))
def test_deep_nesting_is_refused_as_too_deep(tmp_path: Path, variant: str) -> None:
    name = write(tmp_path, f"deep-{variant}.yaml", NESTING[variant])
    assert_refused(
        tmp_path,
        name,
        f"{name}:",
        "nesting too deep",
        validate_reports=False,
        full=variant == "1100-brackets",
    )
    result, seconds, peak = run_limited(tmp_path, "--data", name, "facts", "--json")
    assert_one_line_error(result, 1, "nesting too deep")
    assert seconds < QUICK_CPU_SECONDS, f"{seconds:.1f} s of CPU"
    assert peak < PEAK_RSS, f"peak RSS {peak / 2**20:.0f} MB"


# --- 4. Duplicate keys ----------------------------------------------------------------------------

DUPLICATED = (
    SMALL_BASE.replace(
        "place: {en: Baku, ru: Баку}", "place:\n      en: Baku\n      ru: Баку\n      en: Baku again"
    )
    .replace(
        "sectors:\n  water:",
        "sectors:\n  1:\n    name: {en: One, ru: Один}\n  yes:\n    name: {en: Yes, ru: Да}\n  water:",
    )
    .replace(
        "countries:\n", "countries:\n  on:\n    name: {en: On, ru: Вкл}\n  true:\n    name: {en: T, ru: Т}\n"
    )
    .replace("    status: happened\n", "    status: happened\n    status: pending\n")
    .replace('      ru: "Русское резюме"\n', '      ru: "Русское резюме"\n      en: "again"\n')
    + "version: 1\n"
)
DUPLICATE_PAIRS = [  # (how the first key's line starts, how the duplicate's line starts)
    ("version: 1", "version: 1\n", "last"),
    ("      en: Baku\n", "      en: Baku again", ""),
    ("  1:\n", "  yes:\n", ""),
    ("  on:\n", "  true:\n", ""),
    ("    status: happened", "    status: pending", ""),
    ('      en: "English summary"', '      en: "again"', ""),
]


def test_duplicate_keys_are_refused_naming_both_lines(tmp_path: Path) -> None:
    name = write(tmp_path, "duplicates.yaml", DUPLICATED)
    results = assert_refused(tmp_path, name, "duplicate", validate_reports=True, listing_needles=[f"{name}:"])
    problems = [
        row for label, result in results if label == "--data validate" for row in result.stdout.splitlines()
    ]
    for first, second, where in DUPLICATE_PAIRS:
        first_line = line_of(DUPLICATED, first)
        second_line = DUPLICATED.count("\n") if where == "last" else line_of(DUPLICATED, second)
        found = [row for row in problems if row.startswith(f"{name}:{second_line}:") and "duplicate" in row]
        assert found, f"no duplicate-key problem on line {second_line}:\n" + "\n".join(problems)
        rest = found[0].split(":", 2)[2]
        assert re.search(rf"\b{first_line}\b", rest), f"first line {first_line} not named: {found[0]}"


# --- 5. YAML 1.1 surprises ------------------------------------------------------------------------

SURPRISES = [
    "no", "No", "off", "on", "yes", "y", "true", "FALSE", "12:30", "1:20:30", "010", "0o17", "0x1F",
    "0b101", "1_000", "+12", "-0", "1e3", ".nan", ".NaN", ".inf", "-.inf", "2026-02-17",
    "2026-02-17 10:00:00", "~", "null", "Null", "<<", "=",
]  # fmt: skip


def _with_summaries(values: list[str]) -> tuple[str, dict[str, int]]:
    """SMALL_BASE plus one fact per value, whose English summary is the value, plain; and the line of each."""
    text = SMALL_BASE
    lines = {}
    for i, value in enumerate(values):
        lines[value] = text.count("\n") + 5
        text += (
            f'  - id: s{i}\n    source: src\n    quote: "q"\n    summary:\n'
            f'      en: {value}\n      ru: "р"\n    status: happened\n'
        )
    return text, lines


def test_yaml11_surprises_in_text_are_refused_or_kept_verbatim(tmp_path: Path) -> None:
    text, lines = _with_summaries(SURPRISES)
    name = write(tmp_path, "surprises.yaml", text)
    results = through_every_way(tmp_path, name, full=False)
    results += [("KZIL_DATA validate", kz(tmp_path, "validate", extra_env={"KZIL_DATA": name}))]
    kept = []
    for label, result in results:
        if "validate" not in label:
            assert_one_line_error(result, 1, f"{name}:")
            continue
        problems = assert_problem_report(result, f"{name}:")
        for i, value in enumerate(SURPRISES):
            here = [row for row in problems if row.startswith(f"{name}:{lines[value]}:")]
            assert all(f"facts[s{i}].summary.en" in row for row in here), here
            if not here and label == "--data validate":
                kept.append(value)
    # What was not refused must come out exactly as written.
    text, _ = _with_summaries(kept)
    name = write(tmp_path, "kept.yaml", text)
    for label, result in through_every_way(tmp_path, name, full=False):
        assert_no_traceback(result)
        assert result.returncode == 0, f"[{label}] {describe(result)}"
        if "--json" in label:
            records = {record["id"]: record for record in parse_json(result.stdout)}
            assert [records[f"s{i}"]["summary"] for i in range(len(kept))] == kept
        elif "validate" not in label:
            assert set(" ".join(kept).split()) <= set(result.stdout.split()), result.stdout


def test_unquoted_dates_in_date_fields_are_kept_as_written(tmp_path: Path) -> None:
    text = (
        SMALL_BASE.replace('published: "2026-02-17"', "published: 2026-02-17")
        .replace('date: "2025-11"', "date: 2025-11-05")
        .replace("    status: happened\n", "    status: happened\n    as_of: 2026-02-18\n")
    )
    name = write(tmp_path, "dates.yaml", text)
    for label, result in through_every_way(tmp_path, name, full=False):
        assert_no_traceback(result)
        assert result.returncode == 0, f"[{label}] {describe(result)}"
    result = kz(tmp_path, "--data", name, "facts", "--json")
    (record,) = parse_json(result.stdout)
    assert (record["date"], record["as_of"]) == ("2025-11-05", "2026-02-18")


def test_json_output_never_holds_bare_nan(tmp_path: Path) -> None:
    text = SMALL_BASE.replace('en: "English summary"', 'en: ".nan"').replace(
        'quote: "a quote"', "quote: '.inf'"
    )
    name = write(tmp_path, "nan.yaml", text)
    for args in (
        ["facts", "--json"],
        ["timeline", "--json"],
        ["show", "f1", "--json"],
        ["facts", "--format", "jsonl"],
    ):
        result = kz(tmp_path, "--data", name, *args)
        assert result.returncode == 0, describe(result)
        for line in [result.stdout] if "--json" in args else result.stdout.splitlines():
            parse_json(line)
        assert ".nan" in result.stdout and ".inf" in result.stdout


# --- 6. Invalid calendar dates --------------------------------------------------------------------

BAD_DATES = ["2026-02-30", "0000-01-01", "2025-02-29", "2026-04-31", "2026-02-30/2026-03-05", "2026-13"]


def test_impossible_calendar_dates_are_refused_with_line(tmp_path: Path) -> None:
    text = SMALL_BASE.replace(
        "sectors:\n",
        '  bad-a:\n    outlet: X\n    kind: interview\n    published: "2026-02-30"\n    place: {en: A, ru: А}\n'
        "    language: ru\n    speaker: someone\n    title: {en: T, ru: Т}\n"
        '  bad-b:\n    outlet: X\n    kind: interview\n    published: "0000-01-01"\n    place: {en: A, ru: А}\n'
        "    language: ru\n    speaker: someone\n    title: {en: T, ru: Т}\n"
        "sectors:\n",
    )
    expected = [
        (line_of(text, '"2026-02-30"'), "sources.bad-a.published"),
        (line_of(text, '"0000-01-01"'), "sources.bad-b.published"),
    ]
    for i, value in enumerate(BAD_DATES):
        text += (
            f'  - id: d{i}\n    source: src\n    quote: "q"\n    summary: {{en: e, ru: р}}\n    status: happened\n'
            f'    date: "{value}"\n    date_text: {{en: e, ru: р}}\n'
        )
        expected.append((text.count("\n") - 1, f"facts[d{i}].date"))
    for i, value in enumerate(BAD_DATES[:2]):
        text += f'  - id: a{i}\n    source: src\n    quote: "q"\n    summary: {{en: e, ru: р}}\n    status: happened\n'
        text += f'    as_of: "{value}"\n'
        expected.append((text.count("\n"), f"facts[a{i}].as_of"))
    name = write(tmp_path, "dates.yaml", text)
    results = assert_refused(tmp_path, name, f"{name}:", validate_reports=True)
    problems = [
        row for label, result in results if label == "--data validate" for row in result.stdout.splitlines()
    ]
    for line, field in expected:
        assert any(row.startswith(f"{name}:{line}: {field}") for row in problems), (
            f"{field} on line {line} not reported:\n" + "\n".join(problems)
        )


# --- 7. Not one mapping ---------------------------------------------------------------------------

NOT_A_MAPPING = {
    "empty": b"",
    "comments-only": b"# a comment\n# another\n",
    "blank-lines": b"\n\n   \n",
    "bom-only": codecs.BOM_UTF8,
    "top-level-list": b"- version: 1\n- facts: []\n",
    "top-level-scalar": b"just some text\n",
    "top-level-number": b"1\n",
    "several-documents": b"---\nversion: 1\n---\nversion: 1\n",
    "null-document": b"---\n...\n",
    "block-scalar-document": b"--- |\n  version: 1\n",
}


@pytest.mark.parametrize("variant", list(NOT_A_MAPPING))
def test_file_that_is_not_one_mapping_is_refused(tmp_path: Path, variant: str) -> None:
    name = write(tmp_path, f"{variant}.yaml", NOT_A_MAPPING[variant])
    assert_refused(
        tmp_path, name, f"{name}", "must be one mapping", validate_reports=False, full=variant == "empty"
    )


# --- 8. Encodings ---------------------------------------------------------------------------------

VALID = SMALL_BASE.encode("utf-8")
NOT_UTF8 = {
    "cp1251": "version: 1\n# Привет, мир\n".encode("cp1251"),
    "latin-1-stray-byte": b"version: 1\n# caf\xe9\n",
    "invalid-byte-in-valid-file": VALID.replace(b"English summary", b"English \xff summary"),
    "cesu-surrogate": b"version: 1\n# \xed\xa0\x80\n",
    "overlong": b"version: 1\n# \xc0\xaf\n",
    "truncated-at-end": b"version: 1\n# \xd0",
    "nul-byte": VALID.replace(b"English summary", b"English\x00summary"),
    "utf-16-without-bom": "version: 1\n".encode("utf-16-le"),
}


@pytest.mark.parametrize("variant", list(NOT_UTF8))
def test_file_that_is_not_utf8_is_refused_with_byte_position(tmp_path: Path, variant: str) -> None:
    data = NOT_UTF8[variant]
    try:
        data.decode("utf-8")
        position = data.index(b"\x00")
    except UnicodeDecodeError as error:
        position = error.start
    line = data.count(b"\n", 0, position) + 1
    name = write(tmp_path, f"{variant}.yaml", data)
    assert_refused(
        tmp_path,
        name,
        f"{name}:{line}:",
        f"byte {position}",
        "UTF-8",
        validate_reports=False,
        full=variant == "cp1251",
    )


@pytest.mark.parametrize(
    ("variant", "data", "encoding"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE + SMALL_BASE.encode("utf-16-le"), "UTF-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE + SMALL_BASE.encode("utf-16-be"), "UTF-16"),
        ("utf-32", SMALL_BASE.encode("utf-32"), "UTF-32"),
    ],
)
def test_utf16_and_utf32_files_are_refused_naming_the_encoding(
    tmp_path: Path, variant: str, data: bytes, encoding: str
) -> None:
    name = write(tmp_path, f"{variant}.yaml", data)
    assert_refused(tmp_path, name, name, encoding, "UTF-8", validate_reports=False, full=False)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    plain = write(tmp_path, "plain.yaml", SMALL_BASE)
    bom = write(tmp_path, "bom.yaml", codecs.BOM_UTF8 + SMALL_BASE.replace("\n", "\r\n").encode("utf-8"))
    for label, result in through_every_way(tmp_path, bom):
        assert_no_traceback(result)
        assert result.returncode == 0, f"[{label}] {describe(result)}"
    expected = kz(tmp_path, "--data", plain, "facts", "--json").stdout
    assert kz(tmp_path, "--data", bom, "facts", "--json").stdout == expected


def test_crlf_file_reports_the_right_line(tmp_path: Path) -> None:
    text = SMALL_BASE.replace('quote: "a quote"', "quote: !!python/name:os.system")
    line = line_of(text, "quote:")
    name = write(tmp_path, "crlf.yaml", text.replace("\n", "\r\n"))
    assert_refused(tmp_path, name, f"{name}:{line}:", validate_reports=True, full=False)


# --- 9. Paths -------------------------------------------------------------------------------------


def test_missing_file_is_one_clean_line(tmp_path: Path) -> None:
    assert_refused(tmp_path, "nowhere.yaml", "nowhere.yaml", validate_reports=False)


def test_directory_is_one_clean_line(tmp_path: Path) -> None:
    (tmp_path / "a-directory").mkdir()
    assert_refused(tmp_path, "a-directory", "a-directory", validate_reports=False, full=False)


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="running as root: chmod 000 does not stop root reading; see the in-process test below",
)
def test_unreadable_file_is_one_clean_line(tmp_path: Path) -> None:
    name = write(tmp_path, "secret.yaml", SMALL_BASE)
    (tmp_path / name).chmod(0)
    try:
        assert_refused(tmp_path, name, name, validate_reports=False)
    finally:
        (tmp_path / name).chmod(0o600)


@pytest.mark.parametrize(
    "args",
    [
        ["--data", "secret.yaml", "facts", "--json"],
        ["--data", "secret.yaml", "facts"],
        ["validate", "secret.yaml"],
    ],
)
def test_unreadable_file_is_one_clean_line_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """Tests run as root here, where chmod 000 does not stop reading: make `open` refuse instead."""
    from kzil import cli

    (tmp_path / "secret.yaml").write_text(SMALL_BASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("KZIL_DATA", raising=False)
    real_open = os.open

    def refusing_open(path: str | os.PathLike[str], *a: Any, **k: Any) -> int:
        if os.fspath(path).endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", refusing_open)
    status = cli.run(args)
    out, err = capfd.readouterr()
    assert status == 1
    assert out == ""
    assert err.startswith("kzil: error: secret.yaml") and err.count("\n") == 1, err
    assert "permission" in err.lower()
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    assert_refused(tmp_path, "fifo", "fifo", validate_reports=False, full=False)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_device_does_not_hang(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert_refused(tmp_path, device, device, validate_reports=False, full=False)
    if device == "/dev/zero":
        result, seconds, peak = run_limited(tmp_path, "--data", device, "facts", "--json")
        assert_one_line_error(result, 1, device)
        assert seconds < QUICK_CPU_SECONDS and peak < PEAK_RSS


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    with open(tmp_path / "huge.yaml", "wb") as stream:  # sparse: takes no disk space
        stream.truncate(256 * 2**20)
    assert_refused(tmp_path, "huge.yaml", "huge.yaml", validate_reports=False, full=False)
    result, seconds, peak = run_limited(tmp_path, "--data", "huge.yaml", "facts")
    assert_one_line_error(result, 1, "huge.yaml")
    assert seconds < QUICK_CPU_SECONDS and peak < PEAK_RSS, (seconds, peak)


def test_name_with_markup_brackets_is_shown_literally(tmp_path: Path) -> None:
    (tmp_path / "odd[").mkdir()
    name = "odd[/]name.yaml"
    write(tmp_path, name, "version: 1\nfacts: !!python/name:os.system\n")
    assert_refused(tmp_path, name, f"{name}:2:", validate_reports=True, full=False)
    write(tmp_path, "odd[/]ok.yaml", SMALL_BASE)
    result = kz(tmp_path, "--data", "odd[/]ok.yaml", "facts")
    assert result.returncode == 0 and "English summary" in result.stdout, describe(result)


def test_big_file_with_markup_or_escape_in_its_name_reads_cleanly_on_a_terminal(
    tmp_path: Path, big: BigBase
) -> None:
    """A file big enough for the "Reading ... once" status on a terminal: the name must be shown as
    text there too (no MarkupError from `[/]`, no raw escape)."""
    (tmp_path / "odd[").mkdir()
    text = big.path.read_bytes()
    names = ["odd[/]big.yaml", "esc\x1b[2Jbig.yaml"]
    for name in names:
        write(tmp_path, name, text)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(
                lambda name: run_stderr_pty(tmp_path, "--no-cache", "--data", name, "facts", "--json"), names
            )
        )
    for name, result in zip(names, results, strict=True):
        assert_no_traceback(result)
        assert "internal error" not in result.stderr and "MarkupError" not in result.stderr, result.stderr[
            :500
        ]
        assert result.returncode == 0, f"{name!r}: exit {result.returncode}: {result.stderr[:500]}"
        assert len(json.loads(result.stdout)) > 1000
        assert "\x1b[2J" not in result.stderr, "raw escape from the file name on the terminal"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("esc\x1b[31mred.yaml", r"esc\x1b[31mred.yaml"),
        ("bell\x1b]0;pwned\x07.yaml", r"bell\x1b]0;pwned\x07.yaml"),
    ],
)
def test_name_with_escape_character_is_shown_escaped(tmp_path: Path, raw: str, shown: str) -> None:
    """The file name is echoed by every message, validate's problem lines included."""
    write(tmp_path, raw, "version: 1\nfacts: !!python/name:os.system\n")
    assert_refused(tmp_path, raw, f"{shown}:2:", validate_reports=True, full=raw.startswith("esc"))


def test_missing_file_with_escape_in_name_is_shown_escaped(tmp_path: Path) -> None:
    assert_refused(tmp_path, "gone\x1b[2J.yaml", r"gone\x1b[2J.yaml", validate_reports=False, full=False)


def test_name_with_newline_keeps_every_message_on_one_line(tmp_path: Path) -> None:
    write(tmp_path, "new\nline.yaml", "version: 1\nfacts: !!python/name:os.system\n")
    assert_refused(tmp_path, "new\nline.yaml", r"new\x0aline.yaml:2:", validate_reports=True, full=False)


def test_odd_paths_are_one_clean_line(tmp_path: Path) -> None:
    write(tmp_path, "plain.yaml", SMALL_BASE)
    os.symlink("loop", tmp_path / "loop")
    long_name = "x" * 5000 + ".yaml"
    calls: list[tuple[list[str], dict[str, str]]] = [
        (args, {})
        for path in ("loop", "plain.yaml/inside.yaml", long_name, "")
        for args in (["--data", path, "facts", "--json"], ["validate", path])
    ]
    for result in kz_many(tmp_path, calls):
        assert_one_line_error(result, 1)


# --- 10. KZIL_DATA and --data ---------------------------------------------------------------------

OTHER_FACTS = """\
version: 1
facts:
  - id: f2
    source: src
    quote: "another quote"
    summary: {en: "Second file", ru: "Второй файл"}
    status: planned
"""


def _ids(result: Result) -> list[str]:
    assert result.returncode == 0, describe(result)
    return [record["id"] for record in json.loads(result.stdout)]


def test_empty_kzil_data_means_the_bundled_base(tmp_path: Path) -> None:
    bundled, empty, separators = kz_many(
        tmp_path,
        [
            (["facts", "--json"], {}),
            (["facts", "--json"], {"KZIL_DATA": ""}),
            (["facts", "--json"], {"KZIL_DATA": os.pathsep * 2}),
        ],
    )
    assert _ids(bundled) == _ids(empty) == _ids(separators)
    assert len(_ids(bundled)) > 10


def test_kzil_data_pointing_nowhere_is_one_clean_line(tmp_path: Path) -> None:
    for args in (["facts", "--json"], ["facts"], ["validate"], ["timeline"]):
        assert_one_line_error(kz(tmp_path, *args, extra_env={"KZIL_DATA": "nowhere.yaml"}), 1, "nowhere.yaml")


def test_data_option_wins_over_kzil_data(tmp_path: Path) -> None:
    write(tmp_path, "mine.yaml", SMALL_BASE)
    write(tmp_path, "hostile.yaml", "version: 1\nfacts: !!python/name:os.system\n")
    for env_value in ("nowhere.yaml", "hostile.yaml", "/dev/zero"):
        results = kz_many(
            tmp_path,
            [
                (["--data", "mine.yaml", "facts", "--json"], {"KZIL_DATA": env_value}),
                (["--data", "mine.yaml", "validate"], {"KZIL_DATA": env_value}),
                (["validate", "mine.yaml"], {"KZIL_DATA": env_value}),
            ],
        )
        assert _ids(results[0]) == ["f1"]
        for result in results[1:]:
            assert result.returncode == 0 and result.stdout.startswith("mine.yaml: valid"), describe(result)


def test_kzil_data_merges_paths_separated_by_the_os_separator(tmp_path: Path) -> None:
    write(tmp_path, "one.yaml", SMALL_BASE)
    write(tmp_path, "two.yaml", OTHER_FACTS)
    merged = kz(
        tmp_path, "facts", "--json", extra_env={"KZIL_DATA": f"one.yaml{os.pathsep}two.yaml{os.pathsep}"}
    )
    assert sorted(_ids(merged)) == ["f1", "f2"]
    given = kz(tmp_path, "--data", "one.yaml", "--data", "two.yaml", "facts", "--json")
    assert sorted(_ids(given)) == ["f1", "f2"]
    only = kz(
        tmp_path,
        "--data",
        "one.yaml",
        "facts",
        "--json",
        extra_env={"KZIL_DATA": f"one.yaml{os.pathsep}two.yaml"},
    )
    assert _ids(only) == ["f1"]
    second_missing = kz(
        tmp_path, "facts", "--json", extra_env={"KZIL_DATA": f"one.yaml{os.pathsep}gone.yaml"}
    )
    assert_one_line_error(second_missing, 1, "gone.yaml")
