"""The projector board: a shared table's observer seat, drawn for a room.

It takes the turn screen's place in the app (the same `show`, `show_timer` and
`show_status`), so the app keeps up with the table exactly as for any seat; what it draws
is `wargame.play.projector.BoardView`: "NOW DECIDING" and the name in block letters, the
phase and the time left, the calendar with its deadlines, the key gauges against the lines
that end the game, the endings one step away, the last headline and the last results. No
move list, no dialogs (news arrives as a toast, and stays on the board as the headline).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from wargame.play.projector import BoardGauge, BoardView, CalendarDay
from wargame.play.views import HeaderView
from wargame.tui.screens.game import GameScreen, TurnView
from wargame.tui.widgets.bigtext import lettered
from wargame.tui.widgets.gauges import fmt, whole
from wargame.tui.widgets.keybar import KeyBar

TALL_FROM = 30
"""Terminal rows from which the banner's letters are five rows tall (else three)."""
UPCOMING = 4
"""Turns the calendar lists: the one now and the next ones (the room looks ahead)."""


class Banner(Widget):
    """`NOW DECIDING`, the name in block letters, the phase and the time left."""

    DEFAULT_CSS = """
    Banner { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._board: BoardView | None = None
        self._timer: Text | None = None

    def show(self, board: BoardView, timer: Text | None) -> None:
        if (board, timer) == (self._board, self._timer):
            return
        self._board, self._timer = board, timer
        self.refresh(layout=True)

    def render(self) -> Text:
        return banner_text(self._board, self._timer, self.size.width, self.app.size.height)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(banner_text(self._board, self._timer, width, self.app.size.height).split())


def banner_text(board: BoardView | None, timer: Text | None, width: int, rows: int) -> Text:
    """The banner as text `width` cells wide: the name in block letters when they fit (on
    two lines, or narrower, for a long one; see `lettered`), else in bold capitals."""
    out = Text()
    if board is None:
        return out
    if not board.deciding:
        out.append(" GAME OVER ", style="bold reverse")
        if board.ending:
            out.append(f"  {board.ending}", style="bold")
        return out
    kicker = "NOW DECIDING" + (f" ({board.deciding_note})" if board.deciding_note else "")
    out.append(f" {kicker} ", style="bold reverse")
    out.append(f"  {board.phase}", style="bold")
    if board.date:
        out.append(f" · {board.date}")
    if timer is not None and timer.plain:
        out.append("  ·  ")
        out.append_text(timer)
    out.append("\n")
    big = lettered(board.deciding, width, 6 if rows >= TALL_FROM else 3)
    if big is None:
        out.append(board.deciding.upper(), style="bold yellow")
    else:
        out.append("\n".join(big), style="bold")
    return out


def calendar_text(days: tuple[CalendarDay, ...]) -> Text:
    """The turn now and the next ones, a line each, with the deadlines that fall on them
    under them; the turn now highlighted."""
    now = next((i for i, day in enumerate(days) if day.now), 0)
    shown = days[now : now + UPCOMING]
    lines: list[Text] = []
    for day in shown:
        style = "bold reverse" if day.now else "bold"
        lines.append(Text(f" {day.turn} · {day.label} ", style=style))
        lines += [Text(f"   Deadline: {d}", style="yellow") for d in day.deadlines]
    later = len(days) - now - len(shown)
    if later > 0:
        lines.append(Text(f" … {later} more turn{'s' if later > 1 else ''}", style="dim"))
    return Text("\n").join(lines)


def gauges_table(gauges: tuple[BoardGauge, ...], width: int) -> Table:
    """A row per gauge: label, bar (the line that ends the game marked │), value (with the
    line, when an ending is close on it), and what crossing the line does. Cohesion reads
    as a whole number, as on the dashboard and in the log."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True, overflow="ellipsis", max_width=32)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    bar = max(8, min(30, width // 6))
    for gauge in gauges:
        value = Text(whole(gauge.value) if gauge.alliance else fmt(gauge.value), style="bold")
        if gauge.threshold is not None and not gauge.alliance:
            value.append(f" / {fmt(gauge.threshold)}", style="")
        ends = "ends" in gauge.note
        note = Text(gauge.note, style="bold red" if ends else "dim")
        grid.add_row(Text(gauge.label), gauge_bar(gauge, bar), value, note)
    return grid


def gauge_bar(gauge: BoardGauge, bar: int) -> Text:
    """`███████·····│···`: the value filled in, the line that ends the game marked."""
    out = Text()
    span = gauge.high - gauge.low
    fill = 0 if span <= 0 else round(bar * (gauge.value - gauge.low) / span)
    fill = max(0, min(bar, fill))
    mark = None
    if gauge.threshold is not None and span > 0:
        mark = round(bar * (gauge.threshold - gauge.low) / span)
        mark = max(0, min(bar - 1, mark))
    colour = "red" if "ends" in gauge.note else "green"
    for cell in range(bar):
        if cell == mark:
            out.append("│", style="bold red")
        elif cell < fill:
            out.append("█", style=colour)
        else:
            out.append("·", style="dim")
    return out


def module_text(board: BoardView) -> Text:
    """An exercise's module under way and the questions it discusses at its end."""
    out = Text(board.module, style="bold")
    if board.module_questions:
        out.append("\nFor the end of the module:", style="italic")
        out.append_text(numbered(board.module_questions))
    return out


def news_text(board: BoardView) -> Text:
    """The latest headline, its text, and the questions it asks the room."""
    if not board.headline:
        return Text("No news yet.", style="dim")
    out = Text(board.headline, style="bold")
    if board.headline_text:
        out.append("\n" + board.headline_text)
    if board.headline_questions:
        out.append("\nFor the room:", style="italic")
        out.append_text(numbered(board.headline_questions))
    return out


def numbered(questions: tuple[str, ...]) -> Text:
    out = Text()
    for number, question in enumerate(questions, start=1):
        out.append(f"\n {number}. ", style="bold")
        out.append(question)
    return out


def results_text(results: tuple[str, ...]) -> Text:
    """The latest results, newest first: the board is cut at the bottom when the room's
    screen is short, so what is cut is the oldest."""
    if not results:
        return Text("Nothing yet.", style="dim")
    newest_first = reversed(results)
    lines = [Text(f"• {line}", style="" if i else "bold") for i, line in enumerate(newest_first)]
    return Text("\n").join(lines)


class ProjectorScreen(GameScreen, inherit_bindings=False):
    """The board in the turn screen's place (see the module's docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, board: Callable[[], BoardView]) -> None:
        super().__init__()
        self._board_of = board
        self._board: BoardView | None = None
        self._timer: Text | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="board"):
            yield Banner(id="board-banner")
            with Horizontal(id="board-middle"):
                yield Static(id="board-gauges", markup=False)
                yield Static(id="board-calendar", markup=False)
            yield Static(id="board-warnings", markup=False)
            yield Static(id="board-module", markup=False)
            yield Static(id="board-news", markup=False)
            yield Static(id="board-results", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        for part, title in (
            ("#board-calendar", "Calendar"),
            ("#board-gauges", "Where things stand"),
            ("#board-warnings", "Last chance"),
            ("#board-news", "Latest news"),
            ("#board-results", "Latest results, newest first"),
        ):
            self.query_one(part).border_title = title
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self._draw()  # the bars' length follows the width

    def on_screen_resume(self) -> None:
        self._draw()

    def show(self, view: TurnView) -> None:
        self._view = view
        self._timer = view.timer
        self._board = self._board_of()
        self._draw()

    def redraw_board(self) -> None:
        """Draw the board as the game stands now (at its end: GAME OVER and the ending)."""
        self._board = self._board_of()
        self._draw()

    def show_timer(self, header: HeaderView, timer: Text | None) -> None:
        if timer != self._timer:
            self._timer = timer
            self._draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True

    def _draw(self, covered: bool = False) -> None:
        board = self._board
        if board is None or not self.is_mounted:
            return
        self.query_one(Banner).show(board, self._timer)
        self.query_one("#board-calendar", Static).update(calendar_text(board.calendar))
        gauges = self.query_one("#board-gauges", Static)
        gauges.update(gauges_table(board.gauges, self.size.width))
        gauges.display = bool(board.gauges)
        warnings = self.query_one("#board-warnings", Static)
        warnings.update(Text("\n").join(Text(w, style="bold red") for w in board.warnings))
        warnings.display = bool(board.warnings)
        self.query_one("#board-news", Static).update(news_text(board))
        self.query_one("#board-results", Static).update(results_text(board.results))
        module = self.query_one("#board-module", Static)
        module.border_title = board.module_place
        module.update(module_text(board))
        module.display = bool(board.module)

    def show_status(self, status: str) -> None:
        """Nothing: who is online is the umpire's business, not the room's."""


__all__ = [
    "Banner",
    "ProjectorScreen",
    "banner_text",
    "calendar_text",
    "gauges_table",
    "module_text",
    "news_text",
    "results_text",
]
