"""The library API: what the README shows runs and prints what it says; `import kzil` stays cheap."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

import kzil
from kzil.errors import InvalidData
from tests.support import BUNDLED, ROOT, VALID

EXAMPLE = re.compile(
    r"## Using kzil from Python\n.*?```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```", re.DOTALL
)


def test_the_readme_example_prints_what_the_readme_shows() -> None:
    match = EXAMPLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert match, "the README lost its Python example"
    code, shown = match.groups()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue() == shown


def test_the_api_as_a_typed_user_calls_it(tmp_path: Path) -> None:
    base: kzil.FactBase = kzil.load()
    assert kzil.load(BUNDLED) == base  # paths may be Path objects
    filters: kzil.Filters = kzil.Filters.parse(base, sectors=["вода"], statuses=["happened"])
    chosen: Sequence[kzil.Fact] = kzil.select(base, filters)
    assert [(fact.id, fact.date, fact.status) for fact in chosen] == [
        ("water-mou-signed", "2025-11", "happened"),
        ("azerbaijan-precedent", None, "happened"),
    ]
    assert list(kzil.select(base, kzil.Filters())) == list(base.facts)
    mine = tmp_path / "mine.yaml"
    mine.write_text(VALID, encoding="utf-8")
    assert [fact.id for fact in kzil.load(mine, cache_dir=tmp_path / "cache").facts] == ["fact-one"]
    assert list((tmp_path / "cache").iterdir())  # the compiled copy was kept


def test_a_broken_file_raises_invalid_data_with_every_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(VALID.replace("status: happened", "status: done"), encoding="utf-8")
    with pytest.raises(InvalidData) as raised:
        kzil.load(broken)
    assert [(problem.line, problem.field) for problem in raised.value.problems] == [
        (27, "facts[fact-one].status")
    ]


def test_every_exported_name_resolves_and_is_listed() -> None:
    assert sorted(kzil.__all__) == ["Fact", "FactBase", "Filters", "__version__", "load", "select"]
    assert all(getattr(kzil, name) is not None for name in kzil.__all__)
    assert set(kzil.__all__) <= set(dir(kzil))
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = kzil.nothing
    assert (Path(kzil.__file__).parent / "py.typed").is_file()


def test_import_kzil_loads_no_api_until_a_name_is_used() -> None:
    # a process of its own: which modules get imported is the subject
    probe = (
        "import sys, kzil; before = sorted(m for m in sys.modules if m.startswith('kzil'));"
        " kzil.select; print(before, 'kzil.query' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout == "['kzil'] True\n"
