"""The facilitator's and evaluator's exercise records from the keyboard: the room's answer
to a question (`A`), a capability's rating with why (`R`), and the umpire taking a
non-player actor to choose its moves by hand, or handing it back to its bot (`T`).

Both reuse the pick-then-type dialog of the facilitator's controls: pick the question (or
the capability and its rating), then type the answer (empty: marked discussed) or why.
The record goes through the app's facilitator: into the session at a hot-seat screen, into
the table's log at a shared table (`wargame.session.records`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wargame.session import RATINGS, Answer, Rating, SeatChange
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


def ask_take_over(app: WargameApp) -> None:
    """Pick a non-player actor: take it (the umpire chooses its moves by hand from now on,
    each logged as the umpire's) or hand it back to its bot."""
    session = app.session
    if session is None:
        return
    if session.umpire is None or not session.umpire.is_human:
        app.notify("Only a game with a human umpire can have the umpire play an actor.")
        return
    items: list[tuple[str, str]] = []
    for actor in session.scenario.actors:
        seat = session.seats[actor.id]
        name = app.mask(actor.name)
        if seat.by_umpire:
            items.append((f"bot:{actor.id}", f"Hand {name} back to its bot ({seat.policy})"))
        elif seat.is_bot:
            label = f"Take {name} (bot: {seat.policy}): choose its moves by hand"
            items.append((f"umpire:{actor.id}", label))
    if not items:
        app.notify("Teams play every actor: there is none for the umpire to take.")
        return

    def chosen(answer: object) -> None:
        if not isinstance(answer, tuple):
            return
        kind, _, actor = str(answer[0]).partition(":")
        policy = session.seats[actor].policy
        change = SeatChange(actor, "umpire" if kind == "umpire" else "bot", policy)
        if app.facilitator.record(change):
            app.advance()

    dialog = ChoiceDialog(
        "Play a non-player actor by hand",
        items,
        detail="The log marks each move you choose for it as the umpire's.",
        reason_prompt="Enter to confirm (nothing to type)",
        reason_required=False,
    )
    app.push_screen(dialog, chosen)
