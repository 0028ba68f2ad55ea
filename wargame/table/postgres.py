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

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from wargame.table.records import StoreError
from wargame.table.sql import POSTGRES, Connection, SqlStore, T
from wargame.table.urls import redact_url

if TYPE_CHECKING:
    import psycopg

INSTALL_HINT = "install PostgreSQL support with: pip install 'wargame[postgres]'"
CONNECT_TIMEOUT = 10
"""Seconds to wait for the server before telling the user it is unreachable."""
_SCHEMA_LOCK = 0x7761726761
"""Advisory-lock key (`warga`) that serialises schema creation across processes."""


def _import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError(f"PostgreSQL tables need the psycopg package; {INSTALL_HINT}") from None
    return psycopg


class PostgresStore(SqlStore):
    """A `LogStore` in a PostgreSQL database (the database must exist; tables are made)."""

    dialect = POSTGRES

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = redact_url(url)
        """The URL without its password: what messages show."""
        self._pg = _import_psycopg()
        self.integrity = (self._pg.errors.IntegrityError,)
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

    def _not_ours(self) -> StoreError:
        return StoreError(
            f"{self.where}: the table wargame_meta here belongs to another program; "
            "use another database"
        )

    def _prepare(self) -> None:
        def prepare(db: Connection) -> None:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            exists = db.execute("SELECT to_regclass('wargame_meta')").fetchone()
            if exists is None or exists[0] is None:
                self._create_schema(db)
            else:
                self._check_meta(db)
                self._upgrade(db)

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
        body: Callable[[Connection], T],
        doing: str = "write",
        *,
        expect: tuple[type[BaseException], ...] = (),
    ) -> T:
        with self._lock, self._errors(doing, expect):
            db = self._connection()
            with db.transaction():
                return body(cast(Connection, db))

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

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
