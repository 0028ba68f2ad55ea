"""A batch summed from parts made in workers is the batch summed run by run, to the bit.

`wargame simulate` without `--out` has its workers send back parts of the summary
(`batch.summarise_chunk`, gathered by `parts.Gathering`) instead of a record per run. Counts add up
in any order; the float totals are summed in blocks of runs fixed by the runs' indexes
(`blocksum`), a part sending a block's sum or, where it began inside a block, its values.
So however the runs are cut into tasks, on however many workers of whichever start method
or backend, the summary is the one adding every run in order gives.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import pickle
from array import array
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.analysis import parts
from wargame.analysis.batch import BatchPlan, Guided, map_chunks, summarise_chunk
from wargame.analysis.blocksum import BLOCK_RUNS
from wargame.analysis.decisions import Decisions
from wargame.analysis.parts import Gathering, Part, PartBuilder, PartLayout
from wargame.analysis.play import run_figures, run_one
from wargame.analysis.render import summary_json
from wargame.analysis.simulate import BatchOptions, run_simulation
from wargame.analysis.summary import BatchSummary
from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
GREENLAND = ROOT / "scenarios" / "greenland.yaml"
CUBA = ROOT / "scenarios" / "cuba1962.yaml"
SCENARIO = load_scenario(GREENLAND)
BOUNDS = {v.id: (v.min, v.max) for v in SCENARIO.variables}
PLAN = BatchPlan(
    GREENLAND.read_text(encoding="utf-8"),
    str(GREENLAND),
    60,
    "parts",
    grid=((), (("variables.escalation.start", "4"),)),
)
RUNS = list(PLAN.indexes())
RESULTS = [run_one(PLAN.spec(index)) for index in RUNS]
ONE_BY_ONE = BatchSummary(variable_bounds=BOUNDS)
ONE_BY_ONE_DECISIONS = Decisions()
for _result in RESULTS:
    ONE_BY_ONE.add(_result)
    ONE_BY_ONE_DECISIONS.add(_result)
EMPTY = PartLayout((), (), (), (), ())
"""A layout that foresees nothing: each part names what it met (`PartLayout.with_names`)."""


def _one_by_one(count: int) -> tuple[BatchSummary, Decisions]:
    """The first `count` runs added one at a time (the reference)."""
    if count == len(RESULTS):
        return ONE_BY_ONE, ONE_BY_ONE_DECISIONS
    summary, decisions = BatchSummary(variable_bounds=BOUNDS), Decisions()
    for result in RESULTS[:count]:
        summary.add(result)
        decisions.add(result)
    return summary, decisions


def _gathered(
    edges: list[int], layout: PartLayout | None = None, *, pickled: bool = False
) -> tuple[BatchSummary, Decisions]:
    """The runs from `edges[0]` to `edges[-1]` as parts cut at `edges`, gathered; parts
    laid out by `layout` when given (else the scenario's, as a worker does)."""
    summary = BatchSummary(variable_bounds=BOUNDS)
    decisions = Decisions()
    gathering = Gathering(summary, decisions)
    for start, stop in itertools.pairwise(edges):
        if layout is None:
            [part] = summarise_chunk(PLAN, BOUNDS, RUNS[start:stop])
        else:
            builder = PartBuilder(layout, BOUNDS)
            for index in RUNS[start:stop]:
                builder.add(run_figures(PLAN.spec(index)))
            part = builder.part()
        if pickled:  # as it crosses from a worker
            part = pickle.loads(pickle.dumps(part, pickle.HIGHEST_PROTOCOL))
        gathering.absorb(part)
    gathering.settle()
    return summary, decisions


def _same_decisions(decisions: Decisions, count: int) -> None:
    results = RESULTS[:count]
    assert decisions.runs.tolist() == [r.run_index for r in results]
    assert decisions.steps.tolist() == [r.steps for r in results]
    for move in SCENARIO.moves:  # where the decisive moves' top-up looks
        where = [r.run_index for r in results if move.id in r.available]
        assert decisions.available(move.id) == where
        assert decisions.was_available(move.id) == bool(where)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), count=st.integers(1, len(RUNS)), pickled=st.booleans())
def test_parts_gathered_in_order_are_the_runs_added_one_by_one(
    data: st.DataObject, count: int, pickled: bool
) -> None:
    """Any number of runs, cut anywhere (inside blocks too), any layout a worker may send."""
    cuts = data.draw(st.lists(st.integers(1, max(1, count - 1)), max_size=8, unique=True))
    edges = [0, *sorted(c for c in cuts if c < count), count]
    layout = data.draw(st.sampled_from([None, EMPTY, PartLayout.of(SCENARIO)]))
    summary, decisions = _gathered(edges, layout, pickled=pickled)
    reference, reference_decisions = _one_by_one(count)
    assert summary == reference
    _same_decisions(decisions, count)
    _same_decisions(reference_decisions, count)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(limit=st.integers(1, 150), size=st.integers(1, 3 * BLOCK_RUNS))
def test_counts_spilled_before_their_fields_could_overflow_are_the_same(
    limit: int, size: int
) -> None:
    """The gatherer adds parts' counts as one integer of 32-bit fields while fewer than
    `FIELD_RUNS` runs are in it; spilled at any limit, the summary is the same."""
    edges = [*range(0, len(RUNS), size), len(RUNS)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts, "FIELD_RUNS", limit)
        summary, decisions = _gathered(edges)
    assert summary == ONE_BY_ONE
    _same_decisions(decisions, len(RUNS))


def test_a_part_is_a_handful_of_flat_objects() -> None:
    """What the gathering process unpickles: a few strings, bytes and arrays, not a tree of
    histograms and counters."""
    [part] = summarise_chunk(PLAN, BOUNDS, RUNS[:48])  # one setting, one block
    kinds = {type(value) for value in (getattr(part, name) for name in Part.__slots__)}
    assert kinds <= {str, int, bytes, array, range, tuple, dict}
    assert part.params == ((),) and part.continued == {}  # whole blocks: sums only
    assert len(part.sums) == len(part.blocks) and part.sum_ends[-1] == len(part.sums)


PIPE_BYTES = 65_536
"""What a pipe holds on Linux by default: a message larger than this makes its sender wait
for the reading process to be scheduled (a worker's part, the command's task)."""


def test_a_full_part_fits_a_pipe() -> None:
    plan = BatchPlan(PLAN.text, PLAN.name, 1_024, "pipe")
    [part] = summarise_chunk(plan, BOUNDS, list(range(1_024)))  # the largest local chunk
    assert part.n == 1_024
    assert len(pickle.dumps([part], pickle.HIGHEST_PROTOCOL)) < PIPE_BYTES


def test_a_plan_crosses_with_its_text_compressed_and_unpacks_to_one_text() -> None:
    sent = pickle.dumps(PLAN, pickle.HIGHEST_PROTOCOL)
    assert len(sent) < PIPE_BYTES / 2  # Greenland's text is 91 KB
    first, second = pickle.loads(sent), pickle.loads(pickle.dumps(PLAN))
    assert first == PLAN == second
    assert first.text is second.text  # `play.compiled` finds it by identity


def _summary(**options: object) -> str:
    outcome = run_simulation(BatchOptions(CUBA, runs=300, seed=9, interventions=0, **options))  # type: ignore[arg-type]
    return json.dumps(summary_json(outcome.summary, outcome.scenario, header=outcome.header))


def test_the_summary_is_the_same_for_any_jobs_chunks_and_start_method(tmp_path: Path) -> None:
    one = _summary(jobs=1)
    assert _summary(jobs=2) == one
    assert _summary(jobs=2, chunk=7) == one
    from wargame.analysis import batch

    start = batch.START_METHOD
    batch.START_METHOD = "spawn"
    try:
        assert _summary(jobs=2) == one
    finally:
        batch.START_METHOD = start
    # and the batch that writes its records, which sums them one by one in this process
    assert _summary(jobs=2, out=tmp_path / "runs.jsonl") == one


@given(
    total=st.integers(0, 20_000),
    workers=st.integers(1, 8),
    least=st.integers(1, 200),
    whole=st.sampled_from([1, 7, BLOCK_RUNS]),
)
def test_guided_chunks_cover_every_item_in_order_shrink_and_are_whole_blocks(
    total: int, workers: int, least: int, whole: int
) -> None:
    sizes: list[int] = []

    def sized(items: list[int]) -> list[int]:
        sizes.append(len(items))
        return items

    chunk = Guided(total, workers, least=least, most=1024, whole=whole)
    out = list(map_chunks(sized, range(total), chunk=chunk))
    assert out == list(range(total))
    assert all(least <= size < max(least, 1024) + whole for size in sizes[:-1])
    assert all(size % whole == 0 for size in sizes[:-1])  # each chunk begins a block
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)  # large first, small at the end


def _tagged(parent: int, items: list[int]) -> list[tuple[bool, int]]:
    """Each item with whether the process that handed it out played it."""
    return [(os.getpid() == parent, item) for item in items]


def test_with_local_workers_the_workers_play_and_order_is_kept() -> None:
    from wargame.analysis.batch import open_executor

    tag = functools.partial(_tagged, os.getpid())
    with open_executor("local", 2) as pool:
        out = list(map_chunks(tag, range(200), executor=pool, chunk=7, in_flight=4))
    assert [item for _, item in out] == list(range(200))
    assert not any(here for here, _ in out)
