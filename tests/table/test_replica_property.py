"""Hypothesis interleaves seats at one table: whatever the order, every replica converges.

Two or three replicas (the umpire and one or two teams), after playing some way into the
game in turn, take random turns: a team plays a
random legal action when its (possibly stale) screen shows it is due, anyone lets the bots
move, the umpire undoes, redoes, adjusts a value or writes notes, and anyone syncs. Stale
decisions are refused with Conflict and leave that replica synced. At the end every
replica, a fresh replica built from the store, and a plain Session replaying the log agree
on the state, the log, the redo stack and the notes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wargame.engine import UMPIRE, Adjust, action_from_dict, action_to_dict
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR
from wargame.session import Seat, Session, state_digest
from wargame.table import Conflict, LogStore, Table
from wargame.table.records import OBSERVER_SEAT, UMPIRE_SEAT
from wargame.table.replica import create_table

from .conftest import greenland_ir

TEAMS = ("president", "denmark")
OPS = ("act", "act", "act", "act", "bots", "bots", "sync", "undo", "redo", "adjust", "notes")
STEPS = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(OPS), st.integers(0, 10_000)),
    min_size=10,
    max_size=60,
)


def due_seat(table: Table) -> str | None:
    who = table.session.to_act
    if who is None:
        return None
    if who == UMPIRE:
        return UMPIRE_SEAT
    assert isinstance(who, int)
    return table.session.scenario.actors[who].id


def fingerprint(session: Session) -> tuple[object, ...]:
    return (
        state_digest(session.state),
        [action_to_dict(e.action) for e in session.log_entries],
        [action_to_dict(e.action) for e in session.redo_entries],
        session.notes,
    )


def replay(document_session: Session, store: LogStore, table_id: str) -> Session:
    """A plain Session fed the store's records one by one: what any screen must show."""
    session = document_session
    for record in store.records(table_id):
        if record.kind == "action":
            session.submit(action_from_dict(record.payload["action"]))
        elif record.kind == "undo":
            session.undo(int(record.payload["steps"]))
        elif record.kind == "redo":
            session.redo(int(record.payload["steps"]))
        elif record.kind == "notes":
            session.notes = str(record.payload["text"])
    return session


def new_game(scenario: ScenarioIR, seed: int, teams: tuple[str, ...]) -> Session:
    seats = {team: Seat(team, "human", team=team.title()) for team in teams}
    return Session(scenario, seed=seed, seats=seats, umpire=Seat("umpire", "human"))


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10_000),
    teams=st.integers(1, 2),
    warmup=st.integers(0, 80),
    steps=STEPS,
)
def test_replicas_interleaved_in_any_order_converge(
    store: LogStore,
    seed: int,
    teams: int,
    warmup: int,
    steps: list[tuple[int, str, int]],
) -> None:
    greenland = greenland_ir()
    playing = TEAMS[:teams]
    info, _ = create_table(store, new_game(greenland, seed, playing))
    tables = [Table(store, info.id, seat=seat) for seat in (UMPIRE_SEAT, *playing)]
    umpire = tables[0]
    by_seat = {table.seat: table for table in tables}
    for step in range(warmup):  # play some way into the game in turn, then interleave
        due = due_seat(umpire)
        if due is None:
            break
        seat = by_seat.get(due)
        if seat is None:
            umpire.run_bots()
        else:
            seat.sync()
            seat.submit(seat.session.legal_actions()[step % len(seat.session.legal_actions())])
        umpire.sync()

    def check_synced_after_conflict(table: Table) -> None:
        assert table.position == store.length(info.id)

    for index, op, pick in steps:
        table = tables[index % len(tables)]
        before = store.length(info.id)
        try:
            if op == "act":
                # Whoever this screen shows is due acts on their own screen, stale or not.
                due = due_seat(table)
                table = by_seat.get(str(due), table)
                if due_seat(table) == table.seat:
                    actions = table.session.legal_actions()
                    table.submit(actions[pick % len(actions)])
                else:
                    table.run_bots()
            elif op == "bots":
                table.run_bots()
            elif op == "sync":
                table.sync()
            elif op in ("undo", "redo", "notes"):
                rewind = {"undo": table.undo, "redo": table.redo}
                if table is not umpire:
                    with pytest.raises(IllegalActionError):
                        rewind[op](1) if op in rewind else table.set_notes("no")
                    assert store.length(info.id) == before
                elif op == "notes":
                    table.set_notes(f"note {pick}")
                else:
                    rewind[op](pick % 3 + 1)
            elif op == "adjust" and table is umpire:
                variables = table.session.scenario.variables
                variable = variables[pick % len(variables)]
                adjust = Adjust(variable.id, float(pick % 150) - 25.0, "ruling")
                if table.session.check_legal(adjust) is None:
                    table.submit(adjust)
                else:
                    with pytest.raises(IllegalActionError):
                        table.submit(adjust)
                    assert store.length(info.id) == before
        except Conflict:
            event("a stale replica was refused")
            check_synced_after_conflict(table)
        assert table.position <= store.length(info.id)

    event(f"game at step {umpire.session.step_index // 20 * 20}+")
    if umpire.rewinds:
        event("undo or redo folded")
    for table in tables:
        table.sync()
    fresh = Table(store, info.id, seat=OBSERVER_SEAT)
    reference = replay(new_game(greenland, seed, playing), store, info.id)
    expected = fingerprint(reference)
    for table in [*tables, fresh]:
        assert table.position == store.length(info.id)
        assert fingerprint(table.session) == expected
