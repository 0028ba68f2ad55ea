"""The log store's SQL, written once: SQLite and PostgreSQL differ only in a `Dialect`.

`SqlStore` holds every query of the `LogStore` interface and the checks around them; a
backend (sqlite.py, postgres.py) only opens the connection, runs a body inside one
transaction of its kind, and turns its driver's errors into `StoreError`. The statements are
written with `?` placeholders and `{name}` table names; the dialect fills in its placeholder,
its table prefix and the few clauses that only one database needs (PostgreSQL's row locks:
SQLite's `BEGIN IMMEDIATE` already holds the whole file).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from wargame.table.records import (
    JOIN_TRIES_KEPT,
    JOIN_TRIES_PER_CLIENT,
    JOIN_TRIES_PER_TABLE,
    JOIN_WINDOW,
    RECORD_KINDS,
    Admission,
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

T = TypeVar("T")

TABLE_NAMES = ("meta", "tables", "records", "codes", "leases", "join_tries")


@dataclass(frozen=True, slots=True)
class Dialect:
    """What one database spells differently."""

    placeholder: str
    """How a query parameter is written: `?` (sqlite3) or `%s` (psycopg)."""
    prefix: str
    """Put before every table name (PostgreSQL's tables may share a database with others)."""
    real: str
    """The column type of a Unix time."""
    lock_table: str
    """Appended to the query that reads a table's row before an append: locks that row."""
    share_lease: str
    """Appended to the query that reads a seat's lease before an append: keeps it until
    commit, so a takeover cannot slip between the check and the insert."""

    def sql(self, template: str) -> str:
        """`template` in this dialect: table names prefixed, placeholders and clauses filled."""
        names = {name: f"{self.prefix}{name}" for name in TABLE_NAMES}
        text = template.format(
            real=self.real, lock_table=self.lock_table, share_lease=self.share_lease, **names
        )
        return text.replace("?", self.placeholder)


SQLITE = Dialect(placeholder="?", prefix="", real="REAL", lock_table="", share_lease="")
POSTGRES = Dialect(
    placeholder="%s",
    prefix="wargame_",
    real="DOUBLE PRECISION",
    lock_table=" FOR NO KEY UPDATE",
    share_lease=" FOR SHARE",
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS {meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {tables} (
    id TEXT PRIMARY KEY, created {real} NOT NULL, document TEXT NOT NULL, settings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS {records} (
    table_id TEXT NOT NULL REFERENCES {tables}(id), seq INTEGER NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, seat TEXT NOT NULL, at {real} NOT NULL, PRIMARY KEY (table_id, seq)
);
CREATE TABLE IF NOT EXISTS {codes} (
    table_id TEXT NOT NULL REFERENCES {tables}(id), code_hash TEXT NOT NULL, seat TEXT NOT NULL,
    PRIMARY KEY (table_id, code_hash)
);
CREATE TABLE IF NOT EXISTS {leases} (
    table_id TEXT NOT NULL REFERENCES {tables}(id), seat TEXT NOT NULL, holder TEXT NOT NULL,
    beat {real} NOT NULL, PRIMARY KEY (table_id, seat)
);
"""
JOIN_TRIES_SCHEMA = """
CREATE TABLE IF NOT EXISTS {join_tries} (
    table_id TEXT NOT NULL, client TEXT NOT NULL, tried TEXT NOT NULL, at {real} NOT NULL
);
CREATE INDEX IF NOT EXISTS {join_tries}_by_table ON {join_tries} (table_id, at)
"""
"""Wrong join codes, by client and by their hash under the table's salt. Added after the
first release (whose `failed_joins` counted per table only): `upgrade` adds it to an older
database, which older versions still read."""
# Documents and payloads are stored as JSON text, not PostgreSQL's `jsonb`: jsonb reorders
# keys and normalises numbers, and a record must read back exactly as the seat wrote it.


class Cursor(Protocol):
    """What the stores use of a DB-API cursor (sqlite3's and psycopg's alike)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """What the stores use of a connection: `execute` returning a cursor."""

    def execute(self, sql: str, params: Any = ..., /) -> Cursor: ...


class SqlStore:
    """Every `LogStore` method, in SQL written once; a backend supplies the plumbing."""

    dialect: Dialect
    url: str
    where: str
    """Where the store is, as messages show it (a URL without its password)."""
    integrity: tuple[type[BaseException], ...]
    """The driver's errors for a broken key: a duplicate position, table or a missing table."""

    # -- what a backend provides -----------------------------------------------------------

    def _transaction(
        self,
        body: Callable[[Connection], T],
        doing: str = "write",
        *,
        expect: tuple[type[BaseException], ...] = (),
    ) -> T:
        """Run `body` in one write transaction; the driver's errors become StoreError,
        except those in `expect` (and this package's own refusals), which pass through."""
        raise NotImplementedError

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of one read-only query."""
        raise NotImplementedError

    def _logged(self) -> None:
        """Called after a transaction that changed a table's log or its opening."""

    def _not_ours(self) -> StoreError:
        """The refusal for a database whose meta table belongs to another program."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- schema ------------------------------------------------------------------------------

    def _q(self, template: str) -> str:
        return self.dialect.sql(template)

    def _run(self, db: Connection, script: str) -> None:
        for statement in self._q(script).split(";"):
            if statement.strip():
                db.execute(statement)

    def _upgrade(self, db: Connection) -> None:
        """Add what a database made by an older version lacks (every statement is
        IF NOT EXISTS, so running it twice, or in two processes, is harmless)."""
        self._run(db, JOIN_TRIES_SCHEMA)

    def _create_schema(self, db: Connection) -> None:
        self._run(db, SCHEMA)
        self._upgrade(db)
        db.execute(
            self._q("INSERT INTO {meta} VALUES ('format', ?), ('version', ?)"),
            (STORE_FORMAT, STORE_VERSION),
        )

    def _check_meta(self, db: Connection) -> None:
        meta = dict(db.execute(self._q("SELECT key, value FROM {meta}")).fetchall())
        if meta.get("format") != STORE_FORMAT:
            raise self._not_ours()
        if meta.get("version") != STORE_VERSION:
            raise StoreError(
                f"{self.where}: session database version {meta.get('version')!r} is not one "
                f"this build reads ({STORE_VERSION}); use the wargame that created it"
            )

    # -- tables ----------------------------------------------------------------------------

    def create_table(self, info: TableInfo, codes: Mapping[str, str]) -> None:
        def create(db: Connection) -> None:
            db.execute(
                self._q("INSERT INTO {tables} VALUES (?, ?, ?, ?)"),
                (
                    info.id,
                    info.created,
                    json.dumps(info.document, ensure_ascii=False),
                    json.dumps(info.settings, ensure_ascii=False),
                ),
            )
            for seat, code_hash in codes.items():
                db.execute(
                    self._q("INSERT INTO {codes} VALUES (?, ?, ?)"), (info.id, code_hash, seat)
                )

        try:
            self._transaction(create, expect=self.integrity)
        except self.integrity:
            raise StoreError(f"{self.where}: a table named {info.id!r} already exists") from None
        self._logged()

    def table_ids(self) -> list[str]:
        rows = self._read(self._q("SELECT id FROM {tables} ORDER BY created, id"))
        return [str(row[0]) for row in rows]

    def table(self, table_id: str) -> TableInfo:
        rows = self._read(
            self._q("SELECT id, document, created, settings FROM {tables} WHERE id = ?"),
            (table_id,),
        )
        if not rows:
            known = ", ".join(self.table_ids()) or "none"
            raise StoreError(f"{self.where}: no table {table_id!r} (tables: {known})")
        return table_info_from_row(rows[0], self.where, table_id)

    # -- the log ---------------------------------------------------------------------------

    def records(self, table_id: str, after: int = 0) -> list[TableRecord]:
        rows = self._read(
            self._q(
                "SELECT seq, kind, payload, seat, at FROM {records} "
                "WHERE table_id = ? AND seq >= ? ORDER BY seq"
            ),
            (table_id, after),
        )
        return [record_from_row(row, self.where, table_id) for row in rows]

    def length(self, table_id: str) -> int:
        rows = self._read(self._q("SELECT count(*) FROM {records} WHERE table_id = ?"), (table_id,))
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

        def append(db: Connection) -> float:
            found = db.execute(
                self._q("SELECT 1 FROM {tables} WHERE id = ?{lock_table}"), (table_id,)
            ).fetchone()
            if found is None:
                raise StoreError(f"{self.where}: no table {table_id!r}")
            row = db.execute(
                self._q("SELECT count(*) FROM {records} WHERE table_id = ?"), (table_id,)
            ).fetchone()
            length = int(row[0]) if row else 0
            if length != expected:
                raise Conflict(expected, length)
            if holder is not None:
                lease = db.execute(
                    self._q(
                        "SELECT holder FROM {leases} WHERE table_id = ? AND seat = ?{share_lease}"
                    ),
                    (table_id, seat),
                ).fetchone()
                if lease is None or lease[0] != holder:
                    raise SeatTaken(
                        f"the {seat} seat was opened on another screen; this one has "
                        "stopped acting for it"
                    )
            at = time.time()
            db.execute(
                self._q("INSERT INTO {records} VALUES (?, ?, ?, ?, ?, ?)"),
                (table_id, expected, kind, text, seat, at),
            )
            return at

        try:
            at = self._transaction(append, expect=self.integrity)
        except self.integrity:
            # Another writer filled this position between our count and our insert (possible
            # only if something bypassed the lock): refused all the same, nothing written.
            raise Conflict(expected, expected + 1) from None
        self._logged()
        return TableRecord(expected, kind, json.loads(text), seat, at)

    # -- joining ---------------------------------------------------------------------------

    def code_hashes(self, table_id: str) -> dict[str, str]:
        rows = self._read(
            self._q("SELECT code_hash, seat FROM {codes} WHERE table_id = ?"), (table_id,)
        )
        return {str(code_hash): str(seat) for code_hash, seat in rows}

    def admit(self, table_id: str, seat: str | None, *, client: str, tried: str) -> Admission:
        now = time.time()
        since = now - JOIN_WINDOW

        def decide(db: Connection) -> Admission:
            # The table's row lock (PostgreSQL) or the immediate transaction (SQLite) makes
            # the count and the insert one step: concurrent guessers cannot overshoot.
            found = db.execute(
                self._q("SELECT 1 FROM {tables} WHERE id = ?{lock_table}"), (table_id,)
            ).fetchone()
            if found is None:
                raise StoreError(f"{self.where}: no table {table_id!r}")
            by_client = self._distinct_tries(db, table_id, since, client)
            at_table = self._distinct_tries(db, table_id, since)
            if by_client >= JOIN_TRIES_PER_CLIENT or (
                by_client and at_table >= JOIN_TRIES_PER_TABLE
            ):
                return "throttled"
            if seat is not None:
                return "admitted"
            db.execute(
                self._q("INSERT INTO {join_tries} VALUES (?, ?, ?, ?)"),
                (table_id, client, tried, now),
            )
            db.execute(
                self._q("DELETE FROM {join_tries} WHERE table_id = ? AND at < ?"),
                (table_id, now - JOIN_TRIES_KEPT),
            )
            return "refused"

        return self._transaction(decide, "check a join code against")

    def _distinct_tries(
        self, db: Connection, table_id: str, since: float, client: str | None = None
    ) -> int:
        return int(db.execute(*self._tries_query(table_id, since, client)).fetchone()[0])

    def _tries_query(
        self, table_id: str, since: float, client: str | None
    ) -> tuple[str, tuple[Any, ...]]:
        """How many distinct wrong codes were tried at the table (by `client`) since then."""
        sql = "SELECT count(DISTINCT tried) FROM {join_tries} WHERE table_id = ? AND at >= ?"
        if client is None:
            return self._q(sql), (table_id, since)
        return self._q(sql + " AND client = ?"), (table_id, since, client)

    def failed_joins(self, table_id: str, since: float, client: str | None = None) -> int:
        return int(self._read(*self._tries_query(table_id, since, client))[0][0])

    def claim(self, table_id: str, seat: str, holder: str) -> None:
        def claim(db: Connection) -> None:
            db.execute(
                self._q(
                    "INSERT INTO {leases} VALUES (?, ?, ?, ?) ON CONFLICT (table_id, seat) "
                    "DO UPDATE SET holder = excluded.holder, beat = excluded.beat"
                ),
                (table_id, seat, holder, time.time()),
            )

        try:
            self._transaction(claim, expect=self.integrity)
        except self.integrity:
            raise StoreError(f"{self.where}: no table {table_id!r}") from None

    def heartbeat(self, table_id: str, seat: str, holder: str) -> bool:
        def beat(db: Connection) -> bool:
            cursor = db.execute(
                self._q(
                    "UPDATE {leases} SET beat = ? WHERE table_id = ? AND seat = ? AND holder = ?"
                ),
                (time.time(), table_id, seat, holder),
            )
            return cursor.rowcount == 1

        return self._transaction(beat)

    def release(self, table_id: str, seat: str, holder: str) -> None:
        def release(db: Connection) -> None:
            db.execute(
                self._q("DELETE FROM {leases} WHERE table_id = ? AND seat = ? AND holder = ?"),
                (table_id, seat, holder),
            )

        self._transaction(release)

    def presence(self, table_id: str) -> dict[str, float]:
        rows = self._read(
            self._q("SELECT seat, beat FROM {leases} WHERE table_id = ?"), (table_id,)
        )
        return {str(seat): float(beat) for seat, beat in rows}
