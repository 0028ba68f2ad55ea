"""The log interface every backend implements, and `open_store` to pick one from a URL."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from wargame.table.records import Admission, RecordKind, StoreError, TableInfo, TableRecord
from wargame.table.urls import is_postgres_url, redact_url


class LogStore(Protocol):
    """A database of shared tables. Every method is one short transaction.

    Appends are optimistic: `append(table, expected, ...)` writes at position `expected`
    only if the log has exactly `expected` records, else raises `Conflict` and writes
    nothing. Two seats appending at the same moment therefore never both succeed, and
    an accepted record is durable before `append` returns.
    """

    url: str
    """Where the store lives, as `open_store` accepts it (a path or a postgresql:// URL)."""

    def create_table(self, info: TableInfo, codes: Mapping[str, str]) -> None:
        """Create a table; `codes` maps each seat name to the hash of its join code."""

    def table_ids(self) -> list[str]:
        """Every table in the store, oldest first."""

    def table(self, table_id: str) -> TableInfo:
        """The table as created; StoreError when there is none of that id."""

    def records(self, table_id: str, after: int = 0) -> list[TableRecord]:
        """The records at positions `after` and later, in order."""

    def length(self, table_id: str) -> int:
        """How many records the log holds."""

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
        """Append at position `expected` or raise `Conflict`; with `holder`, also raise
        `SeatTaken` unless `holder` still holds `seat` (a newer join took it over)."""

    def code_hashes(self, table_id: str) -> dict[str, str]:
        """Each stored join-code hash of the table and the seat it opens."""

    def admit(self, table_id: str, seat: str | None, *, client: str, tried: str) -> Admission:
        """Decide a join in one transaction, so concurrent guessers cannot overshoot.

        `seat` is the seat the typed code matched (None: no seat), `client` who typed it,
        `tried` the code's hash under the table's salt. "throttled" when `client` has tried
        `JOIN_TRIES_PER_CLIENT` distinct wrong codes in the last `JOIN_WINDOW` seconds, or
        any wrong code once the whole table has seen `JOIN_TRIES_PER_TABLE`; otherwise
        "admitted" for a seat, or "refused" with the wrong code remembered.
        """

    def failed_joins(self, table_id: str, since: float, client: str | None = None) -> int:
        """Distinct wrong codes tried at this table (by `client`) since the Unix time `since`."""

    def claim(self, table_id: str, seat: str, holder: str) -> None:
        """Make `holder` the one process that acts for `seat` (the newest join wins)."""

    def heartbeat(self, table_id: str, seat: str, holder: str) -> bool:
        """Refresh the claim; False when another join has taken the seat over."""

    def release(self, table_id: str, seat: str, holder: str) -> None:
        """Give the seat up (a seat closing normally); no-op when no longer held."""

    def presence(self, table_id: str) -> dict[str, float]:
        """Each claimed seat and the Unix time of its last heartbeat."""

    def close(self) -> None:
        """Release the connection."""


def open_store(url: str | Path, *, create: bool = False) -> LogStore:
    """The store at `url`: a file path (SQLite) or a `postgresql://` URL.

    With `create`, a missing SQLite file is created; otherwise a missing file is a
    `StoreError` that says how to start a session.
    """
    text = str(url)
    if is_postgres_url(text):
        from wargame.table.postgres import PostgresStore

        return PostgresStore(text)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(
            f"{redact_url(text)}: unknown database kind {scheme!r}; give a file path (SQLite) "
            "or a postgresql://user@host/dbname URL"
        )
    from wargame.table.sqlite import SqliteStore

    return SqliteStore(Path(text), create=create)
