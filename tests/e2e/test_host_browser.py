"""`wargame host` on loopback, two seats in headless Chromium, each seeing only its own view
(the hosting, the browser and the reading of the page: tests/e2e/browser.py)."""

from __future__ import annotations

from typing import Any

from .browser import BROWSER_TESTS, open_page, press_until, screen, seat_browser, wait_for

pytestmark = BROWSER_TESTS
NORTH_SECRET = "Northport wants the pact to hold"
SOUTH_SECRET = "resents being"


def test_two_browser_seats_each_see_only_their_own_side(hosted: dict[str, Any]) -> None:
    codes = hosted["codes"]
    with seat_browser() as browser:
        north, south = (open_page(browser, hosted["url"]) for _ in range(2))

        # A wrong code is refused and reveals nothing.
        south.keyboard.type("ZZZZ-ZZZZ")
        south.keyboard.press("Enter")
        wait_for(south, "does not open a seat")

        for seat, page in (("northport", north), ("southhaven", south)):
            page.keyboard.type(codes[seat])
            page.keyboard.press("Enter")
        north_briefing = wait_for(north, NORTH_SECRET)
        south_briefing = wait_for(south, SOUTH_SECRET)
        assert SOUTH_SECRET not in north_briefing
        assert NORTH_SECRET not in south_briefing

        # Past the briefings and the opening news to the turn screen.
        press_until(north, "Moves: Northport")
        press_until(south, "Waiting for")
        # Northport acts; Southhaven's screen shows it within a moment.
        north.keyboard.press("1")
        wait_for(north, "sends it")  # armed: the move asks before it is sent
        north.keyboard.press("Enter")
        shown_south = wait_for(south, "Northport played", "you: Southhaven")
        shown_north = wait_for(north, "you: Northport")
        assert NORTH_SECRET not in shown_south and SOUTH_SECRET not in shown_north
        assert screen(north) != screen(south)
