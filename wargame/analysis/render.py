"""Render a batch summary for the terminal (Rich tables that fit its width) or as JSON.

Every table is built for the console's width: long names wrap at word boundaries, wide
tables (turns, sweep settings) are split into several tables of as many columns as fit,
and nothing a reader needs is cut to `…`.
"""

from __future__ import annotations

import dataclasses
import io
import math
from collections.abc import Callable, Sequence
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from wargame.analysis.header import BatchHeader
from wargame.analysis.intervene import MIN_POINTS, InterventionSummary
from wargame.analysis.sensitivity import PolicyComparison
from wargame.analysis.summary import BatchSummary, SeriesByTurn, Spread
from wargame.scenario.ir import ScenarioIR

BUILTIN_ENDINGS = {"time_expired": "Time ran out", "unfinished": "Unfinished (beyond --depth)"}
LABEL_MIN = 14
"""The narrowest a column of names may get before a table is split instead."""


def _pct(x: float) -> str:
    return "–" if math.isnan(x) else f"{100 * x:5.1f} %"


def ending_title(scenario: ScenarioIR | None, ending: str) -> str:
    """The title of an ending id (the built-in ones included)."""
    if scenario is not None:
        for e in scenario.endings:
            if e.id == ending:
                return e.title
    return BUILTIN_ENDINGS.get(ending, ending)


def series_label(scenario: ScenarioIR | None, key: str, *, alliance: bool) -> str:
    """A trajectory's name as a reader knows it: `NATO cohesion`, a variable's label."""
    if scenario is None:
        return f"cohesion({key})" if alliance else key
    if alliance:
        index = scenario.names.alliances.get(key)
        name = scenario.alliances[index].name if index is not None else key
        return f"{name} cohesion"
    index = scenario.names.variables.get(key)
    if index is None:
        return key
    return scenario.variables[index].label or key


def _table(title: str, caption: str = "") -> Table:
    return Table(
        title=title,
        title_justify="left",
        caption=caption or None,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )


def fits(table: Table, width: int) -> bool:
    """Whether `table` renders within `width` columns without cutting a word."""
    console = Console(width=10 * width + 1000, file=io.StringIO())  # measure unclamped
    return Measurement.get(console, console.options, table).minimum <= width


def fitted(build: Callable[[int, int], Table], count: int, width: int) -> list[Table]:
    """`build(start, stop)` over `count` columns, split into as few tables as fit `width`."""
    if count == 0:
        return [build(0, 0)]
    per = count
    while per > 1 and not fits(build(0, per), width):
        per -= 1
    parts = -(-count // per)
    per = -(-count // parts)  # the same number of columns in each table, give or take one
    tables = [build(start, min(start + per, count)) for start in range(0, count, per)]
    for number, table in enumerate(tables, 1):
        if len(tables) > 1:
            table.title = f"{table.title} ({number} of {len(tables)})"
        if number < len(tables):
            table.caption = None  # said once, under the last part
    return tables


def _header(header: BatchHeader) -> Text:
    return Text("\n".join(header.lines()), style="dim")


def _endings(summary: BatchSummary, scenario: ScenarioIR) -> Table:
    table = _table(f"Endings over {summary.n:,} runs")
    table.add_column("ending", min_width=LABEL_MIN, ratio=1)
    table.add_column("runs", justify="right", no_wrap=True)
    table.add_column("share", justify="right", no_wrap=True)
    table.add_column("95 % interval", justify="right", no_wrap=True)
    for row in summary.ending_shares():
        table.add_row(
            ending_title(scenario, row.ending),
            f"{row.count:,}",
            _pct(row.share),
            f"{_pct(row.low)} – {_pct(row.high)}",
        )
    return table


def _cell(spread: Spread) -> str:
    if spread.n == 0:
        return ""
    return f"{spread.mean:.1f}\n[dim]{spread.p10:.0f}–{spread.p90:.0f}[/]"


def _by_turn(series: Sequence[tuple[str, SeriesByTurn]], width: int) -> list[RenderableType]:
    turns = max(len(s.turns) for _, s in series)
    columns = [*(f"T{t + 1}" for t in range(turns)), "end"]

    def spread(s: SeriesByTurn, index: int) -> Spread:
        if index == turns:
            return s.end_band()
        return s.bands()[index] if index < len(s.turns) else Spread(0, 0, 0, 0, 0, 0)

    counts = [max(spread(s, i).n for _, s in series) for i in range(turns + 1)]

    def build(start: int, stop: int) -> Table:
        table = _table(
            "By turn: mean, and the 10th–90th percentile below it",
            "T1 = the start of turn 1 (games that reached it); end = the end of every game",
        )
        table.add_column("quantity", min_width=LABEL_MIN, ratio=1)
        for name in columns[start:stop]:
            table.add_column(name, justify="right", no_wrap=True)
        for label, s in series:
            table.add_row(label, *(_cell(spread(s, i)) for i in range(start, stop)))
        table.add_row("[dim]games[/]", *(f"[dim]{counts[i]:,}[/]" for i in range(start, stop)))
        return table

    return list(fitted(build, len(columns), width))


def _pts(x: float) -> str:
    return "–" if math.isnan(x) else f"{100 * x:+.1f}"


def _interval(low: float, high: float, scale: float = 100.0, digits: int = 1) -> str:
    if math.isnan(low) or math.isnan(high):
        return "–"
    return f"{scale * low:+.{digits}f} to {scale * high:+.{digits}f}"


def _effect_table(
    title: str, caption: str, whose: str, rows: Sequence[tuple[str, str, int, str, str]]
) -> Table:
    """A decisive-moves table: move, the ending or actor it changes, n, change, interval."""
    table = _table(title, caption)
    table.add_column("move", min_width=LABEL_MIN, ratio=3)
    table.add_column(whose, min_width=10, ratio=2)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("change", justify="right", no_wrap=True)
    table.add_column("95 % interval", justify="right", no_wrap=True)
    for move, other, n, change, interval in rows:
        table.add_row(move, other, f"{n:,}", change, interval)
    return table


def _decisive(effects: InterventionSummary, scenario: ScenarioIR, top: int) -> Table:
    rows = [
        r
        for r in effects.ending_effects([e.id for e in scenario.endings])
        if r.n >= MIN_POINTS and r.difference == r.difference and (r.low, r.high) != (0, 0)
    ]
    table = _effect_table(
        "Decisive moves: change in an ending's share when the move is played instead of "
        "the policy's alternative",
        f"By intervention: {effects.measured:,} decision points of these games replayed "
        "with each legal move; n: the points where the move was legal; change in "
        "percentage points. Moves that changed nothing are left out. See docs/analysis.md",
        "ending",
        [
            (
                move_label(scenario, r.move),
                ending_title(scenario, r.ending),
                r.n,
                _pts(r.difference),
                _interval(r.low, r.high),
            )
            for r in rows[:top]
        ],
    )
    if not rows:
        table.add_row(
            f"No move changed an ending at {MIN_POINTS} or more decision points; raise "
            "--interventions to measure more.",
            "",
            "",
            "",
            "",
        )
    return table


def _score_effects(effects: InterventionSummary, scenario: ScenarioIR, top: int) -> Table | None:
    scored = [a.id for a in scenario.actors if a.objectives]
    rows = [
        r
        for r in effects.score_effects(scored)
        if r.n >= MIN_POINTS and r.difference == r.difference and r.difference != 0
    ]
    if not scored or not rows:
        return None
    return _effect_table(
        "Decisive moves for the actors: change in an objective score when the move is "
        "played instead of the policy's alternative",
        "",
        "whose score",
        [
            (
                move_label(scenario, r.move),
                actor_name(scenario, r.actor),
                r.n,
                f"{r.difference:+.2f}",
                _interval(r.low, r.high, scale=1.0, digits=2),
            )
            for r in rows[:top]
        ],
    )


def actor_name(scenario: ScenarioIR | None, actor: str) -> str:
    if scenario is not None and actor in scenario.names.actors:
        return scenario.actor(actor).name
    return actor


def _moves(summary: BatchSummary, scenario: ScenarioIR) -> Table:
    """Per move: available, played when available, and how its games ended."""
    table = _table(
        "Moves: how often available, how often played when available, and how the games "
        "where each was played ended",
        f"available: share of the {summary.n:,} games in which the actor could play it at "
        "least once; played: share of those games in which it was played. The endings "
        "after a move are an association, not its effect (see Decisive moves)",
    )
    table.add_column("move", min_width=LABEL_MIN, ratio=3)
    table.add_column("available", justify="right", no_wrap=True)
    table.add_column("played", justify="right", no_wrap=True)
    table.add_column("endings where played", min_width=LABEL_MIN, ratio=3)
    rows = summary.move_table([m.id for m in scenario.moves])
    actor = None
    for row in rows:
        mover = actor_name(scenario, _mover(scenario, row.move))
        if mover != actor:
            if actor is not None:
                table.add_section()
            actor = mover
            table.add_row(f"[bold]{actor}[/]", "", "", "")
        shares = row.ending_shares()
        # The two most frequent, a line each, the share first: a title that wraps never
        # carries its figure onto a line of its own.
        after = "\n".join(f"{100 * x:.0f} % {ending_title(scenario, e)}" for e, x in shares[:2])
        table.add_row(
            move_label(scenario, row.move),
            _pct(row.available_share),
            _pct(row.played_when_available),
            after or "–",
        )
    return table


def _mover(scenario: ScenarioIR, move: str) -> str:
    if move in scenario.names.moves:
        return scenario.actors[scenario.move(move).actor].id
    return ""


def _association(summary: BatchSummary, scenario: ScenarioIR) -> Table | None:
    decisive = summary.decisive_moves()
    if not decisive:
        return None
    table = _table(
        "Association, not cause: ending share where a move was played vs not",
        "A move available only late shows the endings of long games; see docs/analysis.md",
    )
    table.add_column("move", min_width=LABEL_MIN, ratio=3)
    table.add_column("ending", min_width=10, ratio=2)
    table.add_column("played", justify="right", no_wrap=True)
    table.add_column("not", justify="right", no_wrap=True)
    table.add_column("difference\n(95 % interval)", justify="right")
    for d in decisive:
        table.add_row(
            move_label(scenario, d.move),
            ending_title(scenario, d.ending),
            _pct(d.share_played),
            _pct(d.share_not),
            f"{100 * d.difference:+.1f}\n({100 * d.low:+.1f} to {100 * d.high:+.1f})",
        )
    return table


def move_label(scenario: ScenarioIR | None, move: str) -> str:
    """A move's label (its id where the scenario does not know it)."""
    if scenario is not None and move in scenario.names.moves:
        return scenario.move(move).label or move
    return move


def _scores(summary: BatchSummary, scenario: ScenarioIR) -> Table | None:
    if not any(actor.objectives for actor in scenario.actors):
        return None
    scores = summary.mean_scores()
    table = _table("Mean objective score by actor (higher is better for that actor)")
    table.add_column("actor", min_width=LABEL_MIN, ratio=1)
    table.add_column("score", justify="right", no_wrap=True)
    for actor in scenario.actors:
        if actor.objectives:
            table.add_row(actor.name, f"{scores.get(actor.id, 0.0):.2f}")
    return table


def _sweep(summary: BatchSummary, scenario: ScenarioIR, width: int) -> list[RenderableType]:
    sweep = summary.sweep_table()
    if len(sweep) <= 1:
        return []
    endings = sorted(summary.endings, key=lambda e: (-summary.endings[e], e))
    paths = [p for p, _ in sweep[0][0]]
    heads = [" · ".join(str(v) for _, v in params) for params, _, _ in sweep]
    legend = "columns: " + " · ".join(paths)

    def build(start: int, stop: int) -> Table:
        table = _table("Ending share by sweep setting", legend)
        table.add_column("ending", min_width=LABEL_MIN, ratio=1)
        for head in heads[start:stop]:
            table.add_column(head, justify="right")
        for ending in endings:
            table.add_row(
                ending_title(scenario, ending),
                *(_pct(shares[ending][0]) for _, _, shares in sweep[start:stop]),
            )
        table.add_row("[dim]runs[/]", *(f"[dim]{n:,}[/]" for _, n, _ in sweep[start:stop]))
        return table

    return list(fitted(build, len(sweep), width))


def summary_renderable(
    summary: BatchSummary,
    scenario: ScenarioIR,
    *,
    header: BatchHeader | None = None,
    effects: InterventionSummary | None = None,
    width: int = 80,
    top: int = 10,
    association: bool = False,
    moves: bool = False,
) -> Group:
    """The header, then tables: endings, decisive moves, by turn, scores, sweep.

    `moves` adds the per-move table; `association` the played-vs-not comparison (labelled
    as what it is).
    """
    parts: list[RenderableType] = []
    if header is not None:
        parts.append(_header(header))
    parts.append(_endings(summary, scenario))
    if effects is not None:
        parts.append(_decisive(effects, scenario, top))
        score_table = _score_effects(effects, scenario, top)
        if score_table is not None:
            parts.append(score_table)
    series = [
        (series_label(scenario, k, alliance=True), v) for k, v in summary.cohesion.items()
    ] + [(series_label(scenario, k, alliance=False), v) for k, v in summary.variables.items()]
    if series:
        parts.extend(_by_turn(series, width))
    scores = _scores(summary, scenario)
    if scores is not None:
        parts.append(scores)
    parts.extend(_sweep(summary, scenario, width))
    if moves:
        parts.append(_moves(summary, scenario))
    if association:
        table = _association(summary, scenario)
        if table is not None:
            parts.append(table)
    return Group(*parts)


def _spread_json(spread: Spread) -> dict[str, float | int]:
    return dataclasses.asdict(spread)


def _series_json(series: dict[str, SeriesByTurn]) -> dict[str, Any]:
    return {
        k: {
            "turns": [{"turn": t, **_spread_json(b)} for t, b in enumerate(v.bands(), start=1)],
            "end": _spread_json(v.end_band()),
        }
        for k, v in series.items()
    }


def _number(x: float) -> float | None:
    return None if math.isnan(x) else x


def _effects_json(effects: InterventionSummary | None, scenario: ScenarioIR) -> dict[str, Any]:
    if effects is None:
        return {"decisive_moves": [], "score_effects": [], "interventions": None}
    endings = effects.ending_effects([e.id for e in scenario.endings])
    scores = effects.score_effects([a.id for a in scenario.actors if a.objectives])
    return {
        "decisive_moves": [
            {
                "move": r.move,
                "label": move_label(scenario, r.move),
                "actor": effects.movers.get(r.move, ""),
                "ending": r.ending,
                "difference": _number(r.difference),
                "low": _number(r.low),
                "high": _number(r.high),
                "n": r.n,
                "method": "intervention",
            }
            for r in endings
        ],
        "score_effects": [
            {
                "move": r.move,
                "actor": r.actor,
                "difference": _number(r.difference),
                "low": _number(r.low),
                "high": _number(r.high),
                "n": r.n,
            }
            for r in scores
        ],
        "interventions": {"budget": effects.budget, "measured": effects.measured},
    }


def summary_json(
    summary: BatchSummary,
    scenario: ScenarioIR,
    *,
    header: BatchHeader | None = None,
    effects: InterventionSummary | None = None,
) -> dict[str, Any]:
    """The summary as a JSON-ready document (version 2)."""
    return {
        "version": 2,
        "scenario": scenario.id,
        "header": header.to_json() if header is not None else None,
        "runs": summary.n,
        **_effects_json(effects, scenario),
        "endings": [
            {"ending": r.ending, "runs": r.count, "share": r.share, "low": r.low, "high": r.high}
            for r in summary.ending_shares()
        ],
        "cohesion": _series_json(summary.cohesion),
        "variables": _series_json(summary.variables),
        "associations": [
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
        "moves": [
            {
                "move": row.move,
                "label": move_label(scenario, row.move),
                "actor": _mover(scenario, row.move),
                "games": row.games,
                "available": row.available,
                "available_share": _number(row.available_share),
                "played": row.played,
                "played_when_available": _number(row.played_when_available),
                "endings_when_played": dict(row.ending_shares()),
            }
            for row in summary.move_table([m.id for m in scenario.moves])
        ],
        "sweep": [
            {"params": dict(p), "runs": n, "shares": {e: s[0] for e, s in shares.items()}}
            for p, n, shares in summary.sweep_table()
        ],
    }


def print_summary(
    summary: BatchSummary,
    scenario: ScenarioIR,
    console: Console | None = None,
    *,
    header: BatchHeader | None = None,
    effects: InterventionSummary | None = None,
    association: bool = False,
    moves: bool = False,
) -> None:
    out = console or Console()
    renderable = summary_renderable(
        summary,
        scenario,
        header=header,
        effects=effects,
        width=out.width,
        association=association,
        moves=moves,
    )
    out.print(renderable, Text(""))


def comparison_renderable(
    comparison: PolicyComparison, scenario: ScenarioIR, *, width: int = 80
) -> Group:
    """Ending shares under each policy, side by side (endings in rows)."""
    endings = comparison.endings()
    policies = comparison.policies
    first = comparison.outcomes[0]
    parts: list[RenderableType] = []
    if first.header is not None:
        lines = first.header.lines()
        lines[1] = lines[1].split(" · policies:", 1)[0] + " · policies: " + ", ".join(policies)
        parts.append(Text("\n".join(lines[:-1]), style="dim"))

    def build(start: int, stop: int) -> Table:
        table = _table(
            "Ending share under each bot policy (every actor plays it)",
            "Share, and its 95 % interval below. Same seed and runs for every policy; "
            "see docs/analysis.md, Policy sensitivity",
        )
        table.add_column("ending", min_width=LABEL_MIN, ratio=1)
        for policy in policies[start:stop]:
            table.add_column(policy, justify="right", no_wrap=True)
        for ending in endings:
            cells = []
            for policy in policies[start:stop]:
                share, low, high = comparison.share(policy, ending)
                cells.append(f"{_pct(share)}\n[dim]{100 * low:.0f}–{100 * high:.0f}[/]")
            table.add_row(ending_title(scenario, ending), *cells)
        table.add_row(
            "[dim]runs[/]",
            *(f"[dim]{o.summary.n:,}[/]" for o in comparison.outcomes[start:stop]),
        )
        return table

    parts.extend(fitted(build, len(policies), width))
    return Group(*parts)


def comparison_json(comparison: PolicyComparison) -> dict[str, Any]:
    first = comparison.outcomes[0]
    header = first.header.to_json() if first.header is not None else None
    if header is not None:
        header.pop("policies", None)
        header.pop("command", None)
    return {
        "version": 1,
        "header": header,
        "policies": comparison.policies,
        "runs": {
            p: o.summary.n for p, o in zip(comparison.policies, comparison.outcomes, strict=True)
        },
        "endings": [
            {
                "ending": ending,
                "shares": {
                    policy: dict(
                        zip(("share", "low", "high"), comparison.share(policy, ending), strict=True)
                    )
                    for policy in comparison.policies
                },
            }
            for ending in comparison.endings()
        ],
    }
