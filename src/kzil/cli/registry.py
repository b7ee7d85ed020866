"""The Typer app that commands register with, and the help panels that group them."""

from __future__ import annotations

import typer

commands = typer.Typer()
QUESTIONS, REFERENCE, CURATING = "Questions", "Reference lists", "Curating the data"
PANELS = (QUESTIONS, REFERENCE, CURATING)  # the order of the panels in help
