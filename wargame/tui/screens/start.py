"""The start screen: every shipped scenario and any in the current folder, to pick one."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Markdown, Static

from wargame.tui.catalog import CatalogEntry, discover, entries
from wargame.tui.messages import ScenarioChosen
from wargame.tui.widgets.keybar import KeyBar


class StartScreen(Screen[None]):
    """Lists scenarios with title, length and roles; Enter opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", priority=True),
        Binding("r", "refresh", "Rescan"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, cwd: Path | None = None, *, include_shipped: bool = True) -> None:
        super().__init__()
        self._cwd = cwd
        self._include_shipped = include_shipped
        self._entries: list[CatalogEntry] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="start-body"):
            with Vertical(id="start-list"):
                yield Static("Choose a scenario", classes="section-title")
                yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="start-detail"):
                yield Markdown("Looking for scenarios…", id="scenario-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "wargame"
        self.sub_title = "Choose a scenario"
        table = self.query_one("#scenarios", DataTable)
        table.add_columns("Scenario", "Turns", "Roles", "From")
        self.action_refresh()

    def action_refresh(self) -> None:
        self._scan()

    @work(thread=True, exclusive=True, group="catalog", description="Reading scenarios")
    def _scan(self) -> None:
        found = entries(discover(self._cwd, include_shipped=self._include_shipped))
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[CatalogEntry]) -> None:
        self._entries = found
        table = self.query_one("#scenarios", DataTable)
        table.clear()
        for index, entry in enumerate(found):
            roles = len(entry.roles)
            table.add_row(
                entry.title if entry.ok else f"⚠ {entry.title}",
                str(entry.turns) if entry.ok else "–",
                str(roles) if entry.ok else "–",
                entry.origin,
                key=str(index),
            )
        if not found:
            self.query_one("#scenario-detail", Markdown).update(
                "No scenarios found. Put a scenario `.yaml` file in this folder, "
                "or run `wargame play FILE`."
            )
        table.focus()
        self._describe(0)

    @on(DataTable.RowHighlighted, "#scenarios")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    @on(DataTable.RowSelected, "#scenarios")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _describe(self, row: int) -> None:
        if not 0 <= row < len(self._entries):
            return
        entry = self._entries[row]
        lines = [f"# {entry.title}", "", entry.summary, ""]
        if entry.ok:
            lines.append(f"**{entry.turns} turns.** Roles: {', '.join(entry.roles)}.")
        lines.append("")
        lines.append(f"`{_display_path(entry.path, self._cwd)}`")
        self.query_one("#scenario-detail", Markdown).update("\n".join(lines))

    def action_open(self) -> None:
        table = self.query_one("#scenarios", DataTable)
        row = table.cursor_row
        if 0 <= row < len(self._entries):
            self.post_message(ScenarioChosen(self._entries[row].path))


def _display_path(path: Path, cwd: Path | None) -> str:
    """The path relative to the current folder when it is inside it, else as it is."""
    base = (cwd or Path.cwd()).resolve()
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)
