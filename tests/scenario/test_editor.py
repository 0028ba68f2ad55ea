"""Authoring in a real editor: Red Hat's yaml-language-server, driven over its protocol.

The server reads our JSON Schemas the way VS Code, Neovim, Helix and Zed do. What it
checks: the shipped scenarios and sidecars get no diagnostics (through their modelines and
through the folder mapping docs/authoring.md gives); deliberate mistakes are flagged at the
line:column `wargame validate` gives; every completion inserts YAML that parses, with the
key in place and no `null`; hover shows one description per key, the key's own.

CI (`.ci/run`) installs the pinned server into .ci/node; the test installs it there itself
when node is present and it is missing, and skips only when node is missing outside CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsp_client import LanguageServer, hover_parts, inserted_text

from wargame.authoring.scaffold import render_scaffold
from wargame.authoring.tests_schema import sidecar_json_schema
from wargame.errors import ScenarioError
from wargame.scenario.files import SIDECAR_SUFFIX
from wargame.scenario.jsonschema import scenario_json_schema
from wargame.scenario.loader import load_text
from wargame.scenario.source import parse_text

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "scenarios").glob("*.yaml")) + sorted(
    (ROOT / "docs" / "examples").glob("*.yaml")
)
MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S+\n")

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None and not os.environ.get("WARGAME_CI"),
    reason="node is not installed (CI installs it and yaml-language-server)",
)


def docs_folder_mapping() -> dict[str, Any]:
    """The `yaml.schemas` mapping docs/authoring.md tells VS Code users to add."""
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(\{\s*\"yaml\.schemas\".*?)```", text, re.S)
    assert block is not None, "docs/authoring.md lost its yaml.schemas example"
    mapping = json.loads(block.group(1))["yaml.schemas"]
    assert isinstance(mapping, dict)
    return mapping


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    settings = {
        "validate": True, "completion": True, "hover": True,
        "schemaStore": {"enable": False}, "format": {"enable": False},
        "schemas": docs_folder_mapping(),
    }
    running = LanguageServer(ROOT, settings)
    yield running
    running.close()


def _positions(diagnostics: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """1-based (line, column) of each diagnostic, as `wargame validate` prints them."""
    return sorted(
        (d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1)
        for d in diagnostics
    )


def _messages(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [f"{d['range']['start']}: {d['message']}" for d in diagnostics]


# -- diagnostics ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED + FIXTURES, ids=lambda p: p.name)
def test_shipped_files_have_no_diagnostics(server: LanguageServer, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert MODELINE.match(text), f"{path.name} has no schema modeline"
    assert server.open(path, text) == []


@pytest.mark.parametrize("full", [False, True], ids=["starter", "full"])
def test_new_scenarios_have_no_diagnostics(server: LanguageServer, full: bool) -> None:
    """What `wargame new` (and `--full`) writes, with its modeline."""
    text = render_scaffold("new", "New", "../schema/scenario.schema.json", full=full)
    assert server.open(SCENARIOS / f"new_{'full' if full else 'starter'}.yaml", text) == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_docs_folder_mapping_fits_scenarios_and_sidecars(
    server: LanguageServer, path: Path
) -> None:
    """Without a modeline, the mapping gives each file its schema: no diagnostics on the
    file as shipped, and a misspelt key flagged (so the schema was applied at all)."""
    text = MODELINE.sub("", path.read_text(encoding="utf-8"), count=1)
    stem = path.name.removesuffix(SIDECAR_SUFFIX).removesuffix(".yaml")
    suffix = SIDECAR_SUFFIX if path.name.endswith(SIDECAR_SUFFIX) else ".yaml"
    assert server.open(path.with_name(f"{stem}_mapped{suffix}"), text) == []
    broken = re.sub(r"^(\S)", r"misspelt_key: 1\n\1", text, count=1, flags=re.M)
    found = server.open(path.with_name(f"{stem}_mapped_broken{suffix}"), broken)
    assert [d["message"] for d in found] == ["Property misspelt_key is not allowed."]


MINIMAL = """\
# yaml-language-server: $schema=../schema/scenario.schema.json
wargame: 1
id: minimal
title: Minimal crisis
calendar: {start: Day 1, step: day, turns: 3}
actors:
  capital: {name: The Capital}
variables:
  tension: {start: 2, min: 0, max: 10}
moves:
  - id: talk
    actor: capital
    label: Open talks
    dice: {roll: 2d6, outcomes: [{id: calm, effects: ["tension -= 1"]}]}
endings:
  - {id: calm, title: Calm returns, when: "tension <= 0"}
  - {id: stalemate, title: Stalemate, default: true}
"""

MISTAKES = {
    "unknown key": ("capital: {name: The Capital}", "capital: {name: The Capital, breifing: x}"),
    "wrong type": ("turns: 3}", "turns: '3'}"),
    "out of range": ("turns: 3}", "turns: 0}"),
    "not a choice": ("step: day", "step: daily"),
    "missing key": ("capital: {name: The Capital}", "capital: {side: x}"),
    "not an id": ("capital: {name", "Capital: {name"),
    "not a dice roll": ("roll: 2d6", "roll: 2x6"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistakes_are_flagged_where_validate_flags_them(
    server: LanguageServer, mistake: str
) -> None:
    before, after = MISTAKES[mistake]
    assert before in MINIMAL
    text = MINIMAL.replace(before, after, 1)
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "mistake.yaml")
    validate = sorted((d.span.line, d.span.col) for d in caught.value.diagnostics)
    found = server.open(SCENARIOS / f"mistake_{mistake.replace(' ', '_')}.yaml", text)
    assert _positions(found) == validate, _messages(found)


def test_the_minimal_example_is_clean(server: LanguageServer) -> None:
    load_text(MINIMAL)
    assert server.open(SCENARIOS / "minimal_example.yaml", MINIMAL) == []


# -- completions ----------------------------------------------------------------------------------

SCENARIO_HEAD = "# yaml-language-server: $schema=../schema/scenario.schema.json\n"
SIDECAR_HEAD = "# yaml-language-server: $schema=../schema/scenario-tests.schema.json\n"

# Each context is a document with `@` where the cursor is, on a line of its own.
COMPLETION_CONTEXTS = {
    "scenario top level": SCENARIO_HEAD + "wargame: 1\n@\n",
    "calendar": SCENARIO_HEAD + "calendar:\n  turns: 3\n  @\n",
    "actor": SCENARIO_HEAD + "actors:\n  capital:\n    name: The Capital\n    @\n",
    "alliance": SCENARIO_HEAD + "alliances:\n  pact:\n    name: Pact\n    @\n",
    "member": SCENARIO_HEAD + "alliances:\n  pact:\n    members:\n      a:\n        @\n",
    "variable": SCENARIO_HEAD + "variables:\n  tension:\n    start: 2\n    @\n",
    "flag": SCENARIO_HEAD + "flags:\n  talks:\n    start: false\n    @\n",
    "phase": SCENARIO_HEAD + "phases:\n  - id: orders\n    @\n",
    "move": SCENARIO_HEAD + "moves:\n  - id: talk\n    actor: a\n    label: Talk\n    @\n",
    "limit": SCENARIO_HEAD + "moves:\n  - id: talk\n    limit:\n      per_game: 1\n      @\n",
    "dice": SCENARIO_HEAD + "moves:\n  - id: talk\n    dice:\n      roll: 2d6\n      @\n",
    "outcome": SCENARIO_HEAD + "moves:\n  - id: talk\n    chance:\n      - id: ok\n        @\n",
    "argued": SCENARIO_HEAD + "moves:\n  - id: talk\n    argued:\n      strong: 3\n      @\n",
    "inject": SCENARIO_HEAD + "injects:\n  - id: storm\n    label: Storm\n    @\n",
    "ending": SCENARIO_HEAD + "endings:\n  - id: calm\n    title: Calm\n    @\n",
    "relations": SCENARIO_HEAD + "relations:\n  default: 50\n  @\n",
    "sidecar top level": SIDECAR_HEAD + "tests: []\n@\n",
    "sidecar test": SIDECAR_HEAD + "tests:\n  - name: one\n    @\n",
    "sidecar ruling": SIDECAR_HEAD + "tests:\n  - name: one\n    rulings:\n      - move: m\n"
    "        @\n",
    "sidecar check": SIDECAR_HEAD + "tests:\n  - name: one\n    checks:\n      - at_turn: 2\n"
    "        @\n",
}


def _cursor(template: str) -> tuple[str, int, int, str]:
    """The document without `@`, the cursor's 0-based line and column, its indentation."""
    before, _, _ = template.partition("@")
    line = before.count("\n")
    indent = before.rsplit("\n", 1)[-1]
    return template.replace("@", ""), line, len(indent), indent


def _insert(text: str, line: int, column: int, indent: str, inserted: str) -> str:
    """The document after the editor inserts a completion at the cursor: later lines of a
    multi-line insertion keep the cursor line's indentation, as editors do."""
    lines = text.split("\n")
    inserted = inserted.replace("\n", "\n" + indent)
    lines[line] = lines[line][:column] + inserted + lines[line][column:]
    return "\n".join(lines)


def _at(data: Any, template: str) -> Any:
    """The mapping the cursor sits in, found by following the template's keys."""
    node = data
    for row in template.partition("@")[0].splitlines()[1:-1]:
        stripped = row.strip()
        if stripped.startswith("- "):
            node = node[-1] if isinstance(node, list) else node
            stripped = stripped[2:]
        key, _, value = stripped.partition(":")
        if not value.strip() and isinstance(node, dict) and isinstance(node.get(key), dict | list):
            node = node[key]
    return node[-1] if isinstance(node, list) else node


@pytest.mark.parametrize("context", list(COMPLETION_CONTEXTS))
def test_every_completion_inserts_valid_yaml(server: LanguageServer, context: str) -> None:
    template = COMPLETION_CONTEXTS[context]
    text, line, column, indent = _cursor(template)
    name = f"completion_{context.replace(' ', '_')}"
    path = SCENARIOS / (name + (SIDECAR_SUFFIX if context.startswith("sidecar") else ".yaml"))
    server.open(path, text)
    items = server.completions(path, line, column)
    keys = [item for item in items if item.get("kind") == 10]  # Property
    assert keys, [item["label"] for item in items]
    for item in items:
        inserted = inserted_text(item)
        assert not re.search(r":[ \t]*null[ \t]*(\n|$)", inserted), (item["label"], inserted)
        after = _insert(text, line, column, indent, inserted)
        try:
            data = parse_text(after).data
        except ScenarioError as exc:
            raise AssertionError(
                f"completing {item['label']!r} inserts {inserted!r}, and the file no longer "
                f"parses: {exc.diagnostics[0].message}"
            ) from None
        if item in keys:
            here = _at(data, template)
            assert isinstance(here, dict) and item["label"] in here, (item["label"], inserted)


@pytest.mark.parametrize(
    ("head", "schema"),
    [(SCENARIO_HEAD, scenario_json_schema()), (SIDECAR_HEAD, sidecar_json_schema())],
    ids=["scenario", "sidecar"],
)
def test_the_whole_file_completion_is_valid_yaml(
    server: LanguageServer, head: str, schema: dict[str, Any]
) -> None:
    """In an empty file the server offers a skeleton with every required key."""
    suffix = ".yaml" if schema["title"] == "wargame scenario" else SIDECAR_SUFFIX
    path = SCENARIOS / f"completion_empty_{len(head)}{suffix}"
    text = head + "\n"
    server.open(path, text)
    skeletons = [i for i in server.completions(path, 1, 0) if i["label"] == schema["title"]]
    assert len(skeletons) == 1
    data = parse_text(head + inserted_text(skeletons[0])).data
    assert isinstance(data, dict) and set(schema["required"]) <= set(data), data


# -- hover ----------------------------------------------------------------------------------------


def _deref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].removeprefix("#/definitions/")]
    return node


def _key_schema(schema: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any] | None:
    """The schema of the value under the key at `path`, as the server resolves it."""
    node: dict[str, Any] = schema
    for part in path:
        here = _deref(schema, node)
        found = None
        for option in [here, *here.get("oneOf", [])]:
            option = _deref(schema, option)
            if isinstance(part, int) and isinstance(option.get("items"), dict):
                found = option["items"]
            elif isinstance(part, str) and part in option.get("properties", {}):
                found = option["properties"][part]
            elif isinstance(part, str) and isinstance(option.get("additionalProperties"), dict):
                found = option["additionalProperties"]
            if found is not None:
                break
        if found is None:
            return None
        node = found
    return _deref(schema, node)


@pytest.mark.parametrize("path", SHIPPED + FIXTURES, ids=lambda p: p.name)
def test_hover_shows_one_description_per_key(server: LanguageServer, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    schema = sidecar_json_schema() if path.name.endswith(SIDECAR_SUFFIX) else (
        scenario_json_schema()
    )
    opened = path.with_name("hover_" + path.name)
    assert server.open(opened, text) == []
    smap = parse_text(text).source_map
    seen: set[int] = set()
    checked = 0
    for key_path in smap.nodes:
        if not key_path or not isinstance(key_path[-1], str):
            continue
        expected = _key_schema(schema, key_path)
        assert expected is not None, key_path
        if id(expected) in seen:
            continue
        seen.add(id(expected))
        span = smap.locate(key_path, key=True)
        shown = server.hover(opened, span.line - 1, span.col)
        assert shown is not None, key_path
        title, description = hover_parts(shown)
        assert " || " not in title and " || " not in description, (key_path, shown)
        if "description" in expected:
            assert description == expected["description"], (key_path, shown)
        checked += 1
    assert checked >= 5
