"""`wargame host` served to headless Chromium, for the browser tests of tests/e2e.

The real command serves the real join process to real browser pages through textual-serve.
The page draws the terminal on a canvas, so a test reads what it shows the way the page
does: an init script records the terminal bytes arriving over the page's WebSocket, and
pyte, a terminal emulator, replays them into rows of text (`screen`). Every wait here is
for a condition (a text on the page, a port listening); its bound only stops a wait that
would never end, on a loaded machine.

A test module uses it as::

    from .browser import BROWSER_TESTS, hosting, open_seat, seat_browser, wait_for
    pytestmark = BROWSER_TESTS
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("textual_serve")
playwright_api = pytest.importorskip("playwright.sync_api")
pyte = pytest.importorskip("pyte")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_TESTS = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("WARGAME_CI"),
    reason="Debian's chromium is not installed",
)
"""The mark of a browser test: CI installs chromium (.ci/run sets WARGAME_CI), so there a
missing browser fails the test instead of skipping it."""
WAIT = 120.0
"""The bound on a wait for the page (a seat's screen took more than 10 s to show another's
move on a loaded machine): a wait returns as soon as its condition holds."""
SHOTS = os.environ.get("WARGAME_SCREENSHOTS", "")
"""A folder to write pages' screenshots into, to look at (unset: none written)."""

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
VIEWPORT = {"width": 1280, "height": 860}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def hosting(tmp_path: Path, scenario: str, *options: str) -> Iterator[dict[str, Any]]:
    """`wargame host scenarios/SCENARIO OPTIONS...` on a free loopback port, until the block
    ends; yields what it prints with `--format json` (its `url` and the seats' `codes`)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "wargame", "host", str(REPO / "scenarios" / scenario),
            *options, "--port", str(port), "--format", "json",
            "--db", str(tmp_path / "class.table.db"),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    try:
        assert process.stdout is not None
        info: dict[str, Any] = json.loads(process.stdout.readline())
        deadline = time.monotonic() + WAIT
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


@contextmanager
def seat_browser() -> Iterator[Any]:
    """A headless Chromium to open seats in, closed when the block ends."""
    with playwright_api.sync_playwright() as driver:
        assert CHROMIUM is not None, "chromium is required here (apt-get install chromium)"
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Any, url: str, viewport: dict[str, int] | None = None) -> Any:
    """A new page (its own context: its own seat) at the host's join screen, focused;
    `viewport` is the window's size in CSS pixels (default `VIEWPORT`)."""
    size = viewport or VIEWPORT
    page = browser.new_context(viewport=size).new_page()
    page.add_init_script(RECORD_TERMINAL)
    page.goto(url)
    wait_for(page, "join code")
    page.mouse.click(size["width"] // 2, size["height"] // 2)  # as a person would
    return page


def open_seat(
    browser: Any, url: str, code: str, viewport: dict[str, int] | None = None
) -> Any:
    """A new page that has typed the join `code` (its seat opens as the host answers)."""
    page = open_page(browser, url, viewport)
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    return page


class _Terminal:
    """A page's terminal replayed so far: each read feeds only the chunks that arrived
    since the last one (replaying all of them each time took seconds on a loaded machine,
    longer than a toast stays up)."""

    def __init__(self, url: str) -> None:
        self.url = url
        query = parse_qs(urlparse(url).query)
        width, height = int(query.get("width", ["80"])[0]), int(query.get("height", ["24"])[0])
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.read = 0

    def frames(self, page: Any) -> Iterator[str]:
        """The terminal's text after each chunk that arrived since the last read."""
        for chunk in self._new(page):
            self.stream.feed(bytes(chunk))
            yield self.text()

    def now(self, page: Any) -> str:
        """The terminal's text after every chunk that arrived."""
        for chunk in self._new(page):
            self.stream.feed(bytes(chunk))
        return self.text()

    def _new(self, page: Any) -> list[list[int]]:
        chunks: list[list[int]] = page.evaluate(f"window.__wgOut.slice({self.read})")
        self.read += len(chunks)
        return chunks

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)


_terminals: weakref.WeakKeyDictionary[Any, _Terminal] = weakref.WeakKeyDictionary()


def _terminal(page: Any) -> _Terminal:
    """The page's terminal, replayed anew when the page opened another connection (its
    size is in the connection's address)."""
    url = page.evaluate("window.__wgUrl")
    kept = _terminals.get(page)
    if kept is None or kept.url != url:
        kept = _terminals[page] = _Terminal(url)
    return kept


def screen(page: Any) -> str:
    """The text the page's terminal shows now."""
    return _terminal(page).now(page)


def wait_for(page: Any, *texts: str, timeout: float = WAIT) -> str:
    """Wait until all `texts` show in one replay of the page's terminal (never mid-paint);
    return what it shows."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(page)
        if all(text in shown for text in texts):
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{texts!r} never all appeared; the page shows:\n{shown}")


def wait_for_glimpse(page: Any, *texts: str, timeout: float = WAIT) -> str:
    """Wait until all `texts` have shown together at some moment since the page was last
    read (a toast comes and goes: it may be gone by the time the test looks); return what
    the page showed then."""
    terminal = _terminal(page)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for shown in terminal.frames(page):
            if all(text in shown for text in texts):
                return shown
        time.sleep(0.2)
    raise AssertionError(f"{texts!r} never showed together; the page shows:\n{terminal.text()}")


def _changed(page: Any, before: str, label: str, timeout: float) -> str:
    """Wait until the page shows something else than `before` and has settled (two replays
    alike), or shows `label`; return what it shows."""
    deadline = time.monotonic() + timeout
    last = before
    while time.monotonic() < deadline:
        time.sleep(0.2)
        shown = screen(page)
        if label in shown or (shown != before and shown == last):
            return shown
        last = shown
    return last


def press_until(page: Any, label: str, key: str = "Enter", presses: int = 10) -> str:
    """Press `key` through briefings and news, one screen at a time, until `label` shows."""
    shown = wait_for(page, "")
    for _ in range(presses):
        if label in shown:
            return shown
        page.keyboard.press(key)
        shown = _changed(page, shown, label, WAIT)
    return wait_for(page, label)


def screenshot(page: Any, name: str) -> None:
    """The page as a PNG in $WARGAME_SCREENSHOTS, when set (to look at what a test saw)."""
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))
