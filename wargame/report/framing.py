"""Whom an after-action report speaks to: the teams, and what counts as theirs.

"Strengths" are a team's own: its objectives met or improved, the alliances its actors
belong to holding together. Another side's gains are not a strength of the team reading
the report (Russia meeting its objectives is not NATO's strength), so they are listed apart,
as what the other sides achieved. The teams are the human teams of the game (a team may
play several actors); in a game played by bots only, the scenario's sides stand in for them
(each actor its own side when it has none).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from wargame.scenario.ir import ScenarioIR
from wargame.session import Session

__all__ = ["Team", "team_label", "teams"]


@dataclass(frozen=True, slots=True)
class Team:
    """A group the report speaks to and the actors it played."""

    label: str
    """As a reader knows it: `team Harbour board`, `Team The United Kingdom`, `side us`."""
    actors: tuple[int, ...]

    def names(self, scenario: ScenarioIR) -> tuple[str, ...]:
        return tuple(scenario.actors[i].name for i in self.actors)

    def heading(self, scenario: ScenarioIR) -> str:
        """`team Blue (Denmark, Greenland)`; just the label when it is the one actor's name."""
        names = self.names(scenario)
        if len(names) == 1 and names[0].lower() in self.label.lower():
            return self.label[:1].upper() + self.label[1:]
        return f"{self.label[:1].upper()}{self.label[1:]} ({', '.join(names)})"


def team_label(name: str, roles: Collection[str] = ()) -> str:
    """`team NAME`, without doubling a name that already says it (`Team The United
    Kingdom` stays as it is, not `team Team The United Kingdom`). A team named after the
    role it plays (one of `roles`, the scenario's actor names: setup names teams so) is
    called by that name: `The President`, not `team The President`."""
    name = name.strip()
    if not name:
        return "a team"
    if name.casefold() in {role.casefold() for role in roles}:
        return name
    return name if name.lower().startswith("team ") or name.lower() == "team" else f"team {name}"


def teams(session: Session) -> list[Team]:
    """The teams that played, in the scenario's order of their first actor.

    Human seats are grouped by team name (a seat without one is its actor's own team).
    With no human seat, the scenario's playable actors are grouped by side.
    """
    scenario = session.scenario
    roles = [actor.name for actor in scenario.actors]
    groups: dict[str, list[int]] = {}
    humans = [
        (index, session.seats.get(actor.id))
        for index, actor in enumerate(scenario.actors)
        if (seat := session.seats.get(actor.id)) is not None and seat.is_human
    ]
    if humans:
        for index, seat in humans:
            name = seat.team if seat is not None and seat.team else scenario.actors[index].name
            groups.setdefault(team_label(name, roles), []).append(index)
    else:
        for index, actor in enumerate(scenario.actors):
            if not actor.playable:
                continue
            key = f"side {actor.side}" if actor.side else actor.name
            groups.setdefault(key, []).append(index)
    return [Team(label, tuple(actors)) for label, actors in groups.items()]
