"""Results files: one record per run, in a format pandas reads directly.

The suffix chooses the format: `.jsonl` (one JSON object a line; `pandas.read_json(path,
lines=True)`), `.csv` (nested fields as JSON strings; `pandas.read_csv`), or `.sqlite`
(table `runs`; `pandas.read_sql("select * from runs", sqlite3.connect(path))`). The batch's
parent process is the only writer. Records are written in run order and flushed as they
come, so an interrupted batch leaves a valid prefix that `--resume` continues.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from wargame.analysis.play import RunResult
from wargame.errors import WargameError

SUFFIXES = (".jsonl", ".csv", ".sqlite")
CSV_FIELDS = (
    "run",
    "seed",
    "ending",
    "turn",
    "steps",
    "moves",
    "cohesion",
    "variables",
    "scores",
    "params",
)
_NESTED = ("moves", "cohesion", "variables", "scores", "params")


class ResultsError(WargameError, ValueError):
    """A results file that can't be written, read or resumed."""


class OutputError(ResultsError):
    """The results file could not be written: a folder that does not exist or may not be
    written, a full disk. The message names the file and the reason."""


class ResultsWriter(Protocol):
    def write(self, result: RunResult, meta: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


def check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ResultsError(
            f"{path}: unknown results format {suffix or '(no suffix)'!r}; "
            f"use one of {', '.join(SUFFIXES)}"
        )
    return suffix


def _flat(result: RunResult, meta: dict[str, Any]) -> dict[str, Any]:
    record = result.to_record()
    return {**record, **{f"meta_{k}": v for k, v in meta.items()}}


class JsonlWriter:
    def __init__(self, path: Path, append: bool) -> None:
        self._file = path.open("a" if append else "w", encoding="utf-8")

    def write(self, result: RunResult, meta: dict[str, Any]) -> None:
        self._file.write(json.dumps(result.to_record(), separators=(",", ":")) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


class CsvWriter:
    def __init__(self, path: Path, append: bool) -> None:
        fresh = not append or not path.exists() or path.stat().st_size == 0
        self._file = path.open("a" if append else "w", encoding="utf-8", newline="")
        self._writer = csv.DictWriter(self._file, fieldnames=list(CSV_FIELDS))
        if fresh:
            self._writer.writeheader()

    def write(self, result: RunResult, meta: dict[str, Any]) -> None:
        record = result.to_record()
        for key in _NESTED:
            record[key] = json.dumps(record[key], separators=(",", ":"))
        self._writer.writerow(record)
        self._file.flush()

    def close(self) -> None:
        self._file.close()


class SqliteWriter:
    """Commits every `batch` runs in one transaction (atomic; a crash loses at most that)."""

    def __init__(self, path: Path, append: bool, batch: int = 200) -> None:
        if not append and path.exists():
            path.unlink()
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("pragma journal_mode=wal")
        self._db.execute(
            "create table if not exists runs (run integer primary key, seed text, ending text, "
            "turn integer, steps integer, moves text, cohesion text, variables text, scores text, "
            "params text)"
        )
        self._pending: list[tuple[Any, ...]] = []
        self._batch = batch

    def write(self, result: RunResult, meta: dict[str, Any]) -> None:
        r = result.to_record()
        self._pending.append(
            (
                r["run"],
                r["seed"],
                r["ending"],
                r["turn"],
                r["steps"],
                *(json.dumps(r[k], separators=(",", ":")) for k in _NESTED),
            )
        )
        if len(self._pending) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        self._db.execute("begin immediate")
        self._db.executemany(
            "insert or replace into runs values (?,?,?,?,?,?,?,?,?,?)", self._pending
        )
        self._db.execute("commit")
        self._pending.clear()

    def close(self) -> None:
        self._flush()
        self._db.close()


def open_writer(path: Path, *, append: bool) -> ResultsWriter:
    """The writer for `path`'s format; it raises OutputError when the file can't be written."""
    suffix = check_suffix(path)
    try:
        if suffix == ".jsonl":
            return _Reporting(path, JsonlWriter(path, append))
        if suffix == ".csv":
            return _Reporting(path, CsvWriter(path, append))
        return _Reporting(path, SqliteWriter(path, append))
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(cannot_write(path, exc)) from None


def cannot_write(path: Path, exc: BaseException) -> str:
    """`cannot write PATH: reason`, the reason as the system gives it."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"cannot write {path}: {reason}"


class _Reporting:
    """A writer whose failures (a full disk, a folder gone) are OutputError, not OSError or
    sqlite3's errors, so the batch can say which file and what to do."""

    def __init__(self, path: Path, inner: ResultsWriter) -> None:
        self._path = path
        self._inner = inner

    def write(self, result: RunResult, meta: dict[str, Any]) -> None:
        try:
            self._inner.write(result, meta)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(cannot_write(self._path, exc)) from None

    def close(self) -> None:
        try:
            self._inner.close()
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(cannot_write(self._path, exc)) from None


def read_results(path: Path) -> Iterator[RunResult]:
    """Every complete record in a results file, in file order.

    A torn last line (the batch was killed mid-write) is skipped, so it is simply run again.
    """
    suffix = check_suffix(path)
    if not path.exists():
        return
    if suffix == ".sqlite":
        db = sqlite3.connect(path)
        try:
            rows = db.execute(f"select {', '.join(CSV_FIELDS)} from runs order by run").fetchall()
        except sqlite3.DatabaseError as exc:
            raise ResultsError(f"{path}: not a wargame results database ({exc})") from None
        finally:
            db.close()
        for row in rows:
            yield _from_row(dict(zip(CSV_FIELDS, row, strict=True)))
        return
    text = path.read_text(encoding="utf-8")
    if suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield RunResult.from_record(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                if number == len(text.splitlines()) and not text.endswith("\n"):
                    return  # torn last line
                raise ResultsError(f"{path}:{number}: not a results record ({exc})") from None
        return
    reader = csv.DictReader(io.StringIO(text))
    rows_csv = list(reader)
    for number, row in enumerate(rows_csv, 2):
        try:
            yield _from_row(row)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            if number == len(rows_csv) + 1 and not text.endswith("\n"):
                return
            raise ResultsError(f"{path}:{number}: not a results record ({exc})") from None


def _from_row(row: dict[str, Any]) -> RunResult:
    record = dict(row)
    for key in _NESTED:
        record[key] = json.loads(record[key]) if isinstance(record[key], str) else record[key]
    return RunResult.from_record(record)


def truncate_torn_tail(path: Path) -> None:
    """Drop a partial last line left by a killed batch, so appending starts clean."""
    if path.suffix.lower() == ".sqlite" or not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with path.open("r+b") as handle:
            handle.truncate(cut)
