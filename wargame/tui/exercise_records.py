"""The facilitator's and evaluator's exercise records from the keyboard: the room's answer
to a question (`A`) and a capability's rating with why (`R`).

Both reuse the pick-then-type dialog of the facilitator's controls: pick the question (or
the capability and its rating), then type the answer (empty: marked discussed) or why.
The record goes through the app's facilitator: into the session at a hot-seat screen, into
the table's log at a shared table (`wargame.session.records`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wargame.session import RATINGS, Answer, Rating
from wargame.session.records import RATING_WORDS
from wargame.tui.screens.dialogs import ChoiceDialog

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
