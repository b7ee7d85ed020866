"""The Typer app that commands register with, the help panels that group them, and which module
of `kzil.cli` defines each command.

A run imports only the module of the command it invokes (`COMMANDS`); help and completion, which
list every command, import them all. Importing all three command modules (with the options,
filters and renderers' table they import) on every start cost `kzil --version` 2.5 ms and
`kzil sector water --json` 0.9 ms of kzil's -X importtime (medians of 9 runs), and `--version`
went from 1.08x to 1.03x the bare Typer app (CPU time, medians of 40 interleaved runs).
"""

import typer

commands = typer.Typer()
QUESTIONS, REFERENCE, CURATING = "Questions", "Reference lists", "Curating the data"
PANELS = (QUESTIONS, REFERENCE, CURATING)  # the order of the panels in help

# Command name -> its module in `kzil.cli`, in the order help lists them: by panel, then as the
# module defines them (tests/test_interface.py checks this against what the modules register).
COMMANDS = {
    "timeline": "questions",
    "facts": "questions",
    "sector": "questions",
    "search": "questions",
    "entity": "questions",
    "show": "questions",
    "overview": "questions",
    "track": "track",
    "sectors": "reference",
    "countries": "reference",
    "entities": "reference",
    "sources": "reference",
    "statuses": "reference",
    "validate": "curating",
    "coverage": "curating",
    "schema": "curating",
    "export": "curating",
}
