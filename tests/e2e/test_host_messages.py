"""Two hosted seats write to each other in headless Chromium (issue 24): a message typed at
one browser seat appears on the other's open messages screen within a moment, and the
reply comes back the same way; typed markup shows as typed.

The hosting, the browser and the reading of the page's terminal are those of
test_host_browser.py (its fixture and helpers).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from .test_host_browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    RECORD_TERMINAL,
    _screen,
    _wait_for,
    hosted,
    playwright_api,
)

__all__ = ["hosted"]  # the fixture, used by name
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("WARGAME_CI"),
    reason="Debian's chromium is not installed",
)
SHOTS = os.environ.get("WARGAME_SCREENSHOTS", "")
"""A folder to write each page's screenshot into, to look at (unset: none written)."""

TO_SOUTH = "Hold the line at the ford [b]tonight[/b]"
TO_NORTH = "Agreed, we march at dawn"


def _to_turn_screen(page: object, label: str) -> None:
    for _ in range(10):
        if label in _screen(page):
            return
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        time.sleep(0.6)
    _wait_for(page, label)


def test_two_browser_seats_exchange_private_messages(hosted: dict[str, object]) -> None:
    codes = hosted["codes"]
    assert isinstance(codes, dict)
    with playwright_api.sync_playwright() as driver:
        assert CHROMIUM is not None, "chromium is required here (apt-get install chromium)"
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            pages = {}
            for seat in ("northport", "southhaven"):
                context = browser.new_context(viewport={"width": 1280, "height": 860})
                page = context.new_page()
                page.add_init_script(RECORD_TERMINAL)
                page.goto(str(hosted["url"]))
                _wait_for(page, "join code")
                page.mouse.click(640, 430)
                page.keyboard.type(codes[seat])
                page.keyboard.press("Enter")
                pages[seat] = page
            north, south = pages["northport"], pages["southhaven"]
            _to_turn_screen(north, "Moves: Northport")
            _to_turn_screen(south, "Waiting for")

            # Both open their messages; Northport writes to Southhaven (the first one a
            # team may write to), and it appears on Southhaven's open screen by itself.
            south.keyboard.press("c")
            _wait_for(south, "Messages · Southhaven", "No messages yet")
            north.keyboard.press("c")
            _wait_for(north, "Messages · Northport", "Southhaven")
            north.keyboard.type(TO_SOUTH)
            north.keyboard.press("Enter")
            _wait_for(north, "Northport → Southhaven", "tonight")
            shown = _wait_for(south, "Northport → Southhaven", TO_SOUTH, timeout=20)
            assert "[b]tonight[/b]" in shown  # as typed, never read as markup
            south.keyboard.type(TO_NORTH)
            south.keyboard.press("Enter")
            _wait_for(south, "Southhaven → Northport", TO_NORTH)
            # The reply reaches Northport's open messages screen live.
            _wait_for(north, "Southhaven → Northport", TO_NORTH, timeout=20)
            if SHOTS:
                for seat, page in pages.items():
                    page.screenshot(path=str(Path(SHOTS) / f"messages-{seat}.png"))
        finally:
            browser.close()
