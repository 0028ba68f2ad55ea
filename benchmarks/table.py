"""Shared-table store figures: appends per second and how soon another seat sees an append.

    python benchmarks/table.py                      # SQLite (a temp file)
    python benchmarks/table.py --postgres URL       # and PostgreSQL (or WARGAME_TEST_POSTGRES)

For each backend it prints:

* appends/s from one seat (each append a durable transaction: the seat's confirmation);
* appends/s with several seat processes racing on one table (each retrying on Conflict),
  with how many appends were refused and retried;
* the cost of one poll that finds nothing new (what every idle screen pays 4 times a second);
* sync latency: the time from an append being confirmed to a second process, polling every
  0.25 s as the seat screens do, having read it (median, 90th percentile, max).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wargame.table import Conflict, LogStore, TableInfo, open_store

POLL_SECONDS = 0.25
TABLE = "bench"


def fresh_store(kind: str, postgres: str, folder: Path) -> str:
    """An empty store's URL: a new SQLite file, or a new schema on the PostgreSQL server."""
    if kind == "sqlite":
        path = folder / f"bench-{time.monotonic_ns()}.db"
        open_store(path, create=True).close()
        return str(path)
    import psycopg

    schema = f"wargame_bench_{os.getpid()}_{time.monotonic_ns() % 10**9}"
    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}".encode())
    joiner = "&" if "?" in postgres else "?"
    return f"{postgres}{joiner}options=-csearch_path%3D{schema}"


def new_table(url: str) -> LogStore:
    store = open_store(url)
    store.create_table(TableInfo(TABLE, {"bench": True}, time.time(), {}), {})
    return store


def payload(i: int) -> dict[str, object]:
    """About the size of a real action record."""
    return {"action": {"type": "play", "actor": "denmark", "move": f"move_{i}"}, "by": "team:DK"}


def one_seat(url: str, count: int) -> float:
    store = new_table(url)
    start = time.perf_counter()
    for i in range(count):
        store.append(TABLE, i, "action", payload(i), seat="denmark")
    elapsed = time.perf_counter() - start
    store.close()
    return count / elapsed


def racing(url: str, writers: int, each: int, folder: Path) -> tuple[float, int]:
    new_table(url).close()
    go = folder / f"go-{time.monotonic_ns()}"
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", url, str(each), str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(writers)
    ]
    for proc in procs:
        assert proc.stdout is not None
        proc.stdout.readline()  # "ready"
    start = time.perf_counter()
    go.touch()
    conflicts = 0
    for proc in procs:
        out, _ = proc.communicate()
        conflicts += int(out.split()[-1])
    elapsed = time.perf_counter() - start
    store = open_store(url)
    assert store.length(TABLE) == writers * each
    store.close()
    return writers * each / elapsed, conflicts


def worker(url: str, count: int, go: Path) -> None:
    store = open_store(url)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.002)
    conflicts = done = 0
    while done < count:
        try:
            store.append(TABLE, store.length(TABLE), "action", payload(done), seat="w")
        except Conflict:
            conflicts += 1
            continue
        done += 1
    print(conflicts, flush=True)


def idle_poll(url: str, polls: int = 200) -> float:
    store = new_table(url)
    for i in range(50):
        store.append(TABLE, i, "action", payload(i), seat="denmark")
    start = time.perf_counter()
    for _ in range(polls):
        store.records(TABLE, 50)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed / polls


def sync_latency(url: str, appends: int) -> list[float]:
    store = new_table(url)
    poller = subprocess.Popen(
        [sys.executable, __file__, "--poll", url], stdout=subprocess.PIPE, text=True
    )
    assert poller.stdout is not None
    poller.stdout.readline()  # "ready"
    confirmed: list[float] = []
    spacing = [0.05 + (i * 0.6180339887) % 1.0 * 0.4 for i in range(appends)]  # 0.05-0.45 s
    for i in range(appends):
        time.sleep(spacing[i])
        store.append(TABLE, i, "action", payload(i), seat="denmark")
        confirmed.append(time.time())
    seen: dict[int, float] = {}
    while len(seen) < appends:
        line = poller.stdout.readline()
        if not line:
            break
        entry = json.loads(line)
        seen[int(entry["seq"])] = float(entry["seen"])
    poller.kill()
    poller.wait()
    store.close()
    return [seen[i] - confirmed[i] for i in range(appends)]


def poll(url: str) -> None:
    """The second seat: poll every 0.25 s as the seat screens do; print when each is seen."""
    store = open_store(url)
    position = 0
    print("ready", flush=True)
    while True:
        for record in store.records(TABLE, position):
            print(json.dumps({"seq": record.seq, "seen": time.time()}), flush=True)
            position = record.seq + 1
        time.sleep(POLL_SECONDS)


def drop_schemas(postgres: str) -> None:
    import psycopg

    with psycopg.connect(postgres, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
            (f"wargame_bench_{os.getpid()}_%",),
        ).fetchall()
        for (schema,) in rows:
            admin.execute(f"DROP SCHEMA {schema} CASCADE".encode())


def report(kind: str, postgres: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="wargame-bench-") as folder:
        where = Path(folder)
        try:
            single = one_seat(fresh_store(kind, postgres, where), args.appends)
            raced, conflicts = racing(
                fresh_store(kind, postgres, where), args.writers, args.each, where
            )
            idle = idle_poll(fresh_store(kind, postgres, where))
            latency = sync_latency(fresh_store(kind, postgres, where), args.syncs)
        finally:
            if postgres:
                drop_schemas(postgres)
    ordered = sorted(latency)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    print(f"{kind}:")
    print(f"  appends/s, one seat:            {single:8.0f}")
    print(
        f"  appends/s, {args.writers} racing processes: {raced:8.0f}  "
        f"({conflicts} refused with Conflict and retried, of {args.writers * args.each})"
    )
    print(f"  idle poll (nothing new):        {idle * 1000:8.2f} ms")
    print(
        f"  sync latency, polling 0.25 s:   median {statistics.median(latency) * 1000:.0f} ms, "
        f"p90 {p90 * 1000:.0f} ms, max {max(latency) * 1000:.0f} ms ({len(latency)} appends)"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--poll":
        poll(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("WARGAME_TEST_POSTGRES", ""))
    parser.add_argument("--appends", type=int, default=300, help="appends from one seat")
    parser.add_argument("--writers", type=int, default=4, help="racing seat processes")
    parser.add_argument("--each", type=int, default=50, help="appends per racing process")
    parser.add_argument("--syncs", type=int, default=20, help="appends timed to the poller")
    args = parser.parse_args()
    report("sqlite", "", args)
    if args.postgres:
        report("postgresql", args.postgres, args)
    else:
        print("postgresql: skipped (give --postgres URL or set WARGAME_TEST_POSTGRES)")


if __name__ == "__main__":
    main()
