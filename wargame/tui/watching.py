"""`wargame play --watch`: reload the scenario when its file changes, replaying the game so
far on the new version (for authors playtesting). A version that does not load leaves the
game as it was, with a notice listing the first problems (file:line:col each)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wargame.errors import IllegalActionError, ScenarioError
from wargame.play import ScenarioIR, load_scenario
from wargame.session import Seat, Session

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp

WATCH_PROBLEMS = 5
"""Problems of a broken scenario listed in the notice."""


def mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


class ScenarioWatcher:
    """Looks at the scenario file's time stamp once a second (`check`)."""

    def __init__(self, app: WargameApp) -> None:
        self.app = app
        self.seen: float | None = None
        """The file's time stamp when it was last loaded."""

    def start(self, path: Path) -> None:
        self.seen = mtime(path)

    def check(self) -> None:
        """Reload the scenario when its file changed, replaying the game so far on it."""
        app = self.app
        session = app.session
        path = app.scenario_path
        if session is None or path is None or app.busy or app.presenter.presenting:
            return
        stamp = mtime(path)
        if stamp is None or stamp == self.seen:
            return
        self.seen = stamp
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            shown = [d.format() for d in exc.diagnostics[:WATCH_PROBLEMS]] or [str(exc)]
            if len(exc.diagnostics) > WATCH_PROBLEMS:
                shown.append(f"… and {len(exc.diagnostics) - WATCH_PROBLEMS} more")
            count = len(exc.diagnostics)
            app.notify(
                f"{count} problem{'s' if count != 1 else ''}; still playing the previous "
                "version.\n" + "\n".join(shown),
                title=f"{path.name} does not load",
                severity="error",
                timeout=15,
            )
            return
        fresh = Session(
            scenario,
            seed=session.seed,
            seats=seats_for(scenario, session.seats),
            umpire=session.umpire,
            masked=session.masked,
            notes=session.notes,
        )
        replayed = 0
        for entry in session.log_entries:
            try:
                fresh.submit(entry.action, by=entry.by)
            except (IllegalActionError, KeyError, ValueError):
                break
            replayed += 1
        app.replace_session(fresh, same_game=True)
        app.notify(
            f"Replayed {replayed} of {session.step_index} actions on the new version.",
            title=f"Reloaded {path.name}",
        )
        app.after_rewind()


def seats_for(scenario: ScenarioIR, seats: dict[str, Seat]) -> dict[str, Seat]:
    """The seats that still name actors of a reloaded scenario."""
    return {actor: seat for actor, seat in seats.items() if actor in scenario.names.actors}
