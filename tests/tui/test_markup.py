"""Text from a scenario or a save is shown as written, never read as Rich markup.

An actor named `Blue [/] Team` used to crash `play`, `--resume` and every hosted seat with a
markup error. Here every label of the fixture scenario looks like markup, and the game is
played, resumed and joined through all its screens.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from wargame.scenario.loader import load_scenario
from wargame.scenario.source import read_file
from wargame.session import Seat, Session
from wargame.table import open_store
from wargame.table.replica import create_table
from wargame.tui.app import PlayOptions
from wargame.tui.clock import ManualClock
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.join import JoinScreen
from wargame.tui.seat_app import SeatApp, SeatOptions

from .conftest import FIXTURES, AppFactory, settle, until
from .driver import at_debrief, play_until, prefer_adjudicated, start_game, step

MARKUP = " [/] [bold]b[/bold] [link=x]l[/link] [red"
"""Appended to every label: a stray closing tag, real tags and an unclosed bracket."""
WORDS = frozenset(
    {
        "name", "label", "text", "title", "summary", "briefing", "private_briefing",
        "content_note", "description", "start",
    }
)
"""The keys whose values a player reads."""


def _markup_like(node: Any, key: str = "") -> Any:
    if isinstance(node, dict):
        return {k: _markup_like(v, str(k)) for k, v in node.items()}
    if isinstance(node, list):
        return [_markup_like(item, key) for item in node]
    if isinstance(node, str) and (key in WORDS or key in ("debrief", "labels")):
        return node + MARKUP
    return node


def markup_scenario(folder: Path) -> Path:
    """The fixture with every label a player reads ending in markup-like text."""
    data = _markup_like(read_file(FIXTURES / "strait.yaml").data)
    data["masking"] = {k: v + " [/]" for k, v in data["masking"].items()}
    target = folder / "markup.yaml"
    target.write_text(json.dumps(data, indent=1), encoding="utf-8")  # (JSON is YAML)
    return target


def test_the_fixture_really_carries_markup(tmp_path: Path) -> None:
    scenario = load_scenario(markup_scenario(tmp_path))
    assert scenario.actors[0].name.endswith(MARKUP)
    assert scenario.moves[0].label.endswith(MARKUP)


async def test_a_scenario_whose_labels_look_like_markup_plays_resumes_and_debriefs(
    make_app: AppFactory, tmp_path: Path
) -> None:
    path = markup_scenario(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, all_human=True, umpire="human")
        await pilot.press("b")  # the briefing, from the game screen
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await play_until(pilot, at_debrief, choose=prefer_adjudicated, limit=600)
        assert isinstance(app.screen, DebriefScreen)
        timeline = app.screen.query_one("#timeline", OptionList)
        shown = [timeline.render_line(y).text for y in range(timeline.size.height)]
        assert any(" [/" in line for line in shown), shown  # as written, not as markup
    save = next(tmp_path.glob("*.wgsave.json"))
    for masked in (False, True):
        resumed = make_app(None, resume=save, masked=masked)
        async with resumed.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert resumed.session is not None and resumed.session.is_over
            await pilot.press("d")
            await settle(pilot)
            await play_until(pilot, at_debrief)


async def test_every_seat_of_a_table_with_markup_like_labels_joins_and_plays(
    tmp_path: Path,
) -> None:
    scenario = load_scenario(markup_scenario(tmp_path))
    session = Session(
        scenario,
        seed=3,
        seats={
            "blue": Seat("blue", "human", team="Blue [/] Team"),
            "red": Seat("red", "human", team="[bold]Red"),
        },
        umpire=Seat("umpire", "human"),
    )
    db = tmp_path / "markup.table.db"
    store = open_store(db, create=True)
    _, codes = create_table(store, session)
    store.close()
    for seat in ("blue", "red", "umpire", "observer"):
        options = SeatOptions(str(db), code=codes[seat], poll_seconds=0.05)
        app = SeatApp(options, PlayOptions(clock=ManualClock(), cwd=tmp_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await until(
                pilot,
                lambda app=app: app.table is not None and not isinstance(app.screen, JoinScreen),
                "the seat never joined",
            )
            assert app.table is not None
            for _ in range(8):  # briefings, news, a decision or a ruling, and the log
                await step(pilot)
            assert app.return_code is None, f"{seat} crashed"
