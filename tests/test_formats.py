"""The one table of output formats: each command's `--format` choices, the renderers behind them,
and that a renderer is imported only when its format is used."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from kzil.cli.app import app
from kzil.render import formats
from kzil.render.formats import FORMATS, VIEWS, Renderer, View
from tests.support import ROOT, clean_env, fake_env, invoke

README = (ROOT / "README.md").read_text(encoding="utf-8")

# The view each command shows (validate and schema have no --format).
COMMAND_VIEWS: dict[str, View] = {
    "timeline": "timeline",
    "track": "track",
    "facts": "facts",
    "sector": "facts",
    "search": "facts",
    "entity": "facts",
    "show": "fact",
    "overview": "overview",
    "sectors": "reference",
    "countries": "reference",
    "entities": "reference",
    "statuses": "reference",
    "sources": "reference",
}
ARGUMENTS = {"sector": ["water"], "search": ["water"], "entity": ["bystritsky"], "show": ["water-mou-signed"]}


def readme_formats() -> dict[str, list[str]]:
    """The formats the README promises: the common list, plus the timeline's own exports."""
    common = re.search(r"\*\*Output\*\*: `--format ([a-z|]+)`", README)
    assert common is not None
    timeline_row = next(line for line in README.splitlines() if line.startswith("| `kzil timeline`"))
    extra = re.findall(r"`--format ([a-z]+)`", timeline_row)
    listed = common.group(1).split("|")
    return {name: listed + (extra if name == "timeline" else []) for name in COMMAND_VIEWS}


def format_choices(command_name: str) -> list[str] | None:
    group = typer.main.get_command(app)
    command = group.get_command(typer.Context(group), command_name)  # type: ignore[attr-defined]
    assert command is not None
    for param in command.params:
        if param.name == "format":
            return list(param.type.choices)
    return None


def test_the_readme_lists_the_timeline_exports() -> None:
    assert readme_formats()["timeline"] == [
        "table",
        "json",
        "jsonl",
        "csv",
        "tsv",
        "markdown",
        "timelinejs",
        "ics",
    ]


@pytest.mark.parametrize("command_name", sorted(COMMAND_VIEWS))
def test_every_command_offers_exactly_the_formats_the_readme_lists(command_name: str) -> None:
    assert format_choices(command_name) == readme_formats()[command_name]


@pytest.mark.parametrize("command_name", ["validate", "schema"])
def test_curating_commands_have_no_format_option(command_name: str) -> None:
    assert format_choices(command_name) is None


@pytest.mark.parametrize("command_name", sorted(COMMAND_VIEWS))
def test_a_commands_choices_are_the_formats_whose_renderer_shows_its_view(command_name: str) -> None:
    view = COMMAND_VIEWS[command_name]
    assert format_choices(command_name) == [name for name, row in FORMATS.items() if view in row.views]


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_renderer_implements_exactly_the_views_of_its_row(name: str) -> None:
    row = FORMATS[name]
    module = __import__(row.module, fromlist=[row.renderer])
    renderer = getattr(module, row.renderer)
    assert issubclass(renderer, Renderer)
    implemented = {view for view in VIEWS if getattr(renderer, view) is not getattr(Renderer, view)}
    assert implemented == set(row.views)


def test_the_default_format_shows_every_view() -> None:
    assert FORMATS[formats.DEFAULT_FORMAT].views == set(VIEWS)


# The exports say which facts they could not place: their dates have an open or unknown end.
UNPLACED = "diplomatic-relations-34-years, ai-ministry-created"
NOTICES = {
    "ics": f"kzil: 2 facts with an open or unknown end of their date are not in the calendar: {UNPLACED}\n",
    "timelinejs": "kzil: 2 facts with an open or unknown end of their date are listed on the title slide, "
    f"not placed on the time axis: {UNPLACED}\n",
}


@pytest.mark.parametrize(
    ("command_name", "fmt"),
    [(name, fmt) for name, view in COMMAND_VIEWS.items() for fmt in formats.choices(view)],
)
def test_every_format_of_every_command_writes_something(tmp_path: Path, command_name: str, fmt: str) -> None:
    result = invoke(command_name, *ARGUMENTS.get(command_name, []), "--format", fmt, env=fake_env(tmp_path))
    assert (result.returncode, result.stderr) == (0, NOTICES.get(fmt, ""))
    assert result.out_bytes.strip()


def _imported_after(tmp_path: Path, *args: str) -> list[str]:
    """The kzil.render modules a run of `kzil ARGS` imported, in a fresh interpreter."""
    probe = (
        f"import sys; from kzil.cli import run; run({list(args)!r}); "
        "sys.stderr.write('\\n' + repr(sorted(m for m in sys.modules if m.startswith('kzil.render.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=clean_env(tmp_path), capture_output=True, text=True, check=True
    )
    imported: list[str] = json.loads(done.stderr.splitlines()[-1].replace("'", '"'))
    return imported


def test_the_json_path_imports_no_human_renderer(tmp_path: Path) -> None:
    imported = _imported_after(tmp_path, "sector", "water", "--json")
    assert "kzil.render.machine" in imported
    assert not {"kzil.render.human", "kzil.render.tables", "kzil.render.markdown"} & set(imported)
    assert "kzil.render.exports" not in imported


def test_a_format_imports_its_own_renderer_only(tmp_path: Path) -> None:
    imported = _imported_after(tmp_path, "timeline", "--format", "ics")
    assert "kzil.render.exports" in imported
    assert not {"kzil.render.human", "kzil.render.tables", "kzil.render.markdown"} & set(imported)
