"""What two cores of this host give to perfectly parallel work (the ceiling of `--jobs 2`).

The same fixed CPU work is timed in one process, then in two processes side by side
(each doing all of it), in turns (one, two, one, two, ...): on two free cores the pair
takes as long as the one, a speed-up of 2.0x. Whatever is below that is the host's (the
hypervisor's share of the cores, caches and memory the two share, the neighbours), not
the batch's: no pool, no pickling, no gathering, nothing of `wargame.analysis`. Two kinds
of work: a pure-Python arithmetic loop (a few hundred bytes of memory: the cores alone)
and the engine's playout of Greenland on fixed seeds (the batch's own work, with its
caches and memory, without the batch around it).

The processes are forked before the clock starts and wait on a pipe, so starting them is
not counted; each one's CPU time comes from `os.wait4`. `Steal` reads how much of the
virtual CPUs' time the hypervisor gave to other guests meanwhile (Linux's `/proc/stat`).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Round(NamedTuple):
    wall: float
    cpu: tuple[float, ...]
    """Each process's CPU seconds (user + system)."""


def side_by_side(work: Callable[[], object], processes: int) -> Round:
    """`processes` forked copies of `work`, released together: the wall time until the
    last has ended, and each one's CPU time. Linux and macOS (fork)."""
    start_read, start_write = os.pipe()
    pids: list[int] = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:  # the child: wait for the start, work, leave without cleaning up
            status = 1
            try:
                os.close(start_write)
                os.read(start_read, 1)
                work()
                status = 0
            finally:
                os._exit(status)
        pids.append(pid)
    os.close(start_read)
    start = time.perf_counter()
    os.write(start_write, b"go" * processes)
    os.close(start_write)
    cpu: list[float] = []
    for pid in pids:
        _, status, usage = os.wait4(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("a side-by-side process failed")
        cpu.append(usage.ru_utime + usage.ru_stime)
    return Round(time.perf_counter() - start, tuple(cpu))


class Ceiling(NamedTuple):
    """Two processes side by side against one, over interleaved rounds."""

    ones: list[Round]
    twos: list[Round]

    @property
    def best(self) -> float:
        """2 x the least wall of one / the least wall of two (as the batch's ratio)."""
        return 2 * min(r.wall for r in self.ones) / min(r.wall for r in self.twos)

    @property
    def pairs(self) -> list[float]:
        """Each round's speed-up: 2 x its one / its two."""
        return [2 * one.wall / two.wall for one, two in zip(self.ones, self.twos, strict=True)]

    @property
    def slowdown(self) -> float:
        """CPU a process takes side by side over alone (medians): what sharing costs the
        work itself, whatever the wall clock's neighbours."""
        alone = statistics.median(c for r in self.ones for c in r.cpu)
        shared = statistics.median(c for r in self.twos for c in r.cpu)
        return shared / alone


def ceiling(work: Callable[[], object], rounds: int) -> Ceiling:
    """`work` alone, then two of it side by side, `rounds` times in turn."""
    ones: list[Round] = []
    twos: list[Round] = []
    for _ in range(rounds):
        ones.append(side_by_side(work, 1))
        twos.append(side_by_side(work, 2))
    return Ceiling(ones, twos)


def arithmetic(n: int = 10_000_000) -> int:
    """Pure-Python work that lives in the cores' first-level caches."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


class Steal:
    """The share of this machine's CPU time the hypervisor gave to other guests (steal)
    from its making to `share()`: time a virtual CPU was ready to run and was not run, which
    no process here can see as its own. None where `/proc/stat` has no steal column."""

    STAT = Path("/proc/stat")

    def __init__(self) -> None:
        self.begin = self._ticks()

    @classmethod
    def _ticks(cls) -> tuple[int, int] | None:
        """(steal, every state) ticks of all CPUs since boot."""
        try:
            fields = cls.STAT.read_text().split("\n", 1)[0].split()[1:]
        except OSError:
            return None
        if len(fields) < 8:
            return None
        ticks = [int(f) for f in fields[:8]]  # user nice system idle iowait irq softirq steal
        return ticks[7], sum(ticks)

    def share(self) -> float | None:
        end = self._ticks()
        if self.begin is None or end is None or end[1] == self.begin[1]:
            return None
        return (end[0] - self.begin[0]) / (end[1] - self.begin[1])


def steal_note(share: float | None) -> str:
    return "" if share is None else f"; steal {100 * share:.1f} % of the CPUs' time"
