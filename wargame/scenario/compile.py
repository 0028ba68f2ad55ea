"""Turn validated file models into the engine's `ScenarioIR`.

pydantic has already checked each node's shape; this module checks what needs the whole file:
references between sections (a move's actor and phase, alliance members, trust keys,
`visible_to` lists, turns within the calendar), duplicate ids, the rules of each kind of
resolution, and every expression and effect (through `wargame.scenario.expressions`). It
collects every problem, each positioned through the `SourceMap`, and raises them together in
one `ScenarioError`, so an author fixes a file in one pass.

It also computes what the engine should not recompute in its hot loop: the name table,
calendar labels, the trust matrix, each phase's actors, the order endings are checked in, and
the moves of each (phase, actor).

Codes (documented in docs/expressions.md, with the E3xx expression codes):
E201 unknown reference, E202 duplicate id, E203 move without a phase, E204 two default
endings, E205 dice targets, E206 probabilities, E207 `p`/`at_least` in the wrong resolution,
E208 trust of an actor in itself, E209 calendar, E210 reserved name, E211 move's actor does
not act in its phase, E212 an exercise's modules and inject times (`compile_exercise`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import keyword
import re
from collections.abc import Mapping, Sequence
from typing import Final

from wargame.errors import Diagnostic, ScenarioError, Span
from wargame.scenario.compile_exercise import ExerciseParts, compile_exercise
from wargame.scenario.expressions import (
    RESERVED_NAMES,
    ExpressionError,
    compile_effect,
    compile_expr,
    constant_expr,
    constant_value,
)
from wargame.scenario.ir import (
    ActorIR,
    AllianceIR,
    ArguedIR,
    ArgumentRuleIR,
    CalendarIR,
    Deadline,
    DefaultRow,
    Effect,
    EndingIR,
    Expr,
    FlagIR,
    InjectIR,
    LeversIR,
    ModifierIR,
    MoveIR,
    NameTable,
    ObjectiveIR,
    OutcomeIR,
    PhaseIR,
    ResolutionIR,
    ScenarioIR,
    SourceIR,
    Target,
    TrustRow,
    ValueKind,
    VariableIR,
    Visibility,
)
from wargame.scenario.positions import PathKey, SourceMap, dotted
from wargame.scenario.schema import Argued, Outcome, Scenario

__all__ = ["DEFAULT_PHASE", "calendar_labels", "compile_scenario"]

DEFAULT_PHASE: Final = "main"
"""The one sequential phase of a scenario that declares no phases."""

SELF_TRUST: Final = 100.0
DENSE_TRUST_ACTORS: Final = 1000
"""Up to this many actors every row of trust is stored whole (as it always was, so states
and their digests are unchanged); above, rows nobody declared are `DefaultRow`s."""
"""The diagonal of the trust matrix; expressions and effects may not refer to it."""

_PROBABILITY_SLACK: Final = 1e-9

_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+) (\d{1,2}), (\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$")


def compile_scenario(model: Scenario, source_map: SourceMap, *, text: str, name: str) -> ScenarioIR:
    """Compile a validated scenario; raises `ScenarioError` with every problem found."""
    return _Compiler(model, source_map, text, name).run()


_UNKNOWN_NAME: Final = re.compile(r"^unknown (variable|flag) `([^`]+)`")


def _root_causes(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with the follow-ons of a reserved id (E210) folded into it.

    Renaming a variable to a reserved word (`max`) leaves every expression naming its old
    id: a screenful of `unknown variable` errors, with hints listing `max`, before the one
    that explains them. Those are left out and counted in the E210's hint instead; any
    that were real come back once the id is renamed.
    """
    kinds = {
        "variable" if (d.path or "").startswith("variables.") else "flag"
        for d in diagnostics
        if d.code == "E210"
    }
    if not kinds:
        return diagnostics
    names: dict[str, int] = {}
    kept: list[Diagnostic] = []
    for d in diagnostics:
        unknown = _UNKNOWN_NAME.match(d.message) if d.code == "E302" else None
        if unknown is not None and unknown.group(1) in kinds:
            names[unknown.group(2)] = names.get(unknown.group(2), 0) + 1
        else:
            kept.append(d)
    if not names:
        return diagnostics
    uses = sum(names.values())
    listed = " and ".join(f"`{name}`" for name in names)
    undeclared = "which is not declared" if len(names) == 1 else "which are not declared"
    note = (
        f". Expressions name {listed} {uses} time{'s' if uses != 1 else ''}, {undeclared}: "
        f"if that was this id before, keep it (those {uses} error{'s' if uses != 1 else ''} "
        "are left out until this one is fixed)"
    )
    return [
        dataclasses.replace(d, hint=(d.hint or "rename it") + note) if d.code == "E210" else d
        for d in kept
    ]


# --------------------------------------------------------------------------------------------
# Calendar labels.
# --------------------------------------------------------------------------------------------


def calendar_labels(start: str, step: str, turns: int) -> tuple[str, ...]:
    """A label for each turn, computed from the start label and the step.

    - `month`: `2026-03` (or `2026-03-15`) -> `March 2026`, `April 2026`, ...
    - `quarter`: `2026-Q1` or `2026-03` -> `Q1 2026`, `Q2 2026`, ...
    - `year`: `2026` (or a date in 2026) -> `2026`, `2027`, ...
    - `day` / `week`: `2026-03-02`, `2 March 2026` -> `2 March 2026`, ...;
      `October 16, 1962` -> `October 16, 1962`, `October 17, 1962`, ...
    - `hour`: `2026-03-02 14:00` -> `2 March 2026 14:00`, ...; `14:00` -> `14:00`, `15:00`,
      ..., `Day 2 00:00`
    - anything else (and step `turn`): the start label on turn 1, then `Turn 2`, `Turn 3`...
    """
    computed = _computed_labels(start.strip(), step, turns)
    if computed is not None:
        return computed
    return (start, *(f"Turn {n}" for n in range(2, turns + 1)))


def _computed_labels(start: str, step: str, turns: int) -> tuple[str, ...] | None:
    try:
        if step == "month":
            year, month = _year_month(start)
            return tuple(_month_label(year, month + k) for k in range(turns))
        if step == "quarter":
            quarter = _QUARTER.match(start)
            if quarter is not None:
                year, q = int(quarter.group(1)), int(quarter.group(2))
            else:
                year, month = _year_month(start)
                q = (month - 1) // 3 + 1
            return tuple(f"Q{(q - 1 + k) % 4 + 1} {year + (q - 1 + k) // 4}" for k in range(turns))
        if step == "year":
            match = _YEAR.match(start)
            year = int(match.group(1)) if match is not None else _year_month(start)[0]
            return tuple(str(year + k) for k in range(turns))
        if step in ("day", "week"):
            date, american = _date(start)
            days = 7 if step == "week" else 1
            return tuple(
                _date_label(date + dt.timedelta(days=days * k), american) for k in range(turns)
            )
        if step == "hour":
            return _hour_labels(start, turns)
    except (ValueError, OverflowError):
        return None
    return None


def _year_month(start: str) -> tuple[int, int]:
    match = _ISO_MONTH.match(start)
    if match is not None:
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(start)
        return year, month
    date, _ = _date(start)
    return date.year, date.month


def _month_label(year: int, month: int) -> str:
    year += (month - 1) // 12
    return f"{_MONTHS[(month - 1) % 12]} {year}"


def _date(start: str) -> tuple[dt.date, bool]:
    """Parse a date; the flag says it was written `October 16, 1962` (keep that style)."""
    match = _ISO_DATE.match(start)
    if match is not None:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))), False
    match = _MONTH_DAY_YEAR.match(start)
    if match is not None:
        month = _month_number(match.group(1))
        return dt.date(int(match.group(3)), month, int(match.group(2))), True
    match = _DAY_MONTH_YEAR.match(start)
    if match is not None:
        month = _month_number(match.group(2))
        return dt.date(int(match.group(3)), month, int(match.group(1))), False
    raise ValueError(start)


def _month_number(word: str) -> int:
    lowered = word.lower()
    for index, month in enumerate(_MONTHS):
        if lowered in (month.lower(), month[:3].lower()):
            return index + 1
    raise ValueError(word)


def _date_label(date: dt.date, american: bool) -> str:
    month = _MONTHS[date.month - 1]
    if american:
        return f"{month} {date.day}, {date.year}"
    return f"{date.day} {month} {date.year}"


def _hour_labels(start: str, turns: int) -> tuple[str, ...]:
    match = _ISO_DATETIME.match(start)
    if match is not None:
        year, month, day, hour, minute = (int(g) for g in match.groups())
        first = dt.datetime(year, month, day, hour, minute)  # a wall-clock label, no zone
        out = []
        for k in range(turns):
            moment = first + dt.timedelta(hours=k)
            out.append(f"{_date_label(moment.date(), False)} {moment:%H:%M}")
        return tuple(out)
    clock = _CLOCK.match(start)
    if clock is None:
        raise ValueError(start)
    hour, minute = int(clock.group(1)), int(clock.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(start)
    labels = []
    for k in range(turns):
        day, h = divmod(hour + k, 24)
        label = f"{h:02d}:{minute:02d}"
        labels.append(label if day == 0 else f"Day {day + 1} {label}")
    return tuple(labels)


# --------------------------------------------------------------------------------------------
# The compiler.
# --------------------------------------------------------------------------------------------

_BROKEN: Final = constant_expr(False)
"""Stands in for an expression that failed to compile (the IR is never built then)."""
_BROKEN_EFFECT: Final = Effect(source="", target=Target("var", -1), op="=", value=_BROKEN)


# A compiled expression or effect is reused for every copy of its text and placed at each
# copy's position. `dataclasses.replace` inspects the fields on every call (a quarter of
# compiling a big file); these build the copy directly, and refuse to import if `Expr` or
# `Effect` gain a field they would not carry over.
_EXPR_FIELDS: Final = ["source", "kind", "fn", "tree", "span", "reads"]
_EFFECT_FIELDS: Final = ["source", "target", "op", "value", "span"]
if [f.name for f in dataclasses.fields(Expr)] != _EXPR_FIELDS or [
    f.name for f in dataclasses.fields(Effect)
] != _EFFECT_FIELDS:  # pragma: no cover - a guard for ir.py edits
    raise ImportError("compile._expr_at / _effect_at must be updated for the new IR fields")


def _expr_at(expr: Expr, span: Span) -> Expr:
    """`dataclasses.replace(expr, span=span)`, faster."""
    return Expr(expr.source, expr.kind, expr.fn, expr.tree, span, expr.reads)


def _effect_at(effect: Effect, span: Span) -> Effect:
    """`dataclasses.replace(effect, span=span)`, faster."""
    return Effect(effect.source, effect.target, effect.op, effect.value, span)


def _did_you_mean(name: str, candidates: Sequence[str], what: str) -> str:
    found = _close_matches(name, list(candidates), n=1, cutoff=0.6)
    if found:
        return f"did you mean `{found[0]}`?"
    if not candidates:
        return f"this scenario declares no {what}"
    shown = ", ".join(f"`{c}`" for c in list(candidates)[:8])
    return f"declared {what}: {shown}" + (", ..." if len(candidates) > 8 else "")


class _Compiler:
    """One compilation: accumulates diagnostics and spans while building the IR."""

    def __init__(self, model: Scenario, source_map: SourceMap, text: str, name: str) -> None:
        self.model = model
        self.map = source_map
        self.text = text
        self.name = name
        self.diagnostics: list[Diagnostic] = []
        self.spans: dict[str, Span] = {}
        # Compiled expressions and effects by source text: scenarios repeat the same text
        # (`escalation += 1`) many times, and compiling is the costly part of loading.
        # Only successes are kept, so every failing copy still reports its own position.
        self._compiled_exprs: dict[tuple[str, ValueKind | None], Expr] = {}
        self._compiled_effects: dict[str, Effect] = {}
        self.actors: dict[str, int] = {a: i for i, a in enumerate(model.actors)}
        self.alliances: dict[str, int] = {k: i for i, k in enumerate(model.alliances)}
        self.variables: dict[str, int] = {v: i for i, v in enumerate(model.variables)}
        self.flags: dict[str, int] = {f: i for i, f in enumerate(model.flags)}
        self.moves: dict[str, int] = {}
        self.injects: dict[str, int] = {}
        self.phases: dict[str, int] = {}
        self.incomplete_phases: set[int] = set()
        """Phases whose `actors` list names an unknown actor (no E211 for those)."""
        self.names = NameTable({}, {}, {}, {}, {}, {}, {})

    # ---- diagnostics -----------------------------------------------------------------------

    def error(
        self,
        code: str,
        message: str,
        path: PathKey,
        hint: str | None = None,
        *,
        key: bool = False,
        span: Span | None = None,
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=code,
                message=message,
                span=span if span is not None else self.map.locate(path, key=key),
                hint=hint,
                path=dotted(path),
            )
        )

    def line_of(self, path: PathKey) -> int:
        return self.map.locate(path).line

    def unknown(
        self,
        what: str,
        ident: str,
        path: PathKey,
        table: Mapping[str, int],
        *,
        key: bool = False,
        plural: str | None = None,
    ) -> None:
        self.error(
            "E201",
            f"unknown {what} `{ident}`",
            path,
            _did_you_mean(ident, list(table), plural or f"{what}s"),
            key=key,
        )

    # ---- expressions -----------------------------------------------------------------------

    def expr(self, source: str, path: PathKey, expect: ValueKind | None) -> Expr:
        key = (source, expect)
        compiled = self._compiled_exprs.get(key)
        if compiled is None:
            try:
                compiled = compile_expr(source, self.names, expect=expect)
            except ExpressionError as error:
                self.expression_error(error, path)
                return _BROKEN
            self._compiled_exprs[key] = compiled
        span = self.map.expr_span(path, 0)
        self.spans[dotted(path)] = span
        return _expr_at(compiled, span)

    def number_or_expr(self, value: str | float, path: PathKey) -> Expr:
        """A probability or modifier written as a number or as a numeric expression."""
        if isinstance(value, str):
            return self.expr(value, path, "number")
        span = self.map.locate(path)
        self.spans[dotted(path)] = span
        return _expr_at(constant_expr(value), span)

    def effects(self, sources: Sequence[str], path: PathKey) -> tuple[Effect, ...]:
        out: list[Effect] = []
        for index, source in enumerate(sources):
            where = (*path, index)
            effect = self._compiled_effects.get(source)
            if effect is None:
                try:
                    effect = compile_effect(source, self.names)
                except ExpressionError as error:
                    self.expression_error(error, where)
                    out.append(_BROKEN_EFFECT)
                    continue
                self._compiled_effects[source] = effect
            span = self.map.expr_span(where, 0)
            self.spans[dotted(where)] = span
            out.append(_effect_at(effect, span))
        return tuple(out)

    def expression_error(self, error: ExpressionError, path: PathKey) -> None:
        self.error(
            error.code,
            error.message,
            path,
            error.hint,
            span=self.map.expr_span(path, error.offset),
        )

    # ---- the passes ------------------------------------------------------------------------

    def run(self) -> ScenarioIR:
        m = self.model
        self.check_reserved()
        self.moves = self.unique_ids("move", [mv.id for mv in m.moves], "moves")
        self.injects = self.unique_ids("inject", [i.id for i in m.injects], "injects")
        self.unique_ids("ending", [e.id for e in m.endings], "endings")
        calendar = self.calendar()
        members = {
            k: {a: slot for slot, a in enumerate(alliance.members)}
            for k, alliance in m.alliances.items()
        }
        self.names = NameTable(
            variables=self.variables,
            flags=self.flags,
            actors=self.actors,
            alliances=self.alliances,
            members=members,
            moves=self.moves,
            injects=self.injects,
            variable_kinds={v: "number" for v in self.variables},
            turns=m.calendar.turns,
        )
        for group, ids in (
            ("actors", m.actors),
            ("alliances", m.alliances),
            ("variables", m.variables),
            ("flags", m.flags),
        ):
            for ident in ids:
                self.spans[f"{group}.{ident}"] = self.map.locate((group, ident), key=True)
        actors = self.actor_irs()
        alliances = self.alliance_irs()
        trust = self.trust_matrix()
        variables = self.variable_irs()
        flags = self.flag_irs()
        phases_declared = self.phase_declarations()
        moves = self.move_irs()
        phases = self.phase_irs(phases_declared, moves)
        exercise = compile_exercise(self)
        injects = self.inject_irs(exercise)
        endings, default_ending = self.ending_irs()
        ending_order, end_order = self.check_orders(endings)
        levers = self.levers_ir()

        if self.diagnostics:
            self.diagnostics = _root_causes(self.diagnostics)
            self.diagnostics.sort(key=lambda d: (d.span.line, d.span.col, d.code))
            raise ScenarioError(self.diagnostics)

        by_phase_actor: dict[tuple[int, int], list[int]] = {}
        for move in moves:
            by_phase_actor.setdefault((move.phase, move.actor), []).append(move.index)
        return ScenarioIR(
            format_version=m.wargame,
            id=m.id,
            title=m.title,
            summary=m.summary,
            version=m.version,
            authors=tuple(m.authors),
            sources=tuple(SourceIR(s.title, s.url, s.note) for s in m.sources),
            content_note=m.content_note,
            masking=tuple(m.masking.items()),
            calendar=calendar,
            actors=actors,
            alliances=alliances,
            trust=trust,
            variables=variables,
            flags=flags,
            phases=phases,
            moves=moves,
            injects=injects,
            endings=endings,
            ending_order=ending_order,
            end_order=end_order,
            endings_checked=m.endings_checked,
            default_ending=default_ending,
            debrief=tuple(m.debrief),
            names=self.names,
            source_text=self.text,
            source_hash=hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            source_name=self.name,
            spans=dict(self.spans),
            moves_by_phase_actor={k: tuple(v) for k, v in by_phase_actor.items()},
            umpire_briefing=m.umpire_briefing,
            discussion=m.discussion,
            exercise=exercise.exercise,
            modules=exercise.modules,
            levers=levers,
            arguments=self.argument_rule(),
        )

    def check_reserved(self) -> None:
        for ident in self.model.variables:
            if ident in RESERVED_NAMES or keyword.iskeyword(ident):
                self.error(
                    "E210",
                    f"`{ident}` cannot be a variable id: it has a fixed meaning in expressions",
                    ("variables", ident),
                    "rename the variable, e.g. `" + f"{ident}_level`",
                    key=True,
                )
        for ident in self.model.flags:
            if keyword.iskeyword(ident):
                self.error(
                    "E210",
                    f"`{ident}` cannot be a flag id: `flags.{ident}` is not a valid expression",
                    ("flags", ident),
                    f"rename the flag, e.g. `{ident}_done`",
                    key=True,
                )

    def unique_ids(self, what: str, ids: Sequence[str], section: str) -> dict[str, int]:
        """Map each id to its first index; report every later duplicate."""
        seen: dict[str, int] = {}
        for index, ident in enumerate(ids):
            if ident in seen:
                first = seen[ident]
                self.error(
                    "E202",
                    f"duplicate {what} id `{ident}` (first used on line "
                    f"{self.line_of((section, first, 'id'))})",
                    (section, index, "id"),
                    f"give each {what} its own id",
                )
            else:
                seen[ident] = index
        return seen

    def calendar(self) -> CalendarIR:
        cal = self.model.calendar
        if cal.labels is not None and len(cal.labels) != cal.turns:
            self.error(
                "E209",
                f"calendar has {cal.turns} turns but {len(cal.labels)} labels",
                ("calendar", "labels"),
                "give exactly one label per turn, or remove `labels` to compute them",
            )
        labels = (
            tuple(cal.labels)
            if cal.labels is not None and len(cal.labels) == cal.turns
            else calendar_labels(cal.start, cal.step, cal.turns)
        )
        for index, deadline in enumerate(cal.deadlines):
            self.check_turn(deadline.turn, ("calendar", "deadlines", index, "turn"), "deadline")
        return CalendarIR(
            start=cal.start,
            step=cal.step,
            turns=cal.turns,
            labels=labels,
            deadlines=tuple(Deadline(d.turn, d.label) for d in cal.deadlines),
            clock=cal.clock,
        )

    def check_turn(self, turn: int, path: PathKey, what: str) -> None:
        turns = self.model.calendar.turns
        if turn > turns:
            self.error(
                "E209",
                f"{what} on turn {turn}, but the calendar has {turns} turns",
                path,
                f"use a turn from 1 to {turns}, or raise `calendar.turns`",
            )

    def actor_irs(self) -> tuple[ActorIR, ...]:
        out = []
        for ident, actor in self.model.actors.items():
            objectives = []
            for index, objective in enumerate(actor.objectives):
                path: PathKey = ("actors", ident, "objectives", index, "score")
                score = None if objective.score is None else self.expr(objective.score, path, None)
                objectives.append(ObjectiveIR(objective.text, score, objective.weight))
            stance = (
                None
                if actor.stance is None
                else self.expr(actor.stance, ("actors", ident, "stance"), "number")
            )
            out.append(
                ActorIR(
                    id=ident,
                    name=actor.name,
                    side=actor.side,
                    briefing=actor.briefing,
                    private_briefing=actor.private_briefing,
                    objectives=tuple(objectives),
                    playable=actor.playable,
                    stance=stance,
                )
            )
        return tuple(out)

    def alliance_irs(self) -> tuple[AllianceIR, ...]:
        out = []
        for ident, alliance in self.model.alliances.items():
            self.spans[f"alliances.{ident}"] = self.map.locate(("alliances", ident), key=True)
            members = []
            for actor in alliance.members:
                if actor in self.actors:
                    members.append(self.actors[actor])
                else:
                    self.unknown(
                        "actor",
                        actor,
                        ("alliances", ident, "members", actor),
                        self.actors,
                        key=True,
                    )
                    members.append(-1)
            values = list(alliance.members.values())
            out.append(
                AllianceIR(
                    id=ident,
                    name=alliance.name,
                    members=tuple(members),
                    weights=tuple(v.weight for v in values),
                    start_commitment=tuple(float(v.commitment) for v in values),
                    exit_below=tuple(float(v.exit_below) for v in values),
                    collapse_below=float(alliance.collapse_below),
                    drift=alliance.drift,
                    contagion=alliance.contagion,
                )
            )
        return tuple(out)

    def trust_matrix(self) -> tuple[TrustRow, ...]:
        """Each actor's trust in every actor. In a scenario of more than DENSE_TRUST_ACTORS
        actors, a row nobody declared is a `DefaultRow` (memory linear in the actors);
        below, every row is a tuple, exactly as before that limit existed."""
        relations = self.model.relations
        n = len(self.actors)
        default = float(relations.default)
        cells: dict[int, dict[int, float]] = {}
        for truster, row in relations.trust.items():
            if truster not in self.actors:
                self.unknown(
                    "actor", truster, ("relations", "trust", truster), self.actors, key=True
                )
                continue
            a = self.actors[truster]
            for trusted, value in row.items():
                path: PathKey = ("relations", "trust", truster, trusted)
                if trusted not in self.actors:
                    self.unknown("actor", trusted, path, self.actors, key=True)
                    continue
                if trusted == truster:
                    self.error(
                        "E208",
                        f"`{truster}` cannot trust itself: trust is between two actors",
                        path,
                        "remove this entry",
                        key=True,
                    )
                    continue
                cells.setdefault(a, {})[self.actors[trusted]] = float(value)
        sparse = n > DENSE_TRUST_ACTORS
        rows: list[TrustRow] = []
        for a in range(n):
            declared = cells.get(a)
            if sparse and not declared:
                rows.append(DefaultRow(n, a, default, SELF_TRUST))
                continue
            dense = [default] * n
            dense[a] = SELF_TRUST
            for b, value in (declared or {}).items():
                dense[b] = value
            rows.append(tuple(dense))
        return tuple(rows)

    def visibility(self, value: str | Sequence[str], path: PathKey) -> Visibility:
        if value == "all":
            return None
        if value == "umpire":
            return ()
        out: list[int] = []
        for index, actor in enumerate(value):
            if actor not in self.actors:
                self.unknown("actor", actor, (*path, index), self.actors)
            elif self.actors[actor] not in out:
                out.append(self.actors[actor])
        return tuple(out)

    def variable_irs(self) -> tuple[VariableIR, ...]:
        return tuple(
            VariableIR(
                id=ident,
                start=float(v.start),
                min=float(v.min),
                max=float(v.max),
                label=v.label or ident.replace("_", " ").capitalize(),
                description=v.description or "",
                visible_to=self.visibility(v.visible_to, ("variables", ident, "visible_to")),
                key=v.key,
            )
            for ident, v in self.model.variables.items()
        )

    def flag_irs(self) -> tuple[FlagIR, ...]:
        return tuple(
            FlagIR(
                id=ident,
                start=f.start,
                label=f.label or ident.replace("_", " ").capitalize(),
                visible_to=self.visibility(f.visible_to, ("flags", ident, "visible_to")),
            )
            for ident, f in self.model.flags.items()
        )

    def phase_declarations(self) -> list[tuple[str, str, str, tuple[int, ...] | None, str]]:
        """(id, label, mode, explicit actors or None, text) of each phase."""
        declared = self.model.phases
        if not declared:
            self.phases = {DEFAULT_PHASE: 0}
            return [(DEFAULT_PHASE, "Main", "sequential", None, "")]
        self.phases = self.unique_ids("phase", [p.id for p in declared], "phases")
        out: list[tuple[str, str, str, tuple[int, ...] | None, str]] = []
        for index, phase in enumerate(declared):
            explicit: tuple[int, ...] | None = None
            if phase.actors is not None:
                resolved: list[int] = []
                for position, actor in enumerate(phase.actors):
                    if actor not in self.actors:
                        self.unknown(
                            "actor", actor, ("phases", index, "actors", position), self.actors
                        )
                        self.incomplete_phases.add(index)
                    elif self.actors[actor] not in resolved:
                        resolved.append(self.actors[actor])
                explicit = tuple(resolved)
            label = phase.label or phase.id.replace("_", " ").capitalize()
            out.append((phase.id, label, phase.mode, explicit, phase.text or ""))
        return out

    def move_irs(self) -> tuple[MoveIR, ...]:
        out = []
        for index, move in enumerate(self.model.moves):
            path: PathKey = ("moves", index)
            self.spans[dotted(path)] = self.map.locate(path)
            actor = self.actors.get(move.actor, -1)
            if actor < 0:
                self.unknown("actor", move.actor, (*path, "actor"), self.actors)
            phase = self.move_phase(move.phase, path)
            when = None if move.when is None else self.expr(move.when, (*path, "when"), "bool")
            effects = self.effects(move.effects, (*path, "effects"))
            limit = move.limit
            out.append(
                MoveIR(
                    id=move.id,
                    index=index,
                    actor=actor,
                    phase=phase,
                    label=move.label,
                    text=move.text,
                    when=when,
                    effects=effects,
                    per_game=limit.per_game if limit else None,
                    per_turn=limit.per_turn if limit else None,
                    cooldown=limit.cooldown if limit else None,
                    resolution=self.resolution(index),
                    argued=self.argued(move.argued),
                    secret=move.secret,
                    weight=move.weight,
                    summary=move.summary.strip(),
                )
            )
        return tuple(out)

    def move_phase(self, phase: str | None, path: PathKey) -> int:
        if phase is None:
            if len(self.phases) == 1:
                return 0
            self.error(
                "E203",
                "this move has no `phase`, and the scenario has several phases",
                path,
                "add `phase:` with one of " + ", ".join(f"`{p}`" for p in self.phases),
            )
            return -1
        if phase in self.phases:
            return self.phases[phase]
        if not self.model.phases:
            self.error(
                "E201",
                f"unknown phase `{phase}`",
                (*path, "phase"),
                f"this scenario declares no phases, so every move is in `{DEFAULT_PHASE}`; "
                "remove `phase:` or declare `phases:`",
            )
        else:
            self.unknown("phase", phase, (*path, "phase"), self.phases)
        return -1

    def levers_ir(self) -> LeversIR:
        """The levers by kind; a key that is neither a variable nor `trust`/`commitment`
        is an unknown reference (E201)."""
        limits = [0.0] * len(self.variables)
        trust = commitment = 0.0
        for ident, limit in self.model.levers.items():
            if ident == "trust":
                trust = limit
            elif ident == "commitment":
                commitment = limit
            elif ident in self.variables:
                limits[self.variables[ident]] = limit
            else:
                self.error(
                    "E201",
                    f"unknown lever `{ident}`: a lever is a variable id, `trust` or `commitment`",
                    ("levers", ident),
                    _did_you_mean(ident, [*self.variables, "trust", "commitment"], "lever targets"),
                    key=True,
                )
        return LeversIR(tuple(limits), trust, commitment)

    def argument_rule(self) -> ArgumentRuleIR:
        rule = self.model.arguments
        if rule is None:
            return ArgumentRuleIR()
        count, sides = rule.roll.strip().split("d")
        return ArgumentRuleIR(
            int(count),
            int(sides),
            rule.succeed_at,
            rule.strong,
            rule.neutral,
            rule.weak,
            rule.unrated,
            declared=True,
        )

    def argued(self, argued: Argued | bool) -> ArguedIR | None:
        if argued is False:
            return None
        spec = Argued() if argued is True else argued
        assert isinstance(spec, Argued)
        return ArguedIR(spec.prompt, spec.strong, spec.neutral, spec.weak)

    def resolution(self, index: int) -> ResolutionIR | None:
        move = self.model.moves[index]
        base: PathKey = ("moves", index)
        if move.dice is not None:
            dice = move.dice
            count_text, sides_text = dice.roll.strip().split("d")
            outcomes_path: PathKey = (*base, "dice", "outcomes")
            outcomes = self.outcomes(dice.outcomes, outcomes_path, "dice")
            self.check_dice_targets(dice.outcomes, outcomes_path)
            modifiers = []
            for position, modifier in enumerate(dice.modifiers):
                mpath: PathKey = (*base, "dice", "modifiers", position)
                value = self.number_or_expr(modifier.value, (*mpath, "value"))
                when = (
                    None
                    if modifier.when is None
                    else self.expr(modifier.when, (*mpath, "when"), "bool")
                )
                modifiers.append(ModifierIR(modifier.label, value, when))
            return ResolutionIR(
                "dice",
                outcomes,
                dice_count=int(count_text),
                dice_sides=int(sides_text),
                modifiers=tuple(modifiers),
            )
        for kind in ("chance", "ruling"):
            listed: list[Outcome] | None = getattr(move, kind)
            if listed is None:
                continue
            path: PathKey = (*base, kind)
            outcomes = self.outcomes(listed, path, kind)
            self.check_probabilities(listed, outcomes, path, kind)
            return ResolutionIR("chance" if kind == "chance" else "ruling", outcomes)
        return None

    def outcomes(
        self, outcomes: Sequence[Outcome], path: PathKey, kind: str
    ) -> tuple[OutcomeIR, ...]:
        self.unique_ids_within(outcomes, path)
        out = []
        for index, outcome in enumerate(outcomes):
            opath: PathKey = (*path, index)
            p: Expr | None = None
            if outcome.p is not None:
                if kind == "dice":
                    self.error(
                        "E207",
                        "dice outcomes are chosen by the roll: `p` does not apply",
                        (*opath, "p"),
                        "use `at_least:` for dice outcomes, or resolve by `chance:`",
                        key=True,
                    )
                else:
                    p = self.number_or_expr(outcome.p, (*opath, "p"))
            if outcome.at_least is not None and kind != "dice":
                self.error(
                    "E207",
                    f"`at_least` applies to dice outcomes, not to `{kind}` outcomes",
                    (*opath, "at_least"),
                    "use `p:` for the outcome's probability",
                    key=True,
                )
            out.append(
                OutcomeIR(
                    id=outcome.id,
                    label=outcome.label or outcome.id.replace("_", " ").capitalize(),
                    text=outcome.text,
                    effects=self.effects(outcome.effects, (*opath, "effects")),
                    p=p,
                    at_least=outcome.at_least if kind == "dice" else None,
                    summary=outcome.summary.strip(),
                )
            )
        return tuple(out)

    def unique_ids_within(self, outcomes: Sequence[Outcome], path: PathKey) -> None:
        seen: dict[str, int] = {}
        for index, outcome in enumerate(outcomes):
            if outcome.id in seen:
                first = (*path, seen[outcome.id], "id")
                self.error(
                    "E202",
                    f"duplicate outcome id `{outcome.id}` in this move (first used on line "
                    f"{self.line_of(first)})",
                    (*path, index, "id"),
                    "give each outcome of a move its own id",
                )
            else:
                seen[outcome.id] = index

    def check_dice_targets(self, outcomes: Sequence[Outcome], path: PathKey) -> None:
        previous: int | None = None
        last = len(outcomes) - 1
        for index, outcome in enumerate(outcomes):
            target = outcome.at_least
            if target is None:
                if index != last:
                    self.error(
                        "E205",
                        "only the last dice outcome may omit `at_least`",
                        (*path, index),
                        "give this outcome `at_least:`, or move it to the end of the list",
                    )
                continue
            if previous is not None and target >= previous:
                self.error(
                    "E205",
                    f"`at_least: {target}` must be lower than the outcome above it ({previous})",
                    (*path, index, "at_least"),
                    "list dice outcomes from the highest target to the lowest",
                )
            previous = target

    def check_probabilities(
        self,
        outcomes: Sequence[Outcome],
        compiled: Sequence[OutcomeIR],
        path: PathKey,
        kind: str,
    ) -> None:
        if kind == "ruling" and all(o.p is None for o in outcomes):
            return  # the umpire picks; nothing is drawn by chance
        last = len(outcomes) - 1
        total = 0.0
        for index, (outcome, ir) in enumerate(zip(outcomes, compiled, strict=True)):
            if outcome.p is None:
                if index != last:
                    self.error(
                        "E206",
                        f"only the last {kind} outcome may omit `p`",
                        (*path, index),
                        "give this outcome `p:`, or move it to the end: the last takes what "
                        "is left",
                    )
                continue
            value = None if ir.p is None or ir.p is _BROKEN else constant_value(ir.p)
            if value is None or isinstance(value, bool):
                continue
            if not 0 <= value <= 1:
                self.error(
                    "E206",
                    f"probability {value:g} is outside 0-1",
                    (*path, index, "p"),
                    "write a probability between 0 and 1, e.g. `0.25`",
                )
                continue
            total += value
        if total > 1 + _PROBABILITY_SLACK:
            self.error(
                "E206",
                f"the probabilities of these {kind} outcomes add up to {total:g}, more than 1",
                path,
                "lower them so they add up to at most 1",
                key=True,
            )

    def phase_irs(
        self,
        declared: list[tuple[str, str, str, tuple[int, ...] | None, str]],
        moves: Sequence[MoveIR],
    ) -> tuple[PhaseIR, ...]:
        out = []
        for index, (ident, label, mode, explicit, text) in enumerate(declared):
            if explicit is None:
                acting = {m.actor for m in moves if m.phase == index and m.actor >= 0}
                actors = tuple(a for a in range(len(self.actors)) if a in acting)
            else:
                actors = explicit
                for move in moves if index not in self.incomplete_phases else ():
                    if move.phase == index and move.actor >= 0 and move.actor not in explicit:
                        actor_id = list(self.actors)[move.actor]
                        self.error(
                            "E211",
                            f"move `{move.id}` belongs to `{actor_id}`, who does not act in "
                            f"phase `{ident}`",
                            ("moves", move.index, "phase"),
                            f"add `{actor_id}` to the `actors` of phase `{ident}`, or move the "
                            "move to another phase",
                        )
            assert mode in ("sequential", "simultaneous")
            out.append(
                PhaseIR(
                    id=ident,
                    label=label,
                    mode="sequential" if mode == "sequential" else "simultaneous",
                    actors=actors,
                    text=text,
                )
            )
        return tuple(out)

    def inject_irs(self, exercise: ExerciseParts) -> tuple[InjectIR, ...]:
        out = []
        for index, inject in enumerate(self.model.injects):
            path: PathKey = ("injects", index)
            self.spans[dotted(path)] = self.map.locate(path)
            turns: tuple[int, ...] | None = None
            if inject.at_turn is not None:
                listed = [inject.at_turn] if isinstance(inject.at_turn, int) else inject.at_turn
                for position, turn in enumerate(listed):
                    tpath: PathKey = (*path, "at_turn")
                    if not isinstance(inject.at_turn, int):
                        tpath = (*tpath, position)
                    self.check_turn(turn, tpath, "inject scheduled")
                turns = tuple(sorted(set(listed)))
            chance = None
            if inject.chance is not None:
                chance = self.number_or_expr(inject.chance, (*path, "chance"))
                value = None if chance is _BROKEN else constant_value(chance)
                if value is not None and not isinstance(value, bool) and not 0 <= value <= 1:
                    self.error(
                        "E206",
                        f"probability {value:g} is outside 0-1",
                        (*path, "chance"),
                        "write a probability between 0 and 1, e.g. `0.25`",
                    )
            out.append(
                InjectIR(
                    id=inject.id,
                    index=index,
                    label=inject.label,
                    text=inject.text,
                    turns=turns,
                    when=None
                    if inject.when is None
                    else self.expr(inject.when, (*path, "when"), "bool"),
                    chance=chance,
                    once=inject.once,
                    effects=self.effects(inject.effects, (*path, "effects")),
                    visible_to=self.visibility(inject.visible_to, (*path, "visible_to")),
                    at=exercise.inject_times[index],
                    module=exercise.inject_modules[index],
                    questions=exercise.inject_questions[index],
                    notes=inject.notes,
                )
            )
        return tuple(out)

    def ending_irs(self) -> tuple[tuple[EndingIR, ...], int | None]:
        out = []
        default: int | None = None
        scenario_checked = self.model.endings_checked
        for index, ending in enumerate(self.model.endings):
            path: PathKey = ("endings", index)
            self.spans[dotted(path)] = self.map.locate(path)
            if ending.default:
                if default is not None:
                    self.error(
                        "E204",
                        f"a second default ending (the first, `{self.model.endings[default].id}`,"
                        f" is on line {self.line_of(('endings', default))})",
                        (*path, "default"),
                        "keep `default: true` on one ending only",
                        key=True,
                    )
                else:
                    default = index
            when = None if ending.when is None else self.expr(ending.when, (*path, "when"), "bool")
            checked = ending.checked or ("end_of_game" if ending.at_end else scenario_checked)
            out.append(
                EndingIR(
                    id=ending.id,
                    index=index,
                    title=ending.title,
                    when=when,
                    priority=ending.priority,
                    text=ending.text,
                    debrief=tuple(ending.debrief),
                    default=ending.default,
                    at_end=checked == "end_of_game" and when is not None,
                    checked=checked,
                    warn_within=ending.warn_within,
                )
            )
        return tuple(out), default

    @staticmethod
    def check_orders(endings: tuple[EndingIR, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(after every phase, at the calendar's end): conditional endings by priority."""

        def by_priority(at_end: bool) -> tuple[int, ...]:
            chosen = [e for e in endings if e.when is not None and e.at_end == at_end]
            return tuple(e.index for e in sorted(chosen, key=lambda e: (-e.priority, e.index)))

        return by_priority(False), by_priority(True)


def _close_matches(word: str, possibilities: Sequence[str], n: int, cutoff: float) -> list[str]:
    """`difflib.get_close_matches`, imported only when a message needs a suggestion."""
    import difflib

    return difflib.get_close_matches(word, possibilities, n=n, cutoff=cutoff)
