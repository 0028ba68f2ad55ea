"""The key bar shows the keys that apply to the seat and the moment (issue 24's keys):
a team's screen shows `f` free actions and `c` messages, the umpire's `w` write news and
`c`; at 80 columns they come in only where there is room, never crowding out the keys that
were there before them.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.pilot import Pilot

from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.widgets.keybar import KeyBar

from .conftest import settle
from .driver import at_debrief, play_until, to_turn_screen
from .test_seat_app import _app, _table, _until_joined
from .test_snapshots import build


def bar(pilot: Pilot[int]) -> str:
    return str(pilot.app.screen.query_one(KeyBar).render())


async def test_each_seat_sees_its_own_free_play_keys(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path)
    shown = {}
    for seat in ("northport", "umpire"):
        app = _app(db, tmp_path, codes[seat])
        async with app.run_test(size=(80, 24)) as pilot:
            await _until_joined(pilot)
            await to_turn_screen(pilot)
            await settle(pilot)
            shown[seat] = bar(pilot)
    assert "f Free action" in shown["northport"] and "c Messages" in shown["northport"]
    assert "w Write news" not in shown["northport"]
    assert "w Write news" in shown["umpire"] and "c Messages" in shown["umpire"]
    assert "f Free action" not in shown["umpire"]
    for line in shown.values():
        assert line.rstrip().endswith("^p Commands")  # nothing cut off at 80 columns


async def test_at_80_columns_the_free_play_keys_never_crowd_out_the_others(
    tmp_path: Path,
) -> None:
    """At a hot-seat screen, move by move: every key the wide bar shows but free play's is
    on the 80-column bar too, and the 80-column bar fits its row."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    narrow, wide = build(tmp_path / "a"), build(tmp_path / "b")
    async with narrow.run_test(size=(80, 24)) as small, wide.run_test(size=(160, 50)) as large:
        for pilot in (small, large):
            await settle(pilot)
        free_play = {"f Free action", "c Messages", "w Write news"}
        seen_extra = False
        for press in ("enter", "enter", "enter", "1", "1", "enter", "enter", "enter", "1"):
            for pilot in (small, large):
                await pilot.press(press)
                await settle(pilot)
                while press == "enter" and isinstance(pilot.app.screen, BriefingScreen):
                    # At 80x24 Enter reads a long briefing on before it begins: read it to
                    # the end (waiting for the game, not counting presses), as one Enter
                    # does on the large screen.
                    await pilot.press("enter")
                    await settle(pilot)
            if not isinstance(small.app.screen, GameScreen):
                continue
            line, full = bar(small), bar(large)
            assert len(line) <= 78, line
            for part in re.split(r"\s{2,}|│", full):
                part = part.strip()
                if part and part not in free_play and part != "^p Commands":
                    assert part in line, (part, line)
            seen_extra = seen_extra or "f Free action" in line
        assert seen_extra  # (free play's keys do come in where there is room)


async def test_at_80_columns_the_debrief_keeps_its_quit_key(tmp_path: Path) -> None:
    """The debrief's bar at 80 columns cropped "q Quit" off its end (issue 20's
    playthrough): the last keys give way first, never the quit key."""
    app = build(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # "d" from the turn screen; a bot's result card may come up first (answered with
        # Enter): pressing "d" straight after the turn screen showed went to that card.
        await play_until(pilot, at_debrief, choose=lambda app: "d", limit=20)
        assert isinstance(pilot.app.screen, DebriefScreen)
        line = bar(pilot)
        assert "q Quit" in line and len(line) <= 78, line
        assert line.rstrip().endswith("^p Commands")
