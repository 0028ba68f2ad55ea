"""The umpire's adjudication: the dice on the table, the modifiers spelled out, the rules'
proposal, and the umpire's call (confirm, override with a reason, or rate an argument)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from wargame.play import Action, Confirm, Override, Rate
from wargame.play.views import PendingView
from wargame.tui.focus import QuietFocus
from wargame.tui.screens.dialogs import ChoiceDialog, dice_text
from wargame.tui.widgets.gauges import fmt


def pending_body(view: PendingView, sides: int) -> list[Text | Table]:
    """The adjudication, spelled out for the umpire."""
    parts: list[Text | Table] = []
    if view.argument or view.argued_prompt:
        quote = Text()
        quote.append("Argument: ", style="bold")
        quote.append(f"“{view.argument}”" if view.argument else "(none given)", style="italic")
        parts.append(quote)
    if view.stage == "rate":
        mods = "   ".join(f"[{name[0]}] {name} {value:+d}" for name, value in view.rating_mods)
        parts.append(Text(f"Rate the argument: {mods}", style="bold cyan"))
        parts.append(Text("The dice are already rolled; you see them after rating.", style="dim"))
        return parts
    if view.kind == "dice":
        parts.append(dice_text(view.dice, sides))
        sums = Text(f"Dice {sum(view.dice)}")
        for label, value in view.modifiers:
            sums.append(f"  {'+' if value >= 0 else '−'}{fmt(abs(value))} {label}", style="cyan")
        sums.append(f" = {fmt(view.total)}", style="bold")
        parts.append(sums)
    elif view.draw >= 0:
        parts.append(Text(f"Chance draw: {view.draw:.3f}", style="bold"))
    table = Table(box=None, padding=(0, 1), header_style="dim")
    table.add_column("")
    table.add_column("Outcome")
    table.add_column("Odds", justify="right")
    for index, (_, label, probability) in enumerate(view.outcomes):
        proposed = index == view.proposed
        table.add_row(
            Text("▶" if proposed else " ", style="bold green"),
            Text(label, style="bold green" if proposed else ""),
            "" if probability is None else f"{probability:.0%}",
        )
    parts.append(table)
    if view.proposed < 0:
        parts.append(Text("The rules propose no outcome.", style="yellow"))
    return parts


RATINGS = ("strong", "neutral", "weak")


class AdjudicationScreen(QuietFocus, ModalScreen[Action | None]):
    """Returns the umpire's action: Confirm, Override or Rate.

    The app keeps one and `show`s each adjudication in it (a class with an umpire rules on
    every chance and dice move): the lines and which buttons show change, no screen is
    composed and styled each time.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", "Confirm", priority=True),
        Binding("o", "override", "Override"),
        Binding("s", "rate('strong')", "Strong", show=False),
        Binding("n", "rate('neutral')", "Neutral", show=False),
        Binding("w", "rate('weak')", "Weak", show=False),
        Binding("escape", "dismiss_none", "Back"),
    ]

    def __init__(self, view: PendingView, sides: int = 6) -> None:
        super().__init__()
        self._view = view
        self._sides = sides

    def show(self, view: PendingView, sides: int = 6) -> None:
        """Adjudicate `view` in this screen (before it is pushed again)."""
        self._view, self._sides = view, sides
        if self.is_mounted:
            self._show()
            self.query_one(VerticalScroll).scroll_home(animate=False, immediate=True)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="adjudication"):
            yield Static("⚖ UMPIRE", classes="notice-kicker", markup=False)
            yield Static(classes="dialog-title", id="adjudication-title", markup=False)
            yield Static(id="adjudication-body", markup=False)
            yield Input(placeholder="Reason (optional for confirm and rating)", id="reason")
            with Horizontal(classes="button-row"):
                for name in RATINGS:
                    yield Button(name.title(), id=f"rate-{name}")
                yield Button("Confirm  ⏎", id="confirm", variant="success")
                yield Button("Override…  o", id="override", variant="warning")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        view = self._view
        self.query_one("#adjudication-title", Static).update(f"{view.actor}: {view.move}")
        self.query_one("#adjudication-body", Static).update(
            Group(*pending_body(view, self._sides))
        )
        self.query_one("#reason", Input).value = ""
        rating = view.stage == "rate"
        mods = dict(view.rating_mods)
        shown: list[Button] = []
        for name in RATINGS:
            button = self.query_one(f"#rate-{name}", Button)
            button.display = rating and name in mods
            if name in mods:
                button.label = f"{name.title()} {mods[name]:+d}"
            if button.display:
                shown.append(button)
        for button_id in ("#confirm", "#override"):
            button = self.query_one(button_id, Button)
            button.display = not rating
            if button.display:
                shown.append(button)
        if shown and self.focused is not shown[0]:
            shown[0].focus()

    @property
    def _reason(self) -> str:
        return self.query_one("#reason", Input).value.strip()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "confirm":
            self.action_confirm()
        elif button == "override":
            self.action_override()
        elif button.startswith("rate-"):
            self.action_rate(button.removeprefix("rate-"))

    @on(Input.Submitted, "#reason")
    def _reason_entered(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        if self._view.stage == "rate":
            focused = self.focused
            if isinstance(focused, Button) and (focused.id or "").startswith("rate-"):
                self.action_rate((focused.id or "").removeprefix("rate-"))
            return
        focused = self.focused
        if isinstance(focused, Button) and focused.id == "override":
            self.action_override()
            return
        self.dismiss(Confirm(self._reason))

    def action_rate(self, rating: str) -> None:
        if self._view.stage != "rate" or rating not in ("strong", "neutral", "weak"):
            return
        self.dismiss(Rate(rating, self._reason))  # type: ignore[arg-type]

    def action_override(self) -> None:
        if self._view.stage == "rate":
            return
        items = [(oid, label) for oid, label, _ in self._view.outcomes]

        def chosen(answer: object) -> None:
            if isinstance(answer, tuple):
                outcome, reason = answer
                self.dismiss(Override(str(outcome), str(reason)))

        self.app.push_screen(
            ChoiceDialog(
                "Override: impose an outcome",
                items,
                detail="The rules' proposal is set aside; say why for the debrief.",
            ),
            chosen,
        )

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
