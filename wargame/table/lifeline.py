"""A seat process started by `wargame host` ends with its host, even one killed with -9.

Without this, a host that crashed left every browser seat's `wargame join` running, each
holding its memory (about 55 MB) and a database connection, with nobody to talk to. On
Linux the kernel sends the seat SIGTERM the moment its parent dies (`prctl
PR_SET_PDEATHSIG`, through ctypes); everywhere, and also when the seat was not started by
the host directly, a thread polls the host once a second as a fallback.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading

HOST_PID_ENV = "WARGAME_HOST_PID"
"""Set by the host for the seat processes it starts: the process they die with."""
POLL_SECONDS = 1.0
PR_SET_PDEATHSIG = 1


def die_with_host_from_env() -> bool:
    """Tie this process to the host named in `HOST_PID_ENV`; False when none is named."""
    text = os.environ.get(HOST_PID_ENV, "")
    if not text.isdigit():
        return False
    die_with_host(int(text))
    return True


def die_with_host(host_pid: int, *, poll_seconds: float = POLL_SECONDS) -> None:
    """End this process (SIGTERM) once the process `host_pid` has ended."""
    direct = os.getppid() == host_pid
    if direct:
        parent_death_signal(signal.SIGTERM)

    def host_alive() -> bool:
        if direct:
            return os.getppid() == host_pid  # reparented: the host is gone
        try:
            os.kill(host_pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    if not host_alive():  # it died before the signal was armed
        os.kill(os.getpid(), signal.SIGTERM)
        return

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(poll_seconds):
            if not host_alive():
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, name="wargame-host-lifeline", daemon=True).start()


def parent_death_signal(signum: int) -> bool:
    """Ask Linux to send `signum` to this process when its parent dies; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    return False
