"""The exercise's part of the after-action report (AAR/IP), for the facilitator's copy.

A discussion-based exercise is reported the way HSEEP and CISA's exercise packages lay an
AAR/IP out: the exercise's details and who took part; each exercise objective with the
capabilities that test it, their P/S/M/U ratings and the expected actions as the log
tells them; the evaluators' observations (strengths, areas for improvement with root
cause and recommendation); the improvement plan to fill in (owner, due date); and the
room's answers to the questions, module by module, with the facilitator's notes labelled
as notes. Everything comes from the session: the scenario's `exercise:` block and modules,
and the records made during play (`wargame.session.records`).
"""

from __future__ import annotations

from collections.abc import Mapping

from wargame.report.model import Block, Bullets, Paragraph, Section, Table
from wargame.scenario.ir import ModuleIR, QuestionIR, ScenarioIR
from wargame.session import ExpectedCheck, Session, check_expected
from wargame.session.records import RATING_WORDS, Answer, Observation, Rating, SessionRecord

__all__ = ["exercise_sections", "is_exercise", "missed"]


def is_exercise(scenario: ScenarioIR) -> bool:
    """Whether the scenario has an exercise's parts the report sets out."""
    return scenario.exercise is not None or bool(scenario.modules) or bool(scenario.questions())


def missed(session: Session, check: ExpectedCheck) -> bool:
    """Whether an expected action counts against the teams: done late, or not done once its
    deadline has passed (or the game is over). One not yet due is nobody's failure yet."""
    if check.status == "late":
        return True
    if check.status != "not done":
        return False
    due = check.by_turn
    return session.is_over or (due is not None and session.state.turn > due)


def exercise_sections(session: Session) -> tuple[Section, ...]:
    """The exercise's sections, in the order of an AAR/IP (none for a plain game)."""
    if not is_exercise(session.scenario):
        return ()
    sections = [_details(session)]
    if session.scenario.exercise is not None:
        sections += [
            _evaluation(session),
            _observations(session),
            _improvement_plan(session),
        ]
    sections.append(_questions(session))
    return tuple(sections)


def _details(session: Session) -> Section:
    scenario, details = session.scenario, session.details
    exercise = scenario.exercise
    rows: list[tuple[str, str]] = [("Exercise name", scenario.title)]
    if exercise is not None:
        rows += [
            ("Type", exercise.kind),
            ("Sponsor", details.sponsor or exercise.sponsor),
            ("Scope", exercise.scope),
            ("Mission areas", ", ".join(exercise.mission_areas)),
            ("Threat or hazard", exercise.threat),
        ]
    elif details.sponsor:
        rows.append(("Sponsor", details.sponsor))
    poc = details.point_of_contact or (exercise.point_of_contact if exercise else "")
    rows += [
        ("Date", details.date or "(to fill in)"),
        ("Location", details.location or "(to fill in)"),
        ("Point of contact", poc or "(to fill in)"),
    ]
    if details.handling:
        rows.insert(0, ("Handling", details.handling))
    blocks: list[Block] = [
        Table(("Item", "Details"), tuple((k, v) for k, v in rows if v), caption="Exercise details")
    ]
    if session.roster:
        names = {a.id: a.name for a in scenario.actors}
        people = tuple(
            (p.name, names.get(p.team, p.team.title()), p.role, p.organisation)
            for p in session.roster
        )
        blocks.append(
            Table(("Name", "Team", "Role", "Organisation"), people, caption="Participants")
        )
    else:
        blocks.append(Paragraph("No participants were listed at setup."))
    return Section("exercise", "Exercise overview", tuple(blocks))


def _evaluation(session: Session) -> Section:
    exercise = session.scenario.exercise
    assert exercise is not None
    ratings = session.ratings()
    checks = check_expected(session)
    subsections: list[Section] = []
    for objective in exercise.objectives:
        blocks: list[Block] = []
        for capability_id in objective.capabilities:
            capability = exercise.capability(capability_id)
            record = ratings.get(capability_id)
            rating = record.body if record is not None else None
            if isinstance(rating, Rating):
                said = f"{rating.rating}: {RATING_WORDS[rating.rating]}"
                if rating.observation:
                    said += f". {rating.observation}"
            else:
                said = "Not rated."
            blocks.append(Paragraph(f"{capability.name}: {said}"))
            rows = tuple(
                (
                    check.text,
                    f"turn {check.by_turn}" if check.by_turn is not None else "",
                    check.status + (f" (turn {check.turn})" if check.turn else ""),
                )
                for check in checks
                if check.capability == capability_id
            )
            if rows:
                blocks.append(
                    Table(
                        ("Expected action", "By", "What the log shows"),
                        rows,
                        caption=f"Expected actions: {capability.name}",
                    )
                )
        subsections.append(Section(f"objective-{objective.id}", objective.text, tuple(blocks)))
    summary = Table(
        ("Capability", "Rating"),
        tuple(
            (c.name, _rating_cell(ratings.get(c.id).body if c.id in ratings else None))  # type: ignore[union-attr]
            for c in exercise.capabilities
        ),
        caption="Ratings: P performed without challenges, S with some challenges, "
        "M with major challenges, U unable to be performed",
    )
    return Section(
        "evaluation", "Exercise objectives and capabilities", (summary,), tuple(subsections)
    )


def _rating_cell(body: object) -> str:
    return body.rating if isinstance(body, Rating) else "not rated"


def _observations(session: Session) -> Section:
    names = {}
    if session.scenario.exercise is not None:
        names = {c.id: c.name for c in session.scenario.exercise.capabilities}
    seen = [r.body for r in session.records if isinstance(r.body, Observation)]
    blocks: list[Block] = []
    for kind, heading in (("strength", "Strengths"), ("improvement", "Areas for improvement")):
        rows = tuple(
            (names.get(o.capability, "The exercise"), o.text, o.root_cause, o.recommendation)
            for o in seen
            if o.kind == kind
        )
        if rows:
            blocks.append(
                Table(
                    ("Capability", "Observation", "Root cause", "Recommendation"),
                    rows,
                    caption=heading,
                )
            )
        else:
            blocks.append(Paragraph(f"{heading}: none recorded."))
    return Section("observations", "Analysis of capabilities: observations", tuple(blocks))


def _improvement_plan(session: Session) -> Section:
    """One row per area for improvement: the evaluators' observations first (with their
    recommendation), then each expected action the teams took late or not at all; the
    owner and due date to fill in."""
    names = {}
    if session.scenario.exercise is not None:
        names = {c.id: c.name for c in session.scenario.exercise.capabilities}
    rows = [
        (names.get(o.capability, "The exercise as a whole"), o.text, o.recommendation, "", "", "")
        for r in session.records
        if isinstance(o := r.body, Observation) and o.kind == "improvement"
    ]
    for check in check_expected(session):
        if missed(session, check):
            issue = f"Expected action {check.status}: {check.text}"
            rows.append((names.get(check.capability, ""), issue, "", "", "", ""))
    if not rows:
        rows = [("", "", "", "", "", "")] * 3
    return Section(
        "improvement-plan",
        "Improvement plan",
        (
            Table(
                (
                    "Capability",
                    "Issue / area for improvement",
                    "Corrective action",
                    "Organisation",
                    "Owner",
                    "Due date",
                ),
                tuple(rows),
                caption="To fill in after the exercise: who does what by when",
                style="form",
            ),
        ),
    )


def _questions(session: Session) -> Section:
    scenario = session.scenario
    answers = session.answers()
    subsections: list[Section] = []
    for module in (*scenario.modules, None):
        blocks = _module_questions(scenario, module, answers)
        if blocks:
            title = module.title if module is not None else "Outside the modules"
            key = module.id if module is not None else "none"
            subsections.append(Section(f"questions-{key}", title, tuple(blocks)))
    return Section(
        "exercise-questions",
        "Discussion questions and the room's answers",
        () if subsections else (Paragraph("The exercise has no discussion questions."),),
        tuple(subsections),
    )


def _module_questions(
    scenario: ScenarioIR, module: ModuleIR | None, answers: Mapping[str, SessionRecord]
) -> list[Block]:
    index = None if module is None else module.index
    questions: list[QuestionIR] = []
    notes: list[str] = []
    if module is not None and module.notes:
        notes.append(f"{module.title}: {module.notes}")
    for inject in scenario.injects:
        if inject.module == index:
            questions += inject.questions
            if inject.notes:
                notes.append(f"{inject.label}: {inject.notes}")
    if module is not None:
        questions += module.questions
    blocks: list[Block] = []
    if module is not None and module.objectives:
        blocks.append(Bullets(module.objectives))
    if questions:
        rows = tuple((q.text, _answer_text(answers.get(q.id))) for q in questions)
        blocks.append(Table(("Question", "The room's answer"), rows))
    if notes:
        blocks.append(Paragraph("Facilitator's notes (not shown to players):"))
        blocks.append(Bullets(tuple(notes)))
    return blocks


def _answer_text(record: SessionRecord | None) -> str:
    body = record.body if record is not None else None
    if not isinstance(body, Answer):
        return "(no answer recorded)"
    if body.text.strip():
        return body.text + (" (discussed)" if body.discussed else "")
    return "Discussed (nothing taken down)."
