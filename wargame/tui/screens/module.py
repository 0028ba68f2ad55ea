"""A module of a discussion-based exercise opens on its own screen: where it stands in the
exercise, its title and text, its objectives and the questions the room will discuss at its
end; on the umpire's eyes, the facilitator's notes under them.

It is an opaque screen, not a card over the game: a module is a chapter of the exercise,
read aloud to the room before play goes on. At a hot-seat screen the room reads it first;
the notes come on the same screen again, after the "players, look away" curtain
(`wargame.tui.presenter`). The app keeps one and `show`s each module in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from wargame.play import QuestionView
from wargame.tui.focus import QuietFocus
from wargame.tui.widgets.keybar import KeyBar


@dataclass(frozen=True, slots=True)
class ModulePage:
    """What the module screen shows (already masked)."""

    title: str
    where: str
    """"Module 1 of 3 · turns 1–2" ("" when the scenario does not say)."""
    text: str = ""
    objectives: tuple[str, ...] = ()
    questions: tuple[QuestionView, ...] = ()
    notes: str = ""
    """The facilitator's notes: only ever given for the umpire's eyes."""


def question_lines(questions: Sequence[QuestionView]) -> list[Text]:
    """Numbered questions, each with its guide (the umpire's) dimmed under it."""
    lines: list[Text] = []
    for number, question in enumerate(questions, 1):
        lines.append(Text(f"{number}. {question.text}"))
        if question.guide:
            lines.append(Text(f"   Good answers cover: {question.guide}", style="dim italic"))
    return lines


class ModuleScreen(QuietFocus, Screen[None]):
    """A module opening; Enter (or Esc) goes on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Continue", priority=True),
        Binding("escape", "close", "Continue"),
    ]

    def __init__(self, page: ModulePage) -> None:
        super().__init__()
        self.page = page

    def show(self, page: ModulePage) -> None:
        """Show this module (before the screen is pushed again)."""
        self.page = page
        if self.is_mounted:
            self._show()
            self.query_one(VerticalScroll).scroll_home(animate=False, immediate=True)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="module-page"), Vertical(id="module-box"):
            yield Static(id="module-where", classes="notice-kicker", markup=False)
            yield Static(id="module-title", classes="notice-title", markup=False)
            yield Static(id="module-text", classes="module-text", markup=False)
            yield Static(id="module-objectives", classes="module-part", markup=False)
            yield Static(id="module-questions", classes="module-part", markup=False)
            yield Static(id="module-notes", classes="module-part module-notes", markup=False)
            yield Button("Continue  ⏎", id="module-continue", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def _part(self, name: str, heading: str, lines: Sequence[Text | str]) -> None:
        static = self.query_one(f"#module-{name}", Static)
        static.display = bool(lines)
        if lines:
            body = [Text(heading, style="bold")]
            body += [Text(line) if isinstance(line, str) else line for line in lines]
            static.update(Text("\n").join(body))

    def _show(self) -> None:
        page = self.page
        self.query_one("#module-where", Static).update(page.where)
        self.query_one("#module-title", Static).update(page.title)
        text = self.query_one("#module-text", Static)
        text.update(page.text)
        text.display = bool(page.text)
        self._part("objectives", "Objectives", [f"• {o}" for o in page.objectives])
        questions = question_lines(page.questions)
        self._part("questions", "Questions for the room, at the module's end", questions)
        notes = [page.notes] if page.notes else []
        self._part("notes", "Facilitator's notes: the umpire's eyes only", notes)
        self.query_one("#module-continue", Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
