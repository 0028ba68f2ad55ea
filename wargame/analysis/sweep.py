"""Parameter sweeps: `--set PATH=V1,V2,...` over any value of a scenario file.

A PATH walks the file as the author wrote it, with list items named by their `id`:
`variables.escalation.start`, `relations.trust.denmark.us`,
`alliances.nato.members.denmark.commitment`, `moves.offer_access.weight`. Each setting is
applied to the parsed file before validation, so a swept value is checked exactly like a
written one, and a bad value gets the same positioned error.
"""

from __future__ import annotations

import copy
import difflib
import itertools
import re
from collections.abc import Sequence
from typing import Any

from wargame.errors import WargameError
from wargame.scenario.ir import ScenarioIR

_INT = re.compile(r"^[-+]?\d{1,15}$")
_FLOAT = re.compile(r"^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$")


class SweepError(WargameError, ValueError):
    """A `--set` path or value the scenario does not accept."""


def parse_setting(text: str) -> tuple[str, list[str]]:
    """Split `PATH=V1,V2` into the path and its values."""
    path, sep, values = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise SweepError(
            f"--set {text!r}: expected PATH=VALUE[,VALUE...], e.g. variables.escalation.start=2,4"
        )
    items = [v.strip() for v in values.split(",")]
    if not items or any(v == "" for v in items):
        raise SweepError(f"--set {text!r}: every value must be non-empty")
    return path, items


def grid(settings: Sequence[tuple[str, list[str]]]) -> list[tuple[tuple[str, str], ...]]:
    """Every combination of the settings' values, in a stable order."""
    if not settings:
        return [()]
    paths = [p for p, _ in settings]
    return [
        tuple(zip(paths, combo, strict=True))
        for combo in itertools.product(*(v for _, v in settings))
    ]


def scalar(value: str) -> int | float | bool | str:
    """A `--set` value as YAML 1.2 would read it: int, float, true/false, or the string."""
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _step_into(node: Any, part: str, walked: str) -> tuple[Any, Any]:
    """The child of `node` named `part` (a key, an index, or a list item's id) and its key."""
    if isinstance(node, dict):
        if part in node:
            return node[part], part
        options = sorted(str(k) for k in node)
        close = difflib.get_close_matches(part, options, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; options: {', '.join(options[:12])}"
        raise SweepError(f"--set: {walked or 'the file'} has no {part!r}{hint}")
    if isinstance(node, list):
        if part.isdigit() and int(part) < len(node):
            return node[int(part)], int(part)
        ids = [str(item.get("id")) for item in node if isinstance(item, dict) and "id" in item]
        for index, item in enumerate(node):
            if isinstance(item, dict) and item.get("id") == part:
                return item, index
        close = difflib.get_close_matches(part, ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise SweepError(f"--set: {walked} has no item with id {part!r}{hint}")
    raise SweepError(f"--set: {walked} is a single value; it has no {part!r}")


def apply_override(data: Any, path: str, value: str) -> Any:
    """A copy of `data` with the value at `path` replaced.

    Every step but the last must exist; the last key of a mapping may be new (a trust value
    or a field left at its default), and validation then checks that it is a real field.
    """
    parts = [p for p in path.split(".") if p]
    if not parts:
        raise SweepError("--set: empty path")
    result = copy.deepcopy(data)
    node = result
    walked = ""
    for part in parts[:-1]:
        node, _ = _step_into(node, part, walked)
        walked = f"{walked}.{part}" if walked else part
    last = parts[-1]
    if isinstance(node, dict):
        # A key the file leaves at its default may be set; the schema then checks the name.
        node[last] = scalar(value)
    elif isinstance(node, list):
        _, index = _step_into(node, last, walked)
        node[index] = scalar(value)
    else:
        raise SweepError(f"--set: {walked} is a single value; it has no {last!r}")
    return result


def load_with_overrides(
    text: str, name: str, overrides: Sequence[tuple[str, str]] = ()
) -> ScenarioIR:
    """Compile scenario `text` with the sweep `overrides` applied (ScenarioError if invalid)."""
    from wargame.scenario.loader import load_document, load_text
    from wargame.scenario.source import SourceDocument, parse_text

    if not overrides:
        return load_text(text, name)
    document = parse_text(text, name)
    data: Any = document.data
    for path, value in overrides:
        data = apply_override(data, path, value)
    return load_document(SourceDocument(name, text, data, document.source_map))
