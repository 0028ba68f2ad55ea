"""The Monte Carlo batch driver: specs in, results out in run order, on any executor.

Runs are grouped into chunks (one task each) and at most a few chunks per worker are in
flight, so memory stays flat however many runs are asked for. Results are handed on in run
order whatever order the workers finish in: the output file and the summary are then the
same for one worker or many, locally or on Dask.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import gc
import importlib
import multiprocessing
import sys
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from wargame.analysis.parts import Part, PartBuilder, PartLayout
from wargame.analysis.play import (
    RunResult,
    RunSpec,
    compiled,
    run_chunk,
    run_figures,
    run_seed,
)
from wargame.errors import WargameError

T = TypeVar("T")
R = TypeVar("R")


class BackendError(WargameError, ValueError):
    """A backend that can't be used here (unknown, or its extra isn't installed)."""


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """What every run of a batch shares: run `index` is `plan.spec(index)`, `runs` per
    parameter combination, indexed across the grid."""

    text: str
    name: str
    runs: int
    seed: int | str
    policies: tuple[tuple[str, str], ...] = ()
    default_policy: str = "random"
    grid: tuple[tuple[tuple[str, str], ...], ...] = ((),)

    def spec(self, index: int) -> RunSpec:
        return RunSpec(
            scenario_text=self.text,
            scenario_name=self.name,
            run_index=index,
            seed=run_seed(self.seed, index),
            policies=self.policies,
            default_policy=self.default_policy,
            overrides=self.grid[index // self.runs],
        )

    def indexes(self, skip: frozenset[int] = frozenset()) -> Iterator[int]:
        """Every run's index in order, but those in `skip`."""
        every = range(self.runs * len(self.grid))
        return iter(every) if not skip else (index for index in every if index not in skip)

    def __reduce__(self) -> tuple[Any, ...]:
        """A plan crosses to a worker with every task: its text goes compressed
        (`_packed`; Greenland's 91 KB as 30 KB), so a task fits a pipe's 64 KB and waits
        there for its worker, where one larger than the pipe is read only as fast as the
        command's feeder thread, woken for it, writes the rest. A worker unpacks each text
        once and hands every task the same string (`play.compiled` knows it at sight)."""
        rest = (self.name, self.runs, self.seed, self.policies, self.default_policy, self.grid)
        return (_unpacked_plan, (_packed(self.text), *rest))


@functools.lru_cache(maxsize=4)
def _packed(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


@functools.lru_cache(maxsize=4)
def _unpacked(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


def _unpacked_plan(packed: bytes, *rest: Any) -> BatchPlan:
    return BatchPlan(_unpacked(packed), *rest)


def make_specs(
    *,
    text: str,
    name: str,
    runs: int,
    seed: int | str,
    policies: Sequence[tuple[str, str]] = (),
    default_policy: str = "random",
    grid: Sequence[tuple[tuple[str, str], ...]] = ((),),
    skip: frozenset[int] = frozenset(),
) -> Iterator[RunSpec]:
    """The runs of a batch: `runs` per parameter combination, indexed across the grid."""
    plan = BatchPlan(text, name, runs, seed, tuple(policies), default_policy, tuple(grid))
    return (plan.spec(index) for index in plan.indexes(skip))


def summarise_chunk(
    plan: BatchPlan, bounds: dict[str, tuple[float, float]], indexes: list[int]
) -> list[Part]:
    """Play the runs `indexes` of `plan` and summarise them as a part for
    `parts.Gathering`, with where their decisions were (the runs' indexes, the actions each
    took and, per move, the runs in which it was available, where the decisive moves draw
    from); `bounds` are the variables' histogram ranges of the whole.

    A task is given run indexes rather than specs, and sends back its part flat: counts,
    bins and float totals by blocks of runs (`blocksum`) in a few arrays and bytes rather
    than a record per run or a tree of objects (`parts`): the process that gathers a batch
    works on a core the workers would otherwise have.

    Each run is folded in as it ends, not kept with the chunk's others until the chunk
    is played (~4 MB at 1,024 Greenland runs): the cyclic collector runs on what is
    allocated and not yet freed, and ran twice as often on a chunk held whole.
    """
    builder = PartBuilder(PartLayout.of(compiled(plan.text, plan.name, ())), bounds)
    for index in indexes:
        builder.add(run_figures(plan.spec(index)))
    return [builder.part()]


def _chunks(items: Iterable[T], size: int | Callable[[], int]) -> Iterator[list[T]]:
    """`items` in lists of `size` (or of what `size()` says as each list starts)."""
    remaining = iter(items)
    while chunk := list(islice(remaining, max(1, size() if callable(size) else size))):
        yield chunk


LARGEST_CHUNK = {"local": 1024, "dask": 2560}
"""Runs in a backend's largest task (`Guided`): a local task costs about 0.1 ms to send and
absorb, a Dask task about 3 ms of CPU between the client, its scheduler and the worker."""


class Guided:
    """Chunk sizes that shrink as a batch nears its end (guided scheduling): large tasks
    while there is much to do, so each task's fixed costs (sending it, absorbing its part)
    spread over many runs; small ones at the end, so no worker waits long for the last.

    Each size is a multiple of `whole` (rounded up), so chunks of consecutive runs from
    run 0 begin and end on `blocksum` blocks, and their parts send a block's sum rather
    than its values."""

    def __init__(
        self, total: int, workers: int, *, least: int = 50, most: int = 1000, whole: int = 1
    ) -> None:
        self.left = total
        self.workers = max(1, workers)
        self.least = least
        self.most = most
        self.whole = max(1, whole)

    def __call__(self) -> int:
        size = max(self.least, min(self.most, self.left // (4 * self.workers)))
        size = -(-size // self.whole) * self.whole
        self.left -= size
        return size


def map_chunks(
    function: Callable[[list[T]], list[R]],
    items: Iterable[T],
    *,
    executor: cf.Executor | None = None,
    chunk: int | Callable[[], int] = 100,
    in_flight: int = 8,
) -> Generator[R, None, None]:
    """`function` over `items` in chunks (one task each); results in the order of `items`.

    `function` must be a picklable top-level function. Without an executor the chunks run
    in this process (the reference behaviour the parallel backends must reproduce); with
    one, at most `in_flight` chunks wait at a time, so memory stays flat, and closing the
    iterator early cancels the chunks not yet started.
    """
    if executor is None:
        for batch in _chunks(items, chunk):
            yield from function(batch)
        return
    pending: dict[int, cf.Future[list[R]]] = {}
    chunks = enumerate(_chunks(items, chunk))
    next_out = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < in_flight:
                try:
                    number, batch = next(chunks)
                except StopIteration:
                    exhausted = True
                    break
                pending[number] = executor.submit(function, batch)
            if next_out not in pending:
                return  # every chunk handed on
            yield from pending.pop(next_out).result()
            next_out += 1
    finally:  # a consumer that stops early leaves nothing queued behind it
        for future in pending.values():
            future.cancel()


def run_batch(
    specs: Iterable[RunSpec],
    *,
    executor: cf.Executor | None = None,
    chunk: int = 100,
    in_flight: int = 8,
) -> Iterator[RunResult]:
    """Play every spec; yield results in the order of `specs`."""
    return map_chunks(run_chunk, specs, executor=executor, chunk=chunk, in_flight=in_flight)


START_METHOD = "fork" if sys.platform == "linux" else "spawn"
"""How local workers start. On Linux they are forked from the process that has already
imported wargame and compiled the scenario (and its generated playout), so a worker starts
in milliseconds instead of importing everything again (~0.4 s each). Elsewhere they are
spawned: fork is unsafe on macOS and absent on Windows. The results are the same either
way (each run is a pure function of its spec)."""


def _local_pool(jobs: int, start_method: str) -> cf.ProcessPoolExecutor:
    """`jobs` worker processes; this process hands out the chunks and gathers the parts.

    Measured against the command playing chunks itself beside `jobs` - 1 workers, on the
    same CPU time (docs/performance.md): the workers' queues stay full however long this
    process is kept from running, where a worker fed by a process that is busy playing
    runs dry and waits."""
    context = multiprocessing.get_context(start_method)
    # A worker freezes what it starts with (a forked one: everything the parent had), so
    # the collector never walks those objects again, nor copies their pages.
    return cf.ProcessPoolExecutor(jobs, mp_context=context, initializer=gc.freeze)


@contextmanager
def open_executor(
    backend: str, jobs: int, scheduler: str | None = None, *, start_method: str | None = None
) -> Iterator[cf.Executor | None]:
    """The executor for `backend`: `local` (None for one job, else `jobs` worker
    processes) or `dask` (the scheduler at `scheduler`, or a
    LocalCluster of `jobs` single-threaded worker processes started here and stopped at
    the end when no scheduler is given)."""
    if backend == "local":
        if jobs <= 1:
            yield None
            return
        with _local_pool(jobs, start_method or START_METHOD) as pool:
            yield pool
        return
    if backend == "dask":
        with _dask_client(_extra("distributed"), jobs, scheduler) as client:
            yield client.get_executor(pure=False)
        return
    raise BackendError(f"unknown backend {backend!r}; use 'local' or 'dask'")


def _extra(module: str) -> Any:
    """A module of the dask extra, imported by name: an optional extra whose untyped API
    stays behind `Any`."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise BackendError(
            "the dask backend needs the extra: pip install 'wargame[dask]'"
        ) from None


@contextmanager
def _dask_client(distributed: Any, jobs: int, scheduler: str | None) -> Iterator[Any]:
    """A client of the scheduler at `scheduler`, or of `local_cluster(jobs)`."""
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except OSError as exc:
            raise BackendError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    with local_cluster(jobs) as cluster, distributed.Client(cluster) as client:
        yield client


QUIET_CLUSTER: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
}
"""Dask settings of the LocalCluster `--backend dask` starts: its servers' housekeeping
made rare. By default each worker samples its threads' stacks every 10 ms (profiling)
and every server checks its event loop every 20 ms and its memory every 100-500 ms: idle,
the command (client, scheduler, nannies) and two workers took 9 % of a core, 1.4 % so
(and more while busy: the profiler walks a busy thread's stack). Work stealing is off: the
batch hands out its chunks a few at a time, guided, and nothing is left to steal."""


@contextmanager
def local_cluster(jobs: int) -> Iterator[Any]:
    """A Dask LocalCluster of `jobs` worker processes (one thread each: the runs are pure
    Python) on this machine's loopback, with `QUIET_CLUSTER`; stopped on leaving."""
    import logging

    try:
        dask: Any = importlib.import_module("dask")
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise BackendError(
            "the dask backend needs the extra: pip install 'wargame[dask]'"
        ) from None
    with (
        dask.config.set(QUIET_CLUSTER),
        distributed.LocalCluster(
            n_workers=max(1, jobs),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
    ):
        yield cluster


ProgressCallback = Callable[[int], Any]
