"""The scenario format as a JSON Schema (draft-07), shaped for editors.

Pydantic writes JSON Schema 2020-12, but the YAML language server behind VS Code and most
editors validates draft-07 only, and completes and explains keys from the schema's shape.
This module post-processes pydantic's output in two passes.

Draft-07: `$defs` becomes `definitions` (with every `$ref` rewritten), and keywords draft-07
lacks are refused.

Editors: each key gets one schema with one description, because the language server
builds its completions and hovers from the shape it sees:

- A union of disjoint types (`str | None`, `int | list[int] | None`, an expression or a
  probability) becomes one schema with a list of types (`"type": ["string", "null"]`) and
  each type's own keywords: exactly the same values are valid, and the key completes as
  `side: ` instead of a bare `side` (no colon), and hovers as `Side` instead of
  `Side || Side`, with the key's description rather than a branch's (`An expression...`).
- A union with a model (`Limit | None`, `Argued | bool`) takes the model's schema in
  place, for the same reason; a model used that way only is dropped from `definitions`.
- A union that cannot merge (`all`/`umpire` or a list of ids) becomes a `oneOf` of its
  disjoint branches, which the server completes from the key's default.
- A key whose schema is a model is a plain `$ref`: the model's own description is what the
  editor shows. (An `allOf: [{$ref}]` wrapper, needed only to keep a sibling description,
  completes as a bare key with no colon: invalid YAML.)
- No `default: null`: the server would insert it (`limit: null`).

The committed copies, schema/scenario.schema.json and schema/scenario-tests.schema.json,
are kept equal to `render_schema()` by tests.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, Final

from pydantic import BaseModel

from wargame.scenario.schema import FORMAT_VERSIONS, Scenario

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"

_NOT_IN_DRAFT_07: Final = frozenset({
    "prefixItems", "unevaluatedProperties", "unevaluatedItems", "$defs", "dependentSchemas",
    "dependentRequired", "$dynamicRef", "$dynamicAnchor", "discriminator",
})

_LITERAL_KEYWORDS: Final = frozenset({"default", "enum", "const", "examples"})

_ANNOTATIONS: Final = frozenset({"title", "description"})

_TYPE_KEYWORDS: Final[dict[str, frozenset[str]]] = {
    "string": frozenset({"minLength", "maxLength", "pattern", "format"}),
    "number": frozenset({
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    }),
    "array": frozenset({"items", "minItems", "maxItems", "uniqueItems", "contains"}),
    "object": frozenset({
        "properties", "required", "additionalProperties", "propertyNames", "minProperties",
        "maxProperties", "patternProperties", "dependencies",
    }),
    "boolean": frozenset(),
    "null": frozenset(),
}
"""The keywords that only constrain values of one JSON type: merging branches of disjoint
types keeps each branch's keywords, which leave the other types' values alone."""

_FAMILY: Final = {"integer": "number"}


def scenario_json_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a scenario file (format version 1)."""
    root = editor_json_schema(
        Scenario,
        title="wargame scenario",
        description="A wargame scenario file, format version "
        + ", ".join(str(v) for v in FORMAT_VERSIONS)
        + ". See docs/authoring.md.",
    )
    root["properties"]["wargame"]["enum"] = list(FORMAT_VERSIONS)
    return root


def editor_json_schema(model: type[BaseModel], *, title: str, description: str) -> dict[str, Any]:
    """A model's draft-07 JSON Schema, shaped for editors (see the module docstring)."""
    raw = model.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = raw.pop("$defs", {})
    root: dict[str, Any] = {"$schema": DRAFT_07, **raw, "definitions": definitions}
    root["title"] = title
    root["description"] = description
    fixed = _to_draft_07(root)
    assert isinstance(fixed, dict)
    shaped: dict[str, Any] = _Shaper(fixed["definitions"]).schema(fixed)
    used = _referenced(shaped)
    shaped["definitions"] = {k: v for k, v in shaped["definitions"].items() if k in used}
    if not shaped["definitions"]:
        del shaped["definitions"]
    return shaped


def render_schema() -> str:
    """The schema as the text `wargame schema` prints and the repository commits."""
    return dump_schema(scenario_json_schema())


def dump_schema(schema: dict[str, Any]) -> str:
    """A schema as committed: two-space indents, UTF-8 kept, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


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
    return out


class _Shaper:
    """The editor pass: one schema with one description per key (see the module docstring)."""

    def __init__(self, definitions: dict[str, Any]) -> None:
        self.raw = definitions
        self.shaped: dict[str, dict[str, Any]] = {}

    def definition(self, name: str) -> dict[str, Any]:
        """A definition, shaped once (the models a union inlines are shaped first)."""
        if name not in self.shaped:
            self.shaped[name] = self.schema(self.raw[name])
        return self.shaped[name]

    def schema(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.schema(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "definitions":
                out[key] = {name: self.definition(name) for name in value}
            elif key == "properties":
                out[key] = {name: _titled(name, self.schema(sub)) for name, sub in value.items()}
            elif key in _LITERAL_KEYWORDS:
                out[key] = value
            else:
                out[key] = self.schema(value)
        if out.get("default", 0) is None:
            del out["default"]
        if "anyOf" in out:
            out = self.union(out)
        if "$ref" in out and len(out) > 1:
            out = self.plain_ref(out)
        return out

    def union(self, node: dict[str, Any]) -> dict[str, Any]:
        """`anyOf` branches merged into one schema, or else a `oneOf` of disjoint ones."""
        branches = [self.inlined(b) for b in node.pop("anyOf")]
        for branch in branches:
            for key in [k for k in branch if k in _ANNOTATIONS]:
                node.setdefault(key, branch.pop(key))
        merged = _merge(branches) or _enum_or_null(branches)
        if merged is not None:
            return {**node, **merged}
        kinds = [_types(b) for b in branches]
        disjoint = all(kinds) and _pairwise_disjoint([k for k in kinds if k is not None])
        if disjoint and "default" in node:
            # The server completes a `oneOf` key from its default, and shows the choices.
            node["oneOf"] = branches
            return node
        merged = _merge([_enum_as_pattern(b) for b in branches])
        if merged is not None:
            return {**node, **merged}
        node["anyOf"] = branches
        return node

    def inlined(self, branch: dict[str, Any]) -> dict[str, Any]:
        """A `{$ref}` branch replaced by a copy of the model it names (annotations dropped:
        the key describes itself)."""
        if set(branch) != {"$ref"}:
            return branch
        name = branch["$ref"].removeprefix("#/definitions/")
        target = copy.deepcopy(self.definition(name))
        for key in _ANNOTATIONS:
            target.pop(key, None)
        return dict(target)

    def plain_ref(self, node: dict[str, Any]) -> dict[str, Any]:
        """A `$ref` with only annotations beside it: the model's description serves."""
        extra = set(node) - {"$ref"} - _ANNOTATIONS
        if extra:
            raise ValueError(f"a $ref with {sorted(extra)} beside it has no draft-07 form")
        name = node["$ref"].removeprefix("#/definitions/")
        target = self.definition(name)
        if "description" not in target and "description" in node:
            target["description"] = node["description"]
        return {"$ref": node["$ref"]}


def _titled(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A key's schema with a title (pydantic gives none to a key whose type is a union with a
    model; the editor would show the enclosing model's title instead, `Move` for `limit`)."""
    if "title" not in schema and "$ref" not in schema:
        schema["title"] = name.replace("_", " ").title()
    return schema


def _types(schema: dict[str, Any]) -> list[str] | None:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list) and all(isinstance(k, str) for k in kind):
        return list(kind)
    return None


def _pairwise_disjoint(kinds: list[list[str]]) -> bool:
    families = [_FAMILY.get(k, k) for kind in kinds for k in kind]
    return len(families) == len(set(families))


def _merge(branches: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One schema accepting exactly what any branch accepts, when the branches have
    disjoint types and only their own types' keywords; else None."""
    kinds = [_types(b) for b in branches]
    if any(k is None for k in kinds) or not _pairwise_disjoint([k for k in kinds if k]):
        return None
    merged: dict[str, Any] = {}
    types: list[str] = []
    for branch, kind in zip(branches, kinds, strict=True):
        assert kind is not None
        allowed = frozenset().union(*(_TYPE_KEYWORDS.get(_FAMILY.get(k, k), ()) for k in kind))
        rest = [key for key in branch if key != "type"]
        if not set(rest) <= allowed:
            return None
        types.extend(kind)
        merged.update({key: branch[key] for key in rest})
    merged["type"] = types[0] if len(types) == 1 else types
    return merged


def _enum_or_null(branches: list[dict[str, Any]]) -> dict[str, Any] | None:
    """`Literal[...] | None` as one `enum` with null among the choices."""
    choices = [b for b in branches if b != {"type": "null"}]
    if len(choices) != 1 or len(branches) == 1 or set(choices[0]) != {"type", "enum"}:
        return None
    kind = _types(choices[0])
    if kind is None:
        return None
    return {"type": [*kind, "null"], "enum": [*choices[0]["enum"], None]}


def _enum_as_pattern(branch: dict[str, Any]) -> dict[str, Any]:
    """A text `enum` (or `const`) as the `pattern` it amounts to, which constrains text only
    and so merges with other types' branches (`int | Literal["end"]`)."""
    values = branch.get("enum", [branch["const"]] if "const" in branch else None)
    if branch.get("type") != "string" or "pattern" in branch or values is None:
        return branch
    if not all(isinstance(v, str) for v in values):
        return branch
    rest = {k: v for k, v in branch.items() if k not in ("enum", "const")}
    return {**rest, "pattern": "^(" + "|".join(re.escape(v) for v in values) + ")$"}


def _referenced(root: dict[str, Any]) -> set[str]:
    """The definitions a schema names, directly or through other definitions."""
    definitions = root.get("definitions", {})
    found: set[str] = set()
    todo: list[Any] = [{k: v for k, v in root.items() if k != "definitions"}]
    while todo:
        current = todo.pop()
        if isinstance(current, list):
            todo.extend(current)
        elif isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                name = ref.removeprefix("#/definitions/")
                if name not in found:
                    found.add(name)
                    todo.append(definitions.get(name))
            todo.extend(v for k, v in current.items() if k != "$ref")
    return found
