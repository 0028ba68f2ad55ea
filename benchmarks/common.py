"""What every benchmark shares: the machine it ran on, result rows, timing helpers.

The machine is shared (two cores, other people's builds), so every figure carries the load
average at the moment it was taken, and CPU-bound figures are CPU time of this process
(`time.process_time`) rather than wall time, which other processes pollute.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BENCH_SCENARIO = Path(__file__).resolve().parent / "scenarios" / "bench.yaml"


def load() -> float:
    """The 1-minute load average (0 where the platform has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, str]:
    """What the figures depend on: cores, CPU, Python, OS."""
    return {
        "nproc": str(os.cpu_count() or 1),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": f"{platform.system()} {platform.release()}",
    }


@dataclass
class Row:
    """One line of the results table."""

    group: str
    name: str
    value: float
    unit: str
    target: str = ""
    """The target in words (`< 0.5 s`), empty when there is none."""
    ok: bool | None = None
    """Whether the target is met (None: no target)."""
    note: str = ""
    load: float = field(default_factory=load)

    def cells(self) -> list[str]:
        status = "" if self.ok is None else ("PASS" if self.ok else "FAIL")
        return [
            self.group,
            self.name,
            f"{_number(self.value)} {self.unit}",
            f"{self.target} {status}".strip(),
            f"{self.load:.2f}",
            self.note,
        ]


def _number(x: float) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def table(rows: Sequence[Row]) -> str:
    """A plain-text table (monospace, Markdown-compatible) of the rows."""
    head = ["group", "measure", "value", "target", "load", "note"]
    body = [row.cells() for row in rows]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out.extend(line(r) for r in body)
    return "\n".join(out)


def cpu_seconds(fn: Callable[[], object]) -> float:
    """CPU time of this process spent in `fn()`."""
    start = time.process_time()
    fn()
    return time.process_time() - start


@dataclass
class ProcessRun:
    wall: float
    cpu: float
    """User + system CPU time of the child (and its children, when it waits for them)."""
    max_rss_kb: int
    returncode: int
    stdout: str


def run_process(
    args: Sequence[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> ProcessRun:
    """Run a command to completion; its wall time, CPU time and peak resident memory.

    Uses `os.wait4`, so the figures are the child's own (not the whole machine's).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(args),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ProcessRun(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_kb=int(usage.ru_maxrss),
        returncode=proc.returncode,
        stdout=stdout,
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


PYTHON = sys.executable
