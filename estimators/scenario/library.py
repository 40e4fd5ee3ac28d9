"""The scenario library: named scenarios in SQLite, every save a new version.

One SQLite file in a per-user data directory (``HOSHU_DATA_DIR`` overrides it). SQLite gives the
guarantees a library needs: each save is one transaction (a process killed mid-save leaves the
last committed state, never half a scenario), the write-ahead log lets readers go on while one
session writes, and ``busy_timeout`` makes concurrent savers take turns instead of failing.
Names live in the database, never in file paths, so no name can reach outside the directory.

Files that are not ours stay untouched: whether a file is a Hoshu library is read from its
SQLite header (the ``application_id``) before SQLite opens it at all, so another application's
database (even one with a ``versions`` table) is refused without a byte written and without a
``-wal`` or ``-shm`` file appearing. Only a missing or empty file becomes a new library. SQLite is
given ``file:`` URIs built by :meth:`pathlib.Path.as_uri`, which escapes ``?`` and ``#``, so a
data directory named ``a?mode=rwc#x`` is that directory. A library whose file or folder cannot be
written is opened read-only. Every failure (a missing, unwritable or looping data directory, a
full disk) is a :class:`LibraryError` naming the path and what to do.

Each entry keeps its newest ``max_versions`` versions (100 by default): a save prunes older
ones, and :meth:`ScenarioLibrary.prune` keeps fewer and gives the space back to the disk.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
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
    "MAX_VERSIONS",
    "LibraryError",
    "ScenarioLibrary",
    "Version",
    "default_library_path",
    "safe_filename",
]

SCHEMA_VERSION = 1
APPLICATION_ID = 0x486F7368  # "Hosh"
MAX_NAME = 120
MAX_VERSIONS = 100  # versions kept per entry: 526 versions of a large scenario made 295 MB
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 105  # the 100-byte file header and page 1's b-tree header (its cell count)
LOW_SPACE = 1 << 20  # bytes free under which an I/O error is taken for a full disk
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
    """Named, versioned scenarios in one SQLite file.

    ``read_only`` is True when the file or its folder cannot be written: the library can then be
    read, and every change is refused with a LibraryError.
    """

    def __init__(self, path: str | Path | None = None,
                 max_versions: int = MAX_VERSIONS) -> None:
        self.path = Path(path) if path is not None else default_library_path()
        self.max_versions = max_versions
        self.read_only = False
        self._immutable = False
        self._prepare_folder()
        if self._is_new():
            self._create()
        else:
            self._open_existing()

    # ------------------------------------------------------------------ opening
    def _prepare_folder(self) -> None:
        """Make the data directory; LibraryError (with the reason and what to do) when it
        cannot be made or used: not creatable, a file, a symlink loop."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason: str = exc.strerror or str(exc)
            if isinstance(exc, FileExistsError):  # something is there: say what is wrong with it
                try:
                    os.stat(folder)
                    reason = Text("it is not a folder")
                except OSError as inner:  # e.g. a symlink loop
                    reason = inner.strerror or str(inner)
            raise LibraryError(Text(
                "the data directory {folder} cannot be used ({reason}); create it as a folder "
                "you can write to, or point HOSHU_DATA_DIR at one", folder=str(folder),
                reason=reason)) from None

    def _untouched(self, reason: str) -> LibraryError:
        return LibraryError(Text(
            "{path} is not a readable scenario library ({reason}); it was left untouched. "
            "Move it aside or point HOSHU_DATA_DIR elsewhere.", path=str(self.path),
            reason=reason))

    def _is_new(self) -> bool:
        """True for a missing or empty file (a new library); False for a Hoshu library.

        Anything else is refused, judged from the file's first bytes without SQLite opening
        it: SQLite would write to it (a reader of a WAL database makes a ``-shm`` file).
        """
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return True
        except OSError as exc:
            raise self._untouched(exc.strerror or str(exc)) from None
        if not stat.S_ISREG(info.st_mode):
            raise self._untouched(Text("it is not a regular file"))
        if info.st_size == 0:
            return True
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(HEADER_BYTES)
        except OSError as exc:
            raise self._untouched(exc.strerror or str(exc)) from None
        if len(header) < HEADER_BYTES or not header.startswith(SQLITE_MAGIC):
            raise self._untouched(Text("it is not an SQLite database"))
        application = int.from_bytes(header[68:72], "big")
        if application == APPLICATION_ID:
            schema = int.from_bytes(header[60:64], "big")
            if schema > SCHEMA_VERSION:
                raise LibraryError(Text(
                    "{path} was written by a newer Hoshu (library format {found}; this one "
                    "reads {known}); it was left untouched.", path=str(self.path),
                    found=schema, known=SCHEMA_VERSION))
            return False
        # An SQLite file without an application id and without a single table (page 1, the
        # schema's table, a leaf holding no cell) may become a library; nothing else may.
        wal = self.path.with_name(self.path.name + "-wal")
        empty = header[100] == 0x0D and header[103:105] == b"\x00\x00"
        if application == 0 and empty and not (wal.exists() and wal.stat().st_size > 0):
            return True
        raise LibraryError(Text("{path} is an SQLite file of another application; it was "
                                "left untouched.", path=str(self.path)))

    def _create(self) -> None:
        """Make the tables, stamp the application id, then switch the journal to WAL."""
        if not os.access(self.path.parent, os.W_OK):
            raise LibraryError(Text(
                "the data directory {folder} is not writable, so no scenario library can be "
                "made there; make it writable or point HOSHU_DATA_DIR at a folder you can "
                "write to", folder=str(self.path.parent)))
        with self._connect(write=True, create=True) as db:
            # Checked again inside the transaction: another session may have been first.
            application = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if application != APPLICATION_ID:
                if application != 0 or tables:
                    raise LibraryError(Text("{path} is an SQLite file of another application; "
                                            "it was left untouched.", path=str(self.path)))
                for statement in (
                    "CREATE TABLE scenarios (name TEXT PRIMARY KEY, created_at TEXT NOT NULL)",
                    "CREATE TABLE versions (name TEXT NOT NULL REFERENCES scenarios(name) "
                    "ON UPDATE CASCADE ON DELETE CASCADE, version INTEGER NOT NULL, "
                    "saved_at TEXT NOT NULL, note TEXT NOT NULL, body TEXT NOT NULL, "
                    "PRIMARY KEY (name, version))",
                    f"PRAGMA application_id={APPLICATION_ID}",
                    f"PRAGMA user_version={SCHEMA_VERSION}",
                ):
                    db.execute(statement)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")

    def _open_existing(self) -> None:
        """Open a Hoshu library: read-only when its file or folder cannot be written, and
        refused (untouched) when SQLite finds it damaged."""
        writable = os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        self.read_only = not writable
        # A read-only WAL database needs a -shm file that a read-only folder cannot hold;
        # "immutable" reads it without one (no one can write it there either).
        wal = self.path.with_name(self.path.name + "-wal")
        self._immutable = self.read_only and not wal.exists()
        try:
            db = self._open("rw")
            try:
                check = db.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                db.close()
        except sqlite3.OperationalError as exc:  # cannot open, busy, I/O: not the file's fault
            raise self._failure(exc) from None
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            check = str(exc)
        if check != "ok":
            raise LibraryError(Text("{path} is damaged ({check}); it was left untouched.",
                                    path=str(self.path), check=check))

    # ------------------------------------------------------------------ plumbing
    def _open(self, mode: str) -> sqlite3.Connection:
        """A connection in ``mode`` ("rw" or "rwc"; always "ro" for a read-only library).

        The path goes to SQLite as a ``file:`` URI built by ``as_uri``, which escapes ``?``,
        ``#`` and ``%``: written by hand, ``file:/data/a?mode=rwc#x/...`` would open ``/data/a``.
        """
        uri = f"{self.path.absolute().as_uri()}?mode={'ro' if self.read_only else mode}"
        if self._immutable:
            uri += "&immutable=1"
        db = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
        except BaseException:
            db.close()
            raise
        return db

    @contextmanager
    def _connect(self, write: bool = False,
                 create: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection for one operation; ``write`` makes the block one transaction (BEGIN
        IMMEDIATE, so concurrent savers take turns). SQLite's errors become LibraryError."""
        if write and self.read_only:
            raise self._read_only_error()
        db = None
        try:
            db = self._open("rwc" if create else "rw")
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
        except sqlite3.Error as exc:
            raise self._failure(exc) from None
        finally:
            if db is not None:
                db.close()

    def _read_only_error(self) -> LibraryError:
        return LibraryError(Text(
            "the library {path} is read-only (its file or folder cannot be written): it can "
            "be read but not changed; make both writable to save", path=str(self.path)))

    def _failure(self, exc: sqlite3.Error) -> LibraryError:
        """SQLite's error as the library's own, in words that say what to do."""
        code = getattr(exc, "sqlite_errorname", "") or ""
        reason = str(exc)
        if (code.startswith("SQLITE_FULL") or "disk is full" in reason
                or ((code.startswith("SQLITE_IOERR") or "disk I/O error" in reason)
                    and self._disk_nearly_full())):
            return LibraryError(Text(
                "the disk holding the library {path} is full; nothing was changed. Free some "
                "space, then try again", path=str(self.path)))
        if code.startswith("SQLITE_READONLY") or "readonly database" in reason:
            return self._read_only_error()
        if code.startswith("SQLITE_CANTOPEN") or "unable to open database file" in reason:
            return LibraryError(Text(
                "cannot open the library {path} ({reason}); check that it and its folder "
                "exist and can be read", path=str(self.path), reason=reason))
        return LibraryError(Text("the library {path} failed: {reason}", path=str(self.path),
                                 reason=reason))

    def _disk_nearly_full(self) -> bool:
        try:
            return shutil.disk_usage(self.path.parent).free < LOW_SPACE
        except OSError:
            return False

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
            self._drop_old_versions(db, self.max_versions, name)
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

    def prune(self, keep: int, name: str | None = None) -> int:
        """Keep the newest ``keep`` versions of ``name`` (of every entry by default), delete
        the older ones and give their space back to the disk; returns how many were deleted."""
        if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
            raise LibraryError(Text("prune keeps at least one version of each scenario"))
        with self._connect(write=True) as db:
            if name is not None and not db.execute("SELECT 1 FROM scenarios WHERE name=?",
                                                   (name,)).fetchone():
                raise LibraryError(Text("no scenario named '{name}' in the library", name=name))
            removed = self._drop_old_versions(db, keep, name)
        if removed:
            with self._connect() as db:
                db.execute("VACUUM")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    @staticmethod
    def _drop_old_versions(db: sqlite3.Connection, keep: int, name: str | None) -> int:
        """Delete all but the newest ``keep`` versions of ``name`` (of every entry if None)."""
        return db.execute(
            "DELETE FROM versions WHERE rowid IN (SELECT rowid FROM (SELECT rowid, "
            "row_number() OVER (PARTITION BY name ORDER BY version DESC) AS newest "
            "FROM versions WHERE ?1 IS NULL OR name = ?1) WHERE newest > ?2)",
            (name, keep)).rowcount


def safe_filename(name: str, suffix: str) -> str:
    """A download file name for a scenario name: letters, digits, '-', '_' and '.' only."""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip("._")
    return f"{stem[:80] or 'scenario'}{suffix}"
