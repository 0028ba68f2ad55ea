"""Who plays each actor: a human team or a bot policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SeatKind = Literal["human", "bot", "umpire"]
SEAT_KINDS: tuple[SeatKind, ...] = ("human", "bot", "umpire")


@dataclass(frozen=True, slots=True)
class Seat:
    """The seating of one actor: a team of people, a bot, or (for an actor no team plays)
    the umpire choosing its moves by hand."""

    actor: str
    kind: SeatKind = "bot"
    team: str = ""
    """Team name shown on hand-over screens (humans)."""
    policy: str = "random"
    """Bot policy name (bots), e.g. `random`, `weighted`, `goal`, `scripted:FILE`; for an
    actor the umpire plays, the policy it goes back to."""

    @property
    def is_human(self) -> bool:
        """A team of players sits here."""
        return self.kind == "human"

    @property
    def is_bot(self) -> bool:
        """A bot decides here (nobody at the table does)."""
        return self.kind == "bot"

    @property
    def by_umpire(self) -> bool:
        """The umpire chooses this actor's moves by hand."""
        return self.kind == "umpire"

    def to_dict(self) -> dict[str, str]:
        return {"actor": self.actor, "kind": self.kind, "team": self.team, "policy": self.policy}

    @staticmethod
    def from_dict(raw: dict[str, object]) -> Seat:
        kind = raw.get("kind", "bot")
        if kind not in SEAT_KINDS:
            raise ValueError(f"seat kind must be 'human', 'bot' or 'umpire', not {kind!r}")
        return Seat(
            actor=str(raw["actor"]),
            kind="human" if kind == "human" else "umpire" if kind == "umpire" else "bot",
            team=str(raw.get("team", "")),
            policy=str(raw.get("policy", "random")),
        )
