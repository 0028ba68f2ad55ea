"""Lint rules for discussion-based exercises (W120-W124): modules, inject times, questions,
objectives, capabilities and expected actions (docs/lint.md).

Each rule reads the compiled scenario through the `LintContext` of `wargame.scenario.lint`,
which lists them in its `RULES`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wargame.errors import Diagnostic

if TYPE_CHECKING:
    from wargame.scenario.lint import LintContext

__all__ = [
    "w120_times_out_of_order",
    "w121_untested_capabilities",
    "w122_expected_of_nobody",
    "w123_module_without_questions",
    "w124_unplaced_injects",
]


def w120_times_out_of_order(ctx: LintContext) -> Iterator[Diagnostic]:
    """Injects arrive in file order within a turn: a later-listed inject of the same turn (or
    of a later turn) with an earlier time arrives out of its time's order."""
    timed = [
        (inject.turns[0], inject.index, inject)
        for inject in ctx.ir.injects
        if inject.at is not None and inject.turns is not None and len(inject.turns) == 1
    ]
    timed.sort(key=lambda item: (item[0], item[1]))
    latest = None
    for turn, _, inject in timed:
        assert inject.at is not None
        if latest is not None and inject.at.minutes < latest[1].minutes:
            before = latest[0]
            first = before.turns[0] if before.turns else 0
            where = "the same turn" if before.turns == inject.turns else f"turn {first}"
            yield ctx.warn(
                "W120",
                f"inject `{inject.id}` ({inject.at.text}, turn {turn}) comes after "
                f"`{before.id}` ({latest[1].text}, {where}) but is timed earlier: injects of "
                "a turn arrive in the order they are listed, turn after turn",
                ("injects", inject.index, "at"),
                "list the injects of each turn in time order, or correct the times",
            )
        if latest is None or inject.at.minutes >= latest[1].minutes:
            latest = (inject, inject.at)


def w121_untested_capabilities(ctx: LintContext) -> Iterator[Diagnostic]:
    """A capability no exercise objective tests, or an objective that tests none."""
    exercise = ctx.ir.exercise
    if exercise is None:
        return
    tested = {c for objective in exercise.objectives for c in objective.capabilities}
    for capability in exercise.capabilities:
        if capability.id not in tested:
            yield ctx.warn(
                "W121",
                f"capability `{capability.id}` is tested by no exercise objective: the "
                "report's evaluation will show it under none",
                ("exercise", "capabilities", capability.id),
                "name it in the `capabilities` of the objective it serves",
                key=True,
            )
    for index, objective in enumerate(exercise.objectives):
        if not objective.capabilities and exercise.capabilities:
            yield ctx.warn(
                "W121",
                f"exercise objective `{objective.id}` names no capability: evaluators have "
                "nothing to rate it by",
                ("exercise", "objectives", index),
                "add `capabilities: [...]` with the capabilities that test it",
            )


def w122_expected_of_nobody(ctx: LintContext) -> Iterator[Diagnostic]:
    """An expected action checked by a move of an actor no team may play: the report judges
    the players, and a bot's move is not theirs."""
    ir = ctx.ir
    exercise = ir.exercise
    if exercise is None:
        return
    for capability in exercise.capabilities:
        for position, expected in enumerate(capability.expected):
            if expected.move is None:
                continue
            move = ir.moves[expected.move]
            actor = ir.actors[move.actor]
            if not actor.playable:
                yield ctx.warn(
                    "W122",
                    f"expected action checked by move `{move.id}` of `{actor.id}`, whom no "
                    "team plays (`playable: false`): it would be a bot's doing",
                    ("exercise", "capabilities", capability.id, "expected", position, "move"),
                    "expect a move of a playable actor, or a flag the players' moves set",
                )


def w123_module_without_questions(ctx: LintContext) -> Iterator[Diagnostic]:
    """A module with no discussion question, its own or its injects'."""
    ir = ctx.ir
    for module in ir.modules:
        if module.questions or any(
            i.questions for i in ir.injects if i.module == module.index
        ):
            continue
        yield ctx.warn(
            "W123",
            f"module `{module.id}` asks no discussion question: the room has nothing to "
            "answer when it ends",
            ("modules", module.index),
            "add `questions:` to the module or to its injects",
        )


def w124_unplaced_injects(ctx: LintContext) -> Iterator[Diagnostic]:
    """In a scenario with modules, an inject with questions or notes that belongs to none:
    the report's questions and the event list show it apart from every module."""
    ir = ctx.ir
    if not ir.modules:
        return
    for inject in ir.injects:
        if inject.module is None and (inject.questions or inject.notes):
            yield ctx.warn(
                "W124",
                f"inject `{inject.id}` has questions or notes but belongs to no module",
                ("injects", inject.index),
                "add `module:` or schedule it (`at_turn`) within a module's turns",
            )
