"""What `q` says before a game is left: where the game is kept and how to come back.

Quitting a game by accident costs a class its session, so `q` asks first (`QuitDialog`),
from the turn screen and from any dialog over it alike; these are its words.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from wargame.session import Session
from wargame.session.save_document import SAVE_SUFFIX
from wargame.session.saves import has_started, saves_dir

QUIT_KEYS: tuple[Binding, ...] = (
    Binding("q", "app.quit", "Quit"),
    Binding("ctrl+q", "app.quit", "Quit"),
)
"""A screen's quit keys, for the key bar and for screens that hold their own keys (a modal
screen stops the app's): `q`, and `ctrl+q` where a text field takes the `q` as typing
(Textual then leaves `q` out of the bar, so the bar shows `^q Quit`)."""


def quit_words(session: Session, autosave: Path | None) -> tuple[str, list[str]]:
    """The quit dialog's title and lines for a game on this screen; `autosave` is where it
    is saved (None: it is not saved)."""
    title = "Quit the game?"
    if session.is_over:
        title = "Quit? The game is over."
    if autosave is None:
        return title, [
            "This game is not being saved (autosave is off): what was played is lost.",
            "Press Esc to keep playing, then s to save it first.",
        ]
    if not has_started(session):
        return title, ["Nothing has been played yet, so nothing is saved."]
    where, resume = f"in {autosave}", str(autosave)
    if autosave.parent.resolve() == saves_dir().resolve():
        resume = autosave.name.removesuffix(SAVE_SUFFIX)  # what --resume NAME finds
        where = f"as {resume} in your saves folder ({autosave.parent})"
    return title, [
        f"The game is saved as it stands {where}.",
        "",
        "To carry on later:",
        f"  wargame play --resume {resume}",
        "(or `wargame play --resume` alone to choose from your saves)",
    ]


def seat_quit_words(session: Session, store: str) -> tuple[str, list[str]]:
    """The quit dialog's words at a hosted table's seat: the game goes on without it."""
    title = "Leave the table?" if not session.is_over else "Leave? The game is over."
    return title, [
        "The game goes on at the shared table: nothing is lost.",
        "",
        "To come back, open the address again in a browser and type the same code "
        f"(in a terminal: wargame join {store}).",
    ]


__all__ = ["QUIT_KEYS", "quit_words", "seat_quit_words"]
