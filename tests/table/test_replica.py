"""Seats at a shared table: replicas of one log play the same game as a plain Session.

Two (or three) `Table` replicas on one store play Greenland to its ending, each acting for
its own seat, folding the others' records on sync and letting bots move; every replica, a
fresh one built from the store afterwards and a plain `Session` fed the same decisions end
in the same state. Replicas racing to play the bots never play one twice; a seat may act
only for itself, the umpire alone rewinds and rules, the observer only watches; and a
refused append leaves the seat synced and able to decide again.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import pytest

from wargame.engine import (
    UMPIRE,
    Action,
    Adjust,
    Confirm,
    EndPhase,
    Inject,
    Pass,
    PlayMove,
    action_to_dict,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR
from wargame.session import Seat, Session, state_digest
from wargame.table import Conflict, LogStore, Table, open_store
from wargame.table.records import HOST_SEAT, OBSERVER_SEAT, UMPIRE_SEAT
from wargame.table.replica import create_table


def choose(actions: list[Action], step: int) -> Action:
    """A person's decision: any legal action, fixed by the step so a replay can repeat it."""
    return actions[(step * 7919 + 13) % len(actions)]


def seat_of(table: Table) -> str | None:
    """The seat that must act now in this replica's view (an actor id or `umpire`)."""
    who = table.session.to_act
    if who is None:
        return None
    if who == UMPIRE:
        return UMPIRE_SEAT
    assert isinstance(who, int)
    return table.session.scenario.actors[who].id


def new_game(scenario: ScenarioIR, humans: tuple[str, ...], *, umpire: bool) -> Session:
    seats = {actor: Seat(actor, "human", team=actor.title()) for actor in humans}
    # A seed on which the people's moves need the human umpire at least once (on Greenland
    # 2.3, seed 11's game never asks the umpire anything).
    return Session(
        scenario, seed=12, seats=seats, umpire=Seat("umpire", "human") if umpire else None
    )


def play_alone(scenario: ScenarioIR, humans: tuple[str, ...], *, umpire: bool) -> Session:
    """The same game in one plain Session: bots move, people decide with `choose`."""
    session = new_game(scenario, humans, umpire=umpire)
    for _ in range(10_000):
        session.run_bots()
        if session.is_over:
            break
        session.submit(choose(session.legal_actions(), session.step_index))
    return session


def actions_of(session: Session) -> list[dict[str, object]]:
    return [action_to_dict(entry.action) for entry in session.log]


class Hesitant:
    """A store whose appends pause a moment first, so that racing replicas really collide."""

    def __init__(self, store: LogStore, conflicts: list[int]) -> None:
        self._store = store
        self._conflicts = conflicts

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def append(self, table_id: str, expected: int, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.003)
        try:
            return self._store.append(table_id, expected, *args, **kwargs)
        except Conflict:
            self._conflicts.append(expected)
            raise


@pytest.mark.parametrize("umpire", [False, True], ids=["auto-adjudication", "human-umpire"])
def test_seats_taking_turns_play_the_same_game_as_one_session(
    store: LogStore, greenland: ScenarioIR, umpire: bool
) -> None:
    humans = ("president", "denmark")
    info, _ = create_table(store, new_game(greenland, humans, umpire=umpire))
    seats = [*humans, UMPIRE_SEAT] if umpire else list(humans)
    tables = [Table(store, info.id, seat=seat) for seat in seats]
    acted = dict.fromkeys(seats, 0)
    for _ in range(10_000):
        if all(table.session.is_over for table in tables):
            break
        for table in tables:  # each screen in turn: refresh, let bots move, act if due
            table.sync()
            table.run_bots()
            if seat_of(table) == table.seat:
                table.submit(choose(table.session.legal_actions(), table.session.step_index))
                acted[table.seat] += 1
    else:
        pytest.fail("the game did not end")
    assert all(count > 0 for count in acted.values()), acted

    alone = play_alone(greenland, humans, umpire=umpire)
    expected = state_digest(alone.state)
    fresh = Table(store, info.id, seat=OBSERVER_SEAT)
    for table in [*tables, fresh]:
        table.sync()
        assert table.position == store.length(info.id)
        assert actions_of(table.session) == actions_of(alone)
        assert state_digest(table.session.state) == expected
        assert table.session.state.ending == alone.state.ending is not None


def test_replicas_racing_to_play_the_bots_play_each_move_once(
    store_url: str, greenland: ScenarioIR
) -> None:
    setup = open_store(store_url)
    info, _ = create_table(setup, Session(greenland, seed=5))  # every seat a bot
    setup.close()
    alone = Session(greenland, seed=5)
    alone.run_bots()
    taken: dict[str, int] = {}
    conflicts: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def keep_playing(seat: str) -> None:
        store = open_store(store_url)  # each seat process has its own connection
        try:
            table = Table(Hesitant(store, conflicts), info.id, seat=seat)
            start.wait()
            count = 0
            while not table.session.is_over:
                count += table.run_bots()
                table.sync()
            taken[seat] = count
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [
        threading.Thread(target=keep_playing, args=(seat,)) for seat in (UMPIRE_SEAT, HOST_SEAT)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    store = open_store(store_url)
    try:
        records = store.records(info.id)
        assert [r.seq for r in records] == list(range(len(records)))
        assert [r.payload["action"] for r in records] == actions_of(alone)
        assert sum(taken.values()) == len(records)  # every append counted once, by its winner
        assert conflicts, "the replicas never raced"
        final = Table(store, info.id, seat=OBSERVER_SEAT)
        assert state_digest(final.session.state) == state_digest(alone.state)
    finally:
        store.close()


# -- who may do what --------------------------------------------------------------------------


@pytest.fixture
def seated(
    store: LogStore, greenland: ScenarioIR
) -> tuple[LogStore, str, dict[str, Table]]:
    """Greenland with two human teams and a human umpire, a replica per seat, bots played."""
    info, _ = create_table(store, new_game(greenland, ("president", "denmark"), umpire=True))
    tables = {
        seat: Table(store, info.id, seat=seat)
        for seat in ("president", "denmark", UMPIRE_SEAT, OBSERVER_SEAT)
    }
    umpire = tables[UMPIRE_SEAT]
    for _ in range(200):  # play on (bots, then the umpire's rulings) until the President is due
        umpire.run_bots()
        due = seat_of(umpire)
        if due == "president":
            break
        table = tables[str(due)]
        table.sync()
        table.submit(choose(table.session.legal_actions(), table.session.step_index))
        umpire.sync()
    for table in tables.values():
        table.sync()
    assert seat_of(tables["president"]) == "president"
    return store, info.id, tables


def refused(table: Table, action: Action, reason: str) -> None:
    before = table.store.length(table.table_id)
    assert table.may_submit(action) == reason
    with pytest.raises(IllegalActionError, match=re.escape(reason)):
        table.submit(action)
    assert table.store.length(table.table_id) == before


def test_a_team_acts_only_for_itself(seated: tuple[LogStore, str, dict[str, Table]]) -> None:
    _, _, tables = seated
    president = tables["president"]
    assert seat_of(president) == "president"
    refused(president, Pass("denmark"), "this screen plays president, not denmark")
    refused(president, Pass("russia"), "this screen plays president, not russia")  # a bot
    assert president.may_submit(Pass("president")) is None
    assert tables["denmark"].may_submit(Pass("president")) is not None


@pytest.mark.parametrize("seat", ["president", OBSERVER_SEAT])
def test_only_the_umpire_rules_rewinds_or_keeps_the_clock(
    seated: tuple[LogStore, str, dict[str, Table]], seat: str
) -> None:
    store, table_id, tables = seated
    table = tables[seat]
    umpire_only = (
        "the observer seat watches; it does not act"
        if seat == OBSERVER_SEAT
        else "only the umpire may do that"
    )
    variable = table.session.scenario.variables[0].id
    inject = table.session.scenario.injects[0].id
    for action in (
        Adjust(variable, 50.0, "ruling"),
        Inject(inject, "because"),
        EndPhase("time"),
        Confirm(),
    ):
        refused(table, action, umpire_only)
    before = store.length(table_id)
    tables[UMPIRE_SEAT].set_notes("so far")
    tables[UMPIRE_SEAT].undo()
    table.sync()
    for rewind in (table.undo, table.redo):
        with pytest.raises(IllegalActionError, match="only the umpire may do that"):
            rewind(1)
    with pytest.raises(IllegalActionError):
        table.set_notes("mine")
    with pytest.raises(IllegalActionError):
        table.clock_op("pause")
    assert store.length(table_id) == before + 2


def test_the_observer_never_acts_even_for_a_bot(
    seated: tuple[LogStore, str, dict[str, Table]],
) -> None:
    observer = seated[2][OBSERVER_SEAT]
    refused(observer, Pass("russia"), "the observer seat watches; it does not act")
    refused(observer, Pass("president"), "the observer seat watches; it does not act")


def test_the_umpire_rules_rewinds_and_may_move_a_bot_but_not_a_team(
    seated: tuple[LogStore, str, dict[str, Table]],
) -> None:
    store, table_id, tables = seated
    umpire, president = tables[UMPIRE_SEAT], tables["president"]
    refused(umpire, Pass("president"), "only that team may act for it")
    assert umpire.may_submit(Pass("russia")) is None
    variable = umpire.session.scenario.variables[0].id
    adjust = Adjust(variable, 42.0, "facilitator's ruling")
    assert umpire.may_submit(adjust) is None
    umpire.submit(adjust)
    before = state_digest(umpire.session.state)
    steps = umpire.session.step_index
    assert umpire.undo(1) == 1
    assert umpire.session.step_index == steps - 1
    assert umpire.redo(1) == 1
    assert state_digest(umpire.session.state) == before
    umpire.clock_op("pause")
    president.sync()
    assert state_digest(president.session.state) == before
    assert [r.payload["op"] for r in president.clock] == ["pause"]
    assert president.rewinds == umpire.rewinds == 2
    assert store.length(table_id) == president.position


# -- refusals leave the seat synced -------------------------------------------------------------


def test_a_conflict_leaves_the_seat_synced_and_able_to_decide_again(
    seated: tuple[LogStore, str, dict[str, Table]],
) -> None:
    store, table_id, tables = seated
    president, umpire = tables["president"], tables[UMPIRE_SEAT]
    decided_at = president.position
    umpire.set_notes("the umpire writes while the president decides")
    action = choose(president.session.legal_actions(), president.session.step_index)
    with pytest.raises(Conflict) as conflict:
        president.submit(action)
    assert conflict.value.expected == decided_at
    assert conflict.value.length == decided_at + 1
    assert president.position == store.length(table_id)
    assert president.session.notes == "the umpire writes while the president decides"
    president.submit(action)  # deciding again on the fresh position is accepted
    umpire.sync()
    assert state_digest(umpire.session.state) == state_digest(president.session.state)


def test_an_action_decided_on_an_old_screen_is_refused_before_the_store(
    seated: tuple[LogStore, str, dict[str, Table]],
) -> None:
    store, table_id, tables = seated
    president = tables["president"]
    shown = president.position
    tables[UMPIRE_SEAT].clock_op("extend", 60)
    president.sync()
    action = choose(president.session.legal_actions(), president.session.step_index)
    before = store.length(table_id)
    with pytest.raises(Conflict):
        president.submit(action, at=shown)
    assert store.length(table_id) == before
    president.submit(action, at=president.position)
    assert store.length(table_id) == before + 1


def test_an_illegal_action_writes_nothing(
    seated: tuple[LogStore, str, dict[str, Table]],
) -> None:
    store, table_id, tables = seated
    president = tables["president"]
    bogus = PlayMove("president", "no_such_move")
    assert president.may_submit(bogus) is None  # the seat may; the rules refuse
    reason = president.session.check_legal(bogus)
    assert reason
    with pytest.raises(IllegalActionError, match=re.escape(reason)):
        president.submit(bogus)
    assert store.length(table_id) == president.position


def test_a_seat_is_handed_only_the_events_it_may_see(store: LogStore) -> None:
    """The replica holds the whole game (the rules need it); what it hands a screen passes
    the engine's filter: the Premier's order reveals the President's secret back channel's
    public effects, not the move."""
    from pathlib import Path

    from tests.helpers.secrecy import leaks
    from wargame.engine import seat_events
    from wargame.scenario.loader import load_scenario

    scenario = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "cuba1962.yaml")
    seats = {a.id: Seat(a.id, "bot") for a in scenario.actors}
    seats |= {"president": Seat("president", "human"), "premier": Seat("premier", "human")}
    info, _ = create_table(store, Session(scenario, seed=1, seats=seats))
    president = Table(store, info.id, seat="president")
    premier = Table(store, info.id, seat="premier")
    president.submit(PlayMove("president", "back_channel"))
    premier.sync()
    handed = premier.submit(Pass("premier"))
    everything = premier.session.events_at(premier.session.step_index)
    assert any("back channel" in e.text for e in everything)
    assert handed == seat_events(everything, premier.viewer)
    assert not any("back channel" in e.text for e in handed)
    assert any(e.target == "var:deal" and e.cause == "" for e in handed)
    assert leaks(scenario, premier.viewer, handed) == []
    assert leaks(scenario, premier.viewer, everything) != []
