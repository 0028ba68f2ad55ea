"""Where a batch's decisions were: each run's steps and the moves available in it.

The decisive moves draw their points from these (`simulate._interventions`): every run's
steps for the uniform half, and per move the first runs where it was available for the
top-up. In a parallel batch they come back from the workers with each part of the summary
(`parts.Part`): the gathering process shares a core with the workers, so what it receives
and unpacks is taken from the playing. A part's availability is one bitmap per move (a bit
a run), read only for the moves the top-up still needs, and unpacked only as far as it asks.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

from wargame.analysis.play import RunResult

TOP_UP_RUNS = 4096
"""Runs remembered per move (those where it was available) for the top-up phase."""

_BITS = bytes.maketrans(b"\0\1", b"01")


def bitmap(flags: bytes | bytearray) -> int:
    """One bit per flag (a byte 0 or 1): bit i is `flags[i]`."""
    return int(flags.translate(_BITS)[::-1], 2) if flags else 0


def bitmaps(flags: Mapping[str, bytes | bytearray], moves: Sequence[str], runs: int) -> bytes:
    """Per move of `moves`, the `bitmap` of its flags (none: all 0) in `(runs + 7) // 8`
    bytes, little-endian: what `Decisions.add_part` reads."""
    width = (runs + 7) // 8
    return b"".join(bitmap(flags.get(move, b"")).to_bytes(width, "little") for move in moves)


def positions(bits: int) -> list[int]:
    """The positions of the set bits of `bits`, lowest first (`bitmap`'s inverse)."""
    return [i for i, bit in enumerate(reversed(f"{bits:b}")) if bit == "1"]


def smallest_array(values: Sequence[int]) -> array[int]:
    """`values` (none negative) in the array of the narrowest unsigned type that holds them."""
    top = max(values, default=0)
    for code in "BHIQ":
        if top < 1 << (8 * array(code).itemsize):
            return array(code, values)
    raise OverflowError(f"{top} does not fit in 64 bits")


def compact_runs(indexes: list[int]) -> range | array[int]:
    """Run indexes (increasing) as a range when they follow each other, as a batch without
    `--resume` hands them out; else in the smallest array."""
    if indexes:
        span = range(indexes[0], indexes[-1] + 1)
        if len(span) == len(indexes):
            return span
    return smallest_array(indexes)


@dataclass
class Decisions:
    """Where a batch's decisions were, run by run or a worker's part at a time, in the
    order the runs came (run order)."""

    runs: array[int] = field(default_factory=lambda: array("q"))
    steps: array[int] = field(default_factory=lambda: array("q"))
    """Run `runs[i]` took `steps[i]` actions: every run, 16 bytes each (flat memory to
    100,000 runs and beyond, where pairs took ~100 bytes a run)."""
    cap: int = TOP_UP_RUNS
    """Runs kept per move where it was available: the first `cap` (the top-up needs no
    more)."""
    _offsets: dict[str, array[int]] = field(default_factory=dict)
    _bitmaps: dict[str, list[int]] = field(default_factory=dict)
    """Move -> where it was available, as packed: bit i of `_bitmaps[move][k]` is run
    `runs[_offsets[move][k] + i]`; kept until `cap` runs are noted."""
    _noted: Counter[str] = field(default_factory=Counter)

    def add(self, result: RunResult) -> None:
        offset = len(self.runs)
        self.runs.append(result.run_index)
        self.steps.append(result.steps)
        for move in result.available:
            self._note(move, offset, 1)

    def add_part(
        self,
        runs: Sequence[int],
        steps: array[int],
        available: bytes,
        moves: Sequence[str],
    ) -> None:
        """The runs of a worker's part (`parts.Part`), which come next in order: `runs`
        took `steps` actions; `available` is a bitmap of them per move of `moves`, each
        `(len(runs) + 7) // 8` bytes, bit i for `runs[i]`."""
        offset = len(self.runs)
        self.runs.fromlist(list(runs))  # an array of another type can't extend it
        self.steps.fromlist(steps.tolist())
        width = (len(runs) + 7) // 8
        view = memoryview(available)
        noted, cap = self._noted, self.cap
        for k, move in enumerate(moves):
            if noted[move] < cap:
                bits = int.from_bytes(view[k * width : (k + 1) * width], "little")
                if bits:
                    self._note(move, offset, bits)

    def _note(self, move: str, offset: int, bits: int) -> None:
        if self._noted[move] >= self.cap:
            return
        self._noted[move] += bits.bit_count()
        if move not in self._offsets:
            self._offsets[move] = array("q")
            self._bitmaps[move] = []
        self._offsets[move].append(offset)
        self._bitmaps[move].append(bits)

    def was_available(self, move: str) -> bool:
        """Whether `move` was available in any run."""
        return self._noted[move] > 0

    def available(self, move: str) -> list[int]:
        """The first runs (at most `cap`) in which `move` was available."""
        runs = self.runs
        where = (
            runs[offset + position]
            for offset, bits in zip(
                self._offsets.get(move, ()), self._bitmaps.get(move, ()), strict=True
            )
            for position in positions(bits)
        )
        return list(islice(where, self.cap))
