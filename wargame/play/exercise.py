"""An exercise's presentations: modules opening, the questions the room discusses, and the
facilitator's notes and briefing at the moment they apply, for the umpire's eyes alone.

`GameFlow.after_steps` asks `exercise_steps` what the steps since `start` brought besides
news and results: a module that ended (its questions for the room), a module that opened
(its title, text and questions; its notes for the umpire), an inject that fired with
questions (for whoever may read the inject) or notes (the umpire's), and at the opening the
umpire's briefing. Who sees what is decided here, once, for every screen:

* a **team's seat or the projector** never gets an `UmpireNote` nor a question's guide;
* the **umpire's seat** (and the evaluator's, which sees as the umpire) gets the notes at
  once, and the guides with the questions;
* a **hot-seat screen** is the facilitator's laptop shown to the room: the notes and
  guides come in an `UmpireNote` with `curtain` set, which the screen shows only after a
  "players, look away" curtain, so a note is never missed nor read by the room.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wargame.engine import OBSERVER, UMPIRE, Event, can_see
from wargame.play.views import Viewer
from wargame.scenario.ir import InjectIR, ModuleIR, QuestionIR
from wargame.scenario.masking import Masker
from wargame.session import Session

__all__ = [
    "ModuleOpening",
    "QuestionView",
    "QuestionsDue",
    "UmpireNote",
    "exercise_steps",
]


@dataclass(frozen=True, slots=True)
class QuestionView:
    """A question as one screen shows it: the guide only for the umpire."""

    id: str
    """The key its answer is recorded under (`QuestionIR.id`)."""
    text: str
    guide: str = ""


@dataclass(frozen=True, slots=True)
class ModuleOpening:
    """A module opens: the room (and the projector) reads its title, text, objectives and
    the questions it will discuss at its end."""

    module: str
    title: str
    text: str
    objectives: tuple[str, ...]
    questions: tuple[QuestionView, ...]


@dataclass(frozen=True, slots=True)
class QuestionsDue:
    """Questions for the room to discuss now (an inject's, or a module's at its end); the
    facilitator takes the answers down under each question's id."""

    title: str
    questions: tuple[QuestionView, ...]
    module: str = ""
    """The module they close ("" for an inject's)."""


@dataclass(frozen=True, slots=True)
class UmpireNote:
    """The facilitator's note, or the umpire's briefing, at the moment it applies."""

    title: str
    text: str
    guides: tuple[QuestionView, ...] = ()
    """Questions with what a good answer covers (the umpire's alone)."""
    curtain: bool = False
    """A hot-seat screen: show it only after the players have looked away."""
    module: str = ""
    """The module whose notes these are, as it opens ("" for any other note): a screen
    shows them on that module's page."""


ExercisePresentation = ModuleOpening | QuestionsDue | UmpireNote


@dataclass(frozen=True, slots=True)
class ExerciseSteps:
    """What the steps brought, in the order a screen shows it around the news."""

    before_news: tuple[ExercisePresentation, ...]
    """The umpire's briefing, modules that ended (their questions), modules that opened."""
    after_news: tuple[ExercisePresentation, ...]
    """The questions and notes of the injects that fired."""


def exercise_steps(
    session: Session,
    mask: Masker,
    start: int,
    events: Iterable[Event],
    seat: Viewer | None,
    *,
    opening: bool,
    shown: set[str],
) -> ExerciseSteps:
    """The exercise's presentations for the steps since `start` (`events`: theirs), for the
    screen of `seat` (None: a hot-seat screen). `opening`: the game's opening is part of
    them. `shown` holds what this screen has presented (a module opens once); added to."""
    scenario = session.scenario
    if not (scenario.modules or scenario.umpire_briefing or _has_exercise_injects(session)):
        return ExerciseSteps((), ())
    umpire_eyes = seat is None or seat == UMPIRE
    curtain = seat is None
    before: list[ExercisePresentation] = []
    if opening and scenario.umpire_briefing and umpire_eyes and _first(shown, "briefing"):
        before.append(
            UmpireNote("The umpire's briefing", mask(scenario.umpire_briefing), (), curtain)
        )
    state = session.state
    was = session.state_at(start).turn
    now = state.turn
    for module in scenario.modules:
        ended = module.last_turn < now or (session.is_over and module.spans(now))
        if ended and module.last_turn >= was and _first(shown, f"close:{module.id}"):
            before += _closing(module, mask, seat)
    for module in scenario.modules:
        opens = (was < module.first_turn <= now) or (opening and module.spans(was))
        if opens and _first(shown, f"open:{module.id}"):
            before += _opening(module, mask, seat)
    after: list[ExercisePresentation] = []
    for event in events:
        index = scenario.names.injects.get(event.target) if event.kind == "inject" else None
        if index is not None:
            after += _inject(scenario.injects[index], mask, seat)
    return ExerciseSteps(tuple(before), tuple(after))


def _has_exercise_injects(session: Session) -> bool:
    return any(i.notes or i.questions for i in session.scenario.injects)


def _first(shown: set[str], key: str) -> bool:
    """Whether `key` is presented for the first time (and note that it now is)."""
    if key in shown:
        return False
    shown.add(key)
    return True


def _views(questions: Iterable[QuestionIR], mask: Masker, guides: bool) -> tuple[QuestionView, ...]:
    return tuple(
        QuestionView(q.id, mask(q.text), mask(q.guide) if guides else "") for q in questions
    )


def _guided(questions: Iterable[QuestionIR], mask: Masker) -> tuple[QuestionView, ...]:
    """The questions that have a guide, with it (for the umpire's note)."""
    return tuple(QuestionView(q.id, mask(q.text), mask(q.guide)) for q in questions if q.guide)


def _opening(module: ModuleIR, mask: Masker, seat: Viewer | None) -> list[ExercisePresentation]:
    shown: list[ExercisePresentation] = [
        ModuleOpening(
            module.id,
            mask(module.title),
            mask(module.text),
            tuple(mask(o) for o in module.objectives),
            _views(module.questions, mask, guides=seat == UMPIRE),
        )
    ]
    if module.notes and (seat is None or seat == UMPIRE):
        title = f"Facilitator's notes: {mask(module.title)}"
        shown.append(
            UmpireNote(title, mask(module.notes), (), curtain=seat is None, module=module.id)
        )
    return shown


def _closing(module: ModuleIR, mask: Masker, seat: Viewer | None) -> list[ExercisePresentation]:
    if not module.questions:
        return []
    title = f"Questions for the room: {mask(module.title)}"
    shown: list[ExercisePresentation] = [
        QuestionsDue(title, _views(module.questions, mask, guides=seat == UMPIRE), module.id)
    ]
    guided = _guided(module.questions, mask)
    if seat is None and guided:
        shown.append(UmpireNote(f"What good answers cover: {mask(module.title)}", "", guided, True))
    return shown


def _inject(inject: InjectIR, mask: Masker, seat: Viewer | None) -> list[ExercisePresentation]:
    """An inject's questions for those who may read it, and its notes for the umpire. At a
    hot-seat screen the room reads public news only: a private inject's questions go to
    the umpire's note (the facilitator poses them to the team it reached)."""
    label = mask(inject.label)
    shown: list[ExercisePresentation] = []
    room = OBSERVER if seat is None else seat
    if inject.questions and can_see(inject.visible_to, room):
        questions = _views(inject.questions, mask, guides=seat == UMPIRE)
        shown.append(QuestionsDue(f"Questions: {label}", questions))
    if seat is None:
        private = not can_see(inject.visible_to, OBSERVER)
        guides = (
            _views(inject.questions, mask, True) if private else _guided(inject.questions, mask)
        )
        if inject.notes or guides:
            shown.append(
                UmpireNote(f"Facilitator's note: {label}", mask(inject.notes), guides, True)
            )
    elif seat == UMPIRE and inject.notes:
        shown.append(UmpireNote(f"Facilitator's note: {label}", mask(inject.notes)))
    return shown
