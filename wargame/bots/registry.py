"""Policies by name, as the command line and the TUI's setup screen name them."""

from __future__ import annotations

from collections.abc import Callable

from wargame.bots.policy import Policy
from wargame.bots.random_policy import RandomPolicy
from wargame.bots.scripted import ScriptedPolicy
from wargame.bots.umpire import AcceptingUmpire
from wargame.bots.weighted import WeightedPolicy
from wargame.errors import WargameError
from wargame.scenario.ir import ScenarioIR

POLICY_NAMES: tuple[str, ...] = ("random", "weighted", "goal", "search", "scripted", "accept")
"""Names accepted by `make_policy` (`scripted` takes a script, `search` an optional budget)."""

POLICY_HELP: dict[str, str] = {
    "random": "uniform over the legal actions, pass included",
    "weighted": "moves drawn in proportion to the scenario's `weight` per move",
    "goal": "one-step look-ahead maximising the actor's objectives (chance by expectation)",
    "search": "Monte Carlo rollouts of every choice to the end of the game, from what the "
    "actor may see (search:400 rollouts or search:300ms; search:400:goal plays the others "
    "as goal bots in the rollouts, the default as weighted ones)",
    "scripted": "fixed choices per turn from a script file (scripted:FILE)",
    "accept": "umpire that confirms every proposal and rates arguments neutral",
}


DEFAULT_BOT: str = "weighted"
"""The policy `play` and `host` give the seats nobody plays: the one that gives the best game,
measured with `python -m benchmarks.best_game` (docs/analysis.md, "Which bot by default")."""

DEFAULT_BOT_REASON: str = (
    "Bots play 'weighted': moves as tempting as the scenario says. Measured on Greenland, "
    "Cuba 1962 and the tutorial, it gives the best game of the shipped bots: games last to "
    "the final turn and end in several ways, where goal-seeking bots let one ending take "
    "more of the games."
)
"""One plain sentence for the setup screen: which bot fills the empty seats, and why."""


def authored_weights(scenario: ScenarioIR, actor: str) -> bool:
    """Whether the author weighed `actor`'s moves (any `weight` other than the default 1)."""
    index = scenario.names.actors.get(actor)
    return any(move.actor == index and move.weight != 1.0 for move in scenario.moves)


def default_policy_for(scenario: ScenarioIR, actor: str) -> str:
    """The bot a seat nobody chose gets: `weighted` where the author weighed the actor's
    moves (an adversary played as the author meant it, whatever the measured default),
    else `DEFAULT_BOT`."""
    return "weighted" if authored_weights(scenario, actor) else DEFAULT_BOT


class UnknownPolicyError(WargameError, ValueError):
    """A policy name that does not exist."""


def make_policy(
    spec: str,
    scenario: ScenarioIR,
    actor: str,
    *,
    read_script: Callable[[str], object] | None = None,
) -> Policy:
    """Build the policy `spec` names for `actor`.

    `spec` is a name from POLICY_NAMES; `scripted:FILE` reads FILE with `read_script` (the
    shell passes a safe YAML/JSON reader, since the bots layer does no I/O).
    """
    name, _, argument = spec.partition(":")
    if name == "random":
        return RandomPolicy()
    if name == "weighted":
        return WeightedPolicy()
    if name == "accept":
        return AcceptingUmpire()
    if name == "goal":
        from wargame.bots.goal import GoalSeekingPolicy

        return GoalSeekingPolicy(scenario, actor)
    if name == "search":
        from wargame.bots.search import SearchPolicy, parse_search

        try:
            budget, opponents = parse_search(argument)
        except ValueError as exc:
            raise UnknownPolicyError(str(exc)) from None
        return SearchPolicy(scenario, actor, budget, opponents=opponents)
    if name == "scripted":
        if not argument:
            raise UnknownPolicyError("the scripted policy needs a file: scripted:FILE")
        if read_script is None:
            raise UnknownPolicyError("scripted policies need a script reader here")
        raw = read_script(argument)
        if (
            isinstance(raw, dict)
            and actor in raw
            and all(isinstance(v, dict) for v in raw.values())
        ):
            raw = raw[actor]
        return ScriptedPolicy(scenario, actor, raw, strict=False)
    import difflib

    close = difflib.get_close_matches(name, POLICY_NAMES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UnknownPolicyError(f"unknown policy {name!r} (known: {', '.join(POLICY_NAMES)}){hint}")
