"""An exercise at a hot-seat screen, with keys only: the umpire's briefing and each
facilitator's note come up behind a "players, look away" curtain at the moment they apply,
modules open on their own card, and the room's questions come up when they are due."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.tui.conftest import AppFactory, settle
from tests.tui.driver import at_debrief, start_game, step, to_turn_screen
from wargame.engine import PlayMove
from wargame.session import Answer, Rating
from wargame.tui.app import WargameApp
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import ChoiceDialog, ResultDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.module import ModulePage, ModuleScreen
from wargame.tui.screens.notice import HandoverScreen


async def test_notes_come_behind_a_curtain_and_modules_on_their_own_screen(
    make_app: AppFactory, drill: Path
) -> None:
    app = make_app(drill)
    seen: list[str] = []
    pages: list[ModulePage] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        for _ in range(200):
            screen = app.screen
            if at_debrief(app) or isinstance(screen, DebriefScreen):
                break
            if isinstance(screen, HandoverScreen):
                seen.append("curtain: " + str(screen.query_one("#handover-who", Static).content))
            elif isinstance(screen, ResultDialog):
                seen.append("card: " + str(screen.query_one("#result-title", Static).content))
            elif isinstance(screen, ModuleScreen):
                page = screen.page
                seen.append(f"{'notes' if page.notes else 'module'}: {page.title}")
                pages.append(page)
            await step(pilot)
        await settle(pilot)
    briefing = seen.index("card: The umpire's briefing")
    assert seen[briefing - 1] == "curtain: The umpire's eyes only"
    # The module opens on its own screen for the room (no notes, no guides), then its
    # notes on the same page again, behind the curtain.
    assert seen[briefing + 1 : briefing + 4] == [
        "module: Module 1: Smoke",
        "curtain: The umpire's eyes only",
        "notes: Module 1: Smoke",
    ]
    room, umpire = pages[0], pages[1]
    assert room.where == "Module 1 of 2 · turns 1–2"
    assert room.objectives == ("Convene the cell",)
    assert [q.text for q in room.questions] == ["Who leads?", "What do you know?"]
    assert not room.notes and not any(q.guide for q in room.questions)
    assert umpire.notes == "Let them find a lead before you prompt."
    assert [q.guide for q in umpire.questions] == ["", "Facts apart from guesses."]
    note = seen.index("card: Facilitator's note: Smoke")
    assert seen[note - 1] == "curtain: The umpire's eyes only"
    assert "card: Questions: Smoke" in seen[briefing:note]
    assert seen.index("card: Questions for the room: Module 1: Smoke") < seen.index(
        "module: Module 2: Fire"
    )


def with_moves(app: WargameApp) -> bool:
    """The cell's first decision: its turn screen, with moves to choose."""
    return isinstance(app.screen, GameScreen) and bool(app.turn_view().moves)


async def test_in_discussion_mode_a_number_key_plays_the_move_it_names(
    make_app: AppFactory, drill: Path
) -> None:
    app = make_app(drill, discussion=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot, with_moves)  # past the opening cards
        assert app.session is not None and app.session.in_discussion
        labels = {o.key: o.label for o in app.turn_view().moves}
        assert labels == {1: "Convene the cell", 2: "Warn the public", 0: "Pass"}
        await pilot.press("2", "2")  # choose, then send (its own key again)
        await settle(pilot)
        played = [e.action for e in app.session.log if e.by.startswith("team:")]
        assert played == [PlayMove("cell", "warn")]


async def test_the_facilitator_takes_answers_and_ratings_down_with_keys(
    make_app: AppFactory, drill: Path
) -> None:
    app = make_app(drill)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await to_turn_screen(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter", *"The adviser", "enter")  # the second question
        await settle(pilot)
        await pilot.press("A", "enter", "enter")  # the first, discussed
        await settle(pilot)
        await pilot.press("R", "down", "enter", *"Roles unclear", "enter")  # coordination: S
        await settle(pilot)
        session = app.session
        assert session is not None
        answers = {q: r.body for q, r in session.answers().items()}
        first, second = (q.id for q in session.scenario.questions()[:2])
        assert answers == {
            second: Answer(second, "The adviser"),
            first: Answer(first, "", discussed=True),
        }
        rated = session.ratings()["coordination"].body
        assert rated == Rating("coordination", "S", "Roles unclear")
