"""The acting seat's moves: a list (unavailable moves say why) and a preview of the
highlighted move's effects and odds."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import events, on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wargame.play import PlayMove
from wargame.play.views import MoveOption
from wargame.tui.widgets.gauges import fmt
from wargame.tui.widgets.textview import TextView, show_scrollbar

STACK_LABELS_OVER = 20
"""Outcome labels longer than this put what each outcome does on the lines under it: beside
"Torpedoed by the hardliners" the effects had a third of the preview's width and took six
rows, and the second outcome's odds were out of view at 120x40."""

RESOLUTION_BADGE = {"chance": "⚄ chance", "dice": "⚅ dice", "ruling": "⚖ ruling", "": ""}


def option_prompt(number: int, option: MoveOption) -> Text | Group:
    """A move's line in the list; an unavailable one says why beneath it, the reason
    indented under the label however many lines it takes."""
    text = Text()
    if option.available:
        text.append(f"{number:>2} ", style="bold")
        text.append(option.label, style="bold")
        badge = RESOLUTION_BADGE.get(option.resolution, "")
        if option.argued_prompt:
            badge = "✎ argued " + badge
        if badge:
            text.append(f"  {badge}", style="italic cyan")
        if option.secret:
            text.append("  secret", style="italic magenta")
    else:
        # A closed move keeps its number on show: a class that presses it learns why it
        # is closed rather than finding that the number now means another move.
        text.append(f"{number:>2} ✗ ", style="dim")
        text.append(option.label, style="dim strike")
        if option.reason:
            return Group(text, Padding(Text(option.reason, style="dim italic"), (0, 0, 0, 5)))
    return text


class MoveList(OptionList):
    """Lists `MoveOption`s; only available ones can be chosen.

    Its scrollbar is always there (`overflow-y: scroll`, made at mount): one that comes and
    goes with the number of moves makes Textual lay the screen out and draw it once more
    after every move.
    """

    def on_mount(self) -> None:
        show_scrollbar(self)

    def show(self, options: list[MoveOption]) -> None:
        """List `options`, each with its own number key (`MoveOption.key`), in one update
        (adding options one by one re-measures the list each time), and highlight the
        first available one."""
        prompts = [
            Option(option_prompt(option.key, option), id=str(index), disabled=not option.available)
            for index, option in enumerate(options)
        ]
        self.set_options(prompts)
        first = next((i for i, o in enumerate(options) if o.available), None)
        if first is not None:
            self.highlighted = first


def preview(option: MoveOption, *, rules: bool = False) -> list[Text | tuple[Text, int]]:
    """What the highlighted move would do, in the plain words of the scenario's labels:
    narrative, effects, the odds of each outcome with what moves them, and what it needs.
    With `rules` (the facilitator's rules view) the expressions and ids instead of the
    sentences (what moves the odds stays: it is said nowhere else)."""
    parts: list[Text | tuple[Text, int]] = []
    if option.text:
        parts.append(Text(option.text, style="italic"))
    if rules:
        parts += _rules(option)
    else:
        for line in option.summary.split(" · ") if option.summary else ():
            # A phrase from inside the summary's sentence starts a line of its own here:
            # "• The President's approval +2", not "• the President's approval +2".
            parts.append((Text(f"• {line[:1].upper()}{line[1:]}"), 2))
    if option.roll:
        roll = Text(f"Roll {option.roll}", style="bold")
        for label, value in option.modifiers:
            roll.append(f"  {'+' if value >= 0 else '−'}{fmt(abs(value))} {label}", style="cyan")
        parts.append(roll)
    if option.argued_prompt:
        mods = ", ".join(f"{name} {value:+d}" for name, value in option.argued_mods)
        parts.append(Text(f"Argued: the umpire rates your case ({mods}).", style="cyan"))
    if option.odds:
        width = max(cell_len(odds.label) for odds in option.odds)
        stacked = width > STACK_LABELS_OVER
        hang = 2 if stacked else width + 9  # where a row's text goes on
        under = " " * hang  # a line of its own under the row's text
        for odds in option.odds:
            chance = odds.percent or ("hidden" if odds.hidden else "umpire")
            row = Text(odds.label + " " * (width - cell_len(odds.label)), style="bold")
            row.append(f" {chance:>6}", style="yellow")
            said = "; ".join(odds.effects) if rules else odds.summary
            below = said
            if odds.moved_by:
                # What would raise or lower a computed chance comes first, beside its odds
                # (a short preview shows it before the outcome's effects), the effects under.
                row.append("  " + odds.moved_by, style="not bold italic yellow")
            elif said and not stacked:
                row.append("  " + said, style="dim")
                below = ""
            parts.append((row, hang))
            if below:
                parts.append((Text(under + below, style="dim"), hang))
            if rules and odds.rule:
                parts.append((Text(f"{under}p: {odds.rule}", style="cyan"), hang))
    # What an open move needs (it holds: the values now) comes after the odds, so that a
    # short preview shows what can happen first (Greenland's deal needs five lines).
    if option.needs and option.available and not rules:
        parts.append(Text(option.needs, style="dim"))
    if option.limit:
        parts.append(Text(f"Limit: {option.limit}", style="dim"))
    if option.secret:
        parts.append(Text("Secret: others see only its public effects.", style="magenta"))
    if not option.available and option.reason:
        parts.append(Text(f"Not available. {option.reason}", style="bold red"))
    if not parts:
        parts.append(Text("No effects.", style="dim"))
    return parts


def _rules(option: MoveOption) -> list[Text | tuple[Text, int]]:
    """The move as the scenario file states it: its id, condition and effects."""
    action = option.action
    name = action.move if isinstance(action, PlayMove) else "pass"
    parts: list[Text | tuple[Text, int]] = [Text(f"Rules view · {name}", style="bold reverse")]
    if option.condition:
        parts.append((Text(f"if: {option.condition}", style="cyan"), 4))
    if option.effects:
        parts.append((Text("do: " + "; ".join(option.effects), style="cyan"), 4))
    return parts


class MovePreview(TextView):
    """Shows `preview(option)` for the highlighted move; an armed move (chosen, waiting for
    its confirmation) leads with the question. `rules` shows the facilitator's rules view."""

    def __init__(self, *, id: str | None = None) -> None:
        # Focusable while it holds more than it shows (`hint`), so that it can be read to
        # its end with the keys (Tab to it, then ↓): a chance move's last outcome was out
        # of view. Else Tab goes from the moves to the log, as it always did.
        super().__init__(id=id)
        self._shown: tuple[MoveOption | None, bool, int | None, bool] | None = None
        self.rules = False
        self.log_key = False
        """On a short terminal `l` shows the log in the preview's place: its border says so."""

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", lambda _: self.hint(), init=False)
        self.watch(self, "virtual_size", lambda _: self.hint(), init=False)

    @on(events.Resize)
    def _resized(self) -> None:  # besides TextView's own on_resize, which rewraps
        self.hint()

    def on_focus(self) -> None:
        self.hint()

    def on_blur(self) -> None:
        self.hint()

    def hint(self) -> None:
        """Its border says when it holds more than it shows (at 120x40 the odds of "Sign
        the access agreement" were below its edge, with nothing to say so), and how to
        read on: Tab to it (it takes the focus only then), then ↓."""
        hints = []
        self.can_focus = self.max_scroll_y > 0
        if self.scroll_y < self.max_scroll_y:
            hints.append(("↓" if self.has_focus else "Tab, ↓") + ": more below")
        if self.log_key:
            hints.append("l: the log")
        self.border_subtitle = " · ".join(hints)

    def show(
        self, option: MoveOption | None, *, armed: bool = False, number: int | None = None
    ) -> None:
        shown = (option, armed, number if armed else None, self.rules)
        if shown == self._shown:
            return
        self._shown = shown
        if option is None:
            self.set_lines([Text("No move to preview.", style="dim")])
            return
        lines = preview(option, rules=self.rules)
        if armed:
            lines.insert(0, confirm_line(option, number))
        self.set_lines(lines)


def confirm_line(option: MoveOption, number: int | None) -> Text:
    """The question an armed move asks before it is sent."""
    line = Text()
    line.append(f" Send “{option.label}”? ", style="bold reverse")
    again = f" (or {number} again)" if number is not None else ""
    # One row where it fits: the list's border and the key bar say Esc chooses again.
    line.append(f" Enter{again} sends it", style="bold")
    return line
