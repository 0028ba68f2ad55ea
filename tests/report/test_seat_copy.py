"""A seat's copy of the after-action report shows only what that seat saw (issue 18).

The facilitator's copy tells the whole story, every secret out. A team's copy
(`session_report(viewer=...)`, `wargame report SAVE --seat ACTOR`) is built through the
engine's one filter: no hidden value, no one else's secret move or private news, no seed
(with the scenario it would replay the hidden rolls), no facilitator's notes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.helpers.secrecy import assert_no_leaks, leaks
from tests.helpers.secret_games import bot_game, secret_scenarios
from wargame.cli.output import EXIT_OK, EXIT_USAGE
from wargame.engine import OBSERVER, UMPIRE, Adjust, Pass, PlayMove, Viewer
from wargame.engine.work import fmt
from wargame.report.from_session import session_report
from wargame.report.model import Report
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, save_session

from .conftest import ROOT
from .test_cli_report import _app

CUBA = ROOT / "scenarios" / "cuba1962.yaml"
BACK_CHANNEL = "Open the back channel to the Soviet ambassador"
SHIPPED = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if ".tests." not in p.name)
runner = CliRunner()


def texts(report: Report) -> list[str]:
    """Every string and number of the report (what any writer shows, charts included)."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, bool):
            return
        elif isinstance(value, int | float):
            out.append(fmt(float(value)))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(report)
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=secret_scenarios(), seed=st.integers(0, 10**6), umpire=st.booleans(), data=st.data()
)
def test_a_seats_copy_names_nothing_the_seat_may_not_see(
    scenario: ScenarioIR, seed: int, umpire: bool, data: st.DataObject
) -> None:
    game = bot_game(scenario, seed, umpire=umpire)
    if data.draw(st.booleans()):  # a report of a game in progress
        game.undo(data.draw(st.integers(0, game.step_index)))
    viewer: Viewer = data.draw(st.sampled_from([*range(len(scenario.actors)), OBSERVER]))
    states = [game.state_at(i) for i in range(game.step_index + 1)]
    assert_no_leaks(scenario, viewer, texts(session_report(game, viewer=viewer)), states)


_compiled: dict[Path, ScenarioIR] = {}


def _shipped(path: Path) -> ScenarioIR:
    if path not in _compiled:
        _compiled[path] = load_scenario(path)
    return _compiled[path]


@settings(max_examples=12, deadline=None)
@given(path=st.sampled_from(SHIPPED), seed=st.integers(0, 10**6), data=st.data())
def test_a_seats_copy_of_a_shipped_game_gives_no_secret_away(
    path: Path, seed: int, data: st.DataObject
) -> None:
    scenario = _shipped(path)
    game = bot_game(scenario, seed, umpire=data.draw(st.booleans()))
    viewer: Viewer = data.draw(st.sampled_from([*range(len(scenario.actors)), OBSERVER]))
    assert_no_leaks(scenario, viewer, texts(session_report(game, viewer=viewer)))


@pytest.fixture(scope="module")
def cuba_game() -> Session:
    """The President plays the back channel and the Jupiter undertaking, both secret; the
    umpire sets the hidden pre-delegation flag; the rest is bots."""
    scenario = _shipped(CUBA)
    session = Session(
        scenario,
        seed=3,
        seats={a.id: Seat(a.id, "bot", policy="random") for a in scenario.actors},
        umpire=Seat("umpire", "bot", policy="accept"),
        notes="Cuba's team never learnt of the back channel.",
    )
    session.submit(Adjust("flags.predelegated", 1, "the Presidium decided"), by="umpire")
    president = scenario.names.actors["president"]
    for _ in range(200):
        who = session.to_act
        if who is None:
            break
        if who == president:
            state = session.state
            menu = [a for a in session.legal_actions() if isinstance(a, PlayMove)]
            secret = [a for a in menu if scenario.move(a.move).secret]
            session.submit(secret[0] if secret else Pass("president"), by="team:White House")
            assert session.state.turn >= state.turn
        else:
            session.run_bots(max_steps=1)
    return session


def test_the_facilitators_copy_tells_every_secret(cuba_game: Session) -> None:
    text = "\n".join(texts(session_report(cuba_game)))
    assert BACK_CHANNEL in text
    assert "set flags.predelegated to 1" in text
    assert "Seed" in text and "Cuba's team never learnt" in text
    assert leaks(cuba_game.scenario, OBSERVER, [text])


def test_cubas_copy_keeps_the_back_channel_and_the_seed_out(cuba_game: Session) -> None:
    scenario = cuba_game.scenario
    cuba = scenario.names.actors["cuba"]
    report = session_report(cuba_game, viewer=cuba)
    text = "\n".join(texts(report))
    assert_no_leaks(scenario, cuba, [text])
    assert BACK_CHANNEL not in text and "Seed" not in dict(report.facts)
    assert "acted out of your sight" in text
    assert "adjusted a value out of your sight" in text
    assert "Cuba's team never learnt" not in text
    assert report.subtitle.endswith(f"{scenario.actors[cuba].name}'s copy")
    own = {row[0] for row in report.section("objectives").blocks[1].rows}  # type: ignore[attr-defined]
    assert own == {scenario.actors[cuba].name}


def test_the_presidents_copy_keeps_his_own_secrets_in(cuba_game: Session) -> None:
    scenario = cuba_game.scenario
    president = scenario.names.actors["president"]
    text = "\n".join(texts(session_report(cuba_game, viewer=president)))
    assert BACK_CHANNEL in text
    assert "predelegated" not in text and "adjusted a value out of your sight" in text


def test_wargame_report_writes_a_seats_copy(tmp_path: Path, cuba_game: Session) -> None:
    save = save_session(cuba_game, tmp_path / "cuba.wgsave.json")
    result = runner.invoke(_app(), ["report", str(save), "--seat", "cuba"])
    assert result.exit_code == EXIT_OK, result.output
    page = (tmp_path / "cuba-cuba.html").read_text(encoding="utf-8")
    assert BACK_CHANNEL not in page and "copy" in page
    facilitator = runner.invoke(_app(), ["report", str(save)])
    assert facilitator.exit_code == EXIT_OK
    assert BACK_CHANNEL in (tmp_path / "cuba.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("seat", "message"), [("cubaa", "no seat 'cubaa'"), (UMPIRE, "")], ids=["unknown", "umpire"]
)
def test_the_seat_is_checked(tmp_path: Path, cuba_game: Session, seat: str, message: str) -> None:
    save = save_session(cuba_game, tmp_path / "cuba.wgsave.json")
    out = str(tmp_path / "x.md")
    result = runner.invoke(_app(), ["report", str(save), "--seat", seat, "-o", out])
    if message:
        assert result.exit_code != EXIT_OK and message in result.output
        assert "Traceback" not in result.output
    else:
        assert result.exit_code == EXIT_OK, result.output


def test_a_study_has_no_seats(tmp_path: Path, greenland_batch: tuple[Path, object]) -> None:
    result = runner.invoke(_app(), ["report", str(greenland_batch[0]), "--seat", "denmark"])
    assert result.exit_code == EXIT_USAGE
    assert "saved game" in result.output
