"""An exercise at a shared table: the evaluator's seat rates, observes and takes answers
down but never acts; the umpire takes a non-player actor over; every replica (and a table
reopened from the store) holds the same records, details and roster."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.engine import Pass, PlayMove
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.session import (
    Answer,
    ExerciseDetails,
    Observation,
    Participant,
    Rating,
    Seat,
    SeatChange,
    Session,
)
from wargame.table import LogStore, Table
from wargame.table.host import seat_title
from wargame.table.records import EVALUATOR_SEAT, OBSERVER_SEAT, UMPIRE_SEAT
from wargame.table.replica import create_table

DRILL = Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml"


@pytest.fixture(scope="module")
def drill() -> ScenarioIR:
    return load_scenario(DRILL)


@pytest.fixture
def tables(store: LogStore, drill: ScenarioIR) -> dict[str, Table]:
    session = Session(
        drill,
        seed=3,
        seats={"cell": Seat("cell", "human", team="Cell")},
        umpire=Seat("umpire", "human"),
    )
    info, codes = create_table(store, session, evaluator=True)
    assert set(codes) == {"cell", UMPIRE_SEAT, OBSERVER_SEAT, EVALUATOR_SEAT}
    return {
        seat: Table(store, info.id, seat=seat)
        for seat in ("cell", UMPIRE_SEAT, OBSERVER_SEAT, EVALUATOR_SEAT)
    }


def test_the_evaluator_records_and_every_replica_sees_it(tables: dict[str, Table]) -> None:
    evaluator, umpire = tables[EVALUATOR_SEAT], tables[UMPIRE_SEAT]
    assert evaluator.seats()[-1] == EVALUATOR_SEAT
    assert "Evaluator" in seat_title(evaluator.session, EVALUATOR_SEAT)
    evaluator.record(Rating("coordination", "M", "Nobody chaired"))
    evaluator.record(Observation("improvement", "No chair", "coordination", "No roster"))
    umpire.record(Answer("m1.q1", discussed=True))
    for table in tables.values():
        table.sync()
        assert [r.by for r in table.session.records] == ["evaluator", "evaluator", "umpire"]
        assert table.session.ratings()["coordination"].body.rating == "M"  # type: ignore[union-attr]
    again = Table(umpire.store, umpire.table_id, seat=OBSERVER_SEAT)
    assert again.session.records == umpire.session.records


@pytest.mark.parametrize(
    ("seat", "body", "why"),
    [
        ("cell", Answer("m1.q1", "us"), "only the umpire and the evaluator record"),
        (OBSERVER_SEAT, Rating("coordination", "P"), "only the umpire and the evaluator record"),
        (EVALUATOR_SEAT, SeatChange("rival", "umpire"), "only the umpire takes an actor over"),
        (UMPIRE_SEAT, Rating("nothing", "P"), "no capability 'nothing'"),
    ],
)
def test_a_seat_records_only_what_it_may_and_a_refusal_writes_nothing(
    tables: dict[str, Table], seat: str, body: object, why: str
) -> None:
    table = tables[seat]
    before = table.store.length(table.table_id)
    with pytest.raises(IllegalActionError, match=why):
        table.record(body)  # type: ignore[arg-type]
    assert table.store.length(table.table_id) == before


def test_the_evaluator_never_acts(tables: dict[str, Table]) -> None:
    evaluator = tables[EVALUATOR_SEAT]
    for action in (Pass("cell"), Pass("rival"), PlayMove("rival", "light")):
        with pytest.raises(IllegalActionError, match="the evaluator rates and observes"):
            evaluator.submit(action)


def test_the_umpire_plays_a_non_player_actor_by_hand_on_every_replica(
    tables: dict[str, Table],
) -> None:
    umpire, cell = tables[UMPIRE_SEAT], tables["cell"]
    umpire.record(SeatChange("rival", "umpire"))
    rival = umpire.session.scenario.names.actors["rival"]
    for _ in range(20):
        umpire.run_bots()
        cell.sync()
        if umpire.session.to_act == rival:
            break
        due = umpire.session.to_act
        actor = cell if due == umpire.session.scenario.names.actors["cell"] else umpire
        actor.sync()
        actor.submit(actor.session.legal_actions()[0])
        umpire.sync()
    assert umpire.session.to_act == rival and not umpire.bots_to_act()
    assert cell.session.seats["rival"].by_umpire
    with pytest.raises(IllegalActionError):
        cell.submit(PlayMove("rival", "light"))
    umpire.submit(PlayMove("rival", "lie_low"))
    assert umpire.session.log[-1].by == "umpire"
    umpire.record(SeatChange("rival", "bot", "weighted"))
    cell.sync()
    assert cell.session.seats["rival"] == Seat("rival", "bot", "", "weighted")


def test_the_umpire_amends_the_details_and_roster_for_every_screen(
    tables: dict[str, Table],
) -> None:
    details = ExerciseDetails(date="7 Dec", location="Room 4")
    roster = (Participant("Ana", "cell", "Chair"),)
    with pytest.raises(IllegalActionError):
        tables[EVALUATOR_SEAT].set_exercise(details, roster)
    tables[UMPIRE_SEAT].set_exercise(details, roster)
    observer = tables[OBSERVER_SEAT]
    observer.sync()
    assert (observer.session.details, observer.session.roster) == (details, roster)
