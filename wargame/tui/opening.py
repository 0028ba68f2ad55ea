"""How a game begins: a save resumed, a scenario opened (its content note over its setup),
the list of scenarios, or a what-if branched off the game on screen; and, when a file does
not open, a screen that says why."""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from wargame.errors import SaveFormatError, ScenarioError
from wargame.play import Masker, ScenarioIR, briefed_in, load_scenario
from wargame.session import EVERY_DRAW, Session, UmpireRules, load_session
from wargame.tui.screens.notice import ContentNoteScreen
from wargame.tui.screens.problems import ProblemsScreen
from wargame.tui.screens.setup import SetupChoice, SetupScreen
from wargame.tui.screens.start import StartScreen

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp


class Opener:
    """Puts an app's first screens up and begins the game they lead to."""

    def __init__(self, app: WargameApp) -> None:
        self.app = app

    def start(self) -> None:
        """Put the first screen up: a save to resume, a scenario to open, or the list."""
        app = self.app
        options = app.options
        if options.resume is not None:
            self.resume(options.resume)
        elif options.path is not None:
            self.open_scenario(options.path, from_list=False)
        else:
            app.push_screen(StartScreen(options.cwd, include_shipped=options.include_shipped))

    def branch(self, step: int) -> None:
        """What if? A new game from the one on screen as it stood after `step`, saved
        apart from it (its own autosave, named after its parent)."""
        app = self.app
        session = app.session
        if session is None:
            return
        parent_name = str(app.saver.path) if app.saver.path else session.scenario.id
        child = session.fork(step, name=parent_name)
        app.saver.path = None
        app.briefed = briefed_in(child)
        app.begin(child, announce=f"What if? A new game branched after step {step}.")

    def resume(self, path: Path) -> None:
        app = self.app
        try:
            session = load_session(path, allow_unverified=app.options.allow_unverified)
        except (SaveFormatError, OSError) as exc:
            self.problem(f"Cannot resume {path}", message=str(exc))
            return
        app.saver.path = path
        file_name = session.scenario.source_name
        app.scenario_path = Path(file_name) if file_name and Path(file_name).is_file() else None
        app.briefed |= briefed_in(session)
        app.begin(session, announce=f"Resumed {path.name} at step {session.step_index}")

    def problem(
        self,
        title: str,
        *,
        message: str = "",
        error: ScenarioError | None = None,
        source: str | None = None,
        from_list: bool = False,
    ) -> None:
        app = self.app
        app.exit_status = 1
        screen = ProblemsScreen(
            title,
            diagnostics=error.diagnostics if error else (),
            message=message,
            source_text=source,
            can_go_back=from_list,
        )
        if from_list:
            app.push_screen(screen, lambda _: setattr(app, "exit_status", 0))
        else:
            app.push_screen(screen)

    def open_scenario(self, path: Path, *, from_list: bool) -> None:
        app = self.app
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            source = None
            with contextlib.suppress(OSError):
                source = path.read_text(encoding="utf-8", errors="replace")
            self.problem(f"{path} does not load", error=exc, source=source, from_list=from_list)
            return
        app.scenario_path = path
        app.mask = Masker(scenario.masking, enabled=app.options.masked)
        setup = self.setup(scenario)
        if scenario.content_note:
            # The note goes over the setup, which is composed under it while it is read.

            def after_note(go_on: bool | None) -> None:
                if not go_on:
                    setup.dismiss(None)  # as closing the setup: back to the list, or exit

            app.push_screen(
                ContentNoteScreen(app.mask(scenario.title), app.mask(scenario.content_note)),
                after_note,
            )

    def setup(self, scenario: ScenarioIR) -> SetupScreen:
        app = self.app
        seed: int | str = (
            app.options.seed if app.options.seed is not None else secrets.randbelow(1_000_000)
        )

        def after_setup(choice: SetupChoice | None) -> None:
            if choice is None:
                if app.options.path is not None and app.options.resume is None:
                    app.exit()
                return
            session = Session(
                scenario,
                seed=choice.seed,
                seats=dict(choice.seats),
                umpire=choice.umpire,
                masked=app.options.masked,
                discussion=app.options.discussion,
                umpire_rules=EVERY_DRAW if choice.every_draw else UmpireRules(),
                details=choice.details,
                roster=choice.roster,
            )
            app.begin(session)

        setup = SetupScreen(scenario, seed=seed, umpire=app.options.umpire, masker=app.mask)
        app.push_screen(setup, after_setup)
        return setup
