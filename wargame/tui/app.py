"""The Textual app: wires keys and screens to the game flow, the facilitator's controls,
saving and file watching.

The game flow (`wargame.play.GameFlow`) says what comes on screen after each step and for
whom; the `Presenter` shows it on kept screens; the `Facilitator` holds the umpire's and
facilitator's controls; the `Saver` writes the game; the `ScenarioWatcher` reloads an
edited scenario. This module starts games (a scenario, a save, the list), lets the bots
play, submits what a screen chose, and draws the turn screen. Nothing here computes rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import App
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel

from wargame.errors import IllegalActionError
from wargame.play import (
    IDENTITY,
    Action,
    GameFlow,
    Masker,
    Presentation,
    Viewer,
)
from wargame.play.debrief import DebriefView
from wargame.session import Session
from wargame.tui.autosave import autosave_path
from wargame.tui.bots import BotTurns
from wargame.tui.clock import PhaseTimer
from wargame.tui.collector import IDLE_POLL, IdleCollector
from wargame.tui.commands import FacilitatorCommands
from wargame.tui.facilitator import Facilitator
from wargame.tui.freeplay import FreePlayControls
from wargame.tui.keys import GAME_ACTIONS, GAME_BINDINGS, game_key_works, key_hint
from wargame.tui.messages import ActionChosen, ForkRequested, ScenarioChosen
from wargame.tui.opening import Opener
from wargame.tui.options import PlayOptions
from wargame.tui.phase_clock import PhaseClock, phase_length
from wargame.tui.presenter import Presenter
from wargame.tui.quit_question import ask_to_quit
from wargame.tui.quitting import quit_words
from wargame.tui.saving import Saver
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import ResultDialog
from wargame.tui.screens.game import GameScreen, TurnView, visible_situation
from wargame.tui.screens.help import HelpScreen
from wargame.tui.screens.setup import SetupHelpScreen, SetupScreen
from wargame.tui.watching import ScenarioWatcher
from wargame.tui.widgets.keybar import Hint


class WargameApp(App[int]):
    """`wargame play`: start screen, setup, hot-seat turns, umpire, debrief."""

    TITLE = "wargame"
    CSS_PATH = "styles/app.tcss"
    COMMANDS: ClassVar = {FacilitatorCommands}  # with Textual's own: see FacilitatorCommands
    COMMAND_PALETTE_BINDING = "ctrl+p"
    TICK_SECONDS: ClassVar[float] = 1.0
    """How often the phase timer's clock is redrawn (and its warnings checked)."""
    BINDINGS: ClassVar[list[BindingType]] = GAME_BINDINGS

    def __init__(self, options: PlayOptions | None = None) -> None:
        super().__init__()
        self.options = options or PlayOptions()
        self.session: Session | None = None
        self.flow: GameFlow | None = None
        """What comes on screen after each step, for whom (made with each game)."""
        self.scenario_path: Path | None = self.options.path
        self.mask: Masker = IDENTITY
        self.briefed: set[str] = set()
        """Who has been briefed, carried into the next game's flow (a resume, a branch)."""
        self.exit_status = 0
        self.phase_clock = PhaseClock(self.options.clock)
        self.presenter = Presenter(self)
        self.facilitator = Facilitator(self)
        self.free_play = FreePlayControls(self)
        self.saver = Saver(self)
        self.watcher = ScenarioWatcher(self)
        self.opener = Opener(self)
        self.bots = BotTurns(self)
        self.game_screen: GameScreen | None = None
        self._collector = IdleCollector()

    @property
    def viewer(self) -> Viewer | None:
        """Whose eyes are on the screen now (an actor index, the umpire, the observer)."""
        return self.flow.viewer if self.flow is not None else None

    @property
    def timer(self) -> PhaseTimer:
        """The phase timer (see `PhaseClock`)."""
        return self.phase_clock.timer

    @property
    def busy(self) -> bool:
        """Bots are deciding on a worker thread: the keys wait."""
        return self.bots.busy

    @property
    def presenting(self) -> bool:
        return self.presenter.presenting

    @property
    def save_path(self) -> Path | None:
        return self.saver.path

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's, with the message always plain text: notices quote scenario labels,
        file names and error messages, and a `[/]` in one of them is not markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # == start ===================================================================================

    def on_mount(self) -> None:
        # Full collections run between key presses, not in them (`wargame.tui.collector`).
        self._collector.start()
        self.set_interval(IDLE_POLL, self._collect_in_pause)
        self.set_interval(self.TICK_SECONDS, self.tick)
        self.start()

    def on_ready(self) -> None:
        if self.options.watch:
            self.set_interval(self.options.watch_interval, self.check_watched_file)

    def on_unmount(self) -> None:
        self._collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._collector.touch()
        await super().on_event(event)

    def _collect_in_pause(self) -> None:
        self._collector.in_pause(working=any(not w.is_finished for w in self.workers))

    def start(self) -> None:
        """Put the first screen up: a save to resume, a scenario to open, or the list."""
        self.opener.start()

    def problem(self, title: str, *, message: str = "") -> None:
        """Say why the game cannot go on (exit status 1)."""
        self.opener.problem(title, message=message)

    @on(ScenarioChosen)
    def _chosen(self, message: ScenarioChosen) -> None:
        self.opener.open_scenario(message.path, from_list=True)

    def begin(self, session: Session, *, announce: str = "") -> None:
        """Put `session` on screen: the game screen replaces everything before it."""
        self.replace_session(session)
        if self.saver.path is None and self.options.save_to is not None:
            self.saver.path = self.options.save_to
        if self.saver.path is None and self.options.autosave:
            self.saver.path = autosave_path(
                session.scenario.id, self.scenario_path, cwd=self.options.cwd
            )
        seconds = phase_length(session, self.options.phase_seconds)
        self.phase_clock.use(PhaseTimer(duration=seconds))
        self._follow_phase()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.game_screen = self.new_game_screen()
        self.push_screen(self.game_screen)
        self.sub_title = self.mask(session.scenario.title)
        if self.options.watch and self.scenario_path is not None:
            self.watcher.start(self.scenario_path)
        self.saver.autosave()
        if announce:
            self.notify(announce)
        self.advance()

    def new_game_screen(self) -> GameScreen:
        """The screen a game is played on (a shared table's projector has a board)."""
        return GameScreen()

    def replace_session(self, session: Session, *, same_game: bool = False) -> None:
        """Play `session` from now on. A new game gets a flow of its own (who was briefed
        carries over: a resume, a branch); `same_game` (the scenario reloaded under it)
        keeps the viewer on screen and the news held for the teams."""
        self.session = session
        self.mask = Masker(session.scenario.masking, enabled=session.masked)
        if same_game and self.flow is not None:
            self.flow = self.flow.moved_to(session, self.mask)
        else:
            self.flow = self.new_flow(session)

    def new_flow(self, session: Session) -> GameFlow:
        """The flow of a new game on this screen (a hot-seat screen: the viewer follows)."""
        return GameFlow(session, self.mask, briefed=self.briefed)

    # == the loop ================================================================================

    def advance(self, since: int | None = None) -> None:
        """Let bots act, then present what the humans must see next (`BotTurns`)."""
        self.bots.advance(since)

    def after_steps(self, start: int) -> None:
        """Show what the steps since `start` brought, then the next decision."""
        session, flow = self.session, self.flow
        assert session is not None and flow is not None
        self.refresh_game()
        if session.step_index != start:
            self.saver.autosave()
        self.present(flow.after_steps(start))

    def after_rewind(self) -> None:
        """The game went back (undo, a reload): close what is over it and go on from here."""
        while len(self.screen_stack) > 1 and self.screen is not self.game_screen:
            self.pop_screen()
        flow = self.flow
        assert flow is not None
        self.present(flow.next_up())

    def present(self, shown: list[Presentation]) -> None:
        """Put `shown` up, then the decision (or, if bots are to act, let them)."""
        self.presenter.present(shown, self._show_decision)
        if self.presenter.presenting:
            # A hand-over, briefing or flash covers the game now: the game screen puts
            # the coming view into its widgets under it while that is read.
            self.refresh_game()

    def _show_decision(self) -> None:
        """The queue is read: the decision on the turn screen, or the bots' turn (a bot that
        could not act before, or one another seat's process left)."""
        flow = self.flow
        if flow is not None and flow.bots_to_act and not self.busy and not self.bots.failed:
            self.advance()
            return
        self.refresh_game()

    # == acting ==================================================================================

    @on(ActionChosen)
    def _action_chosen(self, message: ActionChosen) -> None:
        if self.submit(message.action) and message.label:
            if isinstance(self.screen, ResultDialog):
                return  # its result is up already: the card says what was sent (presenter.card)
            self.notify(self.sent_note(), title=f"Sent: {message.label}", timeout=6)

    def sent_note(self) -> str:
        """How a move just sent is taken back: here the facilitator's undo is one key."""
        return "Press u to take it back (the bots' replies are taken back with it)."

    def submit(self, action: Action, by: str | None = None) -> bool:
        """Submit an action for the seat on screen; False (and a notice) when refused."""
        session, flow = self.session, self.flow
        if session is None or flow is None or self.busy:
            return False
        if by is None:
            by = flow.audience(self.viewer) if self.viewer is not None else "facilitator"
        start = session.step_index
        try:
            session.submit(action, by=by)
        except IllegalActionError as exc:
            self.notify(str(exc), title="Not allowed", severity="error")
            return False
        self.advance(since=start)
        return True

    # == the turn screen =========================================================================

    def refresh_game(self, waiting: str = "") -> None:
        if self.game_screen is None or self.session is None:
            return
        self._follow_phase()
        self.game_screen.show(self.turn_view(waiting=waiting))

    def turn_view(self, waiting: str = "") -> TurnView:
        """What the game screen shows for the seat on screen now."""
        flow = self.flow
        assert flow is not None
        table = flow.table(waiting)
        return TurnView(
            header=table.header,
            timer=self.phase_clock.text(),
            dashboard=table.dashboard,
            phase_title=table.phase_title,
            phase_text=table.phase_text,
            situation=visible_situation(table.log, table.turn),
            moves=table.moves,
            moves_title=table.moves_title,
            log=table.log,
            status=self.status(),
            waiting=table.waiting,
        )

    def status(self) -> str:
        session = self.session
        if session is None:
            return ""
        parts = [f"Seed {session.seed}", f"step {session.step_index}"]
        if session.umpire is not None:
            parts.append("umpire: " + ("human" if session.umpire.is_human else "bot"))
        if session.masked:
            parts.append("masked")
        if self.saver.path is not None:
            parts.append(f"autosave → {self.saver.path}{self.saver.last_saved}")
        return " · ".join(parts)

    def show_status(self) -> None:
        """Redraw the status line alone (a save landed, a seat came or went)."""
        screen = self.game_screen
        if screen is not None and screen.is_mounted:
            screen.show_status(self.status())

    def debrief_view(self) -> DebriefView:
        flow = self.flow
        assert flow is not None
        return flow.debrief()

    # == the phase timer =========================================================================

    def tick(self) -> None:
        """Once a second: warn when the phase's time runs low, and redraw the clock."""
        self._follow_phase()
        if self.flow is None or not self.timer.enabled:
            return
        notice = self.phase_clock.notice()
        if notice is not None:
            self.notify(
                notice.message, title="Timer", severity=notice.severity, timeout=notice.timeout
            )
        if self.game_screen is not None:
            self.game_screen.show_timer(self.flow.header(), self.phase_clock.text())

    def _follow_phase(self) -> None:
        """The timer runs, and takes the umpire's pause, from the moment a phase begins:
        called whenever the game may have moved (a step shown, a game begun, a tick)."""
        if self.session is not None:
            self.phase_clock.follow((self.session.state.turn, self.session.state.phase))

    def set_phase_timer(self, timer: PhaseTimer) -> None:
        """Count down with `timer` from now (the facilitator set or started one)."""
        self.phase_clock.use(timer)
        self.tick()

    # == keys ====================================================================================

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in GAME_ACTIONS:
            return True
        session = self.session
        if session is None or self.busy:
            return False
        screen = self.screen
        if isinstance(screen, CommandPalette) and len(self.screen_stack) > 1:
            screen = self.screen_stack[-2]
        if not isinstance(screen, GameScreen | DebriefScreen):
            return False
        if action == "debrief" and isinstance(screen, DebriefScreen):
            return False  # already there: the key bar does not offer it
        return game_key_works(action, session, self.viewer, self.timer)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        kind = SetupHelpScreen if isinstance(self.screen, SetupScreen) else HelpScreen
        self.push_screen(self.presenter.kept(kind, kind, kind.show))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_briefing(self) -> None:
        viewer = self.viewer
        if self.session is None or viewer is None:
            return
        self.presenter.briefing(viewer if isinstance(viewer, int) else None, lambda: None)

    def action_undo(self) -> None:
        self.facilitator.undo()

    def action_redo(self) -> None:
        self.facilitator.redo()

    def action_answer(self) -> None:
        """Take the room's answer to a discussion question down."""
        from wargame.tui.exercise_records import ask_answer

        ask_answer(self)

    def action_rate(self) -> None:
        """Rate one of the exercise's capabilities P/S/M/U."""
        from wargame.tui.exercise_records import ask_rating

        ask_rating(self)

    def action_observe(self) -> None:
        """Record a strength or an area for improvement (root cause, recommendation)."""
        from wargame.tui.exercise_records import ask_observation

        ask_observation(self)

    def action_exercise_details(self) -> None:
        """Amend the exercise's date, place, sponsor, contact and roster."""
        from wargame.tui.exercise_records import ask_exercise_details

        ask_exercise_details(self)

    def action_take_over(self) -> None:
        """Take a non-player actor to play it by hand, or hand it back to its bot."""
        from wargame.tui.taking_over import ask_take_over

        ask_take_over(self)

    def action_inject(self) -> None:
        self.facilitator.inject()

    def action_free_play(self) -> None:
        self.free_play.open()

    def action_write_news(self) -> None:
        self.free_play.write_news()

    def action_channels(self) -> None:
        self.free_play.messages()

    def is_facilitator(self) -> bool:
        """Whether this screen holds the facilitator's controls (a hot-seat screen does)."""
        return True

    def key_hint(self, action: str) -> Hint:
        """How the key bar shows `action`'s key (`wargame.tui.keys.key_hint`)."""
        return key_hint(action, self.viewer, self.session)

    def send_message(self, sender: str, to: str, text: str) -> None:
        """Send a message as `sender` (IllegalActionError, nothing kept, when refused)."""
        session = self.session
        if session is None:
            return
        session.send(sender, to, text)
        self.saver.autosave()

    def set_channels(self, *, open: bool | None = None, debrief: bool | None = None) -> None:
        """The facilitator opens or closes the channels, or opens them for the debrief."""
        session = self.session
        if session is None:
            return
        session.set_channels(open=open, debrief=debrief)
        self.saver.autosave()

    def action_adjust(self) -> None:
        self.facilitator.adjust()

    def action_end_phase(self) -> None:
        self.facilitator.end_phase()

    def action_pause(self) -> None:
        self.facilitator.pause()

    def action_extend(self) -> None:
        self.facilitator.extend()

    def action_set_timer(self) -> None:
        self.facilitator.set_timer()

    def set_notes(self, notes: str) -> None:
        """The facilitator's hot-wash notes changed (the debrief's notes box)."""
        self.facilitator.set_notes(notes)

    def action_save(self) -> None:
        self.saver.save_now()

    def action_export(self) -> None:
        self.saver.export()

    def action_export_report(self) -> None:
        self.saver.report()

    def action_debrief(self) -> None:
        self.presenter.open_debrief()

    def check_watched_file(self) -> None:
        self.watcher.check()

    @on(ForkRequested)
    def _fork(self, message: ForkRequested) -> None:
        self.opener.branch(message.step)

    async def action_quit(self) -> None:
        """`q`: ask first during a game (`wargame.tui.quit_question`)."""
        await ask_to_quit(self)

    def quit_words(self) -> tuple[str, list[str]]:
        """What the quit dialog says (a shared table's seat says its own)."""
        assert self.session is not None
        return quit_words(self.session, self.saver.path if self.options.autosave else None)

    async def quit_now(self) -> None:
        self.saver.autosave()
        await self.workers.wait_for_complete()
        self.exit(0)


__all__ = ["PlayOptions", "WargameApp"]
