"""The facilitator's commands in Textual's command palette (ctrl+p).

Every command here also has a key; the palette is for finding them by name. Commands that
do not apply right now (no game yet, nothing to redo) are not offered. Textual's own
commands (quit, screenshot, theme...) follow them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp


@dataclass(frozen=True, slots=True)
class FacilitatorCommand:
    title: str
    help: str
    action: str
    """The app action it runs (the same one its key runs)."""
    key: str


COMMANDS: tuple[FacilitatorCommand, ...] = (
    FacilitatorCommand(
        "Inject an event",
        "Fire one of the scenario's injects now, with a reason",
        "inject",
        "i",
    ),
    FacilitatorCommand(
        "Adjust a variable",
        "Set a value by hand, with a reason",
        "adjust",
        "a",
    ),
    FacilitatorCommand(
        "End the phase",
        "Close the current phase now; those yet to act pass",
        "end_phase",
        "e",
    ),
    FacilitatorCommand(
        "Undo",
        "Take back the last decision (bots replay the same way)",
        "undo",
        "u",
    ),
    FacilitatorCommand(
        "Redo",
        "Re-apply an undone decision",
        "redo",
        "U",
    ),
    FacilitatorCommand(
        "Pause or resume the timer",
        "Stop or restart the phase clock",
        "pause",
        "space",
    ),
    FacilitatorCommand(
        "Extend the timer",
        "Give this phase two more minutes",
        "extend",
        "+",
    ),
    FacilitatorCommand(
        "Set the phase timer",
        "Choose minutes per phase (0 switches it off)",
        "set_timer",
        "",
    ),
    FacilitatorCommand(
        "Save now",
        "Write the save file (every action autosaves anyway)",
        "save",
        "s",
    ),
    FacilitatorCommand(
        "Export the session file",
        "Write a copy of the save for sharing",
        "export",
        "",
    ),
    FacilitatorCommand(
        "Jump to the debrief",
        "Timeline, trends, objectives, notes, what-if",
        "debrief",
        "d",
    ),
    FacilitatorCommand(
        "Show the briefing",
        "The seat on screen reads its briefing again",
        "briefing",
        "b",
    ),
    FacilitatorCommand(
        "Switch light/dark theme",
        "For projectors and bright rooms",
        "toggle_theme",
        "t",
    ),
    FacilitatorCommand(
        "Help",
        "Keys and how hot-seat and umpire play work",
        "help",
        "?",
    ),
)


class FacilitatorCommands(Provider):
    """Offers `COMMANDS` that the app says are available now, then Textual's own (keys,
    maximize, quit, screenshot, theme: `App.get_system_commands`).

    One provider for both, so the palette lists them in the same order every time: with
    Textual's system provider beside this one, the two searches ran as two tasks and their
    hits were listed in whichever order the tasks happened to run.
    """

    def _available(self, discovering: bool) -> list[tuple[str, str, Callable[[], object]]]:
        """(title, help, callback) of each command on offer now, ours first; a system
        command may ask to be found only by a search (`discover`), as Textual's own
        provider allows."""
        app: WargameApp = self.app  # type: ignore[assignment]
        out: list[tuple[str, str, Callable[[], object]]] = []
        for command in COMMANDS:
            if app.check_action(command.action, ()) is True:
                # (the palette reads titles and help as markup: "[i]" would be italics)
                title, help_text = escape(self._title(command)), escape(command.help)
                out.append((title, help_text, self._runner(app, command.action)))
        system = sorted(app.get_system_commands(self.screen), key=lambda command: command.title)
        out.extend((c.title, c.help, c.callback) for c in system if c.discover or not discovering)
        return out

    @staticmethod
    def _runner(app: WargameApp, action: str) -> Callable[[], object]:
        async def run() -> None:
            await app.run_action(action)

        return run

    @staticmethod
    def _title(command: FacilitatorCommand) -> str:
        return f"{command.title}  [{command.key}]" if command.key else command.title

    async def discover(self) -> Hits:
        for title, help_text, run in self._available(discovering=True):
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._available(discovering=False):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
