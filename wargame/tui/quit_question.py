"""What `q` does at an app: during a game, ask first (`QuitDialog`), from the turn screen
and from any dialog over it alike, with the words of `wargame.tui.quitting`; before a game,
quit at once. Quitting a game by accident costs a class its session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wargame.tui.screens.dialogs import QuitDialog
from wargame.tui.screens.problems import ProblemsScreen

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp


async def ask_to_quit(app: WargameApp) -> None:
    """`q`: during a game (a dialog over it included) ask first, saying where the game is
    kept and how to come back (`app.quit_words`); before one, quit; over the problems
    screen, leave with its exit status."""
    if isinstance(app.screen, ProblemsScreen):
        app.exit(app.exit_status)
        return
    if app.session is None:
        await app.quit_now()
        return
    if isinstance(app.screen, QuitDialog):
        return  # its own q quits
    title, lines = app.quit_words()

    async def answered(quit: object) -> None:
        if quit is True:
            await app.quit_now()

    app.push_screen(QuitDialog(title, lines), answered)


__all__ = ["ask_to_quit"]
