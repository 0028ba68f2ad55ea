"""Dialogs over the game: arguing a case, umpire commands, news flashes and results.

Each returns its answer through `dismiss` (None when cancelled with Esc), so the app can
`push_screen(dialog, callback)` and never looks inside a dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from wargame.play import Flash
from wargame.tui.focus import QuietFocus
from wargame.tui.quitting import QUIT_KEYS
from wargame.tui.widgets.gauges import fmt
from wargame.tui.widgets.keybar import KeyBar

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


class _Dialog(QuietFocus, ModalScreen[object]):
    """A dialog over the game, with the key bar at the bottom: it lists the dialog's keys
    (and `q`, which asks before quitting from here too)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *QUIT_KEYS,  # a modal screen stops the app's own keys
    ]

    @on(events.Mount)
    def _with_keys(self) -> None:
        self.mount(KeyBar())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ArgumentDialog(_Dialog):
    """A matrix-game argument: the team types its case; the umpire will rate it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Submit", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def action_submit(self) -> None:
        self._submit()

    def __init__(self, move: str, prompt: str, mods: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self._move = move
        self._prompt = prompt
        self._mods = mods

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Argue: {self._move}", classes="dialog-title", markup=False)
            yield Static(self._prompt, markup=False)
            mods = ", ".join(f"{name} {value:+d}" for name, value in self._mods)
            yield Static(
                f"The umpire rates it: {mods} to the roll.", classes="dim-note", markup=False
            )
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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "OK", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, prompt: str, *, required: bool = True) -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._required = required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._prompt, markup=False)
            yield Input(placeholder="Reason", id="reason")
            yield Static("", id="reason-error", classes="dim-note", markup=False)

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def action_submit(self) -> None:
        self._submit()

    @on(Input.Submitted, "#reason")
    def _submit(self) -> None:
        value = self.query_one("#reason", Input).value.strip()
        if self._required and not value:
            self.query_one("#reason-error", Static).update("A reason is required.")
            return
        self.dismiss(value)


class ChoiceDialog(_Dialog):
    """Pick one of several items, then give a reason: inject an event, override an outcome."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "OK", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

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
            yield Static(self._title, classes="dialog-title", markup=False)
            if self._detail:
                yield Static(self._detail, markup=False)
            yield OptionList(
                *[Option(label, id=key) for key, label in self._items], id="choices", markup=False
            )
            yield Label(self._reason_prompt, markup=False)
            yield Input(placeholder="Reason", id="reason")
            yield Static("", id="reason-error", classes="dim-note", markup=False)

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    def action_submit(self) -> None:
        """Enter: on the list, take the highlighted item and go to the reason; on the
        reason, send both."""
        if isinstance(self.focused, OptionList):
            self._chosen()
        else:
            self._submit()

    def show(self, title: str, items: Sequence[tuple[str, str]]) -> None:
        """Ask again, from a clean slate (the app keeps one for injects): the options are
        built again only when they changed."""
        self._title = title
        if not self.is_mounted:
            self._items = list(items)
            return
        self.query_one(".dialog-title", Static).update(title)
        choices = self.query_one("#choices", OptionList)
        if list(items) != self._items:
            self._items = list(items)
            choices.clear_options()
            choices.add_options([Option(label, id=key) for key, label in self._items])
        choices.highlighted = 0 if self._items else None
        self.query_one("#reason", Input).value = ""
        self.query_one("#reason-error", Static).update("")
        choices.focus()

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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Next / OK", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, targets: Sequence[tuple[str, str, float]]) -> None:
        super().__init__()
        self._targets = list(targets)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Adjust a value", classes="dialog-title", markup=False)
            yield Select(
                [(Text(label), key) for key, label, _ in self._targets],
                allow_blank=False,
                id="target",
            )
            yield Static("", id="adjust-now", markup=False)
            yield Input(placeholder="New value", id="value", type="number")
            yield Input(placeholder="Reason (required)", id="reason")
            yield Static("", id="adjust-error", classes="dim-note", markup=False)

    def on_mount(self) -> None:
        self.query_one("#target", Select).focus()
        self._fill()

    def action_submit(self) -> None:
        """Enter: open the list of values, go on to the next field, or send."""
        focused = self.focused
        if isinstance(focused, Select):
            focused.action_show_overlay()
        elif isinstance(focused, Input) and focused.id == "value":
            self.query_one("#reason", Input).focus()
        elif isinstance(focused, Input) and focused.id == "reason":
            self._send()
        elif isinstance(focused, OptionList):  # the open list of values: take the choice
            focused.action_select()

    def show(self, targets: Sequence[tuple[str, str, float]]) -> None:
        """Ask again with the values as they are now, from a clean slate (the app keeps
        one: composing it took 40 ms of the key)."""
        self._targets = list(targets)
        if not self.is_mounted:
            return
        select = self.query_one("#target", Select)
        # The labels carry no value: a kept Select whose first choice stays the same keeps
        # showing the label it had when first opened ("Escalation (now 2)" with 7 on the
        # dashboard), so the value now is a line of its own, refilled on every choice.
        select.set_options([(Text(label), key) for key, label, _ in self._targets])
        if self._targets:
            select.value = self._targets[0][0]
        self._fill()
        self.query_one("#reason", Input).value = ""
        self.query_one("#adjust-error", Static).update("")
        select.focus()

    @on(Select.Changed, "#target")
    def _fill(self) -> None:
        key = self.query_one("#target", Select).value
        for target, _, value in self._targets:
            if target == key:
                self.query_one("#value", Input).value = fmt(value)
                self.query_one("#adjust-now", Static).update(f"Now {fmt(value)}")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        if event.input.id == "value":
            self.query_one("#reason", Input).focus()
            return
        self._send()

    def _send(self) -> None:
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
    """Injects arrive: each flash in turn ("2 of 3"), Enter for the next, in one dialog.

    Stepping in place redraws a few lines of the dialog; a dialog per flash would lay out
    and repaint the game screen between every two flashes. The app keeps one `NewsFlash`
    installed and `show`s each batch in it, rather than composing a dialog per batch.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Continue", priority=True),
        Binding("escape", "close", "Continue", show=False),
    ]

    def __init__(self, flashes: Sequence[Flash]) -> None:
        super().__init__()
        self.flashes: tuple[Flash, ...] = ()
        self.index = 0
        """The flash on screen."""
        self.show(flashes)

    def show(self, flashes: Sequence[Flash]) -> None:
        """Show `flashes` from the first (before the dialog is pushed again)."""
        if not flashes:
            raise ValueError("a news flash needs at least one flash")
        self.flashes = tuple(flashes)
        self.index = 0
        if self.is_mounted:
            self._show()
            self.query_one(VerticalScroll).scroll_home(animate=False, immediate=True)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog newsflash"):
            yield Static(classes="notice-kicker", id="kicker", markup=False)
            yield Static(classes="dialog-title", id="headline", markup=False)
            yield Static(classes="notice-body", id="flash-text", markup=False)
            yield Static(classes="dim-note", id="flash-effects", markup=False)
            yield Button("Continue  ⏎", id="ok", variant="warning")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        flash, count = self.flashes[self.index], len(self.flashes)
        kicker = "⚡ NEWS FLASH" + (f"  ·  {self.index + 1} of {count}" if count > 1 else "")
        self.query_one("#kicker", Static).update(kicker)
        self.query_one("#headline", Static).update(flash.headline)
        text = self.query_one("#flash-text", Static)
        text.update(flash.text)
        text.display = bool(flash.text)
        effects = self.query_one("#flash-effects", Static)
        effects.update("\n".join(f"• {line}" for line in flash.effects))
        effects.display = bool(flash.effects)

    def on_button_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        """The next flash, or back to the game after the last."""
        if self.index + 1 >= len(self.flashes):
            self.dismiss(None)
            return
        self.index += 1
        self._show()
        self.query_one(VerticalScroll).scroll_home(animate=False)


class ResultDialog(_Dialog):
    """How an adjudicated move came out: the dice, the modifiers, the outcome.

    Like `NewsFlash`, the app keeps one and `show`s each result in it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Continue", priority=True),
        Binding("escape", "close", "Continue", show=False),
    ]

    def __init__(
        self, title: str, lines: Sequence[Text | str], dice: Sequence[int] = (), sides: int = 6
    ) -> None:
        super().__init__()
        self._title = title
        self._lines: list[Text | str] = list(lines)
        self._dice = list(dice)
        self._sides = sides

    def show(
        self, title: str, lines: Sequence[Text | str], dice: Sequence[int] = (), sides: int = 6
    ) -> None:
        """Show this result (before the dialog is pushed again)."""
        self._title, self._lines, self._dice, self._sides = title, list(lines), list(dice), sides
        if self.is_mounted:
            self._show()
            self.query_one(VerticalScroll).scroll_home(animate=False, immediate=True)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog result"):
            yield Static(classes="dialog-title", id="result-title", markup=False)
            yield Static(classes="dice", id="result-dice", markup=False)
            yield Static(id="result-lines", markup=False)
            yield Button("Continue  ⏎", id="ok", variant="success")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        self.query_one("#result-title", Static).update(self._title)
        dice = self.query_one("#result-dice", Static)
        dice.update(dice_text(self._dice, self._sides) if self._dice else "")
        dice.display = bool(self._dice)
        lines = [line if isinstance(line, Text) else Text(line) for line in self._lines]
        self.query_one("#result-lines", Static).update(Text("\n").join(lines))

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class QuitDialog(_Dialog, inherit_bindings=False):
    """`q` in a game: quit, or keep playing. Says where the game is kept and how to come
    back to it. Dismisses True to quit. Its keys are its own (not the dialogs' quit keys:
    the bar would list Quit twice)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", priority=True),
        Binding("enter", "quit", "Quit", priority=True),
        Binding("escape", "cancel", "Keep playing"),
    ]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        self._title = title
        self._lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="quit-dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static("\n".join(self._lines), id="quit-detail", markup=False)
            with Horizontal(classes="button-row"):
                yield Button("Quit  q or ⏎", id="quit", variant="error")
                yield Button("Keep playing  Esc", id="stay", variant="primary")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_quit(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
