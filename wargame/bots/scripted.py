"""Scripted play: fixed choices per turn, for reproducible demos and playthrough tests.

A script maps turns to the moves an actor plays that turn::

    {"1": ["order_contingency_plans"], "2": [{"move": "argue_at_summit", "argument": "..."}],
     "*": ["pass"]}

Each actor acts once per phase, and every move belongs to one phase, so when the actor acts
in a phase the policy plays the listed move of that phase; with none listed it passes. `"*"`
applies to turns not listed. A listed move that is not legal when its turn comes is an error
(`strict`, the default, for tests) or a pass (lenient, for bots).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from random import Random

from wargame.bots.policy import Decision, SeatRef, action_words
from wargame.engine import Action, GameState, Pass, PlayMove, legal_actions
from wargame.errors import WargameError
from wargame.scenario.ir import ScenarioIR


class ScriptError(WargameError, ValueError):
    """A script names something the scenario does not have, or a move that is not legal."""


@dataclass(frozen=True, slots=True)
class ScriptedMove:
    move: str
    argument: str = ""


def parse_script(
    raw: object, scenario: ScenarioIR, actor: str
) -> dict[str, tuple[ScriptedMove, ...]]:
    """Check a script's shape and names; return turn key -> moves."""
    if not isinstance(raw, Mapping):
        raise ScriptError(f"the script for {actor!r} must map turns to moves")
    known = scenario.names.moves
    script: dict[str, tuple[ScriptedMove, ...]] = {}
    for key, value in raw.items():
        turn = str(key)
        if turn != "*" and not (turn.isdigit() and 1 <= int(turn) <= scenario.calendar.turns):
            raise ScriptError(
                f"script for {actor!r}: {turn!r} is not a turn (1-{scenario.calendar.turns} or '*')"
            )
        items: Sequence[object] = value if isinstance(value, list) else [value]
        moves: list[ScriptedMove] = []
        for item in items:
            if isinstance(item, Mapping):
                entry = ScriptedMove(str(item.get("move", "")), str(item.get("argument", "")))
            else:
                entry = ScriptedMove(str(item))
            if entry.move != "pass":
                if entry.move not in known:
                    raise ScriptError(
                        f"script for {actor!r}, turn {turn}: unknown move {entry.move!r}"
                    )
                if scenario.move(entry.move).actor != scenario.names.actors[actor]:
                    raise ScriptError(
                        f"script for {actor!r}, turn {turn}: {entry.move!r} is not {actor!r}'s move"
                    )
            moves.append(entry)
        script[turn] = tuple(moves)
    return script


class ScriptedPolicy:
    """Plays the moves a script lists for each turn (see the module docstring)."""

    name = "scripted"

    def __init__(
        self, scenario: ScenarioIR, actor: str, raw: object, *, strict: bool = True
    ) -> None:
        self.actor = actor
        self.strict = strict
        self.script = parse_script(raw, scenario, actor)

    def choose(self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random) -> Action:
        entries = self.script.get(str(state.turn), self.script.get("*", ()))
        for entry in entries:
            if entry.move == "pass":
                continue
            move = scenario.move(entry.move)
            if move.phase != state.phase:
                continue
            action = PlayMove(self.actor, entry.move, entry.argument)
            if action in legal_actions(scenario, state, seat) or (
                move.argued is not None
                and PlayMove(self.actor, entry.move) in legal_actions(scenario, state, seat)
            ):
                return action
            if self.strict:
                from wargame.engine import unavailable_reason

                why = unavailable_reason(scenario, state, move.actor, move.index) or "not legal now"
                raise ScriptError(
                    f"turn {state.turn}: scripted move {entry.move!r} for {self.actor!r} "
                    f"cannot be played: {why}"
                )
        return Pass(self.actor)

    def decide(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
    ) -> Decision:
        action = self.choose(scenario, state, seat, rng)
        if isinstance(action, Pass):
            return Decision(action, f"scripted: nothing listed for this phase of turn {state.turn}")
        return Decision(
            action, f"scripted: {action_words(scenario, action)} for turn {state.turn}"
        )

    def distribution(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef
    ) -> list[tuple[Action, float]]:
        return [(self.choose(scenario, state, seat, Random(0)), 1.0)]
