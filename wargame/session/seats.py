"""Who plays each actor: a human team or a bot policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SeatKind = Literal["human", "bot"]


@dataclass(frozen=True, slots=True)
class Seat:
    """The seating of one actor."""

    actor: str
    kind: SeatKind = "bot"
    team: str = ""
    """Team name shown on hand-over screens (humans)."""
    policy: str = "random"
    """Bot policy name (bots), e.g. `random`, `weighted`, `goal`, `scripted:FILE`."""

    @property
    def is_human(self) -> bool:
        return self.kind == "human"

    def to_dict(self) -> dict[str, str]:
        return {"actor": self.actor, "kind": self.kind, "team": self.team, "policy": self.policy}

    @staticmethod
    def from_dict(raw: dict[str, object]) -> Seat:
        kind = raw.get("kind", "bot")
        if kind not in ("human", "bot"):
            raise ValueError(f"seat kind must be 'human' or 'bot', not {kind!r}")
        return Seat(
            actor=str(raw["actor"]),
            kind="human" if kind == "human" else "bot",
            team=str(raw.get("team", "")),
            policy=str(raw.get("policy", "random")),
        )
