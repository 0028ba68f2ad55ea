"""The facilitator's controls at a hot-seat screen: undo and redo, injects, adjustments,
ending a phase, and the phase timer.

Each is a key of the app (and a command in the palette); the app's `action_*` methods call
in here. A shared table's umpire has the same controls, sent through the table instead
(`wargame.tui.table_facilitator.TableFacilitator`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wargame.errors import IllegalActionError
from wargame.play import Adjust, EndPhase, Inject
from wargame.session.records import ExerciseDetails, Participant, RecordBody
from wargame.tui.clock import PhaseTimer, phase_seconds
from wargame.tui.screens.dialogs import AdjustDialog, ChoiceDialog, ReasonDialog

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp

EXTEND_SECONDS = 120.0
"""What `+` gives the phase (and the timer `+` starts when none runs)."""


class Facilitator:
    """The controls, acting on the app's session."""

    def __init__(self, app: WargameApp) -> None:
        self.app = app

    @property
    def by(self) -> str:
        """Who the log says acted: the umpire when a person umpires, else the facilitator."""
        session = self.app.session
        if session is not None and session.umpire is not None and session.umpire.is_human:
            return "umpire"
        return "facilitator"

    def record(self, body: RecordBody) -> bool:
        """Record an answer or a rating in the session now (a notice when refused)."""
        session = self.app.session
        if session is None:
            return False
        try:
            session.record(body, self.by)
        except IllegalActionError as exc:
            self.app.notify(str(exc), title="Not recorded", severity="error")
            return False
        self.app.notify("Recorded for the report.", title="Recorded")
        return True

    def set_exercise(self, details: ExerciseDetails, roster: tuple[Participant, ...]) -> None:
        """The exercise's details and roster as the umpire amended them."""
        app, session = self.app, self.app.session
        if session is None:
            return
        session.details, session.roster = details, roster
        app.saver.autosave()
        app.notify("The exercise's details and roster are kept for the report.", title="Saved")

    # -- taking back ----------------------------------------------------------------------

    def undo(self) -> None:
        """Take back the last human decision and the bot moves that followed it."""
        app, session = self.app, self.app.session
        steps = self.undo_steps()
        if session is None or not steps:
            return
        undone = session.undo(steps)
        app.saver.autosave()
        app.notify(f"Undid {undone} step{'s' if undone != 1 else ''}.", title="Undo")
        app.after_rewind()

    def redo(self) -> None:
        """Re-apply the next undone decision and the bot moves that followed it."""
        app, session = self.app, self.app.session
        steps = self.redo_steps()
        if session is None or not steps:
            return
        done = session.redo(steps)
        app.saver.autosave()
        app.notify(f"Redid {done} step{'s' if done != 1 else ''}.", title="Redo")
        app.after_rewind()

    def undo_steps(self) -> int:
        """How many actions an undo takes back: the last human decision and the bot moves
        after it (0, with a notice, when only bots have moved)."""
        session = self.app.session
        if session is None or not session.can_undo:
            return 0
        entries = session.log_entries
        last_human = len(entries) - 1
        while last_human >= 0 and entries[last_human].by.startswith("bot:"):
            last_human -= 1
        if last_human < 0:
            self.app.notify("Only bot moves so far: nothing to undo.", severity="warning")
            return 0
        return len(entries) - last_human

    def redo_steps(self) -> int:
        """How many undone actions a redo re-applies: the next decision and its bot moves."""
        session = self.app.session
        if session is None or not session.can_redo:
            return 0
        redo = session.redo_entries
        steps = 1
        while steps < len(redo) and redo[-1 - steps].by.startswith("bot:"):
            steps += 1
        return steps

    # -- changing the game ----------------------------------------------------------------

    def inject(self) -> None:
        app, session = self.app, self.app.session
        if session is None or session.is_over:
            return
        items = [(i.id, app.mask(i.label)) for i in session.scenario.injects]
        if not items:
            app.notify("This scenario has no injects.", severity="warning")
            return

        def chosen(answer: object) -> None:
            if isinstance(answer, tuple):
                app.submit(Inject(str(answer[0]), str(answer[1])), by=self.by)

        title = "Inject an event"
        dialog = app.presenter.kept(
            ChoiceDialog, lambda: ChoiceDialog(title, items), lambda kept: kept.show(title, items)
        )
        app.push_screen(dialog, chosen)

    def adjust(self) -> None:
        app, session = self.app, self.app.session
        if session is None or session.is_over:
            return
        state = session.state
        targets = [
            (v.id, app.mask(v.label or v.id), state.vars[i])
            for i, v in enumerate(session.scenario.variables)
        ]
        targets += [
            (f"flags.{f.id}", app.mask(f.label or f.id), float(state.flags[i]))
            for i, f in enumerate(session.scenario.flags)
        ]
        if not targets:
            app.notify("This scenario has no variables.", severity="warning")
            return

        def chosen(answer: object) -> None:
            if isinstance(answer, tuple):
                variable, value, reason = answer
                app.submit(Adjust(str(variable), float(value), str(reason)), by=self.by)

        dialog = app.presenter.kept(
            AdjustDialog, lambda: AdjustDialog(targets), lambda kept: kept.show(targets)
        )
        app.push_screen(dialog, chosen)

    def end_phase(self) -> None:
        app, session = self.app, self.app.session
        if session is None or session.is_over:
            return

        def chosen(reason: object) -> None:
            if isinstance(reason, str):
                app.submit(EndPhase(reason), by=self.by)

        app.push_screen(
            ReasonDialog("End the phase", "Everyone yet to act passes. Why?", required=False),
            chosen,
        )

    # -- the phase timer ------------------------------------------------------------------

    def pause(self) -> None:
        app = self.app
        if not app.timer.enabled:
            return
        app.timer.toggle(app.options.clock.now())
        app.notify("Timer paused." if app.timer.paused else "Timer running.", title="Timer")
        app.tick()

    def extend(self) -> None:
        app = self.app
        if not app.timer.enabled:
            app.set_phase_timer(PhaseTimer(duration=EXTEND_SECONDS))
            app.notify("A two-minute phase timer is running.", title="Timer")
            return
        app.phase_clock.extend(EXTEND_SECONDS)
        app.notify(f"Two more minutes: {app.phase_clock.left()} left.", title="Timer")
        app.tick()

    def set_timer(self) -> None:
        """Ask for the minutes per phase (0 switches the timer off)."""
        app = self.app

        def chosen(answer: object) -> None:
            if not isinstance(answer, str):
                return
            try:
                seconds = phase_seconds(answer)
            except ValueError as exc:
                app.notify(str(exc), title="Phase timer", severity="error")
                return
            self.timer_set(seconds)

        app.push_screen(
            ReasonDialog("Phase timer", "Minutes per phase (0 switches the timer off):"), chosen
        )

    def timer_set(self, seconds: float) -> None:
        """The facilitator chose `seconds` per phase (checked)."""
        self.app.set_phase_timer(PhaseTimer(duration=seconds))
        self.app.refresh_game()

    def set_notes(self, notes: str) -> None:
        """The facilitator's hot-wash notes changed (saved with the game)."""
        session = self.app.session
        if session is not None and session.notes != notes:
            session.notes = notes
            self.app.saver.autosave()
