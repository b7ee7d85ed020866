"""Issue 10, items 6-9: the cache belongs to its user.

Nobody else can feed kzil a compiled store: the cache directory must be the user's own and
writable by nobody else, entries are opened without following links and only as regular files,
temporary files are created exclusively, the bytes that are fingerprinted are the bytes that are
parsed, and an interrupted write leaves nothing that lasts. Every case runs the installed console
script, as an attacker's victim would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.adversarial.adversarial_support import SMALL_BASE, describe, kz, write
from tests.support import KZIL, Result, clean_env

ANSWER = "English summary"


def cache_dir(tmp: Path) -> Path:
    return tmp / "cache" / "kzil"


def cache_files(tmp: Path) -> list[str]:
    folder = cache_dir(tmp)
    return sorted(os.listdir(folder)) if folder.is_dir() else []


def show(tmp: Path, name: str = "facts.yaml", **env: str) -> Result:
    result = kz(tmp, "--data", name, "show", "f1", "--json", extra_env=env)
    assert result.returncode == 0, describe(result)
    return result


def summary(tmp: Path, name: str = "facts.yaml", **env: str) -> str:
    result = kz(tmp, "--data", name, "show", "f1", "--json", extra_env=env)
    assert result.returncode == 0, describe(result)
    return str(json.loads(result.stdout)["summary"])


def entry_names(tmp: Path) -> list[str]:
    return [name for name in cache_files(tmp) if not name.startswith(".")]


# --- 6. the directory -------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722, 0o1777])
def test_a_cache_directory_others_can_write_to_is_not_used(tmp_path: Path, mode: int) -> None:
    write(tmp_path, "facts.yaml", SMALL_BASE)
    cache_dir(tmp_path).mkdir(parents=True)
    cache_dir(tmp_path).chmod(mode)
    for _ in range(2):
        result = kz(tmp_path, "--data", "facts.yaml", "show", "f1", "--json", extra_env={"KZIL_DEBUG": "1"})
        assert result.returncode == 0, describe(result)
        assert json.loads(result.stdout)["summary"] == ANSWER
        assert "writable by group or others" in result.stderr, describe(result)
    assert cache_files(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give it away")
def test_a_cache_directory_of_another_user_is_not_used(tmp_path: Path) -> None:
    write(tmp_path, "facts.yaml", SMALL_BASE)
    cache_dir(tmp_path).mkdir(parents=True, mode=0o700)
    os.chown(cache_dir(tmp_path), 65534, 65534)
    result = kz(tmp_path, "--data", "facts.yaml", "show", "f1", "--json", extra_env={"KZIL_DEBUG": "1"})
    assert result.returncode == 0 and json.loads(result.stdout)["summary"] == ANSWER, describe(result)
    assert "belongs to another user" in result.stderr, describe(result)
    assert cache_files(tmp_path) == []


def test_a_cache_directory_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    write(tmp_path, "facts.yaml", SMALL_BASE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "cache").mkdir()
    cache_dir(tmp_path).symlink_to(elsewhere)
    assert summary(tmp_path) == ANSWER
    assert os.listdir(elsewhere) == []


@pytest.mark.parametrize("home", ["", "/", "~", "relative/home"])
def test_without_a_usable_home_no_cache_is_written_anywhere(tmp_path: Path, home: str) -> None:
    """Never `./~/.cache` in the current directory, never `/.cache`."""
    write(tmp_path, "facts.yaml", SMALL_BASE)
    env = clean_env(tmp_path, {"HOME": home})
    del env["XDG_CACHE_HOME"]

    def root_cache() -> list[str] | None:
        return sorted(os.listdir("/.cache/kzil")) if os.path.isdir("/.cache/kzil") else None

    root_cache_before = root_cache()
    before = sorted(os.listdir(tmp_path))
    result = subprocess.run(
        [str(KZIL), "--data", "facts.yaml", "show", "f1", "--json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path)) == before
    assert root_cache() == root_cache_before


# --- 7. entries: no links followed, regular files only, exclusive creation --------------------------


def _built_entry(tmp_path: Path) -> str:
    """The name of the entry kzil writes for facts.yaml (built once, then the cache emptied)."""
    write(tmp_path, "facts.yaml", SMALL_BASE)
    assert summary(tmp_path) == ANSWER
    [name] = entry_names(tmp_path)
    return name


def test_an_entry_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    name = _built_entry(tmp_path)
    elsewhere = tmp_path / "elsewhere.db"
    os.replace(cache_dir(tmp_path) / name, elsewhere)
    (cache_dir(tmp_path) / name).symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    assert summary(tmp_path) == ANSWER
    assert not (cache_dir(tmp_path) / name).is_symlink()  # not read through: replaced by a new entry
    assert elsewhere.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("plant", ["fifo", "link-to-fifo", "link-to-dev-zero", "directory"])
def test_an_entry_that_is_not_a_regular_file_is_ignored_without_hanging(tmp_path: Path, plant: str) -> None:
    name = _built_entry(tmp_path)
    entry = cache_dir(tmp_path) / name
    entry.unlink()
    if plant == "fifo":
        os.mkfifo(entry)
    elif plant == "link-to-fifo":
        os.mkfifo(tmp_path / "fifo")
        entry.symlink_to(tmp_path / "fifo")
    elif plant == "link-to-dev-zero":
        entry.symlink_to("/dev/zero")
    else:
        entry.mkdir()
    assert summary(tmp_path) == ANSWER  # within the timeout: no read of a FIFO or of /dev/zero


def test_a_planted_temporary_file_or_link_is_never_written_through(tmp_path: Path) -> None:
    """Whatever sits in the cache directory under a temporary-looking name stays as it was."""
    write(tmp_path, "facts.yaml", SMALL_BASE)
    cache_dir(tmp_path).mkdir(parents=True, mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for pid in range(os.getpid(), os.getpid() + 50):
        (cache_dir(tmp_path) / f"link-{pid}.tmp").symlink_to(victim)
    assert summary(tmp_path) == ANSWER
    assert victim.read_text() == "precious"


# --- 8. the bytes fingerprinted are the bytes parsed -----------------------------------------------


def test_a_file_changing_during_runs_never_leaves_a_store_of_another_version(tmp_path: Path) -> None:
    """A writer rewrites the file in place between two versions of the same size, keeping its
    modification time (as `cp -p` or rsync would), while kzil runs; once it stops, kzil answers
    from the version on disk, never from a store built from the other one."""
    versions = [SMALL_BASE.replace(ANSWER, f"Version {letter} summary") for letter in "AB"]
    padding = "".join(f"# {'x' * 70}\n" for _ in range(5000))  # a file that takes a while to read
    contents = [(padding + version).encode() for version in versions]
    assert len(contents[0]) == len(contents[1])
    path = tmp_path / "facts.yaml"
    kept = time.time_ns() - 10**12

    def put(content: bytes) -> None:
        with open(path, "r+b" if path.exists() else "wb") as file:  # in place: same inode
            file.write(content)
        os.utime(path, ns=(kept, kept))

    for attempt in range(12):
        stop = threading.Event()

        def flip(stop: threading.Event = stop) -> None:
            i = 0
            while not stop.is_set():
                i += 1
                put(contents[i % 2])
                time.sleep(0.002)

        writer = threading.Thread(target=flip)
        writer.start()
        try:
            kz(tmp_path, "--data", "facts.yaml", "show", "f1", "--json", timeout=30)
        finally:
            stop.set()
            writer.join()
        final = attempt % 2
        put(contents[final])
        for _ in range(2):
            assert summary(tmp_path) == f"Version {'AB'[final]} summary", f"attempt {attempt}"


# --- 9. nothing lasting from an interrupted write; a bounded directory -------------------------------


def test_a_left_over_temporary_file_is_removed_by_a_later_run(tmp_path: Path) -> None:
    write(tmp_path, "facts.yaml", SMALL_BASE)
    cache_dir(tmp_path).mkdir(parents=True, mode=0o700)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = [
        f".00000000-1.sqlite.{dead.pid}.0badcafe.tmp",  # its writer is gone
        f".11111111-1.sqlite.{os.getpid()}.0badcafe.tmp",  # untouched for a day
        f"00000000-1.pickle.{dead.pid}.tmp",  # the earlier cache format's
    ]
    for name in left:
        (cache_dir(tmp_path) / name).write_bytes(b"half a store")
    day_ago = time.time() - 86400
    os.utime(cache_dir(tmp_path) / left[1], (day_ago, day_ago))
    assert summary(tmp_path) == ANSWER
    assert [name for name in cache_files(tmp_path) if name.endswith(".tmp")] == []


def test_a_write_killed_half_way_leaves_nothing_lasting(tmp_path: Path) -> None:
    """kzil killed while it writes a store: the next run reads the YAML and tidies up."""
    body = "".join(
        SMALL_BASE[SMALL_BASE.index("  - id: f1") :].replace("id: f1", f"id: f{i}") for i in range(2, 20000)
    )
    write(tmp_path, "facts.yaml", SMALL_BASE + body)
    process = subprocess.Popen(
        [str(KZIL), "--data", "facts.yaml", "facts", "--json"],
        env=clean_env(tmp_path),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if any(name.startswith(".") for name in cache_files(tmp_path)):
            process.kill()
            break
        time.sleep(0.01)
    process.wait()
    write(tmp_path, "other.yaml", SMALL_BASE)
    assert summary(tmp_path, "other.yaml") == ANSWER  # a run that writes tidies the directory
    assert [name for name in cache_files(tmp_path) if name.startswith(".")] == []


def test_old_entries_are_evicted(tmp_path: Path) -> None:
    write(tmp_path, "facts.yaml", SMALL_BASE)
    cache_dir(tmp_path).mkdir(parents=True, mode=0o700)
    old = time.time() - 86400
    for i in range(60):
        for name in (f"{i:08x}-1.sqlite", f"{i:08x}-1.pickle"):
            (cache_dir(tmp_path) / name).write_bytes(b"an old entry")
            os.utime(cache_dir(tmp_path) / name, (old + i, old + i))
    assert summary(tmp_path) == ANSWER
    assert 1 <= len(cache_files(tmp_path)) <= 16


# --- pins: the store is refreshed after an edit, and damage that keeps it readable is caught ----------


def _imports_yaml(tmp_path: Path) -> tuple[str, bool]:
    probe = (
        "import sys, json; sys.argv = ['kzil', '--data', 'facts.yaml', 'show', 'f1', '--json']; "
        "from kzil.cli import run; import io; "
        "code = run(sys.argv[1:]); sys.stderr.write(json.dumps('yaml' in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=clean_env(tmp_path), cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return str(json.loads(done.stdout)["summary"]), json.loads(done.stderr)


def test_the_store_is_refreshed_after_an_edit_and_then_read_instead_of_the_yaml(tmp_path: Path) -> None:
    write(tmp_path, "facts.yaml", SMALL_BASE)
    assert _imports_yaml(tmp_path) == (ANSWER, True)
    assert _imports_yaml(tmp_path) == (ANSWER, False)
    write(tmp_path, "facts.yaml", SMALL_BASE.replace(ANSWER, "Edited summary"))
    assert _imports_yaml(tmp_path) == ("Edited summary", True)
    assert _imports_yaml(tmp_path) == ("Edited summary", False)


def test_damage_that_keeps_the_store_readable_is_caught(tmp_path: Path) -> None:
    name = _built_entry(tmp_path)
    entry = cache_dir(tmp_path) / name
    blob = entry.read_bytes()
    assert blob.count(ANSWER.encode()) >= 1
    entry.write_bytes(blob.replace(ANSWER.encode(), b"Planted summary"[: len(ANSWER)]))
    assert summary(tmp_path) == ANSWER
    assert summary(tmp_path) == ANSWER
