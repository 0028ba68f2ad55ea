"""The YAML traps of unquoted text, told in words an author can act on.

Scenario text is prose: briefings with commas, agendas with `#1`, titles with quotes. In a
`{...}` flow mapping YAML reads a comma as the end of an entry and ` #` as the start of a
comment, and a quote left open swallows the lines after it. The parser then reports
something true but unhelpful, somewhere else: an unknown key `the Foreign Secretary`, a
missing `,` or `}` on the next line, an indentation problem one line late. These functions
recognise the three shapes and say where the text starts and how to quote it.

`wargame.scenario.source` calls them on its rare paths only (an empty value in a flow
mapping, a syntax error), so reading a valid file costs nothing more.
"""

from __future__ import annotations

import re
from typing import Any, Final

import yaml

__all__ = ["Explained", "comma_cut", "explain_syntax_error", "quoted"]

Explained = tuple[int, int, str, str]
"""0-based (line, column) of the text to quote, the message and the hint."""

_NEXT_KEY: Final = re.compile(r",\s*[A-Za-z_][\w.]*\s*:(\s|$)")
_COMMENT: Final = re.compile(r"[ \t]+#")
_STRUCTURE: Final = re.compile(r"^\s*(- |[A-Za-z_][\w.]*:(\s|$)|[}\]])")


def quoted(text: str) -> str:
    """`text` as a YAML quoted scalar: double quotes, or single ones if it holds `"` or `\\`."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _flow_text(text: str, start: int) -> str:
    """The text an author meant as one value, from `start` inside a flow collection: up to
    the `}` or `]` that closes the collection, the next `, key:`, or a comment."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char in "{[":
            depth += 1
        elif char in "}]":
            if depth == 0:
                return text[start:index].strip()
            depth -= 1
        elif (char == "," and depth == 0 and _NEXT_KEY.match(text, index)) or (
            char == "#" and index > start and text[index - 1] in " \t"
        ):
            return text[start:index].strip()
    return text[start:].strip()


def comma_cut(
    text: str, key: str, key_offset: int, previous: tuple[str, int] | None
) -> tuple[str, str, int]:
    """Explain a flow-mapping entry with no `: value` (`{briefing: a, b}` reads `b` as a
    key). `previous` is the entry before it, when its value is plain text: its key and the
    value's offset. Returns the message, the hint, and the offset the text ends at (later
    pieces of the same text are part of this one explanation)."""
    if previous is None:
        end = key_offset + len(_flow_text(text, key_offset))
        return (
            f"`{key}` has no `:` and value: inside `{{...}}` entries are `key: value`, "
            "separated by commas",
            "write `key: value`; if this is text that holds a comma, quote this text "
            "(with the key it belongs to)",
            end,
        )
    previous_key, value_offset = previous
    whole = _flow_text(text, value_offset)
    return (
        f"an unquoted comma cuts this text short: inside `{{...}}` a comma ends an entry, "
        f"so `{key}` is read as a key of its own",
        f"quote this text: `{previous_key}: {quoted(whole)}`",
        value_offset + len(whole),
    )


def explain_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> Explained | None:
    """A clearer position, message and hint for a syntax error caused by unquoted text or
    an open quote, or None when the error is something else."""
    problem = exc.problem_mark
    if problem is None:
        return None
    if "while scanning a quoted scalar" in (exc.context or "") and exc.context_mark is not None:
        return _never_closed(exc.context_mark, text)
    tokens = _tokens_before(text, problem.index)
    return _open_quote(tokens, text, problem) or _comment_in_flow(exc, tokens, text)


def _tokens_before(text: str, stop: int) -> list[Any]:
    """The tokens PyYAML's pure-Python scanner reads before offset `stop` (or the error)."""
    found: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index > stop:
                break
            found.append(token)
    except yaml.YAMLError:
        pass
    return found


_LINE_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Where YAML breaks lines (as `wargame.scenario.source` does)."""


def _line(text: str, mark: Any) -> str:
    """The line `mark` is on."""
    end = _LINE_BREAK.search(text, mark.index)
    return text[mark.index - mark.column : len(text) if end is None else end.start()]


def _next_line(text: str, mark: Any) -> str:
    """The line after the one `mark` is on ("" at the end)."""
    end = _LINE_BREAK.search(text, mark.index)
    if end is None:
        return ""
    after = _LINE_BREAK.search(text, end.end())
    return text[end.end() : len(text) if after is None else after.start()]


_KEY_BEFORE: Final = re.compile(r"(?:^|[\s{,])([A-Za-z_][\w.]*:\s+)$")
_CLOSERS: Final = re.compile(r"[\s}\],]*$")


def _closed(text: str, mark: Any) -> str:
    """The line of a quote opened at `mark`, from its key, with the quote closed before any
    brackets that end the line: `briefing: "Unclosed text"}`."""
    line = _line(text, mark)
    key = _KEY_BEFORE.search(line[: mark.column])
    opened = line[mark.column :].rstrip()
    closers = _CLOSERS.search(opened)
    cut = closers.start() if closers else len(opened)
    return (key.group(1) if key else "") + opened[:cut] + opened[0] + opened[cut:]


def _never_closed(mark: Any, text: str) -> Explained:
    return (
        mark.line,
        mark.column,
        "YAML syntax error: the quote opened here is never closed",
        f"close the quote at the end of the text: `{_closed(text, mark)}`, or quote this "
        "text with the other kind of quote if it holds this one",
    )


def _open_quote(tokens: list[Any], text: str, problem: Any) -> Explained | None:
    """A quoted value that runs on over lines that look like YAML, and ends just before
    the error: its quote was meant to close on its first line."""
    for token in reversed(tokens):
        if not isinstance(token, yaml.ScalarToken) or token.style not in ("'", '"'):
            continue
        start, end = token.start_mark, token.end_mark
        if start.line == end.line or end.line < problem.line - 1:
            return None
        if not _STRUCTURE.match(_next_line(text, start)):
            return None
        return (
            start.line,
            start.column,
            f"YAML syntax error: the quote opened here is not closed on its line, so the "
            f"text runs on to line {end.line + 1} and the file stops making sense there",
            f"close the quote: `{_closed(text, start)}`",
        )
    return None


def _comment_in_flow(exc: yaml.MarkedYAMLError, tokens: list[Any], text: str) -> Explained | None:
    """Plain text in a `{...}` or `[...]` followed by ` #`: the comment ate the rest of the
    line, closing bracket included."""
    context = exc.context_mark
    if context is None or "flow" not in (exc.context or "") + (exc.problem or ""):
        return None
    for index, token in enumerate(tokens):
        if not isinstance(token, yaml.ScalarToken) or not token.plain:
            continue
        if token.start_mark.index < context.index:
            continue
        after = token.end_mark.index
        comment = _COMMENT.match(text, after)
        if comment is None:
            continue
        line_end = _LINE_BREAK.search(text, after)
        rest = text[comment.end() - 1 : len(text) if line_end is None else line_end.start()]
        cut = _NEXT_KEY.search(rest)
        rest = rest[: cut.start()] if cut else rest.rstrip().rstrip("}],").rstrip()
        whole = (token.value + text[after : comment.end() - 1] + rest).strip()
        mark = token.start_mark
        key = ""
        if index >= 2 and isinstance(tokens[index - 1], yaml.ValueToken):
            named = tokens[index - 2]
            if isinstance(named, yaml.ScalarToken):
                key = f"{named.value}: "
        return (
            mark.line,
            mark.column,
            f"YAML syntax error: ` #` starts a comment, so this text stops at "
            f"`{token.value}` and the rest of line {mark.line + 1} is ignored",
            f"quote this text: `{key}{quoted(whole)}`",
        )
    return None
