"""The SQLite log store: one file, no server, safe for many seat processes at once.

WAL mode lets seats read while one writes; `synchronous=FULL` makes an accepted record
survive a power cut, not only a crashed process; every write is a `BEGIN IMMEDIATE`
transaction, so the check "the log has exactly `expected` records" and the insert are one
atomic step across processes. The primary key (table, seq) is the second line of defence.
The queries themselves are `SqlStore`'s, shared with PostgreSQL.

The file is the game: after every accepted record the WAL is checkpointed into the main
file, so a copy of the `.db` alone (even one taken after the host was killed) holds every
action; `backup` copies a live game consistently through SQLite's backup API. The file (and
with it SQLite's `-wal` and `-shm`, which take its permissions) is created readable by its
owner only: it holds every seat's private briefing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wargame.table.records import StoreError
from wargame.table.sql import SQLITE, Connection, SqlStore, T


class SqliteStore(SqlStore):
    """A `LogStore` in one SQLite file."""

    dialect = SQLITE
    integrity = (sqlite3.IntegrityError,)

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        self.url = str(path)
        self.where = str(path)
        if not create and not path.exists():
            raise StoreError(
                f"{path}: no such session database; start a session with "
                "`wargame host SCENARIO --db PATH`"
            )
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a session database file")
        if create:
            _create_private(path)
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(
                str(path), timeout=30.0, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the session database ({exc})") from None
        try:
            self._db.execute("PRAGMA busy_timeout = 30000")
            # Look before changing anything: a file of another program is refused untouched
            # (switching it to WAL would change it for good).
            fresh = self._check(create)
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            if fresh:
                self._prepare()
            elif not self._has_table(self._db, "join_tries"):
                self._transaction(self._upgrade, "upgrade")
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(
                f"{path}: not a readable session database ({exc}); "
                "give the .db file that `wargame host` printed"
            ) from None
        except BaseException:
            self._db.close()
            raise
        # When WAL is unavailable (a file system without shared memory) `mode` says so and
        # the store stays correct: every write is an immediate transaction; readers wait.
        self.wal = mode is not None and str(mode[0]).lower() == "wal"

    def _not_ours(self) -> StoreError:
        return StoreError(
            f"{self.path}: this SQLite file is not a wargame session database; "
            "give the .db file that `wargame host` printed"
        )

    def _has_table(self, db: sqlite3.Connection, name: str) -> bool:
        found = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return found is not None

    def _check(self, create: bool) -> bool:
        """Whether the file is empty and needs the schema; StoreError when it is not ours."""
        if not self._has_table(self._db, "meta"):
            others = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if others or not create:
                raise self._not_ours()
            return True
        self._check_meta(self._db)
        return False

    def _prepare(self) -> None:
        """Create the schema in an empty file (another process may just have done so)."""

        def prepare(db: Connection) -> None:
            assert isinstance(db, sqlite3.Connection)
            if self._has_table(db, "meta"):
                self._check_meta(db)
                return
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise self._not_ours()
            self._create_schema(db)

        self._transaction(prepare, "create")

    # -- plumbing --------------------------------------------------------------------------

    def _transaction(
        self,
        body: Callable[[Connection], T],
        doing: str = "write",
        *,
        expect: tuple[type[BaseException], ...] = (),
    ) -> T:
        """One immediate transaction: the write lock is taken before the first read.

        The driver's errors become StoreError, except IntegrityError, which the callers
        that expect one (a duplicate position or table) turn into their own refusal.
        """
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._cannot(doing, exc) from None
            try:
                result = body(self._db)
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error) and not isinstance(exc, expect):
                    raise self._cannot(doing, exc) from None
                raise
            return result

    def _cannot(self, doing: str, exc: sqlite3.Error) -> StoreError:
        hint = ""
        if "locked" in str(exc) or "busy" in str(exc):
            hint = "; another program holds the database locked: retry in a moment"
        elif "readonly" in str(exc):
            hint = "; the file or its folder is read-only: the host needs write access"
        return StoreError(f"{self.path}: cannot {doing} the session database ({exc}){hint}")

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the session database ({exc})") from None

    def _logged(self) -> None:
        """Move the new record from the WAL into the main file at once (not at SQLite's
        usual 1,000 pages), so the `.db` file alone is the whole game. PASSIVE: it never
        waits for a reader; a checkpoint it could not finish is completed by the next."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def backup(self, target: Path) -> None:
        """Copy the whole database to the new file `target` (readable by its owner only),
        consistently even while seats are playing: SQLite's online backup API."""
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise StoreError(f"{target}: already exists; give a new file name") from None
        except OSError as exc:
            raise StoreError(f"{target}: cannot create the backup ({exc.strerror})") from None
        os.close(fd)
        try:
            copy = sqlite3.connect(str(target))
            try:
                with self._lock:
                    self._db.backup(copy)
            finally:
                copy.close()
        except sqlite3.Error as exc:
            target.unlink(missing_ok=True)
            raise StoreError(f"{target}: the backup failed ({exc}); nothing was kept") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _create_private(path: Path) -> None:
    """Create an empty database file readable by its owner only (0600) unless it exists.

    SQLite gives its `-wal` and `-shm` files the permissions of the database file, so the
    whole game stays private; a file created by SQLite itself would follow the umask
    (usually readable by every user of the machine).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # sqlite3.connect says why, in the store's words
    os.close(fd)


def make_private(path: Path) -> list[Path]:
    """Take away other users' access to a database made by an older wargame (0644 then);
    return the files changed. Files of another owner are left alone (chmod would fail)."""
    changed = []
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = os.stat(file).st_mode & 0o777
            if mode & 0o077:
                os.chmod(file, mode & 0o700)
                changed.append(file)
        except OSError:
            continue
    return changed
