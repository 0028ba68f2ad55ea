"""Two hosted seats write to each other in headless Chromium (issue 24): a message typed at
one browser seat appears on the other's open messages screen within a moment, and the
reply comes back the same way; typed markup shows as typed (the hosting, the browser and
the reading of the page: tests/e2e/browser.py).
"""

from __future__ import annotations

from typing import Any

from .browser import BROWSER_TESTS, open_seat, press_until, screenshot, seat_browser, wait_for

pytestmark = BROWSER_TESTS
TO_SOUTH = "Hold the line at the ford [b]tonight[/b]"
TO_NORTH = "Agreed, we march at dawn"


def test_two_browser_seats_exchange_private_messages(hosted: dict[str, Any]) -> None:
    codes = hosted["codes"]
    with seat_browser() as browser:
        north = open_seat(browser, hosted["url"], codes["northport"])
        south = open_seat(browser, hosted["url"], codes["southhaven"])
        press_until(north, "Moves: Northport")
        press_until(south, "Waiting for")

        # Both open their messages; Northport writes to Southhaven (the first one a
        # team may write to), and it appears on Southhaven's open screen by itself.
        south.keyboard.press("c")
        wait_for(south, "Messages · Southhaven", "No messages yet")
        north.keyboard.press("c")
        wait_for(north, "Messages · Northport", "Southhaven")
        north.keyboard.type(TO_SOUTH)
        north.keyboard.press("Enter")
        wait_for(north, "Northport → Southhaven", "tonight")
        shown = wait_for(south, "Northport → Southhaven", TO_SOUTH)
        assert "[b]tonight[/b]" in shown  # as typed, never read as markup
        south.keyboard.type(TO_NORTH)
        south.keyboard.press("Enter")
        wait_for(south, "Southhaven → Northport", TO_NORTH)
        # The reply reaches Northport's open messages screen live.
        wait_for(north, "Southhaven → Northport", TO_NORTH)
        screenshot(north, "messages-northport")
        screenshot(south, "messages-southhaven")
