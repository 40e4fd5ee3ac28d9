"""Scenario library: round trips, versions, concurrent saves, a real kill mid-save, bad files."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from estimators import ScenarioError, sample_paths, sample_scenario
from estimators.scenario.library import (
    LibraryError,
    ScenarioLibrary,
    default_library_path,
    safe_filename,
)


@pytest.fixture
def library(tmp_path):
    return ScenarioLibrary(tmp_path / "library.sqlite3")


@pytest.mark.parametrize("stem", sorted(sample_paths()))
def test_json_library_json_is_identical(library, stem):
    original = sample_paths()[stem].read_bytes()
    library.import_json("x", original)
    stored = library.load_json("x")
    assert json.loads(stored) == sample_scenario(stem).model_dump(mode="json")
    library.import_json("y", stored)
    assert library.load_json("y") == stored  # a second trip changes nothing, byte for byte
    assert library.load("y") == sample_scenario(stem)


def test_versions_are_kept_and_restorable(library):
    base = sample_scenario("home_delivery_cloud")
    assert library.save("Plan", base) == 1
    assert library.save("Plan", base.with_changes(**{"contract.monthly_fee": 1.0})) == 2
    assert [v.version for v in library.versions("Plan")] == [2, 1]
    assert library.load("Plan").contract.monthly_fee == 1.0
    assert library.restore("Plan", 1) == 3
    assert library.load("Plan") == base
    assert library.load("Plan", 2).contract.monthly_fee == 1.0
    assert library.versions("Plan")[0].note == "restored version 1"


def test_rename_duplicate_delete(library):
    library.save("A", sample_scenario("ecommerce_24x7"))
    library.duplicate("A", "B")
    library.rename("A", "C")
    assert library.names() == ["B", "C"]
    assert library.versions("C")[0].version == 1
    with pytest.raises(LibraryError, match="already exists"):
        library.rename("B", "C")
    library.delete("B")
    assert library.names() == ["C"]
    with pytest.raises(LibraryError, match="no scenario named 'B'"):
        library.load("B")


def test_invalid_json_is_refused_with_field_messages(library):
    data = sample_scenario("ecommerce_24x7").model_dump(mode="json")
    data["finance"]["horizon_years"] = 0
    with pytest.raises(ScenarioError) as info:
        library.import_json("bad", json.dumps(data))
    assert info.value.messages[0].startswith("finance.horizon_years")
    assert library.names() == []


def test_names_cannot_escape_the_directory(tmp_path):
    folder = tmp_path / "data"
    library = ScenarioLibrary(folder / "library.sqlite3")
    name = "../../etc/passwd"
    library.save(name, sample_scenario("ecommerce_24x7"))
    assert library.names() == [name]
    assert not (tmp_path / "etc").exists()
    assert {p.name for p in folder.iterdir()} <= {"library.sqlite3", "library.sqlite3-wal",
                                                  "library.sqlite3-shm"}
    assert safe_filename(name, ".json") == "etc_passwd.json"
    assert "/" not in safe_filename("a/b\\c", ".xlsx")


def test_corrupt_library_is_reported_and_untouched(tmp_path):
    path = tmp_path / "library.sqlite3"
    garbage = b"this is not sqlite" * 100
    path.write_bytes(garbage)
    with pytest.raises(LibraryError, match="left untouched"):
        ScenarioLibrary(path)
    assert path.read_bytes() == garbage


def test_data_directory_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HOSHU_DATA_DIR", str(tmp_path / "somewhere"))
    assert default_library_path() == tmp_path / "somewhere" / "library.sqlite3"


SAVER = textwrap.dedent("""
    import sys
    from estimators import sample_scenario
    from estimators.scenario.library import ScenarioLibrary
    library = ScenarioLibrary(sys.argv[1])
    base = sample_scenario("manufacturer_on_prem")
    for i in range(int(sys.argv[3])):
        version = library.save(sys.argv[2], base.with_changes(**{"contract.monthly_fee": i}))
        print(version, flush=True)
""")


def _saver(path, name, count):
    return subprocess.Popen([sys.executable, "-c", SAVER, str(path), name, str(count)],
                            stdout=subprocess.PIPE, text=True, cwd=os.getcwd())


def test_two_sessions_saving_at_once_lose_nothing(tmp_path):
    path = tmp_path / "library.sqlite3"
    ScenarioLibrary(path)
    savers = [_saver(path, "Shared", 40), _saver(path, "Shared", 40)]
    outputs = [p.communicate(timeout=120)[0].split() for p in savers]
    assert all(p.returncode == 0 for p in savers)
    library = ScenarioLibrary(path)
    versions = library.versions("Shared")
    assert len(versions) == 80
    assert sorted(int(v) for out in outputs for v in out) == list(range(1, 81))
    fees = sorted(library.load("Shared", v.version).contract.monthly_fee for v in versions)
    assert fees == sorted(list(range(40)) * 2)


def test_killed_mid_save_loses_nothing_saved_before(tmp_path):
    path = tmp_path / "library.sqlite3"
    ScenarioLibrary(path)
    saver = _saver(path, "Busy", 100_000)
    saved = []
    deadline = time.time() + 60
    while len(saved) < 25 and time.time() < deadline:
        saved.append(int(saver.stdout.readline()))
    saver.send_signal(signal.SIGKILL)  # a real kill, wherever the saver is
    saver.wait(timeout=30)
    assert len(saved) == 25
    library = ScenarioLibrary(path)  # readable: integrity checked on open
    versions = [v.version for v in library.versions("Busy")]
    assert set(saved) <= set(versions)  # every version reported saved is there
    assert versions == list(range(max(versions), 0, -1))  # no gap, no half version
    for version in versions:
        library.load("Busy", version)
    assert library.save("Busy", sample_scenario("manufacturer_on_prem")) == max(versions) + 1


@pytest.mark.parametrize(("name", "found"), [
    ("Plan\u200bA", "U+200B ZERO WIDTH SPACE"),
    ("Plan A\u200d", "U+200D ZERO WIDTH JOINER"),  # a trailing joiner
    ("\u202eA nalP", "U+202E RIGHT-TO-LEFT OVERRIDE"),  # reads "Plan A"
    ("Plan \u2067A\u2069", "U+2067 RIGHT-TO-LEFT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE"),
    ("\ufeffPlan A", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("Plan\u00adA", "U+00AD SOFT HYPHEN"),
    ("Plan\x00A", "U+0000"),
    ("Plan \ud800", "U+D800"),  # a lone surrogate (SQLite could not even store it)
])
def test_look_alike_names_are_refused(library, name, found):
    library.save("Plan A", sample_scenario("ecommerce_24x7"))
    for action in (lambda: library.save(name, sample_scenario("ecommerce_24x7")),
                   lambda: library.rename("Plan A", name),
                   lambda: library.duplicate("Plan A", name),
                   lambda: library.import_json(name, library.load_json("Plan A"))):
        with pytest.raises(LibraryError) as info:
            action()
        assert str(info.value) == ("a scenario name cannot hold invisible or control "
                                   f"characters; found {found}")
    assert library.names() == ["Plan A"]


def test_names_are_normalised_and_trimmed(library):
    """One name, one entry: composed and decomposed accents, other spaces and surrounding
    whitespace all reach the same name."""
    library.save("Caf\u00e9 plan", sample_scenario("ecommerce_24x7"))
    assert library.save("  Cafe\u0301\u00a0\tplan \n", sample_scenario("ecommerce_24x7")) == 2
    assert library.names() == ["Caf\u00e9 plan"]
    library.duplicate("Caf\u00e9 plan", "\u3000Ｐｌａｎ　２\u3000")  # full width stays full width
    assert library.names() == ["Caf\u00e9 plan", "Ｐｌａｎ ２"]
