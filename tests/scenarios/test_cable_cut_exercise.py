"""The shipped exercise, Cable Cut in the Baltic, played end to end through the session and
the game flow: every module opens and closes with its questions, every note that applies
reaches the facilitator at the moment it applies (at once on the umpire's screen, behind the
curtain at a hot-seat screen), the cell's screen and the projector never get one, the room's
answers and the ratings are recorded, and the expected actions are checked from the log.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tests.play.test_exercise_flow import notes_due
from tests.play.test_flow import play
from tests.scenarios.shipped import shipped
from wargame.engine import OBSERVER, UMPIRE, Pass, PlayMove
from wargame.play import (
    GameFlow,
    ModuleOpening,
    News,
    Presentation,
    QuestionsDue,
    UmpireNote,
    Viewer,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.masking import IDENTITY
from wargame.session import Answer, Rating, Seat, Session, check_expected

GOOD_LINE: Mapping[int, tuple[str, ...]] = {
    1: ("convene_cell", "engage_operators", "track_vessel", "public_statement"),
    2: ("designate_lead", "backup_links", "survey_breaks", "public_statement"),
    3: ("brief_partners", "prioritise_services", "raise_alert"),
    4: ("contract_repair", "order_to_port"),
    5: ("rebut_video",),
    6: ("rebut_video",),
}
"""What a cell that does what the exercise expects plays, turn by turn (one move a phase)."""


@pytest.fixture(scope="module")
def cable_cut() -> ScenarioIR:
    return shipped("cable_cut")


def new_session(scenario: ScenarioIR, seed: int = 12) -> Session:
    """The cell played by people, partners and the hostile state by the author's weights,
    and the facilitator as a human umpire. On seed 12 the weather lets the survey through and
    the tanker is still there to be ordered to anchor (on others she slips away first)."""
    return Session(
        scenario,
        seed=seed,
        seats={
            "cell": Seat("cell", "human", team="Crisis cell"),
            "partners": Seat("partners", "bot", policy="weighted"),
            "hostile": Seat("hostile", "bot", policy="weighted"),
        },
        umpire=Seat("umpire", "human"),
    )


def good_line(session: Session) -> int:
    """The index of the cell's scripted move among the legal actions (its pass when none of
    this turn's moves belongs to the phase); the umpire confirms."""
    actions = session.legal_actions()
    turn = session.state.turn
    for move in GOOD_LINE.get(turn, ()):
        for index, action in enumerate(actions):
            if action == PlayMove("cell", move):
                return index
    for index, action in enumerate(actions):
        if isinstance(action, Pass):
            return index
    return 0


def game(scenario: ScenarioIR, seat: Viewer | None) -> tuple[Session, list[list[Presentation]]]:
    session = new_session(scenario)
    flow = GameFlow(session, IDENTITY, seat=seat)
    batches = [items for _, items in play(flow, good_line, 400)]
    return session, batches


def test_the_facilitator_gets_every_note_at_the_moment_it_applies(cable_cut: ScenarioIR) -> None:
    session, batches = game(cable_cut, UMPIRE)
    assert session.is_over
    shown = [item for batch in batches for item in batch]
    notes = [i.title for i in shown if isinstance(i, UmpireNote) and (i.text or not i.guides)]
    assert sorted(notes) == notes_due(session)
    for module in cable_cut.modules:
        assert f"Facilitator's notes: {module.title}" in notes
    assert not any(n.curtain for n in shown if isinstance(n, UmpireNote))
    # Each note comes in the same batch as what it is about: the module's opening, the news.
    for batch in batches:
        opened = {i.title for i in batch if isinstance(i, ModuleOpening)}
        news = {f.headline for i in batch if isinstance(i, News) for f in i.flashes}
        for note in (i for i in batch if isinstance(i, UmpireNote) and i.text):
            subject = note.title.split(": ", 1)[-1]
            if note.title.startswith("Facilitator's notes: "):
                assert subject in opened, note.title
            elif note.title.startswith("Facilitator's note: "):
                assert subject in news, note.title


def test_every_module_opens_and_closes_with_its_questions(cable_cut: ScenarioIR) -> None:
    session, batches = game(cable_cut, UMPIRE)
    shown = [item for batch in batches for item in batch]
    assert [i.module for i in shown if isinstance(i, ModuleOpening)] == [
        "detection",
        "cascade_module",
        "recovery",
    ]
    asked = [q.id for i in shown if isinstance(i, QuestionsDue) for q in i.questions]
    fired = {e.target for e in session.all_events() if e.kind == "inject"}
    expected = [
        q.id
        for inject in cable_cut.injects
        if inject.id in fired
        for q in inject.questions
    ] + [q.id for module in cable_cut.modules for q in module.questions]
    assert sorted(asked) == sorted(expected)
    assert len(asked) == len(set(asked)), "a question asked twice"
    guides = {q.id: q.guide for i in shown if isinstance(i, QuestionsDue) for q in i.questions}
    assert guides["outage.known"].startswith("Two faults")


@pytest.mark.parametrize("seat", ["cell", OBSERVER])
def test_the_cell_and_the_projector_never_see_a_note_or_a_guide(
    cable_cut: ScenarioIR, seat: str
) -> None:
    viewer = cable_cut.names.actors[seat] if seat == "cell" else OBSERVER
    _, batches = game(cable_cut, viewer)
    shown = [item for batch in batches for item in batch]
    assert not any(isinstance(i, UmpireNote) for i in shown)
    asked = [i for i in shown if isinstance(i, QuestionsDue | ModuleOpening)]
    questions = [q for item in asked for q in item.questions]
    assert questions and not any(q.guide for q in questions)
    text = repr(shown)
    assert "Stellar Wake" in text  # the news reaches them
    for note in (cable_cut.umpire_briefing, *(i.notes for i in cable_cut.injects if i.notes)):
        assert note[:60] not in text


def test_a_hot_seat_screen_curtains_every_note(cable_cut: ScenarioIR) -> None:
    session, batches = game(cable_cut, None)
    notes = [i for batch in batches for i in batch if isinstance(i, UmpireNote)]
    assert notes and all(n.curtain for n in notes)
    assert sorted(n.title for n in notes if n.text or not n.guides) == notes_due(session)


def test_the_good_line_meets_every_checked_expected_action_on_time(cable_cut: ScenarioIR) -> None:
    session, _ = game(cable_cut, UMPIRE)
    checks = check_expected(session)
    exercise = cable_cut.exercise
    assert exercise is not None
    checked = [c for c in checks if c.status != "for the evaluator"]
    assert len(checks) == sum(len(c.expected) for c in exercise.capabilities)
    assert {c.status for c in checked} == {"on time"}, [c for c in checked if c.status != "on time"]
    judged = {c.text for c in checks if c.status == "for the evaluator"}
    assert judged == {
        "Keep facts apart from assumptions in the cell's log",
        "Attribute in public only on agreed evidence",
    }


def test_a_passive_cell_misses_the_expected_actions(cable_cut: ScenarioIR) -> None:
    session = new_session(cable_cut)
    flow = GameFlow(session, IDENTITY, seat=UMPIRE)
    play(flow, lambda s: next(i for i, a in enumerate(s.legal_actions()) if isinstance(a, Pass)))
    statuses = {c.text: c.status for c in check_expected(session)}
    assert statuses["Convene the crisis cell"] == "not done"
    assert statuses["Rebut the fabricated video"] == "not done"


def test_the_room_answers_and_ratings_are_kept_for_the_report(cable_cut: ScenarioIR) -> None:
    session, batches = game(cable_cut, UMPIRE)
    due = [i for batch in batches for i in batch if isinstance(i, QuestionsDue)]
    questions = [q.id for item in due for q in item.questions]
    for number, question in enumerate(questions):
        if number % 2:
            session.record(Answer(question, discussed=True))
        else:
            session.record(Answer(question, f"answer {number}"))
    exercise = cable_cut.exercise
    assert exercise is not None
    for capability, code in zip(exercise.capabilities, "PSMUPS", strict=True):
        session.record(Rating(capability.id, code, "seen"), by="evaluator")  # type: ignore[arg-type]
    assert set(session.answers()) == set(questions)
    assert {c: r.body.rating for c, r in session.ratings().items()} == {  # type: ignore[union-attr]
        c.id: code for c, code in zip(exercise.capabilities, "PSMUPS", strict=True)
    }


def test_in_discussion_mode_every_move_has_a_number_key_of_one_digit(
    cable_cut: ScenarioIR,
) -> None:
    """The cell plays four phases a turn, each with its own moves: a move keeps its number
    within its phase, so the fifteen moves never run past 9 (a key 12 cannot be pressed),
    and Pass is 0, as in every list (6725b11)."""
    session = new_session(cable_cut)
    assert session.in_discussion
    flow = GameFlow(session, IDENTITY, seat=cable_cut.names.actors["cell"])
    keys: dict[tuple[int, str], int] = {}
    for _ in range(400):
        if flow.bots_to_act:
            session.run_bots()
        flow.after_steps(0)
        if session.is_over:
            break
        view = flow.table()
        for option in view.moves:
            is_pass = option.label == "Pass"
            assert (option.key == 0) if is_pass else (1 <= option.key <= 9), (
                option.label,
                option.key,
            )
            assert keys.setdefault((session.state.phase, option.label), option.key) == option.key
        actions = session.legal_actions()
        session.submit(actions[good_line(session)], by="test")
    assert session.is_over and len(keys) > 9
