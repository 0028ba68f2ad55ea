"""The dashboard: alliance cohesion (gauge and history), variables, flags and actors."""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Sparkline

from wargame.tui.view import AllianceView, DashboardView
from wargame.tui.widgets.gauges import bar, fmt, signed
from wargame.tui.widgets.lines import Columns, Rows, SplitLines


class AllianceGauge(Horizontal):
    """One alliance: name, cohesion bar with its collapse line, and a history sparkline."""

    def __init__(self) -> None:
        super().__init__()
        self._view: AllianceView | None = None

    def compose(self) -> ComposeResult:
        yield Rows(id="alliance-text")
        yield Sparkline([0.0], id="alliance-history", summary_function=max)

    def on_mount(self) -> None:
        if self._view is not None:
            self._render_view(self._view)

    def show(self, view: AllianceView) -> None:
        """Show `view` now, or as soon as the gauge is mounted."""
        if view == self._view and self.is_mounted:
            return
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
        text = bar(view.cohesion, 0, 100, width, style)
        text.append(f" {fmt(view.cohesion):>5}", style=style)
        if view.collapsed:
            text.append("  COLLAPSED", style="bold red reverse")
        elif view.collapse_below > 0:
            text.append(f"  breaks <{fmt(view.collapse_below)}", style="dim")
        name = Text(view.name, style="bold")
        self.query_one("#alliance-text", Rows).update(SplitLines([(name, Text()), (text, Text())]))
        spark = self.query_one("#alliance-history", Sparkline)
        spark.data = list(view.history) if len(view.history) > 1 else [*view.history, *view.history]
        spark.tooltip = "Cohesion by turn: " + " → ".join(fmt(v) for v in view.history)


class Dashboard(VerticalScroll):
    """Renders a `DashboardView`; builds its alliance rows on the first view it gets and
    afterwards redraws only the parts whose data changed."""

    DEFAULT_CSS = """
    Dashboard #alliances { height: auto; }
    Dashboard AllianceGauge { height: 2; }
    Dashboard #alliance-text { width: 1fr; }
    Dashboard #alliance-history { width: 14; height: 2; margin-left: 1; }
    Dashboard #variables, Dashboard #actors { height: auto; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._built = 0
        self._shown: DashboardView | None = None
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield Vertical(id="alliances")
        yield Rows(id="variables")
        yield Rows(id="actors")

    def show(self, view: DashboardView) -> None:
        before, self._shown = self._shown, view
        if before == view:
            return
        holder = self.query_one("#alliances", Vertical)
        if self._built != len(view.alliances):
            holder.remove_children()
            holder.mount_all([AllianceGauge() for _ in view.alliances])
            self._built = len(view.alliances)
            before = None
        if before is None or before.alliances != view.alliances:
            for gauge, alliance in zip(holder.query(AllianceGauge), view.alliances, strict=False):
                gauge.show(alliance)
        if before is None or (before.variables, before.flags) != (view.variables, view.flags):
            self.query_one("#variables", Rows).update(variables_columns(view))
        if before is None or before.actors != view.actors:
            self.query_one("#actors", Rows).update(actors_columns(view))


VARIABLE_BAR = 12


def variables_columns(view: DashboardView) -> Columns:
    """Each variable: label, bar, value and change since last turn; then the flags."""
    rows: list[list[Text]] = []
    for var in view.variables:
        style = "bold magenta" if var.key else "blue"
        rows.append(
            [
                Text(var.label, style="bold" if var.key else ""),
                bar(var.value, var.min, var.max, VARIABLE_BAR, style),
                Text(fmt(var.value)),
                signed(var.change),
            ]
        )
    for label, value in view.flags:
        rows.append(
            [
                Text(label, style="" if value else "dim"),
                Text("● yes" if value else "○ no", style="bold green" if value else "dim"),
                Text(""),
                Text(""),
            ]
        )
    return Columns(rows, left=frozenset({1}))


def actors_columns(view: DashboardView) -> Columns:
    """Each actor's stance and trust towards the seat (the umpire sees average trust)."""
    umpire = all(a.trusts_viewer is None for a in view.actors)
    dim = "dim"
    if umpire:
        header = [Text("Actor", style=dim), Text("Stance", style=dim), Text("Trusted", style=dim)]
    else:
        header = [
            Text("Actor", style=dim),
            Text("Stance", style=dim),
            Text("Trusts you", style=dim),
            Text("You trust", style=dim),
        ]
    rows: list[list[Text]] = []
    for actor in view.actors:
        stance = Text(fmt(actor.stance) if actor.stance is not None else "–")
        if umpire:
            trusted = (
                fmt(round(actor.trusted_by_viewer)) if actor.trusted_by_viewer is not None else "–"
            )
            rows.append([Text(actor.name), stance, Text(trusted)])
        elif actor.is_viewer:
            name = Text("▸ ", style="bold cyan")
            name.append(actor.name, style="bold")
            name.append(" (you)", style="dim")
            rows.append([name, stance, Text(""), Text("")])
        else:
            rows.append(
                [
                    Text(f"  {actor.name}"),
                    stance,
                    _trust(actor.trusts_viewer),
                    _trust(actor.trusted_by_viewer),
                ]
            )
    if not umpire:
        header[0] = Text("  Actor", style=dim)
    return Columns(rows, header=header)


def _trust(value: float | None) -> Text:
    if value is None:
        return Text("–")
    style = "green" if value >= 60 else "yellow" if value >= 35 else "red"
    return Text(fmt(round(value)), style=style)
