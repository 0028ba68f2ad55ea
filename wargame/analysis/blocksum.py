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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce

BLOCK_RUNS = 64
"""Runs in a block. Small enough that a batch's chunks, cut to whole blocks (`batch.Guided`),
can still end with tasks of ~25 ms; large enough that the gatherer adds one float where a
worker added 64."""


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

    def absorb(
        self,
        blocks: Sequence[int],
        sums: Sequence[float],
        continued: Mapping[int, Sequence[float]] | None = None,
    ) -> None:
        """A worker's blocks, which come next (`BlockValues`, cut): per block in block order
        its sum from its first run, or (in `continued`, by block) its values, as if each
        value had been added here."""
        if not blocks:
            return
        if not continued:  # each sum opens its block: `_open` for each, in one pass
            self.closed = reduce(operator.add, sums[:-1], self.closed + self.running)
            self.block, self.running = blocks[-1], sums[-1]
            return
        closed, block, running = self.closed, self.block, self.running
        for next_block, head in zip(blocks, sums, strict=True):
            values = continued.get(next_block)
            if values is None:  # the block from its first run (`_open`, inlined)
                closed += running
                block, running = next_block, head
                continue
            if next_block != block:
                closed += running
                block, running = next_block, 0.0
            running = reduce(operator.add, values, running)
        self.closed, self.block, self.running = closed, block, running

    def _open(self, block: int, start: float) -> None:
        self.closed += self.running
        self.block = block
        self.running = start


@dataclass(slots=True)
class BlockValues:
    """A total's values in a worker: appended as they come (`values`), cut at the end of
    each block (`cut`) into what is sent: per block, in block order, its sum or (in
    `continued`) its values. Arrays: they cross between processes as blocks of bytes."""

    values: array[float] = field(default_factory=lambda: array("d"))
    """The values not yet cut, in run order."""
    blocks: array[int] = field(default_factory=lambda: array("q"))
    """The blocks cut, in order."""
    sums: array[float] = field(default_factory=lambda: array("d"))
    """`sums[i]`: the sum of block `blocks[i]`'s values, from its first run (0.0 where the
    block is `continued`)."""
    continued: dict[int, array[float]] = field(default_factory=dict)
    """Block -> its values, for the blocks this part did not play from their first run."""
    cut_values: int = 0
    """The values cut so far."""

    def cut(self, block: int, played_first_run: bool) -> None:
        """The values since the last cut are `block`'s: kept as their sum when this part
        played the block's first run (no one else adds to it before them), else as they
        are (the gatherer adds them to what the part before sent)."""
        values = self.values
        if not values:
            return
        self.values = array("d")
        self.cut_values += len(values)
        self.blocks.append(block)
        if played_first_run:
            self.sums.append(reduce(operator.add, values, 0.0))
        else:
            self.sums.append(0.0)
            self.continued[block] = values
