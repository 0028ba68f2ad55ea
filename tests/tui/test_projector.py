"""The projector board: the observer seat of a shared table, drawn for a room.

Real `SeatApp`s on one SQLite table, driven by keys through Pilot: a team moves, the board
follows; several projectors watch at once; `--projector` with a team's code is refused.
"""

from __future__ import annotations

from pathlib import Path

from wargame.engine import PlayMove
from wargame.play.projector import board_view
from wargame.tui.screens.problems import ProblemsScreen
from wargame.tui.screens.projector import ProjectorScreen
from wargame.tui.seat_app import SeatApp
from wargame.tui.widgets.bigtext import big_lines
from wargame.tui.widgets.moves import MoveList

from .conftest import settle
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


async def test_small_terminals_get_three_row_letters(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path, umpire=False)
    board = _app(db, tmp_path, codes["observer"])
    async with board.run_test(size=(80, 24)) as pilot:
        await _until_joined(pilot)
        await _until(pilot, lambda: isinstance(board.screen, ProjectorScreen))
        await settle(pilot)
        letters = big_lines("Northport", 200, tall=False)
        assert letters is not None and all(row in _board_text(board) for row in letters)


async def test_three_projectors_watch_at_once(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path, umpire=False)
    boards = [
        _app(db, tmp_path, codes["observer"], heartbeat_seconds=0.05) for _ in range(3)
    ]
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
