"""Free play in the after-action report: the teams' free actions, the umpire's written news
and the messages of the channels, in words, as each copy of the report may show them.

Everything here is text people typed: it goes into the report as data (the writers escape
it) and, in a masked report, through the same masking as every other text.
"""

from __future__ import annotations

from wargame.engine import (
    UMPIRE,
    Action,
    ArgueFree,
    Confirm,
    FreeAction,
    GameState,
    ProposeFree,
    RuleFree,
    Viewer,
    WriteInject,
    awaiting_ruling,
    judge,
    open_actions,
)
from wargame.report.model import TimelineEntry
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.plain import possessive
from wargame.session import ALL, Message, channel_words

__all__ = ["describe_free_play", "free_play_hidden", "message_entry", "ruled_subject"]


def _name(scenario: ScenarioIR, actor: str) -> str:
    index = scenario.names.actors.get(actor)
    return scenario.actors[index].name if index is not None else actor


def _open(state: GameState | None, number: int) -> FreeAction | None:
    if state is None:
        return None
    return next((f for f in open_actions(state) if f.number == number), None)


def _titled(scenario: ScenarioIR, action: FreeAction | None, number: int) -> str:
    """`Denmark's free action “Offer patrols”` (or its number, when it is not known)."""
    if action is None:
        return f"free action {number}"
    return f"{possessive(scenario.actors[action.actor].name)} free action “{action.text}”"


def ruled_subject(scenario: ScenarioIR, action: Action, before: GameState) -> str:
    """What an umpire's ruling was about, when it was a free action ('' otherwise)."""
    if isinstance(action, RuleFree):
        return _titled(scenario, _open(before, action.free), action.free)
    waiting = awaiting_ruling(before)
    if isinstance(action, Confirm) and waiting is not None:
        return _titled(scenario, waiting, waiting.number)
    return ""


def describe_free_play(
    scenario: ScenarioIR, action: Action, before: GameState | None
) -> tuple[str, str] | None:
    """(who, what) of a free-play action in words; None for any other action."""
    if isinstance(action, ProposeFree):
        what = f"proposed a free action: “{action.text}”"
        if action.arguments:
            what += ", arguing " + " · ".join(f"“{a}”" for a in action.arguments)
        return _name(scenario, action.actor), what
    if isinstance(action, ArgueFree):
        about = _titled(scenario, _open(before, action.free), action.free)
        return _name(scenario, action.actor), f"argued {action.side} {about}: “{action.text}”"
    if isinstance(action, RuleFree):
        target = _open(before, action.free)
        about = _titled(scenario, target, action.free)
        verdict: str = action.verdict
        if target is not None and len(action.ratings) == len(target.arguments):
            by_dice = judge(scenario, target, action.ratings).success
            success = by_dice if verdict == "dice" else verdict == "success"
            verdict = ("a success" if success else "a failure") + (
                "" if success == by_dice else ", against the dice"
            )
        suffix = f": {action.reason}" if action.reason else ""
        return "Umpire", f"ruled {about} {verdict}{suffix}"
    if isinstance(action, Confirm) and before is not None:
        waiting = awaiting_ruling(before)
        if waiting is not None:
            about = _titled(scenario, waiting, waiting.number)
            suffix = f": {action.reason}" if action.reason else ""
            if action.by == "rules":
                return "The rules", f"ruled on {about} by themselves{suffix}"
            return "Umpire", f"confirmed the argument rule's ruling on {about}{suffix}"
    if isinstance(action, WriteInject):
        what = f"wrote the news '{action.headline}'"
        if action.at == "next_turn":
            what += " for the start of the next turn"
        if action.to is not None:
            readers = ", ".join(_name(scenario, a) for a in action.to) or "the umpire alone"
            what += f", for {readers}"
        return "Umpire", what
    return None


def free_play_hidden(
    scenario: ScenarioIR, action: Action, viewer: Viewer
) -> tuple[str, str] | None:
    """(who, what) for a seat that may not read this action in full, or None: news the
    umpire wrote for other seats."""
    if viewer == UMPIRE or not isinstance(action, WriteInject) or action.to is None:
        return None
    if isinstance(viewer, int) and scenario.actors[viewer].id in action.to:
        return None
    return "Umpire", "wrote news meant for other seats"


def message_entry(scenario: ScenarioIR, message: Message) -> TimelineEntry:
    """A message as a line of the timeline: who wrote to whom, and what."""
    phase = scenario.phases[message.phase] if message.phase < len(scenario.phases) else None
    channel = channel_words(scenario, message)
    sender, _, to = channel.partition(" → ")
    return TimelineEntry(
        who=sender[:1].upper() + sender[1:],
        decision=f"wrote to {to}: “{message.text}”",
        by="message to all" if message.to == ALL else "private message",
        phase=(phase.label or phase.id) if phase is not None else "",
    )
