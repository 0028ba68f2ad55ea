"""The playthrough-test sidecar format (`NAME.tests.yaml`) as a JSON Schema, for editors.

A sidecar is not a scenario, so the scenario schema would flag every key of it. This schema
is built from the sidecar's own models the same way (`wargame.scenario.jsonschema`), and
`wargame schema --tests` prints it; the committed copy,
schema/scenario-tests.schema.json, is kept equal to `render_sidecar_schema()` by a test.
"""

from __future__ import annotations

from typing import Any, Final

from wargame.authoring.scenario_tests import TestFile
from wargame.scenario.jsonschema import dump_schema, editor_json_schema

__all__ = ["TESTS_SCHEMA_NAME", "render_sidecar_schema", "sidecar_json_schema"]

TESTS_SCHEMA_NAME: Final = "scenario-tests.schema.json"


def sidecar_json_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a playthrough-test sidecar."""
    return editor_json_schema(
        TestFile,
        title="wargame scenario tests",
        description="Playthrough tests of a scenario, in NAME.tests.yaml beside NAME.yaml. "
        "See docs/tutorial-authoring.md.",
    )


def render_sidecar_schema() -> str:
    """The schema as `wargame schema --tests` prints it and the repository commits it."""
    return dump_schema(sidecar_json_schema())
