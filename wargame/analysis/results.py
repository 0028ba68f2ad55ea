"""Results files: one record per run, in a format pandas reads in one line.

The suffix chooses the format:

* `.jsonl`: one JSON object a line (`pandas.read_json(path, lines=True)`), nested as the
  run is: `moves` as objects with their turn, phase and actor, `cohesion` and `variables`
  as lists by turn, `scores` and `params` (sweep settings, typed) as objects.
* `.csv`: one row a run with flat columns, each sweep setting in a column of its own and
  each actor's score in `score_ACTOR`; the by-turn series and the moves are JSON text in
  their columns (what `--resume` reads back). `tidy=True` also writes the long tables
  beside it: `FILE.series.csv` (one row per run x turn x quantity) and `FILE.moves.csv`.
* `.sqlite`: tables `runs` (flat, as the CSV's columns), `series` (run, turn, at,
  quantity, value), `moves` (run, seq, turn, phase, actor, move) and `available` (run,
  move).

Floats are written so they read back exactly (JSON and CSV use Python's shortest
round-tripping repr; SQLite stores doubles). The batch's parent process is the only
writer. Records are written in run order and flushed as they come, so an interrupted batch
leaves a valid prefix that `--resume` continues.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from wargame.analysis.play import MovePlayed, RunResult, Scalar
from wargame.analysis.sweep import scalar
from wargame.errors import WargameError

SUFFIXES = (".jsonl", ".csv", ".sqlite")
FIXED = ("run", "seed", "ending", "turn", "steps")
"""The per-run columns every batch has."""
NESTED = ("moves", "available", "cohesion", "variables")
"""The CSV's JSON columns (what the long tables hold flat)."""
SCORE = "score_"
"""Prefix of the per-actor score columns."""
SERIES_FIELDS = ("run", "turn", "at", "quantity", "value")
MOVE_FIELDS = ("run", "seq", "turn", "phase", "actor", "move")


class ResultsError(WargameError, ValueError):
    """A results file that can't be written, read or resumed."""


class OutputError(ResultsError):
    """The results file could not be written: a folder that does not exist or may not be
    written, a full disk. The message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class Layout:
    """The columns a batch's results have beyond the fixed ones."""

    params: tuple[str, ...] = ()
    """The swept paths, in `--set` order."""
    actors: tuple[str, ...] = ()
    """Every actor, in the scenario's order (one score column each)."""

    def columns(self) -> list[str]:
        return [*FIXED, *self.params, *(SCORE + a for a in self.actors)]


class ResultsWriter(Protocol):
    def write(self, result: RunResult) -> None: ...
    def close(self) -> None: ...


def check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ResultsError(
            f"{path}: unknown results format {suffix or '(no suffix)'!r}; "
            f"use one of {', '.join(SUFFIXES)}"
        )
    return suffix


def side_paths(path: Path) -> tuple[Path, Path]:
    """The long tables a `.csv` results file may have beside it: series, moves."""
    return path.with_name(path.stem + ".series.csv"), path.with_name(path.stem + ".moves.csv")


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def flat_row(result: RunResult, layout: Layout) -> list[Any]:
    """The run's row of the per-run table (`Layout.columns` order)."""
    return [
        result.run_index,
        result.seed,
        result.ending,
        result.turn,
        result.steps,
        *(result.params.get(p) for p in layout.params),
        *(result.scores.get(a) for a in layout.actors),
    ]


def quantity_name(kind: str, key: str) -> str:
    """A series' name in the long table: `cohesion(nato)` or a variable's id."""
    return f"cohesion({key})" if kind == "cohesion" else key


def series_rows(result: RunResult) -> Iterator[tuple[int, int, str, str, float]]:
    """(run, turn, at, quantity, value): the start of every turn reached, then the end."""
    for kind, table in (("cohesion", result.cohesion), ("variable", result.variables)):
        for key, values in table.items():
            name = quantity_name(kind, key)
            *starts, last = values
            for turn, value in enumerate(starts, start=1):
                yield (result.run_index, turn, "start", name, value)
            yield (result.run_index, result.turn, "end", name, last)


def move_rows(result: RunResult) -> Iterator[tuple[int, int, int, str, str, str]]:
    """(run, seq, turn, phase, actor, move) for every move of the run, in order."""
    for seq, m in enumerate(result.moves):
        yield (result.run_index, seq, m.turn, m.phase, m.actor, m.move)


class JsonlWriter:
    def __init__(self, path: Path, append: bool) -> None:
        self._file = path.open("a" if append else "w", encoding="utf-8")

    def write(self, result: RunResult) -> None:
        self._file.write(_compact(result.to_record()) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


class CsvWriter:
    """The per-run CSV, and with `tidy` the long tables beside it."""

    def __init__(self, path: Path, append: bool, layout: Layout, tidy: bool) -> None:
        self._layout = layout
        fresh = not append or not path.exists() or path.stat().st_size == 0
        self._file = path.open("a" if append else "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file, lineterminator="\n")
        if fresh:
            self._writer.writerow([*layout.columns(), *NESTED])
        self._sides: list[tuple[io.TextIOWrapper, Any]] = []
        if tidy:
            for side, fields in zip(side_paths(path), (SERIES_FIELDS, MOVE_FIELDS), strict=True):
                side_fresh = fresh or not side.exists() or side.stat().st_size == 0
                handle = side.open("w" if side_fresh else "a", encoding="utf-8", newline="")
                writer = csv.writer(handle, lineterminator="\n")
                if side_fresh:
                    writer.writerow(fields)
                self._sides.append((handle, writer))

    def write(self, result: RunResult) -> None:
        record = result.to_record()
        # The long tables first: a run is done once its main row is in.
        if self._sides:
            (series, series_out), (moves, moves_out) = self._sides
            series_out.writerows(series_rows(result))
            moves_out.writerows(move_rows(result))
            series.flush()
            moves.flush()
        self._writer.writerow(
            [*flat_row(result, self._layout), *(_compact(record[k]) for k in NESTED)]
        )
        self._file.flush()

    def close(self) -> None:
        self._file.close()
        for handle, _ in self._sides:
            handle.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqliteWriter:
    """Commits every `batch` runs in one transaction (atomic; a crash loses at most that)."""

    def __init__(self, path: Path, append: bool, layout: Layout, batch: int = 200) -> None:
        if not append and path.exists():
            path.unlink()
        self._layout = layout
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("pragma journal_mode=wal")
        params = "".join(f", {_quote(p)}" for p in layout.params)
        scores = "".join(f", {_quote(SCORE + a)} real" for a in layout.actors)
        self._db.executescript(
            "create table if not exists runs (run integer primary key, seed text, ending text, "
            f"turn integer, steps integer{params}{scores});"
            "create table if not exists series (run integer, turn integer, at text, "
            "quantity text, value real);"
            "create index if not exists series_run on series (run);"
            "create table if not exists moves (run integer, seq integer, turn integer, "
            "phase text, actor text, move text, primary key (run, seq));"
            "create table if not exists available (run integer, move text, "
            "primary key (run, move));"
        )
        if append:  # rows of runs whose batch never committed cannot exist; be sure
            for table in ("series", "moves", "available"):
                self._db.execute(f"delete from {table} where run not in (select run from runs)")
        self._width = len(layout.columns())
        self._pending: list[RunResult] = []
        self._batch = batch

    def write(self, result: RunResult) -> None:
        self._pending.append(result)
        if len(self._pending) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        marks = ",".join("?" * self._width)
        db = self._db
        db.execute("begin immediate")
        for result in self._pending:
            db.execute(
                f"insert or replace into runs values ({marks})", flat_row(result, self._layout)
            )
            db.executemany("insert into series values (?,?,?,?,?)", series_rows(result))
            db.executemany("insert or replace into moves values (?,?,?,?,?,?)", move_rows(result))
            db.executemany(
                "insert or replace into available values (?,?)",
                ((result.run_index, m) for m in result.available),
            )
        db.execute("commit")
        self._pending.clear()

    def close(self) -> None:
        self._flush()
        self._db.close()


def open_writer(
    path: Path, *, append: bool, layout: Layout = Layout(), tidy: bool = False
) -> ResultsWriter:
    """The writer for `path`'s format; it raises OutputError when the file can't be written."""
    suffix = check_suffix(path)
    try:
        if suffix == ".jsonl":
            return _Reporting(path, JsonlWriter(path, append))
        if suffix == ".csv":
            return _Reporting(path, CsvWriter(path, append, layout, tidy))
        return _Reporting(path, SqliteWriter(path, append, layout))
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

    def write(self, result: RunResult) -> None:
        try:
            self._inner.write(result)
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
        yield from _read_sqlite(path)
        return
    text = path.read_text(encoding="utf-8")
    if suffix == ".jsonl":
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield RunResult.from_record(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                if number == len(lines) and not text.endswith("\n"):
                    return  # torn last line
                raise ResultsError(f"{path}:{number}: not a results record ({exc})") from None
        return
    rows = list(csv.DictReader(io.StringIO(text)))
    for number, row in enumerate(rows, 2):
        try:
            yield _from_csv_row(row)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            if number == len(rows) + 1 and not text.endswith("\n"):
                return
            raise ResultsError(f"{path}:{number}: not a results record ({exc})") from None


def _from_csv_row(row: dict[str, str]) -> RunResult:
    record: dict[str, Any] = {k: row[k] for k in FIXED}
    for key in (*NESTED, "scores", "params"):
        if row.get(key) is not None:
            record[key] = json.loads(row[key])  # `scores`, `params`: files before format 2
    known = {*FIXED, *NESTED, "scores", "params"}
    if "scores" not in record:
        record["scores"] = {
            k[len(SCORE) :]: float(v) for k, v in row.items() if k.startswith(SCORE) and v != ""
        }
    if "params" not in record:
        record["params"] = {
            k: scalar(v) for k, v in row.items() if k not in known and not k.startswith(SCORE)
        }
    return RunResult.from_record(record)


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in db.execute(f"pragma table_info({table})")]


def _by_run(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, list[Sequence[Any]]]]:
    """Rows sorted by run (the first column) grouped into (run, rows)."""
    current: int | None = None
    group: list[Sequence[Any]] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                yield current, group
            current, group = int(row[0]), []
        group.append(row)
    if current is not None:
        yield current, group


class _Lookup:
    """Walk a stream of (run, rows) groups alongside runs in increasing order."""

    def __init__(self, groups: Iterator[tuple[int, list[Sequence[Any]]]]) -> None:
        self._groups = groups
        self._next = next(groups, None)

    def take(self, run: int) -> list[Sequence[Any]]:
        while self._next is not None and self._next[0] < run:
            self._next = next(self._groups, None)
        if self._next is not None and self._next[0] == run:
            rows = self._next[1]
            self._next = next(self._groups, None)
            return rows
        return []


def _read_sqlite(path: Path) -> Iterator[RunResult]:
    db = sqlite3.connect(path)
    try:
        try:
            columns = _columns(db, "runs")
            if "moves" in columns:  # written before format 2: JSON in the runs table
                legacy = ", ".join(("run", "seed", "ending", "turn", "steps", "moves"))
                rest = ", ".join(("cohesion", "variables", "scores", "params"))
                rows = db.execute(f"select {legacy}, {rest} from runs order by run").fetchall()
                keys = (*FIXED, "moves", "cohesion", "variables", "scores", "params")
                for raw in rows:
                    record = dict(zip(keys, raw, strict=True))
                    for key in keys[5:]:
                        record[key] = json.loads(record[key])
                    yield RunResult.from_record(record)
                return
            runs = db.execute("select * from runs order by run")
            series = _Lookup(
                _by_run(
                    db.execute(
                        "select run, turn, at, quantity, value from series order by run, rowid"
                    )
                )
            )
            moves = _Lookup(
                _by_run(
                    db.execute("select run, turn, phase, actor, move from moves order by run, seq")
                )
            )
            available = _Lookup(
                _by_run(db.execute("select run, move from available order by run, rowid"))
            )
        except sqlite3.DatabaseError as exc:
            raise ResultsError(f"{path}: not a wargame results database ({exc})") from None
        for raw in runs:
            row = dict(zip(columns, raw, strict=True))
            run = int(row["run"])
            cohesion: dict[str, list[float]] = {}
            variables: dict[str, list[float]] = {}
            for _, _, _, quantity, value in series.take(run):
                name = str(quantity)
                if name.startswith("cohesion(") and name.endswith(")"):
                    cohesion.setdefault(name[len("cohesion(") : -1], []).append(float(value))
                else:
                    variables.setdefault(name, []).append(float(value))
            params: dict[str, Scalar] = {
                k: v for k, v in row.items() if k not in FIXED and not k.startswith(SCORE)
            }
            yield RunResult(
                run_index=run,
                seed=str(row["seed"]),
                ending=str(row["ending"]),
                turn=int(row["turn"]),
                steps=int(row["steps"]),
                moves=tuple(
                    MovePlayed(int(t), str(ph), str(a), str(m))
                    for _, t, ph, a, m in moves.take(run)
                ),
                cohesion=cohesion,
                variables=variables,
                scores={
                    k[len(SCORE) :]: float(v)
                    for k, v in row.items()
                    if k.startswith(SCORE) and v is not None
                },
                params=params,
                available=tuple(str(m) for _, m in available.take(run)),
            )
    finally:
        db.close()


def truncate_torn_tail(path: Path) -> None:
    """Drop a partial last line left by a killed batch, so appending starts clean."""
    if path.suffix.lower() == ".sqlite" or not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with path.open("r+b") as handle:
            handle.truncate(cut)


def trim_long_tables(path: Path, done: set[int]) -> None:
    """Keep only the rows of finished runs in a `.csv`'s long tables (before resuming)."""
    for side in side_paths(path):
        if not side.exists():
            continue
        text = side.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        if not lines:
            continue
        kept = [lines[0]]
        for line in lines[1:]:
            if not line.endswith("\n"):
                break  # torn
            head = line.split(",", 1)[0]
            if head.isdigit() and int(head) in done:
                kept.append(line)
        side.write_text("".join(kept), encoding="utf-8")
