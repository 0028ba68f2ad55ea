"""Free play between hosted seats (issue 24), each a real `SeatApp` driven by keys: a team
proposes a free action at its own screen, the umpire's screen rules on it when the phase
closes, and the team's screen shows how it was ruled; two teams write to each other and
each message arrives live at its reader's open messages screen, never at the other seats'.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from wargame.engine import ProposeFree, RuleFree
from wargame.tui.screens.channels import ChannelsScreen
from wargame.tui.screens.dialogs import ResultDialog
from wargame.tui.screens.freeplay import FreePlayScreen, FreeRulingScreen, ProposeDialog
from wargame.tui.screens.game import GameScreen

from .conftest import settle
from .driver import step
from .test_seat_app import _app, _running, _table, _until, _until_joined


def shown(screen: object) -> str:
    assert hasattr(screen, "query")
    return "\n".join(str(s.render()) for s in screen.query(Static))


async def test_hosted_seats_propose_rule_and_write_to_each_other(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path)
    apps = [_app(db, tmp_path, codes[seat]) for seat in ("northport", "southhaven", "umpire")]
    north, south, umpire = apps
    async with _running(apps) as pilots:
        for pilot in pilots:
            await _until_joined(pilot)
        p_north, p_south, p_umpire = pilots
        for app, pilot in zip(apps, pilots, strict=True):
            while not isinstance(app.screen, GameScreen):
                await step(pilot)
        assert north.session is not None and north.session.to_act == 0

        # Both teams open their messages; Northport writes to Southhaven.
        await p_south.press("c")
        await settle(p_south)
        await p_north.press("c")
        await settle(p_north)
        assert isinstance(north.screen, ChannelsScreen)
        assert isinstance(south.screen, ChannelsScreen)
        await p_north.press(*"Hold the ford tonight", "enter")
        await settle(p_north)
        await _until(p_south, lambda: "Hold the ford tonight" in shown(south.screen))
        await p_south.press(*"Agreed", "enter")
        await settle(p_south)
        await _until(p_north, lambda: "Agreed" in shown(north.screen))
        assert umpire.table is not None
        await _until(p_umpire, lambda: len(umpire.table.messages) == 2)  # the umpire reads all
        await p_north.press("escape")
        await p_south.press("escape")
        await settle(p_north)

        # Northport proposes a free action at its own screen.
        await p_north.press("f")
        await settle(p_north)
        assert isinstance(north.screen, FreePlayScreen)
        await p_north.press("p")
        await settle(p_north)
        assert isinstance(north.screen, ProposeDialog)
        await p_north.press(*"We open the harbour to Southhaven's boats", "enter")
        await p_north.press(*"It costs us nothing", "ctrl+s")
        await settle(p_north)
        assert north.session is not None
        proposed = north.session.log_entries[-1]
        assert isinstance(proposed.action, ProposeFree) and proposed.action.actor == "northport"

        # Play on until the umpire's screen rules on it.
        for _ in range(200):
            if isinstance(umpire.screen, FreeRulingScreen):
                break
            for app, pilot in zip(apps, pilots, strict=True):
                if isinstance(app.screen, FreeRulingScreen):
                    continue
                await step(pilot)
            await p_umpire.pause(0.05)
        assert isinstance(umpire.screen, FreeRulingScreen)
        assert "We open the harbour" in shown(umpire.screen)
        await p_umpire.press("s", "ctrl+s")
        await settle(p_umpire)
        await _until(
            p_north,
            lambda: any(
                isinstance(e.action, RuleFree)
                for e in north.session.log_entries  # type: ignore[union-attr]
            ),
        )
        ruled = [e for e in north.session.log_entries if isinstance(e.action, RuleFree)]
        assert ruled[0].by == "umpire"

        # Northport's screen shows how it was ruled, in words; Southhaven's never does.
        for _ in range(200):  # past the news of the next turn, if it comes first
            if "Result: your free action" in shown(north.screen):
                break
            if isinstance(north.screen, GameScreen):
                await p_north.pause(0.05)
            else:
                await p_north.press("enter")
                await settle(p_north)
        card = shown(north.screen)
        assert "“We open the harbour to Southhaven's boats”" in card
        assert "Northport, for, rated strong: “It costs us nothing”" in card
        assert isinstance(north.screen, ResultDialog)
        await p_north.press("enter")
        for _ in range(20):
            assert "your free action" not in shown(south.screen)
            if isinstance(south.screen, GameScreen):
                break
            await p_south.press("enter")
            await settle(p_south)
