"""The Textual app: the one place that owns the Session and decides what comes on screen.

Screens render views and post intents (`ActionChosen`, `ForkRequested`); the app submits
actions, lets the bots play, saves, and then presents what follows in order: news
flashes, the result of the seat's own roll, the hand-over to the next team, its briefing,
the umpire's adjudication, or the debrief. Nothing here computes rules: the engine does,
through the Session.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from wargame.engine import (
    OBSERVER,
    UMPIRE,
    Action,
    Adjust,
    EndPhase,
    Event,
    GameState,
    Inject,
)
from wargame.errors import IllegalActionError, SaveFormatError, ScenarioError, WargameError
from wargame.scenario.ir import ScenarioIR
from wargame.session import Seat, Session, load_session, session_to_dict
from wargame.session.atomic import write_atomic
from wargame.tui.autosave import autosave_path
from wargame.tui.clock import Clock, PhaseTimer, SystemClock, format_seconds, phase_seconds
from wargame.tui.collector import IdleCollector
from wargame.tui.commands import FacilitatorCommands
from wargame.tui.debrief import DebriefView, debrief_view
from wargame.tui.masking import IDENTITY, Masker
from wargame.tui.messages import ActionChosen, ForkRequested, ScenarioChosen
from wargame.tui.screens.adjudication import AdjudicationScreen
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import (
    AdjustDialog,
    ChoiceDialog,
    Flash,
    NewsFlash,
    ReasonDialog,
    ResultDialog,
)
from wargame.tui.screens.game import READY_AFTER, GameScreen, TurnView, visible_situation
from wargame.tui.screens.help import HelpScreen
from wargame.tui.screens.notice import ContentNoteScreen, HandoverScreen
from wargame.tui.screens.problems import ProblemsScreen
from wargame.tui.screens.setup import SetupChoice, SetupScreen
from wargame.tui.screens.start import StartScreen
from wargame.tui.view import (
    DashboardView,
    MoveOption,
    PendingView,
    Viewer,
    dashboard_view,
    header_view,
    move_options,
    pending_view,
    visible_events,
)

GAME_ACTIONS = frozenset(
    {
        "undo",
        "redo",
        "inject",
        "adjust",
        "end_phase",
        "pause",
        "extend",
        "set_timer",
        "save",
        "export",
        "debrief",
        "briefing",
    }
)
EXTEND_SECONDS = 120.0
WATCH_PROBLEMS = 5
"""Problems of a broken scenario listed in the --watch notice (file:line:col each)."""
WAITING_AFTER = 0.15
"""Seconds bots may think before the move list says they are deciding."""
BOTS_INLINE = 0.004
"""Seconds bots may decide in the key press itself before the rest goes to a worker thread
(`WargameApp.advance`). A bot's move takes 0.1-1 ms on Greenland; a hop to a thread and
back costs 4-8 ms of the press, and its computing slows the app's drawing meanwhile."""
DEFAULT_REALTIME_SECONDS = 600.0
IDLE_POLL = 0.1
"""Seconds between looks at whether the input paused (for `_collect_when_idle`)."""

S = TypeVar("S", bound=Screen[Any])
"""A kind of screen the app keeps (see `WargameApp._kept`)."""


def _nothing() -> None:
    """What closing a queued screen does when another waits under it (`_run_queue`)."""


_NO_RULING = PendingView("", "", "", "confirm", "", "", (), (), 0.0, (), 0, 0.0)
"""What the umpire's ruling screen is composed with ahead of its first ruling."""


@dataclass
class _StepViews:
    """What the turn screen shows of one game state to one viewer, computed once: a key
    press redraws the screen several times (bots, results, hand-over) on the same state."""

    state: GameState
    viewer: Viewer
    mask: Masker
    log: tuple[tuple[Event, str], ...]
    dashboard: DashboardView
    moves: dict[int, tuple[MoveOption, ...]] = field(default_factory=dict)


@dataclass
class PlayOptions:
    """How `wargame play` was asked to run (see `run_play`)."""

    path: Path | None = None
    resume: Path | None = None
    masked: bool = False
    watch: bool = False
    seed: int | None = None
    umpire: bool = False
    cwd: Path | None = None
    """Where local scenarios are listed from and saves go when not beside the scenario."""
    clock: Clock = field(default_factory=SystemClock)
    """The phase timer's clock: tests pass a `ManualClock`."""
    phase_seconds: float | None = None
    """Seconds per phase; None: 10 minutes when the scenario asks for a real-time clock."""
    autosave: bool = True
    save_to: Path | None = None
    """Autosave to this file instead of a fresh timestamped one."""
    include_shipped: bool = True
    """List the shipped scenarios on the start screen (tests list only their own)."""
    watch_interval: float = 1.0


class WargameApp(App[int]):
    """`wargame play`: start screen, setup, hot-seat turns, umpire, debrief."""

    TITLE = "wargame"
    CSS_PATH = "styles/app.tcss"
    COMMANDS: ClassVar = {FacilitatorCommands}  # with Textual's own: see FacilitatorCommands
    COMMAND_PALETTE_BINDING = "ctrl+p"
    TICK_SECONDS: ClassVar[float] = 1.0
    """How often the phase timer's clock is redrawn (and its warnings checked)."""
    BOTS_IN_PRESS: ClassVar[bool] = True
    """Whether bots may begin deciding in the key press (`_bots_briefly`)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        Binding("u", "undo", "Undo"),
        Binding("U", "redo", "Redo", show=False),
        Binding("i", "inject", "Inject"),
        Binding("a", "adjust", "Adjust", show=False),
        Binding("e", "end_phase", "End phase", show=False),
        Binding("space", "pause", "Pause timer", show=False),
        Binding("plus", "extend", "+2 min", show=False),
        Binding("s", "save", "Save", show=False),
        Binding("d", "debrief", "Debrief"),
        Binding("b", "briefing", "Briefing", show=False),
        Binding("t", "toggle_theme", "Theme", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, options: PlayOptions | None = None) -> None:
        super().__init__()
        self.options = options or PlayOptions()
        self.session: Session | None = None
        self.scenario_path: Path | None = self.options.path
        self.save_path: Path | None = None
        self.mask: Masker = IDENTITY
        self.viewer: Viewer | None = None
        """Whose eyes are on the screen now (an actor index or the umpire)."""
        self.briefed: set[str] = set()
        self.exit_status = 0
        self.busy = False
        self.timer = PhaseTimer()
        self._timer_phase: tuple[int, int] | None = None
        self._timer_warned = ""
        self._pending_private: dict[str, list[Event]] = {}
        self._game_screen: GameScreen | None = None
        self._last_saved = ""
        self._watch_mtime: float | None = None
        self.presenting = False
        self._waiting_timer: Timer | None = None
        self._kept_screens: dict[type[Screen[Any]], list[Screen[Any]]] = {}
        self._collector = IdleCollector()
        self._debrief: DebriefScreen | None = None
        """The debrief built under the ending card (see `_end_of_game`)."""
        self._debrief_card: Screen[Any] | None = None
        """The card the debrief is being built under (the ending, or "Preparing…")."""
        self._views: _StepViews | None = None

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
        self.set_interval(IDLE_POLL, self._collect_when_idle)
        self.set_interval(self.TICK_SECONDS, self.tick)
        self.start()

    def on_unmount(self) -> None:
        self._collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._collector.touch()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        """In a pause in the input with no worker running: collect, or in a long pause thaw
        (`wargame.tui.collector`)."""
        if not self._collector.idle() or any(not w.is_finished for w in self.workers):
            return
        if self._collector.due():
            self._collector.collect()
        elif self._collector.thaw_due():
            self._collector.thaw()

    def start(self) -> None:
        """Put the first screen up: a save to resume, a scenario to open, or the list."""
        options = self.options
        if options.resume is not None:
            self._resume(options.resume)
        elif options.path is not None:
            self._open_scenario(options.path, from_list=False)
        else:
            self.push_screen(StartScreen(options.cwd, include_shipped=options.include_shipped))

    def _resume(self, path: Path) -> None:
        try:
            session = load_session(path)
        except SaveFormatError as exc:
            self._problem(f"Cannot resume {path}", message=str(exc))
            return
        except OSError as exc:
            self._problem(f"Cannot resume {path}", message=str(exc))
            return
        self.save_path = path
        file_name = session.scenario.source_name
        self.scenario_path = Path(file_name) if file_name and Path(file_name).is_file() else None
        for entry in session.log_entries:
            if entry.by.startswith("team:") or entry.by == "umpire":
                self.briefed.add(entry.by)
        self._begin(session, announce=f"Resumed {path.name} at step {session.step_index}")

    def _problem(
        self,
        title: str,
        *,
        message: str = "",
        error: ScenarioError | None = None,
        source: str | None = None,
        from_list: bool = False,
    ) -> None:
        self.exit_status = 1
        screen = ProblemsScreen(
            title,
            diagnostics=error.diagnostics if error else (),
            message=message,
            source_text=source,
            can_go_back=from_list,
        )
        if from_list:
            self.push_screen(screen, lambda _: setattr(self, "exit_status", 0))
        else:
            self.push_screen(screen)

    @on(ScenarioChosen)
    def _chosen(self, message: ScenarioChosen) -> None:
        self._open_scenario(message.path, from_list=True)

    def _open_scenario(self, path: Path, *, from_list: bool) -> None:
        from wargame.scenario.loader import load_scenario

        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            source = None
            with contextlib.suppress(OSError):
                source = path.read_text(encoding="utf-8", errors="replace")
            self._problem(f"{path} does not load", error=exc, source=source, from_list=from_list)
            return
        self.scenario_path = path
        self.mask = Masker(scenario.masking, enabled=self.options.masked)
        setup = self._setup(scenario)
        if scenario.content_note:
            # The note goes over the setup, which is composed now and drawn while the note
            # is read: Continue then shows a ready screen instead of building one.

            def after_note(go_on: bool | None) -> None:
                if not go_on:
                    setup.dismiss(None)  # as closing the setup: back to the list, or exit

            self.push_screen(
                ContentNoteScreen(self.mask(scenario.title), self.mask(scenario.content_note)),
                after_note,
            )

    def _setup(self, scenario: ScenarioIR) -> SetupScreen:
        seed: int | str = (
            self.options.seed if self.options.seed is not None else secrets.randbelow(1_000_000)
        )

        def after_setup(choice: SetupChoice | None) -> None:
            if choice is None:
                if self.options.path is not None and self.options.resume is None:
                    self.exit()
                return
            session = Session(
                scenario,
                seed=choice.seed,
                seats=dict(choice.seats),
                umpire=choice.umpire,
                masked=self.options.masked,
            )
            self._begin(session)

        setup = SetupScreen(scenario, seed=seed, umpire=self.options.umpire, masker=self.mask)
        self.push_screen(setup, after_setup)
        return setup

    def _begin(self, session: Session, *, announce: str = "") -> None:
        """Put `session` on screen: the game screen replaces everything before it."""
        self.session = session
        self.mask = Masker(session.scenario.masking, enabled=session.masked)
        if self.save_path is None and self.options.save_to is not None:
            self.save_path = self.options.save_to
        if self.save_path is None and self.options.autosave:
            self.save_path = autosave_path(
                session.scenario.id, self.scenario_path, cwd=self.options.cwd
            )
        seconds = self.options.phase_seconds
        if seconds is None:
            seconds = (
                DEFAULT_REALTIME_SECONDS if session.scenario.calendar.clock == "realtime" else 0.0
            )
        self.timer = PhaseTimer(duration=seconds)
        self._timer_phase = None
        self._follow_phase()
        self.viewer = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._game_screen = GameScreen()
        self.push_screen(self._game_screen)
        self.sub_title = self.mask(session.scenario.title)
        if self.options.watch and self.scenario_path is not None:
            self._watch_mtime = self._mtime(self.scenario_path)
        self._save()
        if announce:
            self.notify(announce)
        self.advance()

    # == the loop ================================================================================

    def advance(self, since: int | None = None) -> None:
        """Let bots act, then present what the humans must see next."""
        session = self.session
        if session is None:
            return
        start = session.step_index if since is None else since
        error = self._bots_briefly()
        if error:
            self.notify(error, title="A bot could not act", severity="error", timeout=10)
        seat = session.seat_for(session.to_act)
        if seat is not None and not seat.is_human and not error:
            self.busy = True
            # Bots usually answer in microseconds: say they are deciding only when they
            # take long enough to notice, rather than redraw the move list twice a press.
            self._waiting_timer = self.set_timer(
                WAITING_AFTER, partial(self._refresh_game, waiting="Bots are deciding…")
            )
            self._run_bots(start)
            return
        self._after_steps(start)

    def _bots_briefly(self) -> str:
        """Let bots act in this press until a human is to act or `BOTS_INLINE` seconds
        have passed (a move begun is finished); the error of a bot that could not act,
        else ''."""
        session = self.session
        assert session is not None
        if not self.BOTS_IN_PRESS:
            return ""
        deadline = time.perf_counter() + BOTS_INLINE
        while True:
            seat = session.seat_for(session.to_act)
            if seat is None or seat.is_human or time.perf_counter() > deadline:
                return ""
            try:
                session.run_bots(max_steps=1)
            except WargameError as exc:
                return str(exc)

    @work(thread=True, exclusive=True, group="bots", description="Bots deciding")
    def _run_bots(self, start: int) -> None:
        session = self.session
        assert session is not None
        error: str | None = None
        try:
            session.run_bots()
        except WargameError as exc:
            error = str(exc)
        self.call_from_thread(self._bots_done, start, error)

    def _bots_done(self, start: int, error: str | None) -> None:
        self.busy = False
        if self._waiting_timer is not None:
            self._waiting_timer.stop()
            self._waiting_timer = None
        if error:
            self.notify(error, title="A bot could not act", severity="error", timeout=10)
        self._after_steps(start)

    def _after_steps(self, start: int) -> None:
        session = self.session
        assert session is not None
        self._refresh_game()
        if session.step_index != start:
            self._save()
        new_events: list[Event] = []
        for index in range(start + 1, session.step_index + 1):
            new_events.extend(session.events_at(index))
        if start == 0 and not self.briefed:
            new_events = list(session.state_at(0).log.all()) + new_events
        queue: list[Callable[[Callable[[], None]], None]] = []
        self._queue_news(new_events, queue)
        self._queue_results(new_events, queue)
        self._run_queue(queue, self._present_next)

    def _present_next(self) -> None:
        """Hand over to whoever acts next, brief them, and show their screen."""
        session = self.session
        assert session is not None
        who = session.to_act
        if who is None:
            self.viewer = self.viewer if self.viewer is not None else UMPIRE
            self._refresh_game()
            self._end_of_game()
            return
        seat = session.seat_for(who)
        if seat is None or not seat.is_human:
            self.advance()
            return
        queue: list[Callable[[Callable[[], None]], None]] = []
        previous = self.viewer
        self.viewer = who
        if previous != who and self._human_viewers() > 1:
            queue.append(lambda done: self._handover(who, done))
        key = self._by(who)
        if key not in self.briefed:
            self.briefed.add(key)
            index = who if isinstance(who, int) else None
            queue.append(partial(self._push_briefing, index))
        private = self._pending_private.pop(key, [])
        self._queue_news(private, queue, private=True)
        self._run_queue(queue, self._show_decision)
        if self.presenting:
            # A hand-over, briefing or flash covers the game now: the game screen draws
            # the coming view under it while that is read (`GameScreen._get_ready_later`).
            self._refresh_game()

    def _show_decision(self) -> None:
        session = self.session
        assert session is not None
        self._refresh_game()
        if session.to_act == UMPIRE and session.state.pending is not None:
            sides = 6
            move = session.scenario.moves[session.state.pending.move]
            if move.resolution is not None and move.resolution.dice_sides:
                sides = move.resolution.dice_sides
            view = pending_view(session.scenario, session.state.pending, self.mask)

            def ruled(action: Action | None) -> None:
                if action is not None:
                    self.submit(action)

            ruling = self._kept(
                AdjudicationScreen,
                lambda: AdjudicationScreen(view, sides),
                lambda kept: kept.show(view, sides),
            )
            self.push_screen(ruling, ruled)

    def _handover(self, who: int | Literal["umpire"], done: Callable[[], None]) -> None:
        session = self.session
        assert session is not None
        seat = session.seat_for(who)
        if who == UMPIRE:
            name, team = "Umpire", "the umpire"
            detail = "An adjudication is waiting for a ruling."
        else:
            name = self.mask(session.scenario.actors[who].name)
            team = seat.team if seat and seat.team else f"{name}'s team"
            detail = "A decision is waiting for your team."
        handover = self._kept(
            HandoverScreen,
            lambda: HandoverScreen(name, team, detail),
            lambda kept: kept.show(name, team, detail),
        )
        self._push(handover, done)

    def _human_viewers(self) -> int:
        session = self.session
        assert session is not None
        count = sum(1 for seat in session.seats.values() if seat.is_human)
        if session.umpire is not None and session.umpire.is_human:
            count += 1
        return count

    def _by(self, who: Viewer) -> str:
        session = self.session
        assert session is not None
        if who == UMPIRE:
            return "umpire"
        if who == OBSERVER:
            return "observer"
        seat = session.seat_for(who)
        return f"team:{seat.team}" if seat else f"actor:{who}"

    # -- queued interstitials ------------------------------------------------------------

    def _push(self, screen: Screen[Any], done: Callable[[], None]) -> None:
        self.push_screen(screen, lambda _: done())

    def _push_news(self, flashes: Sequence[Flash], done: Callable[[], None]) -> None:
        news = self._kept(NewsFlash, lambda: NewsFlash(flashes), lambda kept: kept.show(flashes))
        self._push(news, done)

    def _push_briefing(self, index: int | None, done: Callable[[], None]) -> None:
        self._push(self._briefing(index), done)

    def _briefing(self, index: int | None) -> BriefingScreen:
        session = self.session
        assert session is not None
        scenario, mask = session.scenario, self.mask
        return self._kept(
            BriefingScreen,
            lambda: BriefingScreen(scenario, index, mask),
            lambda kept: kept.show(scenario, index, mask),
        )

    def _push_result(
        self,
        title: str,
        lines: Sequence[Text | str],
        dice: Sequence[int],
        sides: int,
        done: Callable[[], None],
    ) -> None:
        result = self._kept(
            ResultDialog,
            lambda: ResultDialog(title, lines, dice, sides),
            lambda kept: kept.show(title, lines, dice, sides),
        )
        self._push(result, done)

    def _kept(self, kind: type[S], build: Callable[[], S], refill: Callable[[S], None]) -> S:
        """A screen of `kind` the app keeps installed, refilled; built on first use.

        News, results and hand-overs come up every few keys: a kept screen changes a few
        lines where a new one is composed, styled and laid out (~20 ms a time). When every
        kept one is on the stack (two results queued at once, news injected from the
        palette over news being read), another is built and kept too.
        """
        pool = self._kept_screens.setdefault(kind, [])
        for kept in pool:
            if kept not in self.screen_stack:
                assert isinstance(kept, kind)
                refill(kept)
                return kept
        made = build()
        pool.append(made)
        self.install_screen(made, name=f"kept-{kind.__name__}-{len(pool)}")
        return made

    def _run_queue(
        self, queue: list[Callable[[Callable[[], None]], None]], then: Callable[[], None]
    ) -> None:
        """Show the queued screens one after another, then call `then`.

        They are pushed at once, the last first: each waits under the one before it and is
        composed there while that one is read, so the key that closes a hand-over shows a
        briefing already composed.
        """
        if not queue:
            self.presenting = False
            then()
            return
        self.presenting = True

        def last_closed() -> None:
            self.presenting = False
            then()

        for position, push in enumerate(reversed(queue)):
            push(last_closed if position == 0 else _nothing)

    def _queue_news(
        self,
        events: Iterable[Event],
        queue: list[Callable[[Callable[[], None]], None]],
        *,
        private: bool = False,
    ) -> None:
        session = self.session
        assert session is not None
        scenario = session.scenario
        batch = list(events)
        flashes: list[Flash] = []
        for position, event in enumerate(batch):
            if event.kind != "inject":
                continue
            if event.visible_to is not None and not private:
                for actor in event.visible_to:
                    self._pending_private.setdefault(self._by(actor), []).append(event)
                if session.umpire is not None and session.umpire.is_human:
                    self._pending_private.setdefault("umpire", []).append(event)
                continue
            headline, text = self.mask(event.text), ""
            index = scenario.names.injects.get(event.target)
            if index is not None:
                inject = scenario.injects[index]
                headline, text = self.mask(inject.label), self.mask(inject.text)
            effects = tuple(
                self.mask(e.text)
                for e in batch[position + 1 :]
                if e.kind == "effect" and e.cause == event.cause
            )
            flashes.append(Flash(headline, text, effects))
        if flashes:  # one dialog steps through them all
            queue.append(partial(self._push_news, flashes))

    def _queue_results(
        self, events: Iterable[Event], queue: list[Callable[[Callable[[], None]], None]]
    ) -> None:
        """The result of an adjudicated move, for the human who made it (or ruled on it)."""
        session = self.session
        viewer = self.viewer
        if session is None or viewer is None or viewer == OBSERVER:
            return
        seat = session.seat_for(viewer)
        if seat is None or not seat.is_human:
            return
        batch = visible_events(events, viewer)
        for position, (event, text) in enumerate(batch):
            if event.kind != "outcome":
                continue
            move_id = event.target.split(":", 1)[0]
            move_index = session.scenario.names.moves.get(move_id)
            if move_index is None:
                continue
            move = session.scenario.moves[move_index]
            if viewer != UMPIRE and move.actor != viewer:
                continue
            lines: list[Text | str] = []
            dice: list[int] = []
            sides = 6
            for earlier, earlier_text in batch[:position]:
                if earlier.kind == "roll" and earlier.target == move_id:
                    lines.append(Text(self.mask(earlier_text), style="cyan"))
                    dice = list(earlier.dice)
                    if move.resolution is not None and move.resolution.dice_sides:
                        sides = move.resolution.dice_sides
            lines.append(Text(self.mask(text), style="bold"))
            lines += [
                self.mask(t)
                for e, t in batch[position + 1 :]
                if e.kind == "effect" and e.cause == f"move:{move_id}"
            ]
            title = f"Result: {self.mask(move.label)}"
            queue.append(partial(self._push_result, title, lines, dice, sides))

    # == acting ==================================================================================

    @on(ActionChosen)
    def _action_chosen(self, message: ActionChosen) -> None:
        self.submit(message.action)

    def submit(self, action: Action, by: str | None = None) -> bool:
        """Submit an action for the seat on screen; False (and a notice) when refused."""
        session = self.session
        if session is None or self.busy:
            return False
        if by is None:
            by = self._by(self.viewer) if self.viewer is not None else "facilitator"
        start = session.step_index
        try:
            session.submit(action, by=by)
        except IllegalActionError as exc:
            self.notify(str(exc), title="Not allowed", severity="error")
            return False
        self.advance(since=start)
        return True

    # == rendering ===============================================================================

    def _refresh_game(self, waiting: str = "") -> None:
        screen = self._game_screen
        session = self.session
        if screen is None or session is None:
            return
        self._follow_phase()
        screen.show(self.turn_view(waiting=waiting))

    def turn_view(self, waiting: str = "") -> TurnView:
        """What the game screen shows for the seat on screen now."""
        session = self.session
        assert session is not None
        scenario = session.scenario
        state = session.state
        viewer: Viewer = self.viewer if self.viewer is not None else UMPIRE
        mask = self.mask
        who = session.to_act
        acting = ""
        if who is not None:
            seat = session.seat_for(who)
            name = "Umpire" if who == UMPIRE else mask(scenario.actors[who].name)
            if seat is not None and seat.is_human and seat.team not in ("", name) and who != UMPIRE:
                acting = f"{name} ({seat.team})"
            elif seat is not None and not seat.is_human:
                acting = f"{name} (bot: {seat.policy})"
            else:
                acting = name
        header = header_view(scenario, state, acting, mask)
        cached = self._views
        if (
            cached is None
            or cached.state is not state
            or (cached.viewer, cached.mask)
            != (
                viewer,
                mask,
            )
        ):
            log = tuple(
                (event, mask(text)) for event, text in visible_events(state.log.all(), viewer)
            )
            cached = _StepViews(
                state, viewer, mask, log, dashboard_view(scenario, state, viewer, mask)
            )
            self._views = cached
        log, dashboard, move_cache = cached.log, cached.dashboard, cached.moves
        phase_title, phase_text = "", ""
        if 0 <= state.phase < len(scenario.phases):
            phase = scenario.phases[state.phase]
            phase_title = mask(f"Turn {state.turn} · {phase.label or phase.id}")
            phase_text = mask(phase.text)
        moves: tuple[Any, ...] = ()
        moves_title = "Moves"
        if not waiting:
            if who is None:
                waiting = "The game is over. Press d for the debrief."
            elif who == UMPIRE:
                waiting = "Waiting for the umpire's ruling."
                moves_title = "Umpire"
            elif who != viewer:
                waiting = f"Waiting for {acting}."
            else:
                if who not in move_cache:
                    move_cache[who] = tuple(move_options(scenario, state, who, mask))
                moves = move_cache[who]
                moves_title = f"Moves: {mask(scenario.actors[who].name)}"
        return TurnView(
            header=header,
            timer=self._timer_text(),
            dashboard=dashboard,
            phase_title=phase_title,
            phase_text=phase_text,
            situation=visible_situation(log, state.turn),
            moves=moves,
            moves_title=moves_title,
            log=log,
            status=self._status(),
            waiting=waiting,
        )

    def _status(self) -> str:
        session = self.session
        if session is None:
            return ""
        parts = [f"Seed {session.seed}", f"step {session.step_index}"]
        if session.umpire is not None:
            parts.append("umpire: " + ("human" if session.umpire.is_human else "bot"))
        if session.masked:
            parts.append("masked")
        if self.save_path is not None:
            parts.append(f"autosave → {self.save_path}{self._last_saved}")
        return " · ".join(parts)

    # == timer ===================================================================================

    def tick(self) -> None:
        """Once a second: warn when the phase's time runs low, and redraw the clock."""
        session = self.session
        self._follow_phase()
        if session is None or not self.timer.enabled:
            return
        now = self.options.clock.now()
        state = self.timer.state(now)
        if state in ("warning", "expired") and self._timer_warned != state:
            self._timer_warned = state
            if state == "warning":
                self.notify(
                    f"{format_seconds(self.timer.remaining(now))} left in this phase.",
                    title="Timer",
                    severity="warning",
                )
            else:
                self.notify(
                    "Time is up for this phase. The umpire may end it (e) or extend it (+).",
                    title="Timer",
                    severity="error",
                    timeout=10,
                )
        if self._game_screen is not None and self.session is not None:
            view_header = header_view(
                session.scenario, session.state, self._acting_label(), self.mask
            )
            self._game_screen.show_timer(view_header, self._timer_text())

    def _follow_phase(self) -> None:
        """Restart the countdown when a new phase has begun: called whenever the game may
        have moved (a step shown, a game begun, the clock's tick), so the timer runs, and
        takes the umpire's pause, from the moment the phase does."""
        session = self.session
        if session is None or not self.timer.enabled:
            return
        phase = (session.state.turn, session.state.phase)
        if phase != self._timer_phase:
            self._timer_phase = phase
            self.timer.restart(self.options.clock.now())
            self._timer_warned = ""

    def _acting_label(self) -> str:
        session = self.session
        if session is None or session.to_act is None:
            return ""
        who = session.to_act
        return "Umpire" if who == UMPIRE else self.mask(session.scenario.actors[who].name)

    def _timer_text(self) -> Text | None:
        if not self.timer.enabled:
            return None
        now = self.options.clock.now()
        state = self.timer.state(now)
        left = format_seconds(self.timer.remaining(now))
        style = {
            "running": "bold green",
            "warning": "bold black on yellow",
            "expired": "bold white on red",
            "paused": "bold dim",
            "off": "dim",
        }[state]
        label = {"paused": f"⏸ {left}", "expired": "⏰ time is up"}.get(state, f"⏱ {left}")
        return Text(f" {label} ", style=style)

    # == saving ==================================================================================

    def _save(self) -> None:
        session = self.session
        if session is None or self.save_path is None or not self.options.autosave:
            return
        data = json.dumps(session_to_dict(session), indent=1, ensure_ascii=False).encode("utf-8")
        self._write(self.save_path, data)

    @work(thread=True, group="save", description="Saving")
    def _write(self, path: Path, data: bytes, announce: bool = False) -> None:
        try:
            write_atomic(path, data)
        except OSError as exc:
            self.call_from_thread(
                self.notify,
                f"Could not save to {path}: {exc.strerror or exc}",
                title="Save failed",
                severity="error",
                timeout=10,
            )
            return
        stamp = datetime.now().strftime("%H:%M:%S")
        self.call_from_thread(self._saved, path, stamp, announce)

    def _saved(self, path: Path, stamp: str, announce: bool) -> None:
        self._last_saved = f" ({stamp})"
        if announce:
            self.notify(f"Saved to {path}", title="Saved")
        if self._game_screen is not None and self._game_screen.is_mounted:
            with contextlib.suppress(Exception):
                self._game_screen.query_one("#status-line", Static).update(self._status())

    def set_notes(self, notes: str) -> None:
        """The facilitator's hot-wash notes changed (saved with the game)."""
        if self.session is not None and self.session.notes != notes:
            self.session.notes = notes
            self._save()

    # == actions =================================================================================

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
        if action == "undo":
            return session.can_undo
        if action == "redo":
            return session.can_redo
        if action in ("inject", "adjust", "end_phase"):
            return not session.is_over
        if action in ("pause", "extend"):
            return self.timer.enabled or action == "extend"
        return True

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(self._kept(HelpScreen, HelpScreen, HelpScreen.show))

    def action_toggle_theme(self) -> None:
        self.theme = self._toggled_theme()

    def _toggled_theme(self) -> str:
        return "textual-light" if self.current_theme.dark else "textual-dark"

    def action_briefing(self) -> None:
        session = self.session
        if session is None or self.viewer is None:
            return
        index = self.viewer if isinstance(self.viewer, int) else None
        self._push_briefing(index, _nothing)

    def action_undo(self) -> None:
        """Take back the last human decision and the bot moves that followed it."""
        session = self.session
        steps = self._undo_steps()
        if session is None or not steps:
            return
        undone = session.undo(steps)
        self._save()
        self.notify(f"Undid {undone} step{'s' if undone != 1 else ''}.", title="Undo")
        self._after_rewind()

    def action_redo(self) -> None:
        """Re-apply the next undone decision and the bot moves that followed it."""
        session = self.session
        steps = self._redo_steps()
        if session is None or not steps:
            return
        done = session.redo(steps)
        self._save()
        self.notify(f"Redid {done} step{'s' if done != 1 else ''}.", title="Redo")
        self._after_rewind()

    def _undo_steps(self) -> int:
        """How many actions an undo takes back: the last human decision and the bot moves
        after it (0, with a notice, when only bots have moved)."""
        session = self.session
        if session is None or not session.can_undo:
            return 0
        entries = session.log_entries
        last_human = len(entries) - 1
        while last_human >= 0 and entries[last_human].by.startswith("bot:"):
            last_human -= 1
        if last_human < 0:
            self.notify("Only bot moves so far: nothing to undo.", severity="warning")
            return 0
        return len(entries) - last_human

    def _redo_steps(self) -> int:
        """How many undone actions a redo re-applies: the next decision and its bot moves."""
        session = self.session
        if session is None or not session.can_redo:
            return 0
        redo = session.redo_entries
        steps = 1
        while steps < len(redo) and redo[-1 - steps].by.startswith("bot:"):
            steps += 1
        return steps

    def _after_rewind(self) -> None:
        while len(self.screen_stack) > 1 and self.screen is not self._game_screen:
            self.pop_screen()
        self._present_next()

    def action_inject(self) -> None:
        session = self.session
        if session is None or session.is_over:
            return
        items = [(i.id, self.mask(i.label)) for i in session.scenario.injects]
        if not items:
            self.notify("This scenario has no injects.", severity="warning")
            return

        def chosen(answer: object) -> None:
            if isinstance(answer, tuple):
                self.submit(Inject(str(answer[0]), str(answer[1])), by=self._control_by())

        title = "Inject an event"
        dialog = self._kept(
            ChoiceDialog, lambda: ChoiceDialog(title, items), lambda kept: kept.show(title, items)
        )
        self.push_screen(dialog, chosen)

    def action_adjust(self) -> None:
        session = self.session
        if session is None or session.is_over:
            return
        state = session.state
        targets = [
            (v.id, self.mask(v.label or v.id), state.vars[i])
            for i, v in enumerate(session.scenario.variables)
        ]
        targets += [
            (f"flags.{f.id}", self.mask(f.label or f.id), float(state.flags[i]))
            for i, f in enumerate(session.scenario.flags)
        ]
        if not targets:
            self.notify("This scenario has no variables.", severity="warning")
            return

        def chosen(answer: object) -> None:
            if isinstance(answer, tuple):
                variable, value, reason = answer
                self.submit(Adjust(str(variable), float(value), str(reason)), by=self._control_by())

        dialog = self._kept(
            AdjustDialog, lambda: AdjustDialog(targets), lambda kept: kept.show(targets)
        )
        self.push_screen(dialog, chosen)

    def action_end_phase(self) -> None:
        session = self.session
        if session is None or session.is_over:
            return

        def chosen(reason: object) -> None:
            if isinstance(reason, str):
                self.submit(EndPhase(reason), by=self._control_by())

        self.push_screen(
            ReasonDialog("End the phase", "Everyone yet to act passes. Why?", required=False),
            chosen,
        )

    def _control_by(self) -> str:
        session = self.session
        if session is not None and session.umpire is not None and session.umpire.is_human:
            return "umpire"
        return "facilitator"

    def action_pause(self) -> None:
        if not self.timer.enabled:
            return
        self.timer.toggle(self.options.clock.now())
        self.notify("Timer paused." if self.timer.paused else "Timer running.", title="Timer")
        self.tick()

    def action_extend(self) -> None:
        now = self.options.clock.now()
        if not self.timer.enabled:
            self.timer = PhaseTimer(duration=EXTEND_SECONDS)
            self._timer_phase = None
            self.tick()
            self.notify("A two-minute phase timer is running.", title="Timer")
            return
        self.timer.extend(EXTEND_SECONDS)
        self._timer_warned = self.timer.state(now) if self.timer.state(now) == "warning" else ""
        self.notify(
            f"Two more minutes: {format_seconds(self.timer.remaining(now))} left.", title="Timer"
        )
        self.tick()

    def action_set_timer(self) -> None:
        def chosen(answer: object) -> None:
            if not isinstance(answer, str):
                return
            try:
                seconds = phase_seconds(answer)
            except ValueError as exc:
                self.notify(str(exc), title="Phase timer", severity="error")
                return
            self.timer = PhaseTimer(duration=seconds)
            self._timer_phase = None
            self.tick()
            self._refresh_game()

        self.push_screen(
            ReasonDialog("Phase timer", "Minutes per phase (0 switches the timer off):"), chosen
        )

    def action_save(self) -> None:
        session = self.session
        if session is None or self.save_path is None:
            return
        data = json.dumps(session_to_dict(session), indent=1, ensure_ascii=False).encode("utf-8")
        self._write(self.save_path, data, announce=True)

    def action_export(self) -> None:
        session = self.session
        if session is None:
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = self.options.cwd or Path.cwd()
        path = folder / f"{session.scenario.id}-export-{stamp}.wgsave.json"
        data = json.dumps(session_to_dict(session), indent=1, ensure_ascii=False).encode("utf-8")
        self._write(path, data, announce=True)

    def action_export_report(self) -> None:
        """Write the after-action report (HTML, charts inside) beside the exported saves."""
        session = self.session
        if session is None:
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = self.options.cwd or Path.cwd()
        self.notify("Writing the after-action report…", title="Report", timeout=3)
        self._write_report(session, folder / f"{session.scenario.id}-report-{stamp}.html")

    @work(thread=True, group="report", description="Writing the report")
    def _write_report(self, session: Session, path: Path) -> None:
        # matplotlib and the report builder load only here, on a worker thread.
        from wargame.report import ReportDependencyError, write_report
        from wargame.report.from_session import session_report

        try:
            report = session_report(session, mask=self.mask, source=str(self.save_path or ""))
            write_report(report, path)
        except ReportDependencyError as exc:
            self.call_from_thread(
                self.notify, str(exc), title="Report needs matplotlib", severity="warning",
                timeout=15,
            )
            return
        except OSError as exc:
            self.call_from_thread(
                self.notify, f"Could not write {path}: {exc.strerror or exc}",
                title="Report failed", severity="error", timeout=10,
            )
            return
        self.call_from_thread(self.notify, f"Report written to {path}", title="Report")

    def action_debrief(self) -> None:
        """Open the debrief: a card says it is being prepared, the debrief is composed
        under it, and the card gives way to it once it has mounted (composing it on the
        key took 100-400 ms)."""
        session = self.session
        if session is None or isinstance(self.screen, DebriefScreen):
            return
        if self._debrief is not None and self._debrief in self.screen_stack:
            return  # under the ending card: closing the card shows it
        if self._debrief_card is not None and self.screen is self._debrief_card:
            return  # on its way
        view = debrief_view(session, self.mask)
        lines: list[Text | str] = [Text("Preparing the debrief of the game so far…", style="dim")]
        self._debrief = None
        self._push_result("Debrief", lines, (), 6, self._after_ending_card)
        card = self._debrief_card = self.screen
        self.set_timer(READY_AFTER, partial(self._build_debrief_under, card, view, True))

    def _open_debrief_now(self) -> None:
        session = self.session
        if session is None or isinstance(self.screen, DebriefScreen):
            return
        view = debrief_view(session, self.mask)
        self.push_screen(DebriefScreen(view, session.notes))

    def _end_of_game(self) -> None:
        """The ending, on a card; the debrief is built under the card while it is read.

        The debrief composes a report, charts and a timeline of the whole game (150-400 ms
        on Greenland): built on the last move's key, that key took as long. The card is the
        kept result dialog, up in a frame; the debrief goes under it once it shows.
        """
        session = self.session
        assert session is not None
        view = debrief_view(session, self.mask)
        title = "The game has ended" + (f": {view.ending_title}" if view.ending_title else "")
        lines: list[Text | str] = [view.ending_text] if view.ending_text else []
        lines.append(Text("Continue to the debrief.", style="dim"))
        self._debrief = None
        self._push_result(title, lines, (), 6, self._after_ending_card)
        card = self._debrief_card = self.screen
        # After the card's own frames: composing the debrief blocks the loop for a while.
        self.set_timer(READY_AFTER, partial(self._build_debrief_under, card, view))

    def _build_debrief_under(
        self, card: Screen[Any], view: DebriefView, open_when_ready: bool = False
    ) -> None:
        """Compose the debrief under `card`; with `open_when_ready` the card then gives way
        to it once it has mounted (the card only said the debrief was being prepared)."""
        session = self.session
        if session is None or self.screen is not card or self._debrief is not None:
            return  # the card was closed first: `_after_ending_card` opens the debrief
        debrief = self._debrief = DebriefScreen(view, session.notes)
        with self.batch_update():  # no frame shows the debrief above the card
            self.pop_screen()
            self.push_screen(debrief)
            self.push_screen(card, lambda _: self._after_ending_card())
        if open_when_ready:
            self._open_when_mounted(card, debrief)

    def _open_when_mounted(self, card: Screen[Any], debrief: DebriefScreen) -> None:
        """Close the "Preparing…" card once the debrief under it has mounted."""
        if self.screen is not card or self._debrief is not debrief:
            return  # closed by hand first
        if debrief.is_mounted:
            card.dismiss(None)
        else:
            self.set_timer(0.01, partial(self._open_when_mounted, card, debrief))

    def _after_ending_card(self) -> None:
        self._debrief_card = None  # (the kept result dialog: other results come in it)
        if self._debrief is None or self._debrief not in self.screen_stack:
            self._open_debrief_now()  # closed before the debrief was there: build it now

    @on(ForkRequested)
    def _fork(self, message: ForkRequested) -> None:
        session = self.session
        if session is None:
            return
        parent_name = str(self.save_path) if self.save_path else session.scenario.id
        child = session.fork(message.step, name=parent_name)
        self.save_path = None
        self.briefed = {e.by for e in child.log_entries if e.by.startswith("team:")}
        self.briefed.add("umpire") if any(e.by == "umpire" for e in child.log_entries) else None
        self._pending_private.clear()
        self._begin(child, announce=f"What if? A new game branched after step {message.step}.")

    async def action_quit(self) -> None:
        if isinstance(self.screen, ProblemsScreen):
            self.exit(self.exit_status)
            return
        self._save()
        await self.workers.wait_for_complete()
        self.exit(0)

    # == watch ===================================================================================

    @staticmethod
    def _mtime(path: Path) -> float | None:
        try:
            return path.stat().st_mtime
        except OSError:
            return None

    def on_ready(self) -> None:
        if self.options.watch:
            self.set_interval(self.options.watch_interval, self.check_watched_file)

    def check_watched_file(self) -> None:
        """Reload the scenario when its file changed, replaying the game so far on it."""
        session = self.session
        path = self.scenario_path
        if session is None or path is None or self.busy or self.presenting:
            return
        mtime = self._mtime(path)
        if mtime is None or mtime == self._watch_mtime:
            return
        self._watch_mtime = mtime
        from wargame.scenario.loader import load_scenario

        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            shown = [d.format() for d in exc.diagnostics[:WATCH_PROBLEMS]] or [str(exc)]
            if len(exc.diagnostics) > WATCH_PROBLEMS:
                shown.append(f"… and {len(exc.diagnostics) - WATCH_PROBLEMS} more")
            count = len(exc.diagnostics)
            self.notify(
                f"{count} problem{'s' if count != 1 else ''}; still playing the previous "
                "version.\n" + "\n".join(shown),
                title=f"{path.name} does not load",
                severity="error",
                timeout=15,
            )
            return
        fresh = Session(
            scenario,
            seed=session.seed,
            seats=_seats_for(scenario, session.seats),
            umpire=session.umpire,
            masked=session.masked,
            notes=session.notes,
        )
        replayed = 0
        for entry in session.log_entries:
            try:
                fresh.submit(entry.action, by=entry.by)
            except (IllegalActionError, KeyError, ValueError):
                break
            replayed += 1
        self.session = fresh
        self.notify(
            f"Replayed {replayed} of {session.step_index} actions on the new version.",
            title=f"Reloaded {path.name}",
        )
        self._after_rewind()


def _seats_for(scenario: ScenarioIR, seats: dict[str, Seat]) -> dict[str, Seat]:
    """The seats that still name actors of a reloaded scenario."""
    return {actor: seat for actor, seat in seats.items() if actor in scenario.names.actors}


__all__ = ["PlayOptions", "WargameApp"]
