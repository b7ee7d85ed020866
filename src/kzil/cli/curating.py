"""Curating the data: validate fact-base files, find what the facts leave out, print the schema,
export the facts as a database."""

# No `from __future__ import annotations`: Typer reads the invoked command's annotations; from
# strings, building `kzil validate` took 0.47 ms instead of 0.14 (in process, best of 10 x 30 builds).
from enum import StrEnum
from typing import Annotated

import typer

from kzil.cli.filters import filter_options
from kzil.cli.options import SourceDirOption, options_of
from kzil.cli.registry import CURATING, commands
from kzil.cli.session import env_of, session_of
from kzil.cli.sharing import shared
from kzil.errors import DataError, ExitStatus, UsageError


@commands.command(rich_help_panel=CURATING)
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Fact-base files, merged ('@bundled' is the bundled base). "
            "Default: the data in use (--data, KZIL_DATA or bundled).",
            show_default=False,
        ),
    ] = None,
    source_dir: SourceDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as a JSON object.")] = False,
) -> None:
    """Check fact-base files: every problem as file:line: field: message; exit 1 if any.

    With --source-dir, each source text is first checked to be the version its sha256 records,
    then every quote to be in it verbatim."""
    from kzil.loading import loader
    from kzil.render import records
    from kzil.text import visible

    session = session_of(ctx)
    given = loader.resolve(list(paths)) if paths else session.paths()
    report = loader.validate(given, source_dir, session.progress())
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
def coverage(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[SOURCE]",
            help="A source id (see 'kzil sources'). Default: every source with a text in DIR.",
            show_default=False,
        ),
    ] = None,
    source_dir: SourceDirOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every part and what cites it as JSON.")
    ] = False,
) -> None:
    """The sentences (and clauses a curator split) of a source's text that no fact cites and no
    waiver excuses, as file:line; exit 1 if any."""
    from kzil import query
    from kzil.coverage import coverage as cover
    from kzil.loading import loader
    from kzil.loading.files import shown
    from kzil.render import covering

    if source_dir is None:
        raise UsageError(
            "coverage reads the source texts, which kzil does not bundle: "
            "give --source-dir DIR or set KZIL_SOURCE_DIR"
        )
    session = session_of(ctx)
    base = session.load()
    texts = loader.read_texts(source_dir, base)
    wanted = [query.resolve(base, "source", source)] if source is not None else list(texts)
    for key in wanted:
        if key not in texts:
            raise DataError(f"no text of source '{key}' in {shown(source_dir)}: looked for {key}.*.txt there")
    if not wanted:
        raise DataError(
            f"no source has a text in {shown(source_dir)}: kzil looks for <source id>.*.txt there"
        )
    reports = [cover(base, key, shown(texts[key].path), texts[key].text) for key in wanted]
    versions = [version for key in wanted if (version := texts[key].version) is not None]
    not_checked = [key for key in base.sources if key not in texts] if source is None else []
    out = session.env.out
    if as_json:
        from kzil.render import machine

        machine.json_value(out, covering.record(versions, reports, not_checked))
    else:
        out.write(covering.lines(versions, reports, not_checked).encode())
    if versions or any(report.problems or report.missing() for report in reports):
        raise typer.Exit(ExitStatus.ERROR)


@commands.command(rich_help_panel=CURATING)
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of fact-base files, for editors and the YAML language server."""
    from pathlib import Path

    env_of(ctx).out.write((Path(__file__).parents[1] / "facts.schema.json").read_bytes())


class ExportFormat(StrEnum):
    sqlite = "sqlite"


@commands.command(rich_help_panel=CURATING)
@shared(filter_options)
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Argument(metavar="FORMAT", help="sqlite: a database for Datasette, sqlite3 or sqlite-utils."),
    ],
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="The database to write; FILE.metadata.json beside it.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write the facts (narrowed by the filters) as a database to publish and explore."""
    import os

    from kzil.cli.publishing import about
    from kzil.errors import UsageError
    from kzil.loading.export import export_sqlite
    from kzil.loading.files import shown
    from kzil.selection import condition, store_of

    session = session_of(ctx)
    if os.path.lexists(path) and not force:
        raise UsageError(f"{shown(path)} exists; give --force to replace it")
    base = session.load()
    store = store_of(base)
    assert store is not None  # every fact base the command line loads is served by a store
    found, parameters = condition(options_of(ctx).filters(base))
    facts = export_sqlite(store, path, found, parameters, *about(base, path))
    name = shown(path)
    line = f"{name}: {facts} facts; explore it with: datasette {name} -m {name}.metadata.json\n"
    session.env.out.write(line.encode())
