"""Running kzil's command line inside the fuzzing process, on a fake pipe or terminal.

Imported by the fuzz targets after they have set up atheris, so that kzil is instrumented.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

try:
    import atheris
except ImportError:  # replay mode works without it
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["kzil"]):
        from kzil.cli import run
        from kzil.cli.env import Env
else:
    from kzil.cli import run
    from kzil.cli.env import Env

WORK = Path(tempfile.mkdtemp(prefix="kzil-fuzz-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
DATA = WORK / "fuzz.yaml"


class _Stream(io.TextIOWrapper):
    def __init__(self, tty: bool) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", write_through=True)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def text(self) -> str:
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode("utf-8")


def kzil(*args: str, colour: bool = False) -> tuple[int, str, str]:
    """`kzil --no-cache --data DATA ARGS` in this process, on a fake terminal when `colour`, else a
    pipe: (exit status, stdout, stderr)."""
    out, err = _Stream(colour), _Stream(False)
    environ = {"XDG_CACHE_HOME": str(WORK / "cache"), "HOME": str(WORK), "COLUMNS": "60", "TERM": "xterm"}
    env = Env(out, err, environ, colour, False, 60 if colour else None, date(2026, 11, 25))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run(["--no-cache", "--data", str(DATA), *args], env)
    return status, out.text(), err.text()
