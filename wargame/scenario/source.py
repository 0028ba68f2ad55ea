"""Read untrusted YAML safely, keeping the position of every node.

Scenario files are shared between organisations, so this module treats them as hostile:

1. only a regular file is read (`wargame.reading`: never a FIFO or a device), its bytes
   are capped (1 MiB) before anything is read, and decoded as strict UTF-8;
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
import gc
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from wargame.errors import Diagnostic, ScenarioError, Span
from wargame.reading import FileNotReadable, read_capped
from wargame.scenario.positions import NodeInfo, PathKey, SourceMap, dotted
from wargame.scenario.yaml_errors import comma_cut, explain_syntax_error

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
_FLOW_COMMENT = re.compile(r"(^|\s)#[^\n]*")
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
    return parse_text(read_text(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes)


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read one scenario file's text, its size and encoding checked but not parsed (a batch
    that finds the text compiled already needs no more); raises `ScenarioError`."""
    name = str(path)
    try:
        raw = read_capped(path, max_bytes)
    except FileNotReadable as exc:
        if exc.too_large:
            raise ScenarioError([_too_large(name, max_bytes)]) from None
        raise ScenarioError(
            [_diag(E_UNREADABLE, f"cannot read the file: {exc.reason}", Span(name, 1, 1),
                   "check the path and that you may read it; a scenario is a plain file")]
        ) from None
    if len(raw) > max_bytes:
        raise ScenarioError([_too_large(name, max_bytes)])
    return decode(raw, name)


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
    with paused_gc(), contextlib.suppress(_Stop):
        builder.run(text)
    builder.finish()
    if builder.diagnostics:
        raise ScenarioError(sorted_diagnostics(builder.diagnostics))
    return SourceDocument(name=name, text=text, data=builder.root,
                          source_map=SourceMap(name, _NodeTable(name, builder.nodes)))


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block that only builds (a load).

    Reading and compiling a file allocates hundreds of thousands of containers and frees
    none of them, so every collection the allocations trigger is wasted work that grows
    with the heap: ~25% of loading a large file. Nested use is fine; the collector is
    switched back on only by the block that switched it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
#
# This loop runs once per YAML event (300,000 of them for a 10,000-move file), so it is
# written for speed: events are told apart by their exact class, positions are kept as
# plain (line, column) numbers until someone asks for a `Span` (`_NodeTable`), and a
# plain scalar that cannot be a number skips the resolver's regular expressions. The rare
# paths (anchors, tags, bad keys, limits) build their diagnostics exactly as before.

_ScalarEvent: Final = yaml.ScalarEvent
_MappingStartEvent: Final = yaml.MappingStartEvent
_SequenceStartEvent: Final = yaml.SequenceStartEvent
_MappingEndEvent: Final = yaml.MappingEndEvent
_SequenceEndEvent: Final = yaml.SequenceEndEvent
_AliasEvent: Final = yaml.AliasEvent
_DocumentStartEvent: Final = yaml.DocumentStartEvent
_NUMBER_START: Final = frozenset("+-.0123456789")
"""First characters a YAML-1.2-core number can have; any other plain scalar is text."""

_MAP: Final = "map"
_SEQ: Final = "seq"
_SKIP: Final = "skip"

Position = tuple[int, int]
"""A 1-based (line, column)."""
_Raw = tuple[int, int, Position | None, str | None, bool]
"""What `NodeInfo` holds, as plain values: line, column, key position, style, multiline."""


class _NodeTable(Mapping[PathKey, NodeInfo]):
    """The `SourceMap`'s nodes, kept as plain numbers; a `NodeInfo` is made when asked for.

    A big file has hundreds of thousands of nodes and the later stages look up a few of
    them, so building a frozen `NodeInfo` and two `Span`s for every node (~2 µs each) was
    a quarter of reading a file. Behaves as a read-only dict of `NodeInfo`s.
    """

    __slots__ = ("_file", "_made", "_raw")

    def __init__(self, file: str, raw: dict[PathKey, _Raw]) -> None:
        self._file = file
        self._raw = raw
        self._made: dict[PathKey, NodeInfo] = {}

    def __getitem__(self, path: PathKey) -> NodeInfo:
        info = self._made.get(path)
        if info is None:
            line, col, key, style, multiline = self._raw[path]
            file = self._file
            info = NodeInfo(Span(file, line, col),
                            None if key is None else Span(file, key[0], key[1]),
                            style, multiline)
            self._made[path] = info
        return info

    def get(self, path: PathKey, default: Any = None) -> Any:
        if path in self._raw:
            return self[path]
        return default

    def __contains__(self, path: object) -> bool:
        return path in self._raw

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


class _Frame:
    """One open mapping or list (or a subtree being skipped) during the walk."""

    __slots__ = ("container", "discard_value", "expecting_key", "key", "key_pos", "kind",
                 "path", "seen")

    def __init__(self, kind: str, path: PathKey, container: Any = None) -> None:
        self.kind = kind
        self.path = path
        self.container = container
        self.key: str | None = None
        self.key_pos: Position | None = None
        self.expecting_key = True
        self.discard_value = False
        self.seen: dict[str, Position] = {}


class _Builder:
    """Walks the event stream once, checking each event and building the data."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.root: Any = None
        self.nodes: dict[PathKey, _Raw] = {}
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.documents = 0
        self.count = 0
        self.first_alias: dict[str, int] = {}
        self.more_aliases: dict[str, int] = {}
        self.text = ""
        self.line_starts: list[int] = []
        self.explained_until = -1
        """Offset up to which a text cut at commas is already explained."""

    def run(self, text: str) -> None:
        try:
            self.walk(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            span = self.span(mark) if mark is not None else Span(self.name, 1, 1)
            if "maximum nesting depth" in str(exc.problem or ""):
                # PyYAML 6.0.4+ scans flow brackets ahead of the events and stops at its own
                # limit (1,000) before our depth check sees level 65: report it as E004 at
                # the bracket that went past our limit.
                where = _flow_depth_position(text, MAX_DEPTH + 1)
                if where is not None:
                    span = Span(self.name, where[0], where[1])
                self.add(E_TOO_DEEP, f"the document is nested more than {MAX_DEPTH} levels deep",
                         span, "flatten the structure; scenarios need only a few levels")
                return
            explained = explain_syntax_error(exc, text)
            if explained is not None:
                line, col, message, hint = explained
                self.add(E_SYNTAX, message, Span(self.name, line + 1, col + 1), hint)
                return
            self.add(E_SYNTAX, _syntax_message(exc), span, _syntax_hint(exc, text, span))
        except yaml.YAMLError as exc:  # ReaderError and friends carry no line/column
            self.add(E_SYNTAX, f"the file could not be read as YAML: {exc}", Span(self.name, 1, 1))

    def walk(self, text: str) -> None:
        """Build the data and the positions from the parser's events, checking each one."""
        self.text = text
        parser = _Loader(text)
        try:
            get_event = parser.get_event
            stack = self.stack
            nodes = self.nodes
            max_nodes = MAX_NODES
            while True:
                event = get_event()
                if event is None:
                    return
                cls = event.__class__
                if cls is _ScalarEvent:
                    self.count += 1
                    if self.count > max_nodes:
                        self.count_node(event)
                    if event.anchor is not None:
                        self.check_node(event)
                    tag = event.tag
                    if tag is not None:
                        self.check_node(event, anchor=False)
                    text_value: str = event.value
                    style = event.style or None
                    value: Any = text_value
                    if len(text_value) > MAX_SCALAR_CHARS:
                        self.too_long(event)
                    elif style is None and tag is None:
                        if text_value in _BOOLS:
                            value = _BOOLS[text_value]
                        elif text_value in _NULLS:
                            value = None
                        elif text_value[0] in _NUMBER_START:
                            value = self.number(text_value, event)
                    start = event.start_mark
                    line = start.line + 1
                    col = start.column + 1
                    multiline = event.end_mark.line + 1 > line
                elif cls is _MappingEndEvent or cls is _SequenceEndEvent:
                    stack.pop()
                    continue
                elif cls is _MappingStartEvent or cls is _SequenceStartEvent:
                    self.count += 1
                    if self.count > max_nodes:
                        self.count_node(event)
                    if event.anchor is not None:
                        self.check_node(event)
                    if event.tag is not None:
                        self.check_node(event, anchor=False)
                    if len(stack) >= MAX_DEPTH:
                        self.too_deep(event)
                    value = {} if cls is _MappingStartEvent else []
                    start = event.start_mark
                    line = start.line + 1
                    col = start.column + 1
                    style = None
                    multiline = False
                elif cls is _AliasEvent:
                    self.alias_or_anchor(
                        "alias", f"aliases (`*{event.anchor}`) are not allowed", event)
                    self.count_node(event)
                    value = None
                    start = event.start_mark
                    line = start.line + 1
                    col = start.column + 1
                    style = None
                    multiline = False
                else:
                    if cls is _DocumentStartEvent:
                        self.document(event)
                    continue
                # Place the node in its parent (the root when nothing is open).
                path: PathKey | None
                if not stack:
                    self.root = value
                    nodes[()] = (line, col, None, style, multiline)
                    path = ()
                else:
                    top = stack[-1]
                    kind = top.kind
                    if kind is _SEQ:
                        container = top.container
                        path = (*top.path, len(container))
                        container.append(value)
                        nodes[path] = (line, col, None, style, multiline)
                    elif kind is _SKIP:
                        path = None
                    elif top.expecting_key:
                        top.expecting_key = False
                        top.discard_value = True
                        self.mapping_key(top, value, event, (line, col), style)
                        path = None
                    else:
                        top.expecting_key = True
                        key = top.key
                        if top.discard_value or key is None:
                            path = None
                        else:
                            path = (*top.path, key)
                            top.container[key] = value
                            nodes[path] = (line, col, top.key_pos, style, multiline)
                            if value is None and cls is _ScalarEvent and not text_value:
                                self.key_without_value(top, key, event)
                if cls is _MappingStartEvent:
                    stack.append(_Frame(_SKIP, ()) if path is None else _Frame(_MAP, path, value))
                elif cls is _SequenceStartEvent:
                    stack.append(_Frame(_SKIP, ()) if path is None else _Frame(_SEQ, path, value))
        finally:
            parser.dispose()

    def key_without_value(self, top: _Frame, key: str, event: yaml.Event) -> None:
        """A `{...}` entry with no `: value`: almost always prose cut at a comma."""
        text = self.text
        mark = event.start_mark
        if mark is None or top.key_pos is None:
            return
        at = mark.index
        if at >= len(text) or text[at] not in ",}" or at <= self.explained_until:
            return
        key_at = self.offset(top.key_pos)
        between = _FLOW_COMMENT.sub("", text[key_at + len(key) : at])
        if ":" in between:
            return  # `key: ` with the value left empty
        previous: tuple[str, int] | None = None
        where: Position = top.key_pos
        path: PathKey = (*top.path, key)
        keys = list(top.seen)
        if len(keys) >= 2:
            before = keys[-2]
            raw = self.nodes.get((*top.path, before))
            if isinstance(top.container.get(before), str) and raw is not None and raw[3] is None:
                where = (raw[0], raw[1])
                previous = (before, self.offset(where))
                path = (*top.path, before)
        message, hint, self.explained_until = comma_cut(text, key, key_at, previous)
        self.add(E_SYNTAX, message, Span(self.name, *where), hint, path)

    def offset(self, pos: Position) -> int:
        """The character offset of a 1-based (line, column), for the rare paths."""
        if not self.line_starts:
            self.line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        line, col = pos
        return self.line_starts[line - 1] + col - 1

    # positions and diagnostics

    def span(self, mark: Any) -> Span:
        return Span(self.name, int(mark.line) + 1, int(mark.column) + 1)

    def add(self, code: str, message: str, span: Span, hint: str | None = None,
            path: PathKey | None = None, *, fatal: bool = False) -> None:
        self.diagnostics.append(_diag(code, message, span, hint, dotted(path) if path else None))
        if fatal or len(self.diagnostics) >= MAX_DIAGNOSTICS:
            raise _Stop

    # the rare events and checks

    def document(self, event: yaml.Event) -> None:
        self.documents += 1
        if self.documents > 1:
            self.add(E_MULTI_DOC, "a scenario file holds one YAML document, but a second "
                     "one starts here", self.span(event.start_mark),
                     "remove the `---` (or `...`) line and what follows, or split the "
                     "file in two", fatal=True)

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
        """The node limit (the walk counts the other nodes itself)."""
        if event.__class__ is _AliasEvent:
            self.count += 1
        if self.count > MAX_NODES:
            self.add(E_TOO_MANY_NODES, f"the document has more than {MAX_NODES:,} values",
                     self.span(event.start_mark), "split the scenario or simplify it",
                     fatal=True)

    def check_node(self, event: yaml.NodeEvent, *, anchor: bool = True) -> None:
        """An anchor (`anchor`) or an explicit tag (not `anchor`) on a node."""
        if anchor:
            name = event.anchor
            self.alias_or_anchor("anchor", f"anchors (`&{name}`) are not allowed", event)
            return
        tag: str = getattr(event, "tag", None) or ""
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith(
            "tag:yaml.org,2002:") else tag
        self.add(E_TAG, f"explicit tags (`{shown}`) are not allowed",
                 self.span(event.start_mark),
                 "remove the tag; to keep a value as text, put it in quotes")

    def too_long(self, event: yaml.ScalarEvent) -> None:
        text: str = event.value
        self.add(E_STRING_TOO_LONG, f"this value is {len(text):,} characters long; the "
                 f"limit is {MAX_SCALAR_CHARS:,}", self.span(event.start_mark),
                 "shorten it")

    def too_deep(self, event: yaml.Event) -> None:
        self.add(E_TOO_DEEP, f"the document is nested more than {MAX_DEPTH} levels deep",
                 self.span(event.start_mark),
                 "flatten the structure; scenarios need only a few levels", fatal=True)

    def number(self, text: str, event: yaml.ScalarEvent) -> Scalar:
        """A plain scalar that may be a number, typed by `resolve_plain`."""
        try:
            return resolve_plain(text)
        except ValueError as exc:
            shown = text if len(text) <= 24 else text[:12] + "…" + text[-6:]
            self.add(E_NUMBER_TOO_LARGE, f"number `{shown}` is too large: {exc}",
                     self.span(event.start_mark),
                     "use a smaller number, or quote it if it is meant as text")
            return text

    def mapping_key(self, top: _Frame, key: Any, event: yaml.Event, pos: Position,
                    style: str | None) -> None:
        top.key = None
        if event.__class__ is not _ScalarEvent:
            if event.__class__ is not _AliasEvent:
                self.add(E_KEY_NOT_TEXT, "a key must be plain text, not a mapping or a list",
                         Span(self.name, *pos), "write the key as a single word, e.g. "
                         "`denmark:`", top.path)
            return
        if not isinstance(key, str):
            value = event.value
            self.add(E_KEY_NOT_TEXT, f"key `{value}` is read as "
                     f"{_describe_scalar(key)}, but keys must be text", Span(self.name, *pos),
                     f"quote it: `'{value}':`", top.path)
            return
        if key == "<<" and style is None:
            self.add(E_MERGE_KEY, "merge keys (`<<`) are not allowed", Span(self.name, *pos),
                     "write the keys out in full", top.path)
            return
        first = top.seen.get(key)
        if first is not None:
            self.add(E_DUPLICATE_KEY,
                     f"duplicate key `{key}`: first defined at line {first[0]}, column "
                     f"{first[1]}, defined again here at line {pos[0]}, column {pos[1]}",
                     Span(self.name, *pos), "remove one of the two, or merge them into one",
                     (*top.path, key))
            return
        top.seen[key] = pos
        top.key = key
        top.key_pos = pos
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


def _flow_depth_position(text: str, depth: int) -> tuple[int, int] | None:
    """1-based (line, column) of the first `[` or `{` opening flow level `depth`, if any.

    A plain bracket count (quoted text skipped): only used to place an error PyYAML already
    raised for nesting far deeper than this.
    """
    level = 0
    line, col = 1, 0
    quote = ""
    for char in text:
        col += 1
        if char == "\n":
            line, col = line + 1, 0
            continue
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char in "[{":
            level += 1
            if level == depth:
                return line, col
        elif char in "]}":
            level = max(0, level - 1)
    return None


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
