"""The loader pipeline: every error class, with its exact message and line:col."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from wargame.errors import Diagnostic, ScenarioError
from wargame.scenario import loader
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import (
    check_file,
    inspect_file,
    load_model_text,
    load_scenario,
    load_text,
)
from wargame.scenario.schema import Scenario

FIXTURES = Path(__file__).parent.parent / "fixtures" / "scenarios"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
FULL = Path(__file__).parent.parent.parent / "docs" / "examples" / "full.yaml"
"""The reference example docs/authoring.md points to: every field of the format."""

HEAD = """\
wargame: 1
id: test
title: Test
calendar: {start: Day 1, turns: 3}
"""
TAIL = """\
endings:
  - {id: done, title: Done, default: true}
"""


def errors(text: str, name: str = "s.yaml") -> list[Diagnostic]:
    with pytest.raises(ScenarioError) as info:
        load_text(text, name)
    return info.value.diagnostics


def only(text: str) -> Diagnostic:
    diags = errors(text)
    assert len(diags) == 1, "\n".join(d.format() for d in diags)
    return diags[0]


def where(d: Diagnostic) -> tuple[str, int, int]:
    return (d.code, d.span.line, d.span.col)


def scenario(body: str) -> str:
    return HEAD + body + TAIL


# --- valid files ----------------------------------------------------------------------------


def test_minimal_fixture_loads_into_the_ir() -> None:
    ir = load_scenario(FIXTURES / "minimal.yaml")
    assert isinstance(ir, ScenarioIR)
    assert ir.title == "Minimal crisis"
    assert [a.id for a in ir.actors] == ["capital"]
    assert ir.calendar.turns == 3
    assert ir.source_name == str(FIXTURES / "minimal.yaml")
    assert len(MINIMAL.splitlines()) <= 16


def test_full_fixture_loads_and_load_text_agrees() -> None:
    ir = load_scenario(FULL)
    again = load_text(FULL.read_text(encoding="utf-8"), "full.yaml")
    assert ir.title == again.title == "The Northern Strait"
    assert [m.id for m in ir.moves] == [m.id for m in again.moves]
    assert again.source_name == "full.yaml"


def _fields_used(node: Any, used: set[tuple[str, str]]) -> None:
    if isinstance(node, BaseModel):
        for name in node.model_fields_set:
            used.add((type(node).__name__, name))
            _fields_used(getattr(node, name), used)
    elif isinstance(node, dict):
        for value in node.values():
            _fields_used(value, used)
    elif isinstance(node, list | tuple):
        for value in node:
            _fields_used(value, used)


def _all_fields(model: type[BaseModel], out: set[tuple[str, str]]) -> None:
    for name, info in model.model_fields.items():
        if (model.__name__, name) in out:
            continue
        out.add((model.__name__, name))
        for sub in _nested_models(info.annotation):
            _all_fields(sub, out)


def _nested_models(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(tp):
        found.extend(_nested_models(arg))
    return found


def test_full_fixture_exercises_every_field_of_the_format() -> None:
    model = loader.load_model(FULL).model
    used: set[tuple[str, str]] = set()
    _fields_used(model, used)
    every: set[tuple[str, str]] = set()
    _all_fields(Scenario, every)
    assert every - used == set()
    # Both forms of the union-typed fields appear too.
    moves = {m.id: m for m in model.moves}
    assert moves["bluff"].argued is True and not isinstance(moves["blockade"].argued, bool)
    assert {type(i.at_turn) for i in model.injects} == {int, list}
    assert {type(i.chance) for i in model.injects} == {float, str}
    assert {type(v.visible_to) for v in model.variables.values()} == {str, list}


# --- E100: the format version -------------------------------------------------------------------


def test_missing_version() -> None:
    d = only("id: x\ntitle: T\n")
    assert where(d) == ("E100", 1, 1)
    assert d.message == "the format version is missing: this does not look like a scenario file"
    assert d.hint == "add `wargame: 1` as the first line (after any comments)"


def test_empty_file() -> None:
    d = only("# only a comment\n")
    assert d.code == "E100"
    assert d.message == "the file is empty"


def test_unknown_version_lists_known_ones() -> None:
    d = only("# header\nwargame: 7\nid: x\n")
    assert where(d) == ("E100", 2, 10)
    assert d.message == ("format version 7 is not known to this build of wargame, which reads "
                         "version 1")
    assert d.hint == "upgrade wargame to read newer files"


def test_version_must_be_a_number() -> None:
    d = only("wargame: '1'\n")
    assert where(d) == ("E100", 1, 10)
    assert d.message == (
        "the format version must be a whole number like `wargame: 1`, got the text '1'"
    )


def test_top_level_must_be_a_mapping() -> None:
    d = only("- wargame: 1\n")
    assert where(d) == ("E102", 1, 1)
    assert d.message.startswith("the top level of a scenario must be a mapping of sections")


# --- E101: unknown keys ----------------------------------------------------------------------


def test_unknown_key_suggests_the_close_field() -> None:
    d = only(scenario("actors:\n  denmark:\n    name: Denmark\n    breifing: Hello\n"))
    assert where(d) == ("E101", 8, 5)
    assert d.message == "unknown key `breifing` in actors.denmark"
    assert d.hint == "did you mean `briefing`?"
    assert d.path == "actors.denmark.breifing"


def test_unknown_top_level_key() -> None:
    text = scenario("actors: {a: {name: A}}\ntitel: Oops\n")
    d = only(text)
    assert where(d) == ("E101", 6, 1)
    assert d.message == "unknown key `titel`"
    assert d.hint == "did you mean `title`?"


def test_unknown_key_without_a_close_match_lists_the_allowed_ones() -> None:
    d = only(scenario("actors: {a: {name: A}}\nrelations: {zzz: 1}\n"))
    assert where(d) == ("E101", 6, 13)
    assert d.hint == "allowed keys here: `default`, `trust`"


def test_unknown_key_inside_a_union_branch_is_the_only_error() -> None:
    body = (
        "actors: {a: {name: A}}\n"
        "moves:\n"
        "  - id: m\n"
        "    actor: a\n"
        "    label: M\n"
        "    dice: {outcomes: [{id: o}]}\n"
        "    argued: {promt: Why?}\n"
    )
    d = only(scenario(body))
    assert where(d) == ("E101", 11, 14)
    assert d.message == "unknown key `promt` in moves[0].argued"
    assert d.hint == "did you mean `prompt`?"


# --- E102: wrong types, never converted silently ----------------------------------------------


def test_quoted_number_is_not_converted() -> None:
    d = only(scenario("actors: {a: {name: A}}\nvariables:\n  esc: {start: '5'}\n"))
    assert where(d) == ("E102", 7, 16)
    assert d.message == "variables.esc.start: expected a number, got the text '5'"
    assert d.hint == "remove the quotes: `5` is a number, `'5'` is text"


def test_number_where_text_is_expected() -> None:
    text = HEAD.replace("title: Test", "title: 1962") + "actors: {a: {name: A}}\n" + TAIL
    d = only(text)
    assert where(d) == ("E102", 3, 8)
    assert d.message == "title: expected text, got the number 1962"
    assert d.hint is not None and d.hint.startswith("put it in quotes")


def test_version_string_written_as_float() -> None:
    d = only(HEAD + "version: 1.10\nactors: {a: {name: A}}\n" + TAIL)
    assert where(d) == ("E102", 5, 10)
    assert d.message == "version: expected text, got the number 1.1"


def test_bool_is_not_a_number() -> None:
    d = only(HEAD.replace("turns: 3", "turns: true") + "actors: {a: {name: A}}\n" + TAIL)
    assert where(d) == ("E102", 4, 33)
    assert d.message == "calendar.turns: expected a whole number, got the boolean `true`"


def test_float_is_not_a_whole_number() -> None:
    d = only(HEAD.replace("turns: 3", "turns: 2.0") + "actors: {a: {name: A}}\n" + TAIL)
    assert d.message == "calendar.turns: expected a whole number, got the number 2.0"
    assert d.hint == "write a whole number without a decimal point"


def test_yes_is_not_a_boolean() -> None:
    d = only(scenario("actors: {a: {name: A, playable: yes}}\n"))
    assert where(d) == ("E102", 5, 33)
    assert d.message == "actors.a.playable: expected `true` or `false`, got the text 'yes'"
    assert d.hint == "write `true` or `false`: in this format `yes` is text, not a boolean"


def test_union_type_error_is_reported_once_with_every_alternative() -> None:
    body = "actors: {a: {name: A}}\nvariables:\n  esc: {start: 1, visible_to: everyone}\n"
    d = only(scenario(body))
    assert where(d) == ("E102", 7, 31)
    assert d.message == ("variables.esc.visible_to: expected `all`, `umpire` or a list of ids, "
                         "got the text 'everyone'")


def test_empty_value_for_required_text() -> None:
    d = only(HEAD.replace("title: Test", "title:") + "actors: {a: {name: A}}\n" + TAIL)
    assert where(d) == ("E102", 3, 7)
    assert d.message == "title: expected text, got an empty value"


def test_mapping_where_a_list_is_expected() -> None:
    d = only(scenario("actors: {a: {name: A}}\nmoves: {id: m}\n"))
    assert where(d) == ("E102", 6, 8)
    assert d.message == "moves: expected a list, got a mapping"


# --- E103: missing keys ------------------------------------------------------------------------


def test_missing_key_points_at_its_parent_and_says_what_to_add() -> None:
    d = only(scenario("actors:\n  denmark:\n    side: europe\n"))
    assert where(d) == ("E103", 6, 3)
    assert d.message == "actors.denmark: missing required key `name`"
    assert d.hint == "add `name:` (Display name)"


def test_missing_key_in_a_list_item() -> None:
    d = only(scenario("actors: {a: {name: A}}\nmoves:\n  - id: m\n    actor: a\n"))
    assert where(d) == ("E103", 7, 5)
    assert d.message == "moves[0]: missing required key `label`"


def test_missing_top_level_section() -> None:
    d = only("wargame: 1\nid: t\ntitle: T\ncalendar: {start: x, turns: 1}\n" + TAIL)
    assert where(d) == ("E103", 1, 1)
    assert d.message == "missing required key `actors`"
    assert d.hint == "add `actors:` (Roles by id)"


# --- E104: out of range -------------------------------------------------------------------------


def test_number_below_minimum() -> None:
    d = only(HEAD.replace("turns: 3", "turns: 0") + "actors: {a: {name: A}}\n" + TAIL)
    assert where(d) == ("E104", 4, 33)
    assert d.message == "calendar.turns: must be at least 1, got the number 0"
    assert d.hint == "use a whole number from 1 to 1000"


def test_percent_above_maximum() -> None:
    body = "actors: {a: {name: A}}\nalliances:\n  k: {name: K, members: {a: {commitment: 120}}}\n"
    d = only(scenario(body))
    assert where(d) == ("E104", 7, 42)
    assert d.message == "alliances.k.members.a.commitment: must be at most 100, got the number 120"
    assert d.hint == "use a number from 0 to 100"


def test_probability_literal_above_one() -> None:
    body = (
        "actors: {a: {name: A}}\n"
        "injects:\n"
        "  - {id: i, label: I, chance: 1.5}\n"
    )
    d = only(scenario(body))
    assert where(d) == ("E104", 7, 31)
    assert d.message == "injects[0].chance: must be at most 1, got the number 1.5"
    assert d.hint == 'use a number from 0 to 1, or an expression in quotes (`"0.1 * tension"`)'


@pytest.mark.parametrize(
    ("body", "hint"),
    [
        ("actors: {a: {name: A}}\nalliances: {k: {name: K, members: {a: {weight: 0}}}}\n",
         "use a number above 0"),
        ("actors: {a: {name: A}}\nrelations: {trust: {a: {b: 120}}}\n",
         "use a number from 0 to 100"),
        ("actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, limit: {per_game: 0}}]\n",
         "use a whole number of at least 1"),
        ("actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, weight: -1}]\n",
         "use a number of at least 0"),
    ],
)
def test_every_range_error_has_a_hint_with_the_range(body: str, hint: str) -> None:
    d = only(scenario(body))
    assert d.code == "E104" and d.hint == hint


def test_empty_section_that_needs_entries() -> None:
    d = only(scenario("actors: {}\n"))
    assert where(d) == ("E104", 5, 9)
    assert d.message == "actors: needs at least 1 entry, got 0"


def test_empty_expression() -> None:
    d = only(scenario("actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, when: ''}]\n"))
    assert where(d) == ("E104", 6, 43)
    assert d.message == "moves[0].when: must not be empty"


# --- E105: values not allowed -----------------------------------------------------------------


def test_bad_id_as_a_key_points_at_the_key_and_suggests_one() -> None:
    d = only(scenario("actors:\n  Den Mark: {name: D}\n"))
    assert where(d) == ("E105", 6, 3)
    assert d.message.startswith("actors.Den Mark: `Den Mark` is not a valid id: ids are "
                                "lower-case letters")
    assert d.hint == "try `den_mark`"


def test_bad_id_as_a_value() -> None:
    d = only(scenario("actors: {a: {name: A}}\nphases: [{id: 1st}]\n"))
    assert where(d) == ("E105", 6, 15)
    assert d.message.startswith("phases[0].id: `1st` is not a valid id")
    assert d.hint == "try `st`"


def test_choice_suggests_the_closest_allowed_value() -> None:
    d = only(HEAD.replace("turns: 3", "turns: 3, step: weekly") + "actors: {a: {name: A}}\n"
             + TAIL)
    assert where(d) == ("E105", 4, 42)
    assert d.message == ("calendar.step: the text 'weekly' is not one of `hour`, `day`, `week`, "
                         "`month`, `quarter`, `year`, `turn`")
    assert d.hint == "did you mean `week`?"


def test_bad_dice_roll() -> None:
    body = ("actors: {a: {name: A}}\n"
            "moves: [{id: m, actor: a, label: M, dice: {roll: 2x6, outcomes: [{id: o}]}}]\n")
    d = only(scenario(body))
    assert where(d) == ("E105", 6, 50)
    assert d.message == "moves[0].dice.roll: `2x6` is not a dice roll"


# --- E106: rules that need several fields -----------------------------------------------------


def test_when_on_the_default_ending_points_at_when() -> None:
    """Before: the caret sat on the ending's `- id:` and the message read as if `when`
    were missing (`a default ending has no `when``), with no hint."""
    d = only(HEAD + "actors: {a: {name: A}}\nendings:\n  - {id: e, title: E, default: true, "
             "when: 'turn > 1'}\n")
    assert where(d) == ("E106", 7, 38)
    assert d.message == (
        "endings[0].when: `when` on the default ending: the default ending takes no condition, "
        "it closes the game when the calendar runs out with no other ending met"
    )
    assert d.hint == (
        "remove `when`, or remove `default: true` to make this an ending like the others"
    )
    assert d.path == "endings[0].when"


def test_an_ending_without_when_points_at_the_ending() -> None:
    d = only(HEAD + "actors: {a: {name: A}}\nendings:\n  - {id: e, title: E}\n")
    assert where(d) == ("E106", 7, 5)
    assert d.message == (
        "endings[0]: an ending needs `when`, or `default: true` for the time-out ending"
    )
    assert d.hint is not None and d.hint.startswith("add `when:`")


def test_variable_bounds_rule() -> None:
    d = only(scenario("actors: {a: {name: A}}\nvariables:\n  esc: {start: 20, max: 10}\n"))
    assert where(d) == ("E106", 7, 9)
    assert d.message == "variables.esc.start: start (20) is outside [0, 10]"
    assert d.hint == "start between 0 and 10, or widen `min` and `max`"


@pytest.mark.parametrize(
    ("body", "path", "hint"),
    [
        ("variables:\n  esc: {start: 5, min: 6, max: 3}\n", "variables.esc.min",
         "swap `min` and `max`"),
        ("moves: [{id: m, actor: a, label: M, chance: [{id: o}], dice: {outcomes: [{id: o}]}}]\n",
         "moves[0].dice", "keep one of `chance` and `dice`; to combine them, make two moves"),
        ("moves: [{id: m, actor: a, label: M, argued: true}]\n", "moves[0].argued",
         "add `dice:` with outcomes by `at_least`, or remove `argued`"),
    ],
)
def test_every_rule_error_points_at_its_key_with_a_hint(body: str, path: str, hint: str) -> None:
    d = only(scenario("actors: {a: {name: A}}\n" + body))
    assert d.code == "E106" and d.path == path and d.hint == hint
    assert d.message.startswith(path + ": ")


# --- all errors together ----------------------------------------------------------------------


def test_every_schema_error_is_reported_sorted_by_position() -> None:
    body = (
        "actors:\n"
        "  a: {name: A, playable: 1}\n"          # line 6
        "  b: {nam: B}\n"                        # line 7
        "variables:\n"
        "  v: {start: '3'}\n"                    # line 9
    )
    diags = errors(scenario(body))
    assert [where(d) for d in diags] == [
        ("E102", 6, 26), ("E103", 7, 3), ("E101", 7, 7), ("E102", 9, 14),
    ]
    assert diags == sorted(diags, key=lambda d: (d.span.line, d.span.col))
    assert len(set(diags)) == len(diags)


def test_yaml_errors_stop_before_the_schema_stage() -> None:
    diags = errors("wargame: 1\nid: x\nid: y\nbogus: 1\n")
    assert [where(d) for d in diags] == [("E007", 3, 1)]


# --- the compile stage (references E2xx, expressions E3xx) ------------------------------------


def test_unknown_reference_is_positioned() -> None:
    d = only(MINIMAL.replace("actor: capital", "actor: capitol"))
    assert where(d) == ("E201", 12, 23)
    assert d.message == "unknown actor `capitol`"
    assert d.hint == "did you mean `capital`?"


def test_bad_expression_points_at_the_operator_column() -> None:
    d = only(MINIMAL.replace('"tension -= 1"', '"tension -= 2 ** 2"'))
    assert d.code.startswith("E3")
    assert (d.span.line, d.span.col) == (12, 75)
    assert "`**`" in d.message


def test_a_look_alike_name_is_refused_at_its_column() -> None:
    """A fullwidth `ｔ` would be read as `t` by Python: refused where it stands."""
    d = only(MINIMAL.replace('"tension <= 0"', '"ｔension <= 0"'))
    assert d.code == "E307"
    assert (d.span.line, d.span.col) == (14, MINIMAL.splitlines()[13].index("tension <=") + 1)
    assert d.hint is not None and "write `tension`" in d.hint


def test_expression_syntax_error() -> None:
    d = only(MINIMAL.replace('"tension <= 0"', '"tension <= 0 and"'))
    assert d.code == "E301"
    assert d.span.line == 14


# --- never a traceback ------------------------------------------------------------------------


def test_internal_errors_become_a_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.scenario import compile as compile_module

    def boom(*args: object, **kwargs: object) -> ScenarioIR:
        raise KeyError("secret_local_value")

    monkeypatch.setattr(compile_module, "compile_scenario", boom)
    d = only(MINIMAL)
    assert where(d) == ("E999", 1, 1)
    assert d.message == "internal error while loading: KeyError: 'secret_local_value'"
    assert d.hint == loader.BUG_REPORT_HINT


def test_check_file_never_raises(tmp_path: Path) -> None:
    assert check_file(FIXTURES / "minimal.yaml") == []
    (d,) = check_file(tmp_path / "nope.yaml")
    assert d.code == "E014"
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe\x00")
    assert [x.code for x in check_file(bad)] == ["E002"]
    bad.write_text("wargame: 1\nid: X\n", encoding="utf-8")
    assert {x.code for x in check_file(bad)} == {"E103", "E105"}


def test_inspect_file_keeps_the_text_for_excerpts(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("wargame: 1\nid: x\nid: y\n", encoding="utf-8")
    report = inspect_file(path)
    assert not report.ok and report.scenario is None
    assert report.text == "wargame: 1\nid: x\nid: y\n"
    good = inspect_file(FIXTURES / "minimal.yaml")
    assert good.ok and good.scenario is not None and good.diagnostics == ()


def test_load_model_text_stops_before_compiling() -> None:
    validated = load_model_text(MINIMAL.replace("actor: capital", "actor: capitol"), "m.yaml")
    assert validated.model.moves[0].actor == "capitol"
    assert validated.source_map.file == "m.yaml"


def test_codes_table_is_complete() -> None:
    assert set(loader.CODES) == {"E100", "E101", "E102", "E103", "E104", "E105", "E106", "E999"}


def test_authoring_guide_documents_every_code() -> None:
    import re

    from wargame.scenario import source

    guide = (Path(__file__).parent.parent.parent / "docs" / "authoring.md").read_text(
        encoding="utf-8"
    )
    documented = set(re.findall(r"^\| (E\d{3}) \|", guide, flags=re.MULTILINE))
    assert set(source.CODES) | set(loader.CODES) - {"E999"} <= documented
    assert "E999" in guide
    here = Path(loader.__file__).parent
    modules = [here / "compile.py", *sorted((here / "expressions").glob("*.py"))]
    compiler_codes = {
        code
        for module in modules
        for code in re.findall(r"\bE[23]\d\d\b", module.read_text(encoding="utf-8"))
    }
    assert compiler_codes <= documented, compiler_codes - documented


def test_load_document_compiles_already_parsed_data() -> None:
    from wargame.scenario.source import SourceDocument, parse_text

    doc = parse_text(MINIMAL, "m.yaml")
    data = dict(doc.data)
    data["title"] = "Edited"
    ir = loader.load_document(SourceDocument("m.yaml", doc.text, data, doc.source_map))
    assert ir.title == "Edited"
    data["title"] = 5
    with pytest.raises(ScenarioError) as info:
        loader.load_document(SourceDocument("m.yaml", doc.text, data, doc.source_map))
    (d,) = info.value.diagnostics
    assert where(d) == ("E102", 5, 8)


def test_empty_values_say_whether_the_key_may_be_dropped() -> None:
    text = (
        "wargame: 1\nid: x\ntitle: T\ncalendar:\nsummary:\nactors: {a: {name: A}}\n"
        "moves:\n  -\nendings: [{id: e, title: E, default: true}]\n"
    )
    diags = errors(text)
    assert [(where(d), d.message, d.hint) for d in diags] == [
        (("E102", 4, 10), "calendar: expected a mapping, got an empty value",
         "write a value after the `:`"),
        (("E102", 5, 9), "summary: expected text, got an empty value",
         "write a value after the `:`, or remove the key to use the default"),
        (("E102", 8, 4), "moves[0]: expected a mapping, got an empty value",
         "write the item after the `-`, or remove the empty item"),
    ]
