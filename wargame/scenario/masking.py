"""Masked play and exports: every displayed text goes through the scenario's masking table.

Replacements are applied longest name first and only at word boundaries, so `Russian`
is not half-replaced by a shorter `Russia` entry and `Danes` is not matched inside
`Mundanes`. The table is authored in the scenario (`masking:`), so masked play needs no
configuration in the room.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class Masker:
    """Replaces real names by fictional stand-ins; the identity when masking is off."""

    def __init__(self, table: Iterable[tuple[str, str]], *, enabled: bool = True) -> None:
        pairs = sorted(
            ((real, fake) for real, fake in table if real), key=lambda p: (-len(p[0]), p[0])
        )
        self._lookup = dict(pairs)
        self.enabled = enabled and bool(pairs)
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(real) for real, _ in pairs) + r")(?!\w)")
            if pairs
            else None
        )

    def __call__(self, text: str) -> str:
        if not self.enabled or self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._lookup[m.group(1)], text)


IDENTITY = Masker((), enabled=False)
"""The masker for unmasked play."""
