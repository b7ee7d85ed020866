"""The compiled store in the cache: faster, and never stale, foreign or fatal."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from kzil.loading import cache, loader, schema
from kzil.loading import entries as stored_entries
from kzil.loading.store import Store, StoreDamaged
from kzil.model import FactBase
from tests.support import BUNDLED, HANG_SECONDS, KZIL, VALID, BigBase, Result, clean_env, fake_env, invoke


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "kzil"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def load(path: str) -> FactBase:
    """The library's load with the cache directory the CLI would use."""
    return loader.load([path], cache_dir=cache.directory(os.environ))


def summary(path: str) -> str:
    return load(path).facts[0].summary.en


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.sqlite")) if directory.is_dir() else []


def served(path: str) -> Store | None:
    """The cache's store for `path`, if it would be used."""
    opened = cache.Cache.open(str(cache.directory(os.environ)))
    assert opened is not None
    return stored_entries.cached(opened, [path])


def shown_summary(tmp_path: Path, path: str) -> str:
    """What `kzil show` answers, through the command line (which retries a damaged store)."""
    env = fake_env(tmp_path, {"XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]})
    result = invoke("--data", path, "show", "fact-one", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["summary"])


def test_a_second_load_is_served_from_the_cache(tmp_path: Path, cache_home: Path) -> None:
    path = write(tmp_path, VALID)
    first = load(path)
    assert len(entries(cache_home)) == 1
    store = served(path)
    assert store is not None
    again = store.base()
    assert list(again.facts) == list(first.facts)
    assert (again.sources, again.sectors, again.entities) == (first.sources, first.sectors, first.entities)


def test_an_edit_of_the_same_size_in_the_same_second_is_seen(tmp_path: Path, cache_home: Path) -> None:
    path = write(tmp_path, VALID)
    assert summary(path) == "A summary."
    before = os.stat(path)
    write(tmp_path, VALID.replace("A summary.", "B summary."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    assert summary(path) == "B summary."


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),
        lambda blob: b"garbage" * 100,
        lambda blob: blob[:20] + b"\x00" * 64 + blob[84:],
        lambda blob: blob + b"\x00" * 8192,
        lambda blob: blob.replace(b"A summary.", b"B summary."),  # still a readable database
    ],
    ids=["empty", "truncated", "last-byte-flipped", "garbage", "zeroed-header", "extended", "text-changed"],
)
def test_a_damaged_store_is_ignored(tmp_path: Path, cache_home: Path, damage: object) -> None:
    path = write(tmp_path, VALID)
    load(path)
    [entry] = entries(cache_home)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert shown_summary(tmp_path, path) == "A summary."
    assert shown_summary(tmp_path, path) == "A summary."


def test_a_changed_text_is_caught_by_its_checksum(tmp_path: Path, cache_home: Path) -> None:
    """Damage that leaves a valid database: the fact's checksum, not SQLite, finds it."""
    path = write(tmp_path, VALID)
    load(path)
    [entry] = entries(cache_home)
    entry.write_bytes(entry.read_bytes().replace(b"A summary.", b"B summary."))
    with sqlite3.connect(entry) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = served(path)
    assert store is not None
    with pytest.raises(StoreDamaged):
        list(store.base().facts)
    assert entries(cache_home) == []  # removed once found


def shown_facts(store: Store) -> list[str]:
    """The ids a timeline reads from `store`: its shown columns alone (`Store.shown`)."""
    return [item.id for item in store.shown("en", 'WHERE "date" IS NOT NULL', (), '"position"')]


@pytest.mark.parametrize(
    ("before", "after", "caught_by_timeline"),
    [(b"A summary.", b"B summary.", True), (b"quoted words", b"quoted wordz", False)],
    ids=["shown-column", "other-column"],
)
def test_a_timeline_checks_the_columns_it_reads_and_a_whole_row_all_of_them(
    tmp_path: Path, cache_home: Path, before: bytes, after: bytes, caught_by_timeline: bool
) -> None:
    """A timeline reads the shown columns with their own checksum; the row's checksum goes on
    from theirs over the others, so damage anywhere is caught by whatever reads it."""
    path = write(tmp_path, VALID)
    load(path)
    [entry] = entries(cache_home)
    store = served(path)
    assert store is not None
    assert shown_facts(store) == ["fact-one"]
    store.connection.close()
    entry.write_bytes(entry.read_bytes().replace(before, after))
    store = served(path)
    assert store is not None
    if caught_by_timeline:
        with pytest.raises(StoreDamaged, match="a fact's checksum does not match"):
            shown_facts(store)
        assert entries(cache_home) == []
        return
    assert shown_facts(store) == ["fact-one"]  # it does not show the quote
    with pytest.raises(StoreDamaged, match="a fact's checksum does not match"):
        list(store.base().facts)


def test_a_damaged_timeline_row_is_read_again_from_the_yaml(tmp_path: Path, cache_home: Path) -> None:
    path = write(tmp_path, VALID)

    def timeline() -> Result:
        return invoke(
            "--data", path, "timeline", env=fake_env(tmp_path, {"XDG_CACHE_HOME": str(cache_home.parent)})
        )

    first = timeline()
    [entry] = entries(cache_home)
    entry.write_bytes(entry.read_bytes().replace(b"A summary.", b"B summary."))
    again = timeline()
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")
    assert "A summary." in first.stdout


def test_a_store_of_another_kzil_version_or_layout_is_ignored(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, VALID)
    load(path)
    assert served(path) is not None
    monkeypatch.setattr(stored_entries, "__version__", "0.0.0-other")
    assert served(path) is None
    monkeypatch.undo()
    monkeypatch.setattr(schema, "schema_id", lambda: "0-00000000")
    assert served(path) is None


def test_a_planted_database_is_not_read(tmp_path: Path, cache_home: Path) -> None:
    """A SQLite file at the entry's name that kzil did not write: another application's, or a
    store of other data: neither is read."""
    path = write(tmp_path, VALID)
    load(path)
    [entry] = entries(cache_home)
    entry.unlink()
    with sqlite3.connect(entry) as connection:
        connection.execute("CREATE TABLE facts (summary_en TEXT)")
        connection.execute("INSERT INTO facts VALUES ('Planted.')")
    assert served(path) is None
    other = tmp_path / "other"
    other.mkdir()
    other_path = other / "facts.yaml"
    other_path.write_text(VALID.replace("A summary.", "Other data."), encoding="utf-8")
    load(str(other_path))
    [foreign] = [item for item in entries(cache_home) if item != entry]
    os.replace(foreign, entry)
    assert served(path) is None
    assert summary(path) == "A summary."


def test_an_unwritable_cache_directory_is_no_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = write(tmp_path, VALID)
    assert summary(path) == "A summary."
    assert summary(path) == "A summary."


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only directories")
def test_a_read_only_cache_directory_is_no_problem(tmp_path: Path, cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o555)
    path = write(tmp_path, VALID)
    assert summary(path) == "A summary."
    assert entries(cache_home) == []


def test_relative_xdg_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory(os.environ) == (
        f"{tmp_path}/.cache/kzil" if sys.platform.startswith("linux") else cache.directory(os.environ)
    )


@pytest.mark.parametrize("home", ["", "/", "relative/home", "~"])
def test_without_a_usable_home_there_is_no_cache_directory(
    home: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    assert cache.directory(os.environ) is None


def test_the_store_schema_has_a_column_for_every_field_of_the_model() -> None:
    """A field added to a record is a column without another line of code."""
    for table in schema.tables():
        for field in table.record._fields:  # type: ignore[attr-defined]
            assert any(item.name == field for item in table.fields), (table.name, field)
    assert [name for name, _, _ in schema.links()] == [
        "fact_sectors",
        "fact_countries",
        "fact_entities",
        "fact_follows",
    ]


# --- through the command line -------------------------------------------------------------------


def test_no_cache_option_and_variable_bypass_the_cache(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache" / "kzil"
    assert invoke("--no-cache", "sector", "water", "--json", env=fake_env(tmp_path)).returncode == 0
    assert entries(cache_dir) == []
    assert invoke("sector", "water", "--json", env=fake_env(tmp_path, {"KZIL_NO_CACHE": "1"})).returncode == 0
    assert entries(cache_dir) == []
    assert invoke("sector", "water", "--json", env=fake_env(tmp_path)).returncode == 0
    assert len(entries(cache_dir)) == 1


def test_a_cached_run_never_imports_the_yaml_parser(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    probe = (
        "import sys; from kzil.cli import run; code = run(['sector', 'water', '--json']); "
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'rich'))))"
    )
    import subprocess

    def modules() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        assert json.loads(done.stdout)[0]["sectors"].count("water") == 1
        return done.stderr

    assert "'yaml'" in modules()  # the first run parses
    assert modules() == "[]"  # later runs neither parse YAML nor load Rich


@pytest.mark.parametrize(
    ("args", "imported"),
    [
        (["--version"], []),
        (["schema"], []),
        (["sector", "water", "--json"], ["_sqlite3", "sqlite3"]),
        (["timeline"], ["_sqlite3", "sqlite3"]),
    ],
)
def test_sqlite3_is_imported_only_where_facts_are_read(
    tmp_path: Path, args: list[str], imported: list[str]
) -> None:
    """A cached run reads the store (sqlite3) and nothing heavier: neither YAML nor Rich, also for a
    timeline to a pipe; commands that read no facts do not even load sqlite3."""
    import subprocess

    env = clean_env(tmp_path)
    watched = ("sqlite3", "_sqlite3", "yaml", "rich")
    probe = (
        f"import sys; from kzil.cli import run; code = run({args!r}); "
        f"sys.stderr.write(repr(sorted({{m.split('.')[0] for m in sys.modules}} & {set(watched)!r})))"
    )
    subprocess.run(
        [sys.executable, "-m", "kzil", "sector", "water"], env=env, capture_output=True, check=True
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert done.stderr == repr(imported)


def test_cache_entries_hold_the_bundled_data_answer(tmp_path: Path) -> None:
    cold = invoke("sector", "water", "--json", env=fake_env(tmp_path))
    warm = invoke("sector", "water", "--json", env=fake_env(tmp_path))
    assert cold.stdout == warm.stdout
    assert [fact["id"] for fact in json.loads(warm.stdout)][:2] == [
        "regional-projects-potential",
        "water-mou-signed",
    ]
    assert BUNDLED.is_file()


def test_a_slow_first_parse_shows_progress_on_a_terminal_only(tmp_path: Path, big: BigBase) -> None:
    import pty
    import subprocess

    path = tmp_path / "big.yaml"  # a short name: the status line must fit on one terminal line
    path.write_bytes(big.path.read_bytes())
    water = [fact for fact in big.data["facts"] if "water" in fact["sectors"]]
    env = clean_env(tmp_path)
    args = [str(KZIL), "--data", str(path), "sector", "water", "--json"]
    piped = subprocess.run(args, env=env, capture_output=True, timeout=HANG_SECONDS)
    assert (piped.returncode, piped.stderr) == (0, b"")
    assert len(json.loads(piped.stdout)) == len(water)

    leader, follower = pty.openpty()
    with subprocess.Popen(
        [args[0], "--no-cache", *args[1:]], env=env, stdout=subprocess.DEVNULL, stderr=follower
    ) as process:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        assert process.wait(timeout=HANG_SECONDS) == 0
    os.close(leader)
    assert b"Reading " in shown and b"later runs use the cache" in shown
