"""The `?` screen: what every key does, in the words a facilitator would use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from wargame.tui.focus import QuietFocus

HELP_TEXT = """\
# Keys

| Key | Does |
|---|---|
| ↑ ↓, Enter | choose a move; Enter again sends it |
| 1–9 | choose move *n* (its number all game; 1 then 2: move 12); again sends it |
| 0 | choose Pass |
| Esc | choose again (before the move is sent) |
| Tab | move between panels |
| `b` | read your briefing again |
| `f` | free actions: propose your own (`p`), argue for (`+`) or against (`−`) another's |
| `c` | messages: read your team's, write to another team or the umpire |
| `w` | write news (umpire or facilitator): headline, text, who reads it, changes |
| `l` | focus the event log |
| `r` | rules view (facilitator): the highlighted move's condition and effects as written |
| `u` / `U` | undo / redo the last decision (bots replay) |
| `i` | inject an event (umpire or facilitator) |
| `a` | adjust a variable, with a reason |
| `e` | end the phase now (umpire) |
| `space` | pause or resume the phase timer |
| `+` | give the phase two more minutes |
| `s` | save now (every action is saved anyway) |
| `d` | jump to the debrief |
| `t` | switch light / dark theme |
| `ctrl+p` | command palette: every facilitator command by name |
| `?` | this help |
| `q` | quit (the game is saved; `wargame play --resume FILE` continues it) |

# Hot-seat play

When the next decision belongs to another team, a hand-over screen hides the board:
pass the keyboard, and the new team presses Enter. Nobody sees another team's private
briefing, hidden variables or secret moves.

# Shared tables (`wargame host`)

Each screen plays one seat: a team, the umpire, or the observer (the projector). Your
screen shows only your seat's view and rings when your decision comes up. Only the umpire
has the facilitator keys (`i`, `a`, `e`, `u`, timer); undo and the timer change every
screen. If your window closes, join again with the same code.

# Umpire

In umpire mode, what needs a person waits for the umpire, beside the state it is ruled
on: Enter confirms, ctrl+o overrides the outcome with a reason, F2 / F3 / F4 rate an argued
case strong, neutral or weak. The reason field takes typing at once. When a phase with
free actions closes, the umpire rates each argument (`s` `n` `w`), keeps or overturns the
dice with a reason, and chooses the changes within the scenario's levers.

Press Esc to close.
"""


class HelpScreen(QuietFocus, ModalScreen[None]):
    """Key reference and a reminder of how hot-seat and umpire play work.

    The app keeps one, composed while the setup is read (its Markdown took 140 ms to
    compose on the key that asked for it), and shows it from the top each time.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close"),
        Binding("q", "close", "Close"),
    ]

    TEXT: ClassVar[str] = HELP_TEXT
    """The help shown (a screen with keys of its own has its own `HelpScreen`)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Markdown(self.TEXT)

    def show(self) -> None:
        """Open at the top again (before it is pushed again)."""
        if self.is_mounted:
            self.query_one("#help-box", VerticalScroll).scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss()


def keys_help(title: str, keys: Sequence[tuple[str, str]], closing: str = "") -> str:
    """A help page of `keys` ((key, what it does) pairs) as the `?` screens show them."""
    rows = "\n".join(f"| {key} | {does} |" for key, does in keys)
    end = f"\n\n{closing}" if closing else ""
    return f"# {title}\n\n| Key | Does |\n|---|---|\n{rows}{end}\n\nPress Esc to close.\n"
