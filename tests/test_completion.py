"""Shell completion through the real protocol: each candidate is one argument in the shell that
inserts it, and names come from the fact base in effect on the line (`--data`, `KZIL_DATA`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import yaml

from kzil.cli.completion import bash_word, line_assignments, open_quote, raw_words
from tests.support import BUNDLED, KZIL, clean_env, fake_env, invoke

ODD_ALIASES = [
    "o'brien plan",
    'say "hi" now',
    "x:y z",
    "$HOME dir",
    "semi;colon & amp",
    "star* (paren)",
    "back\\slash",
    "tab`tick`",
    "a  b",
]


@pytest.fixture
def odd_data(tmp_path: Path) -> Path:
    """The bundled fact base plus a sector whose aliases hold every character a shell cares about."""
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data["sectors"]["odd"] = {"name": {"en": "Odd names", "ru": "Странные"}, "aliases": ODD_ALIASES}
    data["facts"][0]["sectors"].append("odd")
    path = tmp_path / "odd data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def complete(tmp_path: Path, protocol: Mapping[str, str], environ: Mapping[str, str] | None = None) -> str:
    """What kzil prints for one completion request (the variables a shell's script sets)."""
    result = invoke(env=fake_env(tmp_path, {**(environ or {}), **protocol}))  # Typer ends it with sys.exit
    assert result.returncode == 0
    return result.stdout


def bash(words: str, cword: int | None = None) -> dict[str, str]:
    count = len(raw_words(words)) - (0 if words.endswith(" ") else 1)
    return {"_KZIL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword or count)}


def bash_arguments(line: str) -> list[str]:
    """The arguments bash passes for `line`: the real parser, not a model of it."""
    script = f"for a in {line}; do printf '%s\\0' \"$a\"; done"
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, check=True)
    return out.stdout.decode().split("\0")[:-1]


# --- bash -------------------------------------------------------------------------------------


def test_bash_candidate_with_a_space_is_one_escaped_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = complete(tmp_path, bash("kzil sector водн"))
    assert out == "водные\\ ресурсы\n"
    assert bash_arguments(out.strip()) == ["водные ресурсы"]


def test_bash_candidates_come_back_as_the_exact_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd_data: Path
) -> None:
    out = complete(tmp_path, bash(f"kzil --data {bash_word(str(odd_data))} sector "))
    candidates = out.splitlines()
    odd = candidates[candidates.index("odd") + 1 :]
    assert odd == [
        "o\\'brien\\ plan",
        'say\\ \\"hi\\"\\ now',
        "x:y\\ z",
        "\\$HOME\\ dir",
        "semi\\;colon\\ \\&\\ amp",
        "star\\*\\ \\(paren\\)",
        "back\\\\slash",
        "tab\\`tick\\`",
        "a\\ \\ b",
    ]
    for candidate, alias in zip(odd, ODD_ALIASES, strict=True):
        assert bash_arguments(candidate) == [alias]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_bash_candidate_after_an_opening_quote_fits_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd_data: Path, quote: str
) -> None:
    line = f"kzil --data {bash_word(str(odd_data))} sector {quote}"
    candidates = complete(tmp_path, bash(line + "o", 4)).splitlines()
    assert "водные ресурсы" not in candidates and len(candidates) == 3  # odd, o'brien plan, official visits
    for candidate in candidates + complete(tmp_path, bash(line + "s", 4)).splitlines():
        # readline inserts the candidate after the quote the user typed and closes it
        (argument,) = bash_arguments(quote + candidate + quote)
        assert argument in [*ODD_ALIASES, "odd", "official visits", "smart energy"]


def test_bash_word_writes_control_characters_in_ansi_c_quotes() -> None:
    assert bash_word("a\tb\nc") == "a$'\\u0009'b$'\\u000a'c"
    assert bash_arguments(bash_word("a\tb\nc")) == ["a\tb\nc"]


def test_open_quote_and_raw_words_read_a_line_as_bash_does() -> None:
    assert open_quote('"водн') == '"' and open_quote("'o") == "'" and open_quote("wat") is None
    assert open_quote('"done"') is None and open_quote("it\\'s") is None
    assert raw_words("kzil sector водные\\ р 'a b' \"c d") == [
        "kzil",
        "sector",
        "водные\\ р",
        "'a b'",
        '"c d',
    ]


# --- zsh and fish -----------------------------------------------------------------------------


def zsh(args: str, line: str | None = None) -> dict[str, str]:
    protocol = {"_KZIL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": args}
    return protocol | ({"_KZIL_COMPLETE_LINE": line} if line is not None else {})


def test_zsh_protocol_quotes_values_for_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd_data: Path
) -> None:
    assert complete(tmp_path, zsh("kzil sector водн")) == "_arguments '*: :((\"водные ресурсы\"))'\n"
    out = complete(tmp_path, zsh(f"kzil --data {bash_word(str(odd_data))} sector o"))
    assert out.splitlines() == ['_arguments \'*: :(("official visits"', '"odd"', "\"o'\\''brien plan\"))'"]
    out = complete(tmp_path, zsh(f"kzil --data {bash_word(str(odd_data))} sector "))
    assert out.splitlines()[-8:] == [
        '"say \\"hi\\" now"',
        '"x\\\\:y z"',
        '"\\$HOME dir"',
        '"semi;colon & amp"',
        '"star* (paren)"',
        '"back\\\\\\\\slash"',
        '"tab\\`tick\\`"',
        '"a  b"))\'',
    ]


def test_fish_protocol_lists_values_one_per_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    protocol = {
        "_KZIL_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": "kzil sector водн",
    }
    assert complete(tmp_path, protocol) == "водные ресурсы\n"  # fish escapes what it inserts


# --- the fact base in effect on the line ------------------------------------------------------


def test_completion_reads_data_given_on_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd_data: Path
) -> None:
    assert complete(tmp_path, bash("kzil sector od")) == "\n"  # not in the bundled base
    assert complete(tmp_path, bash(f"kzil --data {bash_word(str(odd_data))} sector od")) == "odd\n"
    zsh_args = f"kzil --data {bash_word(str(odd_data))} sector od"
    assert complete(tmp_path, zsh(zsh_args)) == "_arguments '*: :((\"odd\"))'\n"


def test_completion_reads_kzil_data_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd_data: Path
) -> None:
    environ = {"KZIL_DATA": str(odd_data)}
    assert complete(tmp_path, bash("kzil sector od"), environ) == "odd\n"
    assert complete(tmp_path, zsh("kzil sector od"), environ) == "_arguments '*: :((\"odd\"))'\n"


def test_zsh_completion_reads_kzil_data_assigned_before_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd_data: Path
) -> None:
    # zsh leaves `KZIL_DATA=... ` out of `words`; kzil's zsh script passes the line as well
    line = f"cd /tmp && KZIL_DATA={bash_word(str(odd_data))} kzil sector od"
    out = complete(tmp_path, zsh("kzil sector od", line))
    assert out == "_arguments '*: :((\"odd\"))'\n"


def test_line_assignments_are_those_before_the_last_command() -> None:
    assert line_assignments("KZIL_DATA='a b.yaml' LANG=C kzil --data=x sector od") == {
        "KZIL_DATA": "a b.yaml",
        "LANG": "C",
    }
    assert line_assignments("KZIL_DATA=a.yaml true; kzil sector od") == {}
    assert line_assignments("echo hi; KZIL_DATA=b\\ c.yaml kzil s") == {"KZIL_DATA": "b c.yaml"}
    assert line_assignments("kzil sector X=1") == {}


def test_kzil_installs_its_own_zsh_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = complete(tmp_path, {"_KZIL_COMPLETE": "source_zsh"})
    assert '_KZIL_COMPLETE_LINE="$LBUFFER"' in script and "compdef _kzil_completion kzil" in script


# --- the real shells, typed into by tmux ------------------------------------------------------


class Pane:
    """A shell in a tmux server of its own: type into it, wait for what appears (the 20 s limit
    only catches a hang)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.name, *args], capture_output=True, check=True)
        return out.stdout.decode()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, needle: str) -> str:
        deadline = time.monotonic() + 20
        while needle not in (text := self.tmux("capture-pane", "-p", "-t", self.name)):
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never appeared in:\n{text}")
            time.sleep(0.1)
        return text


@contextlib.contextmanager
def shell_pane(tmp_path: Path, shell: str) -> Iterator[Pane]:
    """`shell` without its user's configuration, with kzil's completion script sourced."""
    env = clean_env(tmp_path, {"PATH": f"{KZIL.parent}{os.pathsep}{os.environ['PATH']}"})
    script = tmp_path / f"kzil.{shell}"
    source = subprocess.run(
        [str(KZIL)], env={**env, "_KZIL_COMPLETE": f"source_{shell}"}, capture_output=True
    )
    script.write_bytes(source.stdout)
    start, setup = {
        "bash": ("bash --norc --noprofile", f"PS1='$ '; source '{script}'"),
        "zsh": ("zsh -f", f"PS1='$ '; autoload -Uz compinit && compinit -u -D; source '{script}'"),
        "fish": ("fish --no-config", f"function fish_prompt; echo '$ '; end; source '{script}'"),
    }[shell]
    pane = Pane(f"kzil-test-{shell}-{os.getpid()}")
    command = ["tmux", "-L", pane.name, "new-session", "-d", "-s", pane.name, "-x", "150", "-y", "30", start]
    subprocess.run(command, env=env, check=True, cwd=tmp_path)
    try:
        pane.keys(f"{setup}; clear; echo READY", "Enter")
        pane.wait_for("READY")
        yield pane
    finally:
        subprocess.run(["tmux", "-L", pane.name, "kill-server"], check=False, capture_output=True)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_real_shell_inserts_a_multi_word_alias_as_one_argument(tmp_path: Path, shell: str) -> None:
    if shutil.which("tmux") is None or shutil.which(shell) is None:
        pytest.skip(f"needs tmux and {shell}")
    with shell_pane(tmp_path, shell) as pane:
        pane.keys("kzil sector водн", "Tab")
        pane.wait_for("kzil sector водные\\ ресурсы")
        # the completed line, run as arguments of printf: what the shell really passes
        pane.keys("C-a", "printf '<%s>' ", "C-e", " ; echo DONE", "Enter")
        assert "<kzil><sector><водные ресурсы>DONE" in pane.wait_for("<kzil>")


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_real_shell_completes_from_kzil_data_on_the_line(tmp_path: Path, shell: str, odd_data: Path) -> None:
    if shutil.which("tmux") is None or shutil.which(shell) is None:
        pytest.skip(f"needs tmux and {shell}")
    with shell_pane(tmp_path, shell) as pane:
        pane.keys(f"KZIL_DATA='{odd_data}' kzil sector od", "Tab")
        pane.wait_for(f"KZIL_DATA='{odd_data}' kzil sector odd\n")
