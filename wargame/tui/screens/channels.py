"""Channels on screen: the messages a seat may read, and writing one.

At a hot-seat screen the messages shown are those of the team that holds the keyboard
(behind its hand-over curtain); at a hosted seat, the seat's own, delivered live. The
umpire reads every channel. Messages are plain text: drawn with `markup=False`, never read
as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from wargame.play.freeplay import MessageView
from wargame.tui.focus import QuietFocus
from wargame.tui.quitting import QUIT_KEYS
from wargame.tui.widgets.keybar import KeyBar

Send = Callable[[str, str], str | None]
"""Sends (recipient id, text); returns why it was refused, or None."""


def message_text(message: MessageView) -> Text:
    """One message: when and who to whom (dim), then its text as typed."""
    text = Text()
    text.append(message.heading, style="bold green" if message.mine else "bold")
    text.append("\n")
    text.append(message.text)
    return text


class ChannelsScreen(QuietFocus, ModalScreen[None]):
    """The messages of one seat, newest last, and a line to write the next one."""

    DEFAULT_CSS = """
    ChannelsScreen #channels { height: 90%; }
    ChannelsScreen #message-list { height: 1fr; min-height: 4; }
    ChannelsScreen .compose-row { height: auto; }
    ChannelsScreen .compose-row Select { width: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+o", "toggle_open", "Open/close channels", show=False),
        Binding("ctrl+d", "toggle_debrief", "Projector after the game", show=False),
        *QUIT_KEYS,
    ]

    def __init__(
        self,
        title: str,
        messages: Sequence[MessageView],
        recipients: Sequence[tuple[str, str]],
        send: Send,
        state_words: str,
        facilitate: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._messages = list(messages)
        self._recipients = list(recipients)
        self._send = send
        self._state = state_words
        self._facilitate = facilitate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="channels"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._state, id="channel-state", classes="dim-note", markup=False)
            with VerticalScroll(id="message-list"):
                yield Static(id="messages", markup=False)
            if self._recipients:
                with Horizontal(classes="compose-row"):
                    yield Select(
                        [(Text(words), ident) for ident, words in self._recipients],
                        allow_blank=False,
                        id="to",
                    )
                    yield Button("Send", id="send", variant="primary")
                yield Input(placeholder="Your message (Enter sends)", id="message", max_length=1000)
            yield Static("", id="message-error", classes="dim-note", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._draw()
        if self._recipients:
            self.query_one("#message", Input).focus()

    def _draw(self) -> None:
        body = Text()
        for position, message in enumerate(self._messages):
            if position:
                body.append("\n\n")
            body.append_text(message_text(message))
        if not self._messages:
            body.append("No messages yet.", style="dim")
        self.query_one("#messages", Static).update(body)
        self.query_one("#message-list", VerticalScroll).scroll_end(animate=False)

    def show_messages(self, messages: Sequence[MessageView], state_words: str) -> None:
        """New messages arrived (a hosted seat): redraw the list in place."""
        self._messages = list(messages)
        self._state = state_words
        if self.is_mounted:
            self.query_one("#channel-state", Static).update(state_words)
            self._draw()

    @on(Input.Submitted, "#message")
    @on(Button.Pressed, "#send")
    def _submit(self) -> None:
        box = self.query_one("#message", Input)
        text = box.value.strip()
        error = self.query_one("#message-error", Static)
        if not text:
            error.update("Type a message first.")
            return
        problem = self._send(str(self.query_one("#to", Select).value), text)
        if problem is not None:
            error.update(problem)
            return
        error.update("")
        box.value = ""

    def action_toggle_open(self) -> None:
        if self._facilitate is not None:
            self.query_one("#channel-state", Static).update(self._facilitate("open"))

    def action_toggle_debrief(self) -> None:
        if self._facilitate is not None:
            self.query_one("#channel-state", Static).update(self._facilitate("debrief"))

    def action_close(self) -> None:
        self.dismiss(None)


class LettersScreen(QuietFocus, ModalScreen[None]):
    """Messages that came for the team now at the keyboard, while it was away."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Continue", priority=True),
        Binding("escape", "close", "Continue"),
        *QUIT_KEYS,
    ]

    def __init__(self, messages: Sequence[MessageView]) -> None:
        super().__init__()
        self._messages = list(messages)

    def compose(self) -> ComposeResult:
        count = len(self._messages)
        with VerticalScroll(classes="dialog newsflash", id="letters"):
            yield Static("✉ MESSAGES", classes="notice-kicker", markup=False)
            yield Static(
                f"{count} new message{'s' if count != 1 else ''} since you last looked",
                classes="dialog-title",
                markup=False,
            )
            body = Text()
            for position, message in enumerate(self._messages):
                if position:
                    body.append("\n\n")
                body.append_text(message_text(message))
            yield Static(body, markup=False)
            yield Static("Enter to continue · c to answer from the game", classes="dim-note")
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
