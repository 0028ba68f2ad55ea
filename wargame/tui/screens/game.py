"""The turn screen: header, dashboard, situation, the acting seat's moves with a preview,
and the event log, all as the seat on screen may see them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static

from wargame.play import Event, PlayMove
from wargame.play.views import DashboardView, HeaderView, MoveOption
from wargame.tui.focus import QuietFocus
from wargame.tui.messages import ActionChosen
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.dialogs import ArgumentDialog
from wargame.tui.screens.notice import HandoverScreen
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.eventlog import EventLog
from wargame.tui.widgets.header import GameHeader
from wargame.tui.widgets.keybar import KeyBar
from wargame.tui.widgets.moves import MoveList, MovePreview, option_prompt
from wargame.tui.widgets.textview import TextView

NARROW_BELOW = 110
"""Terminal width under which the two columns stack."""

SHORT_BELOW = 32
"""Terminal height under which the stacked columns give the preview the log's rows (an
80x24 terminal showed 4 lines of a move's preview, too few for its effects); `l` shows
the log in the preview's place, and the moves (`m`, or choosing one) bring it back."""

READY_AFTER = 0.12
"""Seconds after a dialog covers this screen before the new view is drawn under it: by
then the dialog has had its frames, so getting ready never delays the dialog itself."""

PASSING_COVERS: tuple[type[Screen[Any]], ...] = (ModalScreen, BriefingScreen, HandoverScreen)
"""Screens the game comes back to this screen from within a key or two: worth drawing the
game under. (Textual repaints the top screen where the one under it changed, so getting
ready under the debrief would repaint the debrief for a screen nobody is going back to.)"""

NARRATIVE_KINDS = frozenset(
    {
        "move",
        "reveal",
        "outcome",
        "inject",
        "exit",
        "collapse",
        "ending",
        "rating",
        "umpire",
        "fizzle",
        "pending",
    }
)


@dataclass(frozen=True, slots=True)
class TurnView:
    """Everything the turn screen shows, computed by the app for the seat on screen."""

    header: HeaderView
    timer: Text | None
    dashboard: DashboardView
    phase_title: str
    phase_text: str
    situation: tuple[tuple[Event, str], ...]
    moves: tuple[MoveOption, ...]
    moves_title: str
    log: tuple[tuple[Event, str], ...]
    status: str
    waiting: str = ""
    """Shown instead of moves when this seat has nothing to decide (bots thinking, over)."""


class GameScreen(QuietFocus, Screen[None]):
    """Renders a `TurnView`; choosing a move posts `ActionChosen` to the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "pick(0)", "Pass", show=False),
        Binding("1", "pick(1)", "Move 1", show=False),
        Binding("2", "pick(2)", "Move 2", show=False),
        Binding("3", "pick(3)", "Move 3", show=False),
        Binding("4", "pick(4)", "Move 4", show=False),
        Binding("5", "pick(5)", "Move 5", show=False),
        Binding("6", "pick(6)", "Move 6", show=False),
        Binding("7", "pick(7)", "Move 7", show=False),
        Binding("8", "pick(8)", "Move 8", show=False),
        Binding("9", "pick(9)", "Move 9", show=False),
        Binding("l", "focus_log", "Log", show=False),
        Binding("m", "focus_moves", "Moves", show=False),
        Binding("x", "toggle_details", "Details", show=False),
        Binding("r", "toggle_rules", "Rules view", show=False),
        # Enter sends the armed move wherever the focus is (a team that Tabbed to the log
        # and pressed a number read "Enter sends it"); on the moves list the list's own
        # Enter does it.
        Binding("enter", "send", "Send"),
        Binding("escape", "disarm", "Choose again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._view: TurnView | None = None
        self._shown: TurnView | None = None
        """The view on screen now (None before the first is drawn)."""
        self._header: tuple[HeaderView, Text | None] | None = None
        """The latest header and timer (the timer ticks between views)."""
        self._draw_pending = False
        self._ready_timer: Timer | None = None
        self.armed: int | None = None
        """The move chosen and waiting for its confirmation (Enter, or its number again):
        an index into the view's moves, None when nothing waits."""
        self._typed = ""
        """The digit just pressed when a second one may follow it (a list with moves 10 to
        13: "1" chose move 1, and "3" next makes it 13)."""

    def compose(self) -> ComposeResult:
        yield GameHeader(id="game-header")
        with Horizontal(id="game-body"):
            with Vertical(id="left-col"):
                yield Dashboard(id="dashboard")
                yield TextView(id="situation")
            with Vertical(id="right-col"):
                yield MoveList(id="moves")
                yield MovePreview(id="move-preview")
                yield EventLog(id="event-log")
        yield Static(id="status-line", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.query("#dashboard"):
            return  # closed as it mounted (a seat that left the table)
        self.query_one("#dashboard").border_title = "Dashboard"
        self.query_one("#situation").border_title = "Situation"
        self.query_one("#move-preview").border_title = "Preview"
        self.query_one("#event-log").border_title = "Log"
        self._apply_size(self.app.size.width, self.app.size.height)
        for moves in self.query(MoveList).results(MoveList):  # a list's rows come and go
            self.watch(moves, "virtual_size", lambda _: self._moves_hint(), init=False)
        if self._view is not None:
            self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        # Draw what changed while covered now, and ask for a layout: the first frame after
        # the cover goes is then laid out with the new content, rather than painted once
        # with the old layout and laid out and painted again when the widgets report in.
        if self._view is not None and self._view is not self._shown:
            self._draw()
            self.refresh(layout=True)

    def _apply_size(self, width: int, height: int) -> None:
        self.set_class(width < NARROW_BELOW, "-narrow")
        short = width < NARROW_BELOW and height < SHORT_BELOW
        self.set_class(short, "-short")
        # query, not query_one: the projector's board (a GameScreen) has neither panel, and
        # a resize that raised there stopped the board following the game.
        for preview in self.query(MovePreview).results(MovePreview):
            preview.log_key = short
            preview.hint()
        for log in self.query("#event-log"):
            log.border_subtitle = "m: back to the preview" if short else ""
        self.call_after_refresh(self._moves_hint)

    def _moves_hint(self) -> None:
        """The list's border says how many moves there are to choose from when they do not
        all show: at 80x24 it shows four rows, and the hot-seat playthrough's Denmark saw
        four moves of eight (its Article 4 request and Pass out of view)."""
        if self.armed is not None:
            return  # its border says how to send it
        view = self._view
        options = () if view is None or view.waiting else view.moves
        choosable = [o for o in options if o.available]
        closed = len(options) - len(choosable)
        for moves in self.query(MoveList).results(MoveList):
            hint = ""
            if moves.max_scroll_y > 0 and choosable:
                # The open moves and Pass come first: say "↓ for all" only when some of
                # them are out of view, else what the rows below hold.
                region = moves.scrollable_content_region
                prompts = [option_prompt(o.key, o) for o in choosable]
                width = max(1, region.width)
                rows = sum(
                    len(p.wrap(self.app.console, width)) if isinstance(p, Text) else 2
                    for p in prompts
                )
                if rows > region.height:
                    hint = f"{len(choosable)} to choose from: ↓ for all"
                elif closed:
                    hint = f"↓ {closed} closed, and why"
            moves.border_subtitle = hint

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # On a short terminal the log shows in the preview's place while it has the focus.
        self.set_class(isinstance(event.widget, EventLog), "-log")

    # -- rendering -------------------------------------------------------------------------

    def show(self, view: TurnView) -> None:
        """Show `view`: drawn once the current message is handled, if this screen can be
        seen then, else when it comes back (see `_visible`)."""
        if view == self._view:
            # The app asks again after a dialog closes; an equal view keeps the identity
            # of the one drawn (perhaps under the dialog), so coming back costs no layout.
            view = self._view
        self._view = view
        self._header = (view.header, view.timer)
        self._schedule_draw()

    def show_timer(self, header: HeaderView, timer: Text | None) -> None:
        self._header = (header, timer)
        self._schedule_draw()

    def _schedule_draw(self) -> None:
        # The app refreshes this screen and then often pushes a news flash or a hand-over
        # at once: drawing after that has happened skips redrawing a screen nobody sees.
        if self.is_mounted and not self._draw_pending:
            self._draw_pending = True
            self.call_later(self._draw)

    def _visible(self) -> bool:
        """Whether anyone sees this screen: on top, or under a see-through screen (the
        command palette). Dialogs over the game are opaque."""
        top = self.app.screen
        return top is self or (self.is_current and top.styles.background.a < 1)

    def _draw_under_cover_soon(self) -> None:
        """Covered by a dialog: put the new view into the widgets under it once the dialog
        has settled on screen, so closing the dialog only lays out and paints."""
        if self._ready_timer is None:
            self._ready_timer = self.set_timer(READY_AFTER, self._draw_under_cover)

    def _draw_under_cover(self) -> None:
        self._ready_timer = None
        if self._visible() or not self.is_attached:
            return  # back on top first: `on_screen_resume` draws it
        if not isinstance(self.app.screen, PASSING_COVERS):
            return  # the debrief or help: drawn when (if ever) this screen comes back
        self._draw(covered=True)

    def _draw(self, covered: bool = False) -> None:
        """Draw the latest view where it differs from what is on screen (or, `covered`,
        on the screen under a dialog).

        Only the parts that differ are touched: every update makes Textual measure and
        repaint that widget, and a key press should cost one frame.
        """
        self._draw_pending = False
        view = self._view
        if view is None or not self.is_mounted:
            return
        if not self._visible() and not covered:
            self._draw_under_cover_soon()
            return
        if self._header is not None:
            self.query_one(GameHeader).show(*self._header)
        before, self._shown = self._shown, view
        if before is view:
            return
        if before is None or before.dashboard != view.dashboard:
            self.query_one(Dashboard).show(view.dashboard)
        situation = (view.phase_title, view.phase_text, view.situation)
        if before is None or (before.phase_title, before.phase_text, before.situation) != situation:
            self.query_one("#situation", TextView).set_lines(self._situation(view))
        moves = self.query_one(MoveList)
        if before is None or before.moves_title != view.moves_title:
            moves.border_title = Text(view.moves_title)
        if view.waiting:
            if before is None or before.waiting != view.waiting or before.moves:
                self._disarm()
                moves.set_options([Text(view.waiting)])
                self.query_one(MovePreview).show(None)
        else:
            if before is None or before.waiting or before.moves != view.moves:
                self._disarm()
                moves.show(list(view.moves))
                self._preview()
                self.call_after_refresh(self._moves_hint)
            if not isinstance(self.focused, EventLog | MoveList):
                moves.focus()
        self.query_one(EventLog).show(view.log)
        if before is None or before.status != view.status:
            self.query_one("#status-line", Static).update(Text(view.status, style=""), layout=False)

    def show_status(self, status: str) -> None:
        """Redraw the status line alone (a save landed, a seat came or went); nothing while
        the screen is still being composed."""
        for line in self.query("#status-line").results(Static):
            line.update(Text(status, style=""), layout=False)

    @staticmethod
    def _situation(view: TurnView) -> list[Text]:
        lines = [Text(view.phase_title, style="bold")]
        if view.phase_text:
            lines.append(Text(view.phase_text, style="italic"))
        for event, line in view.situation:
            if event.kind not in NARRATIVE_KINDS:
                continue
            lines.append(Text())
            lines.append(Text(line, style="bold" if event.kind in ("inject", "ending") else ""))
        return lines

    def _preview(self) -> None:
        if self._view is None:
            return
        moves = self.query_one(MoveList)
        index = moves.highlighted
        option = None
        if index is not None and 0 <= index < len(self._view.moves):
            option = self._view.moves[index]
        armed = option is not None and index == self.armed
        self.query_one(MovePreview).show(option, armed=armed, number=self._number(index))

    def _number(self, index: int | None) -> int | None:
        """The number that sends the move at `index` when pressed again (available moves
        only): its own key, if one key press makes it and no longer number starts with it
        (with a move 11 listed, "1" after "1" chooses 11)."""
        if self._view is None or index is None or not 0 <= index < len(self._view.moves):
            return None
        option = self._view.moves[index]
        if not option.available or option.key > 9 or self._continues(option.key):
            return None
        return option.key

    def _continues(self, digit: int) -> bool:
        """Whether a second digit after `digit` can make a listed number (10 to 19 after 1)."""
        if self._view is None or digit == 0:
            return False
        return any(10 * digit <= o.key < 10 * digit + 10 for o in self._view.moves)

    # -- choosing --------------------------------------------------------------------------
    #
    # A move is sent in two steps: choosing it (its number, Enter or a click on it) arms it
    # and the preview asks to confirm; Enter, its number again or a second click sends it.
    # Moving the highlight or Esc disarms it. (A number once played the move at once, and
    # the bots resolved the rest of the turn before anyone saw the slip.)

    @on(OptionList.OptionHighlighted, "#moves")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.armed is not None and event.option_index != self.armed:
            self._disarm()
        self._preview()

    @on(OptionList.OptionSelected, "#moves")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def action_pick(self, digit: int) -> None:
        """Choose the move whose number is typed (`MoveOption.key`, the same all game): the
        first press arms it, the same number again sends it. A digit after a digit makes a
        two-digit number when the list has one ("1" then "2": move 12; then "1" again does
        not send move 1, Enter does); a closed move's number says why it is closed."""
        if self._view is None or self._view.waiting:
            return
        keys = {option.key: index for index, option in enumerate(self._view.moves)}
        typed, self._typed = self._typed, ""
        if typed and int(typed + str(digit)) in keys:
            self._choose(keys[int(typed + str(digit))])
            return
        if digit not in keys:
            return
        index = keys[digit]
        if self._continues(digit):
            # A second digit may follow: this press never sends (Enter does), and a closed
            # move 1 says nothing to a class typing 12.
            self._typed = str(digit)
            if self.armed == index or not self._view.moves[index].available:
                return
        self._choose(index)

    def _choose(self, index: int) -> None:
        if self._view is None or self._view.waiting or not 0 <= index < len(self._view.moves):
            return
        option = self._view.moves[index]
        if not option.available:
            # The press meant "not the armed one": Enter must not send that one now.
            self._disarm()
            self._preview()
            self.notify(option.reason, title="Not available", severity="warning")
            return
        action = option.action
        if isinstance(action, PlayMove) and option.argued_prompt:
            # The argument dialog is the confirmation: Esc there sends nothing.
            self._disarm()

            def argued(answer: object) -> None:
                if isinstance(answer, str):
                    chosen = PlayMove(action.actor, action.move, answer)
                    self.post_message(ActionChosen(chosen, option.label))

            self.app.push_screen(
                ArgumentDialog(option.label, option.argued_prompt, option.argued_mods), argued
            )
            return
        if self.armed != index:
            self._arm(index)
            return
        self._disarm()
        self.post_message(ActionChosen(action, option.label))

    def _arm(self, index: int) -> None:
        moves = self.query_one(MoveList)
        self.armed = index
        if moves.highlighted != index:
            moves.highlighted = index
        moves.border_subtitle = Text("Enter: send it · Esc: choose again")
        moves.add_class("-armed")
        self._preview()
        self.refresh_bindings()

    def _disarm(self) -> None:
        """Forget the armed move (the caller redraws the preview)."""
        self._typed = ""
        if self.armed is None:
            return
        self.armed = None
        for moves in self.query(MoveList).results(MoveList):
            moves.border_subtitle = ""
            moves.remove_class("-armed")
        self.refresh_bindings()
        self.call_after_refresh(self._moves_hint)

    def action_disarm(self) -> None:
        self._disarm()
        self._preview()

    def action_send(self) -> None:
        """Send the armed move (its confirmation, as its number again would be)."""
        if self.armed is not None:
            self._choose(self.armed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("disarm", "send"):
            return self.armed is not None
        if action == "toggle_rules":
            return self._facilitator()
        return True

    def _facilitator(self) -> bool:
        """Whether this screen holds the facilitator's controls (the rules view is theirs:
        players read the moves in plain words)."""
        is_facilitator = getattr(self.app, "is_facilitator", None)
        return bool(is_facilitator()) if callable(is_facilitator) else False

    def action_toggle_rules(self) -> None:
        """The facilitator's rules view: the highlighted move's id, condition and effects
        as the scenario file states them, instead of the plain sentences."""
        preview = self.query_one(MovePreview)
        preview.rules = not preview.rules and self._facilitator()
        preview.border_title = "Preview · rules view (r)" if preview.rules else "Preview"
        self._preview()

    def action_focus_log(self) -> None:
        self.add_class("-log")  # a short terminal hides the log until it is asked for
        self.query_one(EventLog).focus()

    def action_focus_moves(self) -> None:
        self.query_one(MoveList).focus()

    def action_toggle_details(self) -> None:
        log = self.query_one(EventLog)
        log.details = not log.details
        log.rewrite()


def visible_situation(
    events: Sequence[tuple[Event, str]], turn: int
) -> tuple[tuple[Event, str], ...]:
    """The narrative of the current turn so far."""
    return tuple((e, t) for e, t in events if e.turn == turn and e.kind in NARRATIVE_KINDS)
