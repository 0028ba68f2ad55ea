"""Goal-seeking play: one step of look-ahead on the actor's own objectives.

For each legal action the policy plays it on a copy of the state *as its actor may see it*
(`wargame.bots.determinise.as_seen_by`: values, flags and news hidden from the actor at what
the actor knows of them, the others' sealed orders taken as passes) and scores the result
with the actor's objectives (the weighted sum of their `score` expressions), so changing
something hidden from the actor never changes its choice. A move on the actor's menu that
is not playable in that picture (its condition reads a hidden value) is scored as a pass,
as the search bot scores it. Adjudicated moves are
scored by expectation: the copy is put in umpire mode so each outcome can be forced, and
each outcome's score is weighted by its exact probability (`wargame.bots.odds`). In a
simultaneous phase an order only resolves once every order is in, so the look-ahead assumes
the seats still to order hold back (pass). Ties go to a draw from the generator, so the
policy stays deterministic for a seed yet does not always favour the first listed move.

The look-ahead plays on one working copy (`wargame.engine.lookahead.Trial`, forked per
outcome) and scores through the scenario's generated code, not through `step` and a frozen
state per action: a `search:goal` rollout asks it at every decision to the end of the game.
The values are the same to the last bit (tests/bots/test_goal.py keeps the look-ahead
through `step` as the reference).
"""

from __future__ import annotations

from random import Random

from wargame.bots.determinise import as_seen_by
from wargame.bots.odds import outcome_probabilities
from wargame.bots.policy import Decision, SeatRef, action_words
from wargame.engine import (
    UMPIRE,
    Action,
    Confirm,
    GameState,
    Pass,
    PlayMove,
    Rate,
    legal_actions,
    to_act,
)
from wargame.engine.lookahead import Trial
from wargame.engine.specialise import specialised
from wargame.scenario.ir import ScenarioIR, StateLike

LOOKAHEAD_REASON = "look-ahead"
_TIE = 1e-9
_NEVER = float("-inf")


class GoalSeekingPolicy:
    """Maximises the expected objective score of `actor` one action ahead."""

    name = "goal"

    def __init__(self, scenario: ScenarioIR, actor: str) -> None:
        self.actor = actor
        self.index = scenario.names.actors.get(actor, -1)
        fast = specialised(scenario)
        self._score = (
            fast.score[self.index]
            if fast is not None and 0 <= self.index < len(fast.score)
            else None
        )

    def score(self, scenario: ScenarioIR, state: StateLike) -> float:
        """The actor's weighted objective score in `state` (booleans count 1 or 0),
        through the scenario's generated code when it has some (the same number)."""
        if self.index < 0:
            return 0.0
        if self._score is not None:
            return self._score(state)
        return scenario.objective_score(state, self.index)

    def choose(self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random) -> Action:
        return self.decide(scenario, state, seat, rng).action

    def decide(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
    ) -> Decision:
        actions = legal_actions(scenario, state, seat)
        if not actions:
            raise ValueError(f"no legal action for seat {seat!r}")
        if seat == UMPIRE:
            for action in actions:
                if isinstance(action, Rate) and action.rating == "neutral":
                    return Decision(action, "goal umpire: rates the argument neutral")
            for action in actions:
                if isinstance(action, Confirm):
                    return Decision(action, "goal umpire: confirms the rules' proposal")
            return Decision(actions[0], "goal umpire: the first choice")
        actor = seat if isinstance(seat, int) else self.index
        values = self.values(scenario, state, actor, actions)
        best = _best(values)
        action = best[min(int(rng.random() * len(best)), len(best) - 1)]
        top = max(value for _, value in values)
        others = [value for a, value in values if value < top - _TIE]
        why = (
            f"goal: {action_words(scenario, action)}, expected score {top:.2f} one move ahead "
            f"(best of {len(actions)}"
        )
        why += f"; next best {max(others):.2f})" if others else "; all score the same)"
        return Decision(action, why)

    def values(
        self, scenario: ScenarioIR, state: GameState, actor: int, actions: list[Action]
    ) -> list[tuple[Action, float]]:
        """Each action's expected score one move ahead, judged on what `actor` may see;
        an action not playable in that picture scores as the actor's pass."""
        seen = as_seen_by(scenario, state, actor)
        playable = _playable(scenario, seen)
        values = [
            (action, self._expected(scenario, seen, action) if action in playable else _NEVER)
            for action in actions
        ]
        if any(value == _NEVER for _, value in values):
            held = self.expected_score(scenario, seen, Pass(scenario.actors[actor].id))
            values = [(a, held if v == _NEVER else v) for a, v in values]
        return values

    def best_actions(
        self, scenario: ScenarioIR, state: GameState, actor: int, actions: list[Action]
    ) -> list[Action]:
        """The actions with the highest expected score on what `actor` may see (ties kept,
        in listed order): those `decide` draws among."""
        return _best(self.values(scenario, state, actor, actions))

    def distribution(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef
    ) -> list[tuple[Action, float]]:
        actions = legal_actions(scenario, state, seat)
        if seat == UMPIRE:
            return [(self.choose(scenario, state, seat, Random(0)), 1.0)]
        actor = seat if isinstance(seat, int) else self.index
        best = self.best_actions(scenario, state, actor, actions)
        return [(action, 1.0 / len(best)) for action in best]

    def expected_score(self, scenario: ScenarioIR, state: GameState, action: Action) -> float:
        """Expected score after `action`, outcomes weighted by their exact odds (minus
        infinity when the seat to act may not take it in `state`)."""
        if action not in _playable(scenario, state):
            return _NEVER
        return self._expected(scenario, state, action)

    def _expected(self, scenario: ScenarioIR, state: GameState, action: Action) -> float:
        """`expected_score` of an action the seat to act may take. Played on one working
        copy (`wargame.engine.lookahead.Trial`), forked per outcome: the states `step`
        would reach, without freezing one per action (tests/bots/test_goal.py compares it
        with the look-ahead through `step`)."""
        assert isinstance(action, PlayMove | Pass)
        # In umpire mode the outcomes are forced; only a chance inject draws from `rng`.
        trial = Trial(scenario, state, _ZeroStream(), umpire=True)
        trial.act(action)
        self._settle(scenario, trial)
        after = trial.state
        pending = trial.pending
        if pending is None or not isinstance(action, PlayMove):
            return self.score(scenario, after)
        move = scenario.moves[pending.move]
        if pending.stage == "rate":
            trial.rate("neutral", LOOKAHEAD_REASON)
            if trial.pending is None:
                return self.score(scenario, after)
        if move.resolution is None:
            return self.score(scenario, after)
        probabilities = outcome_probabilities(move, after)
        total = 0.0
        for index, p in enumerate(probabilities):
            if p <= 0:
                continue
            branch = trial.fork()
            branch.rule(index, LOOKAHEAD_REASON)
            total += p * self.score(scenario, branch.state)
        return total

    def _settle(self, scenario: ScenarioIR, trial: Trial) -> None:
        """Let the other seats of a simultaneous phase pass so the order resolves."""
        if trial.ending is not None:
            return
        start_turn, start_phase, _ = trial.at
        phase = scenario.phases[start_phase]
        if phase.mode != "simultaneous":
            return
        for _ in range(len(phase.actors)):
            if trial.pending is not None or trial.ending is not None:
                break
            turn, at_phase, cursor = trial.at
            if at_phase != start_phase or turn != start_turn:
                break
            if cursor >= len(phase.actors):
                break
            trial.act(Pass(scenario.actors[phase.actors[cursor]].id))


def _playable(scenario: ScenarioIR, state: GameState) -> list[Action]:
    """The actions the seat to act may take in `state` (none when no seat acts): those
    `step` accepts from it."""
    seat = to_act(scenario, state)
    return legal_actions(scenario, state, seat) if isinstance(seat, int) else []


class _ZeroStream(Random):
    """`Random(0)`'s draws, seeded at the first one: a probe's step rarely draws (a chance
    inject at a phase's end), and seeding costs ~10 µs, about 6 % of a goal rollout."""

    def __init__(self) -> None:  # no seeding here: that is what this saves
        self._stream: Random | None = None

    def random(self) -> float:
        if self._stream is None:
            self._stream = Random(0)
        return self._stream.random()


def _best(values: list[tuple[Action, float]]) -> list[Action]:
    """The actions with the highest value (ties kept, in listed order)."""
    best: list[Action] = []
    best_value = float("-inf")
    for action, value in values:
        if value > best_value + _TIE:
            best, best_value = [action], value
        elif value >= best_value - _TIE:
            best.append(action)
    return best
