"""Wrapped text that is cheap to change: the situation, the move preview, the event log.

A `Static` showing a Rich renderable is rendered twice per change (once to find its height,
once to draw it) through Textual's general renderable pipeline, and Textual's `RichLog`
renders every line to segments the moment it is written, although only the lines in view
are ever drawn. `TextView` keeps its lines as `Text`, wraps each one by counting cells
(no rendering), so its height is known at once, and renders to segments only the rows on
screen, each once per width.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

_WORD = re.compile(r"\S+\s*|\s+")


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def wrap_spans(plain: str, width: int, hang: int = 0) -> list[tuple[int, int]]:
    """Where to break `plain` into rows of at most `width` cells: (start, end) offsets.

    Breaks between words (a word too long for a row is cut); rows after the first are
    `hang` cells narrower, for a hanging indent that lines them up under the text. The
    spans cover `plain` exactly; a row's trailing spaces may pass the width (they are
    dropped when drawn).
    """
    if _width(plain) <= width:
        return [(0, len(plain))]
    rest = max(1, width - hang)
    if plain.isascii() and plain.isprintable():  # one cell a character: index arithmetic
        return _wrap_ascii(plain, max(1, width), rest)
    spans: list[tuple[int, int]] = []
    start, used, room = 0, 0, max(1, width)
    for match in _WORD.finditer(plain):
        word_start, word_end = match.span()
        bare = _width(plain[word_start:word_end].rstrip())
        if used and used + bare > room:
            spans.append((start, word_start))
            start, used, room = word_start, 0, rest
        while bare > room:  # alone on its row and still too long: cut it
            cut, cells = word_start, 0
            while cut < word_end and cells + _width(plain[cut]) <= room:
                cells += _width(plain[cut])
                cut += 1
            cut = max(cut, word_start + 1)
            spans.append((start, cut))
            start = word_start = cut
            room = rest
            bare = _width(plain[word_start:word_end].rstrip())
        used += _width(plain[word_start:word_end])
    if start < len(plain):
        spans.append((start, len(plain)))
    return spans


def _wrap_ascii(plain: str, room: int, rest: int) -> list[tuple[int, int]]:
    """`wrap_spans` for printable ASCII text, where a character is a cell."""
    spans: list[tuple[int, int]] = []
    start, size = 0, len(plain)
    while size - start > room:
        cut = plain.rfind(" ", start, start + room + 1)
        if cut < 0:  # no space in reach: cut the word
            end = start + room
        else:  # break after the space, and after any spaces that follow it
            end = cut + 1
            while end < size and plain[end] == " ":
                end += 1
        spans.append((start, end))
        start, room = end, rest
    if start < size:
        spans.append((start, size))
    return spans


class TextView(ScrollView):
    """Lines of `Text`, each wrapped to the width with its own hanging indent.

    `set_lines` replaces the content (back to the top), `add_lines` appends (following the
    end when the view was at the end). The space for a vertical scrollbar is always kept
    (`scrollbar-gutter: stable`), so the wrapping never depends on whether one shows; the
    horizontal one is never shown (its size is 0 so auto height counts no room for it).
    """

    FOLLOW_END = False
    """Whether the view is anchored to its end, following new lines until the reader
    scrolls up, and again once they scroll back down (a log)."""

    DEFAULT_CSS = """
    TextView {
        height: auto;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-horizontal: 0;
    }
    """

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, can_focus: bool = False
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.can_focus = can_focus
        self._lines: list[tuple[Text, int]] = []
        """Each line with the indent of its continuation rows."""
        self._rows: list[tuple[int, int, int]] = []
        """The wrapped rows: (line index, start, end) at `_wrap_width`."""
        self._wrap_width = 0
        self._strips: LRUCache[int, Strip] = LRUCache(512)
        self._pass_style: Style | None = None
        """The style of the render pass under way (see `render_lines`)."""

    @property
    def row_count(self) -> int:
        """Rows at the width last laid out (0 before the view has a size)."""
        return len(self._rows)

    @property
    def plain(self) -> str:
        """The text shown, one line per line given (for tests and screen readers)."""
        return "\n".join(line.plain for line, _ in self._lines)

    def set_lines(self, lines: Iterable[Text | tuple[Text, int]]) -> None:
        """Show `lines` instead of what is shown, scrolled to the top."""
        self._lines = _entries(lines)
        self._rows.clear()
        self._strips.clear()
        if self._wrap_width:
            self._wrap_from(0)
        if not self.FOLLOW_END:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._changed()

    def add_lines(self, lines: Iterable[Text | tuple[Text, int]]) -> None:
        """Append `lines`; a view scrolled to its end stays at the end."""
        first = len(self._lines)
        self._lines.extend(_entries(lines))
        if first == len(self._lines):
            return
        if self._wrap_width:
            self._wrap_from(first)
        self._changed()

    def _wrap_from(self, first: int) -> None:
        width = self._wrap_width
        rows = self._rows
        for index in range(first, len(self._lines)):
            line, hang = self._lines[index]
            for start, end in wrap_spans(line.plain, width, hang):
                rows.append((index, start, end))

    def _wrap_to(self, width: int) -> None:
        if width <= 0 or width == self._wrap_width:
            return
        self._wrap_width = width
        self._rows.clear()
        self._strips.clear()
        self._wrap_from(0)

    def on_mount(self) -> None:
        if self.styles.overflow_y == "scroll":
            show_scrollbar(self)
        if self.FOLLOW_END:
            self.anchor()

    def _virtual_height(self) -> int:
        """The rows; for a view that follows its end, at least the rows in view: Textual
        keeps an anchored view at its end by putting its scrollbar at `virtual height -
        view height` at every layout, which is negative for a short log and then reset to
        0, so the scrollbar was redrawn at every layout of the screen."""
        rows = len(self._rows)
        if self.FOLLOW_END:
            rows = max(rows, self.scrollable_content_region.height)
        return rows

    def _changed(self) -> None:
        following = self.FOLLOW_END and self.is_anchored and self._at_end()
        self.virtual_size = Size(self._wrap_width, self._virtual_height())
        self.refresh()
        if following:
            # now, not at the next layout: else the first frame shows the old last lines
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def _at_end(self) -> bool:
        """Whether the reader is at the last rows (not scrolled up to read back)."""
        return self.scroll_y >= self.max_scroll_y

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # `width` includes the column(s) kept for a vertical scrollbar, if any
        styles = self.styles
        kept = styles.overflow_y == "scroll" or (
            styles.overflow_y == "auto" and styles.scrollbar_gutter == "stable"
        )
        self._wrap_to(width - (styles.scrollbar_size_vertical if kept else 0))
        return len(self._rows)

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        if width != self._wrap_width or self.virtual_size.width != width:
            self._wrap_to(width)
            self._changed()
        elif self.FOLLOW_END and self.virtual_size.height != self._virtual_height():
            # A log at least as tall as its view: a view that shrank leaves it too tall
            # (scrolled by the rows it lost), one that grew too short.
            self._changed()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        # `rich_style` walks every ancestor's styles (~0.15 ms): once a pass, not once a row
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def render_line(self, y: int) -> Strip:
        _, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        style = self._pass_style or self.rich_style
        row = scroll_y + y
        if width != self._wrap_width and width > 0:  # resized: on_resize will settle it
            self._wrap_to(width)
            self.call_later(self._changed)
        if row >= len(self._rows):
            return Strip.blank(width, style)
        strip = self._strips.get(row)
        if strip is None:
            index, start, end = self._rows[row]
            line, hang = self._lines[index]
            text = line[start:end] if (start, end) != (0, len(line)) else line.copy()
            text.rstrip()
            if text.style:  # `Text.render` drops the base style of a text without spans
                text.stylize_before(text.style)
            if start and hang:
                text = Text(" " * hang).append_text(text)
            text.end = ""
            segments = list(text.render(self.app.console))
            strip = Strip(segments).crop_extend(0, width, None).apply_style(style)
            self._strips[row] = strip
        return strip.apply_offsets(0, row)


def show_scrollbar(widget: Widget) -> None:
    """Make `widget`'s vertical scrollbar now and show it. Made on first need, during a
    layout, it starts after the first frame and shows in a later one, after another layout:
    the reader sees the view settle twice."""
    widget.show_vertical_scrollbar = True
    widget.vertical_scrollbar.display = True


def _entries(lines: Iterable[Text | tuple[Text, int]]) -> list[tuple[Text, int]]:
    """Each line with its hanging indent (0 unless given), split at newlines."""
    entries: list[tuple[Text, int]] = []
    for line in lines:
        text, hang = (line, 0) if isinstance(line, Text) else line
        if "\n" in text.plain:
            entries.extend((part, hang) for part in text.split("\n", allow_blank=True))
        else:
            entries.append((text, hang))
    return entries
