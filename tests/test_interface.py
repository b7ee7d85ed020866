"""Small interface promises: bare `kzil`, help wording, table titles, search over names."""

from __future__ import annotations

from pathlib import Path

from tests.support import fake_env, invoke


def test_bare_kzil_prints_the_help_alone_and_exits_0(tmp_path: Path) -> None:
    bare = invoke(env=fake_env(tmp_path, {"COLUMNS": "100"}))
    asked = invoke("--help", env=fake_env(tmp_path, {"COLUMNS": "100"}))
    assert (bare.returncode, bare.stderr) == (0, "")
    assert bare.stdout == asked.stdout
    assert "Usage: kzil [OPTIONS] COMMAND [ARGS]..." in bare.stdout
