"""One seat at a shared table: the game app, bound to one seat and fed by the table's log.

`SeatApp` is `WargameApp` with three differences. The viewer never changes: the screen
belongs to one team, the umpire (who also holds the facilitator controls) or the observer
(the projector: public information, no dialogs to dismiss). Actions go through the table
(`wargame.table.Table`), which appends them only on top of the log position this screen
showed. And a poll folds in what the other seats did, a few times a second, then presents
it the way hot-seat play presents a bot's moves: news flashes, results, the next decision.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work

from wargame.errors import IllegalActionError
from wargame.play import OBSERVER, Action, GameFlow, Presentation
from wargame.play.projector import BoardView
from wargame.session import Session
from wargame.session.records import ExerciseDetails, Participant, RecordBody
from wargame.table import (
    Conflict,
    JoinRefused,
    LogStore,
    SeatTaken,
    StoreError,
    Table,
    open_store,
)
from wargame.table.records import EVALUATOR_SEAT, OBSERVER_SEAT, UMPIRE_SEAT
from wargame.table.replica import latest_table
from wargame.tui.app import DEFAULT_REALTIME_SECONDS, GAME_ACTIONS, PlayOptions, WargameApp
from wargame.tui.clock import (
    PhaseTimer,
    WallClock,
    stored_seconds,
)
from wargame.tui.facilitator import EXTEND_SECONDS, Facilitator
from wargame.tui.messages import ForkRequested
from wargame.tui.quitting import seat_quit_words
from wargame.tui.screens.channels import ChannelsScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.join import JoinRequested, JoinScreen, SeatLostScreen
from wargame.tui.screens.projector import ProjectorScreen

POLL_SECONDS = 0.25
"""How often a seat looks for the other seats' actions (the issue asks for half a second)."""
HEARTBEAT_SECONDS = 2.0
ONLINE_SECONDS = 3 * HEARTBEAT_SECONDS
"""A seat whose last heartbeat is older than this is shown as not here (closed, crashed)."""
TEAM_ACTIONS = frozenset({"briefing", "free_play", "channels"})
"""Game actions a team's screen has; the rest are the umpire's (facilitator controls)."""
EVALUATOR_ACTIONS = frozenset({"briefing"})
"""What the evaluator's screen may open of the game actions: it sees as the umpire and
records (answers, ratings, observations: keys outside `GAME_ACTIONS`), but acts on nothing,
so it has no free action, no messages to write and none of the facilitator's controls."""
OBSERVER_ACTIONS = frozenset({"channels"})
"""What the projector may open: the messages sent to all (every channel, after the game,
once the facilitator opens them for the debrief)."""


@dataclass
class SeatOptions:
    """Which table to open and how (see `wargame join`)."""

    store: str
    """The session database: a file path or a postgresql:// URL."""
    table: str | None = None
    """The table's id; None opens the newest table in the database."""
    code: str | None = None
    """The join code; None asks for it on screen."""
    poll_seconds: float = POLL_SECONDS
    heartbeat_seconds: float = HEARTBEAT_SECONDS
    projector: bool = False
    """`wargame join --projector`: the code must be the observer's (the board is its view;
    the observer seat shows the board anyway)."""


def shared_timer(table: Table, seconds: float) -> PhaseTimer:
    """The phase timer every screen of `table` agrees on: rebuilt from store-stamped
    records (a value no version accepts now, stored by an older one, is passed over)."""
    timer = PhaseTimer(duration=seconds)
    timer.restart(table.phase_started)
    for record in table.clock:
        if record.at < table.phase_started:
            continue
        op = record.payload.get("op")
        if op == "pause":
            timer.pause(record.at)
        elif op == "resume":
            timer.resume(record.at)
        elif op == "extend":
            timer.extend(stored_seconds(record.payload.get("seconds", 0.0)) or 0.0)
    return timer


class TableFacilitator(Facilitator):
    """The umpire's controls at a shared table: each goes into the table's log, so every
    screen takes it back, pauses or extends at once."""

    app: SeatApp

    def __init__(self, app: SeatApp) -> None:
        super().__init__(app)
        self.app = app

    def undo(self) -> None:
        steps = self.undo_steps()
        if steps and self.app.facilitate(lambda table: table.undo(steps)):
            self.app.notify(f"Undid {steps} step{'s' if steps != 1 else ''} for every seat.")

    def redo(self) -> None:
        steps = self.redo_steps()
        if steps and self.app.facilitate(lambda table: table.redo(steps)):
            self.app.notify(f"Redid {steps} step{'s' if steps != 1 else ''} for every seat.")

    def pause(self) -> None:
        app = self.app
        if not app.timer.enabled:
            return
        op = "resume" if app.timer.paused else "pause"
        if app.facilitate(lambda table: table.clock_op(op)):
            app.tick()
            app.notify("Timer paused." if op == "pause" else "Timer running.", title="Timer")

    def extend(self) -> None:
        app = self.app
        if not app.timer.enabled:
            if app.facilitate(lambda table: table.clock_op("set", EXTEND_SECONDS)):
                app.tick()
                app.notify("A two-minute phase timer is running.", title="Timer")
            return
        if app.facilitate(lambda table: table.clock_op("extend", EXTEND_SECONDS)):
            app.tick()
            app.notify(
                f"Two more minutes for every seat: {app.phase_clock.left()} left.", title="Timer"
            )

    def timer_set(self, seconds: float) -> None:
        if self.app.facilitate(lambda table: table.clock_op("set", seconds)):
            self.app.tick()
            self.app.refresh_game()

    def record(self, body: RecordBody) -> bool:
        """Into the table's log, from the umpire's or the evaluator's seat."""
        table = self.app.table
        if table is None:
            return False
        try:
            table.record(body)
        except (IllegalActionError, StoreError) as exc:
            self.app.notify(str(exc), title="Not recorded", severity="error")
            return False
        self.app.notify("Recorded for the report, on every screen.", title="Recorded")
        return True

    def set_exercise(self, details: ExerciseDetails, roster: tuple[Participant, ...]) -> None:
        """Into the table's log: every screen's report has them."""
        if self.app.facilitate(lambda table: table.set_exercise(details, roster)):
            self.app.notify("The exercise's details and roster are shared.", title="Saved")

    def set_notes(self, notes: str) -> None:
        session = self.app.session
        if session is None or session.notes == notes or not self.app.is_facilitator():
            return
        self.app.facilitate(lambda table: table.set_notes(notes))


class SeatApp(WargameApp):
    """`wargame join`: one seat of a shared table, in a terminal or a browser tab."""

    BOTS_IN_PRESS = False  # a table's bots act through its shared store: always a worker

    def __init__(self, seat: SeatOptions, options: PlayOptions | None = None) -> None:
        options = options or PlayOptions(clock=WallClock())
        options.autosave = False
        options.watch = False
        super().__init__(options)
        self.seat_options = seat
        self.store: LogStore | None = None
        self.table: Table | None = None
        self.table_id = ""
        self.lost = False
        self._decided_at = 0
        self._seen_rewinds = 0
        self._seen_clock = 0
        self._seen_messages = 0
        self._was_my_turn = False
        self.facilitator = TableFacilitator(self)

    # == joining =================================================================================

    def start(self) -> None:
        """Open the table and ask for the code (or use the one given)."""
        seat = self.seat_options
        try:
            self.store = open_store(seat.store)
            self.table_id = seat.table or latest_table(self.store)
            info = self.store.table(self.table_id)
        except StoreError as exc:
            self.problem("Cannot open the shared table", message=str(exc))
            return
        document = info.document
        scenario = document.get("scenario", {})
        title = "" if document.get("masked") else str(scenario.get("title", ""))
        self.sub_title = f"table {self.table_id}"
        if seat.code:
            self._try_join(seat.code)
        else:
            self.push_screen(JoinScreen(title or "A shared wargame", self.table_id))

    @on(JoinRequested)
    def _join_requested(self, message: JoinRequested) -> None:
        self._try_join(message.code)

    @work(thread=True, exclusive=True, group="join", description="Checking the code")
    def _try_join(self, code: str) -> None:
        # Thread: opening a seat replays the game so far, which may take a moment.
        store = self.store
        assert store is not None
        try:
            table = Table.join(store, self.table_id, code)
        except (JoinRefused, StoreError) as exc:
            self.call_from_thread(self._refused, str(exc))
            return
        self.call_from_thread(self._joined, table)

    def _refused(self, message: str) -> None:
        screen = self.screen
        if isinstance(screen, JoinScreen):
            screen.refuse(message)
        else:
            self.problem("The join code did not open a seat", message=message)

    def _joined(self, table: Table) -> None:
        if self.seat_options.projector and table.seat != OBSERVER_SEAT:
            table.leave()
            self.problem(
                "That code is not the projector's",
                message="--projector shows the board a room reads: join with the observer "
                "seat's code (the codes sheet's `observer` line), or leave --projector out "
                "to play this seat.",
            )
            return
        self.table = table
        self._decided_at = table.position
        self._seen_rewinds = table.rewinds
        self._seen_clock = len(table.clock)
        self._seen_messages = len(table.messages)
        if isinstance(self.screen, JoinScreen):
            self.pop_screen()
        self.set_interval(self.seat_options.poll_seconds, self.poll)
        self.set_interval(self.seat_options.heartbeat_seconds, self._heartbeat)
        session = table.session
        self.begin(session, announce=f"Joined as {self._seat_label()}.")
        self.sub_title = f"{self.mask(session.scenario.title)} · {self._seat_label()}"

    def _seat_label(self) -> str:
        table = self.table
        if table is None:
            return ""
        if table.seat == UMPIRE_SEAT:
            return "Umpire"
        if table.seat == OBSERVER_SEAT:
            return "Observer (public view)"
        if table.seat == EVALUATOR_SEAT:
            return "Evaluator"
        session = table.session
        name = self.mask(session.scenario.actors[session.scenario.names.actors[table.seat]].name)
        team = session.seats[table.seat].team
        return f"{name} ({team})" if team and team != name else name

    def _phase_seconds(self) -> float:
        table = self.table
        if table is None:
            return 0.0
        seconds = stored_seconds(table.info.settings.get("phase_seconds"))
        for record in table.clock:
            if record.payload.get("op") == "set":
                # (a value no dialog accepts, stored by an older version, is passed over)
                chosen = stored_seconds(record.payload.get("seconds", 0.0))
                seconds = seconds if chosen is None else chosen
        if seconds is None:
            realtime = table.session.scenario.calendar.clock == "realtime"
            return DEFAULT_REALTIME_SECONDS if realtime else 0.0
        return seconds

    # == keeping up with the other seats ========================================================

    def poll(self) -> None:
        """Fold in the other seats' records and present them (a few times a second)."""
        table = self.table
        if table is None or self.lost or self.busy or self.presenting:
            return
        if not self.screen_stack:
            return  # closing: the screens are already gone
        reading = isinstance(self.screen, ChannelsScreen | DebriefScreen)
        if self.screen is not self.game_screen and not reading:
            return  # a dialog is open: catch up when it closes
        start = table.session.step_index
        try:
            records = table.sync()
        except StoreError as exc:
            self._fail("The shared table stopped working", str(exc))
            return
        self._deliver()
        if records:
            self._catch_up(start)
        elif table.bots_to_act():
            # The seat that should have played the bots closed mid-way: play them here.
            self.advance()

    def _catch_up(self, start: int) -> None:
        table = self.table
        assert table is not None
        if len(table.clock) != self._seen_clock:
            self._seen_clock = len(table.clock)
            self.tick()
        if table.rewinds != self._seen_rewinds:
            self._seen_rewinds = table.rewinds
            if not self.is_facilitator():
                self.notify("The umpire took back or replayed moves.", title="Rewind")
            self.after_rewind()
            return
        self.advance(since=start)

    def _deliver(self) -> None:
        """Messages for this seat that came with the last sync: a toast each, and the
        messages screen redrawn if it is up."""
        table, flow = self.table, self.flow
        if table is None or flow is None:
            return
        readable = table.messages
        fresh = readable[self._seen_messages :]
        self._seen_messages = len(readable)
        if not fresh:
            return
        writer = table.sender
        for message in fresh:
            if message.sender != writer:
                view = flow.view_of(message)
                self.notify(view.text, title=f"✉ {view.sender} → {view.to}", timeout=8)
        self.free_play.refresh()

    def send_message(self, sender: str, to: str, text: str) -> None:
        table = self.table
        if table is None or self.lost:
            raise IllegalActionError("this seat is not at the table any more")
        try:
            table.send_message(to, text)
        except (Conflict, StoreError) as exc:
            raise IllegalActionError(f"the message was not sent: {exc}") from exc
        except SeatTaken:
            self._seat_lost()
            raise IllegalActionError("this seat was opened on another screen") from None
        self._seen_messages = len(table.messages)

    def set_channels(self, *, open: bool | None = None, debrief: bool | None = None) -> None:
        self.facilitate(lambda table: table.set_channels(open=open, debrief=debrief))

    def _heartbeat(self) -> None:
        table = self.table
        if table is None or self.lost:
            return
        try:
            kept = table.heartbeat()
        except StoreError as exc:
            self._fail("The shared table stopped working", str(exc))
            return
        if not kept:
            self._seat_lost()
            return
        if table.is_facilitator:
            # Who is connected changes without a move: keep the umpire's status line fresh.
            self.show_status()

    def _seat_lost(self) -> None:
        self._fail(
            "This seat was opened on another screen",
            "Someone joined with this seat's code after you, so that screen now plays it "
            "(the newest join wins, so a closed window can always be reopened). "
            "Press Enter to close this one.",
        )

    def _fail(self, title: str, detail: str) -> None:
        if self.lost:
            return
        self.lost = True
        self.push_screen(SeatLostScreen(title, detail))

    # == the game flow, for one seat ===========================================================

    def new_game_screen(self) -> GameScreen:
        table = self.table
        if table is not None and table.seat == OBSERVER_SEAT:
            return ProjectorScreen(self._board)
        return super().new_game_screen()

    def _board(self) -> BoardView:
        flow = self.flow
        assert flow is not None
        return flow.board()

    def new_flow(self, session: Session) -> GameFlow:
        table = self.table
        assert table is not None
        return GameFlow(
            session,
            self.mask,
            seat=table.viewer,
            briefed=self.briefed,
            acts=table.seat != EVALUATOR_SEAT,
        )

    @work(thread=True, exclusive=True, group="bots", description="Bots deciding")
    def _run_bots(self, start: int) -> None:
        table = self.table
        assert table is not None
        error: str | None = None
        try:
            table.run_bots()
        except SeatTaken:
            error = None
        except (StoreError, IllegalActionError) as exc:
            error = str(exc)
        self.call_from_thread(self._bots_done, start, error)

    def present(self, shown: list[Presentation]) -> None:
        table, session = self.table, self.session
        if table is not None and session is not None and not session.is_over:
            flow = self.flow
            decider = flow.decider(session.to_act) if flow is not None and flow.acts else None
            my_turn = decider == table.viewer
            if my_turn and not self._was_my_turn and flow and flow.human_viewers() > 1:
                self.bell()
                self.notify("Your decision.", title=self._seat_label(), timeout=4)
            self._was_my_turn = my_turn
        super().present(shown)

    def _show_decision(self) -> None:
        super()._show_decision()
        if self.table is not None:
            self._decided_at = self.table.position

    def refresh_game(self, waiting: str = "") -> None:
        super().refresh_game(waiting)
        if self.table is not None and not self.busy:
            self._decided_at = self.table.position

    # == acting ==================================================================================

    def submit(self, action: Action, by: str | None = None) -> bool:
        table = self.table
        session = self.session
        if table is None or session is None or self.busy or self.lost:
            return False
        start = session.step_index
        try:
            table.submit(action, by=by, at=self._decided_at)
        except IllegalActionError as exc:
            self.notify(str(exc), title="Not allowed", severity="error")
            return False
        except Conflict as exc:
            self.notify(str(exc), title="Another seat acted first", severity="warning")
            with contextlib.suppress(StoreError):
                table.sync()
            self._catch_up(start)
            return False
        except SeatTaken:
            self._seat_lost()
            return False
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return False
        self.advance(since=start)
        return True

    def sent_note(self) -> str:
        if self.is_facilitator():
            return "Press u to take it back for every seat."
        return "Only the umpire can take it back now (their u key): ask them if it was a slip."

    def is_facilitator(self) -> bool:
        return self.table is not None and self.table.is_facilitator

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GAME_ACTIONS:
            if self.table is None or self.lost:
                return False
            if action == "save":
                return False  # every action is in the table's database already
            if not self.is_facilitator():
                if action == "debrief":
                    return self.session is not None and self.session.is_over
                if self.table.seat == EVALUATOR_SEAT:
                    if action not in EVALUATOR_ACTIONS:
                        return False
                elif self.table.viewer == OBSERVER:
                    if action not in OBSERVER_ACTIONS:
                        return False
                elif action not in TEAM_ACTIONS:
                    return False
        return super().check_action(action, parameters)

    def facilitate(self, change: Callable[[Table], object]) -> bool:
        """Append a facilitator record and show its result; False (with a notice) if refused."""
        table = self.table
        if table is None or not table.is_facilitator:
            return False
        rewinds = table.rewinds
        try:
            change(table)
        except Conflict as exc:
            self.notify(str(exc), title="Another seat acted first", severity="warning")
            return False
        except (IllegalActionError, StoreError, SeatTaken) as exc:
            self.notify(str(exc), title="Not done", severity="error")
            return False
        self._seen_clock = len(table.clock)
        if table.rewinds != rewinds:
            self._seen_rewinds = table.rewinds
            self.after_rewind()
        return True

    def _follow_phase(self) -> None:
        table = self.table
        if table is None:
            return
        clock = self.phase_clock
        clock.timer = shared_timer(table, self._phase_seconds())
        phase = (table.session.state.turn, table.session.state.phase)
        if phase != clock.phase:
            clock.phase = phase
            clock.warned = ""

    # -- the rest of the facilitator's controls -------------------------------------------

    def action_export(self) -> None:
        if self.is_facilitator():
            super().action_export()
        else:
            self.notify("The facilitator can export the game file.", severity="warning")

    def action_export_report(self) -> None:
        if self.is_facilitator():
            super().action_export_report()
        else:
            self.notify("The facilitator can write the report.", severity="warning")

    def action_debrief(self) -> None:
        session = self.session
        if session is None:
            return
        if not session.is_over and not self.is_facilitator():
            return
        super().action_debrief()

    @on(ForkRequested)
    def _fork(self, message: ForkRequested) -> None:
        message.prevent_default()
        self.notify(
            "A shared table plays one line of events. Export the game (x) and branch the "
            "what-if on one screen with `wargame play --resume FILE`.",
            title="What if?",
            timeout=10,
        )

    def status(self) -> str:
        table = self.table
        if table is None:
            return ""
        parts = [f"Table {table.table_id}", f"step {table.session.step_index}"]
        parts.append(f"you: {self._seat_label()}")
        if table.is_facilitator and self.store is not None:
            with contextlib.suppress(StoreError):
                now = time.time()
                fresh = now - ONLINE_SECONDS
                beats = self.store.presence(table.table_id)
                online = sorted(seat for seat, beat in beats.items() if beat >= fresh)
                absent = [seat for seat in table.seats() if seat not in online]
                parts.append("online: " + (", ".join(online) or "nobody"))
                if absent:
                    parts.append("not here: " + ", ".join(absent))
        return " · ".join(parts)

    async def action_quit(self) -> None:
        if self.lost:
            await self.quit_now()  # the seat is gone: nothing to ask about
            return
        await super().action_quit()

    def quit_words(self) -> tuple[str, list[str]]:
        assert self.session is not None
        return seat_quit_words(self.session, self.seat_options.store)

    async def quit_now(self) -> None:
        await self.workers.wait_for_complete()
        self.leave_table()
        self.exit(self.exit_status)

    def leave_table(self) -> None:
        """Give the seat up (the same code opens it again at once) and close the store."""
        if self.table is not None and not self.lost:
            with contextlib.suppress(StoreError):
                self.table.leave()
        if self.store is not None:
            with contextlib.suppress(Exception):
                self.store.close()
            self.store = None


__all__ = ["SeatApp", "SeatOptions"]
