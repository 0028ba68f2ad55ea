"""`wargame host` against a hostile page and a crash: seats open only from the page the host
serves, never more than the cap, and none outlives a host killed with -9."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (the seats: each is exec'd by the host's shell)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().split(")")[-1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _wait(condition: object, within: float = 90.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_evil_origins_start_nothing_the_cap_holds_and_seats_die_with_a_killed_host(
    tmp_path: Path,
) -> None:
    port = _free_port()
    host = subprocess.Popen(
        [
            sys.executable, "-m", "wargame", "host", str(REPO / "scenarios" / "tutorial.yaml"),
            "--db", str(tmp_path / "t.db"), "--port", str(port), "--max-seat-processes", "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    seats: set[int] = set()
    try:
        assert _wait(lambda: _listening(port)), "the host did not start serving"
        statuses, seats = asyncio.run(_attack_then_kill(port, host))
        assert statuses == {"evil": [403] * 4, "own": [101, 101, 503]}
        assert len(seats) == 2, "two seats ran while the pages were open"
        assert _wait(lambda: not any(_alive(seat) for seat in seats)), "a seat outlived its host"
    finally:
        if host.poll() is None:
            host.kill()
            host.wait()
        for seat in seats:
            if _alive(seat):
                os.kill(seat, signal.SIGKILL)


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


async def _attack_then_kill(
    port: int, host: subprocess.Popen[bytes]
) -> tuple[dict[str, list[int]], set[int]]:
    """Open 4 websockets from an evil page, then 3 from the host's own page; once the seats
    run, kill the host with -9 while the pages are still open. Returns each handshake's
    status and the seat processes that ran."""
    statuses: dict[str, list[int]] = {"evil": [], "own": []}
    url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as client:
        for name, origin, count in (
            ("evil", "http://evil.example", 4),
            ("own", f"http://localhost:{port}", 3),
        ):
            for _ in range(count):
                try:
                    await client.ws_connect(url, headers={"Origin": origin})
                except aiohttp.WSServerHandshakeError as refused:
                    statuses[name].append(refused.status)
                else:
                    statuses[name].append(101)
        deadline = time.monotonic() + 90
        while len(_children(host.pid)) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        seats = _children(host.pid)
        host.send_signal(signal.SIGKILL)
        host.wait()
        return statuses, seats
