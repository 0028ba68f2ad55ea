"""The shipped exercise at a hosted table, every seat joined by its code as `wargame host
--teams cell --umpire --evaluator` prints them: the cell plays, the umpire's seat runs the
computer's actors, and the evaluator rates each capability, records observations and takes
the room's answers down as each module closes. Every screen reads the same records; the
notes and guides reach the umpire's and the evaluator's screens and never the cell's or the
projector's; the facilitator's report carries the ratings and observations, and the cell's
copy none of them."""

from __future__ import annotations

import pytest

from tests.scenarios.shipped import shipped
from tests.scenarios.test_cable_cut_exercise import GOOD_LINE
from wargame.engine import Pass, PlayMove
from wargame.errors import IllegalActionError
from wargame.play import GameFlow, ModuleOpening, Presentation, QuestionsDue, UmpireNote
from wargame.report.from_session import session_report
from wargame.scenario.masking import IDENTITY
from wargame.session import Answer, Observation, Rating, Seat, Session
from wargame.table import LogStore, Table
from wargame.table.records import EVALUATOR_SEAT, OBSERVER_SEAT, UMPIRE_SEAT
from wargame.table.replica import create_table

RATED_AT_MODULE_END = {
    "detection": ("operational_coordination", "situational_assessment"),
    "cascade_module": ("infrastructure_systems", "interdiction_disruption"),
    "recovery": ("public_information", "forensics_attribution"),
}
"""What the evaluator rates as each module closes (the module notes say so)."""


def cell_action(table: Table) -> PlayMove | Pass:
    """The cell's move of the good line in the current phase, else its pass."""
    legal = table.session.legal_actions()
    for move in GOOD_LINE.get(table.session.state.turn, ()):
        if PlayMove("cell", move) in legal:
            return PlayMove("cell", move)
    return Pass("cell")


@pytest.fixture
def seats(store: LogStore) -> dict[str, Table]:
    session = Session(
        shipped("cable_cut"),
        seed=12,
        seats={
            "cell": Seat("cell", "human", team="Crisis cell"),
            "partners": Seat("partners", "bot", policy="weighted"),
            "hostile": Seat("hostile", "bot", policy="weighted"),
        },
        umpire=Seat("umpire", "human"),
    )
    info, codes = create_table(store, session, evaluator=True)
    return {seat: Table.join(store, info.id, code) for seat, code in codes.items()}


def test_a_hosted_exercise_with_an_evaluator_plays_to_its_report(
    seats: dict[str, Table],
) -> None:
    cell, umpire, evaluator = seats["cell"], seats[UMPIRE_SEAT], seats[EVALUATOR_SEAT]
    assert {t.seat for t in seats.values()} == {"cell", UMPIRE_SEAT, OBSERVER_SEAT, EVALUATOR_SEAT}
    flows = {name: GameFlow(t.session, IDENTITY, seat=t.viewer) for name, t in seats.items()}
    starts = dict.fromkeys(seats, 0)
    shown: dict[str, list[Presentation]] = {name: [] for name in seats}
    for _ in range(400):
        umpire.sync()
        umpire.run_bots()
        for name, table in seats.items():
            table.sync()
            shown[name] += flows[name].after_steps(starts[name])
            starts[name] = table.session.step_index
        for item in shown[EVALUATOR_SEAT][-8:]:
            if isinstance(item, QuestionsDue) and item.module:
                for capability in RATED_AT_MODULE_END[item.module]:
                    if capability not in evaluator.session.ratings():
                        evaluator.record(Rating(capability, "S", f"seen in {item.module}"))
                for question in item.questions:
                    if question.id not in evaluator.session.answers():
                        evaluator.record(Answer(question.id, discussed=True))
        umpire.sync()  # past the evaluator's records
        if umpire.session.is_over:
            break
        if umpire.session.to_act == umpire.session.scenario.names.actors["cell"]:
            with pytest.raises(IllegalActionError):
                evaluator.submit(cell_action(cell))
            cell.sync()
            cell.submit(cell_action(cell))
        else:
            umpire.submit(umpire.session.legal_actions()[0])
    else:
        raise AssertionError("the game did not end")
    evaluator.record(
        Observation(
            "strength",
            "The cell spoke in public before noon on Day 1.",
            "public_information",
        )
    )
    evaluator.record(
        Observation(
            "improvement",
            "Nobody knew who may order traffic priority.",
            "infrastructure_systems",
            "No list of critical services' international dependencies.",
            "The regulator keeps the list and rehearses the order yearly.",
        )
    )
    for table in seats.values():
        table.sync()
        assert table.session.records == evaluator.session.records
    reopened = Table(umpire.store, umpire.table_id, seat=OBSERVER_SEAT)
    assert reopened.session.records == umpire.session.records
    assert {r.by for r in umpire.session.records} == {"evaluator"}
    assert set(umpire.session.ratings()) == {c for cs in RATED_AT_MODULE_END.values() for c in cs}

    # Notes and guides: the umpire's and the evaluator's screens, never the cell's nor the
    # projector's; each module opened once on every screen.
    for name in (UMPIRE_SEAT, EVALUATOR_SEAT):
        titles = [i.title for i in shown[name] if isinstance(i, UmpireNote)]
        for module in umpire.session.scenario.modules:
            assert f"Facilitator's notes: {module.title}" in titles, (name, titles)
    for name in ("cell", OBSERVER_SEAT):
        assert not any(isinstance(i, UmpireNote) for i in shown[name]), name
        asked = [q for i in shown[name] if isinstance(i, QuestionsDue) for q in i.questions]
        assert asked and not any(q.guide for q in asked)
    for name in seats:
        opened = [i.module for i in shown[name] if isinstance(i, ModuleOpening)]
        assert opened == ["detection", "cascade_module", "recovery"], name

    # The facilitator's report carries the evaluation; the cell's copy does not.
    facilitator = session_report(umpire.session)
    text = repr(facilitator)
    assert "seen in detection" in text
    assert "No list of critical services" in text
    cell_copy = repr(session_report(cell.session, viewer=cell.viewer))
    assert "seen in detection" not in cell_copy
    assert "No list of critical services" not in cell_copy
