"""Full-screen notices between steps: the content note and the hot-seat hand-over.

Both are opaque screens, not dialogs, so nothing of the previous seat's view shows
through while the laptop changes hands.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle, Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Button, Static

from wargame.tui.focus import QuietFocus
from wargame.tui.widgets.keybar import KeyBar


class ContentNoteScreen(QuietFocus, Screen[bool]):
    """The scenario's content note, shown before play; dismisses True to go on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "go_on", "Continue", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title = title
        self._note = note

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="notice-box", classes="notice content-note"):
            yield Static("Content note", classes="notice-kicker", markup=False)
            yield Static(self._title, classes="notice-title", markup=False)
            yield Static(self._note, classes="notice-body", markup=False)
            yield Button("Continue  ⏎", id="continue", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_go_on()

    def action_go_on(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)


class HandoverScreen(QuietFocus, Screen[None]):
    """ "Pass to Denmark's team — press Enter": hides everything until the next seat is ready.

    The app keeps one and `show`s each hand-over in it (a hot-seat game hands over every
    move): a few lines change instead of a screen being composed and styled each time.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "ready", "Ready", priority=True)]

    def __init__(self, who: str, team: str, detail: str = "") -> None:
        super().__init__()
        self._who = who
        self._team = team
        self._detail = detail

    def show(self, who: str, team: str, detail: str = "") -> None:
        """Hand over to `team` (before the screen is pushed again)."""
        self._who, self._team, self._detail = who, team, detail
        if self.is_mounted:
            self._show()

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="notice-box", classes="notice handover"):
            yield Static("Hand over", classes="notice-kicker", markup=False)
            yield Static(classes="notice-title", id="handover-to", markup=False)
            yield Static(classes="notice-sub", id="handover-who", markup=False)
            yield Static(classes="notice-body", id="handover-detail", markup=False)
            yield Static(
                "Everyone else, look away. When the team is seated, press Enter.",
                classes="notice-body dim-note",
                markup=False,
            )
            yield Button("We are ready  ⏎", id="ready", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        # A hand-over comes every move of a hot-seat game. A line that takes as many rows
        # as the one it replaces is repainted without laying the screen out again (5 ms
        # of the key): Textual lays a `Static` out on every update otherwise.
        # A team called by its role's label ("The President") is named once.
        who = "" if self._who.lower() == self._team.lower() else self._who
        lines = (f"Pass to {self._team}", who, self._detail)
        names = ("#handover-to", "#handover-who", "#handover-detail")
        for name, line in zip(names, lines, strict=True):
            static = self.query_one(name, Static)
            static.update(line, layout=False)
            if _rows(static) != static.content_region.height:
                static.refresh(layout=True)
        self.query_one("#handover-detail", Static).display = bool(self._detail)
        self.query_one("#ready", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_ready()

    def action_ready(self) -> None:
        # The last team's "Sent: … press u to take it back" is read during the hand-over;
        # the next team sits down without it over its briefing and moves.
        self.app.clear_notifications()
        self.dismiss()


def _rows(static: Static) -> int:
    """The rows `static`'s content takes at its width now (-1 when it has none yet)."""
    width = static.content_region.width
    if not width:
        return -1
    static.clear_cached_dimensions()
    return static.get_content_height(Size(0, 0), Size(0, 0), width)
