"""Atheris fuzz target for reading fact-base files: any bytes, through `kzil validate` and a listing.

The bytes are written to a file and read by the command line in this process, as a user's file
would be. Whatever they hold, `validate` exits 0 or 1 and lists each problem as one safe
`file:line: ...` line (no control, bidirectional or invisible character, see `invariants.py`)
followed by its summary, or says on one safe line why the file cannot be read; never an internal
error. A valid file's facts come back as JSON, as many as `validate` counted.

Run in CI for a bounded time (`.ci/run`): `python fuzz/fuzz_loader.py -max_total_time=60
-dict=fuzz/yaml.dict NEW_DIR fuzz/corpus/loader` (libFuzzer writes what it finds to NEW_DIR and
reads the committed seeds, to which the bundled data/facts.yaml is added); replay files without
atheris with `python fuzz/fuzz_loader.py --replay FILE...`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.setrecursionlimit(10_000)  # as deep as a user's interpreter might allow

import invariants  # noqa: E402  (after the path is set)
from inprocess import DATA, fuzz, kzil  # noqa: E402

PROBLEM = re.compile(r".+:\d+: ")
VALID = re.compile(r": valid: (\d+) facts?,")


def TestOneInput(data: bytes) -> None:
    DATA.write_bytes(data)
    status, out, err = kzil("validate")
    if "internal error" in err or status not in (0, 1):
        raise AssertionError(f"exit {status}: {err}")
    if err:  # the file cannot be read at all: one line, nothing on stdout
        assert status == 1 and out == "" and err.startswith("kzil: error: "), (status, out, err)
        invariants.one_safe_line(err.removesuffix("\n"), "error")
        return
    lines = out.removesuffix("\n").split("\n")
    for line in lines:
        invariants.one_safe_line(line, "validate")
    for line in lines[:-1]:
        assert PROBLEM.match(line), f"not file:line: {line!r}"
    counted = VALID.search(lines[-1])
    assert (status == 0) == (counted is not None) == (len(lines) == 1), out
    if counted:
        status, out, err = kzil("facts", "--json")
        assert status == 0 and err in ("", "kzil: no facts match; 'kzil facts' lists them all\n"), err
        assert len(json.loads(out)) == int(counted.group(1))


def add_bundled_seed(arguments: list[str]) -> None:
    """The bundled fact base joins the corpus directory (the first one named) as a seed."""
    corpus = [arg for arg in arguments if not arg.startswith("-")]
    if corpus and Path(corpus[0]).is_dir():
        seed = Path(corpus[0]) / "bundled.yaml"
        if not seed.exists():
            seed.write_bytes((ROOT / "data" / "facts.yaml").read_bytes())


def main() -> None:
    fuzz(TestOneInput, add_bundled_seed)


if __name__ == "__main__":
    main()
