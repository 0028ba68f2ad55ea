"""Where each node of a YAML document stands in its file.

The YAML reader (`wargame.scenario.source`) records a `NodeInfo` for every node, keyed by
its path from the root (`("moves", 3, "when")`). Everything later that reports a problem
(pydantic errors, expression errors, unknown references, lint) asks the `SourceMap` for the
position, so every message points at the exact line and column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wargame.errors import Span

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """Positions of one node."""

    value: Span
    """Where the value starts."""
    key: Span | None = None
    """Where its mapping key starts; None for list items and the root."""
    style: str | None = None
    """Scalar style: None for plain or collections, `'` or `"` for quoted, `|` or `>` for block."""
    multiline: bool = False
    """True when the scalar spans several lines in the file."""


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Positions of every node in one file, by path."""

    file: str
    nodes: Mapping[PathKey, NodeInfo] = field(default_factory=dict)

    def find(self, path: Sequence[str | int]) -> tuple[PathKey, NodeInfo | None]:
        """The deepest recorded prefix of `path` and its info (None if nothing matched)."""
        key: PathKey = tuple(path)
        while key:
            info = self.nodes.get(key)
            if info is not None:
                return key, info
            key = key[:-1]
        return (), self.nodes.get(())

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Span:
        """Position of the node at `path` (its key when `key`), or its nearest ancestor."""
        _, info = self.find(path)
        if info is None:
            return Span(self.file, 1, 1)
        if key and info.key is not None:
            return info.key
        return info.value

    def expr_span(self, path: Sequence[str | int], offset: int) -> Span:
        """Position of character `offset` (0-based) of the expression scalar at `path`.

        Exact for single-line plain and quoted scalars; for block and multi-line scalars,
        which YAML folds, it points at the start of the scalar.
        """
        found, info = self.find(path)
        if info is None:
            return Span(self.file, 1, 1)
        if found != tuple(path) or info.multiline or info.style in ("|", ">"):
            return info.value
        quote = 1 if info.style in ("'", '"') else 0
        return Span(self.file, info.value.line, info.value.col + quote + offset)


def dotted(path: Sequence[str | int]) -> str:
    """Render a path the way authors read it: `moves[3].when`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
