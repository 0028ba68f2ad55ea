"""Read untrusted YAML safely, keeping the position of every node.

Scenario files are shared between organisations, so this module treats them as hostile:

1. the bytes are capped (1 MiB) before anything parses them, and decoded as strict UTF-8;
2. the parser's *event stream* is walked iteratively (never PyYAML's recursive composer,
   whose C version segfaults on deep nesting), and every event is checked before it is
   used: nesting depth, node count, anchors and aliases, explicit tags, extra documents;
3. scalars are typed by a strict YAML-1.2-core-like resolver, so `NO`, `on`, `010`,
   `1:20` and `2026-03` stay strings and nothing becomes a date or a sexagesimal number;
4. mappings are built here, refusing duplicate, non-string and merge (`<<`) keys.

The result is plain data (dict / list / str / int / float / bool / None) plus a `SourceMap`
with the position of every node, so every later stage can point at the exact line and
column. Every problem is a `Diagnostic` with an `E0xx` code, raised together in one
`ScenarioError`; nothing here lets a traceback or a crash through for any input.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from wargame.errors import Diagnostic, ScenarioError, Span
from wargame.scenario.positions import NodeInfo, PathKey, SourceMap, dotted

# --- limits ------------------------------------------------------------------------------

MAX_BYTES: Final = 1 << 20
"""Largest file read (1 MiB); the flagship scenario is about 60 KiB."""
MAX_DEPTH: Final = 64
"""Deepest nesting of mappings and lists; real scenarios nest about 6 deep."""
MAX_NODES: Final = 200_000
"""Most nodes (scalars, mappings, lists) in one document."""
MAX_INT_DIGITS: Final = 18
"""Longest integer literal; longer ones are refused rather than truncated."""
MAX_SCALAR_CHARS: Final = 65_536
"""Longest single scalar (a briefing may be long; 64 KiB is far beyond any real one)."""
MAX_DIAGNOSTICS: Final = 100
"""Stop collecting after this many problems: a hostile file must not flood the output."""

# --- codes ---------------------------------------------------------------------------------

E_TOO_LARGE: Final = "E001"
E_ENCODING: Final = "E002"
E_SYNTAX: Final = "E003"
E_TOO_DEEP: Final = "E004"
E_ALIAS: Final = "E005"
E_TAG: Final = "E006"
E_DUPLICATE_KEY: Final = "E007"
E_MULTI_DOC: Final = "E008"
E_KEY_NOT_TEXT: Final = "E009"
E_NUMBER_TOO_LARGE: Final = "E010"
E_STRING_TOO_LONG: Final = "E011"
E_TOO_MANY_NODES: Final = "E012"
E_MERGE_KEY: Final = "E013"
E_UNREADABLE: Final = "E014"

CODES: Final[dict[str, str]] = {
    E_TOO_LARGE: "file too large",
    E_ENCODING: "not UTF-8 text",
    E_SYNTAX: "YAML syntax error",
    E_TOO_DEEP: "nested too deeply",
    E_ALIAS: "anchor or alias",
    E_TAG: "explicit tag",
    E_DUPLICATE_KEY: "duplicate key",
    E_MULTI_DOC: "more than one document",
    E_KEY_NOT_TEXT: "key is not text",
    E_NUMBER_TOO_LARGE: "number too large",
    E_STRING_TOO_LONG: "string too long",
    E_TOO_MANY_NODES: "too many nodes",
    E_MERGE_KEY: "merge key",
    E_UNREADABLE: "file cannot be read",
}
"""Every code this module can raise, with a short title (docs/authoring.md explains each)."""

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when available: its event stream is fast and iterative."""

# YAML 1.2 core schema, narrowed: decimal ints only (no leading zeros, no 0x/0o), floats
# need a dot or an exponent, and .inf / .nan are NOT numbers here (they stay strings).
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_BOOLS: Final = {"true": True, "True": True, "TRUE": True,
                 "false": False, "False": False, "FALSE": False}
_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
# Characters YAML forbids in a stream (same set as PyYAML's reader).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What libyaml counts as a line break, so our line numbers agree with its marks."""

Scalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A parsed file: its plain data, where every node is, and the text it came from."""

    name: str
    text: str = field(repr=False)
    data: Any
    source_map: SourceMap = field(repr=False)


class _Stop(Exception):
    """Abort the walk: a limit was hit (the diagnostic is already recorded)."""


# --- public API ----------------------------------------------------------------------------


def read_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Read and parse one scenario file; raises `ScenarioError` for any problem."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ScenarioError(
            [_diag(E_UNREADABLE, f"cannot read the file: {reason}", Span(name, 1, 1),
                   "check the path and that you may read it")]
        ) from None
    return parse_bytes(raw, name, max_bytes=max_bytes)


def parse_bytes(raw: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Check the size and encoding of `raw`, then parse it like `parse_text`."""
    if len(raw) > max_bytes:
        raise ScenarioError([_too_large(name, max_bytes)])
    return parse_text(decode(raw, name), name, max_bytes=max_bytes)


def decode(raw: bytes, name: str) -> str:
    """Strict UTF-8 (a leading BOM is dropped); a bad byte is reported at its line:col."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ScenarioError([_diag(
            E_ENCODING, "the file is UTF-16; scenario files must be UTF-8", Span(name, 1, 1),
            "re-save the file as UTF-8 in your editor")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        raise ScenarioError([_diag(
            E_ENCODING,
            f"the file is not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte offset "
            f"{exc.start} cannot be decoded",
            Span(name, line, col),
            "re-save the file as UTF-8 (Latin-1 or Windows-1252 text often causes this)",
        )]) from None


def parse_text(text: str, name: str = "<string>", *, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Parse YAML text into plain data and a `SourceMap`; raises `ScenarioError`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise ScenarioError([_diag(
            E_ENCODING,
            f"the text holds an unpaired surrogate (U+{ord(text[exc.start]):04X}), which is "
            "not valid Unicode",
            _span_at(text, exc.start, name),
            "re-save the file as UTF-8",
        )]) from None
    if size > max_bytes:
        raise ScenarioError([_too_large(name, max_bytes)])
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        raise ScenarioError([_diag(
            E_SYNTAX,
            f"character U+{ord(bad.group()):04X} is not allowed in a YAML file",
            _span_at(text, bad.start(), name),
            "remove it: YAML files hold printable text, tabs and line breaks only",
        )])
    builder = _Builder(name)
    with contextlib.suppress(_Stop):
        builder.run(text)
    builder.finish()
    if builder.diagnostics:
        raise ScenarioError(sorted_diagnostics(builder.diagnostics))
    return SourceDocument(name=name, text=text, data=builder.root,
                          source_map=SourceMap(name, builder.nodes))


def resolve_plain(value: str) -> Scalar:
    """Type a plain (unquoted) scalar the YAML-1.2-core way, narrowed for authors.

    `true`/`false` (any of the three cases YAML 1.2 allows) are booleans; `null`, `~` and
    an empty value are None; decimal integers without leading zeros are ints; numbers with
    a dot or an exponent are floats. Everything else, including `yes`, `NO`, `on`, `010`,
    `0x1F`, `1:20`, `2026-03`, `.inf` and `.nan`, is a string. Raises `ValueError` for an
    integer of more than `MAX_INT_DIGITS` digits or a float too large to represent.
    """
    if value in _BOOLS:
        return _BOOLS[value]
    if value in _NULLS:
        return None
    if _INT.fullmatch(value):
        digits = len(value.lstrip("+-"))
        if digits > MAX_INT_DIGITS:
            raise ValueError(f"an integer of {digits} digits; at most {MAX_INT_DIGITS} are allowed")
        return int(value)
    if _FLOAT.fullmatch(value) and not value.lstrip("+-").isdigit():
        number = float(value)
        if number in (float("inf"), float("-inf")):
            raise ValueError("a number too large to represent")
        return number
    return value


def source_lines(text: str) -> list[str]:
    """The file's lines, split where YAML splits them (so `lines[span.line - 1]` is right)."""
    return _LINE_BREAK.split(text)


def sorted_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted by position, then code and message, with exact repeats removed."""
    unique = dict.fromkeys(diagnostics)
    return sorted(unique, key=lambda d: (d.span.file, d.span.line, d.span.col, d.code, d.message))


# --- the walk ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Frame:
    """One open mapping or list (or a subtree being skipped) during the walk."""

    kind: Literal["map", "seq", "skip"]
    path: PathKey
    container: Any = None
    key: str | None = None
    key_span: Span | None = None
    expecting_key: bool = True
    discard_value: bool = False
    seen: dict[str, Span] = field(default_factory=dict)


class _Builder:
    """Walks the event stream once, checking each event and building the data."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: Any = None
        self.nodes: dict[PathKey, NodeInfo] = {}
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.documents = 0
        self.count = 0
        self.first_alias: dict[str, int] = {}
        self.more_aliases: dict[str, int] = {}

    def run(self, text: str) -> None:
        try:
            for event in yaml.parse(text, Loader=_Loader):
                self.event(event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            span = self.span(mark) if mark is not None else Span(self.name, 1, 1)
            self.add(E_SYNTAX, _syntax_message(exc), span, _syntax_hint(exc, text, span))
        except yaml.YAMLError as exc:  # ReaderError and friends carry no line/column
            self.add(E_SYNTAX, f"the file could not be read as YAML: {exc}", Span(self.name, 1, 1))

    # positions and diagnostics

    def span(self, mark: Any) -> Span:
        return Span(self.name, int(mark.line) + 1, int(mark.column) + 1)

    def add(self, code: str, message: str, span: Span, hint: str | None = None,
            path: PathKey | None = None, *, fatal: bool = False) -> None:
        self.diagnostics.append(_diag(code, message, span, hint, dotted(path) if path else None))
        if fatal or len(self.diagnostics) >= MAX_DIAGNOSTICS:
            raise _Stop

    # events

    def event(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.add(E_MULTI_DOC, "a scenario file holds one YAML document, but a second "
                         "one starts here", self.span(event.start_mark),
                         "remove the `---` (or `...`) line and what follows, or split the "
                         "file in two", fatal=True)
            return
        if isinstance(event, yaml.AliasEvent):
            self.alias_or_anchor("alias", f"aliases (`*{event.anchor}`) are not allowed", event)
            self.count_node(event)
            self.attach(None, event, None)
            return
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.count_node(event)
            self.check_node(event)
            if isinstance(event, yaml.ScalarEvent):
                self.scalar(event)
            else:
                self.collection(event)
            return
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()

    def alias_or_anchor(self, kind: str, message: str, event: yaml.Event) -> None:
        """Report the first anchor and the first alias; count the rest (a bomb has many)."""
        index = self.first_alias.get(kind)
        if index is None:
            self.first_alias[kind] = len(self.diagnostics)
            self.more_aliases[kind] = 0
            self.add(E_ALIAS, message, self.span(event.start_mark), _ALIAS_HINT)
        else:
            self.more_aliases[kind] += 1

    def finish(self) -> None:
        """Note on the first anchor / alias diagnostic how many more the file holds."""
        for kind, index in self.first_alias.items():
            more = self.more_aliases[kind]
            if more:
                first = self.diagnostics[index]
                plural = "es" if kind == "alias" else "s"
                self.diagnostics[index] = dataclasses.replace(
                    first, message=f"{first.message} ({more} more {kind}{plural} follow)")

    def count_node(self, event: yaml.Event) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            self.add(E_TOO_MANY_NODES, f"the document has more than {MAX_NODES:,} values",
                     self.span(event.start_mark), "split the scenario or simplify it",
                     fatal=True)

    def check_node(self, event: yaml.NodeEvent) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.alias_or_anchor("anchor", f"anchors (`&{anchor}`) are not allowed", event)
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith(
                "tag:yaml.org,2002:") else tag
            self.add(E_TAG, f"explicit tags (`{shown}`) are not allowed",
                     self.span(event.start_mark),
                     "remove the tag; to keep a value as text, put it in quotes")

    def scalar(self, event: yaml.ScalarEvent) -> None:
        style = event.style or None
        text: str = event.value
        value: Scalar = text
        if len(text) > MAX_SCALAR_CHARS:
            self.add(E_STRING_TOO_LONG, f"this value is {len(text):,} characters long; the "
                     f"limit is {MAX_SCALAR_CHARS:,}", self.span(event.start_mark),
                     "shorten it")
        elif style is None and event.tag is None:
            try:
                value = resolve_plain(text)
            except ValueError as exc:
                shown = text if len(text) <= 24 else text[:12] + "…" + text[-6:]
                self.add(E_NUMBER_TOO_LARGE, f"number `{shown}` is too large: {exc}",
                         self.span(event.start_mark),
                         "use a smaller number, or quote it if it is meant as text")
                value = text
        start: Any = event.start_mark
        end: Any = event.end_mark
        multiline = bool(end.line > start.line)
        self.attach(value, event, style, multiline=multiline)

    def collection(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self.add(E_TOO_DEEP, f"the document is nested more than {MAX_DEPTH} levels deep",
                     self.span(event.start_mark),
                     "flatten the structure; scenarios need only a few levels", fatal=True)
        is_map = isinstance(event, yaml.MappingStartEvent)
        container: Any = {} if is_map else []
        path = self.attach(container, event, None)
        if path is None:
            self.stack.append(_Frame("skip", ()))
        else:
            self.stack.append(_Frame("map" if is_map else "seq", path, container))

    def attach(self, value: Any, event: yaml.Event, style: str | None, *,
               multiline: bool = False) -> PathKey | None:
        """Place a new node in its parent; returns its path, or None when it is dropped."""
        span = self.span(event.start_mark)
        if not self.stack:
            self.root = value
            self.nodes[()] = NodeInfo(span, None, style, multiline)
            return ()
        top = self.stack[-1]
        if top.kind == "skip":
            return None
        if top.kind == "seq":
            path = (*top.path, len(top.container))
            top.container.append(value)
            self.nodes[path] = NodeInfo(span, None, style, multiline)
            return path
        if top.expecting_key:
            top.expecting_key = False
            top.discard_value = True
            self.mapping_key(top, value, event, span, style)
            return None
        top.expecting_key = True
        if top.discard_value or top.key is None:
            return None
        path = (*top.path, top.key)
        top.container[top.key] = value
        self.nodes[path] = NodeInfo(span, top.key_span, style, multiline)
        return path

    def mapping_key(self, top: _Frame, key: Any, event: yaml.Event, span: Span,
                    style: str | None) -> None:
        top.key = None
        if not isinstance(event, yaml.ScalarEvent):
            if not isinstance(event, yaml.AliasEvent):
                self.add(E_KEY_NOT_TEXT, "a key must be plain text, not a mapping or a list",
                         span, "write the key as a single word, e.g. `denmark:`", top.path)
            return
        if not isinstance(key, str):
            self.add(E_KEY_NOT_TEXT, f"key `{event.value}` is read as "
                     f"{_describe_scalar(key)}, but keys must be text", span,
                     f"quote it: `'{event.value}':`", top.path)
            return
        if key == "<<" and style is None:
            self.add(E_MERGE_KEY, "merge keys (`<<`) are not allowed", span,
                     "write the keys out in full", top.path)
            return
        first = top.seen.get(key)
        if first is not None:
            self.add(E_DUPLICATE_KEY,
                     f"duplicate key `{key}`: first defined at line {first.line}, column "
                     f"{first.col}, defined again here at line {span.line}, column {span.col}",
                     span, "remove one of the two, or merge them into one", (*top.path, key))
            return
        top.seen[key] = span
        top.key = key
        top.key_span = span
        top.discard_value = False


# --- helpers -------------------------------------------------------------------------------

_ALIAS_HINT: Final = (
    "write the content out in full; anchors and aliases are refused so that a small file "
    "cannot expand into a huge one"
)


def _diag(code: str, message: str, span: Span, hint: str | None = None,
          path: str | None = None) -> Diagnostic:
    return Diagnostic(code=code, message=message, span=span, hint=hint, path=path)


def _too_large(name: str, max_bytes: int) -> Diagnostic:
    return _diag(E_TOO_LARGE, f"the file is larger than {max_bytes:,} bytes", Span(name, 1, 1),
                 "a scenario is text of a few dozen kilobytes; check that this is the right file")


def _span_at(text: str, offset: int, name: str) -> Span:
    """1-based line and column of character `offset` in `text`."""
    before = text[:offset]
    breaks = list(_LINE_BREAK.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    return Span(name, len(breaks) + 1, offset - line_start + 1)


def _describe_scalar(value: Scalar) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "invalid YAML").strip()
    context_mark = exc.context_mark
    if exc.context and context_mark is not None and exc.problem_mark is not None:
        context = exc.context.strip()
        line = int(context_mark.line) + 1
        col = int(context_mark.column) + 1
        return f"YAML syntax error: {problem} ({context} started at line {line}, column {col})"
    return f"YAML syntax error: {problem}"


def _syntax_hint(exc: yaml.MarkedYAMLError, text: str, span: Span) -> str | None:
    problem = (exc.problem or "") + " " + (exc.context or "")
    lines = source_lines(text)
    line = lines[span.line - 1] if span.line <= len(lines) else ""
    if "\t" in line[: span.col] or "\\t" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return ("a value containing `: ` must be quoted, or the indentation of this line is "
                "off")
    if any(m in problem for m in ("could not find expected ':'", "expected <block end>",
                                  "did not find expected key", "did not find expected '-'")):
        return "check the indentation of this line and the one before it, and that keys end in `:`"
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in problem:
        return "a quote is not closed"
    if "flow" in problem:
        return "check that every `[` and `{` is closed and items are separated by commas"
    return None
