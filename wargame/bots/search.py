"""Search: Monte Carlo rollouts over determinised states, by sequential halving.

For each legal action the policy plays it on a *determinisation* of the state (everything
hidden from its actor replaced by what the actor may know: `wargame.bots.determinise`) and
plays the game on to its end with every seat choosing as the weighted bot does
(`wargame.engine.playout_from(..., weighted=True)`, the engine's generated fast path: the
scenario's idea of a plausible player, a better model of the others than uniform chance),
scoring the end with the actor's objectives. The rollouts are shared out by
*sequential halving* (Karnin, Koren and Somekh 2013): every action gets an equal share of
the first round, the better half goes on to the next with twice as many rollouts each, and
so on until one is left. That spends the budget where the choice is close, and it finds the
best action with fewer rollouts than giving each the same number.

Every action of a round is tried against the same determinisations and dice (common random
numbers), so the comparison measures the actions, not the luck of their rollouts.

Against goal players (`search:goal`) the search has an *incumbent*, the goal bot's own move
for its actor: it leaves that move only for one that beats it clearly on fresh paired
rollouts (`SearchPolicy._against_incumbent`; the halving's winner, or its runner-up when the
goal move won the halving), so it does no worse than the goal bot and a
game in which it keeps every goal move is the goal bot's game, dice and all.

Deterministic: one draw from the generator passed in seeds the whole search, so the same
game and seed give the same choice in any process. The budget is a number of rollouts
(`search:400`), the default sized so that a Greenland decision takes at most half a second
on one core; `search:300ms` bounds it by time instead, which is no longer reproducible.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from random import Random
from typing import Final

from wargame.bots.determinise import determinise
from wargame.bots.opponents import DEFAULT_OPPONENTS, OPPONENT_MODELS, Opponents
from wargame.bots.policy import Decision, SeatRef, action_words
from wargame.engine import (
    UMPIRE,
    Action,
    Confirm,
    GameState,
    Pass,
    Rate,
    legal_actions,
    objective_scores,
    step,
)
from wargame.engine.lookahead import Trial
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR

__all__ = [
    "DEFAULT_GOAL_ROLLOUTS",
    "DEFAULT_ROLLOUTS",
    "SearchPolicy",
    "parse_budget",
    "parse_search",
]

DEFAULT_ROLLOUTS: Final = 1000
"""Rollouts per decision by default: the most that keeps every Greenland decision under
half a second of CPU on one core (benchmarks/search.py; on the shared development machine
at load 8-12, 1,500 rollouts took 0.22 s at the median but 0.59 s at the slowest; 1,000
take 0.12 s and 0.22 s). Rollouts run the engine's generated playout, about 0.1 ms each."""

DEFAULT_GOAL_ROLLOUTS: Final = 35
"""Rollouts per decision by default for `search:goal` at the opening, whose rollouts play
goal bots to the end of the game (about 9 ms each from Greenland's opening: the goal
bots' look-ahead runs on the engine's working copy, not the generated playout): the most
that keeps a Greenland decision under half a second on one core (benchmarks/search.py: at
load 7, 66 decisions, 0.23 s at the median and 0.44 s at the slowest; every decision
spends its whole budget and no more, the runner-up duel included). Later in the game a goal rollout
is shorter and the same time buys more of them (`SearchPolicy.budget_at`). So few
rollouts can only tell a clear improvement from noise, which is what the incumbent rule
asks for (`SearchPolicy`: it keeps the goal move unless another is clearly better)."""

HALVING_SHARE: Final = 0.5
"""With an incumbent, the share of the budget that finds the best other move; the rest
duels it against the incumbent on fresh rollouts. A halving round plays at least one
rollout a move, so a long menu's halving can take more than its share: the duel gets what
is left (`SearchPolicy._confirm`)."""

CLEAR: Final = 2.0
"""How many standard errors of the paired difference a move must beat the incumbent by."""


@dataclass(frozen=True, slots=True)
class Budget:
    """How much a decision may search: `rollouts`, or `millis` of wall-clock time."""

    rollouts: int = DEFAULT_ROLLOUTS
    millis: float | None = None

    def __str__(self) -> str:
        return f"{self.millis:g} ms" if self.millis is not None else f"{self.rollouts} rollouts"


def parse_budget(text: str) -> Budget:
    """`400` (rollouts) or `300ms`; ValueError with the accepted forms otherwise."""
    raw = text.strip().lower()
    try:
        if raw.endswith("ms"):
            millis = float(raw[:-2])
            if not math.isfinite(millis) or millis <= 0:
                raise ValueError
            return Budget(millis=millis)
        rollouts = int(raw)
        if rollouts < 1:
            raise ValueError
        return Budget(rollouts=rollouts)
    except ValueError:
        raise ValueError(
            f"a search budget is a number of rollouts (search:400) or of milliseconds "
            f"(search:300ms), not {text!r}"
        ) from None


def parse_search(argument: str) -> tuple[Budget | None, str]:
    """What follows `search:`: a budget, an opponent model, or both (`300`, `goal`,
    `300:goal`, `250ms:random`); ValueError naming the accepted forms otherwise."""
    budget: Budget | None = None
    model = DEFAULT_OPPONENTS
    for part in (p for p in argument.split(":") if p.strip()):
        if part.strip().lower() in OPPONENT_MODELS:
            model = part.strip().lower()
            continue
        try:
            budget = parse_budget(part)
        except ValueError as exc:
            raise ValueError(
                f"{exc}, or an opponent model ({', '.join(OPPONENT_MODELS)}: search:400:goal)"
            ) from None
    return budget, model


class SearchPolicy:
    """Chooses the action with the best mean objective score over determinised rollouts."""

    name = "search"

    def __init__(
        self,
        scenario: ScenarioIR,
        actor: str,
        budget: Budget | None = None,
        *,
        clock: Callable[[], float] = time.perf_counter,
        worst: bool = False,
        opponents: str = DEFAULT_OPPONENTS,
    ) -> None:
        self.actor = actor
        self.index = scenario.names.actors.get(actor, -1)
        self.budget = budget or Budget(
            DEFAULT_GOAL_ROLLOUTS if opponents == "goal" else DEFAULT_ROLLOUTS
        )
        self.opponents = Opponents(scenario, self.index, opponents)
        """How the rollouts play the other seats (`wargame.bots.opponents`)."""
        self._clock = clock
        self.sign = -1.0 if worst else 1.0
        """+1 seeks the actor's best score; -1 (`worst=True`) its worst, which no player
        wants but which measures how far the actor's own choices can move its score
        (benchmarks/search.py --reach)."""

    def choose(self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random) -> Action:
        return self.decide(scenario, state, seat, rng).action

    def distribution(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef
    ) -> list[tuple[Action, float]]:
        return [(self.choose(scenario, state, seat, Random(0)), 1.0)]

    def decide(
        self, scenario: ScenarioIR, state: GameState, seat: SeatRef, rng: Random
    ) -> Decision:
        actions = legal_actions(scenario, state, seat)
        if not actions:
            raise ValueError(f"no legal action for seat {seat!r}")
        if seat == UMPIRE:
            return _as_umpire(actions)
        keeps = self.opponents.model == "goal" and self.sign > 0
        # One draw from the game's stream, always: with the goal model it is the draw the
        # goal bot would take (for its ties), so a game where the search keeps every goal
        # move is the very game the goal bot would have played, dice and all.
        draw = rng.random() if keeps or len(actions) > 1 else 0.0
        if len(actions) == 1:
            only = action_words(scenario, actions[0])
            return Decision(actions[0], f"search: {only}, the only choice")
        actor = seat if isinstance(seat, int) else self.index
        private = Random(draw)
        self.opponents.forget()
        incumbent = self._incumbent(scenario, state, actor, actions, draw) if keeps else None
        budget = self.budget_at(scenario, state)
        arms = self._halve(scenario, state, actor, actions, private, budget, incumbent)
        if incumbent is not None:
            return self._against_incumbent(scenario, actions, arms, incumbent)
        best = arms[0]
        why = (
            f"search: {action_words(scenario, actions[best.index])}, mean score "
            f"{self.sign * best.mean:.2f} over {best.count} rollouts"
        )
        if len(arms) > 1:
            runner = arms[1]
            why += (
                f" (runner-up {action_words(scenario, actions[runner.index])} "
                f"{self.sign * runner.mean:.2f} over {runner.count})"
            )
        total = sum(arm.count for arm in arms)
        why += f"; {total} rollouts, {len(actions)} choices"
        if self.opponents.model != DEFAULT_OPPONENTS:
            why += f", the others played as {self.opponents.model}"
        return Decision(actions[best.index], why)

    def budget_at(self, scenario: ScenarioIR, state: GameState) -> Budget:
        """The budget of a decision in `state`. A goal rollout plays a goal look-ahead at
        every decision to the end of the game, so its cost is about in proportion to the
        turns left (Greenland at 25 rollouts: 0.24 s at the median in turn 1, 0.02 s in
        turn 6): with the goal model a budget of rollouts counts rollouts from the opening,
        and a decision with `left` of `turns` turns to play gets `turns / left` times as
        many, about the opening's cost. Deterministic: it depends on the state alone."""
        budget = self.budget
        if self.opponents.model != "goal" or budget.millis is not None:
            return budget
        turns = scenario.calendar.turns
        left = min(turns, max(1, turns - state.turn + 1))
        return Budget(rollouts=budget.rollouts * turns // left)

    def _incumbent(
        self,
        scenario: ScenarioIR,
        state: GameState,
        actor: int,
        actions: list[Action],
        draw: float,
    ) -> int:
        """The index of the move the goal bot would make here (judged, as the goal bot
        judges, on what `actor` may see), drawn among ties with the goal bot's own draw."""
        best = self.opponents.goal_choices(scenario, state, actor)
        choice = best[min(int(draw * len(best)), len(best) - 1)]
        return actions.index(choice) if choice in actions else 0

    def _against_incumbent(
        self, scenario: ScenarioIR, actions: list[Action], arms: list[Arm], incumbent: int
    ) -> Decision:
        """Keep the incumbent (the goal move) unless its rival beat it clearly in their
        duel on fresh rollouts: its mean paired difference (same determinisations and dice)
        over `CLEAR` standard errors. The rival is the halving's winner, or, when the
        incumbent won the halving, its runner-up (`_halve` duels one or the other). The
        search then does no worse than the goal bot, up to that test's errors."""
        total = sum(arm.count for arm in arms)
        tail = f"; {total} rollouts, {len(actions)} choices, the others played as goal"
        kept_words = action_words(scenario, actions[incumbent])
        rival = arms[0] if arms[0].index != incumbent else arms[1]
        kept = next(a for a in arms if a.index == incumbent)
        diffs = [rival.samples[k] - kept.samples[k] for k in rival.samples if k in kept.samples]
        mean, error = mean_error(diffs)
        rival_words = action_words(scenario, actions[rival.index])
        if len(diffs) >= 2 and mean > CLEAR * error and mean > 1e-9:
            why = (
                f"search: {rival_words}, better than the goal move {kept_words} by "
                f"{mean:+.2f} ± {error:.2f} over {len(diffs)} paired rollouts{tail}"
            )
            return Decision(actions[rival.index], why)
        why = (
            f"search: kept the goal move {kept_words}: no move did clearly better over "
            f"{len(diffs)} paired rollouts (best other {rival_words} {mean:+.2f} ± {error:.2f})"
            f"{tail}"
        )
        return Decision(actions[incumbent], why)

    def _halve(
        self,
        scenario: ScenarioIR,
        state: GameState,
        actor: int,
        actions: list[Action],
        rng: Random,
        budget: Budget,
        incumbent: int | None = None,
    ) -> list[Arm]:
        """Sequential halving; returns every arm, the chosen one first, then by mean.

        An `incumbent` arm is sampled in every round beside those still in (never halved
        away), so that every other arm's rollouts have a paired one of it.
        """
        arms = [Arm(i) for i in range(len(actions))]
        baseline = immediate_expectations(scenario, state, actor, actions)
        for arm, expected in zip(arms, baseline or (), strict=False):
            arm.expected = expected
        alive = list(arms)
        rounds = max(1, math.ceil(math.log2(len(actions))))
        whole = budget
        budget = whole if incumbent is None else _share(whole, HALVING_SHARE)
        start = self._clock()
        spent = 0
        for round_index in range(rounds):
            sampled = alive
            if incumbent is not None and all(a.index != incumbent for a in alive):
                sampled = [*alive, arms[incumbent]]
            if budget.millis is None:
                # What is left of the share, over the rounds left; at least one rollout an
                # arm (a nine-move menu's first round costs nine whatever the share).
                allowance = (budget.rollouts - spent) // (rounds - round_index)
                per_arm = max(1, allowance // len(sampled))
                for _ in range(per_arm):
                    self.sample(scenario, state, actor, actions, sampled, rng.random())
                spent += per_arm * len(sampled)
            else:
                until = start + budget.millis / 1000 * (round_index + 1) / rounds
                while True:
                    self.sample(scenario, state, actor, actions, sampled, rng.random())
                    if self._clock() >= until:
                        break
            alive.sort(key=lambda arm: (-arm.mean, arm.index))
            alive = alive[: max(1, (len(alive) + 1) // 2)]
        chosen = alive[0]
        # The runner-up is the arm that lasted longest beside the chosen one.
        rest = sorted(
            (a for a in arms if a is not chosen), key=lambda a: (-a.count, -a.mean, a.index)
        )
        if incumbent is not None and rest:
            # The rest of the budget duels the incumbent and its best rival: the halving's
            # winner, or its runner-up when the incumbent won the halving (the budget would
            # otherwise go unspent, and a move slightly better than the goal move would
            # lose the halving to it as often as not).
            rival = chosen if chosen.index != incumbent else rest[0]
            self._confirm(
                scenario, state, actor, actions, rival, arms[incumbent], rng, whole, start,
                spent,
            )
        return [chosen, *rest]

    def _confirm(
        self,
        scenario: ScenarioIR,
        state: GameState,
        actor: int,
        actions: list[Action],
        chosen: Arm,
        incumbent: Arm,
        rng: Random,
        budget: Budget,
        start: float,
        spent: int,
    ) -> None:
        """Play the rest of the budget (`spent` rollouts went on the halving) as a duel of
        `chosen` (the halving's winner, or its runner-up) and the incumbent on fresh seeds,
        and keep only those pairs: the halving picked `chosen` as the best of many on its
        rollouts, so on them it looks better than it is (the winner's curse). At least two
        pairs, so a budget smaller than the menu still tests the rival."""
        for arm in (chosen, incumbent):
            arm.samples = {}
        if budget.millis is None:
            pairs = max(2, (budget.rollouts - spent) // 2)
            for _ in range(pairs):
                self.sample(scenario, state, actor, actions, [chosen, incumbent], rng.random())
            return
        until = start + budget.millis / 1000
        while len(chosen.samples) < 2 or self._clock() < until:
            self.sample(scenario, state, actor, actions, [chosen, incumbent], rng.random())

    def sample(
        self,
        scenario: ScenarioIR,
        state: GameState,
        actor: int,
        actions: list[Action],
        arms: list[Arm],
        seed: float,
    ) -> None:
        """One rollout for each arm in `arms`, all from the same determinisation and dice.

        When the arm's exact expected score one step ahead is known (`Arm.expected`), the
        rollout's own draw of that step is replaced by it (a control variate): the score
        added is `final - after + expected`, whose mean is the same and whose spread no
        longer carries the luck of the move's own dice, only that of the rest of the game.
        """
        guess = determinise(scenario, state, actor, Random(seed))
        for arm in arms:
            dice = Random(seed)
            try:
                after, _ = step(scenario, guess, actions[arm.index], dice, record=False)
            except IllegalActionError:
                # Not playable in this guess at the hidden values: the actor would pass.
                held = Pass(scenario.actors[actor].id)
                after, _ = step(scenario, guess, held, dice, record=False)
            if after.ending is not None:
                end = after
            else:
                end = self.opponents.rollout(scenario, after, dice)
            final = objective_scores(scenario, end)[actor]
            if arm.expected is not None:
                final += arm.expected - scenario.objective_score(after, actor)
            arm.add(self.sign * final, seed)


class Arm:
    """One candidate action's rollouts so far."""

    __slots__ = ("count", "expected", "index", "samples", "total")

    def __init__(self, index: int) -> None:
        self.index = index
        self.count = 0
        self.total = 0.0
        self.expected: float | None = None
        """The exact expected score just after the action, when it is known."""
        self.samples: dict[float, float] = {}
        """Each rollout's score by its seed: arms played on one seed are paired."""

    def add(self, score: float, seed: float) -> None:
        """A rollout's score; `seed` (its determinisation and dice) pairs it with the other
        arms' rollouts on the same seed."""
        self.count += 1
        self.total += score
        self.samples[seed] = score

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else float("-inf")


def _share(budget: Budget, fraction: float) -> Budget:
    """`fraction` of `budget` (at least one rollout)."""
    if budget.millis is not None:
        return Budget(millis=budget.millis * fraction)
    return Budget(rollouts=max(1, int(budget.rollouts * fraction)))


def mean_error(values: list[float]) -> tuple[float, float]:
    """The mean and its standard error (0, inf with fewer than two values)."""
    if len(values) < 2:
        return (values[0] if values else 0.0), math.inf
    mean = math.fsum(values) / len(values)
    spread = math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return mean, math.sqrt(spread / len(values))


def immediate_expectations(
    scenario: ScenarioIR, state: GameState, actor: int, actions: list[Action]
) -> list[float] | None:
    """Each action's exact expected score one step ahead, on what `actor` may see.

    Only in a sequential phase: there the determinisation is the same for every rollout
    (it draws nothing) and an action resolves at once, so the step each rollout samples
    has exactly this expectation. In a simultaneous phase an order resolves only when all
    are in, and the rollouts are left as they are (None). So too when the step ends the
    turn: the next turn's chance news is drawn as it opens, and the look-ahead draws it
    once, from a fixed stream, rather than weighing its odds (China's icebreaker at
    Greenland's first turn end: 0.63 one step ahead, 0.70 over 60 rollouts' own draws).
    """
    if state.ending is not None or scenario.phases[state.phase].mode == "simultaneous":
        return None
    from wargame.bots.goal import GoalSeekingPolicy

    guess = determinise(scenario, state, actor, Random(0))
    if _ends_the_turn(scenario, guess, actor):
        return None
    judge = GoalSeekingPolicy(scenario, scenario.actors[actor].id)
    values = [judge.expected_score(scenario, guess, action) for action in actions]
    return None if any(math.isinf(v) for v in values) else values


def _ends_the_turn(scenario: ScenarioIR, state: GameState, actor: int) -> bool:
    """Whether `actor`'s step in `state` opens the next turn (tried with its pass: which
    seat acts next does not hang on the move, only whether the game ends)."""
    trial = Trial(scenario, state, Random(0), umpire=True)
    trial.act(Pass(scenario.actors[actor].id))
    return trial.ending is None and trial.at[0] != state.turn


def _as_umpire(actions: list[Action]) -> Decision:
    """As umpire, the search bot accepts, as the accepting umpire does."""
    for action in actions:
        if isinstance(action, Rate) and action.rating == "neutral":
            return Decision(action, "search umpire: rates the argument neutral")
    for action in actions:
        if isinstance(action, Confirm):
            return Decision(action, "search umpire: confirms the rules' proposal")
    return Decision(actions[0], "search umpire: the first choice")
