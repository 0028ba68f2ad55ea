"""Saving the game from the terminal app: the autosave after every step, `s`, the export
beside it, and the after-action report. Writing happens on a worker thread; the status line
says when the last save landed, and a failed write says why."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wargame.errors import WargameError
from wargame.session import Session, session_to_dict
from wargame.session.atomic import write_atomic
from wargame.session.saves import has_started

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp


class Saver:
    """Writes an app's session where it should go, and says so."""

    def __init__(self, app: WargameApp) -> None:
        self.app = app
        self.path: Path | None = None
        """The autosave (a resumed game: the file it came from)."""
        self.last_saved = ""
        """" (HH:MM:SS)" of the last save, for the status line."""

    def autosave(self) -> None:
        """Save after a step (when the game autosaves and has started)."""
        session = self.app.session
        if self.app.options.autosave and session is not None and has_started(session):
            self._save_to(self.path, announce=False)

    def save_now(self) -> None:
        """`s`: save now, and say so."""
        self._save_to(self.path, announce=True)

    def export(self) -> None:
        """A copy of the save for sharing, named after the scenario and the time."""
        session = self.app.session
        if session is None:
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = self.app.options.cwd or Path.cwd()
        self._save_to(folder / f"{session.scenario.id}-export-{stamp}.wgsave.json", announce=True)

    def _save_to(self, path: Path | None, *, announce: bool) -> None:
        session = self.app.session
        if session is None or path is None:
            return
        data = json.dumps(session_to_dict(session), indent=1, ensure_ascii=False)
        self.app.run_worker(
            lambda: self._write(path, data.encode("utf-8"), announce),
            thread=True,
            group="save",
            description="Saving",
        )

    def _write(self, path: Path, data: bytes, announce: bool) -> None:
        app = self.app
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # the saves folder, on first use
            write_atomic(path, data)
        except (OSError, WargameError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            app.call_from_thread(
                app.notify,
                f"Could not save to {path}: {reason}",
                title="Save failed",
                severity="error",
                timeout=10,
            )
            return
        stamp = datetime.now().strftime("%H:%M:%S")
        app.call_from_thread(self._saved, path, stamp, announce)

    def _saved(self, path: Path, stamp: str, announce: bool) -> None:
        self.last_saved = f" ({stamp})"
        if announce:
            self.app.notify(f"Saved to {path}", title="Saved")
        self.app.show_status()

    # -- the report -----------------------------------------------------------------------

    def report(self) -> None:
        """Write the after-action report (HTML, charts inside) beside the exported saves."""
        app = self.app
        session = app.session
        if session is None:
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = app.options.cwd or Path.cwd()
        app.notify("Writing the after-action report…", title="Report", timeout=3)
        self._write_report(session, folder / f"{session.scenario.id}-report-{stamp}.html")

    def _write_report(self, session: Session, path: Path) -> None:
        self.app.run_worker(
            lambda: self._report_in_thread(session, path),
            thread=True,
            group="report",
            description="Writing the report",
        )

    def _report_in_thread(self, session: Session, path: Path) -> None:
        # matplotlib and the report builder load only here, on a worker thread.
        from wargame.report import ReportDependencyError, write_report
        from wargame.report.from_session import session_report

        app = self.app
        try:
            report = session_report(session, mask=app.mask, source=str(self.path or ""))
            write_report(report, path)
        except ReportDependencyError as exc:
            app.call_from_thread(
                app.notify, str(exc), title="Report needs matplotlib", severity="warning",
                timeout=15,
            )
            return
        except OSError as exc:
            app.call_from_thread(
                app.notify, f"Could not write {path}: {exc.strerror or exc}",
                title="Report failed", severity="error", timeout=10,
            )
            return
        app.call_from_thread(app.notify, f"Report written to {path}", title="Report")
