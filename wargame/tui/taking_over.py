"""The umpire takes a non-player actor to choose its moves by hand, or hands it back to
its bot (`T`, in a game with a human umpire).

The change is a record (`SeatChange`) through the app's facilitator: into the session at
a hot-seat screen, into the table's log at a shared table, where every seat has it. The
flow then hands the keyboard to the umpire at that actor's move, and the log marks each
move chosen for it as the umpire's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wargame.session import SeatChange
from wargame.tui.screens.dialogs import ChoiceDialog

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp


def ask_take_over(app: WargameApp) -> None:
    """Pick a non-player actor: take it (the umpire chooses its moves by hand from now on,
    each logged as the umpire's) or hand it back to its bot."""
    session = app.session
    if session is None:
        return
    if session.umpire is None or not session.umpire.is_human:
        app.notify("Only a game with a human umpire can have the umpire play an actor.")
        return
    items: list[tuple[str, str]] = []
    for actor in session.scenario.actors:
        seat = session.seats[actor.id]
        name = app.mask(actor.name)
        if seat.by_umpire:
            items.append((f"bot:{actor.id}", f"Hand {name} back to its bot ({seat.policy})"))
        elif seat.is_bot:
            label = f"Take {name} (bot: {seat.policy}): choose its moves by hand"
            items.append((f"umpire:{actor.id}", label))
    if not items:
        app.notify("Teams play every actor: there is none for the umpire to take.")
        return

    def chosen(answer: object) -> None:
        if not isinstance(answer, tuple):
            return
        kind, _, actor = str(answer[0]).partition(":")
        policy = session.seats[actor].policy
        change = SeatChange(actor, "umpire" if kind == "umpire" else "bot", policy)
        if app.facilitator.record(change):
            app.advance()

    dialog = ChoiceDialog(
        "Play a non-player actor by hand",
        items,
        detail="The log marks each move you choose for it as the umpire's.",
        reason_prompt="Enter to confirm (nothing to type)",
        reason_required=False,
    )
    app.push_screen(dialog, chosen)


__all__ = ["ask_take_over"]
