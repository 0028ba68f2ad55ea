"""The SQLite log store: one file, no server, safe for many seat processes at once.

WAL mode lets seats read while one writes; `synchronous=FULL` makes an accepted record
survive a power cut, not only a crashed process; every write is a `BEGIN IMMEDIATE`
transaction, so the check "the log has exactly `expected` records" and the insert are one
atomic step across processes. The primary key (table, seq) is the second line of defence.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wargame.table.records import (
    RECORD_KINDS,
    Conflict,
    RecordKind,
    SeatTaken,
    StoreError,
    TableInfo,
    TableRecord,
    record_from_row,
    table_info_from_row,
)

STORE_FORMAT = "wargame-table"
STORE_VERSION = "1"
FAILED_JOINS_KEPT = 3600.0
"""Seconds a wrong join code is remembered (only the last minute counts for throttling)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tables (
    id TEXT PRIMARY KEY, created REAL NOT NULL, document TEXT NOT NULL, settings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    table_id TEXT NOT NULL REFERENCES tables(id), seq INTEGER NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, seat TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (table_id, seq)
);
CREATE TABLE IF NOT EXISTS codes (
    table_id TEXT NOT NULL REFERENCES tables(id), code_hash TEXT NOT NULL, seat TEXT NOT NULL,
    PRIMARY KEY (table_id, code_hash)
);
CREATE TABLE IF NOT EXISTS leases (
    table_id TEXT NOT NULL REFERENCES tables(id), seat TEXT NOT NULL, holder TEXT NOT NULL,
    beat REAL NOT NULL, PRIMARY KEY (table_id, seat)
);
CREATE TABLE IF NOT EXISTS failed_joins (table_id TEXT NOT NULL, at REAL NOT NULL);
"""


class SqliteStore:
    """A `LogStore` in one SQLite file."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        self.url = str(path)
        if not create and not path.exists():
            raise StoreError(
                f"{path}: no such session database; start a session with "
                "`wargame host SCENARIO --db PATH`"
            )
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a session database file")
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

    def _check(self, create: bool) -> bool:
        """Whether the file is empty and needs the schema; StoreError when it is not ours."""
        has_meta = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if has_meta is None:
            others = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if others or not create:
                raise self._not_ours()
            return True
        self._check_meta(self._db)
        return False

    def _check_meta(self, db: sqlite3.Connection) -> None:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != STORE_FORMAT:
            raise self._not_ours()
        if meta.get("version") != STORE_VERSION:
            raise StoreError(
                f"{self.path}: session database version {meta.get('version')!r} is not one "
                f"this build reads ({STORE_VERSION}); use the wargame that created it"
            )

    def _prepare(self) -> None:
        """Create the schema in an empty file (another process may just have done so)."""
        with self._write("create") as db:
            has_meta = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone()
            if has_meta is not None:
                self._check_meta(db)
                return
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise self._not_ours()
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT INTO meta VALUES ('format', ?)", (STORE_FORMAT,))
            db.execute("INSERT INTO meta VALUES ('version', ?)", (STORE_VERSION,))

    @contextmanager
    def _write(self, doing: str = "write") -> Iterator[sqlite3.Connection]:
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
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
                    raise self._cannot(doing, exc) from None
                raise

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

    # -- tables ----------------------------------------------------------------------------

    def create_table(self, info: TableInfo, codes: Mapping[str, str]) -> None:
        try:
            with self._write() as db:
                db.execute(
                    "INSERT INTO tables VALUES (?, ?, ?, ?)",
                    (
                        info.id,
                        info.created,
                        json.dumps(info.document, ensure_ascii=False),
                        json.dumps(info.settings, ensure_ascii=False),
                    ),
                )
                db.executemany(
                    "INSERT INTO codes VALUES (?, ?, ?)",
                    [(info.id, code_hash, seat) for seat, code_hash in codes.items()],
                )
        except sqlite3.IntegrityError:
            raise StoreError(f"{self.path}: a table named {info.id!r} already exists") from None

    def table_ids(self) -> list[str]:
        return [row[0] for row in self._read("SELECT id FROM tables ORDER BY created, id")]

    def table(self, table_id: str) -> TableInfo:
        rows = self._read(
            "SELECT id, document, created, settings FROM tables WHERE id = ?", (table_id,)
        )
        if not rows:
            known = ", ".join(self.table_ids()) or "none"
            raise StoreError(f"{self.path}: no table {table_id!r} (tables: {known})")
        return table_info_from_row(rows[0], self.url, table_id)

    # -- the log ---------------------------------------------------------------------------

    def records(self, table_id: str, after: int = 0) -> list[TableRecord]:
        rows = self._read(
            "SELECT seq, kind, payload, seat, at FROM records WHERE table_id = ? AND seq >= ? "
            "ORDER BY seq",
            (table_id, after),
        )
        return [record_from_row(row, self.url, table_id) for row in rows]

    def length(self, table_id: str) -> int:
        return int(
            self._read("SELECT count(*) FROM records WHERE table_id = ?", (table_id,))[0][0]
        )

    def append(
        self,
        table_id: str,
        expected: int,
        kind: RecordKind,
        payload: Mapping[str, Any],
        *,
        seat: str,
        holder: str | None = None,
    ) -> TableRecord:
        if kind not in RECORD_KINDS:
            raise ValueError(f"unknown record kind {kind!r}")
        text = json.dumps(dict(payload), ensure_ascii=False, sort_keys=True)
        try:
            with self._write() as db:
                if db.execute("SELECT 1 FROM tables WHERE id = ?", (table_id,)).fetchone() is None:
                    raise StoreError(f"{self.path}: no table {table_id!r}")
                length = db.execute(
                    "SELECT count(*) FROM records WHERE table_id = ?", (table_id,)
                ).fetchone()[0]
                if length != expected:
                    raise Conflict(expected, int(length))
                if holder is not None:
                    row = db.execute(
                        "SELECT holder FROM leases WHERE table_id = ? AND seat = ?",
                        (table_id, seat),
                    ).fetchone()
                    if row is None or row[0] != holder:
                        raise SeatTaken(
                            f"the {seat} seat was opened on another screen; this one has "
                            "stopped acting for it"
                        )
                at = time.time()
                db.execute(
                    "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)",
                    (table_id, expected, kind, text, seat, at),
                )
        except sqlite3.IntegrityError:
            # Another process inserted this position between our count and insert: only
            # possible without the immediate lock (never here), but refused all the same.
            raise Conflict(expected, expected + 1) from None
        return TableRecord(expected, kind, json.loads(text), seat, at)

    # -- joining ---------------------------------------------------------------------------

    def seat_for_code(self, table_id: str, code_hash: str) -> str | None:
        rows = self._read(
            "SELECT seat FROM codes WHERE table_id = ? AND code_hash = ?", (table_id, code_hash)
        )
        return str(rows[0][0]) if rows else None

    def note_failed_join(self, table_id: str) -> None:
        now = time.time()
        with self._write() as db:
            db.execute("INSERT INTO failed_joins VALUES (?, ?)", (table_id, now))
            db.execute(
                "DELETE FROM failed_joins WHERE table_id = ? AND at < ?",
                (table_id, now - FAILED_JOINS_KEPT),
            )

    def failed_joins(self, table_id: str, since: float) -> int:
        return int(
            self._read(
                "SELECT count(*) FROM failed_joins WHERE table_id = ? AND at >= ?",
                (table_id, since),
            )[0][0]
        )

    def claim(self, table_id: str, seat: str, holder: str) -> None:
        try:
            with self._write() as db:
                db.execute(
                    "INSERT INTO leases VALUES (?, ?, ?, ?) ON CONFLICT (table_id, seat) "
                    "DO UPDATE SET holder = excluded.holder, beat = excluded.beat",
                    (table_id, seat, holder, time.time()),
                )
        except sqlite3.IntegrityError:
            raise StoreError(f"{self.path}: no table {table_id!r}") from None

    def heartbeat(self, table_id: str, seat: str, holder: str) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE leases SET beat = ? WHERE table_id = ? AND seat = ? AND holder = ?",
                (time.time(), table_id, seat, holder),
            )
            return cursor.rowcount == 1

    def release(self, table_id: str, seat: str, holder: str) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM leases WHERE table_id = ? AND seat = ? AND holder = ?",
                (table_id, seat, holder),
            )

    def presence(self, table_id: str) -> dict[str, float]:
        rows = self._read("SELECT seat, beat FROM leases WHERE table_id = ?", (table_id,))
        return {str(seat): float(beat) for seat, beat in rows}

    def close(self) -> None:
        with self._lock:
            self._db.close()
