"""What the umpire's hand may change, named as the author writes it: a variable id,
`flags.NAME`, `trust[A][B]` or `commitment[K][A]`.

`Adjust` sets such a value; a free action or the umpire's written news moves one by a
change within the scenario's levers. Both read the name here, once, the same way.
"""

from __future__ import annotations

from typing import Literal

from wargame.engine.work import poss
from wargame.scenario.ir import ScenarioIR, Visibility
from wargame.scenario.plain import mid

__all__ = ["Kind", "lever_limit", "parse_target", "target_label", "target_visibility"]

Kind = Literal["var", "flag", "trust", "commitment"]
Parsed = tuple[Kind, int, int]
"""(kind, a, b): a variable or flag index (b: -1), truster and trusted actor indexes, or
an alliance index and a member slot."""


def parse_target(s: ScenarioIR, text: str) -> Parsed | str:
    """(kind, a, b) for a target's name, or what is wrong with it in words."""
    names = s.names
    raw = text.strip()
    if raw in names.variables:
        return ("var", names.variables[raw], -1)
    if raw.startswith("flags."):
        flag = raw[len("flags.") :]
        if flag in names.flags:
            return ("flag", names.flags[flag], -1)
        return f"there is no flag {flag!r}"
    for kind in ("trust", "commitment"):
        if raw.startswith(kind + "[") and raw.endswith("]"):
            parts = raw[len(kind) + 1 : -1].split("][")
            if len(parts) != 2:
                return f"write {kind}[A][B]"
            first, second = parts
            if kind == "trust":
                if first not in names.actors or second not in names.actors:
                    return f"unknown actor in {raw!r}"
                return ("trust", names.actors[first], names.actors[second])
            if first not in names.alliances:
                return f"there is no alliance {first!r}"
            slot = names.members.get(first, {}).get(second)
            if slot is None:
                return f"{second!r} is not a member of {first!r}"
            return ("commitment", names.alliances[first], slot)
    return (
        f"there is no variable {raw!r} (name a variable id, flags.NAME, trust[A][B] "
        "or commitment[K][A])"
    )


def lever_limit(s: ScenarioIR, target: Parsed) -> float:
    """The largest change one free action may make to `target` (0: not a lever)."""
    kind, a, _ = target
    levers = s.levers
    if kind == "var":
        return levers.variables[a] if a < len(levers.variables) else 0.0
    if kind == "trust":
        return levers.trust
    if kind == "commitment":
        return levers.commitment
    return 0.0


def target_visibility(s: ScenarioIR, target: Parsed) -> Visibility:
    """Who may see the value `target` names (trust and commitment are public)."""
    kind, a, _ = target
    if kind == "var":
        return s.variables[a].visible_to
    if kind == "flag":
        return s.flags[a].visible_to
    return None


def target_label(s: ScenarioIR, target: Parsed) -> str:
    """The value in words, as players read it: `Escalation`, `Denmark's trust in the US`."""
    kind, a, b = target
    if kind == "var":
        variable = s.variables[a]
        return variable.label or variable.id
    if kind == "flag":
        flag = s.flags[a]
        return flag.label or flag.id
    if kind == "trust":
        return f"{poss(s.actors[a].name)} trust in {mid(s.actors[b].name)}"
    alliance = s.alliances[a]
    return f"{poss(s.actors[alliance.members[b]].name)} commitment to {alliance.name}"
