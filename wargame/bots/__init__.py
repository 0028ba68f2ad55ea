"""Bot policies that choose actions for actors: random, weighted, goal-seeking, scripted,
and the accepting umpire. Pure: no I/O, all randomness from the generator passed in."""

from wargame.bots.policy import Decision, Policy, action_words, decide
from wargame.bots.random_policy import RandomPolicy
from wargame.bots.registry import (
    DEFAULT_BOT,
    DEFAULT_BOT_REASON,
    POLICY_HELP,
    POLICY_NAMES,
    UnknownPolicyError,
    authored_weights,
    default_policy_for,
    make_policy,
)
from wargame.bots.scripted import ScriptedPolicy, ScriptError
from wargame.bots.umpire import AcceptingUmpire
from wargame.bots.weighted import WeightedPolicy

__all__ = [
    "DEFAULT_BOT",
    "DEFAULT_BOT_REASON",
    "POLICY_HELP",
    "POLICY_NAMES",
    "AcceptingUmpire",
    "Decision",
    "Policy",
    "RandomPolicy",
    "ScriptError",
    "ScriptedPolicy",
    "UnknownPolicyError",
    "WeightedPolicy",
    "action_words",
    "authored_weights",
    "decide",
    "default_policy_for",
    "make_policy",
]
