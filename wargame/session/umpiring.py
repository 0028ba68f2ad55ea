"""What the human umpire rules by hand, and what resolves by itself.

A human umpire asked to confirm every chance draw, bots' included, spends the game clicking
"Confirm" (8 questions in 5 turns of a hosted game) and rules nothing. So by default the
umpire rules what needs a human: a human team's argued move (the rating, then the roll it
shifts), the outcome of a human team's `ruling` move (an actor the umpire plays by hand
counts as a team), and any move or actor the facilitator flags. Chance and dice draws,
and every adjudication of a bot's move, resolve by themselves: the session confirms the
rules' proposal for the umpire (an argued bot move is rated neutral), signs it `rules` in
the log with the draw and its odds, and the game is exactly the game an umpire who
confirms would have given (tests/session/test_dice.py). The facilitator can choose that
the umpire rules every draw (`every_draw`), as all umpired games did before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from wargame.engine import Action, Confirm, GameState
from wargame.errors import SaveFormatError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.plain import percents
from wargame.session.seats import Seat

__all__ = [
    "BY_RULES",
    "EVERY_DRAW",
    "UmpireRules",
    "asks_umpire",
    "draw_words",
    "signed_by_rules",
]

BY_RULES: Final = "rules"
"""How a decision the rules took for the umpire is signed in the log (`LogEntry.by`)."""


def signed_by_rules(action: Action, by: str) -> Action:
    """A confirmation the rules give for the umpire (`by` is `BY_RULES`) says so in the
    action itself, so its outcome reads "resolved by the rules" wherever it is told."""
    if by == BY_RULES and isinstance(action, Confirm):
        return Confirm(action.reason, by=BY_RULES)
    return action


@dataclass(frozen=True, slots=True)
class UmpireRules:
    """Which adjudications wait for the human umpire (the facilitator's setting)."""

    every_draw: bool = False
    """The umpire confirms or overrides every chance and dice draw too, bots' included."""
    flagged: tuple[str, ...] = ()
    """Move ids and actor ids whose every adjudication the umpire rules by hand."""

    def to_dict(self) -> dict[str, Any]:
        return {"every_draw": self.every_draw, "flagged": list(self.flagged)}

    @staticmethod
    def from_dict(raw: object, name: str = "save") -> UmpireRules:
        if not isinstance(raw, Mapping):
            raise SaveFormatError(f"{name}: umpire_rules must be a mapping")
        every = raw.get("every_draw", False)
        flagged = raw.get("flagged", [])
        if not isinstance(every, bool):
            raise SaveFormatError(f"{name}: umpire_rules.every_draw must be true or false")
        if not isinstance(flagged, list) or not all(isinstance(f, str) for f in flagged):
            raise SaveFormatError(f"{name}: umpire_rules.flagged must be a list of ids")
        return UmpireRules(every, tuple(flagged))


EVERY_DRAW: Final = UmpireRules(every_draw=True)
"""The umpire rules every adjudication: how umpired games played before this setting."""


def asks_umpire(
    scenario: ScenarioIR, state: GameState, seats: Mapping[str, Seat], rules: UmpireRules
) -> bool:
    """Whether the decision the umpire is to take in `state` needs the human umpire.

    Anything but a pending adjudication (an ending to confirm, say) always does.
    """
    pending = state.pending
    if pending is None:
        return True
    move = scenario.moves[pending.move]
    actor = scenario.actors[pending.actor].id
    if move.id in rules.flagged or actor in rules.flagged:
        return True
    seat = seats.get(actor)
    by_people = seat is not None and not seat.is_bot
    if move.argued is not None or pending.kind == "ruling":
        return by_people  # the rating and the roll it shifts, or the ruling itself
    return rules.every_draw


def draw_words(scenario: ScenarioIR, state: GameState) -> str:
    """The pending draw in words, for the log: "chance, Sign the access agreement: Signed
    (45%) or Torpedoed by the hardliners (55%); drawn: Signed"."""
    pending = state.pending
    if pending is None:
        return ""
    move = scenario.moves[pending.move]
    outcomes = move.resolution.outcomes if move.resolution is not None else ()
    if pending.stage == "rate":
        return f"argued, {move.label}: rated neutral"
    odds = [
        f"{o.label} ({p})" for o, p in zip(outcomes, percents(pending.probabilities), strict=False)
    ]
    said = f"{pending.kind}, {move.label}"
    if pending.dice:
        said += f": rolled {' + '.join(str(d) for d in pending.dice)}, total {pending.total:g}"
    elif odds:
        said += ": " + " or ".join(odds)
    if 0 <= pending.proposed < len(outcomes):
        said += f"; drawn: {outcomes[pending.proposed].label}"
    return said
