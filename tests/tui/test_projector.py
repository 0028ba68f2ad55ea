"""The projector board: the observer seat of a shared table, drawn for a room.

Real `SeatApp`s on one SQLite table, driven by keys through Pilot: a team moves, the board
follows, newest result first; several projectors watch at once; `--projector` with a
team's code is refused; an exercise's module and its questions are on the board, never a
note. Snapshots at 80x24 and 160x50.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from wargame.engine import PlayMove
from wargame.play.projector import board_view
from wargame.scenario.loader import load_scenario
from wargame.scenario.plain import whole
from wargame.session import Seat, Session
from wargame.table import open_store
from wargame.table.replica import create_table
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.problems import ProblemsScreen
from wargame.tui.screens.projector import ProjectorScreen, results_text
from wargame.tui.seat_app import SeatApp
from wargame.tui.widgets.bigtext import big_lines
from wargame.tui.widgets.keybar import KeyBar
from wargame.tui.widgets.moves import MoveList

from .conftest import REPO, settle, until
from .test_covered import shown_text
from .test_seat_app import _app, _running, _table, _until, _until_joined, step


def _board_text(app: SeatApp) -> str:
    """What the board shows now, as the terminal draws it."""
    assert isinstance(app.screen, ProjectorScreen)
    return shown_text(app)


def _words(text: str) -> str:
    """`text` without the boxes' borders, its words one space apart (a wrapped line reads
    as one)."""
    return " ".join(text.translate(BORDERS).split())


BORDERS = str.maketrans(dict.fromkeys("│┃╭╮╰╯━─", " "))


async def test_the_board_says_who_decides_in_block_letters_and_follows_a_move(
    tmp_path: Path,
) -> None:
    db, _, codes = _table(tmp_path, umpire=False)
    north = _app(db, tmp_path, codes["northport"])
    board = _app(db, tmp_path, codes["observer"])
    async with _running([north, board]) as (north_pilot, board_pilot):
        for pilot in (north_pilot, board_pilot):
            await _until_joined(pilot)
        await _until(board_pilot, lambda: isinstance(board.screen, ProjectorScreen))
        screen = board.screen
        assert isinstance(screen, ProjectorScreen) and board.session is not None
        assert not screen.query(MoveList)  # no move list on the board
        view = board_view(board.session, board.mask)
        assert view.deciding == "Northport"
        text = _board_text(board)
        assert "NOW DECIDING" in text and view.phase in text
        letters = big_lines("Northport", 200, tall=True)
        assert letters is not None and all(row in text for row in letters)  # 5 rows tall
        for day in view.calendar:
            assert _words(day.label) in _words(text)
        # Northport moves (choose, then send): the board shows it was done, and who is next.
        for _ in range(40):
            if north.session is not None and north.session.step_index > 0:
                break
            await step(north_pilot)
        assert north.session is not None
        played = next(e.action for e in north.session.log_entries if isinstance(e.action, PlayMove))
        assert played.actor == "northport"

        def shown() -> bool:
            session = board.session
            return session is not None and any(
                "Northport" in line for line in board_view(session, board.mask).results
            )

        await _until(board_pilot, shown)
        await settle(board_pilot)
        assert board.session is not None
        after = board_view(board.session, board.mask)
        assert _words(after.results[-1]) in _words(_board_text(board))


def test_the_newest_result_comes_first_so_a_short_screen_cuts_the_oldest() -> None:
    shown = results_text(("The oldest.", "The middle one.", "The newest."))
    assert shown.plain.splitlines() == ["• The newest.", "• The middle one.", "• The oldest."]


async def test_small_terminals_get_three_row_letters(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path, umpire=False)
    board = _app(db, tmp_path, codes["observer"])
    async with board.run_test(size=(80, 24)) as pilot:
        await _until_joined(pilot)
        await _until(pilot, lambda: isinstance(board.screen, ProjectorScreen))
        await settle(pilot)
        letters = big_lines("Northport", 200, tall=False)
        assert letters is not None and all(row in _board_text(board) for row in letters)


async def test_a_resized_board_keeps_following_the_game(tmp_path: Path) -> None:
    """A resize of the board (a browser window sized, a terminal dragged) raised in the
    game screen's short-terminal layout, which looked for a move preview the board does
    not have: the board stopped there and never showed the next move."""
    db, _, codes = _table(tmp_path, umpire=False)
    board = _app(db, tmp_path, codes["observer"])
    async with board.run_test(size=(160, 50)) as pilot:
        await _until_joined(pilot)
        await _until(pilot, lambda: isinstance(board.screen, ProjectorScreen))
        await settle(pilot)
        for size in ((80, 24), (100, 30), (160, 50)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
        assert isinstance(board.screen, ProjectorScreen) and board.is_running
        assert "NOW DECIDING" in _board_text(board)


async def test_three_projectors_watch_at_once(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path, umpire=False)
    boards = [_app(db, tmp_path, codes["observer"], heartbeat_seconds=0.05) for _ in range(3)]
    async with _running(boards) as pilots:
        for pilot in pilots:
            await _until_joined(pilot)
        for pilot in pilots:
            await pilot.pause(0.3)  # several heartbeats each
        for board in boards:
            assert not board.lost and isinstance(board.screen, ProjectorScreen)


async def test_projector_option_wants_the_observers_code(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path, umpire=False)
    app = _app(db, tmp_path, codes["northport"], projector=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        assert "observer" in " ".join(str(s.render()) for s in app.screen.query("Static"))


DRILL = REPO / "tests" / "fixtures" / "exercise" / "drill.yaml"
SIZES = {"small": (80, 24), "large": (160, 50)}


def _drill_table(tmp_path: Path, decisions: int) -> dict[str, str]:
    """The drill exercise at a table after the cell's first `decisions`, the arsonist a
    bot and a human umpire; its codes."""
    session = Session(
        load_scenario(DRILL),
        seed=2,
        seats={"cell": Seat("cell", "human", team="Cell"), "rival": Seat("rival", "bot")},
        umpire=Seat("umpire", "human"),
    )
    for _ in range(decisions):
        session.run_bots()
        session.submit(session.legal_actions()[0], by="test")
    session.run_bots()
    store = open_store(tmp_path / "class.table.db", create=True)
    _, codes = create_table(store, session, table_id="drill-board")
    store.close()
    return codes


async def test_an_exercise_board_shows_the_module_and_its_questions_never_a_note(
    tmp_path: Path,
) -> None:
    codes = _drill_table(tmp_path, decisions=1)
    board = _app(tmp_path / "class.table.db", tmp_path, codes["observer"], projector=True)
    async with board.run_test(size=(120, 40)) as pilot:
        await _until_joined(pilot)
        await _until(pilot, lambda: isinstance(board.screen, ProjectorScreen))
        await settle(pilot)
        shown = _words(_board_text(board))
        for text in ("Module 1 of 2", "Module 1: Smoke", "Who leads?", "What do you know?"):
            assert text in shown
        assert "Smoke is reported at the port. For the room: 1. Who calls whom?" in shown
        for note in ("Facts apart from guesses", "find a lead", "fire service", "convene by"):
            assert note not in shown


def _shown(app: SeatApp) -> Callable[[Pilot[int]], object]:
    async def run_before(pilot: Pilot[int]) -> None:
        await until(
            pilot,
            lambda: isinstance(app.screen, ProjectorScreen) and app.session is not None,
            "the board never came up",
        )
        await settle(pilot)
        app.clear_notifications()  # "Joined as ..." times out on the wall clock
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", sorted(SIZES))
def test_snapshot_of_an_exercise_board(
    snap_compare: Callable[..., bool], tmp_path: Path, size: str
) -> None:
    codes = _drill_table(tmp_path, decisions=1)
    app = _app(tmp_path / "class.table.db", tmp_path, codes["observer"], projector=True)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_shown(app))


async def test_at_game_over_the_projector_shows_a_read_only_ending_board(
    tmp_path: Path,
) -> None:
    """The room reads the ending, the final gauges and the headline on the board; the
    observer's debrief (a notes field, branch and report keys) is not put up, and `d` does
    not open it."""
    scenario = load_scenario(REPO / "scenarios" / "tutorial.yaml")
    session = Session(scenario, seed=5, seats={a.id: Seat(a.id, "bot") for a in scenario.actors})
    session.run_bots()
    assert session.is_over
    db = tmp_path / "over.table.db"
    store = open_store(db, create=True)
    _, codes = create_table(store, session)
    store.close()
    board = _app(db, tmp_path, codes["observer"])
    async with _running([board]) as (pilot,):
        await _until_joined(pilot)
        await _until(pilot, lambda: "GAME OVER" in shown_text(board))
        await pilot.press("d", "n", "f", "r")
        await settle(pilot)
        assert isinstance(board.screen, ProjectorScreen)
        assert not any(isinstance(s, DebriefScreen) for s in board.screen_stack)
        assert not board.screen.query(Input)
        assert "Debrief" not in board.screen.query_one(KeyBar).markup_line()
        assert board.session is not None
        view = board_view(board.session, board.mask)
        text = _words(shown_text(board))
        assert view.ending and _words(view.ending) in text
        assert all(_words(g.label) in text for g in view.gauges[:2])


async def test_the_board_reads_cohesion_in_whole_numbers_as_the_dashboard_does(
    tmp_path: Path,
) -> None:
    """The dashboard and the log read NATO cohesion in whole numbers ("71"); the board's
    "Where things stand" read "70.75", a number the room reads aloud."""
    scenario = load_scenario(REPO / "scenarios" / "greenland.yaml")
    session = Session(
        scenario,
        seed=5,
        seats={"denmark": Seat("denmark", "human", team="Denmark")},
    )
    db = tmp_path / "greenland.table.db"
    store = open_store(db, create=True)
    _, codes = create_table(store, session)
    store.close()
    board = _app(db, tmp_path, codes["observer"])
    async with board.run_test(size=(160, 50)) as pilot:
        await _until_joined(pilot)
        await _until(pilot, lambda: "Where things stand" in shown_text(board))
        assert board.session is not None
        cohesion = board.session.state.cohesion[0]
        assert cohesion != int(cohesion)  # the bots moved it: 70.75 on this seed
        row = next(line for line in shown_text(board).splitlines() if "NATO cohesion" in line)
        assert f"{whole(cohesion)}" in row and not re.search(r"\d\.\d", row), row
