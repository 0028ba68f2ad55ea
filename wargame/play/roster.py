"""The exercise's roster as the facilitator types it: one person a line, `name; team; role;
organisation`, read into `Participant`s with a clear error naming the line.

The team is typed as people say it (an actor's name or id, a team's name from setup, or
`umpire`, `evaluator`, `observer`, `facilitator`) and kept as the report reads it: an
actor id, or one of those words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wargame.scenario.ir import ScenarioIR
from wargame.scenario.masking import IDENTITY, Masker
from wargame.session import Participant

__all__ = ["ROLES", "roster_from_text", "roster_to_text"]

ROLES = ("umpire", "evaluator", "observer", "facilitator")
"""Teams a person may be on besides the actors'."""


def _teams(scenario: ScenarioIR, team_names: Mapping[str, str], mask: Masker) -> dict[str, str]:
    """Every way a team may be typed, folded to lower case, to what the roster keeps (in a
    masked game the names as the room reads them, masked)."""
    teams: dict[str, str] = {role: role for role in ROLES}
    for actor in scenario.actors:
        teams[actor.id.casefold()] = actor.id
        teams[actor.name.casefold()] = actor.id
        teams[mask(actor.name).casefold()] = actor.id
    for actor_id, name in team_names.items():
        if name.strip():
            teams[name.strip().casefold()] = actor_id
            teams[mask(name.strip()).casefold()] = actor_id
    return teams


def roster_from_text(
    text: str,
    scenario: ScenarioIR,
    team_names: Mapping[str, str] | None = None,
    mask: Masker = IDENTITY,
) -> tuple[Participant, ...]:
    """The people of `text`, one a line (blank lines skipped); ValueError naming the line
    and what is wrong, with a hint, otherwise. `team_names`: the teams' names by actor id;
    `mask`: a masked game's, so its error names the teams as the room knows them."""
    teams = _teams(scenario, team_names or {}, mask)
    people: list[Participant] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) > 4:
            raise ValueError(
                f"line {number}: {len(parts)} parts; write name; team; role; organisation"
            )
        name, team, role, organisation = (*parts, "", "", "")[:4]
        if not name:
            raise ValueError(f"line {number}: a name comes first (name; team; role; organisation)")
        kept = teams.get(team.casefold()) if team else ""
        if kept is None:
            known = ", ".join([*(mask(a.name) for a in scenario.actors), *ROLES])
            raise ValueError(f"line {number}: no team {team!r}; one of: {known}")
        people.append(Participant(name, kept, role, organisation))
    return tuple(people)


def roster_to_text(
    roster: Sequence[Participant], scenario: ScenarioIR, mask: Masker = IDENTITY
) -> str:
    """`roster` as `roster_from_text` reads it back (teams by their actor's name, masked
    in a masked game)."""
    names = {a.id: mask(a.name) for a in scenario.actors}
    lines = []
    for person in roster:
        parts = [person.name, names.get(person.team, person.team), person.role, person.organisation]
        while parts and not parts[-1]:
            parts.pop()
        lines.append("; ".join(parts))
    return "\n".join(lines)
