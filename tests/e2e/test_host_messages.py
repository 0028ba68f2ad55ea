"""Two hosted seats write to each other in headless Chromium (issue 24): a message typed at
one browser seat pops up as a notice on the other's turn screen and is listed on its
messages screen; the reply appears on the writer's open messages screen by itself; typed
markup shows as typed (the hosting, the browser and the reading of the page:
tests/e2e/browser.py).
"""

from __future__ import annotations

from typing import Any

from .browser import (
    BROWSER_TESTS,
    open_seat,
    press_until,
    screenshot,
    seat_browser,
    wait_for,
    wait_for_glimpse,
)

pytestmark = BROWSER_TESTS
TO_SOUTH = "Hold the line at the ford [b]tonight[/b]"
TO_NORTH = "Agreed, we march at dawn"
NOTICE = "✉ Northport → Southhaven"


def test_two_browser_seats_exchange_private_messages(hosted: dict[str, Any]) -> None:
    codes = hosted["codes"]
    with seat_browser() as browser:
        north = open_seat(browser, hosted["url"], codes["northport"])
        south = open_seat(browser, hosted["url"], codes["southhaven"])
        press_until(north, "Moves: Northport")
        press_until(south, "Waiting for")

        # Northport writes to Southhaven (the first one a team may write to).
        north.keyboard.press("c")
        wait_for(north, "Messages · Northport", "Southhaven")
        north.keyboard.type(TO_SOUTH)
        north.keyboard.press("Enter")
        wait_for(north, "Northport → Southhaven", "tonight")
        # Southhaven, at its turn screen, gets a notice at the bottom right of its page for
        # a few seconds (read frame by frame: it may be gone before the test looks again).
        shown = wait_for_glimpse(south, NOTICE, TO_SOUTH)
        line = next(row for row in shown.splitlines() if NOTICE in row)
        assert line.index(NOTICE) > len(line) // 2, shown
        assert "[b]tonight[/b]" in shown  # as typed, never read as markup
        screenshot(south, "messages-notice-southhaven")

        # Southhaven opens its messages: the message is there; its reply reaches
        # Northport's open messages screen by itself.
        south.keyboard.press("c")
        wait_for(south, "Messages · Southhaven", "Northport → Southhaven", TO_SOUTH)
        south.keyboard.type(TO_NORTH)
        south.keyboard.press("Enter")
        wait_for(south, "Southhaven → Northport", TO_NORTH)
        wait_for(north, "Southhaven → Northport", TO_NORTH)
        screenshot(north, "messages-northport")
        screenshot(south, "messages-southhaven")
