"""The debrief: how it ended, what was decided when, the trends, each team's objectives,
questions for the hot-wash, the facilitator's notes, and "what if" branching."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TextArea

from wargame.tui.debrief import DebriefView
from wargame.tui.messages import ForkRequested
from wargame.tui.widgets.keybar import KeyBar
from wargame.tui.widgets.trend import trend_chart


class DebriefScreen(Screen[None]):
    """Shows a `DebriefView`; `f` branches a new game before the highlighted decision."""

    AUTO_FOCUS = "#timeline"  # focus once: refocusing restyles every widget on the screen

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "fork", "Branch from here"),
        Binding("x", "app.export", "Export save"),
        Binding("r", "app.export_report", "Report (HTML)"),
        Binding("n", "focus_notes", "Notes"),
        Binding("escape", "back", "Back to game"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, view: DebriefView, notes: str) -> None:
        super().__init__()
        self._view = view
        self._notes = notes

    def compose(self) -> ComposeResult:
        view = self._view
        yield Header(show_clock=False)
        with Horizontal(id="debrief-body"):
            with VerticalScroll(id="debrief-main"):
                yield Static(view.ending_title, classes="section-title", id="ending-title")
                yield Static(view.ending_text, classes="notice-body")
                if view.series:
                    yield Static("Over the game", classes="section-title")
                    for series in view.series:
                        yield Static(trend_chart(series.label, series.values), classes="trend")
                if view.objectives:
                    yield Static("Objectives against the outcome", classes="section-title")
                    yield Static(self._objectives())
                if view.questions:
                    yield Static("Questions for the hot-wash", classes="section-title")
                    yield Static(
                        "\n".join(f"{i}. {q}" for i, q in enumerate(view.questions, start=1))
                    )
            with Vertical(id="debrief-side"):
                yield Static("Timeline: pick a decision, f to branch", classes="section-title")
                yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
                yield Static(id="timeline-detail", classes="dim-note")
                yield Static("Facilitator's notes (saved with the game)", classes="dim-note")
                yield TextArea(self._notes, id="notes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Debrief" if self._view.over else "Debrief (game in progress)"
        table = self.query_one("#timeline", DataTable)
        table.add_columns("#", "Turn", "Who", "Decision")
        for row in self._view.timeline:
            table.add_row(str(row.step), str(row.turn), row.who, row.decision, key=str(row.step))
        table.focus()
        if self._view.timeline:
            table.move_cursor(row=len(self._view.timeline) - 1)
        self._detail(table.cursor_row)

    def _objectives(self) -> Table:
        table = Table(box=None, padding=(0, 1), expand=True, header_style="dim")
        table.add_column("Team", no_wrap=True)
        table.add_column("Objective", ratio=1)
        table.add_column("Result", no_wrap=True)
        for row in self._view.objectives:
            style = "green" if row.met else "red" if row.met is False else ""
            mark = "✓ " if row.met else "✗ " if row.met is False else ""
            table.add_row(row.actor, row.text, Text(mark + row.result, style=style))
        return table

    @on(DataTable.RowHighlighted, "#timeline")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _detail(self, index: int) -> None:
        detail = self.query_one("#timeline-detail", Static)
        if not 0 <= index < len(self._view.timeline):
            detail.update("Opening: " + "; ".join(self._view.opening) if self._view.opening else "")
            return
        row = self._view.timeline[index]
        text = Text()
        text.append(f"Step {row.step}, turn {row.turn}: {row.who} {row.decision}", style="bold")
        if row.by:
            text.append(f"  ({row.by})")
        for line in row.consequences:
            text.append(f"\n• {line}")
        detail.update(text)

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        self.app.call_later(self.app.set_notes, event.text_area.text)  # type: ignore[attr-defined]

    def action_fork(self) -> None:
        table = self.query_one("#timeline", DataTable)
        if not self._view.timeline:
            self.notify("There is no decision to branch from yet.", severity="warning")
            return
        row = self._view.timeline[table.cursor_row]
        self.post_message(ForkRequested(row.step - 1))

    def action_focus_notes(self) -> None:
        self.query_one("#notes", TextArea).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea):
            self.query_one("#timeline", DataTable).focus()
            return
        if not self._view.over:
            self.dismiss()
