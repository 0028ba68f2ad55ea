"""The dashboard: alliance cohesion (gauge and history), variables, flags and actors."""

from __future__ import annotations

import contextlib

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Sparkline, Static

from wargame.tui.view import AllianceView, DashboardView
from wargame.tui.widgets.gauges import bar, fmt, signed


class AllianceGauge(Horizontal):
    """One alliance: name, cohesion bar with its collapse line, and a history sparkline."""

    def __init__(self) -> None:
        super().__init__()
        self._view: AllianceView | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="alliance-text", classes="alliance-text")
        yield Sparkline([0.0], id="alliance-history", summary_function=max)

    def on_mount(self) -> None:
        if self._view is not None:
            self._render_view(self._view)

    def show(self, view: AllianceView) -> None:
        """Show `view` now, or as soon as the gauge is mounted."""
        self._view = view
        with contextlib.suppress(NoMatches):  # not composed yet: on_mount renders it
            self._render_view(view)

    def _render_view(self, view: AllianceView, width: int = 18) -> None:
        if view.collapsed:
            style = "bold red"
        elif view.cohesion < view.collapse_below + 15:
            style = "bold yellow"
        else:
            style = "bold green"
        text = Text()
        text.append(f"{view.name}\n", style="bold")
        text.append_text(bar(view.cohesion, 0, 100, width, style))
        text.append(f" {fmt(view.cohesion):>5}", style=style)
        if view.collapsed:
            text.append("  COLLAPSED", style="bold red reverse")
        elif view.collapse_below > 0:
            text.append(f"  breaks <{fmt(view.collapse_below)}", style="dim")
        self.query_one("#alliance-text", Static).update(text)
        spark = self.query_one("#alliance-history", Sparkline)
        spark.data = list(view.history) if len(view.history) > 1 else [*view.history, *view.history]
        spark.tooltip = "Cohesion by turn: " + " → ".join(fmt(v) for v in view.history)


class Dashboard(VerticalScroll):
    """Renders a `DashboardView`; builds its alliance rows on the first view it gets."""

    DEFAULT_CSS = """
    Dashboard #alliances { height: auto; }
    Dashboard AllianceGauge { height: 2; }
    Dashboard .alliance-text { width: 1fr; }
    Dashboard #alliance-history { width: 14; height: 2; margin-left: 1; }
    Dashboard #variables, Dashboard #actors { height: auto; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._built = 0
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield Vertical(id="alliances")
        yield Static(id="variables")
        yield Static(id="actors")

    def show(self, view: DashboardView) -> None:
        holder = self.query_one("#alliances", Vertical)
        if self._built != len(view.alliances):
            holder.remove_children()
            holder.mount_all([AllianceGauge() for _ in view.alliances])
            self._built = len(view.alliances)
        self._fill_alliances(view)
        self.query_one("#variables", Static).update(self._variables(view))
        self.query_one("#actors", Static).update(self._actors(view))

    def _fill_alliances(self, view: DashboardView) -> None:
        for gauge, alliance in zip(self.query(AllianceGauge), view.alliances, strict=False):
            gauge.show(alliance)

    @staticmethod
    def _variables(view: DashboardView) -> Table:
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for var in view.variables:
            style = "bold magenta" if var.key else "blue"
            table.add_row(
                Text(var.label, style="bold" if var.key else ""),
                bar(var.value, var.min, var.max, 12, style),
                fmt(var.value),
                signed(var.change),
            )
        for label, value in view.flags:
            table.add_row(
                Text(label, style="dim" if not value else ""),
                Text("● yes" if value else "○ no", style="bold green" if value else "dim"),
                "",
                "",
            )
        return table

    @staticmethod
    def _actors(view: DashboardView) -> Table:
        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False, header_style="dim")
        umpire = all(a.trusts_viewer is None for a in view.actors)
        table.add_column("Actor", ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column("Stance", justify="right", no_wrap=True)
        if umpire:
            table.add_column("Trusted", justify="right", no_wrap=True)
        else:
            table.add_column("Trusts you", justify="right", no_wrap=True)
            table.add_column("You trust", justify="right", no_wrap=True)
        for actor in view.actors:
            name = Text(actor.name, style="bold reverse" if actor.is_viewer else "")
            stance = fmt(actor.stance) if actor.stance is not None else "–"
            if umpire:
                trusted = (
                    fmt(round(actor.trusted_by_viewer))
                    if actor.trusted_by_viewer is not None
                    else "–"
                )
                table.add_row(name, stance, trusted)
            elif actor.is_viewer:
                table.add_row(name, stance, "", "")
            else:
                table.add_row(
                    name,
                    stance,
                    _trust(actor.trusts_viewer),
                    _trust(actor.trusted_by_viewer),
                )
        return table


def _trust(value: float | None) -> Text:
    if value is None:
        return Text("–")
    style = "green" if value >= 60 else "yellow" if value >= 35 else "red"
    return Text(fmt(round(value)), style=style)
