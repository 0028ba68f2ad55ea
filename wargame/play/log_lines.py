"""The log as a seat reads it: a move named once, then what it did.

The engine's events are sentences that stand alone (a report or a replay may quote any one
of them): "Escalation rose from 2 to 3 because the President played 'Threaten
Copenhagen'". In the log they come in groups, a line that names the cause (a move, its
draw and outcome, a news flash) and the changes it made under it; at 80 columns the name
said again made every change two lines long (issue 20's playthroughs). Right under the line
that names its cause, a change leaves out its "because …", a draw or an outcome leaves
out the "The President's 'Threaten Copenhagen': " the line above has just said, and a wait
for the umpire says "Awaiting the umpire's ruling" without naming the move again. A change
that does not sit under its cause's line (its move is secret to this seat, or the
umpire's ruling came in between) keeps its whole sentence.
"""

from __future__ import annotations

from collections.abc import Iterable

from wargame.engine import Event
from wargame.engine.work import poss
from wargame.scenario.ir import ScenarioIR

CHANGES = frozenset({"effect", "cohesion", "contagion", "drift"})
"""Events that say what changed, under the line of what caused it."""

OF_A_MOVE = frozenset({"roll", "outcome", "pending"})
"""Events about a move already named (its target is the move's id, or `move:outcome`)."""


def without_cause(text: str) -> str:
    """A change's sentence without its "because …" tail, for a place whose heading already
    names the cause (the log's line above, a news flash, a move's result card)."""
    return text.split(" because ", 1)[0]


def heading(event: Event) -> str:
    """The cause a line names, as its changes record it (`move:ID`, `inject:ID`), or ""
    for a line that names none (a turn, a phase, a pass, the umpire's word)."""
    if event.kind in ("move", "inject"):
        return event.cause
    if event.kind in OF_A_MOVE:
        return "move:" + event.target.split(":", 1)[0]
    return ""


def said_once(
    scenario: ScenarioIR, events: Iterable[tuple[Event, str]]
) -> list[tuple[Event, str]]:
    """`events` (each with the text its seat may read) with each cause named once: see the
    module's docstring. A line's text depends only on the lines before it, so a log that
    grows keeps the lines it had."""
    out: list[tuple[Event, str]] = []
    under = ""
    for event, text in events:
        if event.kind in CHANGES:
            if under and event.cause == under:
                text = without_cause(text)
        else:
            named = heading(event)
            if named and named == under and event.kind in OF_A_MOVE:
                text = without_move_name(scenario, event.target, text)
                if event.kind == "pending":
                    text = _awaiting(scenario, event.target, text)
            under = named
        out.append((event, text))
    return out


def without_move_name(scenario: ScenarioIR, target: str, text: str) -> str:
    """A draw's or an outcome's line (`target`: its move's id, or `move:outcome`) without
    the "The President's 'Threaten Copenhagen': " that begins it, from a capital."""
    index = scenario.names.moves.get(target.split(":", 1)[0])
    if index is None:
        return text
    move = scenario.moves[index]
    prefix = f"{poss(scenario.actors[move.actor].name)} '{move.label}': "
    if not text.startswith(prefix) or len(text) == len(prefix):
        return text
    rest = text[len(prefix) :]
    return rest[:1].upper() + rest[1:]


def _awaiting(scenario: ScenarioIR, target: str, text: str) -> str:
    """"Awaiting the umpire's ruling on The hardline White House advisers' 'Cite …'" under
    that move's line: "Awaiting the umpire's ruling" (and "… rating of its argument")."""
    index = scenario.names.moves.get(target)
    if index is None:
        return text
    move = scenario.moves[index]
    whose = poss(scenario.actors[move.actor].name)
    text = text.replace(f" of {whose} argument for '{move.label}'", " of its argument")
    return text.replace(f" on {whose} '{move.label}'", "")
