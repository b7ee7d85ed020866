"""Running kzil's command line inside the fuzzing process, on a fake pipe or terminal.

Imported by the fuzz targets after they have set up atheris, so that kzil is instrumented.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import io
import pkgutil
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

try:
    import atheris
except ImportError:  # replay mode works without it
    atheris = None


def _import_all() -> None:
    """Every module of kzil, now: kzil imports most of them on first use (the invoked command's
    module, the renderers, the loader), which would be after the instrumented import below and
    leave the fuzzer blind (coverage 6 instead of about 150)."""
    import kzil

    for module in pkgutil.walk_packages(kzil.__path__, "kzil."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


if atheris is not None:
    with atheris.instrument_imports(include=["kzil"]):
        _import_all()
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


def fuzz(test: Callable[[bytes], None], prepare: Callable[[list[str]], None] | None = None) -> None:
    """A target's entry point: `--replay FILE...` runs `test` on each file (no atheris needed);
    otherwise libFuzzer runs it, after `prepare` has seen the command line (a seed to add)."""
    if len(sys.argv) > 1 and sys.argv[1] == "--replay":
        for path in sys.argv[2:]:
            test(Path(path).read_bytes())
            print(f"ok {path}")
        return
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris (or use --replay FILE...)")
    if prepare is not None:
        prepare(sys.argv[1:])
    atheris.Setup(sys.argv, test)
    atheris.Fuzz()
