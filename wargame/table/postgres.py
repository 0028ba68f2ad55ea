"""The PostgreSQL log store: the same log as SQLite, for tables served by several machines.

Each method is one short transaction on one connection (guarded by a lock, so a seat's
worker thread and its screen can share the store). An append locks its table's row
(`SELECT ... FOR NO KEY UPDATE`), so appends to one table are serialised across every
process and web worker while other tables go on in parallel; the check "the log has exactly
`expected` records", the seat's lease check and the insert happen under that lock, and the
primary key (table_id, seq) refuses a duplicate position even if that lock were bypassed.
The lease row is read `FOR SHARE`, so a takeover (`claim`) cannot slip between the check and
the insert: either the append commits first, or it sees the new holder and is refused.

The schema is created on first use (under an advisory lock, so two processes opening a fresh
database at once do not race) and carries a `wargame_meta` row with its format and version,
as the SQLite file does. The tables are prefixed `wargame_`, so a database shared with other
applications stays tidy; to use a schema of its own, add `?options=-csearch_path%3DNAME` to
the URL.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

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
from wargame.table.store import redact_url

if TYPE_CHECKING:
    import psycopg

STORE_FORMAT = "wargame-table"
STORE_VERSION = "1"
INSTALL_HINT = "install PostgreSQL support with: pip install 'wargame[postgres]'"
CONNECT_TIMEOUT = 10
"""Seconds to wait for the server before telling the user it is unreachable."""
FAILED_JOINS_KEPT = 3600.0
"""Seconds a wrong join code is remembered (only the last minute counts for throttling)."""
_SCHEMA_LOCK = 0x7761726761
"""Advisory-lock key (`warga`) that serialises schema creation across processes."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS wargame_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS wargame_tables (
    id TEXT PRIMARY KEY, created DOUBLE PRECISION NOT NULL, document TEXT NOT NULL,
    settings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS wargame_records (
    table_id TEXT NOT NULL REFERENCES wargame_tables(id), seq INTEGER NOT NULL,
    kind TEXT NOT NULL, payload TEXT NOT NULL, seat TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL, PRIMARY KEY (table_id, seq)
);
CREATE TABLE IF NOT EXISTS wargame_codes (
    table_id TEXT NOT NULL REFERENCES wargame_tables(id), code_hash TEXT NOT NULL,
    seat TEXT NOT NULL, PRIMARY KEY (table_id, code_hash)
);
CREATE TABLE IF NOT EXISTS wargame_leases (
    table_id TEXT NOT NULL REFERENCES wargame_tables(id), seat TEXT NOT NULL,
    holder TEXT NOT NULL, beat DOUBLE PRECISION NOT NULL, PRIMARY KEY (table_id, seat)
);
CREATE TABLE IF NOT EXISTS wargame_failed_joins (
    table_id TEXT NOT NULL, at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS wargame_failed_joins_by_table ON wargame_failed_joins (table_id, at);
"""
# Documents and payloads are stored as JSON text, not `jsonb`: jsonb reorders keys and
# normalises numbers, and a record must read back exactly as the seat wrote it.

T = TypeVar("T")


def _import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError(f"PostgreSQL tables need the psycopg package; {INSTALL_HINT}") from None
    return psycopg


class PostgresStore:
    """A `LogStore` in a PostgreSQL database (the database must exist; tables are made)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = redact_url(url)
        """The URL without its password: what messages show."""
        self._pg = _import_psycopg()
        self._lock = threading.RLock()
        try:
            params = self._pg.conninfo.conninfo_to_dict(url)
        except self._pg.ProgrammingError as exc:
            raise StoreError(
                f"{self.where}: not a valid PostgreSQL URL ({_first_line(exc)}); "
                "write it as postgresql://USER:PASSWORD@HOST:PORT/DBNAME"
            ) from None
        self._connect_timeout = int(params.get("connect_timeout") or CONNECT_TIMEOUT)
        self._db = self._connect()
        try:
            self._prepare()
        except BaseException:
            self._db.close()
            raise

    def _connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        pg = self._pg
        try:
            return cast(
                "psycopg.Connection[tuple[Any, ...]]",
                pg.connect(self.url, autocommit=True, connect_timeout=self._connect_timeout),
            )
        except pg.ProgrammingError as exc:
            raise StoreError(
                f"{self.where}: not a valid PostgreSQL URL ({_first_line(exc)}); "
                "write it as postgresql://USER:PASSWORD@HOST:PORT/DBNAME"
            ) from None
        except pg.Error as exc:
            raise StoreError(
                f"{self.where}: cannot connect to the PostgreSQL server ({_first_line(exc)}); "
                "check that the server is running and reachable, and the user, password and "
                "database name in the URL (the database must exist: createdb NAME)"
            ) from None

    def _prepare(self) -> None:
        def prepare(db: psycopg.Connection[tuple[Any, ...]]) -> None:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            exists = db.execute("SELECT to_regclass('wargame_meta')").fetchone()
            if exists is None or exists[0] is None:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(
                    "INSERT INTO wargame_meta VALUES ('format', %s), ('version', %s)",
                    (STORE_FORMAT, STORE_VERSION),
                )
                return
            meta = dict(db.execute("SELECT key, value FROM wargame_meta").fetchall())
            if meta.get("format") != STORE_FORMAT:
                raise StoreError(
                    f"{self.where}: the table wargame_meta here belongs to another program; "
                    "use another database"
                )
            if meta.get("version") != STORE_VERSION:
                raise StoreError(
                    f"{self.where}: session database version {meta.get('version')!r} is not "
                    f"one this build reads ({STORE_VERSION}); use the wargame that created it"
                )

        self._transaction(prepare, "prepare the session tables in")

    # -- plumbing --------------------------------------------------------------------------

    def _connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        """The open connection, reconnecting once the old one was lost (a server restart)."""
        if self._db.closed or self._db.broken:
            self._db.close()
            self._db = self._connect()
        return self._db

    @contextmanager
    def _errors(self, doing: str, expect: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
        """Turn the driver's errors into StoreError; those in `expect` pass through for the
        caller to turn into its own refusal (as do Conflict and SeatTaken)."""
        pg = self._pg
        try:
            yield
        except expect:
            raise
        except pg.Error as exc:
            if self._db.closed or self._db.broken:
                raise StoreError(
                    f"{self.where}: lost the connection to the PostgreSQL server while trying "
                    f"to {doing} the session database ({_first_line(exc)}); it reconnects on "
                    "the next try: refresh the screen to see what was recorded"
                ) from None
            raise StoreError(
                f"{self.where}: cannot {doing} the session database ({_first_line(exc)})"
            ) from None

    def _transaction(
        self,
        body: Callable[[psycopg.Connection[tuple[Any, ...]]], T],
        doing: str = "write",
        *,
        expect: tuple[type[BaseException], ...] = (),
    ) -> T:
        with self._lock, self._errors(doing, expect):
            db = self._connection()
            with db.transaction():
                return body(db)

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            for attempt in (1, 2):
                try:
                    with self._errors("read"):
                        return self._connection().execute(sql, params).fetchall()
                except StoreError:
                    # A read is safe to repeat once on a fresh connection (a restarted server).
                    if attempt == 2 or not self._db.broken:
                        raise
        raise AssertionError("unreachable")

    # -- tables ----------------------------------------------------------------------------

    def create_table(self, info: TableInfo, codes: Mapping[str, str]) -> None:
        def create(db: psycopg.Connection[tuple[Any, ...]]) -> None:
            db.execute(
                "INSERT INTO wargame_tables VALUES (%s, %s, %s, %s)",
                (
                    info.id,
                    info.created,
                    json.dumps(info.document, ensure_ascii=False),
                    json.dumps(info.settings, ensure_ascii=False),
                ),
            )
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO wargame_codes VALUES (%s, %s, %s)",
                    [(info.id, code_hash, seat) for seat, code_hash in codes.items()],
                )

        try:
            self._transaction(create, expect=(self._pg.errors.UniqueViolation,))
        except self._pg.errors.UniqueViolation:
            raise StoreError(f"{self.where}: a table named {info.id!r} already exists") from None

    def table_ids(self) -> list[str]:
        rows = self._read("SELECT id FROM wargame_tables ORDER BY created, id")
        return [str(row[0]) for row in rows]

    def table(self, table_id: str) -> TableInfo:
        rows = self._read(
            "SELECT id, document, created, settings FROM wargame_tables WHERE id = %s",
            (table_id,),
        )
        if not rows:
            known = ", ".join(self.table_ids()) or "none"
            raise StoreError(f"{self.where}: no table {table_id!r} (tables: {known})")
        return table_info_from_row(rows[0], self.where, table_id)

    # -- the log ---------------------------------------------------------------------------

    def records(self, table_id: str, after: int = 0) -> list[TableRecord]:
        rows = self._read(
            "SELECT seq, kind, payload, seat, at FROM wargame_records "
            "WHERE table_id = %s AND seq >= %s ORDER BY seq",
            (table_id, after),
        )
        return [record_from_row(row, self.where, table_id) for row in rows]

    def length(self, table_id: str) -> int:
        rows = self._read("SELECT count(*) FROM wargame_records WHERE table_id = %s", (table_id,))
        return int(rows[0][0])

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

        def append(db: psycopg.Connection[tuple[Any, ...]]) -> float:
            found = db.execute(
                "SELECT 1 FROM wargame_tables WHERE id = %s FOR NO KEY UPDATE", (table_id,)
            ).fetchone()
            if found is None:
                raise StoreError(f"{self.where}: no table {table_id!r}")
            row = db.execute(
                "SELECT count(*) FROM wargame_records WHERE table_id = %s", (table_id,)
            ).fetchone()
            length = int(row[0]) if row else 0
            if length != expected:
                raise Conflict(expected, length)
            if holder is not None:
                lease = db.execute(
                    "SELECT holder FROM wargame_leases WHERE table_id = %s AND seat = %s "
                    "FOR SHARE",
                    (table_id, seat),
                ).fetchone()
                if lease is None or lease[0] != holder:
                    raise SeatTaken(
                        f"the {seat} seat was opened on another screen; this one has "
                        "stopped acting for it"
                    )
            at = time.time()
            db.execute(
                "INSERT INTO wargame_records VALUES (%s, %s, %s, %s, %s, %s)",
                (table_id, expected, kind, text, seat, at),
            )
            return at

        try:
            at = self._transaction(append, expect=(self._pg.errors.UniqueViolation,))
        except self._pg.errors.UniqueViolation:
            # Another writer filled this position between our count and our insert (possible
            # only if something bypassed the row lock): refused all the same, nothing written.
            raise Conflict(expected, expected + 1) from None
        return TableRecord(expected, kind, json.loads(text), seat, at)

    # -- joining ---------------------------------------------------------------------------

    def seat_for_code(self, table_id: str, code_hash: str) -> str | None:
        rows = self._read(
            "SELECT seat FROM wargame_codes WHERE table_id = %s AND code_hash = %s",
            (table_id, code_hash),
        )
        return str(rows[0][0]) if rows else None

    def note_failed_join(self, table_id: str) -> None:
        now = time.time()

        def note(db: psycopg.Connection[tuple[Any, ...]]) -> None:
            db.execute("INSERT INTO wargame_failed_joins VALUES (%s, %s)", (table_id, now))
            db.execute(
                "DELETE FROM wargame_failed_joins WHERE table_id = %s AND at < %s",
                (table_id, now - FAILED_JOINS_KEPT),
            )

        self._transaction(note)

    def failed_joins(self, table_id: str, since: float) -> int:
        rows = self._read(
            "SELECT count(*) FROM wargame_failed_joins WHERE table_id = %s AND at >= %s",
            (table_id, since),
        )
        return int(rows[0][0])

    def claim(self, table_id: str, seat: str, holder: str) -> None:
        def claim(db: psycopg.Connection[tuple[Any, ...]]) -> None:
            db.execute(
                "INSERT INTO wargame_leases VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (table_id, seat) "
                "DO UPDATE SET holder = excluded.holder, beat = excluded.beat",
                (table_id, seat, holder, time.time()),
            )

        try:
            self._transaction(claim, expect=(self._pg.errors.ForeignKeyViolation,))
        except self._pg.errors.ForeignKeyViolation:
            raise StoreError(f"{self.where}: no table {table_id!r}") from None

    def heartbeat(self, table_id: str, seat: str, holder: str) -> bool:
        def beat(db: psycopg.Connection[tuple[Any, ...]]) -> bool:
            cursor = db.execute(
                "UPDATE wargame_leases SET beat = %s "
                "WHERE table_id = %s AND seat = %s AND holder = %s",
                (time.time(), table_id, seat, holder),
            )
            return cursor.rowcount == 1

        return self._transaction(beat)

    def release(self, table_id: str, seat: str, holder: str) -> None:
        def release(db: psycopg.Connection[tuple[Any, ...]]) -> None:
            db.execute(
                "DELETE FROM wargame_leases WHERE table_id = %s AND seat = %s AND holder = %s",
                (table_id, seat, holder),
            )

        self._transaction(release)

    def presence(self, table_id: str) -> dict[str, float]:
        rows = self._read(
            "SELECT seat, beat FROM wargame_leases WHERE table_id = %s", (table_id,)
        )
        return {str(seat): float(beat) for seat, beat in rows}

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
