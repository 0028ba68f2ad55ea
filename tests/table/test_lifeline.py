"""A seat process ends with its host, even when the host is killed with -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from wargame.table.lifeline import die_with_host_from_env, parent_death_signal

HOST = textwrap.dedent(
    """
    import os, subprocess, sys
    seat = subprocess.Popen([sys.executable, "-c", sys.argv[1]],
                            env={**os.environ, "WARGAME_HOST_PID": sys.argv[2] or str(os.getpid())})
    print(seat.pid, flush=True)
    seat.wait()
    """
)
SEAT = textwrap.dedent(
    """
    import time
    from wargame.table.lifeline import die_with_host_from_env
    assert die_with_host_from_env()
    while True:
        time.sleep(60)
    """
)


def _gone(pid: int, within: float = 60.0) -> bool:
    """Whether `pid` has ended (reaped by init, or a zombie) within `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _start(host_pid: str = "") -> tuple[subprocess.Popen[str], int]:
    host = subprocess.Popen(
        [sys.executable, "-c", HOST, SEAT, host_pid], stdout=subprocess.PIPE, text=True
    )
    assert host.stdout is not None
    return host, int(host.stdout.readline())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl are Linux's")
def test_a_seat_dies_when_its_host_is_killed() -> None:
    host, seat = _start()
    try:
        assert not _gone(seat, within=0.5)  # alive while the host is
        host.kill()
        host.wait()
        assert _gone(seat), "the seat outlived its host"
    finally:
        if not _gone(seat, within=0):
            os.kill(seat, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_seat_not_started_by_its_host_directly_polls_it() -> None:
    """The fallback: the named host is not the parent (no parent-death signal applies)."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    host, seat = _start(str(other.pid))
    try:
        assert not _gone(seat, within=0.5)
        other.kill()
        other.wait()
        assert _gone(seat), "the seat outlived the host it was tied to"
    finally:
        host.kill()
        host.wait()
        if not _gone(seat, within=0):
            os.kill(seat, signal.SIGKILL)


def test_without_a_host_nothing_is_armed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WARGAME_HOST_PID", raising=False)
    assert not die_with_host_from_env()
    monkeypatch.setenv("WARGAME_HOST_PID", "not a pid")
    assert not die_with_host_from_env()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_the_parent_death_signal_is_armed_on_linux() -> None:
    code = (
        "import signal\nfrom wargame.table.lifeline import parent_death_signal\n"
        "print(parent_death_signal(signal.SIGTERM))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    assert parent_death_signal(0) is True  # signal 0: disarmed again in this process
