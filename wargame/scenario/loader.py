"""The scenario pipeline: file -> safe YAML -> format version -> pydantic models -> IR.

Every stage collects diagnostics and the pipeline raises them together in one
`ScenarioError`, sorted by position, so an author fixes a file in one pass. Pydantic's
errors are translated here into messages an author can act on (`E1xx`), each pointing at
the exact line and column through the `SourceMap`. Any unexpected exception while loading
becomes an internal-error diagnostic (`E999`) instead of a traceback.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from wargame.errors import Diagnostic, ScenarioError, Span, traceback_wanted
from wargame.reading import FileNotReadable, read_capped
from wargame.scenario import source
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.positions import PathKey, SourceMap, dotted
from wargame.scenario.schema import FORMAT_VERSIONS, Scenario

E_VERSION: Final = "E100"
E_UNKNOWN_KEY: Final = "E101"
E_WRONG_TYPE: Final = "E102"
E_MISSING: Final = "E103"
E_OUT_OF_RANGE: Final = "E104"
E_BAD_VALUE: Final = "E105"
E_RULE: Final = "E106"
E_INTERNAL: Final = "E999"

CODES: Final[dict[str, str]] = {
    E_VERSION: "format version missing or unknown",
    E_UNKNOWN_KEY: "unknown key",
    E_WRONG_TYPE: "wrong type",
    E_MISSING: "missing key",
    E_OUT_OF_RANGE: "out of range",
    E_BAD_VALUE: "value not allowed",
    E_RULE: "rule violated",
    E_INTERNAL: "internal error",
}
"""Every code this module can raise, with a short title (docs/authoring.md explains each)."""

BUG_REPORT_HINT: Final = (
    "this is a bug in wargame, not in your file; please report it with the command you ran "
    "and the file"
)


@dataclass(frozen=True, slots=True)
class ValidatedScenario:
    """A file that passed the YAML and schema stages: its models and where each node is."""

    model: Scenario
    source_map: SourceMap
    text: str
    name: str


@dataclass(frozen=True, slots=True)
class FileReport:
    """What `validate` needs about one file: the IR when it loaded, else the diagnostics."""

    name: str
    text: str | None
    """The decoded text when the file could be read (for showing source lines)."""
    scenario: ScenarioIR | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.scenario is not None and not any(
            d.severity == "error" for d in self.diagnostics
        )


# --- public API ----------------------------------------------------------------------------


def load_scenario(path: str | Path) -> ScenarioIR:
    """Load, validate and compile one scenario file; raises `ScenarioError` with every problem."""
    return _guarded(str(path), lambda: _compile(_validate(source.read_file(path))))


def load_text(text: str, name: str = "<string>") -> ScenarioIR:
    """Like `load_scenario`, for text already in memory; `name` is used in positions."""
    return _guarded(name, lambda: _compile(_validate(source.parse_text(text, name))))


def load_document(doc: source.SourceDocument) -> ScenarioIR:
    """Validate and compile data already read (e.g. a parsed file with sweep values set).

    The positions in `doc.source_map` still point into `doc.text`, so errors in values the
    caller changed point at the value they replaced.
    """
    return _guarded(doc.name, lambda: _compile(_validate(doc)))


def load_model(path: str | Path) -> ValidatedScenario:
    """Run the YAML and schema stages only (no reference or expression checks)."""
    return _guarded(str(path), lambda: _validate(source.read_file(path)))


def load_model_text(text: str, name: str = "<string>") -> ValidatedScenario:
    """Like `load_model`, for text already in memory."""
    return _guarded(name, lambda: _validate(source.parse_text(text, name)))


def check_file(path: str | Path) -> list[Diagnostic]:
    """Every diagnostic for one file (empty when it loads); never raises for bad input."""
    return list(inspect_file(path).diagnostics)


def inspect_file(path: str | Path) -> FileReport:
    """Load one file and report the outcome, keeping the text for source excerpts."""
    name = str(path)
    text: str | None = None

    def run() -> ScenarioIR:
        nonlocal text
        doc = source.read_file(path)
        text = doc.text
        return _compile(_validate(doc))

    try:
        scenario = _guarded(name, run)
    except ScenarioError as exc:
        if text is None:
            text = _best_effort_text(path)
        return FileReport(name, text, None, tuple(exc.diagnostics))
    return FileReport(name, text, scenario, ())


# --- stages --------------------------------------------------------------------------------

T = TypeVar("T")


def _guarded(name: str, stage: Callable[[], T]) -> T:
    """Run `stage`; `ScenarioError` passes through sorted, anything else becomes E999
    (or its traceback, when `WARGAME_TRACEBACK` asks for it).

    The cyclic garbage collector is paused while it runs (`source.paused_gc`): a load
    only builds, so collections are wasted work, ~25% of loading a large file.
    """
    try:
        with source.paused_gc():
            return stage()
    except ScenarioError as exc:
        raise ScenarioError(source.sorted_diagnostics(list(exc.diagnostics))) from None
    except Exception as exc:
        if traceback_wanted():
            raise
        detail = str(exc)
        if len(detail) > 200:
            detail = detail[:200] + "…"
        message = f"internal error while loading: {type(exc).__name__}"
        if detail:
            message += f": {detail}"
        raise ScenarioError(
            [Diagnostic(E_INTERNAL, message, Span(name, 1, 1), hint=BUG_REPORT_HINT)]
        ) from None


def _best_effort_text(path: str | Path) -> str | None:
    """The file's text for source excerpts (bad bytes shown as U+FFFD), or None."""
    try:
        raw = read_capped(path, source.MAX_BYTES)
    except FileNotReadable:
        return None
    return raw.decode("utf-8-sig", errors="replace")


def _validate(doc: source.SourceDocument) -> ValidatedScenario:
    smap = doc.source_map
    data = doc.data
    _check_version(data, smap)
    try:
        model = Scenario.model_validate(data, strict=True)
    except ValidationError as exc:
        raise ScenarioError(translate_errors(exc, data, smap)) from None
    return ValidatedScenario(model=model, source_map=smap, text=doc.text, name=doc.name)


def _compile(validated: ValidatedScenario) -> ScenarioIR:
    from wargame.scenario.compile import compile_scenario

    return compile_scenario(
        validated.model, validated.source_map, text=validated.text, name=validated.name
    )


def _check_version(data: Any, smap: SourceMap) -> None:
    known = ", ".join(str(v) for v in FORMAT_VERSIONS)
    latest = FORMAT_VERSIONS[-1]
    root = smap.locate(())
    if data is None:
        raise ScenarioError([Diagnostic(
            E_VERSION, "the file is empty", root,
            hint=f"a scenario starts with `wargame: {latest}`; see docs/authoring.md")])
    if not isinstance(data, dict):
        raise ScenarioError([Diagnostic(
            E_WRONG_TYPE,
            f"the top level of a scenario must be a mapping of sections (`wargame:`, `id:`, "
            f"`title:`, ...), but this file holds {_describe(data)}",
            root, hint=f"start the file with `wargame: {latest}` at the left margin")])
    if "wargame" not in data:
        raise ScenarioError([Diagnostic(
            E_VERSION, "the format version is missing: this does not look like a scenario file",
            root, hint=f"add `wargame: {latest}` as the first line (after any comments)")])
    version = data["wargame"]
    span = smap.locate(("wargame",))
    if isinstance(version, bool) or not isinstance(version, int):
        raise ScenarioError([Diagnostic(
            E_VERSION,
            f"the format version must be a whole number like `wargame: {latest}`, "
            f"got {_describe(version)}",
            span, hint=f"write `wargame: {latest}` without quotes", path="wargame")])
    if version not in FORMAT_VERSIONS:
        raise ScenarioError([Diagnostic(
            E_VERSION,
            f"format version {version} is not known to this build of wargame, which reads "
            f"version{'s' if len(FORMAT_VERSIONS) > 1 else ''} {known}",
            span,
            hint="upgrade wargame to read newer files"
            if version > latest else f"convert the file to version {latest}",
            path="wargame")])


# --- pydantic errors -> diagnostics ----------------------------------------------------------

_TYPE_ERRORS: Final[dict[str, str]] = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "`true` or `false`",
    "bool_parsing": "`true` or `false`",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "literal_error": "",
    "none_required": "nothing",
}
_RANGE_ERRORS: Final = frozenset({
    "greater_than", "greater_than_equal", "less_than", "less_than_equal", "too_short",
    "too_long", "string_too_short", "string_too_long", "finite_number",
})
_IDENT_PATTERN: Final = "^[a-z][a-z0-9_]{0,63}$"
_BOOLISH: Final = frozenset({"yes", "no", "on", "off", "y", "n"})


@dataclass(frozen=True, slots=True)
class _Err:
    """One pydantic error, resolved against the data."""

    kind: str
    loc: tuple[str | int, ...]
    path: PathKey
    """The deepest path of `loc` that exists in the data (union tags dropped)."""
    at_key: bool
    raw: Any


def translate_errors(exc: ValidationError, data: Any, smap: SourceMap) -> list[Diagnostic]:
    """Turn pydantic's errors into positioned, friendly diagnostics (one per problem)."""
    errors = [_resolve(e, data) for e in exc.errors(include_url=False)]
    type_errors: dict[PathKey, list[_Err]] = {}
    others: list[_Err] = []
    for err in errors:
        if err.kind in _TYPE_ERRORS and not err.at_key:
            type_errors.setdefault(err.path, []).append(err)
        else:
            others.append(err)
    out: list[Diagnostic] = []
    for path, group in type_errors.items():
        # A union branch that accepted the shape reported something deeper: that is the
        # real problem, and the other branches' "wrong type" is noise.
        if any(o.path[: len(path)] == path and o.loc[: len(group[0].loc) - 1]
               == group[0].loc[: len(group[0].loc) - 1] for o in others):
            continue
        out.append(_type_diagnostic(group, data, smap))
    out.extend(_diagnostic(err, data, smap) for err in others)
    return source.sorted_diagnostics(out)


def _resolve(error: Any, data: Any) -> _Err:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    node = data
    path: list[str | int] = []
    at_key = False
    for part in loc:
        if part == "[key]":
            at_key = True
            continue
        in_map = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_map or in_list:
            node = node[part]
            path.append(part)
    return _Err(str(error["type"]), loc, tuple(path), at_key, error)


def _type_diagnostic(group: list[_Err], data: Any, smap: SourceMap) -> Diagnostic:
    err = group[0]
    value = _at(data, err.path)
    span = smap.locate(err.path)
    where = dotted(err.path) or "the file"
    path_text = dotted(err.path) or None
    choices = _literal_choices(group)
    close = (_close_matches(value, choices, n=1, cutoff=0.6)
             if isinstance(value, str) else [])
    if len(group) == 1 and err.kind == "literal_error":
        shown = ", ".join(f"`{c}`" for c in choices)
        return Diagnostic(
            E_BAD_VALUE, f"{where}: {_describe(value)} is not one of {shown}", span,
            hint=f"did you mean `{close[0]}`?" if close else None, path=path_text)
    wanted: list[str] = []
    for e in group:
        if e.kind == "literal_error":
            labels = [f"`{c}`" for c in choices]
        elif e.kind == "list_type" and _is_id_list(e.loc):
            labels = ["a list of ids"]
        else:
            labels = [_TYPE_ERRORS[e.kind]]
        wanted.extend(label for label in labels if label not in wanted)
    message = f"{where}: expected {_join(wanted)}, got {_describe(value)}"
    hint = f"did you mean `{close[0]}`?" if close else _type_hint(wanted, value)
    if value is None:
        hint = _empty_hint(err)
    return Diagnostic(E_WRONG_TYPE, message, span, hint=hint, path=path_text)


def _literal_choices(group: list[_Err]) -> list[str]:
    """The allowed values of the `Literal` branches, from pydantic's `expected` text."""
    choices: list[str] = []
    for e in group:
        if e.kind == "literal_error":
            expected = str((e.raw.get("ctx") or {}).get("expected", ""))
            choices.extend(re.findall(r"'([^']*)'", expected))
    return choices


def _diagnostic(err: _Err, data: Any, smap: SourceMap) -> Diagnostic:
    kind = err.kind
    ctx: dict[str, Any] = err.raw.get("ctx") or {}
    value = err.raw.get("input")
    where = dotted(err.path) or "the file"
    path_text = dotted(err.path) or None
    if kind == "missing":
        field_name = str(err.loc[-1])
        info = _field_info(err.loc[:-1], field_name)
        what = f" ({info.description.rstrip('.')})" if info and info.description else ""
        parent = f"{where}: " if err.path else ""
        return Diagnostic(E_MISSING, f"{parent}missing required key `{field_name}`",
                          smap.locate(err.path, key=True),
                          hint=f"add `{field_name}:`{what}", path=path_text)
    if kind == "extra_forbidden":
        key = str(err.loc[-1])
        allowed = _field_names(err.loc[:-1])
        close = _close_matches(key, allowed, n=1, cutoff=0.6)
        parent = dotted(err.path[:-1])
        message = f"unknown key `{key}`" + (f" in {parent}" if parent else "")
        if close:
            hint = f"did you mean `{close[0]}`?"
        elif allowed:
            hint = "allowed keys here: " + ", ".join(f"`{a}`" for a in allowed)
        else:
            hint = "remove it"
        return Diagnostic(E_UNKNOWN_KEY, message, smap.locate(err.path, key=True), hint=hint,
                          path=path_text)
    if kind in _TYPE_ERRORS:  # a dict key of the wrong type cannot come from our YAML
        return Diagnostic(E_WRONG_TYPE, f"{where}: {err.raw.get('msg')}",
                          smap.locate(err.path, key=True), path=path_text)
    span = smap.locate(err.path, key=err.at_key)
    if kind in _RANGE_ERRORS:
        return Diagnostic(E_OUT_OF_RANGE, f"{where}: {_range_message(kind, ctx, value)}", span,
                          hint=_range_hint(kind, ctx, err.loc), path=path_text)
    if kind == "broken_rule":
        return _rule_diagnostic(err, ctx, data, smap)
    if kind == "string_pattern_mismatch":
        return _pattern_diagnostic(where, ctx, value, span, path_text)
    if kind == "value_error":
        text = str(err.raw.get("msg", "")).removeprefix("Value error, ")
        return Diagnostic(E_RULE, f"{where}: {text}", smap.locate(err.path, key=True),
                          path=path_text)
    return Diagnostic(E_RULE, f"{where}: {err.raw.get('msg', kind)}", span, path=path_text)


def _rule_diagnostic(err: _Err, ctx: dict[str, Any], data: Any, smap: SourceMap) -> Diagnostic:
    """A broken rule across an item's fields (`schema.broken_rule`), at the key it names
    when the item has it (`when` on a default ending), else at the item."""
    path = err.path
    item = _at(data, path)
    key = ctx.get("key")
    if isinstance(key, str) and isinstance(item, dict) and key in item:
        path = (*path, key)
    where = dotted(path) or "the file"
    return Diagnostic(E_RULE, f"{where}: {ctx.get('message', '')}", smap.locate(path, key=True),
                      hint=ctx.get("hint"), path=dotted(path) or None)


def _pattern_diagnostic(where: str, ctx: dict[str, Any], value: Any, span: Span,
                        path: str | None) -> Diagnostic:
    pattern = str(ctx.get("pattern", ""))
    shown = _short(str(value))
    if pattern == _IDENT_PATTERN:
        suggestion = _suggest_ident(str(value))
        return Diagnostic(
            E_BAD_VALUE,
            f"{where}: `{shown}` is not a valid id: ids are lower-case letters, digits and "
            f"`_`, start with a letter and are at most 64 characters long",
            span, hint=f"try `{suggestion}`" if suggestion else None, path=path)
    if "d(" in pattern:
        return Diagnostic(
            E_BAD_VALUE, f"{where}: `{shown}` is not a dice roll",
            span, hint="write it as `NdS`: N dice (1-99) of S sides (2-999), e.g. `2d6`",
            path=path)
    return Diagnostic(E_BAD_VALUE, f"{where}: `{shown}` does not match the pattern {pattern}",
                      span, path=path)


def _range_message(kind: str, ctx: dict[str, Any], value: Any) -> str:
    shown = _describe(value)
    if kind == "greater_than_equal":
        return f"must be at least {_num(ctx.get('ge'))}, got {shown}"
    if kind == "greater_than":
        return f"must be greater than {_num(ctx.get('gt'))}, got {shown}"
    if kind == "less_than_equal":
        return f"must be at most {_num(ctx.get('le'))}, got {shown}"
    if kind == "less_than":
        return f"must be less than {_num(ctx.get('lt'))}, got {shown}"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        nouns = ("entry", "entries") if ctx.get("field_type") == "Dictionary" else ("item", "items")
        return f"needs at least {n} {nouns[n != 1]}, got {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} allowed"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        actual = len(value) if isinstance(value, str) else "?"
        return f"is too long: {actual:,} characters, the limit is {ctx.get('max_length'):,}"
    return "must be a finite number"


def _range_hint(kind: str, ctx: dict[str, Any], loc: Sequence[str | int]) -> str | None:
    if kind == "string_too_short":
        return "write something, or remove the key"
    if kind in ("too_short",):
        return "add an entry; this section cannot be empty"
    if kind == "string_too_long":
        return "shorten it: split a long text, or move detail to the briefing"
    if kind == "too_long":
        return "remove items"
    if kind == "finite_number":
        return "write an ordinary number"
    field = _field_at(loc)
    if field is None:
        return None
    low, high, whole, expression = _number_range(field.annotation, field.metadata)
    number = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        hint = f"use {number} from {low} to {high}"
    elif low is not None and low.startswith("above"):
        hint = f"use {number} {low}"
    elif low is not None:
        hint = f"use {number} of at least {low}"
    elif high is not None:
        hint = f"use {number} of at most {high}"
    else:
        return None
    if expression:
        hint += ', or an expression in quotes (`"0.1 * tension"`)'
    return hint


def _field_at(loc: Sequence[str | int]) -> FieldInfo | None:
    """The model field an error's loc ends in (union tags and dict keys skipped)."""
    for end in range(len(loc), 0, -1):
        name = loc[end - 1]
        if isinstance(name, str):
            info = _field_info(loc[: end - 1], name)
            if info is not None:
                return info
    return None


def _number_range(tp: Any, metadata: Sequence[Any]) -> tuple[str | None, str | None, bool, bool]:
    """The bounds of a numeric field as an author writes them (`0`, `100`; `above 0` for a
    strict bound), whether it takes whole numbers only, and whether it also takes an
    expression (text)."""
    low: str | None = None
    high: str | None = None
    whole = False
    expression = False
    todo: list[tuple[Any, Sequence[Any]]] = [(tp, metadata)]
    while todo:
        current, constraints = todo.pop()
        for item in constraints:
            if getattr(item, "ge", None) is not None:
                low = _num(item.ge)
            if getattr(item, "gt", None) is not None:
                low = f"above {_num(item.gt)}"
            if getattr(item, "le", None) is not None:
                high = _num(item.le)
            if getattr(item, "lt", None) is not None:
                high = f"below {_num(item.lt)}"
            for nested in getattr(item, "metadata", ()):
                todo.append((None, [nested]))
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            inner, *extra = typing.get_args(current)
            todo.append((inner, extra))
        elif origin is typing.Union or origin is types.UnionType:
            todo.extend((arg, ()) for arg in typing.get_args(current))
        elif origin in (dict, list):  # the values' type, not the keys'
            todo.append((typing.get_args(current)[-1], ()))
        elif current is int:
            whole = True
        elif current is str:
            expression = True
    return low, high, whole, expression


def _type_hint(wanted: list[str], value: Any) -> str | None:
    numeric = any(w in ("a number", "a whole number") for w in wanted)
    if isinstance(value, str) and numeric and _is_number_text(value):
        return f"remove the quotes: `{value}` is a number, `'{value}'` is text"
    if isinstance(value, str) and value.lower() in _BOOLISH and "`true` or `false`" in wanted:
        return f"write `true` or `false`: in this format `{value}` is text, not a boolean"
    if "text" in wanted and isinstance(value, int | float) and not isinstance(value, bool):
        return "put it in quotes to keep it as text, e.g. `'1.10'` (unquoted it is a number)"
    if "text" in wanted and isinstance(value, bool):
        return "put it in quotes to keep it as text (unquoted it is a boolean)"
    if "a whole number" in wanted and isinstance(value, float) and not isinstance(value, bool):
        return "write a whole number without a decimal point"
    return None


def _empty_hint(err: _Err) -> str:
    """What to do about an empty value: fill it in, or drop the key if it has a default."""
    last = err.path[-1] if err.path else None
    if isinstance(last, int):
        return "write the item after the `-`, or remove the empty item"
    at = len(err.loc) - 1 - err.loc[::-1].index(last) if last in err.loc else len(err.loc) - 1
    model_loc = err.loc[:at]
    info = _field_info(model_loc, str(last)) if last is not None else None
    if info is not None and not info.is_required():
        return "write a value after the `:`, or remove the key to use the default"
    return "write a value after the `:`"


# --- the models, walked by an error's loc ------------------------------------------------------


def _candidates(tp: Any) -> list[Any]:
    """Flatten Annotated and unions into the concrete alternatives of a type."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _candidates(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_candidates(arg))
        return out
    return [tp]


def _models_at(loc: Sequence[str | int]) -> list[type[BaseModel]]:
    current: list[Any] = [Scenario]
    for part in loc:
        if part == "[key]":
            continue
        named = [c for c in current if isinstance(c, type) and c.__name__ == part]
        if named:
            current = named
            continue
        nxt: list[Any] = []
        for cand in current:
            origin = typing.get_origin(cand)
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                if isinstance(part, str) and part in cand.model_fields:
                    nxt.extend(_candidates(cand.model_fields[part].annotation))
            elif origin is dict and isinstance(part, str):
                nxt.extend(_candidates(typing.get_args(cand)[1]))
            elif origin is list and isinstance(part, int):
                nxt.extend(_candidates(typing.get_args(cand)[0]))
        if nxt:
            current = nxt
    return [c for c in current if isinstance(c, type) and issubclass(c, BaseModel)]


def _field_names(loc: Sequence[str | int]) -> list[str]:
    names: list[str] = []
    for model in _models_at(loc):
        names.extend(n for n in model.model_fields if n not in names)
    return names


def _field_info(loc: Sequence[str | int], name: str) -> FieldInfo | None:
    for model in _models_at(loc):
        if name in model.model_fields:
            return model.model_fields[name]
    return None


def _is_id_list(loc: Sequence[str | int]) -> bool:
    return bool(loc) and isinstance(loc[-1], str) and loc[-1].startswith("list[constrained-str")


# --- wording -----------------------------------------------------------------------------


def _at(data: Any, path: PathKey) -> Any:
    node = data
    for part in path:
        node = node[part]
    return node


def _describe(value: Any) -> str:
    """How a value reads to an author: `text 'x'`, `the number 5`, `a list`."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{_short(value)}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value: Any) -> str:
    """A bound from the schema, as an author would write it (`1`, not `1.0`)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _is_number_text(text: str) -> bool:
    try:
        value = source.resolve_plain(text.strip())
    except ValueError:
        return True
    return isinstance(value, int | float) and not isinstance(value, bool)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _suggest_ident(text: str) -> str | None:
    candidate = re.sub(r"[^a-z0-9_]+", "_", text.strip().lower()).strip("_")
    candidate = re.sub(r"^[^a-z]+", "", candidate)[:64]
    return candidate or None


def _close_matches(word: str, possibilities: Sequence[str], n: int, cutoff: float) -> list[str]:
    """`difflib.get_close_matches`, imported only when a message needs a suggestion."""
    import difflib

    return difflib.get_close_matches(word, possibilities, n=n, cutoff=cutoff)
