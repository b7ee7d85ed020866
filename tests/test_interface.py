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


def _ids(tmp_path: Path, *args: str) -> list[str]:
    import json

    result = invoke(*args, "--json", env=fake_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return [fact["id"] for fact in json.loads(result.stdout)]


def test_search_matches_country_names_and_aliases_as_the_country_filter_does(tmp_path: Path) -> None:
    uae = ["regional-working-group-proposed"]
    assert _ids(tmp_path, "facts", "--country", "Emirates") == uae
    assert _ids(tmp_path, "search", "Emirates") == uae
    assert _ids(tmp_path, "search", "эмираты") == uae  # a Russian alias, in any case
    assert _ids(tmp_path, "search", "United", "Arab") == uae  # the English name
    assert _ids(tmp_path, "facts", "-q", "Morocco") == _ids(tmp_path, "facts", "-c", "MA")
