"""The start screen: every shipped scenario and any in the current folder, to pick one."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Markdown, Static
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from wargame.play.catalog import CatalogEntry, discover, inspect, looks_like_scenario
from wargame.tui.focus import QuietFocus
from wargame.tui.messages import ScenarioChosen
from wargame.tui.widgets.keybar import KeyBar


class StartScreen(QuietFocus, Screen[None]):
    """Lists scenarios with title, length and roles; Enter opens the highlighted one."""

    AUTO_FOCUS = "#scenarios"

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
        self._read: list[bool] = []
        """Whether each listed file has been read yet (its row is filled in)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="start-body"):
            with Vertical(id="start-list"):
                yield Static("Choose a scenario", classes="section-title", markup=False)
                yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="start-detail", can_focus=False):
                yield Markdown("Looking for scenarios…", id="scenario-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "wargame"
        self.sub_title = "Choose a scenario"
        table = self.query_one("#scenarios", DataTable)
        for label in ("Scenario", "Turns", "Roles", "From"):
            table.add_column(label, key=label.lower())
        table.focus()  # ↑ ↓ move in the list from the first key, before the scan is done
        self.action_refresh()

    def action_refresh(self) -> None:
        self._scan()

    @work(thread=True, exclusive=True, group="catalog", description="Reading scenarios")
    def _scan(self) -> None:
        """List the files at once (so ↑ ↓ Enter work from the first key), then read each
        one and fill in its row."""
        worker = get_current_worker()
        found = [
            (path, origin)
            for path, origin in discover(self._cwd, include_shipped=self._include_shipped)
            if origin == "shipped" or looks_like_scenario(path)
        ]
        self.app.call_from_thread(self._list, [CatalogEntry(p, o) for p, o in found])
        for index, (path, origin) in enumerate(found):
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._fill, index, inspect(path, origin))

    def _list(self, found: list[CatalogEntry]) -> None:
        self._entries = found
        self._read = [False] * len(found)
        table = self.query_one("#scenarios", DataTable)
        table.clear()
        for index, entry in enumerate(found):
            table.add_row(Text(entry.path.name), "…", "…", entry.origin, key=str(index))
        if not found:
            self.query_one("#scenario-detail", Markdown).update(
                "No scenarios found. Put a scenario `.yaml` file in this folder, "
                "or run `wargame play FILE`."
            )
        if self.focused is None:
            table.focus()
        self._describe(table.cursor_row)

    def _fill(self, index: int, entry: CatalogEntry) -> None:
        if not 0 <= index < len(self._entries) or self._entries[index].path != entry.path:
            return
        self._entries[index] = entry
        self._read[index] = True
        table = self.query_one("#scenarios", DataTable)
        cells = (
            entry.title if entry.ok else f"⚠ {entry.title}",
            str(entry.turns) if entry.ok else "–",
            str(len(entry.roles)) if entry.ok else "–",
        )
        for column, value in zip(("scenario", "turns", "roles"), cells, strict=True):
            cell = Text(value)
            _widen(table, column, cell)
            table.update_cell(str(index), column, cell, update_width=True)
        if table.cursor_row == index:
            self._describe(index)

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
        where = f"`{_display_path(entry.path, self._cwd)}`"
        if not self._read[row]:
            self.query_one("#scenario-detail", Markdown).update(f"Reading {where} …")
            return
        lines = [f"# {entry.title}", "", entry.summary, ""]
        if entry.ok:
            lines.append(f"**{entry.turns} turns.** Roles: {', '.join(entry.roles)}.")
        lines.append("")
        lines.append(where)
        self.query_one("#scenario-detail", Markdown).update("\n".join(lines))

    def action_open(self) -> None:
        table = self.query_one("#scenarios", DataTable)
        row = table.cursor_row
        if 0 <= row < len(self._entries):
            self.post_message(ScenarioChosen(self._entries[row].path))


def _widen(table: DataTable[Text], column: str, cell: Text) -> None:
    """Make `column` as wide as `cell` before the cell goes in. DataTable measures an updated
    cell only when it next goes idle, and a row drawn in between is cached at the old width
    until the next update (Textual issue 3533): the list showed "Strait Cris" for "Strait
    Crisis (test fixture)" now and then under load, until the cursor moved."""
    key = ColumnKey(column)
    if key in table.columns:
        meta = table.columns[key]
        meta.content_width = max(meta.content_width, cell.cell_len)


def _display_path(path: Path, cwd: Path | None) -> str:
    """The path relative to the current folder when it is inside it, else as it is."""
    base = (cwd or Path.cwd()).resolve()
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)
