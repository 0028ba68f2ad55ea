"""`wargame host` on loopback, two seats in headless Chromium, each seeing only its own view.

The real command serves the real join process to real browser pages through textual-serve.
The page draws the terminal on a canvas, so the test reads what it shows the way the page
does: it records the terminal bytes arriving over the page's WebSocket (an init script) and
replays them through pyte, a terminal emulator, into rows of text.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("textual_serve")
playwright_api = pytest.importorskip("playwright.sync_api")
pyte = pytest.importorskip("pyte")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# CI installs chromium (.ci/run sets WARGAME_CI): there a missing browser fails the test.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("WARGAME_CI"),
    reason="Debian's chromium is not installed",
)

RECORD_TERMINAL = """
(() => {
  const Native = window.WebSocket;
  window.__wgOut = [];
  window.__wgUrl = "";
  window.WebSocket = function (url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    window.__wgUrl = String(url);
    ws.addEventListener("message", (event) => {
      if (event.data instanceof ArrayBuffer) {
        window.__wgOut.push(Array.from(new Uint8Array(event.data)));
      } else if (event.data instanceof Blob) {
        event.data.arrayBuffer().then((b) => window.__wgOut.push(Array.from(new Uint8Array(b))));
      }
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NORTH_SECRET = "Northport wants the pact to hold"
SOUTH_SECRET = "resents being"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def hosted(tmp_path: Path) -> Iterator[dict[str, object]]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "wargame", "host", str(REPO / "scenarios" / "tutorial.yaml"),
            "--teams", "northport,southhaven", "--seed", "3", "--port", str(port),
            "--format", "json", "--db", str(tmp_path / "class.table.db"),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        deadline = time.monotonic() + 120  # a bound on a wait, not a speed check
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            raise AssertionError("wargame host never listened")
        assert info["url"] == f"http://127.0.0.1:{port}/"
        yield info
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _screen(page: object) -> str:
    """The text the page's terminal shows now."""
    url = page.evaluate("window.__wgUrl")  # type: ignore[attr-defined]
    query = parse_qs(urlparse(url).query)
    columns = int(query.get("width", ["80"])[0])
    rows = int(query.get("height", ["24"])[0])
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    for chunk in page.evaluate("window.__wgOut"):  # type: ignore[attr-defined]
        stream.feed(bytes(chunk))
    return "\n".join(line.rstrip() for line in screen.display)


def _wait_for(page: object, *texts: str, timeout: float = 120.0) -> str:
    """Wait until all `texts` show in one replay of the page's terminal (never mid-paint).
    The timeout only stops a wait that would never end: on a loaded machine a seat's
    screen took more than 10 s to show another's move."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = _screen(page)
        if all(text in shown for text in texts):
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{texts!r} never all appeared; the page shows:\n{shown}")


def test_two_browser_seats_each_see_only_their_own_side(hosted: dict[str, object]) -> None:
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
                page.mouse.click(640, 430)  # focus the terminal, as a person would
                pages[seat] = page
            north, south = pages["northport"], pages["southhaven"]

            # A wrong code is refused and reveals nothing.
            south.keyboard.type("ZZZZ-ZZZZ")
            south.keyboard.press("Enter")
            _wait_for(south, "does not open a seat")

            for seat, page in pages.items():
                page.keyboard.type(codes[seat])
                page.keyboard.press("Enter")
            north_briefing = _wait_for(north, NORTH_SECRET)
            south_briefing = _wait_for(south, SOUTH_SECRET)
            assert SOUTH_SECRET not in north_briefing
            assert NORTH_SECRET not in south_briefing

            # Past the briefings and the opening news to the turn screen.
            for page, label in ((north, "Moves: Northport"), (south, "Waiting for")):
                for _ in range(8):
                    if label in _screen(page):
                        break
                    page.keyboard.press("Enter")
                    time.sleep(0.6)
                _wait_for(page, label)
            # Northport acts; Southhaven's screen shows it within a moment.
            north.keyboard.press("1")
            north.keyboard.press("Enter")  # the move asks before it is sent
            shown_south = _wait_for(south, "Northport played", "you: Southhaven")
            shown_north = _wait_for(north, "you: Northport")
            assert NORTH_SECRET not in shown_south and SOUTH_SECRET not in shown_north
        finally:
            browser.close()
