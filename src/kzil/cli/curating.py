"""Curating the data: validate fact-base files and print their schema."""

from __future__ import annotations

from typing import Annotated

import typer

from kzil.cli.registry import CURATING, commands
from kzil.cli.session import env_of, session_of
from kzil.errors import ExitStatus


@commands.command(rich_help_panel=CURATING)
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Fact-base files, merged. Default: the data in use (--data, KZIL_DATA or bundled).",
            show_default=False,
        ),
    ] = None,
    source_dir: Annotated[
        str | None,
        typer.Option(
            "--source-dir",
            envvar="KZIL_SOURCE_DIR",
            metavar="DIR",
            help="Also check every quote verbatim against DIR/<source id>.*.txt.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as a JSON object.")] = False,
) -> None:
    """Check fact-base files: every problem as file:line: field: message; exit 1 if any."""
    from kzil.loading import loader
    from kzil.render import records
    from kzil.text import visible

    session = session_of(ctx)
    report = loader.validate(list(paths) if paths else session.paths(), source_dir)
    if as_json:
        from kzil.render import machine as output

        output.json_value(session.env.out, records.validation(report))
    else:
        session.env.out.write(
            (
                "".join(f"{visible(str(problem), one_line=True)}\n" for problem in report.problems)
                + records.validation_summary(report)
                + "\n"
            ).encode()
        )
    if report.problems:
        raise typer.Exit(ExitStatus.ERROR)


@commands.command(rich_help_panel=CURATING)
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of fact-base files, for editors and the YAML language server."""
    from pathlib import Path

    env_of(ctx).out.write((Path(__file__).parents[1] / "facts.schema.json").read_bytes())
