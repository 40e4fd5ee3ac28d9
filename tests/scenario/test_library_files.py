"""The library and files that are not ours: refused untouched, odd data directories, a read-only
folder, a full disk, versions capped and pruned (issue 17 §2 and §6)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from functools import partial
from pathlib import Path

import pytest

from estimators import sample_scenario
from estimators.scenario import library as library_module
from estimators.scenario.library import (
    APPLICATION_ID,
    MAX_VERSIONS,
    LibraryError,
    ScenarioLibrary,
)

ROOT = Path(__file__).resolve().parents[2]
SIDE_FILES = ("-wal", "-shm", "-journal")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign_versions_table(path: Path) -> None:
    """The issue's case: another application's database that happens to have ``versions``."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE versions (id INTEGER PRIMARY KEY, tag TEXT)")
        db.execute("INSERT INTO versions(tag) VALUES ('v1.0')")
    db.close()


def _foreign_application_id(path: Path) -> None:
    """An empty database stamped by another application."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id=1234")
    db.execute("VACUUM")
    db.close()


def _foreign_wal(path: Path) -> None:
    """Another application's database in WAL mode: even reading it with SQLite in a writable
    folder would leave -wal and -shm files beside it."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE notes (body TEXT)")
    db.commit()
    db.close()


def _no_id_but_a_table(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE scenarios (name TEXT)")
    db.close()


@pytest.mark.parametrize("make", [_foreign_versions_table, _foreign_application_id, _foreign_wal,
                                  _no_id_but_a_table])
def test_another_applications_database_is_refused_byte_for_byte_untouched(tmp_path, make):
    path = tmp_path / "library.sqlite3"
    make(path)
    before = _digest(path)
    for _ in range(2):  # and again: the first refusal changed nothing the second could see
        with pytest.raises(LibraryError, match="another application; it was left untouched"):
            ScenarioLibrary(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite3"]


def test_a_newer_library_format_is_refused_untouched(tmp_path):
    path = tmp_path / "library.sqlite3"
    ScenarioLibrary(path)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    db.close()
    before = _digest(path)
    with pytest.raises(LibraryError, match="newer Hoshu"):
        ScenarioLibrary(path)
    assert _digest(path) == before


@pytest.mark.parametrize("content", ["empty file", "empty database"])
def test_an_empty_file_becomes_a_library(tmp_path, content):
    path = tmp_path / "library.sqlite3"
    if content == "empty file":
        path.write_bytes(b"")
    else:
        db = sqlite3.connect(path)
        db.execute("VACUUM")  # a valid database file without a single table
        db.close()
        assert path.stat().st_size > 0
    library = ScenarioLibrary(path)
    assert library.save("Plan", sample_scenario("ecommerce_24x7")) == 1
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()
    assert ScenarioLibrary(path).names() == ["Plan"]


@pytest.mark.parametrize("folder", ["a?mode=rwc#x", "b#c", "c%3Fd", "e f"])
def test_a_data_directory_with_uri_characters_is_that_directory(tmp_path, monkeypatch, folder):
    """``file:{path}?mode=ro`` built by hand read ``a?mode=rwc#x`` as the file ``a`` opened with
    mode=rwc: a stray file beside the data directory, and the guard checking the wrong file."""
    monkeypatch.setenv("HOSHU_DATA_DIR", str(tmp_path / folder))
    for _ in range(2):  # the second open goes through the check of an existing file
        library = ScenarioLibrary()
        library.save("Plan", sample_scenario("ecommerce_24x7"))
    assert library.path == tmp_path / folder / "library.sqlite3"
    assert [v.version for v in ScenarioLibrary().versions("Plan")] == [2, 1]
    assert [p.name for p in tmp_path.iterdir()] == [folder]


def test_a_foreign_database_behind_uri_characters_is_still_refused(tmp_path, monkeypatch):
    folder = tmp_path / "b#c"
    folder.mkdir()
    path = folder / "library.sqlite3"
    _foreign_versions_table(path)
    before = _digest(path)
    monkeypatch.setenv("HOSHU_DATA_DIR", str(folder))
    with pytest.raises(LibraryError, match="another application"):
        ScenarioLibrary()
    assert _digest(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["b#c"]
    assert [p.name for p in folder.iterdir()] == ["library.sqlite3"]


# ---------------------------------------------------------------- data directories that fail
def test_a_symlink_loop_is_a_library_error_naming_the_directory(tmp_path, monkeypatch):
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    for data in (loop, loop / "deeper"):
        monkeypatch.setenv("HOSHU_DATA_DIR", str(data))
        with pytest.raises(LibraryError) as info:
            ScenarioLibrary()
        message = str(info.value)
        assert str(data) in message and "HOSHU_DATA_DIR" in message
        assert "symbolic links" in message or "loop" in message.lower()


def test_a_file_where_the_directory_should_be(tmp_path, monkeypatch):
    (tmp_path / "data").write_text("not a folder")
    monkeypatch.setenv("HOSHU_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(LibraryError, match="cannot be used"):
        ScenarioLibrary()
    assert (tmp_path / "data").read_text() == "not a folder"


@pytest.mark.parametrize("what", ["a directory", "a FIFO"])
def test_a_library_path_that_is_not_a_file_is_refused(tmp_path, what):
    path = tmp_path / "library.sqlite3"
    if what == "a directory":
        path.mkdir()
    else:
        os.mkfifo(path)  # opening it to read the header would wait for a writer forever
    with pytest.raises(LibraryError, match="not a regular file"):
        ScenarioLibrary(path)


UNPRIVILEGED = textwrap.dedent("""
    import json, sys
    from estimators import sample_scenario
    from estimators.scenario.library import LibraryError, ScenarioLibrary
    out = {}
    try:
        library = ScenarioLibrary(sys.argv[1])
        out["read_only"] = library.read_only
        out["names"] = library.names()
        out["loaded"] = library.load("Plan").name if "Plan" in out["names"] else None
        library.save("Plan", sample_scenario("ecommerce_24x7"))
        out["saved"] = True
    except LibraryError as exc:
        out["error"] = str(exc)
    print(json.dumps(out))
""")


def _unprivileged(path: Path) -> dict:
    """Open the library at ``path`` in a process that permissions apply to, and try a save.

    As root, chmod denies nothing, so the child runs with CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH dropped (``setpriv``); without setpriv the case is skipped.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root, where chmod denies nothing, and setpriv (to drop "
                        "CAP_DAC_OVERRIDE) is not installed")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]
    result = subprocess.run([*prefix, sys.executable, "-c", UNPRIVILEGED, str(path)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    if result.returncode != 0 and "setpriv" in result.stderr:
        pytest.skip(f"cannot drop root's capabilities here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def locked(tmp_path):
    """chmod a folder read-only for the test, and back afterwards (so tmp_path can be removed)."""
    folders = []

    def lock(folder: Path) -> Path:
        folder.chmod(0o555)
        folders.append(folder)
        return folder

    yield lock
    for folder in folders:
        folder.chmod(0o755)


def test_a_read_only_folder_holding_a_library_is_read_not_written(tmp_path, locked):
    folder = tmp_path / "data"
    path = folder / "library.sqlite3"
    ScenarioLibrary(path).save("Plan", sample_scenario("ecommerce_24x7"))
    before = _digest(path)
    locked(folder)
    got = _unprivileged(path)
    assert got["read_only"] is True
    assert got["names"] == ["Plan"] and got["loaded"] == sample_scenario("ecommerce_24x7").name
    assert "saved" not in got and "read-only" in got["error"] and str(path) in got["error"]
    assert _digest(path) == before


def test_a_read_only_folder_without_a_library(tmp_path, locked):
    (tmp_path / "empty").mkdir()
    locked(tmp_path / "empty")
    got = _unprivileged(tmp_path / "empty" / "library.sqlite3")
    assert "not writable" in got["error"] and "HOSHU_DATA_DIR" in got["error"]
    assert list((tmp_path / "empty").iterdir()) == []


def test_a_missing_data_directory_that_cannot_be_made(tmp_path, locked):
    (tmp_path / "parent").mkdir()
    locked(tmp_path / "parent")
    got = _unprivileged(tmp_path / "parent" / "new" / "library.sqlite3")
    assert "cannot be used" in got["error"] and str(tmp_path / "parent" / "new") in got["error"]


# ---------------------------------------------------------------- a full disk
class _Full(sqlite3.Connection):
    """A connection whose writes fail as SQLite's do on a full disk."""

    error = "database or disk is full"

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith(("INSERT", "DELETE", "UPDATE")):
            raise sqlite3.OperationalError(self.error)
        return super().execute(sql, *args)


def test_a_full_disk_says_so(tmp_path, monkeypatch):
    library = ScenarioLibrary(tmp_path / "library.sqlite3")
    library.save("Plan", sample_scenario("ecommerce_24x7"))
    monkeypatch.setattr(library_module.sqlite3, "connect",
                        partial(sqlite3.connect, factory=_Full))
    with pytest.raises(LibraryError) as info:
        library.save("Plan", sample_scenario("manufacturer_on_prem"))
    message = str(info.value)
    assert "disk" in message and "full" in message and "I/O" not in message
    assert "Free some space" in message and str(library.path) in message
    monkeypatch.undo()
    assert [v.version for v in library.versions("Plan")] == [1]


def test_an_io_error_on_a_nearly_full_disk_says_disk_full(tmp_path, monkeypatch):
    library = ScenarioLibrary(tmp_path / "library.sqlite3")

    class IOError_(_Full):
        error = "disk I/O error"

    monkeypatch.setattr(library_module.sqlite3, "connect",
                        partial(sqlite3.connect, factory=IOError_))
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(library_module.shutil, "disk_usage",
                        lambda _: usage._replace(free=4096))
    with pytest.raises(LibraryError, match="is full"):
        library.save("Plan", sample_scenario("ecommerce_24x7"))
    monkeypatch.setattr(library_module.shutil, "disk_usage", lambda _: usage)
    if usage.free > library_module.LOW_SPACE:  # with room to spare, an I/O error is one
        with pytest.raises(LibraryError, match="disk I/O error"):
            library.save("Plan", sample_scenario("ecommerce_24x7"))


# ---------------------------------------------------------------- versions capped and pruned
def test_saves_keep_the_newest_versions_only(tmp_path):
    assert MAX_VERSIONS == 100
    assert ScenarioLibrary(tmp_path / "default.sqlite3").max_versions == MAX_VERSIONS
    library = ScenarioLibrary(tmp_path / "library.sqlite3", max_versions=3)
    base = sample_scenario("ecommerce_24x7")
    for fee in range(1, 6):
        library.save("Plan", base.with_changes(**{"contract.monthly_fee": float(fee)}))
    library.save("Other", base)
    assert [v.version for v in library.versions("Plan")] == [5, 4, 3]
    assert library.load("Plan", 3).contract.monthly_fee == 3.0
    assert [v.version for v in library.versions("Other")] == [1]
    with pytest.raises(LibraryError, match="version 2"):
        library.load_json("Plan", 2)
    assert library.save("Plan", base) == 6  # numbering goes on


def _on_disk(path: Path) -> int:
    """Bytes the library takes, its -wal and -shm files included."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
               if p.exists())


def test_prune_keeps_the_newest_and_gives_the_space_back(tmp_path):
    path = tmp_path / "library.sqlite3"
    library = ScenarioLibrary(path)
    base = sample_scenario("manufacturer_on_prem")
    padded = base.model_dump(mode="json")
    padded["notes"] = "x" * 19_000  # large versions, as in the 295 MB file
    for i in range(12):
        padded["contract"]["monthly_fee"] = float(i)
        library.save("Plan", json.dumps(padded))
        library.save("Other", json.dumps(padded))
    grown = _on_disk(path)
    assert library.prune(keep=2, name="Plan") == 10
    assert [v.version for v in library.versions("Plan")] == [12, 11]
    assert len(library.versions("Other")) == 12
    assert library.prune(keep=1) == 1 + 11
    assert [v.version for v in library.versions("Other")] == [12]
    assert _on_disk(path) < grown / 3
    assert library.prune(keep=1) == 0
    with pytest.raises(LibraryError, match="no scenario named 'Nope'"):
        library.prune(keep=1, name="Nope")
    with pytest.raises(LibraryError, match="at least one"):
        library.prune(keep=0)
