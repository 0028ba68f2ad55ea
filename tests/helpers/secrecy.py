"""What a seat may not be shown, and a check that nothing shown to it gives any of it away.

For a scenario and a viewer (an actor index, `"observer"`; the umpire may see everything),
`hidden_from` lists what would give a secret away: the ids and labels of the variables and
flags hidden from the viewer, the facilitator's notes, question guides and the umpire's
briefing (the umpire's alone), the ids, labels, narratives and outcomes of the other actors'
secret moves, the ids, labels, narratives and questions of news meant for others, and the labels of
roll modifiers computed from hidden values; with `states`, also every value a hidden
variable took (as the rules write numbers). `leaks` then checks whatever a surface showed
the viewer: texts (a news flash, a dialog, a report's text) and events (their target,
cause, text and modifiers), and returns each leak in words ([] when there is none).

A word is only checked when it does not also occur in something the viewer may see (an
actor's name, a public label or narrative), so the shipped scenarios' ordinary words do not
count as leaks. Generated scenarios use distinctive words and keep hidden values apart
from public numbers (in the thousands; public values stay within 0-100), so every check
applies to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from wargame.engine import Event, GameState, Viewer, can_see
from wargame.engine.adjudication import roll_secrecy
from wargame.engine.work import fmt
from wargame.scenario.ir import ScenarioIR

__all__ = ["Hidden", "assert_no_leaks", "hidden_from", "leaks"]


@dataclass(frozen=True, slots=True)
class Hidden:
    """What would give a secret away to one viewer."""

    viewer: Viewer
    words: frozenset[str]
    """Ids, labels and narratives the viewer may not see (checked as whole words)."""
    ids: frozenset[str]
    """Ids of hidden variables, flags, moves and injects (checked in events' targets and causes)."""
    numbers: frozenset[str]
    """Values hidden variables took, as the rules write them."""


def _public_text(scenario: ScenarioIR, viewer: Viewer) -> list[str]:
    """Texts of the scenario the viewer may see."""
    out = [scenario.title, scenario.summary, *scenario.calendar.labels]
    out += [d.label for d in scenario.calendar.deadlines]
    for index, actor in enumerate(scenario.actors):
        out += [actor.id, actor.name, actor.briefing, *(o.text for o in actor.objectives)]
        if viewer == index:
            out.append(actor.private_briefing)
    out += [a.name for a in scenario.alliances] + [a.id for a in scenario.alliances]
    out += [p.label for p in scenario.phases] + [p.id for p in scenario.phases]
    for v in scenario.variables:
        if can_see(v.visible_to, viewer):
            out += [v.id, v.label, v.description]
    for f in scenario.flags:
        if can_see(f.visible_to, viewer):
            out += [f.id, f.label]
    for move in scenario.moves:
        if not move.secret or viewer == move.actor or viewer == "umpire":
            out += [move.id, move.label, move.text]
            if move.resolution is not None:
                out += [o.label for o in move.resolution.outcomes]
                out += [o.text for o in move.resolution.outcomes]
                if can_see(roll_secrecy(scenario, move), viewer):
                    out += [m.label for m in move.resolution.modifiers]
    for inject in scenario.injects:
        if can_see(inject.visible_to, viewer):
            out += [inject.id, inject.label, inject.text, *(q.text for q in inject.questions)]
    for module in scenario.modules:
        out += [module.id, module.title, module.text, *module.objectives]
        out += [q.text for q in module.questions]
    for ending in scenario.endings:
        out += [ending.id, ending.title, ending.text, *ending.debrief]
    out += list(scenario.debrief)
    return [t for t in out if t]


def hidden_from(
    scenario: ScenarioIR, viewer: Viewer, states: Iterable[GameState] = ()
) -> Hidden:
    """What `viewer` may not be shown in `scenario` (values: those `states` held)."""
    words: set[str] = set()
    ids: set[str] = set()
    hidden_vars = [i for i, v in enumerate(scenario.variables) if not can_see(v.visible_to, viewer)]
    for i in hidden_vars:
        v = scenario.variables[i]
        ids.add(v.id)
        words |= {v.id, v.label}
    for f in scenario.flags:
        if not can_see(f.visible_to, viewer):
            ids.add(f.id)
            words |= {f.id, f.label}
    for move in scenario.moves:
        resolution = move.resolution
        if move.secret and viewer != move.actor and viewer != "umpire":
            ids.add(move.id)
            words |= {move.id, move.label, move.text}
            if resolution is not None:
                words |= {o.label for o in resolution.outcomes}
                words |= {o.text for o in resolution.outcomes}
        if resolution is not None and not can_see(roll_secrecy(scenario, move), viewer):
            words |= {m.label for m in resolution.modifiers}
    for inject in scenario.injects:
        if not can_see(inject.visible_to, viewer):
            ids.add(inject.id)
            words |= {inject.id, inject.label, inject.text}
    if viewer != "umpire":  # the facilitator's notes, guides and briefing: the umpire's alone
        words.add(scenario.umpire_briefing)
        for module in scenario.modules:
            words |= {module.notes, *(q.guide for q in module.questions)}
        for inject in scenario.injects:
            words |= {inject.notes, *(q.guide for q in inject.questions)}
            if not can_see(inject.visible_to, viewer):
                words |= {q.text for q in inject.questions}
    public = _public_text(scenario, viewer)
    words = {w for w in words if w and not any(_mentions(text, w) for text in public)}
    numbers = {fmt(state.vars[i]) for state in states for i in hidden_vars}
    return Hidden(viewer, frozenset(words), frozenset(ids), frozenset(numbers))


def _mentions(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole word (or number)."""
    return re.search(rf"(?<![\w.]){re.escape(word)}(?![\w]|\.\d)", text) is not None


def _text_leaks(text: str, hidden: Hidden, where: str) -> list[str]:
    found = [f"{where} names {w!r}: {text!r}" for w in sorted(hidden.words) if _mentions(text, w)]
    found += [
        f"{where} gives the hidden value {n}: {text!r}"
        for n in sorted(hidden.numbers)
        if _mentions(text, n)
    ]
    return found


def _event_leaks(event: Event, hidden: Hidden) -> list[str]:
    found: list[str] = []
    kind, _, rest = event.target.partition(":")
    named = rest.split(":", 1)[0] if kind in ("var", "flag") else kind
    if named in hidden.ids:
        found.append(f"a {event.kind} event about {event.target!r} is shown")
    cause_kind, _, cause = event.cause.partition(":")
    if cause_kind in ("move", "inject") and cause in hidden.ids:
        found.append(f"a {event.kind} event names its cause {event.cause!r}")
    for label, _ in event.modifiers:
        found += _text_leaks(label, hidden, f"a {event.kind} event's modifier")
    return found + _text_leaks(event.text, hidden, f"a {event.kind} event")


def leaks(
    scenario: ScenarioIR,
    viewer: Viewer,
    shown: Iterable[str | Event],
    states: Iterable[GameState] = (),
    *,
    hidden: Hidden | None = None,
) -> list[str]:
    """Every way `shown` (texts and events shown to `viewer`) gives away what it may not see."""
    if viewer == "umpire":
        return []
    secrets = hidden if hidden is not None else hidden_from(scenario, viewer, states)
    found: list[str] = []
    for item in shown:
        if isinstance(item, Event):
            found += _event_leaks(item, secrets)
        else:
            found += _text_leaks(item, secrets, "the text")
    return found


def assert_no_leaks(
    scenario: ScenarioIR,
    viewer: Viewer,
    shown: Iterable[str | Event],
    states: Iterable[GameState] = (),
) -> None:
    """Fail, listing every leak, when `shown` gives away anything `viewer` may not see."""
    found = leaks(scenario, viewer, shown, states)
    assert not found, f"shown to {viewer!r}:\n" + "\n".join(found[:20])

