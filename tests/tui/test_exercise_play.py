"""An exercise at a hot-seat screen, with keys only: the umpire's briefing and each
facilitator's note come up behind a "players, look away" curtain at the moment they apply,
modules open on their own card, and the room's questions come up when they are due."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static

from tests.tui.conftest import AppFactory, settle
from tests.tui.driver import at_debrief, start_game, step
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import ResultDialog
from wargame.tui.screens.notice import HandoverScreen

DRILL = Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml"


async def test_notes_come_behind_a_curtain_and_modules_on_their_own_card(
    make_app: AppFactory, tmp_path: Path
) -> None:
    path = tmp_path / "drill.yaml"
    shutil.copy(DRILL, path)
    app = make_app(path)
    seen: list[str] = []
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
            await step(pilot)
        await settle(pilot)
    briefing = seen.index("card: The umpire's briefing")
    assert seen[briefing - 1] == "curtain: The umpire's eyes only"
    assert seen[briefing + 1] == "card: Module 1: Smoke"
    note = seen.index("card: Facilitator's note: Smoke")
    assert seen[note - 1] == "curtain: The umpire's eyes only"
    assert "card: Questions: Smoke" in seen[briefing:note]
    assert seen.index("card: Questions for the room: Module 1: Smoke") < seen.index(
        "card: Module 2: Fire"
    )
