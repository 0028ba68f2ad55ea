"""The shipped exercise at a hot-seat screen, keys only, from the content note to the
debrief: the umpire's briefing and every module's notes come behind the curtain, each module
opens on its own card, the facilitator takes an answer and a rating down mid-game, and the
debrief opens at the end with the records kept."""

from __future__ import annotations

from textual.widgets import Static

from tests.scenarios.shipped import SCENARIOS
from tests.tui.conftest import AppFactory, settle
from tests.tui.driver import at_debrief, start_game, step
from wargame.tui.app import WargameApp
from wargame.tui.screens.dialogs import ChoiceDialog, ResultDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.module import ModuleScreen
from wargame.tui.screens.notice import HandoverScreen


def first_listed(app: WargameApp) -> str:
    """The number key of the first move listed. In discussion mode a move keeps the key it
    was first shown with, so the second phase's first move is not 1."""
    return str(next(o.key for o in app.turn_view().moves if o.available and o.key <= 9))


async def test_cable_cut_plays_from_the_content_note_to_the_debrief(
    make_app: AppFactory,
) -> None:
    app = make_app(SCENARIOS / "cable_cut.yaml")
    seen: list[str] = []
    recorded = False
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, umpire="human")
        for _ in range(600):
            screen = app.screen
            if at_debrief(app):
                break
            if isinstance(screen, HandoverScreen):
                seen.append("curtain: " + str(screen.query_one("#handover-who", Static).content))
            elif isinstance(screen, ResultDialog):
                seen.append("card: " + str(screen.query_one("#result-title", Static).content))
            elif isinstance(screen, ModuleScreen):
                page = screen.page
                seen.append(f"{'notes' if page.notes else 'module'}: {page.title}")
            if isinstance(screen, GameScreen) and not recorded and app.session is not None:
                # The facilitator, at the cell's first decision: the first question
                # discussed, then Operational Coordination rated S with why.
                await pilot.press("A")
                await settle(pilot)
                assert isinstance(app.screen, ChoiceDialog)
                await pilot.press("enter", "enter")
                await settle(pilot)
                await pilot.press("R", "down", "enter", *"Lead named late", "enter")
                await settle(pilot)
                recorded = True
                continue
            await step(pilot, first_listed)
        await settle(pilot)
        assert at_debrief(app), seen[-10:]
        session = app.session
        assert session is not None and session.is_over
        assert len(session.answers()) == 1
        rating = session.ratings()["operational_coordination"].body
        assert (rating.rating, rating.observation) == ("S", "Lead named late")  # type: ignore[union-attr]
    briefing = seen.index("card: The umpire's briefing")
    assert seen[briefing - 1] == "curtain: The umpire's eyes only"
    modules = [
        "Module 1: Detection and attribution",
        "Module 2: Cascading effects and public pressure",
        "Module 3: Escalation, deepfake and recovery",
    ]
    opened = [seen.index(f"module: {title}") for title in modules]
    assert opened == sorted(opened)
    for title in modules:
        note = seen.index(f"notes: {title}")
        assert seen[note - 1] == "curtain: The umpire's eyes only"
        assert seen.index(f"card: Questions for the room: {title}") > note
    assert "card: Facilitator's note: Two subsea cables fail" in seen
