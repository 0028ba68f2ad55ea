"""The facilitator's and evaluator's exercise records from the keyboard: the room's answer
to a question (`A`), a capability's rating with why (`R`), an observation (`O`), the
exercise's details and roster (`X`, and `x` at setup).

Both reuse the pick-then-type dialog of the facilitator's controls: pick the question (or
the capability and its rating), then type the answer (empty: marked discussed) or why.
The record goes through the app's facilitator: into the session at a hot-seat screen, into
the table's log at a shared table (`wargame.session.records`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wargame.play import IDENTITY, Masker, ScenarioIR
from wargame.play.roster import roster_from_text, roster_to_text
from wargame.session import RATINGS, Answer, Observation, Rating
from wargame.session.records import RATING_WORDS, ExerciseDetails, Participant
from wargame.tui.screens.dialogs import ChoiceDialog
from wargame.tui.screens.forms import Field, FormDialog

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp


def ask_answer(app: WargameApp) -> None:
    """Pick a question and take the room's answer down (empty: discussed)."""
    session = app.session
    if session is None:
        return
    questions = session.scenario.questions()
    if not questions:
        app.notify("This scenario has no discussion questions.", severity="warning")
        return
    answered = session.answers()
    items = [
        (q.id, ("✓ " if q.id in answered else "  ") + app.mask(q.text)) for q in questions
    ]

    def chosen(answer: object) -> None:
        if isinstance(answer, tuple):
            text = str(answer[1]).strip()
            app.facilitator.record(Answer(str(answer[0]), text, discussed=not text))

    dialog = ChoiceDialog(
        "The room's answer",
        items,
        reason_prompt="The answer as the room gave it (leave empty to mark it discussed)",
        reason_required=False,
    )
    app.push_screen(dialog, chosen)


def ask_rating(app: WargameApp) -> None:
    """Pick a capability and its rating (P/S/M/U), then say why."""
    session = app.session
    exercise = session.scenario.exercise if session is not None else None
    if session is None or exercise is None or not exercise.capabilities:
        app.notify("This scenario has no capabilities to rate.", severity="warning")
        return
    items = [
        (f"{rating}:{c.id}", f"{app.mask(c.name)}: {rating} ({RATING_WORDS[rating]})")
        for c in exercise.capabilities
        for rating in RATINGS
    ]

    def chosen(answer: object) -> None:
        if isinstance(answer, tuple):
            rating, _, capability = str(answer[0]).partition(":")
            code = next((r for r in RATINGS if r == rating), None)
            if code is not None:
                app.facilitator.record(Rating(capability, code, str(answer[1]).strip()))

    dialog = ChoiceDialog(
        "Rate a capability",
        items,
        reason_prompt="Why (the observation behind the rating)",
        reason_required=False,
    )
    app.push_screen(dialog, chosen)


def ask_observation(app: WargameApp) -> None:
    """Pick a strength or an area for improvement (of a capability, or the exercise as a
    whole), type what was seen; for an area for improvement, its root cause and the
    recommendation for the improvement plan."""
    session = app.session
    if session is None:
        return
    exercise = session.scenario.exercise
    capabilities = [("", "the exercise as a whole")]
    if exercise is not None:
        capabilities += [(c.id, app.mask(c.name)) for c in exercise.capabilities]
    kinds = (("strength", "Strength"), ("improvement", "Area for improvement"))
    items = [
        (f"{kind}:{key}", f"{word}: {name}") for kind, word in kinds for key, name in capabilities
    ]

    def seen(answer: object) -> None:
        if not isinstance(answer, tuple):
            return
        kind, _, capability = str(answer[0]).partition(":")
        text = str(answer[1]).strip()
        if kind == "strength":
            app.facilitator.record(Observation("strength", text, capability))
            return

        def planned(values: dict[str, str] | None) -> None:
            values = values or {}
            app.facilitator.record(
                Observation(
                    "improvement",
                    text,
                    capability,
                    values.get("root_cause", ""),
                    values.get("recommendation", ""),
                )
            )

        form = FormDialog(
            "Area for improvement: why, and what to do",
            [
                Field("root_cause", "Root cause (why it happened)"),
                Field("recommendation", "Recommendation (for the improvement plan)"),
            ],
            detail=text,
        )
        app.push_screen(form, planned)

    dialog = ChoiceDialog(
        "An observation",
        items,
        reason_prompt="What was seen (the observation)",
        reason_required=True,
    )
    app.push_screen(dialog, seen)


def exercise_form(
    scenario: ScenarioIR,
    details: ExerciseDetails,
    roster: tuple[Participant, ...],
    mask: Masker,
    team_names: Mapping[str, str] | None = None,
) -> FormDialog:
    """The exercise's details and roster as a form (at setup and on the umpire's screen):
    the scenario's sponsor and point of contact stand where nothing was typed."""
    exercise = scenario.exercise
    teams = ", ".join([*(mask(a.name) for a in scenario.actors), "umpire", "evaluator"])

    def check(values: Mapping[str, str]) -> str | None:
        try:
            roster_from_text(values.get("roster", ""), scenario, team_names, mask)
        except ValueError as exc:
            return f"Roster, {exc}"
        return None

    return FormDialog(
        "Exercise details and roster (optional: for the report's cover)",
        [
            Field("date", "Date", details.date, placeholder="e.g. 7 December 2026"),
            Field("location", "Location", details.location),
            Field(
                "sponsor",
                "Sponsor",
                details.sponsor,
                placeholder=exercise.sponsor if exercise is not None else "",
            ),
            Field(
                "point_of_contact",
                "Point of contact",
                details.point_of_contact,
                placeholder=exercise.point_of_contact if exercise is not None else "",
            ),
            Field("handling", "Handling caveat", details.handling, placeholder="Exercise only"),
            Field(
                "roster",
                f"Roster: one person a line, name; team; role; organisation (teams: {teams})",
                roster_to_text(roster, scenario, mask),
                lines=5,
            ),
        ],
        check=check,
    )


def read_exercise_form(
    values: Mapping[str, str],
    scenario: ScenarioIR,
    team_names: Mapping[str, str] | None = None,
    mask: Masker = IDENTITY,
) -> tuple[ExerciseDetails, tuple[Participant, ...]]:
    """The details and roster a saved `exercise_form` holds (its check passed)."""
    details = ExerciseDetails(
        date=values.get("date", ""),
        location=values.get("location", ""),
        point_of_contact=values.get("point_of_contact", ""),
        handling=values.get("handling", ""),
        sponsor=values.get("sponsor", ""),
    )
    return details, roster_from_text(values.get("roster", ""), scenario, team_names, mask)


def ask_exercise_details(app: WargameApp) -> None:
    """The umpire amends the exercise's details and roster during the game."""
    session = app.session
    if session is None:
        return
    scenario = session.scenario
    teams = {actor: seat.team for actor, seat in session.seats.items() if seat.is_human}
    form = exercise_form(scenario, session.details, session.roster, app.mask, teams)

    def saved(values: dict[str, str] | None) -> None:
        if values is not None:
            app.facilitator.set_exercise(
                *read_exercise_form(values, scenario, teams, app.mask)
            )

    app.push_screen(form, saved)

