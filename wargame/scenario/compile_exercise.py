"""Compiling the parts of a discussion-based exercise: modules, inject times, questions, the
facilitator's notes, and the exercise's objectives and capabilities.

A pass of `wargame.scenario.compile`: it reads the validated file models, reports problems
through the compiler (positioned, collected, raised together) and returns the IR pieces.
Codes: E201 unknown reference, E202 duplicate id, E209 a turn after the calendar's end,
E212 a module's turns (not consecutive, overlapping another module, out of order), an
inject outside its module, or times of both kinds (`H+` and clock) in one scenario.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from wargame.scenario.ir import (
    CapabilityIR,
    ExerciseIR,
    ExerciseObjectiveIR,
    ExpectedIR,
    InjectTime,
    ModuleIR,
    QuestionIR,
)
from wargame.scenario.positions import PathKey
from wargame.scenario.schema import Exercise, Inject, Question

if TYPE_CHECKING:
    from wargame.scenario.compile import _Compiler

__all__ = ["ExerciseParts", "compile_exercise", "inject_time"]

_H_PLUS: Final = re.compile(r"^H\+(\d{1,3})(?::([0-5]\d))?$")
_CLOCK: Final = re.compile(r"^(\d{1,2}):([0-5]\d)$")


def inject_time(text: str) -> InjectTime:
    """An inject's `at` as the IR keeps it (the schema has checked the pattern)."""
    plain = text.strip()
    found = _H_PLUS.match(plain)
    if found is not None:
        return InjectTime(plain, int(found[1]) * 60 + int(found[2] or 0), clock=False)
    clock = _CLOCK.match(plain)
    assert clock is not None, plain
    return InjectTime(plain, int(clock[1]) * 60 + int(clock[2]), clock=True)


class ExerciseParts:
    """What the pass returns: the modules, each inject's exercise fields, the exercise."""

    def __init__(self) -> None:
        self.modules: tuple[ModuleIR, ...] = ()
        self.inject_times: list[InjectTime | None] = []
        self.inject_modules: list[int | None] = []
        self.inject_questions: list[tuple[QuestionIR, ...]] = []
        self.exercise: ExerciseIR | None = None


def compile_exercise(c: _Compiler) -> ExerciseParts:
    """Check and compile the exercise parts of `c.model` (after moves and injects have ids)."""
    parts = ExerciseParts()
    parts.modules = _modules(c)
    module_ids = {m.id: m.index for m in parts.modules}
    clock_kinds: dict[bool, int] = {}
    for index, inject in enumerate(c.model.injects):
        path: PathKey = ("injects", index)
        time = None if inject.at is None else inject_time(inject.at)
        if time is not None:
            clock_kinds.setdefault(time.clock, index)
        parts.inject_times.append(time)
        parts.inject_modules.append(_inject_module(c, inject, path, parts.modules, module_ids))
        parts.inject_questions.append(
            _questions(c, inject.id, inject.questions, (*path, "questions"))
        )
    if len(clock_kinds) == 2:
        later = max(clock_kinds.values())
        c.error(
            "E212",
            "inject times mix `H+` times and clock times",
            ("injects", later, "at"),
            "write every `at` one way: `H+2:30` (after the exercise starts) or `14:30`",
        )
    if c.model.exercise is not None:
        parts.exercise = _exercise(c, c.model.exercise)
    return parts


def _modules(c: _Compiler) -> tuple[ModuleIR, ...]:
    declared = c.model.modules
    c.unique_ids("module", [m.id for m in declared], "modules")
    out: list[ModuleIR] = []
    previous_last = 0
    for index, module in enumerate(declared):
        path: PathKey = ("modules", index)
        c.spans[f"modules[{index}]"] = c.map.locate(path)
        turns = [module.turns] if isinstance(module.turns, int) else list(module.turns)
        tpath: PathKey = (*path, "turns")
        for position, turn in enumerate(turns):
            c.check_turn(
                turn, tpath if isinstance(module.turns, int) else (*tpath, position), "module"
            )
        first, last = (min(turns), max(turns)) if turns else (1, 0)
        if not turns:
            c.error("E212", "a module needs at least one turn", tpath, "write `turns: [1, 2]`")
        elif sorted(turns) != list(range(first, last + 1)):
            c.error(
                "E212",
                f"a module's turns follow one another, not {', '.join(map(str, turns))}",
                tpath,
                f"write the turns from {first} to {last}, or make two modules",
            )
        if turns and first <= previous_last:
            c.error(
                "E212",
                f"module `{module.id}` starts on turn {first}, which the module before it "
                f"already spans (up to turn {previous_last})",
                tpath,
                "list modules in order, each starting after the one before ends",
            )
        previous_last = max(previous_last, last)
        out.append(
            ModuleIR(
                id=module.id,
                index=index,
                title=module.title,
                first_turn=first,
                last_turn=last,
                text=module.text,
                objectives=tuple(module.objectives),
                questions=_questions(c, module.id, module.questions, (*path, "questions")),
                notes=module.notes,
            )
        )
    return tuple(out)


def _inject_module(
    c: _Compiler,
    inject: Inject,
    path: PathKey,
    modules: Sequence[ModuleIR],
    module_ids: dict[str, int],
) -> int | None:
    """The module an inject belongs to: the one it names, else the one spanning its turns."""
    turns = (
        None
        if inject.at_turn is None
        else [inject.at_turn]
        if isinstance(inject.at_turn, int)
        else list(inject.at_turn)
    )
    if inject.module is not None:
        index = module_ids.get(inject.module)
        if index is None:
            c.unknown("module", inject.module, (*path, "module"), module_ids)
            return None
        module = modules[index]
        outside = [t for t in turns or () if not module.spans(t)]
        if outside:
            c.error(
                "E212",
                f"inject `{inject.id}` is scheduled on turn {outside[0]}, outside its module "
                f"`{module.id}` (turns {module.first_turn} to {module.last_turn})",
                (*path, "at_turn"),
                "schedule it within the module's turns, or name the module that spans them",
            )
        return index
    if not turns:
        return None
    found = {m.index for m in modules for t in turns if m.spans(t)}
    return found.pop() if len(found) == 1 else None


def _questions(
    c: _Compiler, owner: str, questions: Sequence[Question | str], path: PathKey
) -> tuple[QuestionIR, ...]:
    out: list[QuestionIR] = []
    seen: dict[str, int] = {}
    for position, question in enumerate(questions):
        if isinstance(question, str):
            qid, text, guide = f"q{position + 1}", question, ""
        else:
            qid = question.id or f"q{position + 1}"
            text, guide = question.text, question.guide
        if qid in seen:
            c.error(
                "E202",
                f"duplicate question id `{qid}` in `{owner}` (first is question "
                f"{seen[qid] + 1})",
                (*path, position),
                "give each question of an inject or module its own `id`",
            )
            continue
        seen[qid] = position
        out.append(QuestionIR(f"{owner}.{qid}", text, guide))
    return tuple(out)


def _exercise(c: _Compiler, exercise: Exercise) -> ExerciseIR:
    path: PathKey = ("exercise",)
    capabilities: list[CapabilityIR] = []
    for ident, capability in exercise.capabilities.items():
        cpath: PathKey = (*path, "capabilities", ident)
        expected = tuple(
            _expected(c, ident, position, (*cpath, "expected", position))
            for position in range(len(capability.expected))
        )
        capabilities.append(
            CapabilityIR(ident, capability.name, capability.description, expected)
        )
    known = {cap.id: position for position, cap in enumerate(capabilities)}
    objectives: list[ExerciseObjectiveIR] = []
    first: dict[str, int] = {}
    for index, objective in enumerate(exercise.objectives):
        if objective.id in first:
            c.error(
                "E202",
                f"duplicate exercise objective id `{objective.id}` (first used on line "
                f"{c.line_of((*path, 'objectives', first[objective.id], 'id'))})",
                (*path, "objectives", index, "id"),
                "give each exercise objective its own id",
            )
        first.setdefault(objective.id, index)
        for position, capability_id in enumerate(objective.capabilities):
            if capability_id not in known:
                c.unknown(
                    "capability",
                    capability_id,
                    (*path, "objectives", index, "capabilities", position),
                    known,
                    plural="capabilities",
                )
        objectives.append(
            ExerciseObjectiveIR(objective.id, objective.text, tuple(objective.capabilities))
        )
    return ExerciseIR(
        kind=exercise.kind,
        sponsor=exercise.sponsor,
        point_of_contact=exercise.point_of_contact,
        scope=exercise.scope,
        mission_areas=tuple(exercise.mission_areas),
        threat=exercise.threat,
        objectives=tuple(objectives),
        capabilities=tuple(capabilities),
    )


def _expected(c: _Compiler, capability_id: str, position: int, path: PathKey) -> ExpectedIR:
    model = c.model.exercise
    assert model is not None
    spec = model.capabilities[capability_id].expected[position]
    move = flag = inject = None
    if spec.move is not None:
        move = c.moves.get(spec.move)
        if move is None:
            c.unknown("move", spec.move, (*path, "move"), c.moves)
    if spec.flag is not None:
        flag = c.flags.get(spec.flag)
        if flag is None:
            c.unknown("flag", spec.flag, (*path, "flag"), c.flags)
    if spec.inject is not None:
        inject = c.injects.get(spec.inject)
        if inject is None:
            c.unknown("inject", spec.inject, (*path, "inject"), c.injects)
    if spec.by_turn is not None:
        c.check_turn(spec.by_turn, (*path, "by_turn"), "expected action due")
    return ExpectedIR(
        capability=capability_id,
        text=spec.text,
        move=move,
        flag=flag,
        by_turn=spec.by_turn,
        inject=inject,
    )
