"""Atheris fuzz target for kzil's loader: bytes -> decode -> YAML nodes -> validated fact base.

Not run in CI. README: `pip install atheris`, `mkdir -p fuzz/corpus`, then
`python fuzz/fuzz_loader.py -max_total_time=600 -dict=fuzz/yaml.dict fuzz/corpus` (the bundled
data/facts.yaml is added to the corpus as a seed); replay files without atheris with
`python fuzz/fuzz_loader.py --replay FILE...`.

A finding is any exception other than kzil's own DataError, a DataError whose message is not one
safe line, a problem whose text is not one safe line, or a valid base whose JSON does not encode.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
if TYPE_CHECKING:
    from kzil.errors import Problem

sys.setrecursionlimit(10_000)  # as deep as a user's interpreter might allow

try:
    import atheris
except ImportError:  # replay mode works without it
    atheris = None

if atheris is not None:
    with atheris.instrument_imports():
        from kzil.errors import DataError
        from kzil.loading.files import decode
        from kzil.loading.merge import merge
        from kzil.loading.parts import read_parts
        from kzil.loading.yamlnodes import compose
        from kzil.render import records
else:
    from kzil.errors import DataError
    from kzil.loading.files import decode
    from kzil.loading.merge import merge
    from kzil.loading.parts import read_parts
    from kzil.loading.yamlnodes import compose
    from kzil.render import records

NAME = "fuzz.yaml"
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _one_safe_line(text: str, what: str) -> None:
    if UNSAFE.search(text) or "\n" in text:
        raise AssertionError(f"{what} is not one safe line: {text!r}")


def TestOneInput(data: bytes) -> None:
    try:
        root = compose(decode(data, NAME), NAME)
    except DataError as error:
        _one_safe_line(str(error), "error message")
        return
    problems: list[Problem] = []
    parts = read_parts(root, NAME, problems)
    base, _ = merge([parts], problems)
    for problem in problems:
        _one_safe_line(str(problem), "problem")
    if not problems:
        rows = [records.fact(fact, lang) for fact in base.facts for lang in ("en", "ru")]
        json.dumps(rows, ensure_ascii=False).encode("utf-8")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--replay":
        for path in sys.argv[2:]:
            TestOneInput(Path(path).read_bytes())
            print(f"ok {path}")
        return
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris (or use --replay FILE...)")
    corpus = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    if corpus:
        seed = Path(corpus[0]) / "bundled.yaml"
        if Path(corpus[0]).is_dir() and not seed.exists():
            seed.write_bytes((ROOT / "data" / "facts.yaml").read_bytes())
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
