"""Free play on screen: a team's free actions and arguments, the umpire's ruling on them,
and the news the umpire writes (docs/rules.md, Free play).

Every text here was typed by a person: it is drawn as plain text (`markup=False`, Rich
`Text`), never read as markup. Each screen returns its answer through `dismiss` (None
when closed with Esc); the app turns answers into actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option

from wargame.play import Confirm
from wargame.play.freeplay import FreeActionView, FreeRulingView, Lever, RuleFree
from wargame.tui.focus import QuietFocus
from wargame.tui.quitting import QUIT_KEYS
from wargame.tui.widgets.changes import Change, ChangesEditor
from wargame.tui.widgets.keybar import KeyBar

RATINGS: tuple[Literal["strong", "neutral", "weak"], ...] = ("strong", "neutral", "weak")
ARGUMENT_SLOTS = 3


@dataclass(frozen=True, slots=True)
class Proposal:
    """What a team typed: its free action, its arguments, the changes it asks for."""

    text: str
    arguments: tuple[str, ...]
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Argued:
    """A team's argument about open free action `number`."""

    number: int
    side: Literal["for", "against"]
    text: str


@dataclass(frozen=True, slots=True)
class Written:
    """News the umpire wrote (`to`: None for everyone, () for the umpire alone)."""

    headline: str
    text: str
    to: tuple[str, ...] | None
    changes: tuple[Change, ...]
    at: Literal["now", "next_turn"]


class _Modal(QuietFocus, ModalScreen[object]):
    """A free-play dialog, with the key bar listing its keys (and the quit keys).

    Each dialog lists its own keys, its actions first and then Esc and the quit keys, as every
    screen's bar reads: what the dialog does, then how to leave (inherited bindings would
    come first in the bar)."""

    @on(events.Mount)
    def _with_keys(self) -> None:
        self.mount(KeyBar())

    def action_cancel(self) -> None:
        self.dismiss(None)


def free_action_text(view: FreeActionView) -> Text:
    """A free action and its arguments, as the teams read it."""
    text = Text()
    text.append(f"#{view.number} {view.who}: ", style="bold")
    text.append(f"“{view.text}”", style="italic")
    if view.asked:
        text.append(f"\n   asks: {view.asked}", style="cyan")
    for argument in view.arguments:
        style = "green" if argument.side == "for" else "red"
        text.append(f"\n   {argument.side:>7} ", style=style)
        text.append(f"{argument.who}: {argument.text}")
    return text


class FreePlayScreen(_Modal):
    """The phase's open free actions: propose one, or argue for or against another's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "propose", "Propose"),
        Binding("plus", "argue('for')", "Argue for"),
        Binding("minus", "argue('against')", "Argue against"),
        Binding("escape", "cancel", "Close"),
        *QUIT_KEYS,
    ]

    def __init__(
        self,
        team: str,
        actions: Sequence[tuple[FreeActionView, bool]],
        why_not: str,
        rule_words: str,
    ) -> None:
        super().__init__()
        self._team = team
        self._actions = list(actions)
        self._why_not = why_not
        self._rule = rule_words

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="free-play"):
            yield Static(f"Free actions · {self._team}", classes="dialog-title", markup=False)
            yield Static(self._rule, classes="dim-note", markup=False)
            if self._actions:
                yield OptionList(
                    *[Option(free_action_text(view)) for view, _ in self._actions],
                    id="open-actions",
                )
            else:
                yield Static("No free action is open in this phase.", markup=False)
            yield Static(self._why_not, id="why-not", classes="dim-note", markup=False)
            with Horizontal(classes="button-row"):
                yield Button("Propose…  p", id="propose", variant="primary")
                yield Button("Argue for  +", id="for")
                yield Button("Argue against  −", id="against")

    def on_mount(self) -> None:
        self.query_one("#propose", Button).disabled = bool(self._why_not)
        arguable = any(ok for _, ok in self._actions)
        for side in ("for", "against"):
            self.query_one(f"#{side}", Button).disabled = not arguable
        if self._actions:
            self.query_one("#open-actions", OptionList).focus()
        elif not self._why_not:
            self.query_one("#propose", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "propose":
            self.action_propose()
        elif event.button.id in ("for", "against"):
            self.action_argue(event.button.id)

    def action_propose(self) -> None:
        if self._why_not:
            self.notify(self._why_not, severity="warning", markup=False)
            return
        self.dismiss("propose")

    def action_argue(self, side: str) -> None:
        if not self._actions:
            return
        index = self.query_one("#open-actions", OptionList).highlighted or 0
        view, allowed = self._actions[index]
        if not allowed:
            self.notify(
                f"Your team may not argue about #{view.number} (its own, or argued already).",
                severity="warning",
                markup=False,
            )
            return

        def typed(answer: object) -> None:
            if isinstance(answer, str) and answer:
                self.dismiss(Argued(view.number, "for" if side == "for" else "against", answer))

        self.app.push_screen(
            TextDialog(
                f"Argue {side}: #{view.number} {view.who}",
                f"“{view.text}”",
                "Your argument, in a sentence or two",
            ),
            typed,
        )


class TextDialog(_Modal):
    """One line of text: an argument."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"), *QUIT_KEYS]

    def __init__(self, title: str, detail: str, placeholder: str) -> None:
        super().__init__()
        self._title, self._detail, self._placeholder = title, detail, placeholder

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._detail, markup=False)
            yield Input(placeholder=self._placeholder, id="text", max_length=500)
            yield Static("Enter sends · Esc cancels", classes="dim-note", markup=False)

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted, "#text")
    def _submit(self) -> None:
        value = self.query_one("#text", Input).value.strip()
        if value:
            self.dismiss(value)


class ProposeDialog(_Modal):
    """A team writes its free action: what it does, its arguments, the changes it asks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "propose", "Propose", priority=True),
        Binding("escape", "cancel", "Cancel"),
        *QUIT_KEYS,
    ]

    def __init__(self, team: str, rule_words: str, levers: Sequence[Lever]) -> None:
        super().__init__()
        self._team, self._rule, self._levers = team, rule_words, list(levers)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="propose-dialog"):
            yield Static(f"Propose a free action · {self._team}", classes="dialog-title")
            yield Static(
                "Say what your team does, in your own words. Until the phase closes the other "
                "teams may argue for or against it. " + self._rule,
                markup=False,
            )
            yield Input(placeholder="We … (what your team does)", id="text", max_length=500)
            for slot in range(1, ARGUMENT_SLOTS + 1):
                yield Input(
                    placeholder=f"Argument {slot} for it (optional)",
                    id=f"argument-{slot}",
                    max_length=500,
                )
            yield ChangesEditor(self._levers, id="changes")
            yield Static("", id="propose-error", classes="dim-note", markup=False)
            with Horizontal(classes="button-row"):
                yield Button("Propose  ctrl+s", id="ok", variant="primary")
                yield Button("Cancel  Esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "text" or (event.input.id or "").startswith("argument-"):
            self.focus_next()

    @on(Button.Pressed, "#ok")
    def action_propose(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if not text:
            self.query_one("#propose-error", Static).update("Say what your team does first.")
            self.query_one("#text", Input).focus()
            return
        arguments = tuple(
            value
            for slot in range(1, ARGUMENT_SLOTS + 1)
            if (value := self.query_one(f"#argument-{slot}", Input).value.strip())
        )
        changes = self.query_one("#changes", ChangesEditor).changes
        self.dismiss(Proposal(text, arguments, changes))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class FreeRulingScreen(QuietFocus, ModalScreen[RuleFree | Confirm | None]):
    """The umpire rates each argument, keeps or overturns the dice (with a reason) and
    chooses the changes within the levers; or confirms what the argument rule gives."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "rate('strong')", "Strong"),
        Binding("n", "rate('neutral')", "Neutral"),
        Binding("w", "rate('weak')", "Weak"),
        Binding("ctrl+s", "rule", "Rule", priority=True),
        Binding("c", "confirm", "Confirm the rule's"),
        Binding("escape", "back", "Back"),
        *QUIT_KEYS,
    ]

    def __init__(self, view: FreeRulingView, levers: Sequence[Lever]) -> None:
        super().__init__()
        self._view = view
        self._levers = list(levers)
        self._ratings = list(view.rule_ratings)

    def compose(self) -> ComposeResult:
        view = self._view
        with VerticalScroll(classes="dialog", id="free-ruling"):
            yield Static("⚖ UMPIRE · free action", classes="notice-kicker", markup=False)
            yield Static(
                f"#{view.number} {view.who}: “{view.text}”", classes="dialog-title", markup=False
            )
            if view.asked_words:
                yield Static(f"Asks for: {view.asked_words}", markup=False)
            yield Static("Arguments (↑↓ to choose, s / n / w to rate):", markup=False)
            yield OptionList(id="arguments")
            yield Static(id="total", markup=False)
            yield Select(
                [
                    ("As the dice say", "dice"),
                    ("Success (against the dice: give a reason)", "success"),
                    ("Failure (against the dice: give a reason)", "failure"),
                ],
                allow_blank=False,
                value="dice",
                id="verdict",
            )
            yield ChangesEditor(self._levers, id="changes")
            yield Static(
                "The changes apply whatever the verdict: on a failure, clear them or set a "
                "backfire.",
                classes="dim-note",
                markup=False,
            )
            yield Input(placeholder="Reason (goes into the debrief)", id="reason", max_length=500)
            yield Static("", id="ruling-error", classes="dim-note", markup=False)
            with Horizontal(classes="button-row"):
                yield Button("Rule  ctrl+s", id="rule", variant="success")
                yield Button("Confirm the rule's  c", id="confirm")
        yield KeyBar()

    def on_mount(self) -> None:
        self._redraw()
        if self._success():
            self.query_one("#changes", ChangesEditor).set_changes(self._view.asked)
        arguments = self.query_one("#arguments", OptionList)
        arguments.display = bool(self._view.arguments)
        arguments.focus()

    def _success(self) -> bool:
        verdict = self.query_one("#verdict", Select).value
        _, _, by_dice = self._view.total(tuple(self._ratings))
        return by_dice if verdict == "dice" else verdict == "success"

    def _redraw(self) -> None:
        arguments = self.query_one("#arguments", OptionList)
        highlighted = arguments.highlighted
        arguments.clear_options()
        for argument, rating in zip(self._view.arguments, self._ratings, strict=True):
            line = Text()
            line.append(f"[{rating}] ", style="bold cyan")
            line.append(argument.words)
            arguments.add_option(Option(line))
        if highlighted is not None and self._view.arguments:
            arguments.highlighted = min(highlighted, len(self._view.arguments) - 1)
        words, _, success = self._view.total(tuple(self._ratings))
        total = Text("Dice ")
        total.append(words, style="bold")
        total.append(": success" if success else ": failure", style="green" if success else "red")
        self.query_one("#total", Static).update(total)

    def action_rate(self, rating: str) -> None:
        if not self._view.arguments or rating not in RATINGS:
            return
        arguments = self.query_one("#arguments", OptionList)
        index = arguments.highlighted or 0
        before = self._success()
        self._ratings[index] = rating
        self._redraw()
        arguments.highlighted = min(index + 1, len(self._ratings) - 1)
        self._follow_verdict(before)

    @on(Select.Changed, "#verdict")
    def _verdict_changed(self) -> None:
        self._follow_verdict(None)

    def _follow_verdict(self, before: bool | None) -> None:
        """When the verdict turns, the changes asked for follow it unless the umpire chose
        others: asked on a success, none on a failure."""
        now = self._success()
        if before == now:
            return
        editor = self.query_one("#changes", ChangesEditor)
        asked = tuple(self._view.asked)
        if now and not editor.changes:
            editor.set_changes(asked)
        elif not now and editor.changes == asked:
            editor.set_changes(())

    def action_rule(self) -> None:
        verdict = str(self.query_one("#verdict", Select).value)
        reason = self.query_one("#reason", Input).value.strip()
        _, _, by_dice = self._view.total(tuple(self._ratings))
        against = verdict != "dice" and (verdict == "success") != by_dice
        if against and not reason:
            self.query_one("#ruling-error", Static).update(
                "Ruling against the dice needs a reason (it goes into the debrief)."
            )
            self.query_one("#reason", Input).focus()
            return
        changes = self.query_one("#changes", ChangesEditor).changes
        self.dismiss(
            RuleFree(
                self._view.number,
                tuple(self._ratings),  # type: ignore[arg-type]
                verdict,  # type: ignore[arg-type]
                changes,
                reason,
            )
        )

    def action_confirm(self) -> None:
        self.dismiss(Confirm(self.query_one("#reason", Input).value.strip()))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "rule":
            self.action_rule()
        elif event.button.id == "confirm":
            self.action_confirm()

    def action_back(self) -> None:
        self.dismiss(None)


UMPIRE_ONLY = "__umpire__"


class WriteNewsDialog(_Modal):
    """The umpire writes news: headline, text, who reads it, changes, now or next turn."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Send the news", priority=True),
        Binding("escape", "cancel", "Cancel"),
        *QUIT_KEYS,
    ]

    def __init__(
        self, readers: Sequence[tuple[str, str]], levers: Sequence[Lever], last_turn: bool
    ) -> None:
        super().__init__()
        self._readers = list(readers)
        self._levers = list(levers)
        self._last_turn = last_turn

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="write-news"):
            yield Static("Write news", classes="dialog-title", markup=False)
            yield Input(placeholder="Headline", id="headline", max_length=120)
            yield Input(placeholder="Text (optional)", id="story", max_length=2000)
            yield Label("Who reads it (space ticks; none ticked: the umpire alone):")
            yield SelectionList[str](
                *[(name, ident, True) for ident, name in self._readers], id="readers"
            )
            when = [("Now", "now")]
            if not self._last_turn:
                when.append(("At the start of the next turn", "next_turn"))
            yield Select(when, allow_blank=False, value="now", id="when")
            yield ChangesEditor(self._levers, id="changes")
            yield Static("", id="news-error", classes="dim-note", markup=False)
            with Horizontal(classes="button-row"):
                yield Button("Send  ctrl+s", id="ok", variant="primary")
                yield Button("Cancel  Esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#headline", Input).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id in ("headline", "story"):
            self.focus_next()

    @on(Button.Pressed, "#ok")
    def action_write(self) -> None:
        headline = self.query_one("#headline", Input).value.strip()
        if not headline:
            self.query_one("#news-error", Static).update("The news needs a headline.")
            self.query_one("#headline", Input).focus()
            return
        ticked = tuple(self.query_one("#readers", SelectionList).selected)
        everyone = len(ticked) == len(self._readers)
        at: Literal["now", "next_turn"] = (
            "next_turn" if self.query_one("#when", Select).value == "next_turn" else "now"
        )
        self.dismiss(
            Written(
                headline,
                self.query_one("#story", Input).value.strip(),
                None if everyone else ticked,
                self.query_one("#changes", ChangesEditor).changes,
                at,
            )
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
