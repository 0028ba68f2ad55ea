"""Cheap column layouts for widgets that redraw on every turn.

Rich's `Table` measures every cell twice per layout, and Textual lays a `Static` out (to
find its height) before it paints it, so a dashboard of tables cost tens of milliseconds a
redraw. These renderables know their height without measuring (one row is one line) and
lay out their columns with plain string arithmetic at the width they are given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


def fit(text: Text | str, width: int) -> Text:
    """`text` on one line, cut with an ellipsis to `width` cells and padded to it."""
    line = text.copy() if isinstance(text, Text) else Text(text)
    line.truncate(max(0, width), overflow="ellipsis", pad=True)
    return line


@dataclass(frozen=True)
class SplitLines:
    """Rows of (left, right): left-aligned text, then right-aligned text at the far edge."""

    rows: Sequence[tuple[Text, Text]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for left, right in self.rows:
            room = max(0, width - right.cell_len - (1 if right.cell_len else 0))
            line = fit(left, room)
            if right.cell_len:
                line.append(" ")
                line.append_text(right)
            yield from _line(line, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


@dataclass(frozen=True)
class Columns:
    """A table without the cost: the first column takes what room is left (up to its
    longest cell, so short labels stay next to their values); the others are as wide as
    their widest cell and right-aligned unless `left` lists them."""

    rows: Sequence[Sequence[Text]]
    header: Sequence[Text] = ()
    left: frozenset[int] = frozenset()
    gap: int = 1

    def widths(self, width: int) -> list[int]:
        rows = [*([self.header] if self.header else []), *self.rows]
        count = max((len(r) for r in rows), default=0)
        cols = [max((r[i].cell_len for r in rows if i < len(r)), default=0) for i in range(count)]
        if not cols:
            return []
        rest = sum(cols[1:]) + self.gap * (count - 1)
        cols[0] = max(1, min(cols[0], width - rest))
        return cols

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        cols = self.widths(width)
        rows = [*([self.header] if self.header else []), *self.rows]
        for row in rows:
            line = Text()
            for i, cell in enumerate(row):
                if i:
                    line.append(" " * self.gap)
                if i == 0 or i in self.left:
                    line.append_text(fit(cell, cols[i]))
                else:
                    line.append(" " * max(0, cols[i] - cell.cell_len))
                    line.append_text(cell)
            line.truncate(width, overflow="ellipsis")
            yield from _line(line, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def _line(text: Text, width: int) -> Iterator[Text]:
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.end = "\n"
    yield text
