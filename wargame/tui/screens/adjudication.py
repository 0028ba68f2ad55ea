"""The umpire's adjudication: the dice on the table, the modifiers spelled out, the rules'
proposal, and the umpire's call (confirm, override with a reason, or rate an argument),
beside the state it is ruled on.

The reason field has the keyboard from the start, so typing a reason types it: the
dialog's own keys are Enter, Esc, ctrl+o and function keys, never a letter (a reason
beginning with "o" once opened the override).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from wargame.play import Action, Confirm, Override, Rate
from wargame.play.views import DashboardView, PendingView
from wargame.tui.focus import QuietFocus
from wargame.tui.quitting import QUIT_KEYS
from wargame.tui.screens.dialogs import ChoiceDialog, dice_text
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.gauges import fmt
from wargame.tui.widgets.keybar import KeyBar


def pending_body(view: PendingView, sides: int) -> list[RenderableType]:
    """The adjudication, spelled out for the umpire."""
    parts: list[RenderableType] = []
    if view.argument or view.argued_prompt:
        quote = Text()
        quote.append("Argument: ", style="bold")
        quote.append(f"“{view.argument}”" if view.argument else "(none given)", style="italic")
        parts.append(quote)
    if view.stage == "rate":
        # The keys the buttons name: the letters go into the reason field.
        mods = "   ".join(
            f"{key} {name} {value:+d}"
            for key, (name, value) in zip(RATING_KEYS, view.rating_mods, strict=False)
        )
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
    parts += outcome_lines(view)
    if view.proposed < 0:
        parts.append(Text("The rules propose no outcome.", style="yellow"))
    return parts


def outcome_lines(view: PendingView) -> list[RenderableType]:
    """Each outcome with its odds (the rules' proposal marked ▶), and what it does beneath
    it in plain words, indented: a table's third column squeezed the labels at 80 columns."""
    width = max((cell_len(label) for _, label, _ in view.outcomes), default=0)
    lines: list[RenderableType] = []
    for index, (_, label, probability) in enumerate(view.outcomes):
        proposed = index == view.proposed
        line = Text()
        line.append("▶ " if proposed else "  ", style="bold green")
        line.append(label + " " * (width - cell_len(label)), style="bold green" if proposed else "")
        shown = view.percents[index] if index < len(view.percents) else ""
        if probability is not None and shown:
            line.append(f"  {shown}", style="yellow")
        lines.append(line)
        summary = view.outcome_summaries[index] if index < len(view.outcome_summaries) else ""
        # Each change is a line of its own: it starts with a capital, as in the preview.
        for part in summary.split(" · ") if summary else ():
            bullet = Text(f"• {part[:1].upper()}{part[1:]}", style="dim")
            lines.append(Padding(bullet, (0, 0, 0, 4)))
    return lines


SHORT_BELOW = 32
"""Terminal height under which the ruling goes compact: a borderless reason field and
buttons, no blank rows, so a laptop's 80x24 shows the outcomes and the buttons together."""

RATINGS = ("strong", "neutral", "weak")
RATING_KEYS = ("F2", "F3", "F4")
"""The keys that rate an argument (function keys: letters go into the reason)."""


class AdjudicationScreen(QuietFocus, ModalScreen[Action | None]):
    """Returns the umpire's action: Confirm, Override or Rate.

    The app keeps one and `show`s each adjudication in it (a class with an umpire rules on
    every chance and dice move): the lines and which buttons show change, no screen is
    composed and styled each time.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", "Confirm", priority=True),
        Binding("ctrl+o", "override", "Override", priority=True),
        Binding("f2", "rate('strong')", "Strong", priority=True),
        Binding("f3", "rate('neutral')", "Neutral", priority=True),
        Binding("f4", "rate('weak')", "Weak", priority=True),
        Binding("escape", "dismiss_none", "Back"),
        *QUIT_KEYS,  # the reason field takes q as typing: ctrl+q there
    ]

    def __init__(
        self, view: PendingView, sides: int = 6, dashboard: DashboardView | None = None
    ) -> None:
        super().__init__()
        self._view = view
        self._sides = sides
        self._dashboard = dashboard

    def show(
        self, view: PendingView, sides: int = 6, dashboard: DashboardView | None = None
    ) -> None:
        """Adjudicate `view` in this screen (before it is pushed again)."""
        self._view, self._sides, self._dashboard = view, sides, dashboard
        if self.is_mounted:
            self._show()
            self.query_one("#adjudication", VerticalScroll).scroll_home(
                animate=False, immediate=True
            )

    def compose(self) -> ComposeResult:
        with Horizontal(id="ruling-body"):
            yield Dashboard(id="ruling-state")
            with VerticalScroll(classes="dialog", id="adjudication"):
                yield Static("⚖ UMPIRE", classes="notice-kicker", markup=False)
                yield Static(classes="dialog-title", id="adjudication-title", markup=False)
                yield Static(id="adjudication-body", markup=False)
                # Docked: the reason and the buttons stay in view while the outcomes
                # scroll above them (at 80x24 they were below the screen's edge).
                with Vertical(id="ruling-actions"):
                    yield Input(placeholder="Reason (optional)", id="reason")
                    with Horizontal(classes="button-row"):
                        for name, key in zip(RATINGS, RATING_KEYS, strict=True):
                            yield Button(name.title(), id=f"rate-{name}", tooltip=key)
                        yield Button("Confirm  ⏎", id="confirm", variant="success")
                        yield Button("Override…  ^o", id="override", variant="warning")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#ruling-state").border_title = "The state now"
        self._apply_height(self.app.size.height)
        self._show()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_height(event.size.height)

    def _apply_height(self, height: int) -> None:
        short = height < SHORT_BELOW
        self.set_class(short, "-short")
        for widget in self.query("#ruling-actions Input, #ruling-actions Button"):
            if isinstance(widget, (Input, Button)):
                widget.compact = short

    def _show(self) -> None:
        view = self._view
        state = self.query_one("#ruling-state", Dashboard)
        state.display = self._dashboard is not None
        if self._dashboard is not None:
            state.show(self._dashboard)
        self.query_one("#adjudication-title", Static).update(f"{view.actor}: {view.move}")
        self.query_one("#adjudication-body", Static).update(
            Group(*pending_body(view, self._sides))
        )
        reason = self.query_one("#reason", Input)
        reason.value = ""
        rating = view.stage == "rate"
        mods = dict(view.rating_mods)
        for name, key in zip(RATINGS, RATING_KEYS, strict=True):
            button = self.query_one(f"#rate-{name}", Button)
            button.display = rating and name in mods
            if name in mods:
                button.label = f"{name.title()} {mods[name]:+d}  {key}"
        for button_id in ("#confirm", "#override"):
            self.query_one(button_id, Button).display = not rating
        if self.focused is not reason:
            # Typing a reason types it (the keys here are not letters); the dialog stays
            # scrolled to its top, the dice and the outcomes, not to the field.
            reason.focus(scroll_visible=False)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        rating = self._view.stage == "rate"
        if action == "rate":
            return rating and parameters[0] in dict(self._view.rating_mods)
        if action in ("override", "confirm"):
            return not rating or action == "confirm"
        return True

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
            else:
                keys = ", ".join(
                    f"{key} {name}" for name, key in zip(RATINGS, RATING_KEYS, strict=True)
                )
                self.notify(f"Rate the argument first: {keys}.", title="Rating")
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
