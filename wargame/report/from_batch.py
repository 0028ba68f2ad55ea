"""The study report of a Monte Carlo batch, built from its summary.

What a think-tank paper needs from `wargame simulate`: each ending's share with its 95 %
interval, the decisive moves measured by intervention (with the played-vs-not association
beside them, labelled as such), cohesion and key variables as fan charts of percentile bands
by turn, how often each move was available and played, mean objective scores and, for a
sweep, how the endings move with the swept parameter. The numbers are the summary's own
(the same `BatchSummary` the command line prints), so report and terminal never disagree.

Pure: a function of the summary, the scenario (None when it could not be found: ids then
stand in for titles) and the batch's recorded options.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from wargame import __version__
from wargame.analysis.header import BatchHeader
from wargame.analysis.intervene import MIN_POINTS, InterventionSummary, MoveEffect
from wargame.analysis.play import key_variables
from wargame.analysis.summary import BatchSummary, SeriesByTurn
from wargame.report.model import (
    Band,
    Bullets,
    Callout,
    FanChart,
    FanPanel,
    Figure,
    IntervalChart,
    IntervalRow,
    Paragraph,
    Report,
    Section,
    SweepChart,
    SweepPanel,
    SweepSeries,
    Table,
    mask_report,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.masking import IDENTITY, Masker

__all__ = ["batch_report", "pct"]

BUILTIN_ENDINGS = {"time_expired": "Time ran out", "unfinished": "Unfinished (step budget)"}
TOP_DECISIVE = 10


def pct(x: float) -> str:
    """A share as the report prints it: `42.3 %` (the CLI's precision)."""
    return "–" if math.isnan(x) else f"{100 * x:.1f} %"


def _pts(x: float) -> str:
    return f"{100 * x:+.1f}"


class _Names:
    """Titles for ids, or the ids themselves when the scenario is unavailable."""

    def __init__(self, scenario: ScenarioIR | None) -> None:
        self.scenario = scenario

    def ending(self, ending_id: str) -> str:
        if self.scenario is not None:
            for ending in self.scenario.endings:
                if ending.id == ending_id:
                    return ending.title
        return BUILTIN_ENDINGS.get(ending_id, ending_id)

    def move(self, move_id: str) -> str:
        if self.scenario is not None and move_id in self.scenario.names.moves:
            move = self.scenario.move(move_id)
            return f"{self.scenario.actors[move.actor].name}: {move.label}"
        return move_id

    def move_sentence(self, move_id: str) -> str:
        """`'Label' (Actor)` for running text."""
        if self.scenario is not None and move_id in self.scenario.names.moves:
            move = self.scenario.move(move_id)
            return f"“{move.label}” ({self.scenario.actors[move.actor].name})"
        return move_id

    def actor(self, actor_id: str) -> str:
        if self.scenario is not None and actor_id in self.scenario.names.actors:
            return self.scenario.actor(actor_id).name
        return actor_id

    def alliance(self, alliance_id: str) -> str:
        if self.scenario is not None and alliance_id in self.scenario.names.alliances:
            return self.scenario.alliances[self.scenario.names.alliances[alliance_id]].name
        return alliance_id

    def variable(self, variable_id: str) -> str:
        if self.scenario is not None and variable_id in self.scenario.names.variables:
            variable = self.scenario.variables[self.scenario.names.variables[variable_id]]
            return variable.label or variable.id
        return variable_id

    def parameter(self, path: str) -> str:
        return path


def batch_report(
    summary: BatchSummary,
    scenario: ScenarioIR | None,
    meta: Mapping[str, Any],
    *,
    source: str = "",
    notes: Sequence[str] = (),
    mask: Masker = IDENTITY,
    effects: InterventionSummary | None = None,
) -> Report:
    """The study report of a batch; `notes` are caveats about the inputs (shown up front).

    `effects` are the batch's decisive moves by intervention (`wargame simulate` saves them
    beside the results); without them the report says how to get them.
    """
    if summary.n == 0:
        raise ValueError("a batch report needs at least one run")
    names = _Names(scenario)
    title = scenario.title if scenario is not None else str(meta.get("scenario") or "Batch")
    facts = [
        ("Runs", f"{summary.n:,}"),
        ("Batch seed", str(meta.get("seed", "–"))),
        ("Policies", _policies(meta)),
    ]
    settings = meta.get("settings") or []
    if settings:
        facts.append(("Swept", "; ".join(f"{p} = {', '.join(map(str, v))}" for p, v in settings)))
    header = BatchHeader.from_meta(meta, scenario)
    facts.append(("Versions", _versions(header)))
    sections = [
        _overview(summary, scenario, names, notes, effects),
        _endings(summary, names),
        _decisive(summary, scenario, names, effects),
        _trajectories(summary, scenario, names),
        _moves(summary, scenario, names),
    ]
    if summary.score_totals:
        sections.append(_scores(summary, scenario, names))
    if len(summary.sweep_table()) > 1:
        sections.append(_sweep(summary, names))
    sections.append(_method(summary, meta, source, effects, header))
    report = Report(
        kind="batch",
        title=title,
        subtitle="Study report: Monte Carlo analysis",
        facts=tuple(facts),
        sections=tuple(sections),
        footer=f"Generated by wargame {__version__} from {source or 'a results file'}.",
    )
    return mask_report(report, mask) if mask.enabled else report


def _versions(header: BatchHeader) -> str:
    scenario = header.scenario_id + (
        f" {header.scenario_version}" if header.scenario_version else ""
    )
    return f"wargame {header.wargame_version}" + (f", scenario {scenario}" if scenario else "")


def _policies(meta: Mapping[str, Any]) -> str:
    pairs = [f"{a}={p}" for a, p in meta.get("policies") or []]
    default = meta.get("default_policy")
    if default:
        pairs.append(f"{default} (the others)" if pairs else f"{default} (every seat)")
    return ", ".join(pairs) or "–"


def _overview(
    summary: BatchSummary,
    scenario: ScenarioIR | None,
    names: _Names,
    notes: Sequence[str],
    effects: InterventionSummary | None,
) -> Section:
    shares = summary.ending_shares()
    top = shares[0]
    finding = (
        f"Across {summary.n:,} simulated games the most frequent ending is "
        f"“{names.ending(top.ending)}”: {pct(top.share)} of games (95 % interval "
        f"{pct(top.low)} to {pct(top.high)})."
    )
    if len(shares) > 1:
        second = shares[1]
        finding += (
            f" Next comes “{names.ending(second.ending)}” at {pct(second.share)} "
            f"({pct(second.low)} to {pct(second.high)})."
        )
    lever = _levers(effects, scenario)[:1]
    if lever:
        d = lever[0]
        finding += (
            f" The most decisive move is {names.move_sentence(d.move)}: played instead of what "
            f"the bots would otherwise have done, it changed the chance of "
            f"“{names.ending(d.ending)}” by {_pts(d.difference)} points (95 % interval "
            f"{_pts(d.low)} to {_pts(d.high)}, over {d.n:,} decision points)."
        )
    blocks: list[object] = [Callout("Key findings", finding, tone="key")]
    for note in notes:
        blocks.append(Callout("Note on the inputs", note, tone="warning"))
    if scenario is not None and scenario.summary:
        blocks.append(Paragraph(scenario.summary))
    return Section("overview", "Overview", tuple(blocks))  # type: ignore[arg-type]


def _endings(summary: BatchSummary, names: _Names) -> Section:
    shares = summary.ending_shares()
    rows = tuple(
        (names.ending(s.ending), f"{s.count:,}", pct(s.share), f"{pct(s.low)} – {pct(s.high)}")
        for s in shares
    )
    chart = IntervalChart(
        id="endings",
        rows=tuple(IntervalRow(names.ending(s.ending), s.share, s.low, s.high) for s in shares),
        x_label="share of games (95 % interval)",
        style="bar",
    )
    return Section(
        "endings",
        "Endings",
        (
            Figure(
                chart,
                caption=f"How the {summary.n:,} games ended: each ending's share with its 95 % "
                "Wilson score interval.",
                alt="; ".join(f"{r[0]}: {r[2]} ({r[3]})" for r in rows),
            ),
            Table(
                columns=("Ending", "Games", "Share", "95 % interval"),
                rows=rows,
                numeric=(False, True, True, True),
            ),
        ),
    )


def _x_labels(series: Sequence[SeriesByTurn], total: int) -> tuple[str, ...]:
    """`T1 … end`, with the number of games that reached a turn where some had ended."""
    turns = max(len(s.turns) for s in series)
    labels = []
    for i in range(turns):
        n = max((s.turns[i].n for s in series if i < len(s.turns)), default=0)
        labels.append(f"T{i + 1}" + (f"\nn={n:,}" if n != total else ""))
    labels.append("end")
    return tuple(labels)


def _bands(series: SeriesByTurn, turns: int) -> tuple[Band, ...]:
    """Turn 1 to `turns`, then the end (a turn no game of this series reached is blank)."""
    blank = Band(math.nan, math.nan, math.nan, math.nan, math.nan)
    bands = [Band(b.mean, b.p10, b.p25, b.p75, b.p90) for b in series.bands()]
    bands += [blank] * (turns - len(bands))
    end = series.end_band()
    return (*bands, Band(end.mean, end.p10, end.p25, end.p75, end.p90))


def _trajectories(summary: BatchSummary, scenario: ScenarioIR | None, names: _Names) -> Section:
    blocks: list[object] = [
        Paragraph(
            "T1 is the start of turn 1, T2 the start of turn 2, and so on; 'end' is the end of "
            "every game, whenever it ended. A turn's figures come from the games that reached "
            "it (n says how many, where some had ended before), so a game that ended early "
            "never lends its final values to a later turn. The line is the mean, the dark band "
            "holds the middle half of the games (25th to 75th percentile), the light band 80 % "
            "of them (10th to 90th)."
        )
    ]
    rows: list[tuple[str, ...]] = []
    turns = max(
        [len(s.turns) for s in (*summary.cohesion.values(), *summary.variables.values())] or [0]
    )
    if summary.cohesion:
        series = list(summary.cohesion.values())
        panels = tuple(
            FanPanel(f"{names.alliance(k)} cohesion", _bands(v, turns), y_min=0, y_max=100)
            for k, v in summary.cohesion.items()
        )
        blocks.append(
            Figure(
                FanChart("cohesion-fan", _x_labels(series, summary.n), panels),
                caption="Alliance cohesion by turn over all games: mean and percentile bands.",
                alt=_fan_alt(panels),
            )
        )
        rows += [
            _band_row(f"{names.alliance(k)} cohesion", v, turns)
            for k, v in summary.cohesion.items()
        ]
    if summary.variables:
        order = list(summary.variables)
        if scenario is not None:
            keyed = [scenario.variables[i].id for i in key_variables(scenario)]
            order = [v for v in keyed if v in summary.variables] + [
                v for v in order if v not in keyed
            ]
        series = [summary.variables[v] for v in order]
        panels = tuple(
            FanPanel(
                names.variable(v),
                _bands(summary.variables[v], turns),
                y_min=summary.variables[v].lo,
                y_max=summary.variables[v].hi,
            )
            for v in order
        )
        blocks.append(
            Figure(
                FanChart("variables-fan", _x_labels(series, summary.n), panels),
                caption="Key variables by turn over all games, each on its own scale.",
                alt=_fan_alt(panels),
            )
        )
        rows += [_band_row(names.variable(v), summary.variables[v], turns) for v in order]
    if rows:
        counts = _reached(summary, turns)
        columns = ("Quantity", *(f"T{i + 1}" for i in range(turns)), "end")
        rows.append(("Games", *(f"{n:,}" for n in counts), f"{summary.n:,}"))
        blocks.append(
            Table(
                columns=columns,
                rows=tuple(rows),
                numeric=(False, *([True] * (turns + 1))),
                caption="By turn: mean, and the 10th–90th percentile below it; the last row "
                "says how many games reached each turn",
            )
        )
    else:
        blocks.append(Paragraph("The scenario has no alliances or key variables to chart."))
    return Section("trajectories", "Cohesion and key variables by turn", tuple(blocks))  # type: ignore[arg-type]


def _band_row(label: str, series: SeriesByTurn, turns: int) -> tuple[str, ...]:
    cells = [f"{b.mean:.1f}\n{b.p10:.0f}–{b.p90:.0f}" for b in series.bands()]
    end = series.end_band()
    return (
        label,
        *cells,
        *([""] * (turns - len(cells))),
        f"{end.mean:.1f}\n{end.p10:.0f}–{end.p90:.0f}",
    )


def _reached(summary: BatchSummary, turns: int) -> list[int]:
    """How many games reached the start of each turn."""
    every = [*summary.cohesion.values(), *summary.variables.values()]
    return [max((s.turns[i].n for s in every if i < len(s.turns)), default=0) for i in range(turns)]


def _fan_alt(panels: Sequence[FanPanel]) -> str:
    return "; ".join(
        f"{p.title}: mean " + ", ".join(f"{b.mean:.1f}" for b in p.bands) for p in panels
    )


def _levers(effects: InterventionSummary | None, scenario: ScenarioIR | None) -> list[MoveEffect]:
    """The decisive moves worth a row: enough points, something changed, clearest first."""
    if effects is None:
        return []
    endings = [e.id for e in scenario.endings] if scenario is not None else []
    return [
        r
        for r in effects.ending_effects(endings)
        if r.n >= MIN_POINTS and not math.isnan(r.difference) and (r.low, r.high) != (0, 0)
    ]


def _decisive(
    summary: BatchSummary,
    scenario: ScenarioIR | None,
    names: _Names,
    effects: InterventionSummary | None,
) -> Section:
    intro = Paragraph(
        "What playing a move changes, measured as an experiment would: decision points the "
        "players of these games actually faced were replayed with every legal move, each "
        "game played to its end under the same policies and the same dice, and a move's "
        "effect is how the ending's chance differs from what the bots would otherwise have "
        "played there. Each row says over how many decision points (n); its 95 % interval "
        "comes from those paired differences. Effects are relative to the bots' behaviour: "
        "see the Method."
    )
    subsections = (_association(summary, names),)
    rows = _levers(effects, scenario)[:TOP_DECISIVE]
    if effects is None:
        body: tuple[object, ...] = (
            intro,
            Paragraph(
                "This results file has no decisive moves beside it: run `wargame simulate` "
                "with --out (and --interventions above 0) to measure them."
            ),
        )
    elif not rows:
        body = (
            intro,
            Paragraph(
                f"No move changed an ending at {MIN_POINTS} or more of the "
                f"{effects.measured:,} decision points replayed. Run more --interventions."
            ),
        )
    else:
        table_rows = tuple(
            (
                names.move(d.move),
                names.ending(d.ending),
                f"{d.n:,}",
                f"{_pts(d.difference)} pts\n{_pts(d.low)} to {_pts(d.high)}",
            )
            for d in rows
        )
        chart = IntervalChart(
            id="decisive-moves",
            rows=tuple(
                IntervalRow(
                    f"{names.move(d.move)} → {names.ending(d.ending)}", d.difference, d.low, d.high
                )
                for d in rows
            ),
            x_label="change in the ending's chance, move minus the bots' alternative "
            "(95 % interval)",
            style="dot",
        )
        body = (
            intro,
            Figure(
                chart,
                caption=f"Decisive moves, by intervention at {effects.measured:,} decision "
                "points. Intervals that cross the zero line are compatible with no effect.",
                alt="; ".join(f"{r[0]} → {r[1]}: {r[3]}".replace("\n", ", ") for r in table_rows),
            ),
            Table(
                columns=("Move", "Ending", "n", "Change (95 % interval)"),
                rows=table_rows,
                numeric=(False, False, True, True),
            ),
        )
        body += _score_effects(effects, scenario, names)
    return Section("decisive-moves", "Decisive moves", body, subsections)  # type: ignore[arg-type]


def _score_effects(
    effects: InterventionSummary, scenario: ScenarioIR | None, names: _Names
) -> tuple[object, ...]:
    actors = [a.id for a in scenario.actors if a.objectives] if scenario is not None else []
    rows = [
        r
        for r in effects.score_effects(actors)
        if r.n >= MIN_POINTS and not math.isnan(r.difference) and r.difference != 0
    ][:TOP_DECISIVE]
    if not rows:
        return ()
    return (
        Table(
            columns=("Move", "Whose objective score", "n", "Change (95 % interval)"),
            rows=tuple(
                (
                    names.move(r.move),
                    names.actor(r.actor),
                    f"{r.n:,}",
                    f"{r.difference:+.2f}\n{r.low:+.2f} to {r.high:+.2f}",
                )
                for r in rows
            ),
            numeric=(False, False, True, True),
            caption="Change in an actor's weighted objective score when the move is played "
            "instead of the bots' alternative",
        ),
    )


def _association(summary: BatchSummary, names: _Names) -> Section:
    moves = summary.decisive_moves(top=TOP_DECISIVE)
    intro = Paragraph(
        "For contrast, and not to be read as cause: each ending's share in games where a move "
        "was played against games where it was not (95 % interval on the difference, "
        "Newcombe's method). It credits a move with whatever made its games different: a "
        "move only available late shows the endings of long games."
    )
    if not moves:
        return Section(
            "association",
            "Association, not cause",
            (
                intro,
                Paragraph(
                    "No move was both played and not played in at least 20 games, so no "
                    "comparison could be made."
                ),
            ),
        )
    rows = tuple(
        (
            names.move(d.move),
            names.ending(d.ending),
            pct(d.share_played),
            pct(d.share_not),
            f"{_pts(d.difference)} pts\n{_pts(d.low)} to {_pts(d.high)}",
        )
        for d in moves
    )
    return Section(
        "association",
        "Association, not cause",
        (
            intro,
            Table(
                columns=("Move", "Ending", "Played", "Not played", "Difference (95 % interval)"),
                rows=rows,
                numeric=(False, False, True, True, True),
            ),
        ),
    )


def _moves(summary: BatchSummary, scenario: ScenarioIR | None, names: _Names) -> Section:
    order = [m.id for m in scenario.moves] if scenario is not None else []
    rows = []
    for row in summary.move_table(order):
        after = "; ".join(f"{names.ending(e)} {pct(x)}" for e, x in row.ending_shares()[:2])
        rows.append(
            (
                names.move(row.move),
                pct(row.available_share),
                pct(row.played_when_available),
                after or "–",
            )
        )
    return Section(
        "moves",
        "Moves: available, played, and the endings that followed",
        (
            Paragraph(
                "For each move: the share of games in which its actor could play it at least "
                "once (available), the share of those in which it was played, and the two "
                "most frequent endings of the games where it was played. A rare move is "
                "either rarely available (look at its conditions) or rarely chosen. The "
                "endings after a move are an association; its effect is under Decisive moves."
            ),
            Table(
                columns=("Move", "Available", "Played when available", "Endings where played"),
                rows=tuple(rows),
                numeric=(False, True, True, False),
            ),
        ),
    )


def _scores(summary: BatchSummary, scenario: ScenarioIR | None, names: _Names) -> Section:
    scores = summary.mean_scores()
    order = (
        [a.id for a in scenario.actors if a.objectives and a.id in scores]
        if scenario is not None
        else sorted(scores)
    )
    rows = tuple((names.actor(a), f"{scores[a]:.2f}") for a in order)
    return Section(
        "objective-scores",
        "Objective scores",
        (
            Paragraph(
                "Each actor's weighted objective score at the end of the game, averaged over "
                "all games (higher is better for that actor)."
            ),
            Table(columns=("Actor", "Mean score"), rows=rows, numeric=(False, True)),
        ),
    )


def _sorted_values(values: set[str]) -> list[str]:
    try:
        return sorted(values, key=float)
    except ValueError:
        return sorted(values)


def _sweep(summary: BatchSummary, names: _Names) -> Section:
    table = [
        (tuple((path, _setting(value)) for path, value in params), n, shares)
        for params, n, shares in summary.sweep_table()
    ]
    endings = sorted(summary.endings, key=lambda e: (-summary.endings[e], e))
    params = [p for p, _ in table[0][0]]
    values = {p: {dict(row[0])[p] for row in table} for p in params}
    x_param = max(params, key=lambda p: (len(values[p]), -params.index(p)))
    others = [p for p in params if p != x_param]
    x_values = _sorted_values(values[x_param])
    groups: dict[tuple[tuple[str, str], ...], dict[str, dict[str, tuple[float, float, float]]]] = {}
    for key, _, shares in table:
        setting = dict(key)
        group = tuple((p, setting[p]) for p in others)
        groups.setdefault(group, {})[setting[x_param]] = shares
    panels = []
    for group in sorted(groups, key=lambda g: [(_num_key(v)) for _, v in g]):
        by_x = groups[group]
        series = []
        for ending in endings:
            missing = (math.nan, math.nan, math.nan)
            triples = [by_x.get(x, {}).get(ending, missing) for x in x_values]
            series.append(
                SweepSeries(
                    names.ending(ending),
                    tuple(t[0] for t in triples),
                    tuple(t[1] for t in triples),
                    tuple(t[2] for t in triples),
                )
            )
        title = ", ".join(f"{p} = {v}" for p, v in group)
        panels.append(SweepPanel(title, tuple(series)))
    rows = tuple(
        (
            *(v for _, v in key),
            f"{n:,}",
            *(f"{pct(shares[e][0])}\n{pct(shares[e][1])} – {pct(shares[e][2])}" for e in endings),
        )
        for key, n, shares in sorted(table, key=lambda row: [_num_key(v) for _, v in row[0]])
    )
    return Section(
        "sweep",
        "Sweep: endings against the swept parameter",
        (
            Figure(
                SweepChart("sweep", x_param, tuple(x_values), tuple(panels)),
                caption=f"Each ending's share as {x_param} varies, with 95 % intervals"
                + (f"; one panel per setting of {', '.join(others)}." if others else "."),
                alt="; ".join(
                    f"{s.label}: " + ", ".join(pct(v) for v in s.values)
                    for p in panels
                    for s in p.series
                ),
            ),
            Table(
                columns=(*params, "Games", *(names.ending(e) for e in endings)),
                rows=rows,
                numeric=(*([True] * len(params)), True, *([True] * len(endings))),
                caption="Share of each ending per setting, with its 95 % interval below",
            ),
        ),
    )


def _setting(value: object) -> str:
    """A swept value as the scenario file writes it (`true`, `20`, `0.5`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _num_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def _method(
    summary: BatchSummary,
    meta: Mapping[str, Any],
    source: str,
    effects: InterventionSummary | None,
    header: BatchHeader,
) -> Section:
    lines = [
        "Shares carry 95 % Wilson score intervals, which stay honest near 0 % and 100 %.",
        "By-turn figures gather, for each turn, the games that reached its start; 'end' is "
        "the end of every game. Percentile bands come from fixed-width histograms (400 bins "
        "over each quantity's range), so they are exact to within half a bin.",
    ]
    if effects is not None:
        lines.append(
            f"Decisive moves: {effects.measured:,} decision points of these games (half drawn "
            "uniformly from all their decisions, half topping up the moves measured least "
            "from the runs where they were available) were "
            "replayed with every legal action, each played to its end under the batch's "
            "policies with common random numbers (branches from a point draw alike at the "
            "same position of the game; under all-random play, from the start of the same "
            "turn). A move's effect is "
            "its outcome minus the policy's alternative (the policy's own probabilities without "
            "the move), averaged over the points where it was legal, with a Student t 95 % "
            "interval from the paired differences. The effect is relative to the bots: under "
            "other policies the alternative, and so the effect, differ (compare with `wargame "
            "sensitivity`). Rows need at least 10 decision points."
        )
    lines += [
        "The association table compares games where a move was played with games where it "
        "was not (Newcombe's hybrid score interval; at least 20 games each way); it is not "
        "evidence of cause.",
        f"Run i of the batch is seeded '{meta.get('seed', '?')}:i', so the same options "
        "reproduce every game exactly, whatever the number of workers: "
        f"{header.command()}.",
    ]
    if source:
        lines.append(f"Results file: {source} ({summary.n:,} records).")
    return Section("method", "Method", (Bullets(tuple(lines)),))
