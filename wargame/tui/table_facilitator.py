"""The umpire's controls at a shared table (`TableFacilitator`): the same keys as at a
hot-seat screen (`wargame.tui.facilitator`), each sent into the table's log instead, so
every seat's screen takes a step back, pauses or extends the timer at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wargame.errors import IllegalActionError
from wargame.session.records import ExerciseDetails, Participant, RecordBody
from wargame.table import StoreError
from wargame.tui.facilitator import EXTEND_SECONDS, Facilitator

if TYPE_CHECKING:
    from wargame.tui.seat_app import SeatApp


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


__all__ = ["TableFacilitator"]
