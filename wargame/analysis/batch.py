"""The Monte Carlo batch driver: specs in, results out in run order, on any executor.

Runs are grouped into chunks (one task each) and at most a few chunks per worker are in
flight, so memory stays flat however many runs are asked for. Results are handed on in run
order whatever order the workers finish in: the output file and the summary are then the
same for one worker or many, locally or on Dask.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from wargame.analysis.play import RunResult, RunSpec, run_chunk, run_seed
from wargame.errors import WargameError

T = TypeVar("T")
R = TypeVar("R")


class BackendError(WargameError, ValueError):
    """A backend that can't be used here (unknown, or its extra isn't installed)."""


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
    for combo_index, overrides in enumerate(grid):
        for i in range(runs):
            index = combo_index * runs + i
            if index in skip:
                continue
            yield RunSpec(
                scenario_text=text,
                scenario_name=name,
                run_index=index,
                seed=run_seed(seed, index),
                policies=tuple(policies),
                default_policy=default_policy,
                overrides=overrides,
            )


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def map_chunks(
    function: Callable[[list[T]], list[R]],
    items: Iterable[T],
    *,
    executor: cf.Executor | None = None,
    chunk: int = 100,
    in_flight: int = 8,
) -> Iterator[R]:
    """`function` over `items` in chunks (one task each); results in the order of `items`.

    `function` must be a picklable top-level function. Without an executor the chunks run
    in this process (the reference behaviour the parallel backends must reproduce); with
    one, at most `in_flight` chunks wait at a time, so memory stays flat.
    """
    if executor is None:
        for batch in _chunks(items, chunk):
            yield from function(batch)
        return
    pending: dict[int, cf.Future[list[R]]] = {}
    chunks = enumerate(_chunks(items, chunk))
    next_out = 0
    exhausted = False
    while True:
        while not exhausted and len(pending) < in_flight:
            try:
                number, batch = next(chunks)
            except StopIteration:
                exhausted = True
                break
            pending[number] = executor.submit(function, batch)
        if not pending:
            return
        future = pending.pop(next_out)
        yield from future.result()
        next_out += 1


def run_batch(
    specs: Iterable[RunSpec],
    *,
    executor: cf.Executor | None = None,
    chunk: int = 100,
    in_flight: int = 8,
) -> Iterator[RunResult]:
    """Play every spec; yield results in the order of `specs`."""
    return map_chunks(run_chunk, specs, executor=executor, chunk=chunk, in_flight=in_flight)


@contextmanager
def open_executor(
    backend: str, jobs: int, scheduler: str | None = None
) -> Iterator[cf.Executor | None]:
    """The executor for `backend`: `local` (processes; None for one job) or `dask`."""
    if backend == "local":
        if jobs <= 1:
            yield None
            return
        # spawn: the same start method and pickling rules on every OS.
        with cf.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            yield pool
        return
    if backend == "dask":
        try:
            # Imported by name: an optional extra whose untyped API stays behind `Any`.
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise BackendError(
                "the dask backend needs the extra: pip install 'wargame[dask]'"
            ) from None
        if not scheduler:
            raise BackendError(
                "--backend dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)"
            )
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except OSError as exc:
            raise BackendError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client.get_executor()
        finally:
            client.close()
        return
    raise BackendError(f"unknown backend {backend!r}; use 'local' or 'dask'")


ProgressCallback = Callable[[int], Any]
