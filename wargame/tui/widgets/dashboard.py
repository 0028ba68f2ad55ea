"""The dashboard: alliance cohesion (gauge and history), variables, flags and actors.

Every part is a `Rows` (one line per row, drawn as text): a widget per alliance with a
Textual `Sparkline` in it was mounted on the first turn shown and laid out again on every
change; the history is now two rows of block characters beside the gauge.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from wargame.play.views import AllianceView, DashboardView
from wargame.tui.widgets.gauges import bar, fmt, signed, whole
from wargame.tui.widgets.lines import Columns, Rows, SplitLines
from wargame.tui.widgets.textview import show_scrollbar

GAUGE_WIDTH = 18
SPARK_WIDTH = 14
_BLOCKS = " ▁▂▃▄▅▆▇█"


def cohesion_style(view: AllianceView) -> str:
    if view.collapsed:
        return "bold red"
    if view.cohesion < view.collapse_below + 15:
        return "bold yellow"
    return "bold green"


def spark_rows(values: Sequence[float], width: int = SPARK_WIDTH) -> tuple[str, str]:
    """A two-row sparkline of `values` in `width` columns (each column the highest value of
    its share of the values), scaled from the lowest value to the highest; a flat history
    is a line along the bottom."""
    if not values:
        return " " * width, " " * width
    count = len(values)
    columns = []
    for column in range(width):
        first = column * count // width
        last = max(first + 1, (column + 1) * count // width)
        columns.append(max(values[first:last]))
    low, high = min(values), max(values)
    levels = [1 if high <= low else 1 + round((v - low) / (high - low) * 15) for v in columns]
    top = "".join(_BLOCKS[max(0, level - 8)] for level in levels)
    bottom = "".join(_BLOCKS[min(8, level)] for level in levels)
    return top, bottom


def alliance_rows(view: AllianceView) -> list[tuple[Text, Text]]:
    """Name and history's top row; the cohesion bar with its collapse line and the
    history's bottom row."""
    style = cohesion_style(view)
    gauge = bar(view.cohesion, 0, 100, GAUGE_WIDTH, style)
    gauge.append(f" {whole(view.cohesion):>3}", style=style)
    if view.collapsed:
        gauge.append("  COLLAPSED", style="bold red reverse")
    elif view.collapse_below > 0:
        gauge.append(f"  breaks <{fmt(view.collapse_below)}", style="dim")
    top, bottom = spark_rows(view.history)
    spark = "blue"
    return [
        (Text(view.name, style="bold"), Text(top, style=spark)),
        (gauge, Text(bottom, style=spark)),
    ]


class Dashboard(VerticalScroll):
    """Renders a `DashboardView`, redrawing only the parts whose data changed."""

    DEFAULT_CSS = """
    Dashboard { overflow-y: scroll; }
    Dashboard #alliances { height: auto; }
    Dashboard #variables, Dashboard #actors { height: auto; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: DashboardView | None = None
        self.can_focus = False

    def on_mount(self) -> None:
        # Long dashboards scroll: a scrollbar that appears once the rows are in would
        # shift every row two cells left one frame after the turn screen shows.
        show_scrollbar(self)

    def compose(self) -> ComposeResult:
        yield Rows(id="alliances")
        yield Rows(id="variables")
        yield Rows(id="actors")

    def show(self, view: DashboardView) -> None:
        before, self._shown = self._shown, view
        if before == view:
            return
        if before is None or before.alliances != view.alliances:
            alliances = self.query_one("#alliances", Rows)
            alliances.update(
                SplitLines([row for a in view.alliances for row in alliance_rows(a)], wrap=True)
            )
            alliances.tooltip = "\n".join(
                f"{a.name} cohesion by turn: " + " → ".join(whole(v) for v in a.history)
                for a in view.alliances
            ) or None
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
                whole(actor.trusted_by_viewer) if actor.trusted_by_viewer is not None else "–"
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
    return Text(whole(value), style=style)
