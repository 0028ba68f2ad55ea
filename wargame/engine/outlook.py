"""The endings seen from here: the ending the umpire is asked about, and the endings close.

Two views for people, pure functions of the scenario and the state:

* `ending_proposal`: in a game whose umpire confirms endings, the ending the rules propose,
  with the umpire's two choices (Confirm, PlayOn) in plain words.
* `last_chance`: the endings one step away, "NATO cohesion 21 / 15 — ends the game", for the
  dashboard and the projector. A *step* is the author's `warn_within` for that ending, or
  else the largest change one move (with its likeliest-to-move outcome) or one piece of news
  makes to that value in the current state. An ending is close when moving one value it
  reads by one step, up or down within its bounds, makes its condition hold; the threshold
  shown is where the condition starts to hold (found by bisection, so any condition shape
  works, not only `value < number`). Endings whose condition reads a value or flag the
  viewer may not see are left out, so a warning never gives a hidden value away.

Neither is called in a hot loop: they evaluate conditions a few hundred times at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from wargame.engine.actions import Action, Confirm, PlayOn
from wargame.engine.legal import PLAY_ON_REASON
from wargame.engine.state import GameState, proposed_ending
from wargame.engine.view import Viewer, can_see, reads_visibility
from wargame.scenario.ir import Effect, EndingIR, ScenarioIR
from wargame.scenario.numbers import bounded
from wargame.scenario.plain import mid, whole

__all__ = [
    "EndingChoice",
    "EndingProposal",
    "LastChance",
    "ending_proposal",
    "gauge_steps",
    "last_chance",
]

_WHERE: Final = {
    "begin": "after the news at the start of the turn",
    "phase": "at the end of the phase",
    "turn": "at the end of the turn",
    "end": "as the calendar runs out",
}


@dataclass(frozen=True, slots=True)
class EndingChoice:
    """One of the umpire's answers to a proposed ending, in words."""

    action: Action
    label: str
    """`Confirm: the game ends` or `Play on`."""
    detail: str


@dataclass(frozen=True, slots=True)
class EndingProposal:
    """An ending the rules propose and the umpire has yet to confirm."""

    ending: str
    """The ending's id."""
    title: str
    text: str
    condition: str
    """The condition that holds, as the author wrote it (for the facilitator)."""
    where: str
    """When the rules judged it, in words: `at the end of the turn`."""
    choices: tuple[EndingChoice, ...]


def ending_proposal(scenario: ScenarioIR, state: GameState) -> EndingProposal | None:
    """The ending waiting for the umpire, with the two choices; None when none waits."""
    index = proposed_ending(state)
    if index is None:
        return None
    hold = state.ending_hold
    assert hold is not None
    ending = scenario.endings[index]
    at_end = hold.at == "end"
    confirm = EndingChoice(
        Confirm(),
        "Confirm: the game ends",
        f"The game ends now with '{ending.title}', as the rules say.",
    )
    if at_end:
        detail = (
            f"Set '{ending.title}' aside: the calendar is over, so the next ending that "
            "holds, or the default ending, closes the game. Say why, for the debrief."
        )
    else:
        detail = (
            f"The game goes on; '{ending.title}' is set aside for the rest of this turn and "
            "proposed again in a later turn if it still holds. Say why, for the debrief."
        )
    play_on = EndingChoice(PlayOn(PLAY_ON_REASON), "Set it aside" if at_end else "Play on", detail)
    return EndingProposal(
        ending=ending.id,
        title=ending.title,
        text=ending.text,
        condition=ending.when.source if ending.when is not None else "",
        where=_WHERE.get(hold.at, ""),
        choices=(confirm, play_on),
    )


# -- last chance ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LastChance:
    """An ending one step away (or holding, waiting to be judged), said plainly."""

    ending: str
    """The ending's id."""
    title: str
    gauge: str
    """What is close, by its label: `NATO cohesion`, `Escalation`."""
    value: float
    threshold: float
    """Where the condition starts to hold (equal to `value` when it holds already)."""
    holds: bool
    """The condition holds already; the ending is judged later (end of the turn, or the
    deadline), or the umpire played on past it."""
    text: str
    """`NATO cohesion 21 / 15 — ends the game (NATO destroyed from within)`."""


Gauge = tuple[str, int, int]
"""(field, i, j): `vars`, `cohesion`, `trust` or `commitment` with its indexes (j: -1)."""


def last_chance(
    scenario: ScenarioIR, state: GameState, viewer: Viewer
) -> tuple[LastChance, ...]:
    """The endings `viewer` may know are close, most urgent (highest priority) first."""
    if state.ending is not None:
        return ()
    steps = gauge_steps(scenario, state)
    out: list[LastChance] = []
    for index in (*scenario.ending_order, *scenario.end_order):
        ending = scenario.endings[index]
        if ending.when is None or not _may_see(scenario, ending, viewer):
            continue
        found = _closest(scenario, state, ending, steps)
        if found is not None:
            out.append(found)
    return tuple(out)


def _may_see(scenario: ScenarioIR, ending: EndingIR, viewer: Viewer) -> bool:
    """Whether `viewer` may see every value the condition reads (`view.reads_visibility`:
    hidden variables and flags, a secret move's play count, private news)."""
    assert ending.when is not None
    return can_see(reads_visibility(scenario, ending.when.reads), viewer)


def _gauges(scenario: ScenarioIR, ending: EndingIR) -> list[Gauge]:
    assert ending.when is not None
    names = scenario.names
    out: list[Gauge] = []
    for read in ending.when.reads:
        parts = read.split(":")
        kind = parts[0]
        if kind == "var" and parts[1] in names.variables:
            variable = scenario.variables[names.variables[parts[1]]]
            if variable.min < variable.max:
                out.append(("vars", names.variables[parts[1]], -1))
        elif kind == "cohesion" and parts[1] in names.alliances:
            out.append(("cohesion", names.alliances[parts[1]], -1))
        elif kind == "trust" and len(parts) == 3:
            a, b = names.actors.get(parts[1]), names.actors.get(parts[2])
            if a is not None and b is not None and a != b:
                out.append(("trust", a, b))
        elif kind == "commitment" and len(parts) == 3:
            k = names.alliances.get(parts[1])
            slot = names.members.get(parts[1], {}).get(parts[2])
            if k is not None and slot is not None:
                out.append(("commitment", k, slot))
    return out


def _label(scenario: ScenarioIR, gauge: Gauge) -> str:
    field, i, j = gauge
    if field == "vars":
        variable = scenario.variables[i]
        return variable.label or variable.id
    if field == "cohesion":
        alliance = scenario.alliances[i]
        return f"{alliance.name or alliance.id} cohesion"
    if field == "trust":
        return f"{_name(scenario, i)}'s trust in {mid(_name(scenario, j))}"
    alliance = scenario.alliances[i]
    member = alliance.members[j]
    return f"{_name(scenario, member)}'s commitment to {alliance.name or alliance.id}"


def _name(scenario: ScenarioIR, actor: int) -> str:
    return scenario.actors[actor].name or scenario.actors[actor].id


def _bounds(scenario: ScenarioIR, gauge: Gauge) -> tuple[float, float]:
    if gauge[0] == "vars":
        variable = scenario.variables[gauge[1]]
        return variable.min, variable.max
    return 0.0, 100.0


def _get(state: GameState, gauge: Gauge) -> float:
    field, i, j = gauge
    if field == "vars":
        return state.vars[i]
    if field == "cohesion":
        return state.cohesion[i]
    if field == "trust":
        return state.trust[i][j]
    return state.commitment[i][j]


def _with(state: GameState, gauge: Gauge, value: float) -> GameState:
    field, i, j = gauge

    def put(row: tuple[float, ...], k: int, v: float) -> tuple[float, ...]:
        return (*row[:k], v, *row[k + 1 :])

    if field == "vars":
        return state._replace(vars=put(state.vars, i, value))
    if field == "cohesion":
        return state._replace(cohesion=put(state.cohesion, i, value))
    if field == "trust":
        row = put(tuple(state.trust[i]), j, value)
        return state._replace(trust=(*state.trust[:i], row, *state.trust[i + 1 :]))
    return state._replace(
        commitment=_put_row(state.commitment, i, put(state.commitment[i], j, value))
    )


def _put_row(
    rows: tuple[tuple[float, ...], ...], k: int, row: tuple[float, ...]
) -> tuple[tuple[float, ...], ...]:
    return (*rows[:k], row, *rows[k + 1 :])


def _closest(
    scenario: ScenarioIR, state: GameState, ending: EndingIR, steps: dict[Gauge, float]
) -> LastChance | None:
    when = ending.when
    assert when is not None
    gauges = _gauges(scenario, ending)
    if bool(when.fn(state)):
        if not gauges:
            return None
        gauge = gauges[0]
        value = _get(state, gauge)
        label = _label(scenario, gauge)
        when_text = {
            "every_phase": "holds now: the umpire set it aside this turn",
            "end_of_turn": "ends the game at the end of this turn unless it changes",
            "end_of_game": "decides the ending at the deadline unless it changes",
        }[ending.checked]
        return LastChance(
            ending.id,
            ending.title,
            label,
            value,
            value,
            True,
            f"{label} {_fmt(gauge, value)} — {when_text} ({ending.title})",
        )
    best: tuple[float, Gauge, float, float] | None = None
    for gauge in gauges:
        step = ending.warn_within if ending.warn_within is not None else steps.get(gauge, 0.0)
        if step <= 0:
            continue
        value = _get(state, gauge)
        lo, hi = _bounds(scenario, gauge)
        for target in (min(hi, value + step), max(lo, value - step)):
            if target == value or not bool(when.fn(_with(state, gauge, target))):
                continue
            threshold = _threshold(state, gauge, when.fn, value, target)
            distance = abs(threshold - value) / step
            if best is None or distance < best[0]:
                best = (distance, gauge, value, threshold)
    if best is None:
        return None
    _, gauge, value, threshold = best
    label = _label(scenario, gauge)
    consequence = (
        "decides the ending at the deadline" if ending.checked == "end_of_game" else "ends the game"
    )
    return LastChance(
        ending.id,
        ending.title,
        label,
        value,
        threshold,
        False,
        f"{label} {_apart(gauge, value, threshold)} — {consequence} ({ending.title})",
    )


def _threshold(
    state: GameState, gauge: Gauge, holds: object, value: float, target: float
) -> float:
    """Where between `value` (does not hold) and `target` (holds) the condition flips."""
    assert callable(holds)
    outside, inside = value, target
    for _ in range(48):
        middle = (outside + inside) / 2
        if bool(holds(_with(state, gauge, middle))):
            inside = middle
        else:
            outside = middle
    return round(inside, 2) if abs(inside - round(inside)) > 1e-6 else float(round(inside))


def _apart(gauge: Gauge, value: float, threshold: float) -> str:
    """`value / threshold` as the dashboard shows them, with a decimal more while rounding
    would show them equal: "NATO cohesion 15 / 15" at 15.4 read as if the game were over."""
    shown = _fmt(gauge, value), _fmt(gauge, threshold)
    for places in (1, 2):
        if shown[0] != shown[1]:
            break
        shown = _decimals(value, places), _decimals(threshold, places)
    return f"{shown[0]} / {shown[1]}"


def _decimals(value: float, places: int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.{places}f}"


def _fmt(gauge: Gauge, value: float) -> str:
    """A value as the dashboard shows it: trust, commitment and cohesion (0-100 scores) as
    whole numbers (`plain.whole`), a variable with at most one decimal."""
    if gauge[0] != "vars":
        return str(whole(value))
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# -- steps ----------------------------------------------------------------------------------


def gauge_steps(scenario: ScenarioIR, state: GameState) -> dict[Gauge, float]:
    """The largest change one move (with any one of its outcomes) or one inject makes to each
    value in `state`; cohesion through its members' commitment and weights."""
    steps: dict[Gauge, float] = {}
    for move in scenario.moves:
        base = _deltas(scenario, state, move.effects)
        outcomes = move.resolution.outcomes if move.resolution is not None else ()
        if not outcomes:
            _widen(steps, base)
        for outcome in outcomes:
            total = dict(base)
            for gauge, delta in _deltas(scenario, state, outcome.effects).items():
                total[gauge] = total.get(gauge, 0.0) + delta
            _widen(steps, total)
    for inject in scenario.injects:
        _widen(steps, _deltas(scenario, state, inject.effects))
    return steps


def _widen(steps: dict[Gauge, float], deltas: dict[Gauge, float]) -> None:
    for gauge, delta in deltas.items():
        if abs(delta) > steps.get(gauge, 0.0):
            steps[gauge] = abs(delta)


def _deltas(
    scenario: ScenarioIR, state: GameState, effects: tuple[Effect, ...]
) -> dict[Gauge, float]:
    out: dict[Gauge, float] = {}
    for effect in effects:
        target = effect.target
        if target.kind == "flag":
            continue
        field = {"var": "vars", "trust": "trust", "commitment": "commitment"}[target.kind]
        gauge: Gauge = (field, target.a, target.b if field != "vars" else -1)
        try:
            value = bounded(effect.value.fn(state))  # no infinity or NaN in a step
        except (ArithmeticError, ValueError):
            continue
        current = _get(state, gauge)
        if effect.op == "+=":
            delta = value
        elif effect.op == "-=":
            delta = -value
        elif effect.op == "=":
            delta = value - current
        else:
            delta = current * (value - 1.0)
        out[gauge] = out.get(gauge, 0.0) + delta
        if field == "commitment":
            alliance = scenario.alliances[target.a]
            total = sum(alliance.weights)
            if total > 0:
                share = delta * alliance.weights[target.b] / total
                key: Gauge = ("cohesion", target.a, -1)
                out[key] = out.get(key, 0.0) + share
    return out
