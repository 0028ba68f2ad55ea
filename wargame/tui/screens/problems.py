"""Shows why a scenario or a save would not open: every problem with its position.

An author sees `file:line:col`, the offending source line with a caret under the column,
and the hint, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from wargame.errors import Diagnostic
from wargame.tui.focus import QuietFocus
from wargame.tui.widgets.keybar import KeyBar

NBSP = "\u00a0"


def render_diagnostic(diagnostic: Diagnostic, source_lines: Sequence[str]) -> Text:
    """One diagnostic as the terminal shows it: position, message, source excerpt, hint."""
    text = Text()
    style = "bold red" if diagnostic.severity == "error" else "bold yellow"
    text.append(f"{diagnostic.span}: ", style="bold")
    text.append(f"{diagnostic.severity}[{diagnostic.code}]", style=style)
    text.append(f": {diagnostic.message}\n")
    line_no = diagnostic.span.line
    if 1 <= line_no <= len(source_lines):
        line = source_lines[line_no - 1].rstrip("\n")
        # Non-breaking spaces: the renderer may fold ordinary leading spaces.
        gutter = f"{line_no:>5} │ ".replace(" ", NBSP)
        text.append(gutter, style="dim")
        text.append(line.replace(" ", NBSP) + "\n")
        caret_at = max(0, diagnostic.span.col - 1)
        text.append(NBSP * (len(gutter) + caret_at) + "^\n", style=style)
    if diagnostic.hint:
        text.append("hint: ", style="bold cyan")
        text.append(diagnostic.hint + "\n")
    return text


class ProblemsScreen(QuietFocus, Screen[None]):
    """A scenario or save that failed to open, and why."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        title: str,
        *,
        diagnostics: Sequence[Diagnostic] = (),
        message: str = "",
        source_text: str | None = None,
        can_go_back: bool = False,
    ) -> None:
        super().__init__()
        self._title = title
        self._diagnostics = list(diagnostics)
        self._message = message
        self._lines = (source_text or "").splitlines()
        self._can_go_back = can_go_back

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="problems"):
            count = len(self._diagnostics)
            heading = Text(self._title, style="bold")
            if count:
                heading.append(f"\n{count} problem{'s' if count != 1 else ''} to fix:")
            yield Static(heading, classes="section-title", markup=False)
            if self._message:
                yield Static(self._message, classes="problem", markup=False)
            for diagnostic in self._diagnostics:
                yield Static(
                    render_diagnostic(diagnostic, self._lines), classes="problem", markup=False
                )
            yield Static(
                "Fix the file and open it again"
                + (" (Esc goes back to the list)." if self._can_go_back else "."),
                classes="dim-note",
                markup=False,
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Cannot open"

    def action_back(self) -> None:
        if self._can_go_back:
            self.dismiss()
