"""Alliance cohesion: the worked example of docs/rules.md, pinned number by number."""

from __future__ import annotations

import pytest

from wargame.engine import (
    Adjust,
    Pass,
    PlayMove,
    cohesion_of,
    contagion,
    drift,
    events,
    initial_state,
    seat_events,
)

from .helpers import load, play

US, DK, UK = 0, 1, 2


def test_cohesion_counts_departed_members_as_zero() -> None:
    assert cohesion_of((3.0, 1.0, 1.0), (80.0, 70.0, 75.0), (True, True, True)) == 77.0
    assert cohesion_of((3.0, 1.0, 1.0), (80.0, 70.0, 75.0), (True, False, True)) == 63.0


def test_worked_example_stage_by_stage() -> None:
    """docs/rules.md, "A worked example": the same numbers."""
    trust = (
        (100.0, 60.0, 70.0),  # the US trusts Denmark 60, the UK 70
        (30.0, 100.0, 80.0),  # Denmark trusts the US 30 (after coercion), the UK 80
        (60.0, 80.0, 100.0),  # the UK trusts the US 60, Denmark 80
    )
    members = (US, DK, UK)
    cells = contagion(trust, members, (True, True, True), 0.2)
    assert {k: v[0] for k, v in cells.items()} == pytest.approx(
        {(US, DK): 64, (US, UK): 72, (DK, US): 36, (DK, UK): 78, (UK, US): 54, (UK, DK): 76}
    )
    rows = [list(r) for r in trust]
    for (i, j), (new, _) in cells.items():
        rows[i][j] = new
    after = tuple(tuple(r) for r in rows)
    drifted = drift(after, members, (3.0, 1.0, 1.0), (80.0, 70.0, 75.0), (True,) * 3, 0.3)
    targets = [d[1] for d in drifted if d is not None]
    commitments = [d[0] for d in drifted if d is not None]
    assert targets == pytest.approx([68.0, 46.5, 59.5])
    assert commitments == pytest.approx([76.4, 62.95, 70.35])
    assert cohesion_of((3.0, 1.0, 1.0), tuple(commitments), (True,) * 3) == pytest.approx(72.5)
    # Denmark (exit_below 65) leaves: its weight stays in the denominator.
    assert cohesion_of((3.0, 1.0, 1.0), tuple(commitments), (True, False, True)) == (
        pytest.approx(59.91)
    )


def test_worked_example_through_the_engine() -> None:
    scenario = load("cohesion")
    state = initial_state(scenario)
    assert state.cohesion == (77.0,)
    state = play(scenario, state, Pass("us"))
    assert state.turn == 2
    assert state.trust[UK][US] == pytest.approx(54)  # the UK's trust in the US followed Denmark's
    assert state.commitment[0] == pytest.approx((76.4, 62.95, 70.35))
    assert state.active[0] == (True, False, True)
    assert state.cohesion[0] == pytest.approx(59.91)
    assert state.collapsed == (False,)  # 59.91 is not below 50
    assert [c[0] for c in state.cohesion_history] == pytest.approx([77.0, 59.91])
    texts = [e.text for e in events(state)]
    assert any(
        t.startswith("Denmark leaves NATO: its commitment fell below its exit threshold 65")
        for t in texts
    )
    (summary,) = [e for e in events(state) if e.kind == "cohesion"]
    # Players read trust, commitment and cohesion in whole numbers (issue 20).
    assert summary.text.startswith("NATO cohesion fell from 77 to 60: ")
    assert "Denmark's commitment fell from 70 to 63 (drift toward its trust in the partners, " \
        "47)" in summary.text
    assert summary.before == 77.0 and summary.after == pytest.approx(59.91)


def test_a_drift_reason_mid_sentence_lowers_the_article() -> None:
    # issue 20: "...: Denmark's commitment ...; The United Kingdom's commitment ...".
    scenario = load("cohesion", {"{name: the UK}": "{name: The United Kingdom}"})
    state = play(scenario, initial_state(scenario), Pass("us"))
    (summary,) = [e for e in events(state) if e.kind == "cohesion"]
    assert "; the United Kingdom's commitment fell from 75 to 70" in summary.text
    assert "The United Kingdom" not in summary.text
    drift_line = next(e.text for e in events(state) if "United Kingdom's commitment" in e.text)
    assert drift_line.startswith("The United Kingdom's commitment to NATO fell")


def test_collapse_is_final_and_seen_by_conditions() -> None:
    scenario = load("cohesion", {"collapse_below: 50": "collapse_below: 60"})
    state = play(scenario, initial_state(scenario), Pass("us"))
    assert state.collapsed == (True,)
    assert scenario.endings[state.ending or 0].id == "nato_collapsed"
    assert any(e.kind == "collapse" for e in events(state))


def test_commitment_effects_update_cohesion_at_once() -> None:
    scenario = load("cohesion")
    state = initial_state(scenario)
    state = play(scenario, state, Adjust("commitment[nato][uk]", 25, "test"))
    assert state.cohesion[0] == pytest.approx((240 + 70 + 25) / 5)
    state = play(scenario, state, PlayMove("us", "wait"))
    assert state.turn == 2


def test_trust_and_cohesion_changes_are_public() -> None:
    scenario = load("cohesion")
    state = play(scenario, initial_state(scenario), Pass("us"))
    observer = seat_events(events(state), "observer")
    assert any(e.kind == "contagion" for e in observer)
    assert any(e.kind == "drift" for e in observer)
