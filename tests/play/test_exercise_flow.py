"""An exercise's presentations in the game flow: modules open and close with their
questions, the facilitator's notes and the umpire's briefing come to the umpire at the
moment they apply (behind a curtain at a hot-seat screen), and never to a team or the
projector, in the fixture drill and in random games."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.secret_games import secret_scenarios
from tests.play.test_flow import play
from wargame.engine import OBSERVER, UMPIRE
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
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import IDENTITY
from wargame.session import Seat, Session

DRILL = load_scenario(Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml")


def drill_game(seat: Viewer | None, *, seed: int = 2) -> tuple[Session, list[Presentation]]:
    """The drill to its end with the cell played by people and a human umpire, as the
    screen of `seat` (None: hot seat) sees it; the cell warns the public every turn."""
    session = Session(
        DRILL,
        seed=seed,
        seats={"cell": Seat("cell", "human", team="Cell"), "rival": Seat("rival", "bot")},
        umpire=Seat("umpire", "human"),
    )
    flow = GameFlow(session, IDENTITY, seat=seat)
    shown = [item for _, items in play(flow) for item in items]
    return session, shown


def brief(item: Presentation) -> str:
    if isinstance(item, ModuleOpening):
        return f"opens {item.module}"
    if isinstance(item, QuestionsDue):
        return f"asks {','.join(q.id for q in item.questions)}"
    if isinstance(item, UmpireNote):
        return f"note{'+curtain' if item.curtain else ''}: {item.title}"
    if isinstance(item, News):
        return "news: " + ",".join(f.headline for f in item.flashes)
    return type(item).__name__


def test_a_hot_seat_screen_opens_modules_asks_questions_and_curtains_each_note() -> None:
    _, shown = drill_game(None)
    story = [brief(item) for item in shown if not brief(item)[0].isupper()]
    assert story[:6] == [
        "note+curtain: The umpire's briefing",
        "opens m1",
        "note+curtain: Facilitator's notes: Module 1: Smoke",
        "news: Smoke",
        "asks smoke.q1",
        "note+curtain: Facilitator's note: Smoke",
    ]
    closing = story.index("asks m1.q1,m1.picture")
    assert story[closing + 1 : closing + 4] == [
        "note+curtain: What good answers cover: Module 1: Smoke",
        "opens m2",
        "note+curtain: Facilitator's notes: Module 2: Fire",
    ]
    assert story[-1] == "asks m2.q1"  # the last module closes as the game ends
    assert story.count("opens m1") == story.count("opens m2") == 1
    guides = next(i for i in shown if isinstance(i, UmpireNote) and i.guides).guides
    assert [(g.id, g.guide) for g in guides] == [("m1.picture", "Facts apart from guesses.")]
    room = [i for i in shown if isinstance(i, QuestionsDue)]
    assert all(not q.guide for item in room for q in item.questions)


def test_the_umpire_seat_reads_notes_at_once_and_the_guides_with_the_questions() -> None:
    _, shown = drill_game(UMPIRE)
    notes = [item for item in shown if isinstance(item, UmpireNote)]
    assert [n.title for n in notes] == [
        "The umpire's briefing",
        "Facilitator's notes: Module 1: Smoke",
        "Facilitator's note: Smoke",
        "Facilitator's notes: Module 2: Fire",
    ]
    assert not any(n.curtain for n in notes)
    asked = {q.id: q.guide for i in shown if isinstance(i, QuestionsDue) for q in i.questions}
    assert asked["m1.picture"] == "Facts apart from guesses."


def test_a_team_and_the_projector_see_modules_and_questions_but_no_note() -> None:
    for seat in (DRILL.names.actors["cell"], OBSERVER):
        _, shown = drill_game(seat)
        assert not any(isinstance(item, UmpireNote) for item in shown)
        assert [i.module for i in shown if isinstance(i, ModuleOpening)] == ["m1", "m2"]
        asked = [i for i in shown if isinstance(i, QuestionsDue | ModuleOpening)]
        questions = [q for item in asked for q in item.questions]
        assert questions and all(not q.guide for q in questions)


def notes_due(session: Session) -> list[str]:
    """The titles of every note that applied in `session`'s game: the umpire's briefing,
    each module opened, each inject fired (as often as it fired)."""
    scenario = session.scenario
    due = ["The umpire's briefing"] if scenario.umpire_briefing else []
    for module in scenario.modules:
        if module.notes and module.first_turn <= session.state.turn:
            due.append(f"Facilitator's notes: {module.title}")
    for event in session.all_events():
        index = scenario.names.injects.get(event.target) if event.kind == "inject" else None
        if index is not None and scenario.injects[index].notes:
            due.append(f"Facilitator's note: {scenario.injects[index].label}")
    return sorted(due)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=secret_scenarios(), seed=st.integers(0, 10**6), data=st.data())
def test_the_facilitator_never_misses_a_note_that_applies(
    scenario: ScenarioIR, seed: int, data: st.DataObject
) -> None:
    """Random games with an exercise's parts, played to their end: the umpire's screen
    (hosted, or a hot-seat screen behind its curtain) gets every note that applied, once."""
    seat = data.draw(st.sampled_from([UMPIRE, None]))
    humans = data.draw(st.sets(st.sampled_from([a.id for a in scenario.actors])))
    session = Session(
        scenario,
        seed=seed,
        seats={
            a.id: Seat(a.id, "human" if a.id in humans else "bot", team=a.name)
            for a in scenario.actors
        },
        umpire=Seat("umpire", "human"),
    )
    flow = GameFlow(session, IDENTITY, seat=seat)
    picks = iter(data.draw(st.lists(st.integers(0, 99), min_size=300, max_size=300)))
    shown = [item for _, items in play(flow, lambda s: next(picks), 300) for item in items]
    notes = [i.title for i in shown if isinstance(i, UmpireNote) and (i.text or not i.guides)]
    assert sorted(notes) == notes_due(session)
    assert all(note.curtain == (seat is None) for note in shown if isinstance(note, UmpireNote))
