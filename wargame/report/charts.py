"""Drawing the report's charts with matplotlib (an optional dependency, imported lazily).

Every chart is drawn on its own `Figure` with the Agg canvas, never through pyplot, so no
global backend or figure state is touched. Output is deterministic: a fixed size and dpi,
matplotlib's bundled DejaVu Sans (not whatever fonts the machine has), text as paths, a
fixed `svg.hashsalt` per chart, and no dates or software names in the metadata. The same
report therefore gives byte-identical charts on every run of the same matplotlib.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from wargame.report.model import (
    Chart,
    FanChart,
    IntervalChart,
    LineChart,
    Reference,
    ReportError,
    SweepChart,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["INSTALL_HINT", "ReportDependencyError", "render_chart", "require_matplotlib"]

INSTALL_HINT = "pip install 'wargame[report]'"

WIDTH_IN = 7.5
"""Charts are drawn for an A4 or Letter page's text width."""
PNG_DPI = 150

INK = "#1a1a1a"
MUTED = "#6b6b6b"
RULE = "#d4d4d4"
PALETTE = ("#1f4e79", "#c8553d", "#2a9d8f", "#8e5ea2", "#e9a23b", "#5b8fb9", "#4d4d4d")
"""Deep blue, brick, teal, plum, ochre, sky, graphite: distinguishable in print and for the
common forms of colour blindness."""
POSITIVE, NEGATIVE, NEUTRAL = "#2a9d8f", "#c8553d", "#9a9a9a"


class ReportDependencyError(ReportError):
    """The charts need matplotlib, which is an optional extra."""


def require_matplotlib() -> None:
    """Raise ReportDependencyError (with the install command) when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ReportDependencyError(
            f"reports draw their charts with matplotlib, which is not installed; add it with: "
            f"{INSTALL_HINT}"
        ) from None


def _rc(chart_id: str) -> dict[str, Any]:
    return {
        "svg.hashsalt": f"wargame-{chart_id}",
        "svg.fonttype": "path",
        "font.family": "DejaVu Sans",
        "font.size": 8.5,
        "axes.titlesize": 9.5,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.titlecolor": INK,
        "axes.labelcolor": MUTED,
        "axes.labelsize": 8,
        "axes.edgecolor": "#9a9a9a",
        "axes.linewidth": 0.7,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": RULE,
        "grid.linewidth": 0.6,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "legend.frameon": False,
        "legend.fontsize": 8,
        "lines.linewidth": 2.0,
        "lines.markersize": 4.5,
        "figure.dpi": 100,
        "savefig.dpi": PNG_DPI,
        "savefig.facecolor": "white",
        "figure.facecolor": "white",
    }


def render_chart(chart: Chart, fmt: Literal["svg", "png"]) -> bytes:
    """The chart as SVG or PNG bytes (raises ReportDependencyError without matplotlib)."""
    require_matplotlib()
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    settings: Any = _rc(chart.id)  # matplotlib types the keys as literals
    with matplotlib.rc_context(settings):
        figure = _draw(chart)
        FigureCanvasAgg(figure)
        buffer = io.BytesIO()
        metadata: dict[str, Any] = (
            {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
        )
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def _draw(chart: Chart) -> Figure:
    if isinstance(chart, LineChart):
        return _line(chart)
    if isinstance(chart, FanChart):
        return _fan(chart)
    if isinstance(chart, IntervalChart):
        return _interval(chart)
    return _sweep(chart)


def _grid(panels: int, row_height: float, extra: float = 0.5) -> tuple[Figure, list[Axes]]:
    from matplotlib.figure import Figure

    cols = 1 if panels == 1 else 2
    rows = math.ceil(panels / cols)
    figure = Figure(figsize=(WIDTH_IN, row_height * rows + extra), layout="constrained")
    axes = figure.subplots(rows, cols, squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax in flat[panels:]:
        ax.set_visible(False)
    return figure, flat[:panels]


def _wrap(text: str, width: int) -> str:
    """Wrap each line of a label (its own line breaks are kept)."""
    return "\n".join(textwrap.fill(line, width) for line in text.split("\n"))


def _x_ticks(ax: Axes, labels: Sequence[str], crowded: bool, show: bool = True) -> None:
    ax.set_xticks(range(len(labels)))
    if not show:  # a panel below shows the same turns
        ax.tick_params(labelbottom=False)
        ax.set_xlim(-0.3, len(labels) - 0.7)
        ax.grid(axis="x", visible=False)
        return
    widest = max((len(x) for x in labels), default=0)
    long = len(labels) > 8 or (crowded and widest * len(labels) > 48)
    ax.set_xticklabels(
        [_wrap(x, 12) if not long else x for x in labels],
        rotation=30 if long else 0,
        ha="right" if long else "center",
        rotation_mode="anchor",
    )
    ax.set_xlim(-0.3, len(labels) - 0.7)
    ax.grid(axis="x", visible=False)


def _y_range(ax: Axes, low: float | None, high: float | None, values: Sequence[float]) -> None:
    finite = [v for v in values if not math.isnan(v)]
    lo = low if low is not None else min(finite, default=0.0)
    hi = high if high is not None else max(finite, default=1.0)
    if hi <= lo:
        hi = lo + 1
    pad = (hi - lo) * 0.04
    ax.set_ylim(lo - pad, hi + pad)


def _merged(references: Sequence[Reference]) -> list[tuple[float, str]]:
    """Reference lines at the same value drawn once, their labels joined."""
    by_value: dict[tuple[float, str], list[str]] = {}
    for reference in references:
        by_value.setdefault((reference.value, reference.group), []).append(reference.label)
    return [
        (value, f"{group}: {', '.join(labels)}" if group else "; ".join(labels))
        for (value, group), labels in sorted(by_value.items())
    ]


def _shows_x(index: int, panels: int) -> bool:
    """Whether panel `index` of a two-column grid is the lowest in its column."""
    return panels == 1 or index + 2 >= panels


def _line(chart: LineChart) -> Figure:
    many = len(chart.panels) > 1
    figure, axes = _grid(len(chart.panels), 2.0 if many else 2.6)
    for index, (ax, panel) in enumerate(zip(axes, chart.panels, strict=True)):
        x = range(len(chart.x_labels))
        values: list[float] = []
        for number, series in enumerate(panel.series):
            color = PALETTE[(index if many else number) % len(PALETTE)]
            ax.plot(
                x[: len(series.values)],
                series.values,
                marker="o",
                color=MUTED if series.dashed else color,
                linestyle=(0, (4, 2)) if series.dashed else "-",
                markersize=3.5 if series.dashed else 5,
                label=series.label,
            )
            values.extend(series.values)
        for number, (value, label) in enumerate(_merged(panel.references)):
            ax.axhline(value, color=MUTED, linestyle=(0, (4, 3)), linewidth=0.9)
            ax.annotate(
                label,
                xy=(1, value),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 3 if number % 2 == 0 else -10),
                textcoords="offset points",
                ha="right",
                fontsize=7.5,
                color=MUTED,
            )
        for marker in panel.markers:
            ax.annotate(
                marker.label,
                xy=(marker.x, marker.y),
                xytext=(0, 13),
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=7.5,
                fontweight="bold",
                color="white",
                bbox={"boxstyle": "round,pad=0.3", "fc": NEGATIVE, "ec": "none"},
            )
        _y_range(ax, panel.y_min, panel.y_max, values)
        if panel.title:
            ax.set_title(panel.title)
        if panel.y_label:
            ax.set_ylabel(panel.y_label)
        _x_ticks(ax, chart.x_labels, crowded=many, show=_shows_x(index, len(chart.panels)))
        if len(panel.series) > 1 and many and panel.title:
            ax.legend(loc="best", fontsize=7.5, frameon=False, handlelength=2.2)  # under the title
        elif len(panel.series) > 1:
            ax.legend(
                loc="lower left",
                bbox_to_anchor=(0, 1.01),
                ncol=min(4, len(panel.series)),
                borderaxespad=0,
                handlelength=1.6,
            )
    if chart.x_label and not many:
        axes[0].set_xlabel(chart.x_label)
    return figure


def _fan(chart: FanChart) -> Figure:
    many = len(chart.panels) > 1
    figure, axes = _grid(len(chart.panels), 2.3 if many else 3.2, extra=0.8)
    handles: list[Any] = []
    for index, (ax, panel) in enumerate(zip(axes, chart.panels, strict=True)):
        color = PALETTE[index % len(PALETTE)]
        x = list(range(len(panel.bands)))
        outer = ax.fill_between(
            x,
            [b.p10 for b in panel.bands],
            [b.p90 for b in panel.bands],
            color=color,
            alpha=0.16,
            linewidth=0,
        )
        inner = ax.fill_between(
            x,
            [b.p25 for b in panel.bands],
            [b.p75 for b in panel.bands],
            color=color,
            alpha=0.36,
            linewidth=0,
        )
        (mean,) = ax.plot(x, [b.mean for b in panel.bands], color=color, marker="o", markersize=3.5)
        if not handles:
            handles = [mean, inner, outer]
        _y_range(
            ax, panel.y_min, panel.y_max, [v for b in panel.bands for v in (b.p10, b.p90, b.mean)]
        )
        ax.set_title(panel.title)
        if panel.y_label:
            ax.set_ylabel(panel.y_label)
        _x_ticks(
            ax,
            chart.x_labels[: len(panel.bands)] or chart.x_labels,
            crowded=False,
            show=_shows_x(index, len(chart.panels)),
        )
    from matplotlib.patches import Patch

    figure.legend(
        [handles[0], Patch(color=MUTED, alpha=0.6), Patch(color=MUTED, alpha=0.25)],
        ["mean", "25th–75th percentile", "10th–90th percentile"],
        loc="outside lower center",
        ncol=3,
    )
    return figure


def _percent(ax: Axes, axis: Literal["x", "y"], signed: bool = False) -> None:
    from matplotlib.ticker import FuncFormatter

    def fmt(value: float, _pos: int) -> str:
        return f"{100 * value:+.0f} pts" if signed else f"{100 * value:.0f} %"

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(FuncFormatter(fmt))


def _interval(chart: IntervalChart) -> Figure:
    from matplotlib.figure import Figure

    rows = chart.rows
    height = 0.42 * len(rows) + 1.1
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    ax = figure.subplots()
    y = list(range(len(rows)))
    values = [r.value for r in rows]
    errors = [[r.value - r.low for r in rows], [r.high - r.value for r in rows]]
    width = 34 if chart.style == "bar" else 46
    labels = [_wrap(r.label, width) for r in rows]
    if chart.style == "bar":
        ax.barh(y, values, height=0.6, color=PALETTE[0], alpha=0.85)
        ax.errorbar(values, y, xerr=errors, fmt="none", ecolor=INK, elinewidth=1, capsize=3)
        for position, row in zip(y, rows, strict=True):
            ax.annotate(
                f"{100 * row.value:.1f} %",
                xy=(row.high, position),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=INK,
            )
        ax.set_xlim(0, 1.08)
        _percent(ax, "x")
    else:
        for position, row in zip(y, rows, strict=True):
            color = POSITIVE if row.low > 0 else NEGATIVE if row.high < 0 else NEUTRAL
            ax.errorbar(
                [row.value],
                [position],
                xerr=[[row.value - row.low], [row.high - row.value]],
                fmt="o",
                color=color,
                ecolor=color,
                elinewidth=1.6,
                capsize=3,
            )
        ax.axvline(0, color=INK, linewidth=0.9)
        span = max([abs(r.low) for r in rows] + [abs(r.high) for r in rows] + [0.05])
        ax.set_xlim(-span * 1.1, span * 1.1)
        _percent(ax, "x", signed=True)
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(chart.x_label)
    return figure


def _sweep(chart: SweepChart) -> Figure:
    many = len(chart.panels) > 1
    figure, axes = _grid(len(chart.panels), 2.5 if many else 3.4, extra=0.8)
    x = list(range(len(chart.x_values)))
    handles: list[Any] = []
    labels: list[str] = []
    for ax, panel in zip(axes, chart.panels, strict=True):
        for number, series in enumerate(panel.series):
            color = PALETTE[number % len(PALETTE)]
            errors = [
                [
                    0.0 if math.isnan(v) else v - lo
                    for v, lo in zip(series.values, series.low, strict=True)
                ],
                [
                    0.0 if math.isnan(v) else hi - v
                    for v, hi in zip(series.values, series.high, strict=True)
                ],
            ]
            handle = ax.errorbar(
                x,
                series.values,
                yerr=errors,
                color=color,
                marker="o",
                capsize=3,
                elinewidth=1,
                label=series.label,
            )
            if len(handles) < len(panel.series):
                handles.append(handle)
                labels.append(series.label)
        ax.set_ylim(-0.03, 1.03)
        _percent(ax, "y")
        ax.set_xticks(x)
        ax.set_xticklabels(list(chart.x_values))
        ax.set_xlim(-0.4, len(x) - 0.6)
        ax.grid(axis="x", visible=False)
        ax.set_xlabel(chart.x_label)
        if panel.title:
            ax.set_title(panel.title)
    figure.legend(handles, labels, loc="outside lower center", ncol=min(3, len(labels)))
    return figure
