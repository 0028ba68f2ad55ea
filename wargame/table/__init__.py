"""A shared table: one game played from many screens through one append-only log.

The authoritative game lives in a database (SQLite by default, PostgreSQL for hosted
deployments): the opening document of the session and a log of records, each appended only
on top of the log position its seat decided on. Every seat process keeps a local replica
(`Table`) that folds the records through an ordinary `Session`, so the rules run exactly as
in single-screen play.
"""

from wargame.table.codes import format_code, hash_code, new_code, normalise_code
from wargame.table.records import (
    Conflict,
    JoinRefused,
    RecordKind,
    SeatTaken,
    StoreError,
    TableInfo,
    TableRecord,
)
from wargame.table.replica import Table
from wargame.table.store import LogStore, open_store

__all__ = [
    "Conflict",
    "JoinRefused",
    "LogStore",
    "RecordKind",
    "SeatTaken",
    "StoreError",
    "Table",
    "TableInfo",
    "TableRecord",
    "format_code",
    "hash_code",
    "new_code",
    "normalise_code",
    "open_store",
]
