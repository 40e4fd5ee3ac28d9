"""The scenario library: named scenarios in SQLite, every save a new version.

One SQLite file in a per-user data directory (``HOSHU_DATA_DIR`` overrides it). SQLite gives the
guarantees a library needs: each save is one transaction (a process killed mid-save leaves the
last committed state, never half a scenario), the write-ahead log lets readers go on while one
session writes, and ``busy_timeout`` makes concurrent savers take turns instead of failing.
Names live in the database, never in file paths, so no name can reach outside the directory.
A file that is not a Hoshu library is reported and left untouched.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from estimators.scenario import Scenario
from estimators.scenario.loading import parse_scenario
from estimators.text import Text

__all__ = [
    "LibraryError",
    "ScenarioLibrary",
    "Version",
    "default_library_path",
    "safe_filename",
]

SCHEMA_VERSION = 1
APPLICATION_ID = 0x486F7368  # "Hosh"
MAX_NAME = 120
HIDDEN = {"Cc", "Cf", "Cs"}
"""Unicode categories no name may hold: controls, format characters (zero-width, joiners,
bidirectional controls, BOM) and lone surrogates."""


class LibraryError(ValueError):
    """The library cannot do what was asked; the message says why."""


@dataclass(frozen=True)
class Version:
    """One saved version of a scenario."""

    name: str
    version: int
    saved_at: str
    note: str


def default_library_path() -> Path:
    """``$HOSHU_DATA_DIR/library.sqlite3``, else the platform's per-user data directory."""
    configured = os.environ.get("HOSHU_DATA_DIR")
    if configured:
        base = Path(configured).expanduser()
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home())) / "Hoshu"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "Hoshu"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "hoshu"
    return base / "library.sqlite3"


class ScenarioLibrary:
    """Named, versioned scenarios in one SQLite file."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_library_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._check_existing()
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(f"""
                CREATE TABLE IF NOT EXISTS scenarios (
                    name TEXT PRIMARY KEY, created_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS versions (
                    name TEXT NOT NULL REFERENCES scenarios(name) ON UPDATE CASCADE
                        ON DELETE CASCADE,
                    version INTEGER NOT NULL, saved_at TEXT NOT NULL, note TEXT NOT NULL,
                    body TEXT NOT NULL, PRIMARY KEY (name, version));
                PRAGMA application_id={APPLICATION_ID};
                PRAGMA user_version={SCHEMA_VERSION};
            """)

    # ------------------------------------------------------------------ plumbing
    def _check_existing(self) -> None:
        """Refuse (and never touch) a file that exists but is not a readable Hoshu library."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        try:
            with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as db:
                app = db.execute("PRAGMA application_id").fetchone()[0]
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
                check = db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise LibraryError(Text(
                "{path} is not a readable scenario library ({reason}); it was left untouched. "
                "Move it aside or point HOSHU_DATA_DIR elsewhere.", path=str(self.path),
                reason=str(exc))) from None
        if app not in (0, APPLICATION_ID) or (app == 0 and tables and "versions" not in tables):
            raise LibraryError(Text("{path} is an SQLite file of another application; it was "
                                    "left untouched.", path=str(self.path)))
        if check != "ok":
            raise LibraryError(Text("{path} is damaged ({check}); it was left untouched.",
                                    path=str(self.path), check=check))

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
            if write:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            else:
                yield db
        except sqlite3.DatabaseError as exc:
            raise LibraryError(Text("the library {path} failed: {reason}", path=str(self.path),
                                    reason=str(exc))) from None
        finally:
            db.close()

    @staticmethod
    def _check_name(name: str) -> str:
        """The name as stored: NFC-normalised, runs of whitespace made one space, the ends
        trimmed. Refused when empty, too long, or holding a character that shows nothing or
        reorders the text (Unicode Cc, Cf, Cs: zero-width spaces and joiners, bidirectional
        overrides and isolates, the byte-order mark): with one, two names that read the same,
        or a name that reads as another, could be told apart only by the machine."""
        clean = " ".join(unicodedata.normalize("NFC", str(name)).split())
        if not clean:
            raise LibraryError(Text("a scenario name cannot be empty"))
        if len(clean) > MAX_NAME:
            raise LibraryError(Text("a scenario name has at most {n} characters", n=MAX_NAME))
        hidden = dict.fromkeys(c for c in clean if unicodedata.category(c) in HIDDEN)
        if hidden:
            raise LibraryError(Text(
                "a scenario name cannot hold invisible or control characters; found {found}",
                found=", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip()
                                for c in hidden)))
        return clean

    @staticmethod
    def _now() -> str:
        return datetime.now(UTC).isoformat(timespec="seconds")

    # ------------------------------------------------------------------ reading
    def names(self) -> list[str]:
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT name FROM scenarios ORDER BY name")]

    def __contains__(self, name: str) -> bool:
        return name in self.names()

    def versions(self, name: str) -> list[Version]:
        """Every saved version, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT name, version, saved_at, note FROM versions WHERE name=? "
                              "ORDER BY version DESC", (name,)).fetchall()
        if not rows:
            raise LibraryError(Text("no scenario named '{name}' in the library", name=name))
        return [Version(*r) for r in rows]

    def load_json(self, name: str, version: int | None = None) -> str:
        """The stored JSON of a version (the latest by default), exactly as saved."""
        with self._connect() as db:
            if version is None:
                row = db.execute("SELECT body FROM versions WHERE name=? ORDER BY version DESC "
                                 "LIMIT 1", (name,)).fetchone()
            else:
                row = db.execute("SELECT body FROM versions WHERE name=? AND version=?",
                                 (name, version)).fetchone()
        if row is None:
            which = "" if version is None else Text(" version {v}", v=version)
            raise LibraryError(Text("no scenario named '{name}'{which} in the library", name=name,
                                    which=which))
        return row[0]

    def load(self, name: str, version: int | None = None) -> Scenario:
        return parse_scenario(self.load_json(name, version), source=f"library:{name}")

    # ------------------------------------------------------------------ writing
    def save(self, name: str, scenario: Scenario | str, note: str = "") -> int:
        """Save a new version (validated first); returns its number."""
        name = self._check_name(name)
        body = scenario if isinstance(scenario, str) else scenario.model_dump_json(indent=2)
        parse_scenario(body, source=name)  # never store what cannot be loaded back
        with self._connect(write=True) as db:
            db.execute("INSERT OR IGNORE INTO scenarios(name, created_at) VALUES (?, ?)",
                       (name, self._now()))
            latest = db.execute("SELECT COALESCE(MAX(version), 0) FROM versions WHERE name=?",
                                (name,)).fetchone()[0]
            db.execute("INSERT INTO versions(name, version, saved_at, note, body) "
                       "VALUES (?, ?, ?, ?, ?)", (name, latest + 1, self._now(), note, body))
        return latest + 1

    def import_json(self, name: str, raw: bytes | str, note: str = "imported") -> int:
        """Validate scenario JSON (bytes or text) and save it; ScenarioError lists problems."""
        scenario = parse_scenario(raw, source=name)
        return self.save(name, scenario, note)

    def restore(self, name: str, version: int) -> int:
        """Save an old version again as the newest; returns the new version number."""
        return self.save(name, self.load_json(name, version), note=f"restored version {version}")

    def duplicate(self, name: str, new_name: str) -> int:
        new_name = self._check_name(new_name)
        if new_name in self:
            raise LibraryError(Text("a scenario named '{name}' already exists", name=new_name))
        return self.save(new_name, self.load_json(name), note=f"copy of {name}")

    def rename(self, name: str, new_name: str) -> None:
        new_name = self._check_name(new_name)
        with self._connect(write=True) as db:
            if db.execute("SELECT 1 FROM scenarios WHERE name=?", (new_name,)).fetchone():
                raise LibraryError(Text("a scenario named '{name}' already exists", name=new_name))
            if db.execute("UPDATE scenarios SET name=? WHERE name=?",
                          (new_name, name)).rowcount == 0:
                raise LibraryError(Text("no scenario named '{name}' in the library", name=name))

    def delete(self, name: str) -> None:
        with self._connect(write=True) as db:
            if db.execute("DELETE FROM scenarios WHERE name=?", (name,)).rowcount == 0:
                raise LibraryError(Text("no scenario named '{name}' in the library", name=name))


def safe_filename(name: str, suffix: str) -> str:
    """A download file name for a scenario name: letters, digits, '-', '_' and '.' only."""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip("._")
    return f"{stem[:80] or 'scenario'}{suffix}"
