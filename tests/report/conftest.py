"""Fixtures for report tests: games played and saved here, and small simulated batches."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.analysis.simulate import BatchOptions, BatchOutcome, run_simulation
from wargame.engine import UMPIRE, Confirm, Override, Pass, PlayMove
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, save_session

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
GREENLAND = ROOT / "scenarios" / "greenland.yaml"
LEVERS = ROOT / "tests" / "analysis" / "fixtures" / "levers.yaml"

NOTES = "The room felt the raid was too easy.\n\nNext time: brief the storm earlier."
OVERRIDE_REASON = "The lookouts had been bribed the night before"


def play_tutorial_with_umpire() -> Session:
    """Northport (a human team) raids the cove on turn 1; the umpire overrides the dice.

    Then the bots play the rest, Northport passes, and the umpire confirms every roll.
    """
    scenario = load_scenario(TUTORIAL)
    seats = {
        "northport": Seat("northport", "human", team="Harbour board"),
        "southhaven": Seat("southhaven", "bot", policy="random"),
        "smugglers": Seat("smugglers", "bot", policy="random"),
    }
    session = Session(
        scenario, seed=11, seats=seats, umpire=Seat("umpire", "human", team="Control"), notes=NOTES
    )
    session.submit(PlayMove("northport", "raid_gull_rock"), by="team:Harbour board")
    pending = session.state.pending
    assert pending is not None
    outcomes = scenario.move("raid_gull_rock").resolution.outcomes  # type: ignore[union-attr]
    other = next(o.id for i, o in enumerate(outcomes) if i != pending.proposed)
    session.submit(Override(other, OVERRIDE_REASON), by="umpire")
    while not session.is_over:
        who = session.to_act
        if who == UMPIRE:
            session.submit(Confirm(), by="umpire")
        elif who == scenario.names.actors["northport"]:
            session.submit(Pass("northport"), by="team:Harbour board")
        else:
            session.run_bots()
    return session


@pytest.fixture(scope="session")
def tutorial_session() -> Session:
    return play_tutorial_with_umpire()


@pytest.fixture(scope="session")
def tutorial_save(tmp_path_factory: pytest.TempPathFactory, tutorial_session: Session) -> Path:
    path = tmp_path_factory.mktemp("saves") / "lighthouse.wgsave.json"
    save_session(tutorial_session, path)
    return path


@pytest.fixture(scope="session")
def greenland_session() -> Session:
    scenario = load_scenario(GREENLAND)
    session = Session(
        scenario,
        seed=5,
        seats={a.id: Seat(a.id, "bot", policy="random") for a in scenario.actors},
        notes="Denmark's team asked why NATO stayed silent in Washington.",
    )
    session.run_bots()
    assert session.is_over
    return session


@pytest.fixture(scope="session")
def greenland_save(tmp_path_factory: pytest.TempPathFactory, greenland_session: Session) -> Path:
    path = tmp_path_factory.mktemp("saves") / "greenland.wgsave.json"
    save_session(greenland_session, path)
    return path


@pytest.fixture(scope="session")
def greenland_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchOutcome]:
    out = tmp_path_factory.mktemp("batch") / "runs.jsonl"
    outcome = run_simulation(BatchOptions(GREENLAND, runs=120, seed=4, out=out, interventions=600))
    return out, outcome


@pytest.fixture(scope="session")
def tutorial_sweep(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchOutcome]:
    out = tmp_path_factory.mktemp("sweep") / "sweep.csv"
    outcome = run_simulation(
        BatchOptions(
            TUTORIAL, runs=60, seed=2, out=out, settings=["variables.smuggling.start=2,4,6"]
        )
    )
    return out, outcome


@pytest.fixture(scope="session")
def levers_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchOutcome]:
    """A scenario whose one decisive move is known (trimming the sails), with its effects."""
    out = tmp_path_factory.mktemp("levers") / "levers.jsonl"
    outcome = run_simulation(BatchOptions(LEVERS, runs=1500, seed=3, out=out))
    return out, outcome
