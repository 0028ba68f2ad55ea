"""The changes a free action asks for, a ruling makes or written news brings: chosen from the
scenario's levers, each with an amount held to its lever's limit.

One widget for the team's proposal, the umpire's ruling and the umpire's news: pick a
value, type an amount (`-1`, `+5`), Add; Enter on a chosen change takes it out again.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from wargame.play.freeplay import Lever
from wargame.tui.widgets.gauges import fmt

Change = tuple[str, float]


class ChangesEditor(Vertical):
    """Changes within the levers; `changes` holds them as (target, amount)."""

    DEFAULT_CSS = """
    ChangesEditor { height: auto; }
    ChangesEditor .changes-row { height: auto; }
    ChangesEditor .changes-row Select { width: 1fr; }
    ChangesEditor .changes-row Input { width: 16; }
    ChangesEditor OptionList { height: auto; max-height: 6; }
    """

    def __init__(self, levers: Sequence[Lever], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._levers = {lever.target: lever for lever in levers}
        self._changes: list[Change] = []

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(self._changes)

    def compose(self) -> ComposeResult:
        if not self._levers:
            yield Static(
                "This scenario declares no levers: free play changes no values here "
                "(narrative only).",
                classes="dim-note",
                markup=False,
            )
            return
        yield Static("Changes (within the scenario's levers):", markup=False)
        with Horizontal(classes="changes-row"):
            yield Select(
                [(Text(lever.words), lever.target) for lever in self._levers.values()],
                allow_blank=False,
                id="lever",
            )
            yield Input(placeholder="±amount", id="amount")
            yield Button("Add", id="add")
        yield OptionList(id="chosen", markup=False)
        yield Static("", id="changes-error", classes="dim-note", markup=False)

    def set_changes(self, changes: Sequence[Change]) -> None:
        """Start from these changes (those a free action asked for)."""
        self._changes = [(t, a) for t, a in changes if t in self._levers]
        if self.is_mounted and self._levers:
            self._redraw()

    def on_mount(self) -> None:
        if self._levers:
            self._redraw()

    def _redraw(self) -> None:
        chosen = self.query_one("#chosen", OptionList)
        chosen.clear_options()
        chosen.add_options(
            [
                Option(
                    f"{self._levers[t].label} {'+' if a >= 0 else '−'}{fmt(abs(a))}   (⏎ remove)"
                )
                for t, a in self._changes
            ]
        )
        chosen.display = bool(self._changes)

    @on(Input.Submitted, "#amount")
    @on(Button.Pressed, "#add")
    def _add(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        error = self.query_one("#changes-error", Static)
        target = self.query_one("#lever", Select).value
        lever = self._levers.get(str(target))
        raw = self.query_one("#amount", Input).value.strip().replace("−", "-")
        try:
            amount = float(raw)
        except ValueError:
            error.update(f"{raw!r} is not a number: write an amount such as -1 or +5.")
            return
        if lever is None:
            return
        if amount == 0 or abs(amount) > lever.limit:
            error.update(
                f"{lever.label}: a change from −{fmt(lever.limit)} to +{fmt(lever.limit)}, not 0."
            )
            return
        error.update("")
        self._changes = [(t, a) for t, a in self._changes if t != lever.target]
        self._changes.append((lever.target, amount))
        self.query_one("#amount", Input).value = ""
        self._redraw()

    @on(OptionList.OptionSelected, "#chosen")
    def _remove(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        del self._changes[event.option_index]
        self._redraw()
