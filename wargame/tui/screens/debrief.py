"""The debrief: how it ended, what was decided when, the trends, each team's objectives,
questions for the hot-wash, the facilitator's notes, and "what if" branching.

Shown once per game, so it is built from few widgets: the report on the left is one
`Rendered` of Rich renderables (drawn once per width), and the timeline is an `OptionList`
of fixed-column rows under a one-line heading (a `DataTable` cost a fifth of a second to
mount and draw).
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from wargame.play.debrief import DebriefView, TimelineRow, by_words
from wargame.tui.focus import QuietFocus
from wargame.tui.messages import ForkRequested
from wargame.tui.widgets.keybar import KeyBar
from wargame.tui.widgets.lines import CellLine, Rendered
from wargame.tui.widgets.trend import trend_chart


class Timeline(OptionList):
    """The decisions in order; the arrows stop at the first and the last (an `OptionList`
    wraps around, which in a timeline jumps from the opening to the ending)."""

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()


WHO_WIDTH = 24
"""Cells for the timeline's "Who" column (longer names are cut with an ellipsis)."""
WHO_SHARE = 0.4
"""The share of a narrow row the "Who" column keeps (the decision takes the rest): it gave
every cell but 6 to the decision, and at 160 columns Greenland's seats read "The h…",
"The g…", "The P…", "The G…" (the President and Greenland alike)."""


def timeline_widths(rows: tuple[TimelineRow, ...]) -> tuple[int, ...]:
    """Column widths of the timeline: step, turn, who (at most `WHO_WIDTH`), decision."""
    return (
        max([1, *(len(str(r.step)) for r in rows)]),
        max([4, *(len(str(r.turn)) for r in rows)]),
        min(WHO_WIDTH, max([3, *(len(r.who) for r in rows)])),
        max([8, *(len(r.decision) for r in rows)]),
    )


def timeline_line(row: TimelineRow | None, widths: tuple[int, ...]) -> CellLine:
    """One row of the timeline, or its heading when `row` is None."""
    if row is None:
        cells = tuple(Text(h, style="bold") for h in ("#", "Turn", "Who", "Decision"))
    else:
        cells = (Text(str(row.step)), Text(str(row.turn)), Text(row.who), Text(row.decision))
    return CellLine(cells, widths, shrink=2, gap=1, keep=WHO_SHARE)


class DebriefScreen(QuietFocus, Screen[None]):
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
        self._detail_index: int | None = None

    def compose(self) -> ComposeResult:
        view = self._view
        widths = timeline_widths(view.timeline)
        yield Header(show_clock=False)
        with Horizontal(id="debrief-body"):
            with VerticalScroll(id="debrief-main"):
                yield Rendered(id="debrief-report")
            with Vertical(id="debrief-side"):
                yield Static("Timeline: pick a decision, f to branch", classes="section-title")
                yield Static(timeline_line(None, widths), id="timeline-head", markup=False)
                yield Timeline(
                    *(Option(timeline_line(row, widths)) for row in view.timeline),
                    id="timeline",
                    markup=False,
                )
                yield Static(id="timeline-detail", classes="dim-note", markup=False)
                yield Static("Facilitator's notes (saved with the game)", classes="dim-note")
                yield TextArea(self._notes, id="notes")
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.children:
            # The app closed while this screen composed (it is built after the game-over
            # card, when a class may well quit): Textual mounted none of its widgets.
            return
        self.sub_title = "Debrief" if self._view.over else "Debrief (game in progress)"
        self._fill_report()
        self.watch(self.app, "theme", self._fill_report, init=False)
        timeline = self.query_one("#timeline", OptionList)
        if self._view.timeline:
            timeline.highlighted = len(self._view.timeline) - 1
            # Highlighting scrolls before the list has a height (it scrolled to the wrong
            # rows, the last decision out of view): scroll again once it is laid out.
            self.call_after_refresh(timeline.scroll_to_highlight)
        self._detail(timeline.highlighted if timeline.highlighted is not None else -1)

    def _fill_report(self) -> None:
        accent = str(self.app.theme_variables.get("accent", "yellow"))
        self.query_one("#debrief-report", Rendered).update(self._report(Style(color=accent)))

    def _report(self, accent: Style) -> Group:
        """The left column: ending, trends, objectives and questions, one renderable."""
        view = self._view
        heading = Style(bold=True) + accent
        parts: list[RenderableType] = [
            Text(view.ending_title, style=heading),
            Text(view.ending_text),
        ]
        if view.series:
            parts += [Text(), Text("Over the game", style=heading), Text()]
            for series in view.series:
                parts += [trend_chart(series.label, series.values, score=series.score), Text()]
            parts.pop()
        if view.objectives:
            parts += [Text(), Text("Objectives against the outcome", style=heading), Text()]
            parts.append(self._objectives())
        if view.questions:
            parts += [Text(), Text("Questions for the hot-wash", style=heading), Text()]
            parts.append(Text("\n".join(f"{i}. {q}" for i, q in enumerate(view.questions, 1))))
        return Group(*parts)

    def _objectives(self) -> Table:
        table = Table(box=None, padding=(0, 1), expand=True, header_style="dim")
        table.add_column("Team", no_wrap=True)
        table.add_column("Objective", ratio=1)
        table.add_column("Result", no_wrap=True)
        for row in self._view.objectives:
            style = "green" if row.met else "red" if row.met is False else ""
            mark = "✓ " if row.met else "✗ " if row.met is False else ""
            table.add_row(Text(row.actor), Text(row.text), Text(mark + row.result, style=style))
        return table

    @on(OptionList.OptionHighlighted, "#timeline")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail(event.option_index)

    def _detail(self, index: int) -> None:
        if index == self._detail_index:
            return  # highlighting posts a message for the row `on_mount` already detailed:
            # another update would lay the side column out again and re-render the timeline
        self._detail_index = index
        detail = self.query_one("#timeline-detail", Static)
        if not 0 <= index < len(self._view.timeline):
            detail.update("Opening: " + "; ".join(self._view.opening) if self._view.opening else "")
            return
        row = self._view.timeline[index]
        text = Text()
        text.append(f"Step {row.step}, turn {row.turn}: {row.who} {row.decision}", style="bold")
        if row.by:
            text.append(f" · decided by {by_words(row.by)}")
        for line in row.consequences:
            text.append(f"\n• {line}")
        detail.update(text)

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        self.app.call_later(self.app.set_notes, event.text_area.text)  # type: ignore[attr-defined]

    def action_fork(self) -> None:
        index = self.query_one("#timeline", OptionList).highlighted
        if not self._view.timeline or index is None:
            self.notify("There is no decision to branch from yet.", severity="warning")
            return
        row = self._view.timeline[index]
        self.post_message(ForkRequested(row.step - 1))

    def action_focus_notes(self) -> None:
        self.query_one("#notes", TextArea).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea):
            self.query_one("#timeline", OptionList).focus()
            return
        if not self._view.over:
            self.dismiss()
