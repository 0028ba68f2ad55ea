"""Screens of a shared table: asking for a join code, and a seat taken over elsewhere.

The join screen says nothing about the table beyond its scenario's title until a code
opens a seat, and every wrong code gets the same words (see `wargame.table.Table.join`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from wargame.tui.focus import QuietFocus
from wargame.tui.widgets.keybar import KeyBar


@dataclass
class JoinRequested(Message):
    """Someone typed a code; the app checks it against the table."""

    code: str


class JoinScreen(QuietFocus, Screen[None]):
    """ "Type your team's join code": the first screen of every seat at a shared table."""

    DEFAULT_CSS = """
    JoinScreen #join-code { width: 24; margin: 1 0 0 0; }
    JoinScreen #join-message { color: $error; min-height: 1; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "app.quit", "Quit")]

    def __init__(self, title: str, table_id: str) -> None:
        super().__init__()
        self._title = title
        self._table_id = table_id

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="notice-box", classes="notice join"):
            yield Static(f"Shared table · {self._table_id}", classes="notice-kicker", markup=False)
            yield Static(self._title, classes="notice-title", markup=False)
            yield Static(
                "Type the join code the facilitator gave your team (e.g. ABCD-EFGH), "
                "then press Enter. The same code opens your seat again after a closed "
                "window.",
                classes="notice-body",
                markup=False,
            )
            yield Input(placeholder="XXXX-XXXX", id="join-code", max_length=16)
            yield Static("", id="join-message", markup=False)
            yield Button("Join  ⏎", id="join", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#join-code", Input).focus()

    @on(Input.Submitted, "#join-code")
    @on(Button.Pressed, "#join")
    def _submit(self) -> None:
        field = self.query_one("#join-code", Input)
        code = field.value.strip()
        if not code:
            self.refuse("Type the code first.")
            return
        self.query_one("#join-message", Static).update("Checking…")
        self.post_message(JoinRequested(code))

    def refuse(self, message: str) -> None:
        """Show why the code did not open a seat, and let the person try again."""
        self.query_one("#join-message", Static).update(message)
        field = self.query_one("#join-code", Input)
        field.value = ""
        field.focus()


class SeatLostScreen(QuietFocus, Screen[None]):
    """This seat was opened on another screen (the newest join wins), or the table failed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "app.quit", "Quit", priority=True),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, title: str, detail: str) -> None:
        super().__init__()
        self._title = title
        self._detail = detail

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="notice-box", classes="notice content-note"):
            yield Static("Shared table", classes="notice-kicker", markup=False)
            yield Static(self._title, classes="notice-title", id="seat-lost-title", markup=False)
            yield Static(self._detail, classes="notice-body", markup=False)
            yield Button("Close  ⏎", id="close", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.app.exit(0)
