"""A seat's briefing: the public situation, its private orders and its objectives.

Shown to each human team before its first decision and again on `b`. The private part
is only ever shown behind a hand-over screen, to the seat it belongs to (or the umpire).

The team's own part (its role, private orders and objectives) comes after the scenario's
summary: at 80x24 the first screenful is the summary alone, and in issue 20's hot-seat
playthroughs a class that pressed Enter there began to play without having read its
orders (a "↓ more below" beside Begin did not stop a Greenland 2.4 class). While more is
below, Enter (and the button) reads on a page ("Read on ↓"); at the end it begins. Esc
still closes it at once.

The briefing is lines of styled text in one `TextView`: Textual's `Markdown` widget made a
widget per paragraph, heading and list item (72 for Greenland's umpire) and took two thirds
of a second to mount. Scenario texts are plain text (the format has no Markdown in them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header

from wargame.play import IDENTITY, Masker, ScenarioIR
from wargame.tui.focus import QuietFocus
from wargame.tui.widgets.keybar import KeyBar
from wargame.tui.widgets.textview import TextView

Line = tuple[Text, int]
"""A line of the briefing and the indent of its continuation rows."""


BEGIN = "Begin  ⏎"
READ_ON = "Read on ↓  ⏎"
"""The button while the briefing goes on below the screen: Enter reads on a page."""

FILL_AFTER = 0.03
"""Seconds after `BriefingScreen.show` that the text is written (see there)."""


@dataclass(frozen=True)
class BriefingStyles:
    """The styles of the briefing's parts (headings take the theme's primary colour)."""

    title: Style
    heading: Style
    subheading: Style
    bullet: Style

    @classmethod
    def for_colour(cls, primary: str) -> BriefingStyles:
        colour = Style(color=primary)
        return cls(
            title=Style(bold=True) + colour,
            heading=Style(bold=True, underline=True) + colour,
            subheading=Style(bold=True) + colour,
            bullet=colour,
        )


PLAIN = BriefingStyles(Style(bold=True), Style(bold=True), Style(bold=True), Style())


def briefing_lines(
    scenario: ScenarioIR, actor_index: int | None, mask: Masker, styles: BriefingStyles = PLAIN
) -> list[Line]:
    """The briefing as lines; `actor_index` None is the umpire's overview of every seat."""
    lines: list[Line] = []

    def text(value: str, style: Style | str = "", hang: int = 0) -> None:
        lines.append((Text(value, style=style), hang))

    def blank() -> None:
        if lines and lines[-1][0].plain:
            lines.append((Text(), 0))

    def bullet(item: Text) -> None:
        lines.append((Text.assemble(("• ", styles.bullet), item), 2))

    text(mask(scenario.title), styles.title)
    blank()
    text(mask(scenario.summary))
    blank()
    calendar = scenario.calendar
    start = mask(calendar.labels[0]) if calendar.labels else ""
    lines.append((Text.assemble((f"{calendar.turns} turns", "bold"), f", from {start}."), 0))
    if calendar.deadlines:
        blank()
    for deadline in calendar.deadlines:
        label = calendar.labels[deadline.turn - 1] if deadline.turn <= len(calendar.labels) else ""
        # The turn's label after a comma, not in brackets: a label may carry its own
        # ("March 2026 (first primaries)" read "(March 2026 (first primaries))").
        when = f"turn {deadline.turn}, {mask(label)}" if label else f"turn {deadline.turn}"
        bullet(Text(f"Deadline in {when}: {mask(deadline.label)}"))
    actors = range(len(scenario.actors)) if actor_index is None else [actor_index]
    for index in actors:
        actor = scenario.actors[index]
        if actor_index is None and not actor.playable:
            continue
        blank()
        blank_after_heading = (Text(), 0)
        text(mask(actor.name), styles.heading)
        if actor.briefing:
            lines.append(blank_after_heading)
            text(mask(actor.briefing))
        if actor.private_briefing:
            blank()
            text("Private: for your eyes only", styles.subheading)
            lines.append(blank_after_heading)
            text(mask(actor.private_briefing))
        if actor.objectives:
            blank()
            text("Objectives", styles.subheading)
            lines.append(blank_after_heading)
            for objective in actor.objectives:
                item = Text(mask(objective.text))
                if objective.weight != 1:
                    item.append(f" (weight {objective.weight:g})", style="italic")
                bullet(item)
    if actor_index is not None:
        others = [a for i, a in enumerate(scenario.actors) if i != actor_index and a.playable]
        if others:
            blank()
            text("The other players", styles.heading)
            lines.append((Text(), 0))
            for other in others:
                item = Text.assemble((mask(other.name), "bold"))
                if other.briefing:
                    item.append(f": {mask(other.briefing)}")
                bullet(item)
    return lines


def briefing_text(scenario: ScenarioIR, actor_index: int | None, mask: Masker) -> str:
    """The briefing as plain text (what the screen shows, without styles)."""
    return "\n".join(line.plain for line, _ in briefing_lines(scenario, actor_index, mask))


class BriefingScreen(QuietFocus, Screen[None]):
    """One seat's briefing; Enter (or the button) reads on a page while there is more
    below, then begins play."""

    AUTO_FOCUS = "#begin"  # focus once: refocusing restyles every widget on the screen

    BINDINGS: ClassVar[list[BindingType]] = [
        # One of the two Enter bindings is enabled at a time (`check_action`).
        Binding("enter", "read_on", "Read on", priority=True),
        Binding("enter", "begin", "Begin", priority=True),
        Binding("escape", "done", "Close"),
        Binding("down", "scroll('down')", "Scroll", show=False),
        Binding("up", "scroll('up')", "Scroll", show=False),
        Binding("pagedown", "scroll('page_down')", "Scroll", show=False),
        Binding("pageup", "scroll('page_up')", "Scroll", show=False),
    ]

    def __init__(
        self, scenario: ScenarioIR, actor_index: int | None, masker: Masker = IDENTITY
    ) -> None:
        super().__init__()
        self._scenario = scenario
        self._actor = actor_index
        self._mask = masker
        self._fill_due = False

    @property
    def plain(self) -> str:
        """Everything the briefing shows, as plain text."""
        return briefing_text(self._scenario, self._actor, self._mask)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="briefing"):
            yield TextView(id="briefing-text", can_focus=True)
            with Horizontal(classes="button-row"):
                yield Button(BEGIN, id="begin", variant="primary", compact=True)
        yield KeyBar()

    def more_below(self) -> bool:
        """Whether the briefing goes on below what is on screen."""
        text = self.query_one("#briefing-text", TextView)
        return text.scroll_y < text.max_scroll_y

    def _where_read(self) -> None:
        """The button and the key bar say what Enter does now: read on, or begin."""
        label = READ_ON if self.more_below() else BEGIN
        button = self.query_one("#begin", Button)
        if str(button.label) != label:
            button.label = label
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read_on":
            return self.more_below()
        if action == "begin":
            return not self.more_below()
        return True

    def show(self, scenario: ScenarioIR, actor_index: int | None, masker: Masker) -> None:
        """Brief another seat in this screen (the app keeps one: a hot-seat class briefs
        every team in turn), from the top, before it is pushed again.

        The text is written a moment later, or as the screen comes on top if that is
        sooner: the app pushes it under the hand-over, in the key press that ends the
        previous team's move, and writing it there cost 2-3 ms of that press.
        """
        # The same seat's briefing is written already (the app may brief ahead, under the
        # news): only back to the top.
        same = (scenario, actor_index, masker) == (self._scenario, self._actor, self._mask)
        self._scenario, self._actor, self._mask = scenario, actor_index, masker
        if self.is_mounted:
            if same:
                text = self.query_one("#briefing-text", TextView)
                text.scroll_to(y=0, animate=False, immediate=True)
            else:
                self._fill_due = True
                self.set_timer(FILL_AFTER, self._fill_if_due)
            begin = self.query_one("#begin", Button)
            if self.focused is not begin:
                begin.focus()

    def on_mount(self) -> None:
        self._fill()
        self.watch(self.app, "theme", self._fill, init=False)
        text = self.query_one("#briefing-text", TextView)
        self.watch(text, "scroll_y", lambda _: self._where_read())
        self.watch(text, "virtual_size", lambda _: self._where_read())

    def on_resize(self) -> None:
        self.call_after_refresh(self._where_read)  # a taller screen may show it all

    def on_screen_resume(self) -> None:
        if self.app.screen is self:
            self._fill_if_due()

    def _fill_if_due(self) -> None:
        if self._fill_due:
            self._fill()

    def _fill(self) -> None:
        self._fill_due = False
        who = (
            "Umpire" if self._actor is None else self._mask(self._scenario.actors[self._actor].name)
        )
        self.sub_title = f"Briefing: {who}"
        colour = str(self.app.theme_variables.get("primary", "blue"))
        lines = briefing_lines(
            self._scenario, self._actor, self._mask, BriefingStyles.for_colour(colour)
        )
        self.query_one("#briefing-text", TextView).set_lines(lines)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._enter()

    def action_read_on(self) -> None:
        self._enter()

    def action_begin(self) -> None:
        self._enter()

    def _enter(self) -> None:
        """Read on a page while there is more below, else begin: decided at the press,
        with the seat's text written first (another seat's briefing is written a moment
        after `show`, and an Enter before that must not begin on the last one's length)."""
        self._fill_if_due()
        if self.more_below():
            self.query_one("#briefing-text", TextView).scroll_page_down(animate=False)
        else:
            self.dismiss()

    def action_scroll(self, how: str) -> None:
        view = self.query_one("#briefing-text", TextView)
        {
            "down": view.scroll_down,
            "up": view.scroll_up,
            "page_down": view.scroll_page_down,
            "page_up": view.scroll_page_up,
        }[how](animate=False)

    def action_done(self) -> None:
        self.dismiss()
