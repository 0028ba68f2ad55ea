"""A batch's float totals, the same to the bit however its runs were shared out.

Floating-point addition is not associative: a total's last bits depend on the order its
values were added in. So the order is fixed by the runs' indexes alone. The runs fall in
blocks of `BLOCK_RUNS` (runs 0-63, 64-127, ...); a block's values are added in run order
from 0.0, then the blocks' sums in block order from 0.0. One worker or many, local or
Dask, chunks of any size: the total is the same.

It also keeps the adding off the process that gathers a batch (it shares a core with the
workers): a worker that played a block from its first run sends the block's sum, one
float for 64 runs' values (`BlockValues`), and the gatherer adds only those (`BlockSum`).
A worker whose chunk began inside a block sends that block's values as they are, and the
gatherer carries on the block's sum from where the part before left it.
"""

from __future__ import annotations

import operator
from array import array
from dataclasses import dataclass, field
from functools import reduce
from typing import TypeAlias

BLOCK_RUNS = 64
"""Runs in a block. Small enough that a batch's chunks, cut to whole blocks (`batch.Guided`),
can still end with tasks of ~25 ms; large enough that the gatherer adds one float where a
worker added 64."""

Piece: TypeAlias = "tuple[int, float | array[float]]"
"""A part's values in one block: (block, the sum of the block's values from its first run)
when the part played that run, else (block, the values, in run order)."""


def block_of(run_index: int) -> int:
    """The block run `run_index` falls in."""
    return run_index // BLOCK_RUNS


@dataclass(slots=True)
class BlockSum:
    """A total in the gathering process: the values of each block added in run order from
    0.0, and the blocks' sums in block order from 0.0 (values and parts come in run order)."""

    closed: float = 0.0
    """The sums of the blocks before `block`, in block order."""
    block: int = -1
    """The block being added up."""
    running: float = 0.0
    """The values of `block` so far, in run order."""

    @property
    def total(self) -> float:
        return self.closed + self.running

    def add(self, value: float, block: int) -> None:
        """One value, of a run of `block`."""
        if block != self.block:
            self._open(block, 0.0)
        self.running += value

    def absorb(self, pieces: list[Piece]) -> None:
        """A worker's values (`BlockValues.pieces`), which come next: as if each had been
        added here."""
        for block, piece in pieces:
            if isinstance(piece, float):  # the block from its first run
                self._open(block, piece)
                continue
            if block != self.block:
                self._open(block, 0.0)
            self.running = reduce(operator.add, piece, self.running)

    def _open(self, block: int, start: float) -> None:
        self.closed += self.running
        self.block = block
        self.running = start


@dataclass(slots=True)
class BlockValues:
    """A total's values in a worker: appended as they come (`values`), cut into `pieces`
    at the end of each block (`cut`)."""

    values: array[float] = field(default_factory=lambda: array("d"))
    """The values not yet cut, in run order."""
    pieces: list[Piece] = field(default_factory=list)
    cut_values: int = 0
    """The values cut into pieces so far."""

    def cut(self, block: int, played_first_run: bool) -> None:
        """The values since the last cut are `block`'s: kept as their sum when this part
        played the block's first run (no one else adds to it before them), else as they
        are (the gatherer adds them to what the part before sent)."""
        values = self.values
        if not values:
            return
        self.values = array("d")
        self.cut_values += len(values)
        self.pieces.append(
            (block, reduce(operator.add, values, 0.0) if played_first_run else values)
        )
