"""The scenario compiler: file models -> ScenarioIR, and every E2xx/E3xx diagnostic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from wargame.errors import Diagnostic, ScenarioError, Span
from wargame.scenario.compile import calendar_labels, compile_scenario
from wargame.scenario.expressions import constant_value
from wargame.scenario.files import find_scenario_files
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.schema import Deadline as DeadlineModel
from wargame.scenario.schema import Scenario
from wargame.scenario.source import parse_text

NAME = "test.yaml"

BASE = """\
wargame: 1
id: test
title: Test scenario
masking: {Denmark: Valdmark}
calendar: {start: "2026-03", step: month, turns: 4}
actors:
  us: {name: United States}
  denmark: {name: Denmark, objectives: [{text: Keep trust, score: "trust(denmark, us)"}]}
  russia: {name: Russia, stance: "cohesion(nato)"}
alliances:
  nato:
    name: NATO
    members: {us: {weight: 3}, denmark: {commitment: 60}}
relations:
  default: 50
  trust:
    denmark: {us: 40}
    us: {russia: 10}
variables:
  escalation: {start: 1, min: 0, max: 10}
  leaks: {start: 0, visible_to: [us, denmark]}
flags:
  talks: {visible_to: umpire}
phases:
  - id: talk
  - id: act
    actors: [russia, us]
moves:
  - id: invade
    actor: us
    phase: act
    label: Invade
    when: "escalation >= 5 and not flags.talks"
    effects: ["escalation += 2", "trust[denmark][us] -= 15"]
    limit: {per_game: 1}
  - id: negotiate
    actor: denmark
    phase: talk
    label: Negotiate
    chance:
      - {id: deal, p: 0.4, effects: ["flags.talks = true"]}
      - {id: stall, p: "0.1 * leaks"}
      - {id: nothing}
  - id: probe
    actor: russia
    phase: act
    label: Probe
    dice:
      roll: 2d6
      modifiers:
        - {label: Tension, value: "escalation // 2", when: "turn > 1"}
        - {label: Luck, value: 1}
      outcomes:
        - {id: success, at_least: 9}
        - {id: partial, at_least: 6}
        - {id: failure}
  - id: protest
    actor: denmark
    phase: talk
    label: Protest
    argued: true
    dice: {outcomes: [{id: heard, at_least: 7}, {id: ignored}]}
injects:
  - id: leak
    label: A cable leaks
    at_turn: [3, 2]
    chance: 0.5
    effects: ["leaks += 1"]
    visible_to: [denmark]
endings:
  - {id: war, title: War, when: "escalation >= 9", priority: 1}
  - {id: deal, title: Deal, when: "flags.talks"}
  - {id: crisis, title: Crisis, when: "escalation >= 8", priority: 1}
  - {id: timeout, title: Time runs out, default: true}
"""


def compile_text(text: str) -> ScenarioIR:
    doc = parse_text(text, NAME)
    model = Scenario.model_validate(doc.data, strict=True)
    return compile_scenario(model, doc.source_map, text=text, name=NAME)


def diagnostics(text: str) -> list[Diagnostic]:
    with pytest.raises(ScenarioError) as info:
        compile_text(text)
    return info.value.diagnostics


def only(text: str) -> Diagnostic:
    found = diagnostics(text)
    assert len(found) == 1, "\n".join(d.format() for d in found)
    return found[0]


def at(text: str, needle: str, plus: int = 0, occurrence: int = 1) -> Span:
    """The 1-based position of the `occurrence`-th `needle` in `text`, moved `plus` right."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return Span(NAME, line, col + plus)


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# ---- a good scenario ---------------------------------------------------------------------


def test_base_scenario_compiles() -> None:
    ir = compile_text(BASE)
    assert [a.id for a in ir.actors] == ["us", "denmark", "russia"]
    assert ir.names.actors == {"us": 0, "denmark": 1, "russia": 2}
    assert ir.names.members == {"nato": {"us": 0, "denmark": 1}}
    assert ir.names.turns == 4
    assert ir.calendar.labels == ("March 2026", "April 2026", "May 2026", "June 2026")
    assert ir.trust == ((100.0, 50.0, 10.0), (40.0, 100.0, 50.0), (50.0, 50.0, 100.0))
    assert ir.alliances[0].members == (0, 1)
    assert ir.alliances[0].start_commitment == (70.0, 60.0)
    assert [(p.id, p.actors) for p in ir.phases] == [("talk", (1,)), ("act", (2, 0))]
    assert ir.moves_by_phase_actor == {(1, 0): (0,), (0, 1): (1, 3), (1, 2): (2,)}
    assert ir.ending_order == (0, 2, 1)
    assert ir.default_ending == 3
    assert ir.masking == (("Denmark", "Valdmark"),)
    assert ir.variables[1].visible_to == (0, 1)
    assert ir.variables[0].visible_to is None
    assert ir.flags[0].visible_to == ()
    assert ir.injects[0].turns == (2, 3)
    assert ir.injects[0].visible_to == (1,)
    assert ir.source_hash == hashlib.sha256(BASE.encode()).hexdigest()
    assert ir.source_text == BASE
    assert ir.source_name == NAME


def test_moves_and_resolutions() -> None:
    ir = compile_text(BASE)
    invade = ir.move("invade")
    assert (invade.actor, invade.phase, invade.per_game) == (0, 1, 1)
    assert invade.when is not None and invade.when.reads == ("flag:talks", "var:escalation")
    assert [e.target.name for e in invade.effects] == ["escalation", "trust[denmark][us]"]
    negotiate = ir.move("negotiate").resolution
    assert negotiate is not None and negotiate.kind == "chance"
    ps = [o.p for o in negotiate.outcomes]
    assert ps[0] is not None and constant_value(ps[0]) == 0.4
    assert ps[1] is not None and ps[1].reads == ("var:leaks",)
    assert ps[2] is None
    probe = ir.move("probe").resolution
    assert probe is not None
    assert (probe.kind, probe.dice_count, probe.dice_sides) == ("dice", 2, 6)
    assert [o.at_least for o in probe.outcomes] == [9, 6, None]
    assert [m.label for m in probe.modifiers] == ["Tension", "Luck"]
    assert constant_value(probe.modifiers[1].value) == 1
    protest = ir.move("protest")
    assert protest.argued is not None and protest.argued.strong == 2
    assert ir.actors[1].objectives[0].score is not None
    assert ir.actors[2].stance is not None and ir.actors[2].stance.kind == "number"


def test_spans_point_at_nodes_and_expressions() -> None:
    ir = compile_text(BASE)
    assert ir.spans["moves[0]"] == at(BASE, "id: invade")
    assert ir.spans["moves[0].when"] == at(BASE, "escalation >= 5")
    assert ir.spans["moves[0].effects[1]"] == at(BASE, "trust[denmark][us] -=")
    assert ir.spans["actors.denmark"] == at(BASE, "denmark: {name")
    assert ir.spans["variables.escalation"] == at(BASE, "escalation: {start")
    assert ir.spans["flags.talks"] == at(BASE, "talks: {visible_to")
    assert ir.spans["alliances.nato"] == at(BASE, "nato:\n")
    assert ir.spans["injects[0]"] == at(BASE, "id: leak")
    assert ir.spans["endings[1]"] == at(BASE, "{id: deal, title: Deal")
    assert "moves[1].chance[1].p" in ir.spans
    move = ir.move("invade")
    assert move.when is not None and move.when.span == at(BASE, "escalation >= 5")
    assert move.effects[0].span == at(BASE, "escalation += 2")


def test_no_phases_means_one_main_phase() -> None:
    text = BASE.split("phases:")[0] + "moves:" + BASE.split("moves:")[1]
    text = text.replace("    phase: act\n", "").replace("    phase: talk\n", "")
    ir = compile_text(text)
    assert [(p.id, p.mode, p.actors) for p in ir.phases] == [("main", "sequential", (0, 1, 2))]
    assert {m.phase for m in ir.moves} == {0}


def test_one_phase_needs_no_phase_on_moves() -> None:
    text = edit("  - id: act\n    actors: [russia, us]\n", "")
    text = text.replace("    phase: act\n", "").replace("    phase: talk\n", "")
    ir = compile_text(text)
    assert [p.id for p in ir.phases] == ["talk"]
    assert ir.phases[0].actors == (0, 1, 2)


def test_no_default_ending() -> None:
    ir = compile_text(edit("  - {id: timeout, title: Time runs out, default: true}\n", ""))
    assert ir.default_ending is None


def test_ruling_without_probabilities() -> None:
    text = edit(
        '      - {id: deal, p: 0.4, effects: ["flags.talks = true"]}\n'
        '      - {id: stall, p: "0.1 * leaks"}\n'
        "      - {id: nothing}\n",
        "      - {id: deal}\n      - {id: nothing}\n",
    ).replace("    chance:\n", "    ruling:\n")
    ir = compile_text(text)
    resolution = ir.move("negotiate").resolution
    assert resolution is not None and resolution.kind == "ruling"


# ---- E201 unknown references ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "message", "hint"),
    [
        (
            "    actor: us\n",
            "    actor: uss\n",
            "uss\n",
            "unknown actor `uss`",
            "did you mean `us`?",
        ),
        (
            "phase: act\n    label: Invade",
            "phase: akt\n    label: Invade",
            "akt",
            "unknown phase `akt`",
            "did you mean `act`?",
        ),
        (
            "members: {us: {weight: 3}",
            "members: {uk: {weight: 3}",
            "uk:",
            "unknown actor `uk`",
            None,
        ),
        (
            "    denmark: {us: 40}",
            "    danmark: {us: 40}",
            "danmark",
            "unknown actor `danmark`",
            "did you mean `denmark`?",
        ),
        (
            "    denmark: {us: 40}",
            "    denmark: {usa: 40}",
            "usa",
            "unknown actor `usa`",
            "did you mean `us`?",
        ),
        (
            "actors: [russia, us]",
            "actors: [russa, us]",
            "russa",
            "unknown actor `russa`",
            "did you mean `russia`?",
        ),
        (
            "visible_to: [us, denmark]",
            "visible_to: [us, denmak]",
            "denmak",
            "unknown actor `denmak`",
            "did you mean `denmark`?",
        ),
        (
            "    visible_to: [denmark]\n",
            "    visible_to: [nobody]\n",
            "nobody",
            "unknown actor `nobody`",
            None,
        ),
    ],
)
def test_unknown_references(
    old: str, new: str, needle: str, message: str, hint: str | None
) -> None:
    text = edit(old, new)
    found = only(text)
    assert (found.code, found.message) == ("E201", message)
    assert found.span == at(text, needle)
    if hint is not None:
        assert found.hint == hint


def test_phase_on_a_move_when_no_phases_are_declared() -> None:
    text = BASE.split("phases:")[0] + "moves:" + BASE.split("moves:")[1]
    text = text.replace("    phase: talk\n", "")
    found = diagnostics(text)
    assert [(d.code, d.message) for d in found] == [("E201", "unknown phase `act`")] * 2
    assert found[0].hint is not None and "declares no phases" in found[0].hint
    assert found[0].span == at(text, "act\n")


# ---- E202 duplicate ids --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("  - id: probe\n", "  - id: invade\n", "invade", "duplicate move id `invade`"),
        (
            "  - {id: deal, title: Deal",
            "  - {id: war, title: Deal",
            "id: war",
            "duplicate ending id `war`",
        ),
        ("  - id: act\n", "  - id: talk\n", "id: talk", "duplicate phase id `talk`"),
        (
            "{id: partial, at_least: 6}",
            "{id: success, at_least: 6}",
            "id: success",
            "duplicate outcome id `success` in this move",
        ),
    ],
)
def test_duplicate_ids(old: str, new: str, needle: str, message: str) -> None:
    text = edit(old, new)
    if "phase id" in message:
        text = text.replace("phase: act\n", "phase: talk\n")
    found = [d for d in diagnostics(text) if d.code == "E202"]
    assert len(found) == 1
    plus = 4 if needle.startswith("id: ") else 0
    first = at(text, needle, plus)
    assert found[0].span == at(text, needle, plus, occurrence=2)
    assert found[0].message == f"{message} (first used on line {first.line})"


def test_duplicate_inject_id() -> None:
    text = edit(
        "endings:\n",
        "  - id: leak\n    label: Again\nendings:\n",
    )
    found = only(text)
    assert found.code == "E202"
    assert (
        found.message
        == f"duplicate inject id `leak` (first used on line {at(text, 'id: leak').line})"
    )
    assert found.span == at(text, "id: leak", 4, occurrence=2)


# ---- E203-E211 -------------------------------------------------------------------------------


def test_move_without_phase_when_there_are_several() -> None:
    text = edit("    phase: talk\n    label: Negotiate\n", "    label: Negotiate\n")
    found = only(text)
    assert found.code == "E203"
    assert found.span == at(text, "id: negotiate")
    assert found.hint == "add `phase:` with one of `talk`, `act`"


def test_two_default_endings() -> None:
    text = edit(
        '  - {id: crisis, title: Crisis, when: "escalation >= 8", priority: 1}\n',
        "  - {id: crisis, title: Crisis, default: true}\n",
    )
    found = only(text)
    assert found.code == "E204"
    assert found.message == (
        f"a second default ending (the first, `crisis`, is on line {at(text, 'id: crisis').line})"
    )
    assert found.span == at(text, "default: true", occurrence=2)


def test_dice_targets_must_descend() -> None:
    text = edit("{id: partial, at_least: 6}", "{id: partial, at_least: 9}")
    found = only(text)
    assert found.code == "E205"
    assert found.message == "`at_least: 9` must be lower than the outcome above it (9)"
    assert found.span == at(text, "9}", occurrence=2)


def test_only_the_last_dice_outcome_may_omit_at_least() -> None:
    text = edit("{id: partial, at_least: 6}", "{id: partial}")
    found = only(text)
    assert found.code == "E205"
    assert found.span == at(text, "{id: partial}")


def test_only_the_last_chance_outcome_may_omit_p() -> None:
    text = edit('{id: stall, p: "0.1 * leaks"}', "{id: stall}")
    found = only(text)
    assert (found.code, found.message) == ("E206", "only the last chance outcome may omit `p`")
    assert found.span == at(text, "{id: stall}")


def test_constant_probability_expression_out_of_range() -> None:
    text = edit('p: "0.1 * leaks"', 'p: "0.5 + 1"')
    found = only(text)
    assert (found.code, found.message) == ("E206", "probability 1.5 is outside 0-1")
    assert found.span == at(text, '"0.5 + 1"')


def test_constant_probabilities_must_not_sum_above_one() -> None:
    text = edit('p: "0.1 * leaks"', 'p: "0.7"')
    found = only(text)
    assert found.code == "E206"
    assert found.message == "the probabilities of these chance outcomes add up to 1.1, more than 1"
    assert found.span == at(text, "chance:\n")


def test_inject_chance_expression_out_of_range() -> None:
    text = edit("    chance: 0.5\n", '    chance: "turns"\n')
    found = only(text)
    assert (found.code, found.message) == ("E206", "probability 4 is outside 0-1")


def test_p_on_a_dice_outcome_and_at_least_on_a_chance_outcome() -> None:
    text = edit("{id: partial, at_least: 6}", "{id: partial, at_least: 6, p: 0.5}")
    text = edit("{id: nothing}", "{id: nothing, at_least: 3}", text)
    found = diagnostics(text)
    assert [d.code for d in found] == ["E207", "E207"]
    assert found[0].span == at(text, "at_least: 3")
    assert found[0].message == "`at_least` applies to dice outcomes, not to `chance` outcomes"
    assert found[1].span == at(text, "p: 0.5")
    assert found[1].message == "dice outcomes are chosen by the roll: `p` does not apply"


def test_trust_in_oneself() -> None:
    text = edit("    us: {russia: 10}", "    us: {us: 10}")
    found = only(text)
    assert found.code == "E208"
    assert found.span == at(text, "us: 10")


def test_inject_turn_beyond_the_calendar() -> None:
    text = edit("at_turn: [3, 2]", "at_turn: [3, 7]")
    found = only(text)
    assert (found.code, found.message) == (
        "E209",
        "inject scheduled on turn 7, but the calendar has 4 turns",
    )
    assert found.span == at(text, "7]")
    text = edit("at_turn: [3, 2]", "at_turn: 5")
    assert only(text).span == at(text, "5\n")


def test_calendar_checks_behind_the_schema() -> None:
    """Labels and deadlines are also checked by the schema; the compiler does not rely on it."""
    doc = parse_text(BASE, NAME)
    model = Scenario.model_validate(doc.data, strict=True)
    calendar = model.calendar.model_copy(
        update={"labels": ["a"], "deadlines": [DeadlineModel(turn=9, label="x")]}
    )
    broken = model.model_copy(update={"calendar": calendar})
    with pytest.raises(ScenarioError) as info:
        compile_scenario(broken, doc.source_map, text=BASE, name=NAME)
    codes = [(d.code, d.message) for d in info.value.diagnostics]
    assert ("E209", "calendar has 4 turns but 1 labels") in codes
    assert ("E209", "deadline on turn 9, but the calendar has 4 turns") in codes


def test_reserved_names() -> None:
    text = edit("  escalation: {start: 1", "  turn: {start: 1")
    found = [d for d in diagnostics(text) if d.code == "E210"]
    assert len(found) == 1
    assert (
        found[0].message == "`turn` cannot be a variable id: it has a fixed meaning in expressions"
    )
    assert found[0].span == at(text, "turn: {start")
    text = edit("  talks: {visible_to: umpire}", "  talks: {visible_to: umpire}\n  if: {}")
    found = [d for d in diagnostics(text) if d.code == "E210"]
    assert found[0].span == at(text, "if: {}")


def test_a_reserved_id_is_the_one_error_not_its_follow_ons() -> None:
    """Before: every expression naming `escalation` was an E302 `unknown variable` (hints
    listing `max` among the declared variables) printed around the E210 that explains
    them all."""
    text = edit("  escalation: {start: 1", "  max: {start: 1")
    uses = BASE.count("escalation") - 1
    found = only(text)
    assert found.code == "E210" and found.span == at(text, "max: {start")
    assert found.hint == (
        f"rename the variable, e.g. `max_level`. Expressions name `escalation` {uses} times, "
        f"which is not declared: if that was this id before, keep it (those {uses} errors are "
        "left out until this one is fixed)"
    )


def test_other_errors_stay_beside_a_reserved_id() -> None:
    text = edit("  escalation: {start: 1", "  max: {start: 1")
    text = edit("actor: russia", "actor: rusia", text)
    assert sorted(d.code for d in diagnostics(text)) == ["E201", "E210"]


def test_move_actor_not_in_its_phase() -> None:
    text = edit("actors: [russia, us]", "actors: [russia]")
    found = only(text)
    assert found.code == "E211"
    assert found.message == "move `invade` belongs to `us`, who does not act in phase `act`"
    assert found.span == at(text, "act\n    label: Invade")


# ---- E3xx expression errors, positioned in the file -----------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "code"),
    [
        ('not flags.talks"', 'not flags.tallks"', "tallks", "E302"),
        ('"escalation += 2"', '"escalaton += 2"', "escalaton", "E302"),
        ('when: "turn > 1"', 'when: "turn + 1"', "turn + 1", "E303"),
        ('value: "escalation // 2"', 'value: "escalation ** 2"', "** 2", "E304"),
        ('when: "flags.talks"}', "when: flags.talks and 1 ==}", "==}", "E301"),
        ('score: "trust(denmark, us)"', 'score: "trust(denmark, denmark)"', "denmark)", "E302"),
        ('stance: "cohesion(nato)"', 'stance: "member(nato, us)"', "member", "E303"),
        ('effects: ["leaks += 1"]', 'effects: ["turn += 1"]', "turn += 1", "E306"),
        ('p: "0.1 * leaks"', 'p: "flags.talks"', '"flags.talks"}', "E303"),
        ('"flags.talks = true"', "'flags.talks = 1'", "1'", "E303"),
    ],
)
def test_expression_errors_point_at_the_column(old: str, new: str, needle: str, code: str) -> None:
    text = edit(old, new)
    found = only(text)
    assert found.code == code, found.format()
    plus = {"==}": 2, '"flags.talks"}': 1}.get(needle, 0)
    assert found.span == at(text, needle, plus), found.format()


def test_every_problem_is_reported_in_file_order() -> None:
    text = edit("    actor: us\n", "    actor: uss\n")
    text = edit('not flags.talks"', 'not flags.tallks"', text)
    text = edit("at_turn: [3, 2]", "at_turn: [3, 9]", text)
    text = edit("    us: {russia: 10}", "    us: {us: 10}", text)
    found = diagnostics(text)
    assert [d.code for d in found] == ["E208", "E201", "E302", "E209"]
    assert [d.span.line for d in found] == sorted(d.span.line for d in found)
    assert all(d.path for d in found)
    assert found[2].path == "moves[0].when"


# ---- calendar labels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "step", "turns", "labels"),
    [
        ("2026-03", "month", 3, ("March 2026", "April 2026", "May 2026")),
        ("2026-11", "month", 3, ("November 2026", "December 2026", "January 2027")),
        ("2026-03-15", "month", 2, ("March 2026", "April 2026")),
        ("2026-Q4", "quarter", 2, ("Q4 2026", "Q1 2027")),
        ("2026-05", "quarter", 2, ("Q2 2026", "Q3 2026")),
        ("2026", "year", 2, ("2026", "2027")),
        ("2026-02-27", "day", 3, ("27 February 2026", "28 February 2026", "1 March 2026")),
        ("2026-03-02", "week", 2, ("2 March 2026", "9 March 2026")),
        ("October 16, 1962", "day", 2, ("October 16, 1962", "October 17, 1962")),
        ("16 Oct 1962", "day", 2, ("16 October 1962", "17 October 1962")),
        ("2026-03-02 23:00", "hour", 2, ("2 March 2026 23:00", "3 March 2026 00:00")),
        ("22:30", "hour", 3, ("22:30", "23:30", "Day 2 00:30")),
        ("Day one", "day", 3, ("Day one", "Turn 2", "Turn 3")),
        ("2026-13", "month", 2, ("2026-13", "Turn 2")),
        ("2026-03", "turn", 2, ("2026-03", "Turn 2")),
    ],
)
def test_calendar_labels(start: str, step: str, turns: int, labels: tuple[str, ...]) -> None:
    assert calendar_labels(start, step, turns) == labels


def test_explicit_labels_win() -> None:
    text = edit(
        'calendar: {start: "2026-03", step: month, turns: 4}',
        'calendar: {start: "2026-03", step: month, turns: 2, labels: [Spring, Summer]}',
    )
    text = text.replace("at_turn: [3, 2]", "at_turn: [2]")
    assert compile_text(text).calendar.labels == ("Spring", "Summer")


# ---- the shipped scenarios ---------------------------------------------------------------------


@pytest.mark.parametrize("path", find_scenario_files([Path("scenarios")]), ids=str)
def test_shipped_scenarios_compile(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_text(text, str(path))
    model = Scenario.model_validate(doc.data, strict=True)
    ir = compile_scenario(model, doc.source_map, text=text, name=str(path))
    assert ir.moves and ir.endings
