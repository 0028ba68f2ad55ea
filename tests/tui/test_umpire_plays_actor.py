"""The umpire plays a non-player actor by hand at a hot-seat screen: `T` takes it (or
hands it back), the keyboard comes to the umpire when it is that actor's move, the move is
logged as the umpire's, and a save that has the umpire holding an actor resumes without
stalling or letting a bot move for it."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import DRILL, AppFactory, settle
from tests.tui.driver import start_game, to_turn_screen
from wargame.engine import PlayMove
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, save_session
from wargame.tui.app import WargameApp
from wargame.tui.screens.dialogs import ChoiceDialog
from wargame.tui.screens.game import GameScreen


def umpire_to_move(app: WargameApp) -> bool:
    """The turn screen lists the arsonist's moves for the umpire to choose."""
    return isinstance(app.screen, GameScreen) and "by hand" in app.turn_view().moves_title


async def choose_lie_low(pilot: object, app: WargameApp) -> None:
    available = [o.label for o in app.turn_view().moves if o.available]
    key = str(available.index("Lie low") + 1)
    await pilot.press(key, key)  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_t_takes_the_arsonist_and_the_umpire_moves_it_by_hand(
    make_app: AppFactory, drill: Path
) -> None:
    app = make_app(drill)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, umpire="human")
        await to_turn_screen(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter", "enter")
        await settle(pilot)
        session = app.session
        assert session is not None and session.seats["rival"].by_umpire
        await to_turn_screen(pilot, umpire_to_move)
        await choose_lie_low(pilot, app)
        by_hand = [e for e in session.log if e.action == PlayMove("rival", "lie_low")]
        assert by_hand and all(e.by == "umpire" for e in by_hand)
        assert not any(e.by.startswith("bot:") and "rival" in str(e.action) for e in session.log)
        await to_turn_screen(pilot)  # past the cell's hand-over to its turn screen
        await pilot.press("T", "enter", "enter")  # hand it back to its bot
        await settle(pilot)
        assert session.seats["rival"].is_bot


async def test_a_save_with_the_umpire_holding_an_actor_resumes_to_the_umpires_move(
    make_app: AppFactory, tmp_path: Path
) -> None:
    session = Session(
        load_scenario(DRILL),
        seed=7,
        seats={"cell": Seat("cell", "human", team="Cell"), "rival": Seat("rival", "bot")},
        umpire=Seat("umpire", "human", team="the umpire"),
    )
    session.take_over("rival")
    save = save_session(session, tmp_path / "held.json")
    app = make_app(None, resume=save)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await to_turn_screen(pilot, umpire_to_move)
        resumed = app.session
        assert resumed is not None and not app.busy
        assert not [e for e in resumed.log if e.by.startswith("bot:")]
        await choose_lie_low(pilot, app)
        assert resumed.log[-1].action == PlayMove("rival", "lie_low")
        assert resumed.log[-1].by == "umpire"
