"""Cheap column layouts for widgets that redraw on every turn.

Rich's `Table` measures every cell twice per layout, and Textual lays a `Static` out (to
find its height) before it paints it, so a dashboard of tables cost tens of milliseconds a
redraw. These renderables know their height without measuring (one row is one line) and
lay out their columns with plain string arithmetic at the width they are given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from wargame.tui.widgets.textview import wrap_spans


def fit(text: Text | str, width: int) -> Text:
    """`text` on one line, cut with an ellipsis to `width` cells and padded to it."""
    line = text.copy() if isinstance(text, Text) else Text(text)
    line.truncate(max(0, width), overflow="ellipsis", pad=True)
    return line


def wrapped(text: Text, width: int) -> list[Text]:
    """`text` broken between words into rows of `width` cells, each padded to it: a label
    is read whole on two rows rather than cut ("Greenland's ties to D…")."""
    rows = [text[a:b] for a, b in wrap_spans(text.plain, max(1, width))]
    for row in rows:
        row.rstrip()
        row.truncate(max(0, width), pad=True)
    return rows or [fit(text, width)]


@dataclass(frozen=True)
class SplitLines:
    """Rows of (left, right): left-aligned text, then right-aligned text at the far edge.
    With `wrap`, a left text too long for its room goes on over more lines rather than
    being cut."""

    rows: Sequence[tuple[Text, Text]]
    wrap: bool = False

    def lines(self, width: int) -> list[Text]:
        out: list[Text] = []
        for left, right in self.rows:
            room = max(0, width - right.cell_len - (1 if right.cell_len else 0))
            parts = wrapped(left, room) if self.wrap else [fit(left, room)]
            line = parts[0]
            if right.cell_len:
                line.append(" ")
                line.append_text(right)
            out += [line, *parts[1:]]
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.lines(width):
            yield from _line(line, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


@dataclass(frozen=True)
class Columns:
    """A table without the cost: the first column takes what room is left (up to its
    longest cell, so short labels stay next to their values) and wraps a cell too long
    for it onto the next lines; the others are as wide as their widest cell and
    right-aligned unless `left` lists them."""

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

    def lines(self, width: int) -> list[Text]:
        cols = self.widths(width)
        rows = [*([self.header] if self.header else []), *self.rows]
        if cols and cols[0] < STACK_BELOW and any(r and r[0].cell_len > cols[0] for r in rows):
            return self._stacked(rows, width)
        out: list[Text] = []
        for row in rows:
            line = Text()
            more: list[Text] = []
            for i, cell in enumerate(row):
                if i:
                    line.append(" " * self.gap)
                if i == 0:
                    first, *more = wrapped(cell, cols[0])
                    line.append_text(first)
                elif i in self.left:
                    line.append_text(fit(cell, cols[i]))
                else:
                    line.append(" " * max(0, cols[i] - cell.cell_len))
                    line.append_text(cell)
            line.truncate(width, overflow="ellipsis")
            out += [line, *more]
        return out

    def _stacked(self, rows: Sequence[Sequence[Text]], width: int) -> list[Text]:
        """Too narrow for labels beside their values: each label on its own line(s), its
        values on the next, indented (a label cut to six cells, "Escala / tion", reads as
        nothing)."""
        count = max((len(r) for r in rows), default=0)
        cols = [max((r[i].cell_len for r in rows if i < len(r)), default=0) for i in range(count)]
        out: list[Text] = []
        for row in rows:
            out += wrapped(row[0], width) if row else []
            line = Text("  ")
            for i, cell in enumerate(row[1:], start=1):
                if i > 1:
                    line.append(" " * self.gap)
                if i in self.left:
                    line.append_text(fit(cell, cols[i]))
                else:
                    line.append(" " * max(0, cols[i] - cell.cell_len))
                    line.append_text(cell)
            line.truncate(width, overflow="ellipsis")
            if line.plain.strip():
                out.append(line)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.lines(width):
            yield from _line(line, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


STACK_BELOW = 12
"""A `Columns` whose first column would be narrower than this puts each label on a line of
its own, above its values."""


@dataclass(frozen=True)
class CellLine:
    """One line of a table drawn as a list row (an `OptionList` prompt): every row of the
    table gets the same `widths`, so the columns line up without a table widget.

    When the line is too narrow the `shrink` column gives up room (down to 6 cells, or to
    the `keep` share of the room the other columns but the last leave, if more); the last
    cell takes whatever is left, so a row with fewer cells than `widths` spans the
    remaining columns. A cell too long for its room is cut with an ellipsis, or with
    `wrap` broken between words onto more lines (the row grows), so it reads whole.
    """

    cells: tuple[Text, ...]
    widths: tuple[int, ...]
    shrink: int = 0
    gap: int = 2
    wrap: bool = False
    keep: float = 0.0

    def lines(self, width: int) -> list[Text]:
        """The row at `width` cells: one line, or with `wrap` as many as its longest cell."""
        widths = list(self.widths)
        gaps = self.gap * (len(widths) - 1)
        others = sum(widths) - widths[self.shrink] + gaps
        fixed = sum(widths[:-1]) - widths[self.shrink] + gaps
        floor = max(6, int(self.keep * (width - fixed)))
        widths[self.shrink] = min(widths[self.shrink], max(floor, width - others))
        columns: list[tuple[int, list[Text]]] = []
        used = 0
        for index, cell in enumerate(self.cells):
            used += self.gap if index else 0
            last = index == len(self.cells) - 1
            room = max(0, width - used if last else widths[index])
            columns.append((room, wrapped(cell, room) if self.wrap else [fit(cell, room)]))
            used += room
        out: list[Text] = []
        for row in range(max((len(parts) for _, parts in columns), default=1)):
            line = Text()
            for index, (room, parts) in enumerate(columns):
                if index:
                    line.append(" " * self.gap)
                line.append_text(parts[row] if row < len(parts) else Text(" " * room))
            line.truncate(width, overflow="ellipsis")
            out.append(line)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.lines(width):
            yield from _line(line, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def _line(text: Text, width: int) -> Iterator[Text]:
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.end = "\n"
    yield text


class Rendered(Widget):
    """Shows a Rich renderable, rendered once per width and change.

    A `Static` renders its content to measure its height, again to draw it, and again
    after each layout pass; a debrief report of charts and a table cost 20-30 ms a time.
    """

    DEFAULT_CSS = """
    Rendered {
        height: auto;
    }
    """

    def __init__(self, renderable: RenderableType | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._renderable = renderable
        self._strips: list[Strip] = []
        self._strips_width = -1

    @property
    def renderable(self) -> RenderableType | None:
        return self._renderable

    def update(self, renderable: RenderableType) -> None:
        """Show `renderable` instead."""
        self._renderable = renderable
        self._strips_width = -1
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips_width = -1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines_at(width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        strips = self._lines_at(width)
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(width, self.rich_style)

    def _lines_at(self, width: int) -> list[Strip]:
        if self._strips_width != width:
            self._strips = self._render_at(width)
            self._strips_width = width
        return self._strips

    def _render_at(self, width: int) -> list[Strip]:
        if self._renderable is None or width <= 0:
            return []
        console = self.app.console
        style = self.rich_style
        options = console.options.update_width(width)
        lines = Segment.split_lines(console.render(self._renderable, options))
        return [Strip(line).crop_extend(0, width, None).apply_style(style) for line in lines]


class Rows(Rendered):
    """Shows `Columns` or `SplitLines`: its height is their number of lines at its width,
    counted without a console, so a change that keeps the number of lines needs no layout
    pass."""

    DEFAULT_CSS = """
    Rows {
        height: auto;
    }
    """

    def __init__(
        self, renderable: Columns | SplitLines | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(renderable, id=id)
        self._laid_out_width = 0
        """The width of the last layout: the lines are counted at it."""
        self._rows = _line_count(renderable, self._laid_out_width)

    def update(self, renderable: RenderableType) -> None:
        self._renderable = renderable
        self._strips_width = -1
        rows = _line_count(renderable, self._laid_out_width)
        self.refresh(layout=rows != self._rows)
        self._rows = rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self._laid_out_width:
            self._laid_out_width = width
            self._rows = _line_count(self._renderable, width)
        return self._rows


def _line_count(renderable: RenderableType | None, width: int) -> int:
    if isinstance(renderable, SplitLines | Columns):
        return len(renderable.lines(max(1, width)))
    return 0
