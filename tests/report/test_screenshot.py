"""The HTML as a browser draws it: opened in headless Chromium and screenshotted.

Skips (with the reason) where Chromium is not installed; CI installs Debian's `chromium`.
Set WARGAME_REPORT_SCREENSHOTS=DIR to keep the pictures for a look.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from wargame.analysis.simulate import BatchOutcome
from wargame.report import build_report, write_report

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _browser() -> str | None:
    return next((b for b in (shutil.which(name) for name in BROWSERS) if b), None)


def _screenshot(html: Path, png: Path, profile: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("headless Chromium is not installed (apt-get install -y chromium)")
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--screenshot={png}",
        "--window-size=1200,2400",
        html.resolve().as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    keep = os.environ.get("WARGAME_REPORT_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)


def _assert_drawn(png: Path) -> None:
    """A real page: the right size, and ink (not a blank or an error page) in every band."""
    image = pytest.importorskip("PIL.Image").open(png).convert("L")
    assert image.size == (1200, 2400)
    for top in range(0, 2400, 600):
        band = image.crop((0, top, 1200, top + 600))
        dark = sum(count for value, count in enumerate(band.histogram()) if value < 128)
        assert dark > 500, f"nothing drawn between y={top} and y={top + 600}"


def test_session_report_renders_in_chromium(tmp_path: Path, tutorial_save: Path) -> None:
    html = tmp_path / "session-report.html"
    write_report(build_report(tutorial_save), html)
    png = tmp_path / "session-report.png"
    _screenshot(html, png, tmp_path / "profile")
    _assert_drawn(png)


def test_batch_report_renders_in_chromium(
    tmp_path: Path, greenland_batch: tuple[Path, BatchOutcome]
) -> None:
    html = tmp_path / "batch-report.html"
    write_report(build_report(greenland_batch[0]), html)
    png = tmp_path / "batch-report.png"
    _screenshot(html, png, tmp_path / "profile")
    _assert_drawn(png)
