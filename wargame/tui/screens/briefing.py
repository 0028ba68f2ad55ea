"""A seat's briefing: the public situation, its private orders and its objectives.

Shown to each human team before its first decision and again on `b`. The private part
is only ever shown behind a hand-over screen, to the seat it belongs to (or the umpire).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Markdown

from wargame.scenario.ir import ScenarioIR
from wargame.tui.masking import IDENTITY, Masker
from wargame.tui.widgets.keybar import KeyBar


def briefing_markdown(scenario: ScenarioIR, actor_index: int | None, mask: Masker) -> str:
    """The briefing as Markdown; `actor_index` None is the umpire's overview of every seat."""
    parts = [f"# {mask(scenario.title)}", "", mask(scenario.summary), ""]
    calendar = scenario.calendar
    parts.append(
        f"**{calendar.turns} turns**, from {mask(calendar.labels[0]) if calendar.labels else ''}."
    )
    for deadline in calendar.deadlines:
        label = calendar.labels[deadline.turn - 1] if deadline.turn <= len(calendar.labels) else ""
        parts.append(f"- Deadline, turn {deadline.turn} ({mask(label)}): {mask(deadline.label)}")
    parts.append("")
    actors = range(len(scenario.actors)) if actor_index is None else [actor_index]
    for index in actors:
        actor = scenario.actors[index]
        if actor_index is None and not actor.playable:
            continue
        parts.append(f"## {mask(actor.name)}")
        if actor.briefing:
            parts += ["", mask(actor.briefing), ""]
        if actor.private_briefing:
            parts += ["### Private: for your eyes only", "", mask(actor.private_briefing), ""]
        if actor.objectives:
            parts.append("### Objectives")
            parts.append("")
            for objective in actor.objectives:
                weight = f" *(weight {objective.weight:g})*" if objective.weight != 1 else ""
                parts.append(f"- {mask(objective.text)}{weight}")
            parts.append("")
    if actor_index is not None:
        others = [a for i, a in enumerate(scenario.actors) if i != actor_index and a.playable]
        if others:
            parts.append("## The other players")
            parts.append("")
            for other in others:
                line = f"- **{mask(other.name)}**"
                if other.briefing:
                    line += f": {mask(other.briefing)}"
                parts.append(line)
    return "\n".join(parts)


class BriefingScreen(Screen[None]):
    """One seat's briefing; Enter (or the button) begins play."""

    AUTO_FOCUS = "#begin"  # focus once: refocusing restyles every widget on the screen

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Begin", priority=True),
        Binding("escape", "done", "Close"),
    ]

    def __init__(
        self, scenario: ScenarioIR, actor_index: int | None, masker: Masker = IDENTITY
    ) -> None:
        super().__init__()
        self._scenario = scenario
        self._actor = actor_index
        self._mask = masker

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="briefing"):
            yield Markdown(briefing_markdown(self._scenario, self._actor, self._mask))
            with Horizontal(classes="button-row"):
                yield Button("Begin  ⏎", id="begin", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        who = (
            "Umpire" if self._actor is None else self._mask(self._scenario.actors[self._actor].name)
        )
        self.sub_title = f"Briefing: {who}"
        self.query_one("#begin", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_done()

    def action_done(self) -> None:
        self.dismiss()
