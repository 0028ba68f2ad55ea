"""The evaluator's seat at a shared table, as `wargame host --evaluator` opens it in a
browser tab or a terminal: a real `SeatApp` beside the cell's and the umpire's, driven by
keys. It sees what the umpire sees (the module notes on the module's page), records the
room's answers, ratings and observations for every screen, and never acts: no ruling, no
moves (not even of an actor the umpire plays by hand), no control that acts."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from wargame.scenario.loader import load_scenario
from wargame.session import Answer, Observation, Rating, Seat, Session
from wargame.table import Table, open_store
from wargame.table.records import EVALUATOR_SEAT
from wargame.table.replica import create_table
from wargame.tui.app import PlayOptions
from wargame.tui.clock import ManualClock
from wargame.tui.keys import GAME_ACTIONS
from wargame.tui.screens.adjudication import AdjudicationScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import ChoiceDialog
from wargame.tui.screens.forms import FormDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.module import ModuleScreen
from wargame.tui.seat_app import SeatApp, SeatOptions

from .conftest import settle, until
from .driver import step

SIZE = (120, 40)
DRILL = Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml"
ACTING = sorted(GAME_ACTIONS - {"briefing", "debrief"})
"""Every control of the game that acts (the facilitator's, a team's free action and
messages): the evaluator's screen has none."""


def _table(tmp_path: Path) -> tuple[Path, str, dict[str, str]]:
    session = Session(
        load_scenario(DRILL),
        seed=4,
        seats={
            "cell": Seat("cell", "human", team="Cell"),
            "rival": Seat("rival", "bot", policy="weighted"),
        },
        umpire=Seat("umpire", "human"),
    )
    db = tmp_path / "drill.table.db"
    store = open_store(db, create=True)
    info, codes = create_table(store, session, evaluator=True)
    store.close()
    return db, info.id, codes


def _app(db: Path, tmp_path: Path, code: str) -> SeatApp:
    options = SeatOptions(str(db), code=code, poll_seconds=0.05)
    return SeatApp(options, PlayOptions(clock=ManualClock(), cwd=tmp_path))


async def _joined(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, SeatApp)
    await until(pilot, lambda: app.session is not None, "the seat never joined")
    await settle(pilot)


async def _to_turn_screen(pilot: Pilot[int]) -> None:
    app = pilot.app
    for _ in range(30):
        if isinstance(app.screen, GameScreen):
            return
        await pilot.press("enter")
        await settle(pilot)
    raise AssertionError(f"never reached the turn screen: {type(app.screen).__name__}")


async def test_the_evaluator_records_for_every_screen_and_never_acts(tmp_path: Path) -> None:
    db, table_id, codes = _table(tmp_path)
    cell, umpire, evaluator = (
        _app(db, tmp_path, codes[seat]) for seat in ("cell", "umpire", EVALUATOR_SEAT)
    )
    pages: dict[str, list[str]] = {"cell": [], "umpire": [], "evaluator": []}
    async with (
        cell.run_test(size=SIZE) as cell_pilot,
        umpire.run_test(size=SIZE) as umpire_pilot,
        evaluator.run_test(size=SIZE) as pilot,
    ):
        seats = {
            "cell": (cell, cell_pilot),
            "umpire": (umpire, umpire_pilot),
            "evaluator": (evaluator, pilot),
        }
        for _, seat_pilot in seats.values():
            await _joined(seat_pilot)
        assert evaluator.sub_title.endswith("Evaluator")
        for name, (app, seat_pilot) in seats.items():
            for _ in range(30):  # the opening: briefings, the module's page, notes, news
                if isinstance(app.screen, GameScreen):
                    break
                if isinstance(app.screen, ModuleScreen):
                    pages[name].append(app.screen.page.notes)
                await seat_pilot.press("enter")
                await settle(seat_pilot)
        # The module's notes on its page for the umpire's and the evaluator's eyes only.
        assert pages == {
            "cell": [""],
            "umpire": ["Let them find a lead before you prompt."],
            "evaluator": ["Let them find a lead before you prompt."],
        }

        for action in ACTING:
            assert evaluator.check_action(action, ()) is False, action

        # The umpire takes the arsonist by hand (T on the umpire's seat).
        await umpire_pilot.press("T", "enter", "enter")
        await settle(umpire_pilot)
        await until(pilot, lambda: evaluator.session.seats["rival"].by_umpire, "no seat change")

        # The evaluator takes an answer, a rating and an observation down.
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(evaluator.screen, ChoiceDialog)
        await pilot.press("enter", *"The chair", "enter")
        await settle(pilot)
        await pilot.press("R", *["down"] * 2, "enter", *"Slow to convene", "enter")
        await settle(pilot)
        await pilot.press("O", *["down"] * 4, "enter", *"No deputy named", "enter")
        await settle(pilot)
        assert isinstance(evaluator.screen, FormDialog)
        await pilot.press(*"One chair only", "enter", *"Name a deputy", "enter")
        await settle(pilot)
        first = evaluator.session.scenario.questions()[0].id
        expected = [
            Answer(first, "The chair"),
            Rating("coordination", "M", "Slow to convene"),
            Observation(
                "improvement", "No deputy named", "coordination", "One chair only", "Name a deputy"
            ),
        ]
        for app, seat_pilot in seats.values():
            await until(seat_pilot, lambda app=app: len(app.session.records) == 4, "records")
            mine = [r for r in app.session.records if r.by == EVALUATOR_SEAT]
            assert [r.body for r in mine] == expected

        # The cell moves; it is the arsonist's move: the umpire's screen lists it, the
        # evaluator's waits and offers nothing.
        await _to_turn_screen(cell_pilot)
        await cell_pilot.press("1", "1")
        await settle(cell_pilot)
        await until(umpire_pilot, lambda: "by hand" in umpire.turn_view().moves_title, "no moves")
        at = umpire.session.step_index
        await until(pilot, lambda: evaluator.session.step_index == at, "the move never arrived")
        await _to_turn_screen(pilot)
        view = evaluator.turn_view()
        assert view.moves == () and "the umpire, by hand" in view.waiting
        await pilot.press("1", "1", "f", "u", "i")  # keys that act elsewhere do nothing here
        await settle(pilot)
        assert isinstance(evaluator.screen, GameScreen)
        store = open_store(db)
        signed = {(r.seat, r.kind) for r in store.records(table_id, 0)}
        actions = [e.by for e in Table(store, table_id, seat="observer").session.log_entries]
        store.close()
        assert (EVALUATOR_SEAT, "record") in signed  # its records, and nothing else of it
        assert {kind for seat, kind in signed if seat == EVALUATOR_SEAT} == {"record"}
        assert EVALUATOR_SEAT not in actions

        # The game to its end: the evaluator is never asked to rule nor to choose a move.
        for _ in range(200):
            if all(app.session.is_over for app, _ in seats.values()):
                break
            for name, (app, seat_pilot) in seats.items():
                assert not isinstance(evaluator.screen, AdjudicationScreen)
                if name == "evaluator":
                    if not isinstance(app.screen, GameScreen | DebriefScreen):
                        await seat_pilot.press("enter")
                    assert evaluator.turn_view().moves == ()
                    await settle(seat_pilot)
                elif not isinstance(app.screen, DebriefScreen):
                    await step(seat_pilot)
        assert umpire.session is not None and umpire.session.is_over
