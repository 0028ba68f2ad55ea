"""The projector board's data: who decides, the news, the results, an exercise's module
and its questions, as the room (the observer) may see them, and never more."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.secrecy import assert_no_leaks
from tests.helpers.secret_games import secret_scenarios
from wargame.engine import OBSERVER
from wargame.play import GameFlow
from wargame.play.projector import BoardView, board_view
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import IDENTITY
from wargame.session import Seat, Session

DRILL = load_scenario(Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml")


def board_texts(board: BoardView) -> list[str]:
    """Every text the board shows."""
    texts = [board.title, board.deciding, board.deciding_note, board.phase, board.date]
    for day in board.calendar:
        texts += [day.label, *day.deadlines]
    for gauge in board.gauges:
        texts += [gauge.label, gauge.note, f"{gauge.value:g}"]
    texts += [*board.warnings, board.headline, board.headline_text, *board.results]
    texts += [board.ending, board.module, board.module_place]
    texts += [*board.module_questions, *board.headline_questions]
    return [text for text in texts if text]


def _drill(seed: int = 2) -> Session:
    return Session(
        DRILL,
        seed=seed,
        seats={"cell": Seat("cell", "human", team="Cell"), "rival": Seat("rival", "bot")},
        umpire=Seat("umpire", "human"),
    )


def test_the_board_shows_the_module_under_way_and_its_questions_never_a_note() -> None:
    session = _drill()
    session.run_bots()
    board = board_view(session, IDENTITY)
    assert (board.module, board.module_place) == ("Module 1: Smoke", "Module 1 of 2")
    assert board.module_questions == ("Who leads?", "What do you know?")
    # The smoke inject asks a question of its own, with the news.
    assert board.headline == "Smoke"
    assert board.headline_questions == ("Who calls whom?",)
    text = " ".join(board_texts(board))
    for secret in ("Facts apart from guesses", "Let them find a lead", "Listen for the call"):
        assert secret not in text
    assert DRILL.umpire_briefing not in text


def test_the_board_turns_to_the_next_module_and_its_questions() -> None:
    session = _drill()
    seen: list[tuple[str, tuple[str, ...]]] = []
    for _ in range(200):
        session.run_bots()
        board = board_view(session, IDENTITY)
        if not seen or seen[-1] != (board.module, board.module_questions):
            seen.append((board.module, board.module_questions))
        if session.is_over:
            break
        session.submit(session.legal_actions()[0], by="test")
    assert seen[0][0] == "Module 1: Smoke"
    assert ("Module 2: Fire", ("Who tells the public?",)) in seen


def test_the_board_says_who_decides_and_keeps_the_newest_results() -> None:
    session = _drill()
    session.run_bots()
    board = board_view(session, IDENTITY)
    assert board.deciding == "Crisis Cell" and board.deciding_note == ""
    session.submit(session.legal_actions()[0], by="test")
    session.run_bots()
    after = board_view(session, IDENTITY)
    assert any("Crisis Cell" in line for line in after.results)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=secret_scenarios(), seed=st.integers(0, 10**6), data=st.data())
def test_random_secret_games_show_the_room_nothing_it_may_not_see(
    scenario: ScenarioIR, seed: int, data: st.DataObject
) -> None:
    """Random scenarios full of secrets (hidden values and flags, secret moves, news for
    some, the facilitator's notes, question guides, the umpire's briefing), every seat
    human: at every step of the game the board gives none of it away to the room."""
    session = Session(
        scenario,
        seed=seed,
        seats={a.id: Seat(a.id, "human", team=a.name) for a in scenario.actors},
    )
    flow = GameFlow(session, IDENTITY, seat=OBSERVER)
    picks = iter(data.draw(st.lists(st.integers(0, 99), min_size=300, max_size=300)))
    shown: list[str] = []
    for _ in range(300):
        shown += board_texts(flow.board())
        if session.is_over:
            break
        actions = session.legal_actions()
        session.submit(actions[next(picks) % len(actions)], by="test")
    assert session.is_over
    states = [session.state_at(i) for i in range(session.step_index + 1)]
    assert_no_leaks(scenario, OBSERVER, shown, states)
