"""Many processes at one table: nothing corrupted, nothing lost, nothing written twice.

Writers are real processes (`appender.py`), each with its own connection, as seats in
terminals and web workers are. A process killed with SIGKILL in the middle of its appends
leaves a whole log that the next process opens and extends; only its unconfirmed append can
be missing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from wargame.table import Conflict, LogStore, open_store

from .conftest import plain_info

APPENDER = Path(__file__).with_name("appender.py")
WRITERS = 8
APPENDS = 50


def spawn(url: str, name: str, count: int, start: Path | None = None) -> subprocess.Popen[str]:
    args = [sys.executable, str(APPENDER), url, "t1", name, str(count)]
    if start is not None:
        args.append(str(start))
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def confirmations(lines: list[str]) -> dict[int, int]:
    """What a writer printed: its confirmed appends, `i -> seq`."""
    confirmed = {}
    for line in lines:
        if line.startswith("{") and '"seq"' in line:
            entry = json.loads(line)
            confirmed[int(entry["i"])] = int(entry["seq"])
    return confirmed


def assert_whole(store: LogStore) -> list[tuple[str, int]]:
    """The log is gap-free from 0 and holds each (writer, i) at most once; returns them."""
    records = store.records("t1")
    assert [r.seq for r in records] == list(range(len(records)))
    assert store.length("t1") == len(records)
    written = [(str(r.payload["writer"]), int(r.payload["i"])) for r in records]
    assert len(set(written)) == len(written), "an append was written twice"
    for record in records:
        assert record.seat == record.payload["writer"]
    return written


def test_many_processes_racing_on_one_table_lose_and_duplicate_nothing(
    store_url: str, store: LogStore, tmp_path: Path
) -> None:
    store.create_table(plain_info(), {})
    start = tmp_path / "go"
    writers = [spawn(store_url, f"w{n}", APPENDS, start) for n in range(WRITERS)]
    try:
        for writer in writers:  # every writer connected and waiting: then all start at once
            assert writer.stdout is not None
            line = writer.stdout.readline()
            assert line.strip() == "ready", writer.stderr.read() if writer.stderr else line
        start.touch()
        outputs = [writer.communicate(timeout=240) for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    written = assert_whole(store)
    assert len(written) == WRITERS * APPENDS
    by_position = {seq: item for seq, item in enumerate(written)}
    conflicts = 0
    for n, (out, _) in enumerate(outputs):
        lines = out.splitlines()
        confirmed = confirmations(lines)
        assert sorted(confirmed) == list(range(APPENDS))
        for i, seq in confirmed.items():
            assert by_position[seq] == (f"w{n}", i), "a confirmed append is not where it was put"
        conflicts += json.loads(lines[-1])["conflicts"]
    # The writers really raced (each refused append was retried), or the test proves little.
    assert conflicts > 0


def _drain(stream: IO[str], into: list[str]) -> None:
    for line in stream:
        into.append(line)


@pytest.mark.parametrize("victims", [1, 2])
def test_a_process_killed_mid_append_loses_at_most_its_unconfirmed_append(
    store_url: str, store: LogStore, victims: int
) -> None:
    store.create_table(plain_info(), {})
    writers = [spawn(store_url, f"k{n}", 0) for n in range(victims)]
    outputs: list[list[str]] = [[] for _ in writers]
    readers = []
    for writer, lines in zip(writers, outputs, strict=True):
        assert writer.stdout is not None
        reader = threading.Thread(target=_drain, args=(writer.stdout, lines), daemon=True)
        reader.start()
        readers.append(reader)
    try:
        deadline = time.monotonic() + 60
        while sum(len(lines) for lines in outputs) < 40 * victims:
            assert time.monotonic() < deadline, [w.stderr.read() for w in writers if w.stderr]
            assert all(w.poll() is None for w in writers)
            time.sleep(0.01)
    finally:
        for writer in writers:
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait(timeout=30)
    for reader in readers:
        reader.join(timeout=30)
    assert all(w.returncode == -signal.SIGKILL for w in writers)

    reopened = open_store(store_url)  # as the host would after the crash
    try:
        written = assert_whole(reopened)
        for n, lines in enumerate(outputs):
            confirmed = confirmations(lines)
            mine = [i for writer, i in written if writer == f"k{n}"]
            # Every confirmed append is there, where it was confirmed...
            for i, seq in confirmed.items():
                assert written[seq] == (f"k{n}", i)
            # ...and beyond them at most the one that was in flight when the process died.
            assert mine[: len(confirmed)] == list(range(len(confirmed)))
            assert len(mine) - len(confirmed) in (0, 1)
        # No lock or half-written transaction is left behind: the log goes on at once.
        length = reopened.length("t1")
        reopened.append("t1", length, "notes", {"writer": "after", "i": 0}, seat="after")
        with pytest.raises(Conflict):
            reopened.append("t1", length, "notes", {"writer": "after", "i": 1}, seat="after")
        assert_whole(reopened)
    finally:
        reopened.close()


def test_a_store_is_safe_to_share_between_threads(store: LogStore) -> None:
    """The TUI appends from a worker thread while its screen polls: one store, two threads."""
    store.create_table(plain_info(), {})
    errors: list[BaseException] = []
    stop = threading.Event()

    def poll() -> None:
        try:
            while not stop.is_set():
                records = store.records("t1")
                assert [r.seq for r in records] == list(range(len(records)))
                store.heartbeat("t1", "reader", "h")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def write(name: str) -> None:
        try:
            done = 0
            while done < 40:
                try:
                    store.append(
                        "t1", store.length("t1"), "notes", {"writer": name, "i": done}, seat=name
                    )
                except Conflict:
                    continue
                done += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=poll)] + [
        threading.Thread(target=write, args=(f"t{n}",)) for n in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads[1:]:
        thread.join(timeout=120)
    stop.set()
    threads[0].join(timeout=30)
    assert errors == []
    assert len(assert_whole(store)) == 120


GUESSER = Path(__file__).with_name("guesser.py")


def race_guessers(
    store_url: str, tmp_path: Path, clients: list[str], tries: int
) -> list[dict[str, int]]:
    """Start a guesser process per entry of `clients` (its address), all at once."""
    start = tmp_path / "go"
    guessers = [
        subprocess.Popen(
            [sys.executable, str(GUESSER), store_url, "class-a", str(tries), str(start)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "WARGAME_SEAT_CLIENT": client},
        )
        for client in clients
    ]
    for guesser in guessers:
        assert guesser.stdout is not None
        assert guesser.stdout.readline().strip() == "ready"
    start.touch()
    outcomes = []
    for guesser in guessers:
        out, _ = guesser.communicate(timeout=300)
        assert guesser.returncode == 0
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    return outcomes


def test_concurrent_guessers_from_one_client_get_exactly_its_limit_checked(
    store_url: str, tmp_path: Path
) -> None:
    from wargame.table.records import JOIN_TRIES_PER_CLIENT
    from wargame.table.replica import create_table

    from .conftest import greenland_ir, greenland_session

    store = open_store(store_url)
    try:
        _, codes = create_table(store, greenland_session(greenland_ir()), table_id="class-a")
        outcomes = race_guessers(store_url, tmp_path, ["10.9.9.9"] * 6, JOIN_TRIES_PER_CLIENT)
        assert sum(o["refused"] for o in outcomes) == JOIN_TRIES_PER_CLIENT
        assert sum(o["throttled"] for o in outcomes) == 5 * JOIN_TRIES_PER_CLIENT
        assert store.failed_joins("class-a", time.time() - 60) == JOIN_TRIES_PER_CLIENT
        from wargame.table import Table

        assert Table.join(store, "class-a", codes["denmark"], client="10.0.0.5").seat == "denmark"
    finally:
        store.close()


def test_concurrent_guessers_from_many_clients_cannot_overshoot_the_table(
    store_url: str, tmp_path: Path
) -> None:
    from wargame.table import Table
    from wargame.table.records import JOIN_TRIES_PER_TABLE
    from wargame.table.replica import create_table

    from .conftest import greenland_ir, greenland_session

    store = open_store(store_url)
    try:
        _, codes = create_table(store, greenland_session(greenland_ir()), table_id="class-a")
        clients = [f"10.9.9.{n}" for n in range(6)]
        outcomes = race_guessers(store_url, tmp_path, clients, 10)
        checked = sum(o["refused"] for o in outcomes)
        # Past the table's limit, each client that already tried a wrong code waits; only
        # a client with none may still have one code checked.
        assert JOIN_TRIES_PER_TABLE <= checked <= JOIN_TRIES_PER_TABLE + len(clients) - 1
        assert store.failed_joins("class-a", time.time() - 60) == checked
        assert Table.join(store, "class-a", codes["russia"], client="10.0.0.5").seat == "russia"
    finally:
        store.close()
