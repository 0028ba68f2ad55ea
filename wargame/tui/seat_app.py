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
from wargame.play import Action, GameFlow, Presentation
from wargame.play.projector import BoardView
from wargame.session import Session
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
from wargame.tui.app import PlayOptions, WargameApp
from wargame.tui.bots import BotTurns
from wargame.tui.clock import WallClock
from wargame.tui.keys import GAME_ACTIONS, seat_key_allowed
from wargame.tui.messages import ForkRequested
from wargame.tui.quitting import seat_quit_words
from wargame.tui.screens.channels import ChannelsScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.join import JoinRequested, JoinScreen, SeatLostScreen
from wargame.tui.screens.projector import ProjectorScreen
from wargame.tui.table_clock import follow_table
from wargame.tui.table_facilitator import TableFacilitator

POLL_SECONDS = 0.25
"""How often a seat looks for the other seats' actions (the issue asks for half a second)."""
HEARTBEAT_SECONDS = 2.0
ONLINE_SECONDS = 3 * HEARTBEAT_SECONDS
"""A seat whose last heartbeat is older than this is shown as not here (closed, crashed)."""


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


class TableBotTurns(BotTurns):
    """A table's bots act through its shared store, always on a worker: any seat's
    process may play them, and the first to append each move wins."""

    IN_PRESS = False
    app: SeatApp

    def decide_rest(self) -> str | None:
        table = self.app.table
        assert table is not None
        try:
            table.run_bots()
        except SeatTaken:
            return None
        except (StoreError, IllegalActionError) as exc:
            return str(exc)
        return None


class SeatApp(WargameApp):
    """`wargame join`: one seat of a shared table, in a terminal or a browser tab."""

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
        self.bots = TableBotTurns(self)

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
            table = self.table
            if table is None or self.lost:
                return False
            allowed = seat_key_allowed(
                action,
                evaluator=table.seat == EVALUATOR_SEAT,
                viewer=table.viewer,
                facilitator=self.is_facilitator(),
                game_over=self.session is not None and self.session.is_over,
            )
            if not allowed:
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
        if self.table is not None:
            follow_table(self.phase_clock, self.table)

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
