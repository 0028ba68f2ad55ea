"""The published JSON Schema: draft-07, complete, committed, and agreeing with the loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest

from wargame.authoring.tests_schema import render_sidecar_schema, sidecar_json_schema
from wargame.scenario.files import SIDECAR_SUFFIX, find_scenario_files
from wargame.scenario.jsonschema import DRAFT_07, render_schema, scenario_json_schema
from wargame.scenario.loader import load_model
from wargame.scenario.source import parse_text, read_file

ROOT = Path(__file__).parent.parent.parent
COMMITTED = ROOT / "schema" / "scenario.schema.json"
COMMITTED_TESTS = ROOT / "schema" / "scenario-tests.schema.json"
SIDECARS = sorted((ROOT / "scenarios").glob("*" + SIDECAR_SUFFIX))
SCENARIOS = (
    sorted((ROOT / "tests" / "fixtures" / "scenarios").glob("*.yaml"))
    + sorted((ROOT / "docs" / "examples").glob("*.yaml"))
    + sorted(find_scenario_files([ROOT / "scenarios"]))
)
SCHEMA = scenario_json_schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def _walk(node: Any, path: str = "") -> list[tuple[str, Any]]:
    out = [(path, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_walk(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_walk(value, f"{path}/{index}"))
    return out


def test_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_schema(), (
        "schema/scenario.schema.json is stale: run `wargame schema -o schema/scenario.schema.json`"
    )


def test_committed_tests_schema_is_up_to_date() -> None:
    assert COMMITTED_TESTS.read_text(encoding="utf-8") == render_sidecar_schema(), (
        "schema/scenario-tests.schema.json is stale: run "
        "`wargame schema --tests -o schema/scenario-tests.schema.json`"
    )


def test_schema_is_valid_draft_07() -> None:
    assert SCHEMA["$schema"] == DRAFT_07
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert "$defs" not in render_schema() and "prefixItems" not in render_schema()
    refs = [node["$ref"] for _, node in _walk(SCHEMA) if isinstance(node, dict) and "$ref" in node]
    assert refs and all(r.startswith("#/definitions/") for r in refs)
    assert {r.removeprefix("#/definitions/") for r in refs} <= set(SCHEMA["definitions"])


def test_refs_have_no_siblings_draft_07_would_ignore() -> None:
    for path, node in _walk(SCHEMA):
        if isinstance(node, dict) and "$ref" in node:
            assert set(node) == {"$ref"}, path


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{path}/{name}", prop)
        for path, node in _walk(schema)
        if isinstance(node, dict) and isinstance(node.get("properties"), dict)
        and path.split("/")[-1] != "properties"
        for name, prop in node["properties"].items()
    ]


def _resolved(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in prop:
        found = schema["definitions"][prop["$ref"].removeprefix("#/definitions/")]
        assert isinstance(found, dict)
        return found
    return prop


@pytest.mark.parametrize("schema", [SCHEMA, sidecar_json_schema()], ids=["scenario", "tests"])
def test_every_key_and_definition_has_one_description(schema: dict[str, Any]) -> None:
    """Hover shows the key's own text: a description on the key (or on the model a plain
    `$ref` names), none on a union's branches (the server would show the branch's)."""
    missing = [p for p, prop in _properties(schema) if "description" not in _resolved(schema, prop)]
    assert missing == []
    assert [n for n, d in schema.get("definitions", {}).items() if "description" not in d] == []
    branch_texts = [
        path for path, node in _walk(schema)
        if isinstance(node, dict)
        for key in ("anyOf", "oneOf") if key in node
        for branch in node[key] if "description" in branch or "title" in branch
    ]
    assert branch_texts == []


@pytest.mark.parametrize("schema", [SCHEMA, sidecar_json_schema()], ids=["scenario", "tests"])
def test_every_key_completes_as_a_key_and_a_value(schema: dict[str, Any]) -> None:
    """The editor inserts `key: ` only for a key with a type, a model or a default; an
    `allOf` wrapper or a union without a default completes as the bare word (no colon),
    and `default: null` is inserted as it stands (`limit: null`)."""
    for path, prop in _properties(schema):
        assert "allOf" not in prop, path
        assert "anyOf" not in prop, path
        if "$ref" in prop:
            assert set(prop) == {"$ref"}, path
        else:
            assert "type" in prop or ("oneOf" in prop and "default" in prop), path
    nulls = [p for p, node in _walk(schema) if isinstance(node, dict)
             and "default" in node and node["default"] is None]
    assert nulls == []


def test_format_version_is_pinned() -> None:
    assert SCHEMA["properties"]["wargame"]["enum"] == [1]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_valid_scenarios_validate_against_the_schema(path: Path) -> None:
    data = read_file(path).data
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]
    load_model(path)


@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.parent.name == "scenarios"
                                  and p.parent.parent == ROOT], ids=lambda p: p.name)
def test_shipped_scenarios_start_with_the_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/scenario.schema.json"


def test_tests_schema_is_valid_draft_07() -> None:
    jsonschema.Draft7Validator.check_schema(sidecar_json_schema())


@pytest.mark.parametrize("path", SIDECARS, ids=lambda p: p.name)
def test_shipped_sidecars_validate_against_their_schema(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/scenario-tests.schema.json"
    )
    validator = jsonschema.Draft7Validator(sidecar_json_schema())
    errors = list(validator.iter_errors(read_file(path).data))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.mark.parametrize(
    "body",
    [
        "actors: {Den: {name: D}}",                      # key pattern
        "actors: {a: {name: A, breifing: x}}",           # unknown key
        "actors: {a: {name: 5}}",                        # wrong type
        "actors: {a: {side: x}}",                        # missing key
        "actors: {}",                                    # too few entries
        "actors: {a: {name: A}}\nvariables: {v: {start: '5'}}",  # quoted number
        "actors: {a: {name: A}}\ninjects: [{id: i, label: I, chance: 1.5}]",  # range
        # unions the editor pass merged or inlined still refuse what the loader refuses
        "actors: {a: {name: A}}\ninjects: [{id: i, label: I, chance: ''}]",
        "actors: {a: {name: A}}\ninjects: [{id: i, label: I, at_turn: [0]}]",
        "actors: {a: {name: A}}\ninjects: [{id: i, label: I, visible_to: both}]",
        "actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, limit: {per_game: 0}}]",
        "actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, limit: {often: 1}}]",
        "actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, argued: {strong: x},"
        " dice: {outcomes: [{id: o}]}}]",
        "actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, dice: {roll: 2d6}}]",
        "actors: {a: {name: A, side: 3}}",
    ],
)
def test_schema_and_loader_agree_on_invalid_files(body: str) -> None:
    text = (
        "wargame: 1\nid: t\ntitle: T\ncalendar: {start: x, turns: 2}\n" + body
        + "\nendings: [{id: e, title: E, default: true}]\n"
    )
    assert list(VALIDATOR.iter_errors(parse_text(text).data)), "schema accepted it"
    from wargame.errors import ScenarioError
    from wargame.scenario.loader import load_model_text

    with pytest.raises(ScenarioError):
        load_model_text(text)


@pytest.mark.parametrize(
    "body",
    [
        "actors: {a: {name: A, side: ~, stance: ~}}",
        "actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, limit: ~, dice: ~}]",
        "actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, limit: {per_game: 1}}]",
        "actors: {a: {name: A}}\nmoves: [{id: m, actor: a, label: M, argued: true,"
        " dice: {outcomes: [{id: o}]}}]",
        "actors: {a: {name: A}}\ninjects: [{id: i, label: I, at_turn: [1, 2], chance: 'turn / 10',"
        " visible_to: [a]}]",
        "actors: {a: {name: A}}\ninjects: [{id: i, label: I, at_turn: 2, chance: 0.5,"
        " visible_to: umpire}]",
    ],
)
def test_schema_and_loader_agree_on_valid_files(body: str) -> None:
    text = (
        "wargame: 1\nid: t\ntitle: T\ncalendar: {start: x, turns: 2}\n" + body
        + "\nendings: [{id: e, title: E, default: true}]\n"
    )
    errors = list(VALIDATOR.iter_errors(parse_text(text).data))
    assert errors == [], [e.message for e in errors]
    from wargame.scenario.loader import load_text

    load_text(text)
