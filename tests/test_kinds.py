"""One registry of kinds (`kzil.model.KINDS`): every name it gives a kind is a real part of kzil."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzil.loading import loader
from kzil.loading.parts import TOP_FIELDS
from kzil.model import KINDS, STATUSES, FactBase, Kind
from kzil.query import LISTING_COMMAND, resolve
from tests.support import fake_env, invoke

BASE: FactBase = loader.load([loader.bundled_path()], use_cache=False)
ALL = pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))


@ALL
def test_a_kind_is_named_by_its_own_name(kind: Kind) -> None:
    assert KINDS[kind.name] is kind


@ALL
def test_a_kind_with_definitions_has_a_table_in_files_and_in_the_fact_base(kind: Kind) -> None:
    if kind.table is None:
        assert kind.name == "status"
        with pytest.raises(ValueError):
            BASE.table(kind.name)
        return
    assert kind.plural in TOP_FIELDS
    assert BASE.table(kind.name) is getattr(BASE, kind.table)
    assert BASE.table(kind.name)  # the bundled base defines some of each


@ALL
def test_a_kind_indexes_facts_by_what_they_name(kind: Kind) -> None:
    keys = list(BASE.table(kind.name)) if kind.table else list(STATUSES)
    total = sum(BASE.count_of(kind.name, key) for key in keys)
    if kind.name in ("source", "status"):  # every fact has exactly one
        assert total == len(BASE.facts)
    else:  # a fact's list of them, e.g. `sectors`
        assert total == sum(len(getattr(fact, kind.plural)) for fact in BASE.facts)


@ALL
def test_only_kinds_looked_up_by_name_have_names(kind: Kind) -> None:
    if kind.by_name:
        assert BASE.named(kind.name) is BASE.table(kind.name)
    else:
        with pytest.raises(ValueError):
            BASE.named(kind.name)


@ALL
def test_a_kinds_listing_command_lists_records_keyed_as_the_kind_says(kind: Kind, tmp_path: Path) -> None:
    assert kind.command == f"kzil {kind.plural}" == LISTING_COMMAND[kind.name]
    result = invoke(kind.plural, "--json", env=fake_env(tmp_path))
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    keys = list(BASE.table(kind.name)) if kind.table else list(STATUSES)
    assert [record[kind.key] for record in records] == keys


@ALL
def test_every_id_of_a_kind_resolves_to_itself(kind: Kind) -> None:
    keys = list(BASE.table(kind.name)) if kind.table else list(STATUSES)
    assert [resolve(BASE, kind.name, key) for key in keys] == keys
