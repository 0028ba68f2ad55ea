"""The exercise's part of the after-action report: details and roster, objectives with
capability ratings and expected actions read from the log, observations, the improvement
plan to fill in, and the room's answers module by module, in the facilitator's copy only."""

from __future__ import annotations

from pathlib import Path

from wargame.engine import PlayMove
from wargame.report.from_session import session_report
from wargame.report.markdown import render_markdown
from wargame.report.model import Paragraph, Section, Table
from wargame.scenario.loader import load_scenario
from wargame.session import (
    Answer,
    ExerciseDetails,
    Observation,
    Participant,
    Rating,
    Seat,
    Session,
)

DRILL = load_scenario(Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml")


def played() -> Session:
    session = Session(
        DRILL,
        seed=4,
        seats={"cell": Seat("cell", "human", team="Cell"), "rival": Seat("rival", "bot")},
        umpire=Seat("umpire", "human"),
        details=ExerciseDetails(date="7 December 2026", location="Room 4", handling="Exercise"),
        roster=(Participant("Ana Berg", "cell", "Chair", "Ministry"), Participant("Bo", "umpire")),
    )
    session.run_bots()
    session.submit(PlayMove("cell", "convene"), by="team:Cell")
    session.record(Answer("m1.q1", "The minister's adviser chairs."))
    session.record(Answer("smoke.q1", discussed=True))
    session.record(Rating("coordination", "S", "Convened on time, roles unclear"), by="evaluator")
    session.record(Observation("strength", "Fast convening", "coordination"), by="evaluator")
    session.record(
        Observation("improvement", "No spokesperson", "information", "No plan", "Write one"),
        by="evaluator",
    )
    session.run_bots()
    return session


def text_of(section: Section) -> str:
    parts: list[str] = [section.heading]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts += [block.caption, *(" | ".join(row) for row in block.rows)]
    for sub in section.subsections:
        parts.append(text_of(sub))
    return "\n".join(parts)


def test_the_facilitators_report_sets_the_exercise_out_as_an_aar_ip() -> None:
    report = session_report(played())
    ids = [s.id for s in report.sections]
    assert ids[1:6] == [
        "exercise",
        "evaluation",
        "observations",
        "improvement-plan",
        "exercise-questions",
    ]
    cover = text_of(report.section("exercise"))
    assert "The ministry" in cover and "7 December 2026" in cover
    assert "Ana Berg | Crisis Cell | Chair" in cover
    evaluation = text_of(report.section("evaluation"))
    assert "Operational Coordination | S" in evaluation
    assert "Public Information and Warning | not rated" in evaluation
    assert "Convene the cell | turn 1 | on time (turn 1)" in evaluation
    assert "Name a spokesperson |  | for the evaluator" in evaluation
    observations = text_of(report.section("observations"))
    assert "Public Information and Warning | No spokesperson | No plan | Write one" in observations
    plan = report.section("improvement-plan").blocks[0]
    assert isinstance(plan, Table) and plan.style == "form"
    information = "Public Information and Warning"
    assert plan.rows == ((information, "No spokesperson", "Write one", "", "", ""),)
    questions = text_of(report.section("exercise-questions"))
    assert "Who leads? | The minister's adviser chairs." in questions
    assert "Who calls whom? | Discussed (nothing taken down)." in questions
    assert "What do you know? | (no answer recorded)" in questions
    assert "Facilitator's notes (not shown to players)" in questions
    markdown, _ = render_markdown(report, "charts", lambda chart: b"")
    assert "Improvement plan" in markdown and "Who leads?" in markdown


def test_a_seats_copy_has_no_exercise_evaluation_nor_notes() -> None:
    session = played()
    copy = session_report(session, viewer=DRILL.names.actors["cell"])
    ids = {s.id for s in copy.sections}
    assert not ids & {"exercise", "evaluation", "observations", "improvement-plan"}
    assert "Let them find a lead" not in repr(copy)
