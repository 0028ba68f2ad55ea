"""A batch's float totals come out the same to the bit however its runs are cut into parts.

The order of the additions is fixed by the runs' indexes alone (`blocksum`): each block of
`BLOCK_RUNS` runs summed in run order from 0.0, then the blocks' sums in block order. Here
runs with any number of values each (a turn's histogram gets none from a game that ended
before it) are cut into parts of any sizes, played from any run (a resumed batch adds its
first runs one by one), and the total is always that one.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from functools import reduce

from hypothesis import given
from hypothesis import strategies as st

from wargame.analysis.blocksum import BLOCK_RUNS, BlockSum, BlockValues, block_of

VALUES = st.one_of(
    st.sampled_from([0.0, -0.0, 0.1, 1e16, -1e16, 1.0, 2.5]),
    st.floats(-1e6, 1e6, allow_nan=False),
)
RUNS = st.lists(st.lists(VALUES, max_size=3), max_size=5 * BLOCK_RUNS)
"""Each run's values, run 0 first."""


def _by_definition(runs: list[list[float]]) -> float:
    blocks = [
        reduce(operator.add, (v for run in runs[start : start + BLOCK_RUNS] for v in run), 0.0)
        for start in range(0, len(runs), BLOCK_RUNS)
        if any(runs[start : start + BLOCK_RUNS])
    ]
    return reduce(operator.add, blocks, 0.0)


def _one_by_one(runs: list[list[float]], first: int = 0, into: BlockSum | None = None) -> BlockSum:
    total = BlockSum() if into is None else into
    for index, values in enumerate(runs[first:], first):
        for value in values:
            total.add(value, block_of(index))
    return total


def _part(runs: list[list[float]], start: int, stop: int) -> BlockValues:
    """Runs `start` to `stop` - 1 as a worker keeps them (`BatchSummary.add_figures`)."""
    part = BlockValues()
    block, first = -1, False
    for index in range(start, stop):
        if block_of(index) != block:
            part.cut(block, first)
            block, first = block_of(index), index % BLOCK_RUNS == 0
        part.values.extend(runs[index])
    part.cut(block, first)
    return part


def _sent(
    part: BlockValues,
) -> tuple[array[int], array[float], dict[int, array[float]]]:
    """What a part sends of a total (`parts.Part`): its blocks, their sums, the continued."""
    assert not part.values, "cut"
    return part.blocks, part.sums, part.continued


def _bits(total: BlockSum) -> str:
    return total.total.hex()


@given(runs=RUNS, data=st.data())
def test_parts_of_any_sizes_give_the_total_of_one_by_one_and_of_the_definition(
    runs: list[list[float]], data: st.DataObject
) -> None:
    cuts = data.draw(st.lists(st.integers(1, max(1, len(runs) - 1)), max_size=10, unique=True))
    edges = [0, *sorted(c for c in cuts if c < len(runs)), len(runs)]
    whole = BlockSum()
    for start, stop in itertools.pairwise(edges):
        whole.absorb(*_sent(_part(runs, start, stop)))
    one_by_one = _one_by_one(runs)
    assert _bits(whole) == _bits(one_by_one) == _by_definition(runs).hex()
    assert whole == one_by_one


@given(runs=RUNS, size=st.integers(1, 3 * BLOCK_RUNS), resumed=st.integers(0, 2 * BLOCK_RUNS))
def test_chunks_of_one_size_after_runs_added_one_by_one_give_the_same_total(
    runs: list[list[float]], size: int, resumed: int
) -> None:
    """As `--jobs N` cuts a batch into chunks (and a resumed batch reads its first runs)."""
    resumed = min(resumed, len(runs))
    whole = _one_by_one(runs[:resumed])
    for start in range(resumed, len(runs), size):
        whole.absorb(*_sent(_part(runs, start, min(start + size, len(runs)))))
    assert _bits(whole) == _by_definition(runs).hex()


@given(
    runs=st.lists(st.lists(VALUES, max_size=2), min_size=2 * BLOCK_RUNS, max_size=6 * BLOCK_RUNS),
    sizes=st.lists(st.integers(1, 3), min_size=1, max_size=5),
)
def test_parts_of_whole_blocks_give_the_total_of_one_by_one(
    runs: list[list[float]], sizes: list[int]
) -> None:
    """As guided chunks cut a batch (`batch.Guided(whole=BLOCK_RUNS)`): every part sends
    only sums, and the gatherer adds them in one pass (`BlockSum.absorb`'s fast path)."""
    whole, start = BlockSum(), 0
    for size in itertools.cycle(sizes):
        if start >= len(runs):
            break
        stop = min(start + size * BLOCK_RUNS, len(runs))
        part = _part(runs, start, stop)
        assert not part.continued
        whole.absorb(*_sent(part))
        start = stop
    assert _bits(whole) == _by_definition(runs).hex()
    assert whole == _one_by_one(runs)


def test_a_part_that_played_its_blocks_from_their_first_run_sends_one_float_a_block() -> None:
    runs = [[float(i), 0.5] for i in range(3 * BLOCK_RUNS)]
    aligned = _part(runs, BLOCK_RUNS, 3 * BLOCK_RUNS)
    assert (aligned.blocks.tolist(), len(aligned.sums), aligned.continued) == ([1, 2], 2, {})
    inside = _part(runs, BLOCK_RUNS + 5, 3 * BLOCK_RUNS)
    assert inside.blocks.tolist() == [1, 2]
    assert list(inside.continued) == [1]  # begun by another part: its values as they are
    assert inside.continued[1].tolist() == [
        v for run in runs[BLOCK_RUNS + 5 : 2 * BLOCK_RUNS] for v in run
    ]


def test_the_order_matters_so_the_blocks_are_needed() -> None:
    """The reason for all this: the same values added in another order differ in the last
    bits (adding a batch's values in run order, or blockwise, gives different totals)."""
    runs = [[1e16 if i % BLOCK_RUNS == BLOCK_RUNS - 1 else 1.0] for i in range(2 * BLOCK_RUNS)]
    plain = reduce(operator.add, (v for run in runs for v in run), 0.0)
    assert _by_definition(runs) != plain
    assert _bits(_one_by_one(runs)) == _by_definition(runs).hex()
