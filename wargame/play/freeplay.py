"""Free play and channels for the screens: the teams' free actions, the umpire's ruling and
written news, and the messages, as a screen shows and asks for them.

The terminal app talks to this layer, never to the engine: what its free-play screens need
(the levers a seat may name, the open free actions, the ruling's dice and total as the
umpire rates, the messages a viewer may read) is computed here, in the scenario's words
and masked. Ids appear only where an action needs them (`Lever.target`, `FreeActionView.
number`, a message's recipient).
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.engine import (
    OBSERVER,
    UMPIRE,
    ArgueFree,
    Confirm,
    FreeAction,
    GameState,
    ProposeFree,
    RuleFree,
    Viewer,
    WriteInject,
    awaiting_ruling,
    can_see,
    changes_words,
    judge,
    open_actions,
    rule_ratings,
)
from wargame.engine.work import fmt
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.masking import Masker
from wargame.scenario.plain import mid, possessive
from wargame.session import ALL, Message, Session

__all__ = [
    "ALL",
    "ArgueFree",
    "ArgumentView",
    "FreeActionView",
    "FreeResultView",
    "FreeRulingView",
    "Lever",
    "MessageView",
    "ProposeFree",
    "RuleFree",
    "WriteInject",
    "free_actions_view",
    "free_result_view",
    "free_ruling_view",
    "levers_for",
    "may_propose",
    "message_view",
    "recipients_for",
    "writer_for",
]

Change = tuple[str, float]


@dataclass(frozen=True, slots=True)
class Lever:
    """A value a free action or written news may move: `target` names it for the action,
    `label` for people, `limit` is the most one action may move it by."""

    target: str
    label: str
    limit: float

    @property
    def words(self) -> str:
        return f"{self.label} (at most ±{fmt(self.limit)})"


def levers_for(scenario: ScenarioIR, viewer: Viewer, mask: Masker) -> tuple[Lever, ...]:
    """The levers `viewer` may name: a team only values it can see; the umpire every one."""
    levers = scenario.levers
    out = [
        Lever(v.id, mask(v.label or v.id), limit)
        for v, limit in zip(scenario.variables, levers.variables, strict=False)
        if limit > 0 and (viewer == UMPIRE or can_see(v.visible_to, viewer))
    ]
    actors = scenario.actors
    if levers.trust > 0:
        for a in actors:
            for b in actors:
                if a.id != b.id:
                    label = mask(f"{possessive(a.name)} trust in {mid(b.name)}")
                    out.append(Lever(f"trust[{a.id}][{b.id}]", label, levers.trust))
    if levers.commitment > 0:
        for alliance in scenario.alliances:
            for member in alliance.members:
                actor = actors[member]
                label = mask(f"{possessive(actor.name)} commitment to {alliance.name}")
                target = f"commitment[{alliance.id}][{actor.id}]"
                out.append(Lever(target, label, levers.commitment))
    return tuple(out)


# -- free actions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArgumentView:
    who: str
    side: str
    """`for` or `against`."""
    text: str

    @property
    def words(self) -> str:
        return f"{self.who}, {self.side}: {self.text}"


@dataclass(frozen=True, slots=True)
class FreeActionView:
    """An open free action as a seat reads it."""

    number: int
    who: str
    actor: int
    text: str
    arguments: tuple[ArgumentView, ...]
    asked: str
    """The changes asked for, in words ("" for none)."""

    def may_argue(self, viewer: Viewer, arguers: frozenset[int]) -> bool:
        """Whether `viewer` (a team) may still add its argument."""
        return isinstance(viewer, int) and viewer != self.actor and viewer not in arguers


def _arguments(scenario: ScenarioIR, action: FreeAction, mask: Masker) -> tuple[ArgumentView, ...]:
    return tuple(
        ArgumentView(mask(scenario.actors[a.actor].name), a.side, a.text) for a in action.arguments
    )


def free_actions_view(
    scenario: ScenarioIR, state: GameState, mask: Masker
) -> tuple[tuple[FreeActionView, frozenset[int]], ...]:
    """The phase's open free actions, each with the actors that argued about it already."""
    return tuple(
        (
            FreeActionView(
                f.number,
                mask(scenario.actors[f.actor].name),
                f.actor,
                f.text,
                _arguments(scenario, f, mask),
                mask(changes_words(scenario, f.effects)),
            ),
            frozenset(a.actor for a in f.arguments),
        )
        for f in open_actions(state)
    )


def may_propose(scenario: ScenarioIR, state: GameState, viewer: Viewer) -> str:
    """'' when team `viewer` may propose a free action now, else why not in words."""
    if not isinstance(viewer, int):
        return "A team proposes free actions; the umpire writes news (w)."
    if state.ending is not None:
        return "The game is over."
    if state.pending is not None or (state.free is not None and state.free.waiting):
        return "The umpire is ruling: propose in the next phase."
    if not scenario.phases or viewer not in scenario.phases[state.phase].actors:
        return "Your team does not act in this phase."
    if any(f.actor == viewer for f in open_actions(state)):
        return "Your team has a free action open in this phase already: one a phase."
    return ""


@dataclass(frozen=True, slots=True)
class FreeRulingView:
    """The free action the umpire rules on, with what each rating gives."""

    number: int
    who: str
    text: str
    arguments: tuple[ArgumentView, ...]
    dice: tuple[int, ...]
    sides: int
    succeed_at: int
    asked: tuple[Change, ...]
    asked_words: str
    rule_ratings: tuple[str, ...]
    """What the argument rule rates each argument (what Confirm applies)."""
    _scenario: ScenarioIR
    _action: FreeAction

    def total(self, ratings: tuple[str, ...]) -> tuple[str, float, bool]:
        """(the sum in words, the total, success) with these ratings."""
        judged = judge(self._scenario, self._action, ratings)
        parts = [" + ".join(str(d) for d in self.dice) or "0"]
        parts += [f"{'+' if v >= 0 else '−'}{fmt(abs(v))}" for _, v in judged.modifiers]
        words = f"{' '.join(parts)} = {fmt(judged.total)}, needs {self.succeed_at}"
        return words, judged.total, judged.success


def free_ruling_view(scenario: ScenarioIR, state: GameState, mask: Masker) -> FreeRulingView:
    action = awaiting_ruling(state)
    assert action is not None
    rule = scenario.arguments
    return FreeRulingView(
        action.number,
        mask(scenario.actors[action.actor].name),
        action.text,
        _arguments(scenario, action, mask),
        action.dice,
        rule.dice_sides,
        rule.succeed_at,
        action.effects,
        mask(changes_words(scenario, action.effects)),
        rule_ratings(scenario, action),
        scenario,
        action,
    )


@dataclass(frozen=True, slots=True)
class FreeResultView:
    """How a team's free action was ruled, in words, for the team's result card."""

    actor: int
    """Who proposed it."""
    text: str
    success: bool
    dice: tuple[int, ...]
    sides: int
    roll: str
    """"Dice 3 + 5 = 8; 7 or more succeeds, with the arguments"."""
    arguments: tuple[str, ...]
    """Each argument with its rating and what it added ("+2  Southhaven, for, rated
    strong: “…”")."""
    verdict: str
    """"Total 10: a success" and, when the umpire ruled against the dice, that too."""
    reason: str
    """The umpire's reason ("" when none was given)."""


def _ruled(session: Session, number: int) -> tuple[FreeAction, int] | None:
    """Free action `number` as it stood before its ruling, and the index of the action
    that ruled it (the umpire's ruling, or the move that closed its phase)."""
    for index in range(session.step_index, -1, -1):
        free = session.state_at(index).free
        for action in free.open if free is not None else ():
            if action.number == number:
                return (action, index) if index < session.step_index else None
    return None


def free_result_view(session: Session, number: int, mask: Masker) -> FreeResultView | None:
    """Free action `number` as ruled (None while it is not ruled). Everything here is
    public: free actions, their arguments, the dice and the ruling are read by every seat;
    the changes it made are not (the card adds those its reader may see)."""
    found = _ruled(session, number)
    if found is None:
        return None
    action, index = found
    s = session.scenario
    ruling = session.log_entries[index].action
    ratings, verdict, reason = rule_ratings(s, action), "dice", ""
    if isinstance(ruling, RuleFree) and ruling.free == number:
        ratings, verdict, reason = tuple(ruling.ratings), ruling.verdict, ruling.reason
    elif isinstance(ruling, Confirm):
        reason = ruling.reason
    judged = judge(s, action, ratings)
    success = judged.success if verdict == "dice" else verdict == "success"
    rule = s.arguments
    faces = " + ".join(str(d) for d in action.dice) or "0"
    roll = f"Dice {faces} = {sum(action.dice)}"
    roll += f": with the arguments, {rule.succeed_at} or more succeeds"
    arguments = tuple(
        f"{'+' if value >= 0 else '−'}{fmt(abs(value))}  {mask(s.actors[a.actor].name)}, "
        f"{a.side}, rated {rating}: “{a.text}”"
        for a, rating, (_, value) in zip(action.arguments, ratings, judged.modifiers, strict=True)
    )
    words = f"Total {fmt(judged.total)}: {'a success' if judged.success else 'a failure'}"
    if success != judged.success:
        words += f"; the umpire ruled it {'a success' if success else 'a failure'} against the dice"
    return FreeResultView(
        action.actor,
        action.text, success, action.dice, rule.dice_sides, roll, arguments, words, reason
    )


# -- channels -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageView:
    """A message as its reader sees it."""

    when: str
    sender: str
    to: str
    text: str
    mine: bool
    """Sent by the reader."""

    @property
    def heading(self) -> str:
        return f"{self.when} · {self.sender} → {self.to}"


def _who(scenario: ScenarioIR, who: str, mask: Masker) -> str:
    if who == UMPIRE:
        return "Umpire"
    if who == ALL:
        return "everyone"
    index = scenario.names.actors.get(who)
    return mask(scenario.actors[index].name) if index is not None else who


def message_view(
    scenario: ScenarioIR, message: Message, writer: str | None, mask: Masker
) -> MessageView:
    phase = scenario.phases[message.phase] if message.phase < len(scenario.phases) else None
    when = f"Turn {message.turn}" + (f" · {mask(phase.label or phase.id)}" if phase else "")
    return MessageView(
        when,
        _who(scenario, message.sender, mask),
        _who(scenario, message.to, mask),
        message.text,
        message.sender == writer,
    )


def writer_for(scenario: ScenarioIR, viewer: Viewer | None) -> str | None:
    """Who `viewer` writes as: its actor id, `umpire`, or None (the observer)."""
    if viewer is None or viewer == OBSERVER:
        return None
    if viewer == UMPIRE:
        return UMPIRE
    return scenario.actors[viewer].id


def recipients_for(
    session: Session, writer: str | None, mask: Masker
) -> tuple[tuple[str, str], ...]:
    """(id, words) of whom `writer` may write to: a team to the other teams (first) or
    the umpire, the umpire to everyone (first) or a team."""
    if writer is None:
        return ()
    teams = [(a.id, mask(a.name)) for a in session.scenario.actors if a.id != writer]
    if writer == UMPIRE:
        return ((ALL, "Everyone"), *teams)
    return (*teams, (UMPIRE, "Umpire"))
