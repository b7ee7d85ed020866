"""Shared options: a group's options join the command being built, after its own, with their values."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
import typer

from kzil.cli.sharing import add_shared, gathered, shared
from tests.support import fake_env, invoke


def loud(ctx: typer.Context, volume: Annotated[int, typer.Option("--volume", help="How loud.")] = 1) -> None:
    gathered(ctx).update(volume=volume)


@shared(loud)
def say(ctx: typer.Context, word: Annotated[str, typer.Argument()]) -> None:
    typer.echo(f"{word} at {gathered(ctx)['volume']}")


def test_a_group_adds_its_options_after_the_commands_own_and_converts_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = typer.Typer(add_completion=False)
    app.command()(say)
    command = add_shared(typer.main.get_command(app), say)
    assert [param.name for param in command.params] == ["word", "volume"]
    command.main(["hello", "--volume", "11"], prog_name="say", standalone_mode=False)
    assert capsys.readouterr().out == "hello at 11\n"  # an int, converted by Typer, reached the command


def test_a_command_without_groups_is_left_as_it_is() -> None:
    app = typer.Typer(add_completion=False)
    app.command()(loud)
    built = typer.main.get_command(app)
    assert add_shared(built, loud) is built and [p.name for p in built.params] == ["volume"]


def test_commands_receive_the_shared_options_converted(tmp_path: Path) -> None:
    # what `options_of` gathers is visible in the output: JSON in Russian from a reference list
    result = invoke("statuses", "-f", "json", "--lang", "ru", "--color", "never", env=fake_env(tmp_path))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith('[\n{"id": "happened", "label": "произошло", "symbol": "●"')
