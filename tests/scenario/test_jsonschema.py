"""The published JSON Schema: draft-07, complete, committed, and agreeing with the loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest

from wargame.scenario.files import find_scenario_files
from wargame.scenario.jsonschema import DRAFT_07, render_schema, scenario_json_schema
from wargame.scenario.loader import load_model
from wargame.scenario.source import parse_text, read_file

ROOT = Path(__file__).parent.parent.parent
COMMITTED = ROOT / "schema" / "scenario.schema.json"
SCENARIOS = sorted((ROOT / "tests" / "fixtures" / "scenarios").glob("*.yaml")) + sorted(
    find_scenario_files([ROOT / "scenarios"])
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


def test_every_property_has_a_description() -> None:
    missing = [
        f"{path}/{name}"
        for path, node in _walk(SCHEMA)
        if isinstance(node, dict) and isinstance(node.get("properties"), dict)
        and path.split("/")[-1] != "properties"
        for name, prop in node["properties"].items()
        if "description" not in prop
    ]
    assert missing == []


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
