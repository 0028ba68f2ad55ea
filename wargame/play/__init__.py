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
    """The smartest policy this build has: goal-seeking if present, else weighted."""
    import importlib.util

    names = bot_policies()
    for preferred in ("goal", "weighted", "random"):
        if preferred not in names:
            continue
        if preferred == "goal" and importlib.util.find_spec("wargame.bots.goal") is None:
            continue
        return preferred
    return names[0] if names else "random"


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
    "bot_policies",
    "briefed_in",
    "default_policy",
    "load_scenario",
]
