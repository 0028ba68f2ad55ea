"""Playing a session on a screen, without the screen: the game flow and the views.

The terminal app (`wargame.tui`) talks to this layer and to the session, never to the
engine or the scenario compiler: what its screens need of those is named here.

* `flow.GameFlow`: after each step, the ordered presentations for the eyes on a screen.
* `views`: what a seat sees of a state (header, dashboard, moves, the umpire's ruling).
* `freeplay`: free actions, the umpire's ruling and news, and messages, as screens ask.
* `debrief`: the debrief as data; `catalog`: the scenarios the start screen lists.
"""

from __future__ import annotations

from pathlib import Path

from wargame.engine import (
    OBSERVER,
    UMPIRE,
    Action,
    Adjust,
    Confirm,
    EndPhase,
    Event,
    GameState,
    Inject,
    Override,
    PlayMove,
    Rate,
)
from wargame.play.exercise import ModuleOpening, QuestionsDue, QuestionView, UmpireNote
from wargame.play.flow import (
    Briefing,
    Ending,
    Flash,
    FreeRuling,
    GameFlow,
    HandOver,
    Letters,
    News,
    Presentation,
    Result,
    Ruling,
    briefed_in,
)
from wargame.play.views import Viewer
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.masking import IDENTITY, Masker


def bot_policies() -> list[str]:
    """Bot policies a seat can use from the setup screen (not the umpire or scripts)."""
    from wargame.bots import POLICY_NAMES

    return [name for name in POLICY_NAMES if name not in ("accept", "scripted")]


def default_policy() -> str:
    """The bot that fills the seats nobody plays: `wargame.bots.DEFAULT_BOT`, the one
    measured to give the best game (docs/analysis.md, "Which bot by default")."""
    from wargame.bots import DEFAULT_BOT

    names = bot_policies()
    return DEFAULT_BOT if DEFAULT_BOT in names else (names[0] if names else "random")


def default_policy_for(scenario: ScenarioIR, actor: str) -> str:
    """The bot a seat nobody chose gets: the author's weights where they weighed the actor's
    moves, else `default_policy` (`wargame.bots.default_policy_for`)."""
    from wargame.bots import authored_weights

    return "weighted" if authored_weights(scenario, actor) else default_policy()


def authored_weights(scenario: ScenarioIR, actor: str) -> bool:
    """Whether the author weighed `actor`'s moves (the setup screen says so)."""
    from wargame.bots import authored_weights as weighed

    return weighed(scenario, actor)


def default_policy_reason() -> str:
    """One plain sentence for the setup screen: which bot fills the empty seats, and why."""
    from wargame.bots import DEFAULT_BOT_REASON

    return DEFAULT_BOT_REASON


def load_scenario(path: Path) -> ScenarioIR:
    """Load and compile a scenario file (`ScenarioError` with every problem otherwise). The
    compiler loads on first use: the app's first screen does not wait for it."""
    from wargame.scenario.loader import load_scenario as load

    return load(path)


__all__ = [
    "IDENTITY",
    "OBSERVER",
    "UMPIRE",
    "Action",
    "Adjust",
    "Briefing",
    "Confirm",
    "EndPhase",
    "Ending",
    "Event",
    "Flash",
    "FreeRuling",
    "GameFlow",
    "GameState",
    "HandOver",
    "Inject",
    "Letters",
    "Masker",
    "ModuleOpening",
    "News",
    "Override",
    "PlayMove",
    "Presentation",
    "QuestionView",
    "QuestionsDue",
    "Rate",
    "Result",
    "Ruling",
    "ScenarioIR",
    "UmpireNote",
    "Viewer",
    "authored_weights",
    "bot_policies",
    "briefed_in",
    "default_policy",
    "default_policy_for",
    "default_policy_reason",
    "load_scenario",
]
