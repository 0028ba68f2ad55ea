"""Free play at the screen (issue 24): a team proposes a free action in its own words and
another argues against it, the umpire rules on it with changes within the levers and
writes news for some seats, and teams write to each other, each message shown only behind
its reader's hand-over curtain (hot seat) or delivered live (hosted seats).

Keys drive the screens as a class would; a `Select` or a `SelectionList` is set the way a
click sets it.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Select, SelectionList, Static

from wargame.engine import ArgueFree, Confirm, ProposeFree, RuleFree, WriteInject
from wargame.tui.app import WargameApp
from wargame.tui.screens.channels import ChannelsScreen, LettersScreen
from wargame.tui.screens.freeplay import (
    FreePlayScreen,
    FreeRulingScreen,
    ProposeDialog,
    TextDialog,
    WriteNewsDialog,
)
from wargame.tui.screens.game import GameScreen

from .conftest import AppFactory, settle
from .driver import play_until, start_game, step

SIZE = (120, 48)
MARKUP = "[bold red]not markup[/]"


def with_levers(strait: Path) -> Path:
    strait.write_text(
        strait.read_text(encoding="utf-8") + "\nlevers: {tension: 2, trust: 10}\n",
        encoding="utf-8",
    )
    return strait


def shown(screen: object) -> str:
    """Every text the screen's Static widgets show."""
    assert hasattr(screen, "query")
    return "\n".join(str(s.render()) for s in screen.query(Static))


async def at_game_screen_of(pilot: Pilot[int], viewer: int) -> None:
    await play_until(pilot, lambda a: a.viewer == viewer and isinstance(a.screen, GameScreen))


async def test_a_team_proposes_another_argues_and_the_umpire_rules_within_the_levers(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(with_levers(strait))
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, all_human=True, umpire="human")
        session = app.session
        assert session is not None
        await at_game_screen_of(pilot, 0)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FreePlayScreen)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProposeDialog)
        await pilot.press(*"We escort Green's freighters", "enter")
        await pilot.press(*"Trade calms everyone", "enter", "enter", "enter")
        await pilot.press("tab", *"-1", "enter")  # Tension (the first lever) −1
        await pilot.press("ctrl+s")
        await settle(pilot)
        proposal = session.log_entries[-1].action
        assert proposal == ProposeFree(
            "blue", "We escort Green's freighters", ("Trade calms everyone",), (("tension", -1.0),)
        )
        assert session.log_entries[-1].by.startswith("team:")

        # Red, at its turn, argues against it.
        await play_until(pilot, lambda a: a.viewer == 0 and isinstance(a.screen, GameScreen))
        await pilot.press("1", "enter")  # choose, then send
        await settle(pilot)
        await at_game_screen_of(pilot, 1)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FreePlayScreen)
        listed = app.screen.query_one("#open-actions", OptionList).get_option_at_index(0)
        assert "We escort Green's freighters" in str(listed.prompt)
        await pilot.press("minus")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Escorts are a provocation", "enter")
        await settle(pilot)
        assert session.log_entries[-1].action == ArgueFree(
            "red", 1, "Escorts are a provocation", "against"
        )

        # The phase closes: the umpire rates both arguments and rules.
        await play_until(pilot, lambda a: isinstance(a.screen, FreeRulingScreen))
        ruling = app.screen
        assert "We escort Green's freighters" in shown(ruling)
        await pilot.press("s", "w")  # Blue's argument strong; Red's weak (helps Blue)
        await settle(pilot)
        assert "needs 7" in shown(ruling)
        await pilot.press("ctrl+s")
        await settle(pilot)
        ruled = [e.action for e in session.log_entries if isinstance(e.action, RuleFree)]
        assert len(ruled) == 1
        rule = ruled[0]
        assert rule.ratings == ("strong", "weak") and rule.verdict == "dice"
        free_events = [e for e in session.all_events() if e.kind == "free"]
        assert free_events, "the ruling is announced"
        success = "success" in free_events[-1].text
        assert rule.effects == ((("tension", -1.0),) if success else ())


async def test_messages_show_only_behind_their_readers_curtain(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, all_human=True)
        session = app.session
        assert session is not None
        await at_game_screen_of(pilot, 0)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChannelsScreen)
        screen.query_one("#to", Select).value = "red"
        await pilot.press(*f"Meet us at dawn {MARKUP}", "enter")
        await settle(pilot)
        assert [(m.sender, m.to) for m in session.messages] == [("blue", "red")]
        assert "Meet us at dawn" in shown(screen)
        await pilot.press("escape", "1", "enter")  # choose the move, then send it
        await settle(pilot)
        # Red takes the keyboard: after its hand-over (and briefing), the letter.
        seen = await play_until(pilot, lambda a: isinstance(a.screen, LettersScreen | GameScreen))
        assert "HandoverScreen" in seen
        assert isinstance(app.screen, LettersScreen) and app.viewer == 1
        text = shown(app.screen)
        assert f"Meet us at dawn {MARKUP}" in text  # as typed: never read as markup
        await pilot.press("enter")
        await settle(pilot)
        # Green reads no letter, and its messages screen does not show Red's.
        await play_until(pilot, lambda a: a.viewer == 2 or session.is_over)
        while not isinstance(app.screen, GameScreen):
            assert not isinstance(app.screen, LettersScreen)
            await step(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ChannelsScreen)
        assert "Meet us at dawn" not in shown(app.screen)


async def test_the_umpire_writes_news_for_one_team_within_the_levers(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(with_levers(strait))
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, all_human=True, umpire="human")
        session = app.session
        assert session is not None
        await at_game_screen_of(pilot, 0)
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, WriteNewsDialog)
        await pilot.press(*"Storm in the Strait", "enter", *"Ships stay in port", "enter")
        readers = dialog.query_one("#readers", SelectionList)
        readers.deselect("red")
        readers.deselect("green")
        await pilot.press("ctrl+s")
        await settle(pilot)
        news = session.log_entries[-1]
        assert news.action == WriteInject("Storm in the Strait", "Ships stay in port", ("blue",))
        assert news.by == "umpire"
        # Red's screen never shows it.
        await at_game_screen_of(pilot, 1)
        red_log = " ".join(text for _, text in app.turn_view().log)
        assert "Storm in the Strait" not in red_log


async def test_the_umpire_confirms_what_the_argument_rule_gives(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(with_levers(strait))
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, all_human=True, umpire="human")
        session = app.session
        assert session is not None
        await at_game_screen_of(pilot, 0)
        assert app.submit(ProposeFree("blue", "We wait and see"))
        await settle(pilot)
        await play_until(pilot, lambda a: isinstance(a.screen, FreeRulingScreen))
        await pilot.press("c")
        await settle(pilot)
        assert any(isinstance(e.action, Confirm) for e in session.log_entries)
        assert isinstance(app, WargameApp) and not isinstance(app.screen, FreeRulingScreen)
