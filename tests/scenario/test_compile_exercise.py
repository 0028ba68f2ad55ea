"""The exercise parts of the format: modules, inject times, questions, notes, the umpire's
briefing, discussion mode, exercise objectives and capabilities, and their E2xx checks."""

from __future__ import annotations

import pytest

from tests.scenario.test_compile import at, compile_text, diagnostics, only
from wargame.errors import ScenarioError
from wargame.scenario.loader import load_text

BASE = """\
wargame: 1
id: drill
title: Drill
calendar: {start: Day 1, step: day, turns: 5}
umpire_briefing: The fire is real.
discussion: true
actors:
  cell: {name: Cell}
  rival: {name: Rival, playable: false}
flags:
  convened: {}
moves:
  - {id: convene, actor: cell, label: Convene, effects: ["flags.convened = true"]}
  - {id: wait, actor: rival, label: Wait}
modules:
  - id: m1
    title: "Module 1: Smoke"
    turns: [1, 2]
    text: Smoke rises.
    objectives: [Convene]
    questions:
      - Who leads?
      - {id: picture, text: What do you know?, guide: Facts apart from guesses.}
    notes: Let them find a lead.
  - {id: m2, title: "Module 2: Fire", turns: 3}
injects:
  - id: smoke
    at_turn: 1
    at: "H+0:30"
    label: Smoke
    questions: [Who calls whom?]
    notes: Listen for the call.
  - {id: flames, at_turn: 3, at: "H+26", label: Flames}
  - {id: later, at_turn: 4, label: Later}
  - {id: pinned, module: m1, label: Pinned}
exercise:
  sponsor: The ministry
  mission_areas: [Response]
  objectives:
    - {id: lead, text: Convene fast., capabilities: [coordination]}
  capabilities:
    coordination:
      name: Operational Coordination
      expected:
        - {text: Convene the cell, move: convene, by_turn: 1, inject: smoke}
        - {flag: convened, by_turn: 2}
        - {text: Name a lead}
endings:
  - {id: end, title: End, default: true}
"""


def test_modules_questions_notes_and_times_compile() -> None:
    s = compile_text(BASE)
    assert s.umpire_briefing == "The fire is real."
    assert s.discussion is True
    m1, m2 = s.modules
    assert (m1.id, m1.title, m1.first_turn, m1.last_turn) == ("m1", "Module 1: Smoke", 1, 2)
    assert (m2.first_turn, m2.last_turn, m2.questions) == (3, 3, ())
    assert [(q.id, q.text, q.guide) for q in m1.questions] == [
        ("m1.q1", "Who leads?", ""),
        ("m1.picture", "What do you know?", "Facts apart from guesses."),
    ]
    assert m1.notes == "Let them find a lead."
    smoke, flames, later, pinned = s.injects
    assert smoke.at is not None and (smoke.at.text, smoke.at.minutes, smoke.at.clock) == (
        "H+0:30",
        30,
        False,
    )
    assert flames.at is not None and flames.at.minutes == 26 * 60
    assert (smoke.module, flames.module, later.module, pinned.module) == (0, 1, None, 0)
    assert [q.id for q in smoke.questions] == ["smoke.q1"]
    assert smoke.notes == "Listen for the call."
    assert s.module_of_turn(2) is m1 and s.module_of_turn(4) is None
    assert [q.id for q in s.questions()] == ["smoke.q1", "m1.q1", "m1.picture"]


def test_exercise_objectives_and_capabilities_compile() -> None:
    s = compile_text(BASE)
    exercise = s.exercise
    assert exercise is not None
    assert (exercise.sponsor, exercise.mission_areas) == ("The ministry", ("Response",))
    assert exercise.kind == "Discussion-based tabletop exercise"
    (objective,) = exercise.objectives
    assert objective.capabilities == ("coordination",)
    capability = exercise.capability("coordination")
    by_move, by_flag, by_eye = capability.expected
    assert (by_move.move, by_move.by_turn, by_move.inject) == (s.names.moves["convene"], 1, 0)
    assert (by_flag.flag, by_flag.move) == (s.names.flags["convened"], None)
    assert (by_eye.move, by_eye.flag, by_eye.text) == (None, None, "Name a lead")


def test_a_scenario_without_exercise_parts_has_none() -> None:
    ending = "endings:\n  - {id: end, title: End, default: true}\n"
    s = compile_text(BASE.split("modules:")[0] + ending)
    assert (s.modules, s.exercise, s.questions()) == ((), None, ())


def test_clock_times() -> None:
    s = compile_text(BASE.replace('"H+0:30"', '"08:15"').replace('"H+26"', '"14:00"'))
    assert s.injects[0].at is not None and (s.injects[0].at.minutes, s.injects[0].at.clock) == (
        8 * 60 + 15,
        True,
    )


def test_times_of_both_kinds_are_refused() -> None:
    text = BASE.replace('"H+26"', '"14:00"')
    found = only(text)
    assert (found.code, found.span) == ("E212", at(text, '"14:00"'))
    assert "mix `H+` times and clock times" in found.message


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("turns: [1, 2]", "turns: [1, 3]", "[1, 3]", "turns follow one another"),
        ("turns: 3}", "turns: 2}", "2}", "starts on turn 2, which the module before it"),
        ("turns: 3}", "turns: 9}", "9}", "module on turn 9, but the calendar has 5 turns"),
        ("module: m1, label: Pinned", "module: m9, label: Pinned", "m9", "unknown module `m9`"),
        ("at_turn: 4, label: Later", "at_turn: 4, module: m1, label: Later", "4, module",
         "scheduled on turn 4, outside its module `m1`"),
        ("capabilities: [coordination]", "capabilities: [coordinaton]", "coordinaton",
         "unknown capability `coordinaton`"),
        ("move: convene, by_turn", "move: convine, by_turn", "convine", "unknown move `convine`"),
        ("{flag: convened", "{flag: convend", "convend", "unknown flag `convend`"),
        ("inject: smoke}", "inject: smok}", "smok}", "unknown inject `smok`"),
        ("by_turn: 2}", "by_turn: 8}", "8}", "expected action due on turn 8"),
        ("{id: picture,", "{id: q1,", "{id: q1", "duplicate question id `q1` in `m1`"),
        ("- {id: m2,", "- {id: m1,", "m1, title: \"Module 2", "duplicate module id `m1`"),
    ],
)
def test_exercise_references_are_checked(old: str, new: str, needle: str, message: str) -> None:
    assert old in BASE, old
    text = BASE.replace(old, new, 1)
    found = diagnostics(text)
    assert any(message in d.message for d in found), "\n".join(d.format() for d in found)


def test_duplicate_exercise_objectives() -> None:
    text = BASE.replace(
        "    - {id: lead, text: Convene fast., capabilities: [coordination]}\n",
        "    - {id: lead, text: Convene fast., capabilities: [coordination]}\n"
        "    - {id: lead, text: Again., capabilities: [coordination]}\n",
    )
    found = only(text)
    assert found.code == "E202" and "duplicate exercise objective id `lead`" in found.message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('at: "H+0:30"', 'at: "H+0:75"', "at"),
        ('at: "H+0:30"', 'at: "25:00"', "at"),
        ("{flag: convened, by_turn: 2}", "{move: convene, flag: convened}", "not both"),
        ("{text: Name a lead}", "{by_turn: 2}", "needs `text`, a `move` or a `flag`"),
    ],
)
def test_shapes_are_checked_by_the_schema(old: str, new: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_text(BASE.replace(old, new, 1), "drill.yaml")
    assert any(message in d.message or d.path == message for d in info.value.diagnostics) or (
        message in str(info.value)
    )
