"""`kzil validate` says every problem of a fact in one run: a field error does not hide a name."""

from __future__ import annotations

from pathlib import Path

from tests.support import VALID, fake_env, invoke, write


def test_a_field_error_does_not_hide_unknown_names_in_the_same_fact(tmp_path: Path) -> None:
    text = VALID.replace("status: happened", "status: bogus").replace(
        "    sectors: [water]\n    countries: [KZ]\n    entities: [someone]\n",
        "    sectors: [water, nosuch]\n    countries: [ZZ, KZ]\n    entities: [nobody]\n",
    )
    text = text.replace("    source: src-1\n    quote:", "    source: src-2\n    quote:")
    path = write(tmp_path, text)
    result = invoke("validate", path, env=fake_env(tmp_path))
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        f"{path}:24: facts[fact-one].source: unknown source 'src-2'; did you mean 'src-1'?; define it under 'sources'\n"
        f"{path}:27: facts[fact-one].status: 'bogus' is not one of: happened, ongoing, in-progress, "
        "scheduled, planned, proposed, intended, hoped, pending, cancelled, assessment\n"
        f"{path}:30: facts[fact-one].sectors[1]: unknown sector 'nosuch'; define it under 'sectors'\n"
        f"{path}:31: facts[fact-one].countries[0]: unknown country 'ZZ'; define it under 'countries'\n"
        f"{path}:32: facts[fact-one].entities[0]: unknown entity 'nobody'; define it under 'entities'\n"
        f"{path}: invalid: 5 problems\n"
    )


def test_a_bad_date_and_an_unknown_sector_are_both_reported(tmp_path: Path) -> None:
    text = VALID.replace("date: 2025-11", "date: 2025-13").replace("sectors: [water]", "sectors: [wter]")
    path = write(tmp_path, text)
    result = invoke("validate", path, env=fake_env(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        f"{path}:28: facts[fact-one].date: '2025-13': month 13 does not exist (01-12, or a season 21-24)",
        f"{path}:30: facts[fact-one].sectors[0]: unknown sector 'wter'; did you mean 'water'?; define it under 'sectors'",
    ]
