"""The command line: the Typer app, its commands and shared options, and `run`/`main`."""

from kzil.cli.app import main, run

__all__ = ["main", "run"]
