"""`q` in a game asks before quitting, says where the game is saved and how to resume it;
from a news flash (or any dialog over the game) it asks too, and the dialog lists its keys.
Snapshots of the question at 80x24 and 160x50."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from wargame.scenario.loader import load_scenario
from wargame.session import Session, save_session
from wargame.session.saves import find_save
from wargame.tui.app import WargameApp
from wargame.tui.quitting import quit_words
from wargame.tui.screens.dialogs import NewsFlash, QuitDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.widgets.keybar import KeyBar

from .conftest import FIXTURES, settle, until
from .driver import play_until
from .test_covered import shown_text
from .test_snapshots import SIZES, build, keys, quiet

SAVE = Path("strait-class.wgsave.json")
"""Where the game saves, relative to the test's folder (a fixed path, for the snapshot)."""


def _app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WargameApp:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WARGAME_SAVE_DIR", str(tmp_path / "saves"))  # SAVE is elsewhere
    return build(tmp_path, autosave=True, save_to=SAVE)


def _played(app: WargameApp) -> bool:
    """Back at a turn after a move: the game has started (and is saved)."""
    session = app.session
    return isinstance(app.screen, GameScreen) and session is not None and session.step_index > 0


async def _after_a_move(pilot: Pilot[int]) -> None:
    await keys("enter", "enter")(pilot)
    await play_until(pilot, _played)


async def test_q_asks_says_where_the_save_is_and_esc_keeps_playing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await _after_a_move(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, QuitDialog)
        shown = " ".join(shown_text(app).split())
        assert f"saved as it stands in {SAVE}." in shown
        assert f"wargame play --resume {SAVE}" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen) and app.is_running
        await pilot.press("q", "q")
        await until(pilot, lambda: not app.is_running, "the app never quit")
    assert (tmp_path / SAVE).exists()


async def test_q_over_a_news_flash_asks_too_and_the_flash_lists_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys("enter", "enter")(pilot)
        await play_until(pilot, lambda a: isinstance(a.screen, NewsFlash))
        flash = app.screen
        line = flash.query_one(KeyBar).markup_line()
        assert "Continue" in line and "Quit" in line
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is flash  # back to the news, which still waits for its key


async def _asking(pilot: Pilot[int]) -> None:
    await _after_a_move(pilot)
    await pilot.press("q")
    await settle(pilot)
    assert isinstance(pilot.app, WargameApp)
    quiet(pilot.app)
    await pilot.pause()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_snapshot_of_the_quit_question(
    snap_compare: Callable[..., bool],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: str,
) -> None:
    app = _app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_asking)


def test_a_game_in_the_saves_folder_resumes_by_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARGAME_SAVE_DIR", str(tmp_path / "saves"))
    session = Session(load_scenario(FIXTURES / "strait.yaml"), seed=1)
    session.run_bots()  # every seat a bot: the game is played
    save = tmp_path / "saves" / "strait-20261207-0900.wgsave.json"
    _, lines = quit_words(session, save)
    assert f"as strait-20261207-0900 in your saves folder ({save.parent})." in lines[0]
    assert "  wargame play --resume strait-20261207-0900" in lines
    save.parent.mkdir()
    save_session(session, save)
    assert find_save("strait-20261207-0900", [save.parent]) == save  # the line works
