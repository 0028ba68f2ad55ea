"""Expected actions checked from the log: was each capability's expected action taken by a
player team, and by its deadline?

An expected action names a `move` (done when a team plays it) or a `flag` (done when it
turns true), with an optional `by_turn`; one with neither is the evaluator's to judge. Only
the teams' doing counts: a move of an actor a bot or the umpire plays is nobody's
performance, and a flag already true at the start was not achieved by anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from wargame.engine import PlayMove
from wargame.scenario.ir import ExpectedIR
from wargame.session.session import Session

__all__ = ["ExpectedCheck", "Status", "check_expected"]

Status = Literal["on time", "late", "not done", "at the start", "for the evaluator"]
"""`at the start`: the flag held before anyone acted (no credit); `for the evaluator`: the
log cannot tell."""


@dataclass(frozen=True, slots=True)
class ExpectedCheck:
    """One expected action and what the log says of it."""

    capability: str
    text: str
    status: Status
    turn: int | None = None
    """The turn it was done in (None: not done, or not for the log to tell)."""
    by_turn: int | None = None
    by: str = ""
    """Who did it, as the log signs it (`team:Cell`), for a move."""


def check_expected(session: Session) -> tuple[ExpectedCheck, ...]:
    """Every expected action of the exercise's capabilities, in the order written."""
    exercise = session.scenario.exercise
    if exercise is None:
        return ()
    return tuple(
        _check(session, expected)
        for capability in exercise.capabilities
        for expected in capability.expected
    )


def _check(session: Session, expected: ExpectedIR) -> ExpectedCheck:
    scenario = session.scenario
    text = expected.text
    if expected.move is not None:
        move = scenario.moves[expected.move]
        text = text or move.label
        for index, entry in enumerate(session.log):
            action = entry.action
            if (
                isinstance(action, PlayMove)
                and action.move == move.id
                and session.seats[action.actor].is_human
            ):
                turn = session.state_at(index).turn
                return _done(expected, text, turn, entry.by)
        return ExpectedCheck(expected.capability, text, "not done", None, expected.by_turn)
    if expected.flag is not None:
        flag = expected.flag
        text = text or scenario.flags[flag].label or scenario.flags[flag].id
        if session.state_at(0).flags[flag]:
            return ExpectedCheck(expected.capability, text, "at the start", 0, expected.by_turn)
        for index in range(1, session.step_index + 1):
            state = session.state_at(index)
            if state.flags[flag]:
                return _done(expected, text, session.state_at(index - 1).turn, "")
        return ExpectedCheck(expected.capability, text, "not done", None, expected.by_turn)
    return ExpectedCheck(expected.capability, text, "for the evaluator", None, expected.by_turn)


def _done(expected: ExpectedIR, text: str, turn: int, by: str) -> ExpectedCheck:
    late = expected.by_turn is not None and turn > expected.by_turn
    status: Status = "late" if late else "on time"
    return ExpectedCheck(expected.capability, text, status, turn, expected.by_turn, by)
