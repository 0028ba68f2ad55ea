"""What if: a branched game compared with the game it branched from.

A fork keeps the first `step` actions of its parent and is played on differently. Its
report says where the two games parted (the decision each took there), then turn by turn
how alliance cohesion and the key variables went in each (a chart with both games, a table
with both values), and at the end the two endings, each actor's objective score and each
alliance's fate side by side.

Pure: a function of the two sessions (the shell finds and loads the parent's save).
"""

from __future__ import annotations

from collections.abc import Sequence

from wargame.analysis.play import key_variables
from wargame.engine import TIME_EXPIRED, GameState
from wargame.report.model import (
    Figure,
    LineChart,
    LinePanel,
    LineSeries,
    Paragraph,
    Section,
    Table,
)
from wargame.session import Session

__all__ = ["branch_section", "same_prefix", "seat_section", "unmatched_section"]

ORIGINAL = "original"
BRANCH = "this game"


def _num(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1 else f"{round(value, 1):g}"


def same_prefix(session: Session, parent: Session) -> bool:
    """Whether `parent` still holds the actions the branch kept (the same game up to it)."""
    step = session.parent.step if session.parent is not None else 0
    if parent.scenario.id != session.scenario.id or parent.seed != session.seed:
        return False
    if parent.step_index < step:
        return False
    mine = [e.action for e in session.log_entries[:step]]
    theirs = [e.action for e in parent.log_entries[:step]]
    return mine == theirs


def _ending(session: Session) -> str:
    state, scenario = session.state, session.scenario
    if state.ending is None:
        return "in progress"
    if state.ending == TIME_EXPIRED:
        return "Time ran out"
    return scenario.endings[state.ending].title


def _history(
    rows: Sequence[tuple[float, ...]], state: GameState, final: tuple[float, ...]
) -> list[tuple[float, ...]]:
    """Values at the start, at the end of each finished turn, and now (if mid-turn)."""
    out = list(rows)
    if len(out) <= state.turn:
        out.append(final)
    return out


def _decision(session: Session, index: int) -> str:
    """The decision at log position `index`, in words, or that there was none."""
    from wargame.report.from_session import describe_action

    if index >= session.step_index:
        return "the game had ended" if session.is_over else "nothing yet"
    entry = session.log_entries[index]
    who, what = describe_action(
        session.scenario, entry.action, session.state_at(index), entry.by
    )
    return f"{who} {what}".strip()


def branch_section(session: Session, parent: Session, parent_name: str) -> Section:
    """The comparison of `session` with the game it branched from."""
    assert session.parent is not None
    scenario = session.scenario
    step = session.parent.step
    at = session.state_at(step)
    phase = scenario.phases[at.phase]
    where = (
        f"This game is a \u201cwhat if\u201d: it branched from {parent_name} after "
        f"{step} decision{'' if step == 1 else 's'}, in turn {at.turn} "
        f"({phase.label or phase.id}). Up to there the two games are the same game. At "
        f"that point the original went on with: {_decision(parent, step)}; this game with: "
        f"{_decision(session, step)}."
    )
    blocks: list[object] = [Paragraph(where), _at_the_end(session, parent)]
    blocks.extend(_by_turn(session, parent))
    return Section("branch", "What if: compared with the original game", tuple(blocks))  # type: ignore[arg-type]


def _at_the_end(session: Session, parent: Session) -> Table:
    scenario = session.scenario
    mine, theirs = session.state, parent.state
    rows: list[tuple[str, str, str]] = [
        ("Ending", _ending(parent), _ending(session)),
        ("Turns played", str(theirs.turn), str(mine.turn)),
    ]
    for index, actor in enumerate(scenario.actors):
        if not actor.objectives:
            continue
        try:
            before = scenario.objective_score(theirs, index)
            after = scenario.objective_score(mine, index)
        except Exception:  # an author's expression must never break the report
            continue
        change = after - before
        rows.append(
            (
                f"{actor.name}: objective score",
                f"{before:.2f}",
                f"{after:.2f} ({change:+.2f})" if change else f"{after:.2f} (same)",
            )
        )
    for k, alliance in enumerate(scenario.alliances):

        def fate(state: GameState, k: int = k) -> str:
            if state.collapsed[k]:
                return f"collapsed ({_num(state.cohesion[k])})"
            return f"cohesion {_num(state.cohesion[k])}"

        rows.append((alliance.name, fate(theirs), fate(mine)))
    return Table(
        columns=("At the end", "Original game", "This game"),
        rows=tuple(rows),
        caption="The two games at their end (objective scores: weighted, higher is better "
        "for that actor)",
    )


def _by_turn(session: Session, parent: Session) -> list[object]:
    scenario = session.scenario
    mine, theirs = session.state, parent.state
    cohesion = (
        _history(theirs.cohesion_history, theirs, theirs.cohesion),
        _history(mine.cohesion_history, mine, mine.cohesion),
    )
    variables = (
        _history(theirs.var_history, theirs, theirs.vars),
        _history(mine.var_history, mine, mine.vars),
    )
    quantities: list[tuple[str, int, int]] = [
        (f"{a.name} cohesion", 0, k) for k, a in enumerate(scenario.alliances)
    ]
    quantities += [
        (scenario.variables[i].label or scenario.variables[i].id, 1, i)
        for i in key_variables(scenario)
    ]
    if not quantities:
        return []
    points = max(len(cohesion[0]), len(cohesion[1]), len(variables[0]), len(variables[1]))
    labels = ["Start", *(f"Turn {index}" for index in range(1, points))]
    panels = []
    rows = []
    for label, kind, key in quantities:
        source = cohesion if kind == 0 else variables
        series = (
            LineSeries(ORIGINAL, tuple(row[key] for row in source[0]), dashed=True),
            LineSeries(BRANCH, tuple(row[key] for row in source[1])),
        )
        variable = scenario.variables[key] if kind == 1 else None
        finite = variable is None or (abs(variable.min) < 1e300 and abs(variable.max) < 1e300)
        panels.append(
            LinePanel(
                title=label,
                series=series,
                y_min=(0 if variable is None else variable.min) if finite else None,
                y_max=(100 if variable is None else variable.max) if finite else None,
            )
        )
    branch_turn = session.state_at(session.parent.step).turn if session.parent else 1
    for index in range(points):
        cells = []
        for _, kind, key in quantities:
            source = cohesion if kind == 0 else variables
            theirs_value = source[0][index][key] if index < len(source[0]) else None
            mine_value = source[1][index][key] if index < len(source[1]) else None
            cells.append(
                f"{'–' if theirs_value is None else _num(theirs_value)} → "
                f"{'–' if mine_value is None else _num(mine_value)}"
            )
        rows.append((labels[index], *cells))
    return [
        Figure(
            LineChart(
                id="branch",
                x_labels=tuple(labels),
                panels=tuple(panels),
                x_label="start, then the end of each turn",
            ),
            caption=f"Turn by turn, the original game and this one (they part in turn "
            f"{branch_turn}).",
            alt="; ".join(
                f"{p.title}: "
                + "; ".join(f"{s.label} " + ", ".join(_num(v) for v in s.values) for s in p.series)
                for p in panels
            ),
        ),
        Table(
            columns=("When", *(label for label, _, _ in quantities)),
            rows=tuple(rows),
            numeric=(False, *([True] * len(quantities))),
            caption="At the start, then at the end of each turn (or where the game ended in "
            "it); each value: the original game → this game",
        ),
    ]


def unmatched_section(session: Session, *, searched: bool = True) -> Section:
    """What the report says of a branched game it does not compare with its original:
    the original's save was looked for and not found (`searched`), or was not looked for
    (a report written from the game in memory)."""
    assert session.parent is not None
    said = (
        "but that save was not found (where it was, or beside this one), or it no longer "
        "holds the game this one branched from, so the two are not compared here. Put the "
        "original's save beside this one and write the report again."
        if searched
        else "`wargame report` on this game's save compares the two (the original's save "
        "where it was, or beside this one)."
    )
    return Section(
        "branch",
        "What if: compared with the original game",
        (
            Paragraph(
                f"This game branched from {session.parent.session} after "
                f"{session.parent.step} decisions; {said}"
            ),
        ),
    )


def seat_section(session: Session) -> Section:
    """A seat's copy of a branched game: the comparison is the facilitator's to show (the
    original's decisions and values are not all this seat's to see)."""
    assert session.parent is not None
    return Section(
        "branch",
        "What if",
        (
            Paragraph(
                f"This game branched from another after {session.parent.step} decisions; "
                "the facilitator's copy of this report compares the two."
            ),
        ),
    )
