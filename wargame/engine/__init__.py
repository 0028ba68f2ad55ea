"""The rules engine: pure, deterministic, no I/O. Reads only `wargame.scenario.ir`.

```python
state = initial_state(scenario, umpire=False, rng=derive(seed, -1))
seat = to_act(scenario, state)                   # actor index, UMPIRE, or None when over
actions = legal_actions(scenario, state, seat)
state, events = step(scenario, state, action, derive(seed, step_index))
result = playout(scenario, rng)                  # a whole uniformly random game, fast
```
docs/rules.md explains the rules these modules implement.
"""

from __future__ import annotations

from wargame.engine.actions import (
    RATINGS,
    UMPIRE,
    Action,
    Adjust,
    Confirm,
    EndPhase,
    Inject,
    Override,
    Pass,
    PlayMove,
    PlayOn,
    Rate,
    Rating,
    Seat,
    action_from_dict,
    action_to_dict,
)
from wargame.engine.cohesion import cohesion_of, contagion, drift
from wargame.engine.events import Event, EventLog, event_from_dict, event_to_dict
from wargame.engine.injects import CASCADE_ROUNDS
from wargame.engine.legal import (
    OVERRIDE_REASON,
    PLAY_ON_REASON,
    legal_actions,
    to_act,
    unavailable_reason,
)
from wargame.engine.outlook import (
    EndingChoice,
    EndingProposal,
    LastChance,
    ending_proposal,
    gauge_steps,
    last_chance,
)
from wargame.engine.playout import Playout, objective_scores, playout, playout_from
from wargame.engine.rng import Branching, Counted, derive, draw, resume, roll, weighted_choice
from wargame.engine.state import (
    TIME_EXPIRED,
    TIME_EXPIRED_ID,
    EndingHold,
    GameState,
    Pending,
    ending_id,
    events,
    proposed_ending,
)
from wargame.engine.step import initial_state, step
from wargame.engine.view import (
    OBSERVER,
    SeatView,
    Viewer,
    both,
    can_see,
    effects_of,
    event_for,
    readable_by,
    reads_visibility,
    seat_events,
    seat_view,
    visible,
    visible_flags,
    visible_variables,
)

__all__ = [
    "CASCADE_ROUNDS",
    "OBSERVER",
    "OVERRIDE_REASON",
    "PLAY_ON_REASON",
    "RATINGS",
    "TIME_EXPIRED",
    "TIME_EXPIRED_ID",
    "UMPIRE",
    "Action",
    "Adjust",
    "Branching",
    "Confirm",
    "Counted",
    "EndPhase",
    "EndingChoice",
    "EndingHold",
    "EndingProposal",
    "Event",
    "EventLog",
    "GameState",
    "Inject",
    "LastChance",
    "Override",
    "Pass",
    "Pending",
    "PlayMove",
    "PlayOn",
    "Playout",
    "Rate",
    "Rating",
    "Seat",
    "SeatView",
    "Viewer",
    "action_from_dict",
    "action_to_dict",
    "both",
    "can_see",
    "cohesion_of",
    "contagion",
    "derive",
    "draw",
    "drift",
    "effects_of",
    "ending_id",
    "ending_proposal",
    "event_for",
    "event_from_dict",
    "event_to_dict",
    "events",
    "gauge_steps",
    "initial_state",
    "last_chance",
    "legal_actions",
    "objective_scores",
    "playout",
    "playout_from",
    "proposed_ending",
    "readable_by",
    "reads_visibility",
    "resume",
    "roll",
    "seat_events",
    "seat_view",
    "step",
    "to_act",
    "unavailable_reason",
    "visible",
    "visible_flags",
    "visible_variables",
    "weighted_choice",
]
