"""What a worker packs of its runs' decisions (`parts.Part`: runs, steps, a bitmap a move)
unpacks to what it packed, and the top-up's runs are the first TOP_UP_RUNS, however the runs
were cut."""

from __future__ import annotations

import itertools
from array import array

from hypothesis import given
from hypothesis import strategies as st

from wargame.analysis.decisions import (
    Decisions,
    bitmap,
    bitmaps,
    compact_runs,
    positions,
    smallest_array,
)

flags = st.lists(st.integers(0, 1), max_size=1200).map(bytearray)


@given(flags)
def test_a_bitmap_unpacks_to_the_positions_of_its_flags(where: bytearray) -> None:
    assert positions(bitmap(where)) == [i for i, flag in enumerate(where) if flag]


@given(st.lists(st.integers(0, 2**64 - 1)))
def test_the_smallest_array_holds_every_value(values: list[int]) -> None:
    packed = smallest_array(values)
    assert packed.tolist() == values
    top = max(values, default=0)
    fits = [array(c).itemsize for c in "BHIQ" if top < 1 << 8 * array(c).itemsize]
    assert packed.itemsize == min(fits)


@given(st.lists(st.integers(0, 300), unique=True).map(sorted))
def test_run_indexes_pack_to_themselves(indexes: list[int]) -> None:
    packed = compact_runs(indexes)
    assert list(packed) == indexes
    if indexes and indexes[-1] - indexes[0] == len(indexes) - 1:
        assert isinstance(packed, range)


moves = ("a", "b", "c")
runs = st.lists(
    st.tuples(st.integers(0, 70), st.sets(st.sampled_from(moves)).map(sorted)), max_size=60
)


@given(runs, st.lists(st.integers(1, 59), unique=True), st.integers(1, 20))
def test_parts_note_the_same_runs_as_one_by_one(
    played: list[tuple[int, list[str]]], cuts: list[int], cap: int
) -> None:
    by_part = Decisions(cap=cap)  # a small cap, to cross it
    edges = [0, *sorted(c for c in cuts if c < len(played)), len(played)]
    for start, stop in itertools.pairwise(edges):
        chunk = played[start:stop]
        indexes = list(range(start * 2, stop * 2, 2))  # not contiguous: an array
        flags = {m: bytearray(1 if m in a else 0 for _, a in chunk) for m in moves}
        steps = [s for s, _ in chunk]
        sent = bitmaps({m: f for m, f in flags.items() if any(f)}, moves, len(chunk))
        by_part.add_part(compact_runs(indexes), smallest_array(steps), sent, moves)
    assert by_part.runs.tolist() == [2 * i for i in range(len(played))]
    assert by_part.steps.tolist() == [s for s, _ in played]
    for move in moves:
        where = [2 * i for i, (_, a) in enumerate(played) if move in a]
        assert by_part.available(move) == where[:cap]
        assert by_part.was_available(move) == bool(where)
