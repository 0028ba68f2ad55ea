"""The debrief, as data: ending, timeline of decisions, trends and objectives.

Built from the session alone, so the screen and any export agree on what happened. Once the
game is over it is the umpire's view (in the hot-wash every secret is out); opened before
the end, it is the view of the seat on screen (`viewer`): what that seat may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wargame.engine import (
    TIME_EXPIRED,
    UMPIRE,
    Action,
    Adjust,
    Confirm,
    EndPhase,
    Event,
    GameState,
    Inject,
    Override,
    Pass,
    PlayMove,
    Rate,
    can_see,
    event_for,
)
from wargame.play.views import Viewer
from wargame.scenario.ir import ObjectiveIR, ScenarioIR
from wargame.scenario.masking import Masker
from wargame.session import Session

KEY_EVENT_KINDS = frozenset(
    {
        "roll",
        "outcome",
        "inject",
        "rating",
        "umpire",
        "exit",
        "collapse",
        "ending",
        "fizzle",
        "reveal",
    }
)


@dataclass(frozen=True, slots=True)
class TimelineRow:
    step: int
    """1-based index of the action in the log; forking at `step - 1` replays up to it."""
    turn: int
    who: str
    decision: str
    by: str
    consequences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[float, ...]
    score: bool = False
    """A 0-100 score (an alliance's cohesion): read as whole numbers, as everywhere else."""


@dataclass(frozen=True, slots=True)
class ObjectiveRow:
    actor: str
    text: str
    result: str
    met: bool | None


@dataclass(frozen=True, slots=True)
class ObjectiveScore:
    """One objective of a team, scored at the start of the game and now (or at its end)."""

    text: str
    weight: float
    start: str
    """At the start, in words: `met`, `not met`, `score 0.5`; "" when it has no score."""
    end: str
    start_value: float | None
    """The score as a number (a true/false objective: 1 or 0); None when it has none."""
    end_value: float | None
    met: bool | None
    """A true/false objective at the end: met or not; None for a number."""


@dataclass(frozen=True, slots=True)
class TeamObjectives:
    """A playable actor's objectives, once per actor (the debrief's objectives table)."""

    actor: str
    team: str
    """Who played it: the team's name, `bot: POLICY`, or "" when unknown."""
    objectives: tuple[ObjectiveScore, ...]


@dataclass(frozen=True, slots=True)
class DebriefView:
    over: bool
    ending_title: str
    ending_text: str
    timeline: tuple[TimelineRow, ...]
    opening: tuple[str, ...]
    series: tuple[Series, ...]
    objectives: tuple[ObjectiveRow, ...]
    questions: tuple[str, ...]
    teams: tuple[TeamObjectives, ...] = ()
    """Each playable actor once, with each objective's text and its score at the start and
    at the end: what the objectives table shows."""


def describe_action(
    scenario: ScenarioIR,
    action: Action,
    mask: Masker,
    before: GameState | None = None,
    by: str = "",
) -> tuple[str, str]:
    """(who, what) of an action in words, with the scenario's labels, never its ids
    (`before`: the state it was taken in, which says whose outcomes an override picks;
    `by`: who the log says took it, which says that the rules rated a bot's argument)."""
    names = scenario.names
    if isinstance(action, PlayMove):
        actor = scenario.actors[names.actors[action.actor]].name
        move = scenario.moves[names.moves[action.move]].label
        what = f"played '{move}'"
        if action.argument:
            what += f", arguing “{action.argument}”"
        return mask(actor), mask(what)
    if isinstance(action, Pass):
        return mask(scenario.actors[names.actors[action.actor]].name), "passed"
    if isinstance(action, Confirm):
        if action.by == "rules":  # a draw no person was asked to rule
            return "The rules", "resolved the draw by themselves"
        return "Umpire", "confirmed the proposal" + (f": {action.reason}" if action.reason else "")
    if isinstance(action, Override):
        outcome = _outcome_label(scenario, action.outcome, before)
        return "Umpire", mask(f"overrode with '{outcome}': {action.reason}")
    if isinstance(action, Rate):
        if by == "rules":  # a bot's argument: no person was asked (it is rated neutral)
            return "The rules", f"rated the bot's argument {action.rating} by themselves"
        return "Umpire", f"rated the argument {action.rating}" + (
            f": {action.reason}" if action.reason else ""
        )
    if isinstance(action, Inject):
        label = scenario.injects[names.injects[action.inject]].label
        return "Umpire", mask(f"injected '{label}': {action.reason}")
    if isinstance(action, Adjust):
        what = _value_label(scenario, action.variable)
        return "Umpire", mask(f"set {what} to {action.value:g}: {action.reason}")
    if isinstance(action, EndPhase):
        return "Umpire", "ended the phase" + (f": {action.reason}" if action.reason else "")
    return "", repr(action)


def by_words(by: str) -> str:
    """Who decided, as the log signs it, in words: `bot:weighted` -> `a bot (weighted)`,
    `team:Blue` -> `team Blue`, `rules` -> `the rules`, `umpire` -> `the umpire`."""
    kind, _, name = by.partition(":")
    if kind == "bot":
        return f"a bot ({name})" if name else "a bot"
    if kind == "team":
        return f"team {name}" if name else "a team"
    return {"rules": "the rules", "umpire": "the umpire", "facilitator": "the facilitator"}.get(
        by, by
    )


def _outcome_label(scenario: ScenarioIR, outcome: str, before: GameState | None) -> str:
    """An outcome's label, from the move waiting in `before` (its id when unknown)."""
    pending = before.pending if before is not None else None
    if pending is None:
        return outcome
    resolution = scenario.moves[pending.move].resolution
    for candidate in resolution.outcomes if resolution is not None else ():
        if candidate.id == outcome:
            return candidate.label or candidate.id
    return outcome


def _value_label(scenario: ScenarioIR, name: str) -> str:
    """A variable's or flag's label from what an adjustment names (`escalation`,
    `flags.talks`)."""
    names = scenario.names
    if name.startswith("flags."):
        flag = names.flags.get(name.removeprefix("flags."))
        return scenario.flags[flag].label or name if flag is not None else name
    index = names.variables.get(name)
    return scenario.variables[index].label or name if index is not None else name


def _score(objective: ObjectiveIR, state: GameState) -> tuple[str, float | None, bool | None]:
    """An objective's score in `state`: in words, as a number, and met or not."""
    if objective.score is None:
        return "", None, None
    try:
        value = objective.score(state)
    except Exception:  # an author's expression must never crash the debrief
        return "", None, None
    if isinstance(value, bool):
        return ("met" if value else "not met"), float(value), value
    return f"score {float(value):g}", float(value), None


def team_objectives(
    session: Session, mask: Masker, viewer: Viewer = UMPIRE
) -> tuple[TeamObjectives, ...]:
    """Each playable actor `viewer` may read the objectives of (the umpire: all; a team:
    its own), once, with each objective's text and score at the start and now."""
    scenario = session.scenario
    first, last = session.state_at(0), session.state
    out: list[TeamObjectives] = []
    for index, actor in enumerate(scenario.actors):
        if not actor.playable or viewer not in (UMPIRE, index) or not actor.objectives:
            continue
        seat = session.seats.get(actor.id)
        team = ""
        if seat is not None:
            team = seat.team or actor.name if seat.is_human else f"bot: {seat.policy}"
        scores = []
        for objective in actor.objectives:
            start, start_value, _ = _score(objective, first)
            end, end_value, met = _score(objective, last)
            scores.append(
                ObjectiveScore(
                    mask(objective.text),
                    objective.weight,
                    start,
                    end,
                    start_value,
                    end_value,
                    met,
                )
            )
        out.append(TeamObjectives(mask(actor.name), mask(team), tuple(scores)))
    return tuple(out)


def _hidden_from(scenario: ScenarioIR, action: Action, viewer: Viewer) -> bool:
    """Whether a decision is one `viewer` may not know of: another actor's secret move, an
    inject or an adjustment of a value kept from them."""
    names = scenario.names
    if isinstance(action, PlayMove):
        move = scenario.moves[names.moves[action.move]]
        return move.secret and move.actor != viewer and viewer != UMPIRE
    if isinstance(action, Inject):
        return not can_see(scenario.injects[names.injects[action.inject]].visible_to, viewer)
    if isinstance(action, Adjust):
        if action.variable.startswith("flags."):
            flag = names.flags.get(action.variable.removeprefix("flags."))
            return flag is not None and not can_see(scenario.flags[flag].visible_to, viewer)
        index = names.variables.get(action.variable)
        return index is not None and not can_see(scenario.variables[index].visible_to, viewer)
    return False


def debrief_view(session: Session, mask: Masker, viewer: Viewer | None = None) -> DebriefView:
    """The debrief of `session`: everything (`viewer` None: the umpire, the hot-wash), or
    only what `viewer` may see."""
    scenario = session.scenario
    state = session.state
    over = state.ending is not None
    sees = UMPIRE if viewer is None else viewer

    def told(events: Iterable[Event]) -> tuple[str, ...]:
        shown = (event_for(e, sees) for e in events if e.kind in KEY_EVENT_KINDS)
        return tuple(mask(e.text) for e in shown if e is not None and e.text)

    if state.ending is None:
        title, text = "Game in progress", "The game has not ended yet; this is the story so far."
    elif state.ending == TIME_EXPIRED:
        title, text = "Time ran out", "The calendar ended with no ending reached."
    else:
        ending = scenario.endings[state.ending]
        title, text = ending.title, ending.text
    rows = []
    for index, entry in enumerate(session.log_entries, start=1):
        before = session.state_at(index - 1)
        who, what = describe_action(scenario, entry.action, mask, before, entry.by)
        if _hidden_from(scenario, entry.action, sees):
            what = "made a decision kept from you"
        consequences = told(session.events_at(index))
        rows.append(TimelineRow(index, before.turn, who, what, entry.by, consequences))
    opening = told(session.state_at(0).log.all())
    series: list[Series] = []
    for k, alliance in enumerate(scenario.alliances):
        values = [row[k] for row in state.cohesion_history]
        if not values or values[-1] != state.cohesion[k]:
            values.append(state.cohesion[k])
        series.append(Series(mask(f"{alliance.name} cohesion"), tuple(values), score=True))
    for i, variable in enumerate(scenario.variables):
        if not variable.key or not can_see(variable.visible_to, sees):
            continue
        values = [row[i] for row in state.var_history]
        if not values or values[-1] != state.vars[i]:
            values.append(state.vars[i])
        series.append(Series(mask(variable.label or variable.id), tuple(values)))
    objectives = []
    for index, actor in enumerate(scenario.actors):
        if not actor.playable or sees not in (UMPIRE, index):
            continue  # (an actor's objectives are in its private briefing)
        for objective in actor.objectives:
            result, met = "", None
            if objective.score is not None:
                try:
                    value = objective.score(state)
                except Exception:  # an author's expression must never crash the debrief
                    value = None
                if isinstance(value, bool):
                    result, met = ("met" if value else "not met"), value
                elif value is not None:
                    result = f"score {float(value):g}"
            objectives.append(ObjectiveRow(mask(actor.name), mask(objective.text), result, met))
    questions: list[str] = []
    if state.ending is not None and state.ending >= 0:
        questions += [mask(q) for q in scenario.endings[state.ending].debrief]
    questions += [mask(q) for q in scenario.debrief]
    return DebriefView(
        over=over,
        ending_title=mask(title),
        ending_text=mask(text),
        timeline=tuple(rows),
        opening=opening,
        series=tuple(series),
        objectives=tuple(objectives),
        questions=tuple(questions),
        teams=team_objectives(session, mask, sees),
    )
