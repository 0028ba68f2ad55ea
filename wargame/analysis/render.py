"""Render a batch summary for the terminal (Rich tables) or as JSON."""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from wargame.analysis.summary import BatchSummary
from wargame.scenario.ir import ScenarioIR


def _pct(x: float) -> str:
    return "–" if math.isnan(x) else f"{100 * x:5.1f} %"


def ending_title(scenario: ScenarioIR, ending: str) -> str:
    """The title of an ending id (the built-in ones included)."""
    for e in scenario.endings:
        if e.id == ending:
            return e.title
    builtin = {"time_expired": "Time ran out", "unfinished": "Unfinished (beyond --depth)"}
    return builtin.get(ending, ending)


def summary_renderable(summary: BatchSummary, scenario: ScenarioIR) -> Group:
    """Tables: endings, trajectories by turn, decisive moves, objective scores, sweep."""
    parts: list[Any] = []
    endings = Table(title=f"Endings over {summary.n:,} runs", title_justify="left")
    endings.add_column("ending")
    endings.add_column("runs", justify="right")
    endings.add_column("share", justify="right")
    endings.add_column("95 % interval", justify="right")
    for row in summary.ending_shares():
        endings.add_row(
            ending_title(scenario, row.ending),
            f"{row.count:,}",
            _pct(row.share),
            f"{_pct(row.low)} – {_pct(row.high)}",
        )
    parts.append(endings)

    series = [(f"cohesion({k})", v) for k, v in summary.cohesion.items()] + [
        (k, v) for k, v in summary.variables.items()
    ]
    if series:
        traj = Table(
            title="By turn: mean, and 10th–90th percentile below (T1 = start of turn 1)",
            title_justify="left",
        )
        traj.add_column("quantity", overflow="fold")
        width = max(len(s.turns) for _, s in series)
        for i in range(width):
            traj.add_column(f"T{i + 1}" if i < width - 1 else "end", justify="right")
        for label, s in series:
            cells = [f"{m:.1f}\n[dim]{p10:.0f}–{p90:.0f}[/]" for m, p10, _, _, p90, _ in s.bands()]
            traj.add_row(label, *cells, *([""] * (width - len(cells))))
        parts.append(traj)

    decisive = summary.decisive_moves()
    if decisive:
        table = Table(
            title="Most decisive moves (ending share when played vs not)", title_justify="left"
        )
        for col in ("move", "ending", "played", "not played", "difference (95 % CI)"):
            table.add_column(col, justify="left" if col in ("move", "ending") else "right")
        for d in decisive:
            table.add_row(
                d.move,
                ending_title(scenario, d.ending),
                _pct(d.share_played),
                _pct(d.share_not),
                f"{100 * d.difference:+.1f} pts ({100 * d.low:+.1f} to {100 * d.high:+.1f})",
            )
        parts.append(table)

    scores = summary.mean_scores()
    if any(scenario.actors[i].objectives for i in range(len(scenario.actors))):
        table = Table(
            title="Mean objective score by actor (higher is better)", title_justify="left"
        )
        table.add_column("actor")
        table.add_column("score", justify="right")
        for actor in scenario.actors:
            if actor.objectives:
                table.add_row(actor.name, f"{scores.get(actor.id, 0.0):.2f}")
        parts.append(table)

    sweep = summary.sweep_table()
    if len(sweep) > 1:
        endings_all = sorted(summary.endings)
        table = Table(title="Endings by parameter", title_justify="left")
        table.add_column("setting")
        table.add_column("runs", justify="right")
        for e in endings_all:
            table.add_column(ending_title(scenario, e), justify="right")
        for params, n, shares in sweep:
            label = ", ".join(f"{p}={v}" for p, v in params)
            table.add_row(label, f"{n:,}", *(_pct(shares[e][0]) for e in endings_all))
        parts.append(table)
    return Group(*parts)


def summary_json(summary: BatchSummary, scenario: ScenarioIR) -> dict[str, Any]:
    """The summary as a JSON-ready document (version 1)."""
    return {
        "version": 1,
        "scenario": scenario.id,
        "runs": summary.n,
        "endings": [
            {"ending": r.ending, "runs": r.count, "share": r.share, "low": r.low, "high": r.high}
            for r in summary.ending_shares()
        ],
        "cohesion": {
            k: [
                dict(zip(("mean", "p10", "p25", "p75", "p90", "n"), b, strict=True))
                for b in v.bands()
            ]
            for k, v in summary.cohesion.items()
        },
        "variables": {
            k: [
                dict(zip(("mean", "p10", "p25", "p75", "p90", "n"), b, strict=True))
                for b in v.bands()
            ]
            for k, v in summary.variables.items()
        },
        "decisive_moves": [
            {
                "move": d.move,
                "ending": d.ending,
                "played": d.share_played,
                "not_played": d.share_not,
                "difference": d.difference,
                "low": d.low,
                "high": d.high,
            }
            for d in summary.decisive_moves()
        ],
        "scores": summary.mean_scores(),
        "sweep": [
            {"params": dict(p), "runs": n, "shares": {e: s[0] for e, s in shares.items()}}
            for p, n, shares in summary.sweep_table()
        ],
    }


def print_summary(
    summary: BatchSummary, scenario: ScenarioIR, console: Console | None = None
) -> None:
    (console or Console()).print(summary_renderable(summary, scenario), Text(""))
