"""Shell completion: each candidate (`candidates.py`) written as one argument of the shell.

Typer's bash protocol prints candidates bare, so `kzil sector водн<TAB>` inserted `водные
ресурсы`, two arguments; its zsh protocol quoted `"` and `\\` wrongly. The classes here print
each candidate in the syntax of the shell reading it; fish needs nothing (it escapes what it
inserts). They replace Typer's only while completing (`install`).
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from typing import Any

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete, ZshComplete

# --- the shells' protocols -----------------------------------------------------------------------

# Characters bash treats specially in an unquoted word (blanks, globs, quotes, expansions,
# operators); a backslash before each makes it literal.
_BASH_SPECIAL = frozenset(" \t\n!\"#$&'()*;<>?[\\]^`{|}~")


def bash_word(value: str, quote: str | None = None) -> str:
    """`value` as bash reads it back as one word, after the opening `quote` the user typed."""
    if quote == "'":  # inside '...' only a quote needs care: close, escape it, reopen
        return value.replace("'", "'\\''")
    if quote == '"':
        return "".join("\\" + ch if ch in '"$`\\' else ch for ch in value)
    return "".join(_bash_char(ch) for ch in value)


def _bash_char(ch: str) -> str:
    if ch in _BASH_SPECIAL - {"\t", "\n"}:
        return "\\" + ch
    if not ch.isprintable():  # a control character: ANSI-C quoting, still inside the same word
        return f"$'\\u{ord(ch):04x}'"
    return ch


def open_quote(word: str) -> str | None:
    """The quote left open at the end of `word` as typed (`"водн` -> `"`), if any."""
    state: str | None = None
    escaped = False
    for ch in word:
        if escaped:
            escaped = False
        elif ch == "\\" and state != "'":
            escaped = True
        elif state is None and ch in "'\"":
            state = ch
        elif ch == state:
            state = None
    return state


def raw_words(line: str) -> list[str]:
    """The words of a command line as typed (quotes and backslashes kept), split on blanks
    outside quotes: how bash's COMP_WORDS, joined with spaces, splits back into its words."""
    words: list[str] = []
    current: list[str] = []
    state: str | None = None
    escaped = False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\" and state != "'":
            escaped = True
        elif state is None and ch in "'\"":
            state = ch
        elif ch == state:
            state = None
        elif state is None and ch in " \t\n":
            if current:
                words.append("".join(current))
                current = []
            continue
        current.append(ch)
    if current:
        words.append("".join(current))
    return words


_ASSIGNMENT = r"[A-Za-z_][A-Za-z0-9_]*="  # compiled on first use, by re's own cache
_SEPARATORS = ("&&", "||", ";", "|", "&", "(", "{", "!", "then", "do", "else", "time")


def line_assignments(line: str) -> dict[str, str]:
    """The variables assigned before the last command of `line` (`KZIL_DATA=x.yaml kzil ...`):
    the environment that command will run with, so the environment its completion should use."""
    words = raw_words(line)
    start = 0
    for i, word in enumerate(words):
        if word in _SEPARATORS or word.endswith((";", "&", "|")):
            start = i + 1
    assigned: dict[str, str] = {}
    for word in words[start:]:
        match = re.match(_ASSIGNMENT, word)
        if match is None:
            break
        import shlex  # only here: completion is its only user

        try:
            value = "".join(shlex.split(word[match.end() :])) if word[match.end() :] else ""
        except ValueError:  # a quote left open: not a finished assignment
            continue
        assigned[match.group()[:-1]] = value
    return assigned


class _LineEnvironment:
    """Completion in the environment the command on the line will get: the process's, plus the
    assignments written before it (which shells do not export to the completion function)."""

    ctx_args: MutableMapping[str, Any]

    def use_line(self, line: str | None) -> None:
        from kzil.cli.env import Env

        env = self.ctx_args.get("obj")
        assigned = line_assignments(line) if line else {}
        if isinstance(env, Env) and assigned:
            self.ctx_args["obj"] = env._replace(environ={**env.environ, **assigned})


class Bash(BashComplete):
    """Typer's bash protocol, each candidate written as one bash word."""

    quote: str | None = None

    def get_completion_args(self) -> tuple[list[str], str]:
        args, incomplete = super().get_completion_args()
        words = raw_words(os.environ.get("COMP_WORDS", ""))
        cword = int(os.environ.get("COMP_CWORD", "0") or 0)
        typed = words[cword] if cword < len(words) else ""
        # Readline replaces the text after an opening quote, and closes the quote itself.
        self.quote = open_quote(typed) if typed[:1] in ("'", '"') else None
        return args, incomplete

    def format_completion(self, item: CompletionItem) -> str:
        return bash_word(item.value, self.quote)


def _zsh_quoted(text: str) -> str:
    """`text` inside "..." inside the single-quoted `_arguments` spec that zsh evaluates."""
    inner = "".join("\\" + ch if ch in '"$`\\' else ch for ch in text)
    return '"' + inner.replace("'", "'\\''") + '"'


# Typer's script, passing also the line left of the cursor: zsh leaves the assignments before a
# command out of `words`.
ZSH_SCRIPT = """
#compdef %(prog_name)s

%(complete_func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _KZIL_COMPLETE_LINE="$LBUFFER" \\
    %(autocomplete_var)s=complete_zsh %(prog_name)s)
}

compdef %(complete_func)s %(prog_name)s
"""


class Zsh(_LineEnvironment, ZshComplete):
    """Typer's zsh protocol, with values that reach `_arguments` (and then the line) intact."""

    source_template = ZSH_SCRIPT

    def get_completion_args(self) -> tuple[list[str], str]:
        self.use_line(os.environ.get("_KZIL_COMPLETE_LINE"))
        return super().get_completion_args()

    def format_completion(self, item: CompletionItem) -> str:
        # `_arguments` reads `\` as an escape and `:` as the value/description separator.
        value = _zsh_quoted(item.value.replace("\\", "\\\\").replace(":", "\\:"))
        if item.help:
            from typer._completion_classes import _sanitize_help_text

            return f"{value}:{_zsh_quoted(_sanitize_help_text(item.help))}"
        return value


def install() -> None:
    """Use these classes and scripts for this run (Typer registers its own while building the app)."""
    from typer import _completion_shared

    add_completion_class(Bash, "bash")
    add_completion_class(Zsh, "zsh")
    # --install-completion and --show-completion read Typer's table of scripts, not the classes.
    _completion_shared._completion_scripts["zsh"] = ZSH_SCRIPT
