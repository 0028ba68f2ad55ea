"""Text people type into a game: free actions, arguments, written news, messages, reasons.

Such text is untrusted: it travels to other seats, into saves, shared tables and reports.
It is kept as data, never interpreted (screens render it as plain text, reports escape
it), and checked here before anything stores it: a length limit per kind of text, and no
control characters (a newline only where a text may have several lines), no bidirectional
overrides that would make it read differently from what it holds, no lone surrogates that
no file can encode. A refusal says what is wrong and where, never changes the text.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = [
    "MAX_ARGUMENTS",
    "MAX_CHANGES",
    "MAX_HEADLINE",
    "MAX_MESSAGE",
    "MAX_REASON",
    "MAX_STORY",
    "MAX_TEXT",
    "text_problem",
]

MAX_TEXT: Final = 500
"""A free action's text, or one argument."""
MAX_ARGUMENTS: Final = 3
"""Arguments a team gives for its own free action when it proposes it."""
MAX_HEADLINE: Final = 120
"""The headline of news the umpire writes."""
MAX_STORY: Final = 2000
"""The text of news the umpire writes."""
MAX_MESSAGE: Final = 1000
"""One message in a channel."""
MAX_REASON: Final = 500
"""The umpire's reason for a ruling."""
MAX_CHANGES: Final = 8
"""Changes one free action or one piece of written news may make."""

_BIDI: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder what a reader sees."""
_SEPARATORS: Final = frozenset("\u2028\u2029")
"""Line and paragraph separators: line breaks some screens honour and others do not."""


def _named(ch: str) -> str:
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    return f"{code} {name.lower()}" if name else code


def text_problem(
    text: object,
    what: str,
    limit: int,
    *,
    lines: bool = False,
    required: bool = True,
) -> str | None:
    """None when `text` may be stored as `what`, else the reason in words.

    `lines`: newlines are allowed (a story, an argument, a message); `required`: text that
    is empty or only spaces is refused.
    """
    if not isinstance(text, str):
        return f"{what} must be text, not {type(text).__name__}"
    if required and not text.strip():
        return f"{what} is empty: write it in a few words"
    if len(text) > limit:
        return f"{what} is {len(text):,} characters long; at most {limit:,} are allowed"
    for index, ch in enumerate(text):
        if ch == "\n" and lines:
            continue
        if ch.isprintable() and ch not in _BIDI and ch not in _SEPARATORS:
            continue
        category = unicodedata.category(ch)
        if ch == " " or category in ("Zs", "Co", "Cn", "Mn", "Mc", "Me") or (
            category == "Cf" and ch not in _BIDI
        ):
            continue  # spaces, private use, unassigned, combining marks, joiners
        hint = " (line breaks are not allowed here)" if ch in "\n\r" and not lines else ""
        return (
            f"{what} holds the control character {_named(ch)} at character {index + 1}"
            f"{hint}; type plain text"
        )
    return None
