"""The projector board in a browser at 1920×1080, with two team seats of a hosted Greenland
game: a team makes a move, and the board says who decides and what happened, large. A
second projector at 1600×900 watches too, and the first keeps its seat.

The page draws the terminal on a canvas, so the text is read by replaying the terminal's
bytes (tests/e2e/browser.py), and sizes are measured on the page: a text row's height in
CSS pixels (the terminal's drawn height over its rows), and the banner's letters as the
rows of block letters they span. WARGAME_SCREENSHOTS=FOLDER keeps PNGs of the pages.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from wargame.tui.widgets.bigtext import lettered

from .browser import (
    BROWSER_TESTS,
    WAIT,
    hosting,
    open_seat,
    screen,
    screenshot,
    seat_browser,
    wait_for,
)

pytestmark = BROWSER_TESTS
HD = {"width": 1920, "height": 1080}
SMALLER = {"width": 1600, "height": 900}
TEAMS = {"denmark": "Denmark", "greenland": "The Government of Greenland"}


def _rows(page: Any) -> int:
    query = parse_qs(urlparse(page.evaluate("window.__wgUrl")).query)
    return int(query.get("height", ["24"])[0])


def _row_height(page: Any) -> float:
    """The height of one text row on the page, in CSS pixels."""
    height = page.evaluate(
        "document.querySelector('.xterm-screen').getBoundingClientRect().height"
    )
    return float(height) / _rows(page)


def _banner_rows(shown: str, name: str) -> int:
    """How many text rows the block letters of `name` take on the screen (0: none)."""
    lines = shown.splitlines()
    width = max(len(line) for line in lines)
    for rows in (6, 3):
        letters = lettered(name, width - 4, rows)  # inside the banner's border and padding
        if letters and all(row.rstrip() in shown for row in letters):
            return len(letters)
    return 0


def _line_after(shown: str, title: str) -> str:
    """The first line of text inside the box titled `title`."""
    lines = shown.splitlines()
    start = next(i for i, line in enumerate(lines) if title in line)
    return next(
        line.strip(" ┃│") for line in lines[start + 1 :] if line.strip(" ┃│")
    )


def _to_moves(teams: dict[str, Any]) -> str:
    """Press Enter through the teams' briefings and news until one of them has its moves:
    that team's seat."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for seat, page in teams.items():
            shown = screen(page)
            if f"Moves: {TEAMS[seat]}" in shown:
                return seat
            if "Waiting for" not in shown:
                page.keyboard.press("Enter")  # a briefing, a news flash
        time.sleep(0.5)
    raise AssertionError("no team came to its moves")


def test_the_projector_shows_who_decides_and_the_news_large(tmp_path: Path) -> None:
    options = ("--teams", ",".join(TEAMS), "--no-umpire", "--seed", "3")
    with hosting(tmp_path, "greenland.yaml", *options) as hosted, seat_browser() as browser:
        codes, url, board_url = hosted["codes"], hosted["url"], hosted["projector_url"]
        assert "fontsize=" in board_url
        board = open_seat(browser, board_url, codes["observer"], HD)
        teams = {seat: open_seat(browser, url, codes[seat], HD) for seat in TEAMS}
        wait_for(board, "NOW DECIDING", "Latest news")
        acting = _to_moves(teams)
        name = TEAMS[acting]

        # The banner: who decides, in block letters at least three rows tall.
        deadline = time.monotonic() + WAIT
        shown = screen(board)
        while _banner_rows(shown, name) == 0 and time.monotonic() < deadline:
            time.sleep(0.3)
            shown = screen(board)
        # Letters three rows (or more) tall: three times the body text's height.
        assert _banner_rows(shown, name) >= 3, f"no banner for {name}:\n{shown}"
        body = _row_height(board)
        assert body >= 24, f"a text row is {body:.1f} px tall at 1920×1080"
        assert "⏳" not in shown  # a glyph the browser's font lacks (it drew a box)
        screenshot(board, "projector-1920-before")
        screenshot(teams[acting], f"team-{acting}-1920")

        # A second projector, smaller: both watch, neither displaces the other.
        second = open_seat(browser, board_url, codes["observer"], SMALLER)
        wait_for(second, "NOW DECIDING", "Latest news")

        # The team chooses its first move and sends it: both boards say so, newest first.
        page = teams[acting]
        page.keyboard.press("1")
        wait_for(page, "sends it")
        page.keyboard.press("Enter")
        for projector in (board, second):
            shown = wait_for(projector, f"{name} played")
            assert "opened on another screen" not in shown
            newest = _line_after(shown, "Latest results")
            assert newest.startswith(f"• {name} played"), newest
        headline = _line_after(screen(board), "Latest news")
        assert headline and headline != "No news yet."
        # The headline is body text on the board: at least 24 px tall, as every row.
        assert _row_height(board) >= 24 and _row_height(second) >= 24
        screenshot(board, "projector-1920-after")
        screenshot(second, "projector-1600-after")
