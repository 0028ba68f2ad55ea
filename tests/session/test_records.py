"""The facilitator's and evaluators' records: answers per question, capability ratings,
observations, the umpire taking a non-player actor over; and the exercise's details and
roster; all kept by undo, fork, save and load, and checked when read from a save."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wargame.engine import Pass, PlayMove
from wargame.errors import IllegalActionError, SaveFormatError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text
from wargame.session import (
    Answer,
    ExerciseDetails,
    Observation,
    Participant,
    Rating,
    Seat,
    SeatChange,
    Session,
    check_expected,
    load_session,
    save_session,
    session_from_dict,
    session_to_dict,
)

DRILL = Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml"


@pytest.fixture(scope="module")
def drill() -> ScenarioIR:
    return load_scenario(DRILL)


def exercise(scenario: ScenarioIR, *, umpire: str = "human") -> Session:
    """The drill with the cell played by people, the arsonist by a bot, and an umpire."""
    session = Session(
        scenario,
        seed=5,
        seats={"cell": Seat("cell", "human", team="Cell")},
        umpire=Seat("umpire", umpire, policy="accept"),  # type: ignore[arg-type]
        details=ExerciseDetails(date="7 Dec 2026", location="Room 4", handling="Exercise only"),
        roster=(Participant("Ana", "cell", "Chair", "Ministry"), Participant("Bo", "umpire")),
    )
    session.run_bots()
    return session


def test_answers_ratings_and_observations_are_recorded_where_the_game_stands(
    drill: ScenarioIR,
) -> None:
    session = exercise(drill)
    session.submit(PlayMove("cell", "convene"))
    first = session.record(Answer("m1.q1", "The minister's adviser"))
    assert (first.at, first.turn, first.by) == (session.step_index, session.state.turn, "umpire")
    session.record(Answer("smoke.q1", discussed=True), by="evaluator")
    session.record(Answer("m1.q1", "The chief of staff, on second thought"))
    session.record(Rating("coordination", "S", "Convened late"), by="evaluator")
    session.record(Observation("strength", "Clear chair", "coordination", "", "Keep the roster"))
    answers = session.answers()
    assert answers["m1.q1"].body == Answer("m1.q1", "The chief of staff, on second thought")
    assert answers["smoke.q1"].body == Answer("smoke.q1", "", True)
    assert answers["smoke.q1"].by == "evaluator"
    assert session.ratings()["coordination"].body == Rating("coordination", "S", "Convened late")
    assert len(session.records) == 5


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (Answer("m9.q1", "x"), "no discussion question 'm9.q1'"),
        (Answer("m1.q1", "   "), "needs its text, or to be marked discussed"),
        (Rating("logistics", "P"), "no capability 'logistics'"),
        (Observation("strength", " "), "an observation needs its text"),
        (Observation("improvement", "slow", "logistics"), "no capability 'logistics'"),
        (SeatChange("cell", "umpire"), "played by a team"),
        (SeatChange("nobody", "umpire"), "no actor 'nobody'"),
        (SeatChange("rival", "bot", "clever"), "'clever' is not a bot policy"),
    ],
)
def test_a_record_naming_what_the_scenario_lacks_is_refused_and_changes_nothing(
    drill: ScenarioIR, body: object, why: str
) -> None:
    session = exercise(drill)
    seats = dict(session.seats)
    with pytest.raises(IllegalActionError, match=why):
        session.record(body)  # type: ignore[arg-type]
    assert session.records == () and session.seats == seats


def test_the_umpire_takes_a_non_player_actor_by_hand_and_hands_it_back(
    drill: ScenarioIR,
) -> None:
    session = exercise(drill)
    rival = drill.names.actors["rival"]
    taken = session.take_over("rival")
    assert session.seats["rival"].by_umpire and taken.body == SeatChange("rival", "umpire")
    session.submit(PlayMove("cell", "warn"))
    for _ in range(20):  # the bots stop where the umpire plays the arsonist
        session.run_bots()
        if session.to_act == rival or session.is_over:
            break
        session.submit(session.legal_actions()[0], by="team:Cell")
    assert session.to_act == rival, "the arsonist never came to act"
    assert session.run_bots() == 0
    session.submit(PlayMove("rival", "lie_low"), by="umpire")
    assert session.log[-1].by == "umpire"
    session.hand_back("rival")
    assert session.seats["rival"] == Seat("rival", "bot", "", "random")
    assert [type(r.body) for r in session.records] == [SeatChange, SeatChange]


def test_only_a_game_with_a_human_umpire_lets_the_umpire_take_an_actor(
    drill: ScenarioIR,
) -> None:
    session = exercise(drill, umpire="bot")
    with pytest.raises(IllegalActionError, match="human umpire"):
        session.take_over("rival")


def test_records_details_and_roster_survive_save_load_and_fork(
    drill: ScenarioIR, tmp_path: Path
) -> None:
    session = exercise(drill)
    session.discussion = True
    session.record(Answer("m1.q1", "Ana\nwith the adviser"))
    session.take_over("rival")
    session.submit(PlayMove("cell", "convene"))
    session.record(Rating("coordination", "P"), by="evaluator")
    path = save_session(session, tmp_path / "drill")
    loaded = load_session(path)
    assert loaded.records == session.records
    assert (loaded.details, loaded.roster) == (session.details, session.roster)
    assert loaded.in_discussion and loaded.seats["rival"].by_umpire
    child = session.fork(session.records[-1].at - 1)
    assert [r.body for r in child.records] == [r.body for r in session.records[:2]]
    assert (child.details, child.roster) == (session.details, session.roster)


def test_a_save_without_exercise_parts_reads_as_before(drill: ScenarioIR) -> None:
    session = Session(drill, seed=1)
    document = session_to_dict(session)
    assert not {"discussion", "details", "roster", "records"} & set(document)
    loaded = session_from_dict(document)
    assert loaded.records == () and loaded.details.empty and loaded.roster == ()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["records"][0].update(question="nope"), "does not belong to this game"),
        (lambda d: d["records"][1].update(rating="Q"), "rating must be one of P, S, M, U"),
        (lambda d: d["records"][1].update(at=10_000), "after the last action of the log"),
        (lambda d: d["records"][0].update(type="vote"), "unknown record type 'vote'"),
        (lambda d: d["records"][0].update(text="a\x00b"), "control character"),
        (lambda d: d["records"][0].update(discussed="yes"), "must be true or false"),
        (lambda d: d.update(roster=[{"team": "cell"}]), "roster[0] needs a name"),
        (lambda d: d.update(details={"venue": "me"}), "unknown keys: venue"),
        (lambda d: d.update(records={}), "records must be a list"),
    ],
)
def test_a_save_with_bad_records_is_refused_naming_the_field(
    drill: ScenarioIR, change: object, problem: str
) -> None:
    session = exercise(drill)
    session.record(Answer("m1.q1", "Ana"))
    session.record(Rating("coordination", "M"))
    document = json.loads(json.dumps(session_to_dict(session)))
    change(document)  # type: ignore[operator]
    with pytest.raises(SaveFormatError, match=re.escape(problem)):
        session_from_dict(document, name="drill.wgsave.json")


# -- expected actions, checked from the log ---------------------------------------------------


def test_expected_actions_are_checked_from_the_log_for_the_teams_only(drill: ScenarioIR) -> None:
    session = exercise(drill)
    assert [c.status for c in check_expected(session)] == [
        "not done",
        "not done",
        "not done",
        "for the evaluator",
    ]
    session.submit(PlayMove("cell", "warn"), by="team:Cell")  # turn 1: warned, not convened
    for _ in range(20):  # on to turn 2, the cell passing
        session.run_bots()
        if session.state.turn == 2 and session.to_act == drill.names.actors["cell"]:
            break
        session.submit(Pass("cell"), by="team:Cell")
    session.submit(PlayMove("cell", "convene"), by="team:Cell")
    convene, flag, warn, spokesperson = check_expected(session)
    assert (convene.status, convene.turn, convene.by_turn, convene.by) == (
        "late",
        2,
        1,
        "team:Cell",
    )
    assert (flag.status, flag.turn) == ("on time", 2)  # by turn 2
    assert (warn.status, warn.turn, warn.capability) == ("on time", 1, "information")
    assert (spokesperson.status, spokesperson.text) == ("for the evaluator", "Name a spokesperson")


def test_a_move_a_bot_or_the_umpire_plays_and_a_flag_true_from_the_start_earn_nothing(
    drill: ScenarioIR,
) -> None:
    robots = Session(drill, seed=1, umpire=Seat("umpire", "human"))  # no team plays the cell
    robots.run_bots()
    assert any(isinstance(e.action, PlayMove) and e.action.move == "convene" for e in robots.log)
    assert check_expected(robots)[0].status == "not done"
    started = load_text(
        DRILL.read_text(encoding="utf-8").replace("  convened: {}", "  convened: {start: true}"),
        "drill.yaml",
    )
    assert check_expected(Session(started, seed=1))[1].status == "at the start"
