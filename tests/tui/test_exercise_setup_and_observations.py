"""The exercise's details and roster typed at setup (`x`, optional) and amended from the
umpire's screen (`X`), and an observation taken down with `O`: a strength at once, an area
for improvement with its root cause and recommendation."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import AppFactory, settle
from tests.tui.driver import start_game, to_turn_screen
from wargame.session import ExerciseDetails, Observation, Participant
from wargame.tui.screens.forms import FormDialog
from wargame.tui.screens.setup import SetupScreen


async def test_details_and_roster_at_setup_then_amended_from_the_umpires_screen(
    make_app: AppFactory, drill: Path
) -> None:
    app = make_app(drill)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"7 Dec 2026", "enter", *"Room 4", "enter", *"The cabinet", "enter")
        await pilot.press("enter", "enter")  # no contact, no caveat: on to the roster
        await pilot.press(*"Ana; Crisis Cell; Chair; Ministry", "enter", *"Bo; Red")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog)  # refused: no team "Red"; nothing typed is lost
        assert "line 2: no team 'Red'" in str(form.query_one("#form-error").render())
        await pilot.press("backspace", "backspace", "backspace", *"umpire", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("enter")
        await settle(pilot)
        session = app.session
        assert session is not None
        assert session.details == ExerciseDetails("7 Dec 2026", "Room 4", sponsor="The cabinet")
        assert session.roster == (
            Participant("Ana", "cell", "Chair", "Ministry"),
            Participant("Bo", "umpire"),
        )
        await to_turn_screen(pilot)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("enter", "end", *", exercise cell", "ctrl+s")  # the location, amended
        await settle(pilot)
        assert session.details.location == "Room 4, exercise cell"
        assert session.details.date == "7 Dec 2026" and len(session.roster) == 2


async def test_o_takes_a_strength_down_at_once_and_an_area_for_improvement_with_its_plan(
    make_app: AppFactory, drill: Path
) -> None:
    app = make_app(drill)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        await pilot.press("O", "down", "enter", *"Chair named at once", "enter")
        await settle(pilot)
        await pilot.press("O", *["down"] * 5, "enter", *"No spokesperson", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"No press plan", "enter", *"Write one", "enter")
        await settle(pilot)
        session = app.session
        assert session is not None
        assert [r.body for r in session.records] == [
            Observation("strength", "Chair named at once", "coordination"),
            Observation(
                "improvement", "No spokesperson", "information", "No press plan", "Write one"
            ),
        ]
        assert all(r.by == "facilitator" for r in session.records)
