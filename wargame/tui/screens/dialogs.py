"""Dialogs over the game: arguing a case, umpire commands, news flashes and results.

Each returns its answer through `dismiss` (None when cancelled with Esc), so the app can
`push_screen(dialog, callback)` and never looks inside a dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from wargame.tui.widgets.gauges import fmt

DIE_FACES = {1: "⚀", 2: "⚁", 3: "⚂", 4: "⚃", 5: "⚄", 6: "⚅"}


def dice_text(dice: Sequence[int], sides: int = 6) -> Text:
    """Dice as faces (d6) or boxed numbers, large enough to read from the back of a room."""
    text = Text()
    for value in dice:
        if sides == 6 and value in DIE_FACES:
            text.append(f" {DIE_FACES[value]} {value} ", style="bold reverse")
        else:
            text.append(f" [{value}] ", style="bold reverse")
        text.append(" ")
    return text


class _Dialog(ModalScreen[object]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ArgumentDialog(_Dialog):
    """A matrix-game argument: the team types its case; the umpire will rate it."""

    def __init__(self, move: str, prompt: str, mods: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self._move = move
        self._prompt = prompt
        self._mods = mods

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Argue: {self._move}", classes="dialog-title")
            yield Static(self._prompt)
            mods = ", ".join(f"{name} {value:+d}" for name, value in self._mods)
            yield Static(f"The umpire rates it: {mods} to the roll.", classes="dim-note")
            yield Input(placeholder="We do … because … and then …", id="argument")
            with Horizontal(classes="button-row"):
                yield Button("Submit  ⏎", id="ok", variant="primary")
                yield Button("Cancel  Esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#argument", Input).focus()

    @on(Input.Submitted, "#argument")
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        self.dismiss(self.query_one("#argument", Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ReasonDialog(_Dialog):
    """Asks for a reason (umpire rulings are always explained)."""

    def __init__(self, title: str, prompt: str, *, required: bool = True) -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._required = required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._prompt)
            yield Input(placeholder="Reason", id="reason")
            yield Static("", id="reason-error", classes="dim-note")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def _submit(self) -> None:
        value = self.query_one("#reason", Input).value.strip()
        if self._required and not value:
            self.query_one("#reason-error", Static).update("A reason is required.")
            return
        self.dismiss(value)


class ChoiceDialog(_Dialog):
    """Pick one of several items, then give a reason: inject an event, override an outcome."""

    def __init__(
        self,
        title: str,
        items: Sequence[tuple[str, str]],
        *,
        detail: str = "",
        reason_prompt: str = "Reason (shown in the log and the debrief)",
        reason_required: bool = True,
    ) -> None:
        super().__init__()
        self._title = title
        self._items = list(items)
        self._detail = detail
        self._reason_prompt = reason_prompt
        self._required = reason_required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title")
            if self._detail:
                yield Static(self._detail)
            yield OptionList(*[Option(label, id=key) for key, label in self._items], id="choices")
            yield Label(self._reason_prompt)
            yield Input(placeholder="Reason", id="reason")
            yield Static("", id="reason-error", classes="dim-note")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def _submit(self) -> None:
        choices = self.query_one("#choices", OptionList)
        reason = self.query_one("#reason", Input).value.strip()
        if choices.highlighted is None:
            self.query_one("#reason-error", Static).update("Choose an item first.")
            return
        if self._required and not reason:
            self.query_one("#reason-error", Static).update("A reason is required.")
            return
        key = self._items[choices.highlighted][0]
        self.dismiss((key, reason))


class AdjustDialog(_Dialog):
    """Set a variable (or flag) by hand, with a reason."""

    def __init__(self, targets: Sequence[tuple[str, str, float]]) -> None:
        super().__init__()
        self._targets = list(targets)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Adjust a value", classes="dialog-title")
            yield Select(
                [(f"{label} (now {fmt(value)})", key) for key, label, value in self._targets],
                allow_blank=False,
                id="target",
            )
            yield Input(placeholder="New value", id="value", type="number")
            yield Input(placeholder="Reason (required)", id="reason")
            yield Static("", id="adjust-error", classes="dim-note")

    def on_mount(self) -> None:
        self.query_one("#target", Select).focus()
        self._fill()

    @on(Select.Changed, "#target")
    def _fill(self) -> None:
        key = self.query_one("#target", Select).value
        for target, _, value in self._targets:
            if target == key:
                self.query_one("#value", Input).value = fmt(value)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        if event.input.id == "value":
            self.query_one("#reason", Input).focus()
            return
        raw = self.query_one("#value", Input).value.strip()
        reason = self.query_one("#reason", Input).value.strip()
        error = self.query_one("#adjust-error", Static)
        try:
            value = float(raw)
        except ValueError:
            error.update(f"{raw!r} is not a number.")
            return
        if not reason:
            error.update("A reason is required.")
            return
        self.dismiss((str(self.query_one("#target", Select).value), value, reason))


class NewsFlash(_Dialog):
    """An inject arrives: headline, narrative, and what it changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Continue", priority=True),
        Binding("escape", "close", "Continue"),
    ]

    def __init__(self, headline: str, text: str, effects: Sequence[str]) -> None:
        super().__init__()
        self._headline = headline
        self._text = text
        self._effects = list(effects)

    @property
    def summary(self) -> str:
        """Headline and effects on a few lines (the projector shows news as a toast)."""
        return "\n".join([self._headline, *(f"• {line}" for line in self._effects)])

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog newsflash"):
            yield Static("⚡ NEWS FLASH", classes="notice-kicker")
            yield Static(self._headline, classes="dialog-title", id="headline")
            if self._text:
                yield Static(self._text, classes="notice-body")
            for line in self._effects:
                yield Static(f"• {line}", classes="dim-note")
            yield Button("Continue  ⏎", id="ok", variant="warning")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class ResultDialog(_Dialog):
    """How an adjudicated move came out: the dice, the modifiers, the outcome."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Continue", priority=True),
        Binding("escape", "close", "Continue"),
    ]

    def __init__(
        self, title: str, lines: Sequence[Text | str], dice: Sequence[int] = (), sides: int = 6
    ) -> None:
        super().__init__()
        self._title = title
        self._lines = list(lines)
        self._dice = list(dice)
        self._sides = sides

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog result"):
            yield Static(self._title, classes="dialog-title")
            if self._dice:
                yield Static(dice_text(self._dice, self._sides), classes="dice")
            for line in self._lines:
                yield Static(line)
            yield Button("Continue  ⏎", id="ok", variant="success")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
