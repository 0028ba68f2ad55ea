"""The scenario format as a JSON Schema (draft-07), for editors.

Pydantic writes JSON Schema 2020-12, but the YAML language server behind VS Code and most
editors validates draft-07 only. This module post-processes pydantic's output into draft-07:
`$defs` becomes `definitions` (with every `$ref` rewritten), a `$ref` with sibling keywords
is wrapped in `allOf` (draft-07 ignores a `$ref`'s siblings, which would hide descriptions),
and keywords draft-07 lacks are refused. The committed copy, schema/scenario.schema.json, is
kept equal to `render_schema()` by a test.
"""

from __future__ import annotations

import json
from typing import Any, Final

from wargame.scenario.schema import FORMAT_VERSIONS, Scenario

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"

_NOT_IN_DRAFT_07: Final = frozenset({
    "prefixItems", "unevaluatedProperties", "unevaluatedItems", "$defs", "dependentSchemas",
    "dependentRequired", "$dynamicRef", "$dynamicAnchor", "discriminator",
})

_LITERAL_KEYWORDS: Final = frozenset({"default", "enum", "const", "examples"})


def scenario_json_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a scenario file (format version 1)."""
    raw = Scenario.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = raw.pop("$defs", {})
    root: dict[str, Any] = {
        "$schema": DRAFT_07,
        **raw,
        "definitions": definitions,
    }
    root["title"] = "wargame scenario"
    root["description"] = (
        "A wargame scenario file, format version "
        + ", ".join(str(v) for v in FORMAT_VERSIONS)
        + ". See docs/authoring.md."
    )
    version = root["properties"]["wargame"]
    version["enum"] = list(FORMAT_VERSIONS)
    fixed = _to_draft_07(root)
    assert isinstance(fixed, dict)
    return fixed


def render_schema() -> str:
    """The schema as the text `wargame schema` prints and the repository commits."""
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _to_draft_07(node: Any) -> Any:
    if isinstance(node, list):
        return [_to_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    bad = _NOT_IN_DRAFT_07 & set(node)
    if bad:
        raise ValueError(f"schema uses keywords draft-07 lacks: {sorted(bad)}")
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "definitions"):  # maps of names to schemas
            out[key] = {name: _to_draft_07(sub) for name, sub in value.items()}
        elif key in _LITERAL_KEYWORDS:  # data, not schemas
            out[key] = value
        else:
            out[key] = _to_draft_07(value)
    patterns = out.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "properties" not in out:
        # A dict keyed by ids: check the keys themselves (so `Denmark:` is flagged) and
        # every value, rather than silently ignoring keys that miss the pattern.
        ((pattern, value_schema),) = patterns.items()
        del out["patternProperties"]
        names = dict(out.get("propertyNames") or {})
        names["pattern"] = pattern
        out["propertyNames"] = names
        out["additionalProperties"] = value_schema
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}]
    return out
