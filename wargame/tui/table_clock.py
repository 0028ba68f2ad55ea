"""The phase timer at a shared table: every screen rebuilds it from the table's
store-stamped clock records (the umpire's set, pause, resume, extend), so each shows the
same time however late it joined."""

from __future__ import annotations

from wargame.table import Table
from wargame.tui.clock import PhaseTimer, stored_seconds
from wargame.tui.phase_clock import PhaseClock, phase_length


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


def table_phase_seconds(table: Table) -> float:
    """A phase's length at `table`: the host's setting, or the umpire's last timer."""
    seconds = stored_seconds(table.info.settings.get("phase_seconds"))
    for record in table.clock:
        if record.payload.get("op") == "set":
            # (a value no dialog accepts, stored by an older version, is passed over)
            chosen = stored_seconds(record.payload.get("seconds", 0.0))
            seconds = seconds if chosen is None else chosen
    return phase_length(table.session, seconds)


def follow_table(clock: PhaseClock, table: Table) -> None:
    """Put `table`'s shared timer on `clock`; a new phase may warn afresh."""
    clock.timer = shared_timer(table, table_phase_seconds(table))
    phase = (table.session.state.turn, table.session.state.phase)
    if phase != clock.phase:
        clock.phase = phase
        clock.warned = ""


__all__ = ["follow_table", "shared_timer", "table_phase_seconds"]
