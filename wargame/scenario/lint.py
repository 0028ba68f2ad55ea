"""Static lint: scenarios that load but cannot play the way their author meant.

`wargame validate` refuses files that are wrong; lint warns about files that are legal but
almost certainly broken in front of a class: a move that can never be taken, an ending that
can never be reached, a flag nobody sets, a dice target above the highest possible roll.
Every rule is one function below, named after its code (`w101_unused_variables`, ...), and
reads only the compiled `ScenarioIR` and the file's `SourceMap`: pure, no I/O, no engine.

Rules about what can *never* happen are sound: they warn only when it is certain from the
rules alone. Conditions are read from the tree the expression checker built (`Expr.tree`:
names resolved, constants folded) and checked by interval analysis: every quantity gets the
range of values the rules can give it (a variable stays within its bounds, and within the
hull of its start and its effects: one no effect writes stays at its start; a flag no effect
sets keeps its start value; `turn` runs 1..turns; trust, commitment and cohesion stay in
0..100; a member with `exit_below: 0` never leaves; a function's result follows from its
arguments' ranges as its vocabulary entry says), and a condition is reported only when no
combination of values in those ranges satisfies it. The umpire's `Adjust` control is outside
the rules and is not considered.

Warnings are silenced with comments in the file (see `suppressions`): a line
`# wargame: disable=W103,W107` at column 1 silences codes in the whole file; the same
comment at the end of a line (or on its own, indented, just above it) silences them for the
node that starts on that line and everything inside it. docs/lint.md documents each code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from wargame.errors import Diagnostic, ScenarioError, Span
from wargame.scenario.expressions import constant_value
from wargame.scenario.expressions.tree import (
    Arith,
    Call,
    Compare,
    Const,
    IfElse,
    Logic,
    Negate,
    Node,
    Not,
    Read,
)
from wargame.scenario.expressions.vocabulary import (
    FUNCTIONS,
    READINGS,
    ArithOp,
    CompareOp,
    Interval,
    LogicOp,
    Quantity,
)
from wargame.scenario.ir import Effect, EndingIR, Expr, ResolutionIR, ScenarioIR, Value
from wargame.scenario.lint_exercise import (
    w120_times_out_of_order,
    w121_untested_capabilities,
    w122_expected_of_nobody,
    w123_module_without_questions,
    w124_unplaced_injects,
)
from wargame.scenario.positions import PathKey, SourceMap, dotted

__all__ = [
    "RULES",
    "LintRule",
    "Suppressions",
    "apply_suppressions",
    "lint_scenario",
    "scenario_source_map",
    "suppressions",
]

INF: Final = math.inf
_MAX_BRANCHES: Final = 64
"""Refined environments kept while splitting `or`s; beyond this the analysis gives up
(and so stays silent: giving up only ever means "possible")."""


# --------------------------------------------------------------------------------------------
# Where things are: every expression and effect of a scenario, with its path in the file.
# --------------------------------------------------------------------------------------------


def _outcome_section(resolution: ResolutionIR) -> PathKey:
    if resolution.kind == "dice":
        return ("dice", "outcomes")
    return (resolution.kind,)


def _expressions(ir: ScenarioIR) -> Iterator[tuple[PathKey, Expr]]:
    """Every compiled expression (effects' right-hand sides excluded) and its path."""
    for actor in ir.actors:
        for j, objective in enumerate(actor.objectives):
            if objective.score is not None:
                yield ("actors", actor.id, "objectives", j, "score"), objective.score
        if actor.stance is not None:
            yield ("actors", actor.id, "stance"), actor.stance
    for move in ir.moves:
        path: PathKey = ("moves", move.index)
        if move.when is not None:
            yield (*path, "when"), move.when
        resolution = move.resolution
        if resolution is None:
            continue
        section = (*path, *_outcome_section(resolution))
        for k, outcome in enumerate(resolution.outcomes):
            if outcome.p is not None:
                yield (*section, k, "p"), outcome.p
        for k, modifier in enumerate(resolution.modifiers):
            yield (*path, "dice", "modifiers", k, "value"), modifier.value
            if modifier.when is not None:
                yield (*path, "dice", "modifiers", k, "when"), modifier.when
    for inject in ir.injects:
        if inject.when is not None:
            yield ("injects", inject.index, "when"), inject.when
        if inject.chance is not None:
            yield ("injects", inject.index, "chance"), inject.chance
    for ending in ir.endings:
        if ending.when is not None:
            yield ("endings", ending.index, "when"), ending.when


def _effects(ir: ScenarioIR) -> Iterator[tuple[PathKey, Effect]]:
    """Every effect of every move, outcome and inject, with its path."""
    for move in ir.moves:
        path: PathKey = ("moves", move.index)
        for j, effect in enumerate(move.effects):
            yield (*path, "effects", j), effect
        if move.resolution is not None:
            section = (*path, *_outcome_section(move.resolution))
            for k, outcome in enumerate(move.resolution.outcomes):
                for j, effect in enumerate(outcome.effects):
                    yield (*section, k, "effects", j), effect
    for inject in ir.injects:
        for j, effect in enumerate(inject.effects):
            yield ("injects", inject.index, "effects", j), effect


def _target_key(effect: Effect, ir: ScenarioIR) -> str:
    """The `Expr.reads` name of what an effect writes (`var:x`, `flag:f`, ...)."""
    t = effect.target
    if t.kind == "var":
        return f"var:{ir.variables[t.a].id}"
    if t.kind == "flag":
        return f"flag:{ir.flags[t.a].id}"
    if t.kind == "trust":
        return f"trust:{ir.actors[t.a].id}:{ir.actors[t.b].id}"
    alliance = ir.alliances[t.a]
    return f"commitment:{alliance.id}:{ir.actors[alliance.members[t.b]].id}"


# --------------------------------------------------------------------------------------------
# Interval analysis over an expression's checked tree.
# --------------------------------------------------------------------------------------------

BoolSet = frozenset[bool]
BOTH: Final[BoolSet] = frozenset((True, False))
Env = Mapping[str, Interval | BoolSet]


def _const(value: float) -> Interval:
    return (value, value)


def _number_of(value: Value) -> float:
    """A constant as a float; integers too large for one saturate to +-infinity."""
    try:
        return float(value)
    except OverflowError:
        return INF if value > 0 else -INF


def _floor(x: float) -> float:
    """`math.floor`, with infinities (an unbounded range) left as they are."""
    return math.floor(x) if math.isfinite(x) else x


def _hull(*intervals: Interval) -> Interval:
    return (min(i[0] for i in intervals), max(i[1] for i in intervals))


def _fmt(value: float) -> str:
    if value in (INF, -INF):
        return "∞" if value > 0 else "-∞"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _mul(a: Interval, b: Interval) -> Interval:
    products = [x * y for x in a for y in b if not (math.isinf(x) or math.isinf(y))]
    if any(math.isinf(x) for x in (*a, *b)):
        return (-INF, INF)
    return (min(products), max(products))


def _quantity(key: str) -> Quantity | None:
    """The quantity an `Expr.reads` key names (`trust:us:dk` -> TRUST)."""
    try:
        return Quantity(key.split(":", 1)[0])
    except ValueError:
        return None


@dataclass
class Domains:
    """The values each quantity a condition may read can take, from the rules alone."""

    ir: ScenarioIR
    numbers: dict[str, Interval] = field(default_factory=dict)
    booleans: dict[str, BoolSet] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    """Why a quantity is narrower than its declared range, for messages."""

    @staticmethod
    def of(ir: ScenarioIR) -> Domains:
        d = Domains(ir)
        writes: dict[str, list[Effect]] = {}
        for _, effect in _effects(ir):
            writes.setdefault(_target_key(effect, ir), []).append(effect)
        for v in ir.variables:
            key = f"var:{v.id}"
            lo, hi = v.start, v.start
            for effect in writes.get(key, ()):
                value = constant_value(effect.value)
                if effect.op == "=" and value is not None:
                    c = min(max(_number_of(value), v.min), v.max)
                    lo, hi = min(lo, c), max(hi, c)
                elif effect.op in ("+=", "-=") and value is not None:
                    rises = (_number_of(value) > 0) == (effect.op == "+=")
                    if _number_of(value) != 0:
                        hi, lo = (v.max, lo) if rises else (hi, v.min)
                else:
                    lo, hi = v.min, v.max
            d.numbers[key] = (lo, hi)
            if key not in writes:
                d.why[key] = (
                    f"{v.id} never changes from its start {_fmt(v.start)} (no effect writes it)"
                )
            elif (lo, hi) != (v.min, v.max):
                d.why[key] = (
                    f"{v.id} stays within {_fmt(lo)}..{_fmt(hi)} "
                    "(its start and what its effects can do)"
                )
            else:
                d.why[key] = f"{v.id} stays within its bounds {_fmt(v.min)}..{_fmt(v.max)}"
        for f in ir.flags:
            key = f"flag:{f.id}"
            values = {f.start}
            for effect in writes.get(key, ()):
                value = constant_value(effect.value)
                values |= BOTH if value is None else {bool(value)}
            d.booleans[key] = frozenset(values)
            if len(values) == 1:
                d.why[key] = (
                    f"flags.{f.id} is always {str(f.start).lower()} "
                    f"(no effect sets it to {str(not f.start).lower()})"
                )
        for alliance in ir.alliances:
            d.booleans[f"collapsed:{alliance.id}"] = (
                BOTH if alliance.collapse_below > 0 else frozenset((False,))
            )
            if alliance.collapse_below <= 0:
                d.why[f"collapsed:{alliance.id}"] = (
                    f"{alliance.id} never collapses (its collapse_below is 0)"
                )
            for slot, actor in enumerate(alliance.members):
                aid = ir.actors[actor].id
                key = f"member:{alliance.id}:{aid}"
                d.booleans[key] = BOTH if alliance.exit_below[slot] > 0 else frozenset((True,))
                if alliance.exit_below[slot] <= 0:
                    d.why[key] = f"{aid} never leaves {alliance.id} (its exit_below is 0)"
        d.numbers["turn"] = (1.0, float(ir.calendar.turns))
        d.why["turn"] = f"turn runs from 1 to {ir.calendar.turns}"
        return d

    def number(self, key: str) -> Interval:
        known = self.numbers.get(key)
        if known is not None:
            return known
        quantity = _quantity(key)
        if quantity is Quantity.PLAYED:
            move = self.ir.names.moves.get(key.split(":", 1)[1])
            limit = self.ir.moves[move].per_game if move is not None else None
            if limit is not None:
                return (0.0, float(limit))
        if quantity is not None:
            bounds = READINGS[quantity].range
            if bounds is not None:
                return bounds
        return (-INF, INF)

    def boolean(self, key: str) -> BoolSet:
        return self.booleans.get(key, BOTH)


class _Analysis:
    """Which environments (quantity -> possible values) can make a condition true."""

    def __init__(self, domains: Domains, base: dict[str, Interval | BoolSet]) -> None:
        self.domains = domains
        self.base = base

    def value(self, env: Env, key: str, boolean: bool) -> Interval | BoolSet:
        known = env.get(key)
        if known is not None:
            return known
        return self.domains.boolean(key) if boolean else self.domains.number(key)

    # -- numbers -----------------------------------------------------------------------------

    def number(self, node: Node, env: Env | None = None) -> Interval | None:
        """The range of a number expression (None when it is not understood)."""
        env = env if env is not None else self.base
        if node.kind != "number":
            return None
        if isinstance(node, Const):
            return _const(_number_of(node.value))
        if isinstance(node, Read):
            return self.value(env, node.key, False)  # type: ignore[return-value]
        if isinstance(node, Negate):
            inner = self.number(node.operand, env)
            return None if inner is None else (-inner[1], -inner[0])
        if isinstance(node, Arith):
            return self.arith(node, env)
        if isinstance(node, IfElse):
            a, b = self.number(node.body, env), self.number(node.orelse, env)
            return None if a is None or b is None else _hull(a, b)
        if isinstance(node, Call):
            return self.call(node, env)
        return None

    def arith(self, node: Arith, env: Env) -> Interval | None:
        a, b = self.number(node.left, env), self.number(node.right, env)
        if a is None or b is None:
            return None
        op = node.op
        if op is ArithOp.ADD:
            return (a[0] + b[0], a[1] + b[1])
        if op is ArithOp.SUB:
            return (a[0] - b[1], a[1] - b[0])
        if op is ArithOp.MUL:
            return _mul(a, b)
        if b[0] == b[1] and b[0] > 0 and not math.isinf(b[0]):
            c = b[0]
            if op is ArithOp.DIV:
                return (a[0] / c, a[1] / c)
            if op is ArithOp.FLOORDIV:
                return (_floor(a[0] / c), _floor(a[1] / c))
            return (0.0, c)
        return (-INF, INF)

    def call(self, node: Call, env: Env) -> Interval | None:
        """A function's range from its arguments' ranges, as its table entry computes it."""
        function = FUNCTIONS.get(node.function)
        if function is None or function.bounds is None:
            return None
        ranges = [self.number(a, env) for a in node.args]
        known = [r for r in ranges if r is not None]
        if len(known) != len(ranges):
            return None
        return function.bounds(known)

    # -- conditions --------------------------------------------------------------------------

    def sat(self, node: Node, env: Env, want: bool = True) -> list[Env]:
        """Environments, narrowed from `env`, in which `node` may evaluate to `want`.

        An empty list means it certainly cannot; anything not understood keeps `env`.
        """
        if isinstance(node, Logic):
            return (
                self.all_of(node.operands, env, want)
                if (node.op is LogicOp.AND) == want
                else self.any_of(node.operands, env, want)
            )
        if isinstance(node, Not):
            return self.sat(node.operand, env, not want)
        if isinstance(node, Const) and node.kind == "bool":
            return [env] if node.value == want else []
        if isinstance(node, Compare):
            return self.chain(node, env, want)
        if isinstance(node, IfElse):
            then = [
                e2 for e in self.sat(node.test, env, True) for e2 in self.sat(node.body, e, want)
            ]
            orelse = [
                e2 for e in self.sat(node.test, env, False) for e2 in self.sat(node.orelse, e, want)
            ]
            out = then + orelse
            return [env] if len(out) > _MAX_BRANCHES else out
        if isinstance(node, Read) and node.kind == "bool":
            return self.restrict_bool(env, node.key, frozenset((want,)))
        # Not understood: the same condition written twice is the same unknown (a node's
        # repr leaves its position out).
        return self.restrict_bool(env, "opaque:" + repr(node), frozenset((want,)))

    def all_of(self, operands: Sequence[Node], env: Env, want: bool) -> list[Env]:
        """Every operand is `want`."""
        envs: list[Env] = [env]
        for operand in operands:
            envs = [e2 for e in envs for e2 in self.sat(operand, e, want)]
            if not envs:
                return []
            if len(envs) > _MAX_BRANCHES:
                return [env]
        return envs

    def any_of(self, operands: Sequence[Node], env: Env, want: bool) -> list[Env]:
        """At least one operand is `want`."""
        out: list[Env] = []
        for operand in operands:
            out.extend(self.sat(operand, env, want))
            if len(out) > _MAX_BRANCHES:
                return [env]
        return out

    def chain(self, node: Compare, env: Env, want: bool) -> list[Env]:
        links = [(node.operands[i], op, node.operands[i + 1]) for i, op in enumerate(node.ops)]
        if not want and len(links) > 1:
            # not (a < b < c) == not (a < b) or not (b < c)
            out: list[Env] = []
            for left, op, right in links:
                out.extend(self.compare(left, op, right, env, False))
            return out
        envs: list[Env] = [env]
        for left, op, right in links:
            envs = [e2 for e in envs for e2 in self.compare(left, op, right, e, want)]
            if not envs:
                return []
        return envs

    def restrict_bool(self, env: Env, key: str, allowed: BoolSet) -> list[Env]:
        current = env.get(key)
        if not isinstance(current, frozenset):
            current = self.domains.boolean(key)
        narrowed: BoolSet = current & allowed
        if not narrowed:
            return []
        return [{**env, key: narrowed}]

    def compare(self, left: Node, op: CompareOp, right: Node, env: Env, want: bool) -> list[Env]:
        kind = op if want else op.negated
        # `flags.x == true` and friends: a true/false part against a constant.
        for side, other_side in ((left, right), (right, left)):
            if (
                isinstance(other_side, Const)
                and isinstance(other_side.value, bool)
                and kind in (CompareOp.EQ, CompareOp.NE)
            ):
                target = other_side.value if kind is CompareOp.EQ else not other_side.value
                return self.sat(side, env, target)
        a, b = self.number(left, env), self.number(right, env)
        if a is None or b is None:
            key = f"opaque:{left!r} {op} {right!r}"
            return self.restrict_bool(env, key, frozenset((want,)))
        if not _possible(kind, a, b):
            return []
        narrowed = dict(env)
        for node, mine, other, rel in ((left, a, b, kind), (right, b, a, kind.mirrored)):
            if isinstance(node, Read) and node.kind == "number":
                narrowed[node.key] = _narrow(rel, mine, other)
        return [narrowed]


def _possible(kind: CompareOp, a: Interval, b: Interval) -> bool:
    """Can `x kind y` hold for some x in a, y in b?"""
    if kind is CompareOp.LT:
        return a[0] < b[1]
    if kind is CompareOp.LE:
        return a[0] <= b[1]
    if kind is CompareOp.GT:
        return a[1] > b[0]
    if kind is CompareOp.GE:
        return a[1] >= b[0]
    if kind is CompareOp.EQ:
        return a[0] <= b[1] and b[0] <= a[1]
    return not (a[0] == a[1] == b[0] == b[1])


def _narrow(kind: CompareOp, mine: Interval, other: Interval) -> Interval:
    """`mine` cut to the values that can satisfy `mine kind other` (closed, so sound)."""
    lo, hi = mine
    if kind in (CompareOp.LT, CompareOp.LE):
        hi = min(hi, other[1])
    elif kind in (CompareOp.GT, CompareOp.GE):
        lo = max(lo, other[0])
    elif kind is CompareOp.EQ:
        lo, hi = max(lo, other[0]), min(hi, other[1])
    return (lo, hi)


# --------------------------------------------------------------------------------------------
# The rules.
# --------------------------------------------------------------------------------------------


@dataclass
class LintContext:
    """What every rule reads: the scenario, positions, and the analysis shared by rules."""

    ir: ScenarioIR
    source_map: SourceMap
    domains: Domains
    analysis: _Analysis
    reads: dict[bool, set[str]] = field(default_factory=dict)
    """`_reads` by `include_self_updates`, computed once per lint."""
    holds: dict[str, bool] = field(default_factory=dict)
    """`can_hold` by source text."""

    def warn(
        self, code: str, message: str, path: PathKey, hint: str, *, key: bool = False
    ) -> Diagnostic:
        span = self.source_map.locate(path, key=key)
        if span.line == 1 and span.col == 1:
            fallback = self.ir.spans.get(dotted(path))
            span = fallback if fallback is not None else Span(self.ir.source_name, 1, 1)
        return Diagnostic(code, message, span, "warning", hint, dotted(path))

    def expr_span_warn(self, code: str, message: str, path: PathKey, hint: str) -> Diagnostic:
        """A warning placed at an expression itself (its first character)."""
        span = self.source_map.expr_span(path, 0)
        return Diagnostic(code, message, span, "warning", hint, dotted(path))

    def can_hold(self, expr: Expr) -> bool:
        """Whether the condition may hold at all (kept by source text: 10,000 moves share
        a few hundred conditions)."""
        known = self.holds.get(expr.source)
        if known is None:
            known = self.holds[expr.source] = bool(self.analysis.sat(expr.tree, {}))
        return known

    def explain(self, expr: Expr) -> str:
        """Why the quantities an expression reads are limited, for a message."""
        if expr.kind == "bool" and not _Analysis(Domains(self.ir), {}).sat(expr.tree, {}):
            return ": it contradicts itself"
        reasons = [self.domains.why[r] for r in expr.reads if r in self.domains.why]
        if not reasons:
            return ""
        return ": " + "; ".join(reasons[:3])


def w101_unused_variables(ctx: LintContext) -> Iterator[Diagnostic]:
    """A variable no expression reads (effects that only update it do not count)."""
    read = _reads(ctx, include_self_updates=False)
    for v in ctx.ir.variables:
        if f"var:{v.id}" not in read:
            yield ctx.warn(
                "W101",
                f"variable `{v.id}` is never read: no condition, probability, modifier, "
                "objective, stance or other variable's effect depends on it",
                ("variables", v.id),
                "use it in a condition or objective, remove it, or silence W101 if it is "
                "only shown to the players",
                key=True,
            )


def w102_unused_flags(ctx: LintContext) -> Iterator[Diagnostic]:
    """A flag no expression reads."""
    read = _reads(ctx, include_self_updates=True)
    for f in ctx.ir.flags:
        if f"flag:{f.id}" not in read:
            yield ctx.warn(
                "W102",
                f"flag `{f.id}` is never read: no condition, probability, modifier, "
                "objective or stance depends on it",
                ("flags", f.id),
                f'test it somewhere (`when: "flags.{f.id}"`), remove it, or silence W102 '
                "if it is only shown to the players",
                key=True,
            )


def w103_flags_never_set(ctx: LintContext) -> Iterator[Diagnostic]:
    """A flag that is read but that no effect can change from its start value."""
    read = _reads(ctx, include_self_updates=True)
    for f in ctx.ir.flags:
        key = f"flag:{f.id}"
        if key in read and len(ctx.domains.boolean(key)) == 1:
            start = str(f.start).lower()
            yield ctx.warn(
                "W103",
                f"flag `{f.id}` is read but never changes: it starts {start} and no effect "
                f"sets it to {str(not f.start).lower()}",
                ("flags", f.id),
                f"add an effect `flags.{f.id} = {str(not f.start).lower()}` to a move, "
                "outcome or inject, or remove the conditions that test it",
                key=True,
            )


def w104_never_possible(ctx: LintContext) -> Iterator[Diagnostic]:
    """A move, inject, ending or dice modifier whose condition can never hold."""
    ir = ctx.ir
    for move in ir.moves:
        if move.when is not None and not ctx.can_hold(move.when):
            yield ctx.expr_span_warn(
                "W104",
                f"move `{move.id}` can never be played: its condition `{move.when.source}` "
                f"can never hold{ctx.explain(move.when)}",
                ("moves", move.index, "when"),
                "loosen the condition, or change the bounds or effects it depends on",
            )
        if move.resolution is None:
            continue
        for k, modifier in enumerate(move.resolution.modifiers):
            if modifier.when is not None and not ctx.can_hold(modifier.when):
                yield ctx.expr_span_warn(
                    "W104",
                    f"modifier `{modifier.label}` of move `{move.id}` never applies: "
                    f"`{modifier.when.source}` can never hold{ctx.explain(modifier.when)}",
                    ("moves", move.index, "dice", "modifiers", k, "when"),
                    "loosen the condition or remove the modifier",
                )
    for inject in ir.injects:
        if inject.when is not None and not ctx.can_hold(inject.when):
            yield ctx.expr_span_warn(
                "W104",
                f"inject `{inject.id}` can never fire: its condition `{inject.when.source}` "
                f"can never hold{ctx.explain(inject.when)}",
                ("injects", inject.index, "when"),
                "loosen the condition, or change the bounds or effects it depends on",
            )
    for ending in ir.endings:
        if ending.when is not None and not ctx.can_hold(ending.when):
            yield ctx.expr_span_warn(
                "W104",
                f"ending `{ending.id}` can never be reached: its condition "
                f"`{ending.when.source}` can never hold{ctx.explain(ending.when)}",
                ("endings", ending.index, "when"),
                "loosen the condition, or change the bounds or effects it depends on",
            )


def w105_effect_past_bounds(ctx: LintContext) -> Iterator[Diagnostic]:
    """A constant change larger than the target's whole range, or a constant outside it."""
    ir = ctx.ir
    for path, effect in _effects(ir):
        value = constant_value(effect.value)
        if value is None or isinstance(value, bool) or effect.target.kind == "flag":
            continue
        if effect.target.kind == "var":
            v = ir.variables[effect.target.a]
            lo, hi, name = v.min, v.max, v.id
        else:
            lo, hi, name = 0.0, 100.0, effect.target.name
        bounds = f"{_fmt(lo)}..{_fmt(hi)}"
        if effect.op == "=" and not lo <= value <= hi:
            yield ctx.expr_span_warn(
                "W105",
                f"`{effect.source}` sets {name} to {_fmt(value)}, outside its range {bounds}: "
                f"it will be held at {_fmt(min(max(value, lo), hi))}",
                path,
                f"assign a value within {bounds}, or widen the variable's min/max",
            )
        elif effect.op in ("+=", "-=") and abs(value) > hi - lo:
            yield ctx.expr_span_warn(
                "W105",
                f"`{effect.source}` changes {name} by {_fmt(abs(value))}, more than its whole "
                f"range {bounds}: it always ends at a bound",
                path,
                f"use a change of at most {_fmt(hi - lo)}, assign the bound directly with `=`, "
                "or widen the variable's min/max",
            )


def w106_shadowed_endings(ctx: LintContext) -> Iterator[Diagnostic]:
    """An ending that can only hold when a higher-priority ending already holds."""
    ir = ctx.ir
    an = ctx.analysis
    order = [ir.endings[i] for i in ir.ending_order]
    trees = {e.index: e.when.tree for e in order if e.when is not None}
    for position, ending in enumerate(order):
        tree = trees.get(ending.index)
        envs = an.sat(tree, {}) if tree is not None else []
        if not envs:
            continue  # W104 reports endings that can never hold
        for higher in order[:position]:
            other = trees.get(higher.index)
            if other is None:
                continue
            if all(not an.sat(other, env, False) for env in envs):
                yield ctx.expr_span_warn(
                    "W106",
                    f"ending `{ending.id}` can never be reached: whenever its condition holds, "
                    f"`{higher.id}` holds too and is checked first ({_precedence(higher, ending)})",
                    ("endings", ending.index, "when"),
                    f"give `{ending.id}` a higher priority than `{higher.id}`, or narrow "
                    f"`{higher.id}`'s condition",
                )
                break
    default = ir.default_ending
    if default is None:
        return
    last_turn: Env = {"turn": (float(ir.calendar.turns), float(ir.calendar.turns))}
    for ending in order:
        tree = trees.get(ending.index)
        if tree is not None and not an.sat(tree, last_turn, False):
            yield ctx.warn(
                "W106",
                f"default ending `{ir.endings[default].id}` can never be reached: "
                f"`{ending.id}` always holds on the last turn, so the calendar never runs out "
                "without an ending",
                ("endings", default),
                f"narrow `{ending.id}`'s condition, or drop `default: true` if this is meant",
            )
            return


def _precedence(higher: EndingIR, lower: EndingIR) -> str:
    if higher.priority == lower.priority:
        return f"same priority {higher.priority}, earlier in the file"
    return f"priority {higher.priority} against {lower.priority}"


def w107_actors_without_moves(ctx: LintContext) -> Iterator[Diagnostic]:
    """A playable actor with no move at all: its seat can only pass."""
    with_moves = {m.actor for m in ctx.ir.moves}
    for index, actor in enumerate(ctx.ir.actors):
        if actor.playable and index not in with_moves:
            yield ctx.warn(
                "W107",
                f"actor `{actor.id}` is playable but has no moves: its seat can only pass",
                ("actors", actor.id),
                "give it moves, or mark it `playable: false` if it only exists for trust, "
                "alliances or the story",
                key=True,
            )


def w108_unused_phases(ctx: LintContext) -> Iterator[Diagnostic]:
    """A declared phase that no move belongs to: every actor in it can only pass."""
    used = {m.phase for m in ctx.ir.moves}
    if not ctx.source_map.nodes.get(("phases",)):
        return
    for index, phase in enumerate(ctx.ir.phases):
        if index not in used:
            yield ctx.warn(
                "W108",
                f"phase `{phase.id}` has no moves: every actor in it can only pass",
                ("phases", index),
                f"add moves with `phase: {phase.id}`, or remove the phase",
            )


def w109_missing_text(ctx: LintContext) -> Iterator[Diagnostic]:
    """A move, inject or ending without narrative `text`."""
    for move in ctx.ir.moves:
        if not move.text.strip():
            yield ctx.warn(
                "W109",
                f"move `{move.id}` has no `text`: players see only its label when it is played",
                ("moves", move.index),
                "add `text:` with a sentence of what happens",
            )
    for inject in ctx.ir.injects:
        if not inject.text.strip():
            yield ctx.warn(
                "W109",
                f"inject `{inject.id}` has no `text`: the news flash shows only its headline",
                ("injects", inject.index),
                "add `text:` with the news as the players should read it",
            )
    for ending in ctx.ir.endings:
        if not ending.text.strip():
            yield ctx.warn(
                "W109",
                f"ending `{ending.id}` has no `text`: the debrief shows only its title",
                ("endings", ending.index),
                "add `text:` describing the world this ending leaves",
            )


def w110_missing_briefing(ctx: LintContext) -> Iterator[Diagnostic]:
    """A playable actor without a briefing, a private briefing or objectives."""
    for actor in ctx.ir.actors:
        if not actor.playable:
            continue
        missing = [
            (name, what)
            for name, what, present in (
                ("briefing", "who they are", actor.briefing.strip()),
                ("private_briefing", "what only they know", actor.private_briefing.strip()),
                ("objectives", "what they want", actor.objectives),
            )
            if not present
        ]
        if missing:
            listed = ", ".join(f"`{name}` ({what})" for name, what in missing)
            yield ctx.warn(
                "W110",
                f"playable actor `{actor.id}` has no {listed}",
                ("actors", actor.id),
                "write the missing "
                + ("parts" if len(missing) > 1 else "part")
                + " of the briefing, or mark the actor `playable: false`",
                key=True,
            )


def w111_exit_above_commitment(ctx: LintContext) -> Iterator[Diagnostic]:
    """An alliance member whose exit threshold is above its starting commitment."""
    ir = ctx.ir
    for alliance in ir.alliances:
        for slot, actor in enumerate(alliance.members):
            commitment = alliance.start_commitment[slot]
            exit_below = alliance.exit_below[slot]
            if exit_below > commitment:
                aid = ir.actors[actor].id
                yield ctx.warn(
                    "W111",
                    f"`{aid}` starts with commitment {_fmt(commitment)} to `{alliance.id}`, "
                    f"below its exit threshold {_fmt(exit_below)}: it leaves at the end of "
                    "turn 1 unless its commitment rises first",
                    ("alliances", alliance.id, "members", aid),
                    "lower `exit_below` or raise `commitment`",
                    key=True,
                )


def _dice_range(ctx: LintContext, resolution: ResolutionIR) -> tuple[float, float]:
    """The lowest and highest total of a dice resolution: the dice and every modifier
    (one with a condition counts only if the condition can hold), no argued rating."""
    an = ctx.analysis
    low = float(resolution.dice_count)
    high = float(resolution.dice_count * resolution.dice_sides)
    for modifier in resolution.modifiers:
        value = an.number(modifier.value.tree)
        if value is None:
            value = (-INF, INF)
        if modifier.when is None:
            low, high = low + value[0], high + value[1]
        elif ctx.can_hold(modifier.when):
            low, high = low + min(0.0, value[0]), high + max(0.0, value[1])
    return low, high


def w112_unreachable_dice(ctx: LintContext) -> Iterator[Diagnostic]:
    """A dice outcome no possible total reaches, or one every total passes over."""
    for move in ctx.ir.moves:
        resolution = move.resolution
        if resolution is None or resolution.kind != "dice":
            continue
        low, high = _dice_range(ctx, resolution)
        if move.argued is not None:
            ratings = (move.argued.strong, move.argued.neutral, move.argued.weak)
            low, high = low + min(ratings), high + max(ratings)
        previous: int | None = None
        for k, outcome in enumerate(resolution.outcomes):
            path: PathKey = ("moves", move.index, "dice", "outcomes", k)
            target = outcome.at_least
            if target is not None and target > high:
                yield ctx.warn(
                    "W112",
                    f"outcome `{outcome.id}` of move `{move.id}` can never happen: it needs "
                    f"{target} or more, but the highest possible total is {_fmt(high)} "
                    f"({resolution.dice_count}d{resolution.dice_sides} and every modifier "
                    "at its best)",
                    (*path, "at_least"),
                    f"lower `at_least` to {_fmt(high)} or less",
                )
            elif previous is not None and low >= previous:
                yield ctx.warn(
                    "W112",
                    f"outcome `{outcome.id}` of move `{move.id}` can never happen: the lowest "
                    f"possible total is {_fmt(low)}, which always reaches the outcome above "
                    f"(at least {previous})",
                    path,
                    "raise the targets above it, or remove this outcome",
                )
            if target is not None:
                previous = target


def w113_outcomes_never_fire(ctx: LintContext) -> Iterator[Diagnostic]:
    """A chance outcome or inject chance whose probability is always 0."""
    an = ctx.analysis
    for move in ctx.ir.moves:
        resolution = move.resolution
        if resolution is None or resolution.kind != "chance":
            continue
        surely = 0.0
        for k, outcome in enumerate(resolution.outcomes):
            path: PathKey = ("moves", move.index, "chance", k)
            if surely >= 1.0:
                yield ctx.warn(
                    "W113",
                    f"outcome `{outcome.id}` of move `{move.id}` can never happen: the "
                    "outcomes before it always take the whole probability",
                    path,
                    "lower the earlier outcomes' `p`, or remove this outcome",
                )
                continue
            if outcome.p is None:
                continue
            p = an.number(outcome.p.tree)
            if p is None:
                continue
            if p[1] <= 0:
                yield ctx.expr_span_warn(
                    "W113",
                    f"outcome `{outcome.id}` of move `{move.id}` can never happen: its "
                    f"probability `{outcome.p.source}` is never above 0{ctx.explain(outcome.p)}",
                    (*path, "p"),
                    "give it a probability above 0, or remove the outcome",
                )
            surely += min(max(p[0], 0.0), 1.0)
    for inject in ctx.ir.injects:
        if inject.chance is None:
            continue
        p = an.number(inject.chance.tree)
        if p is not None and p[1] <= 0:
            yield ctx.expr_span_warn(
                "W113",
                f"inject `{inject.id}` can never fire: its chance `{inject.chance.source}` is "
                f"never above 0{ctx.explain(inject.chance)}",
                ("injects", inject.index, "chance"),
                "give it a chance above 0, or remove the inject",
            )


def w114_arguments_never_count(ctx: LintContext) -> Iterator[Diagnostic]:
    """An argued move, or the argument rule of free actions, whose ratings are all alike:
    the umpire has no way to rate an argument, so the case a team makes never counts. (A
    rating that cannot move the total past any outcome's target is W112's.)"""
    for move in ctx.ir.moves:
        argued, resolution = move.argued, move.resolution
        if argued is None or resolution is None or resolution.kind != "dice":
            continue
        path: PathKey = ("moves", move.index, "argued")
        ratings = (argued.strong, argued.neutral, argued.weak)
        worst, best = min(ratings), max(ratings)
        if worst == best:
            yield ctx.warn(
                "W114",
                f"argued move `{move.id}` has no way to rate its argument: a strong, a "
                f"neutral and a weak argument all add {worst:+d} to the roll",
                path,
                "give `argued:` different `strong`, `neutral` and `weak` modifiers, or make "
                "it an ordinary dice move",
                key=True,
            )
    rule = ctx.ir.arguments
    if rule.declared and rule.strong == rule.neutral == rule.weak:
        yield ctx.warn(
            "W114",
            "the argument rule has no way to rate arguments: a strong, a neutral and a weak "
            f"argument about a free action all add {rule.strong:+d}, so only the dice decide",
            ("arguments",),
            "give `arguments:` different `strong`, `neutral` and `weak` modifiers",
            key=True,
        )


def _reads(ctx: LintContext, *, include_self_updates: bool) -> set[str]:
    """Everything any expression reads; effects' right sides count unless they only
    read the effect's own target (`x = x * 2` alone does not make `x` used).

    Three rules ask; the answer is kept on the context (the caller must not change it)."""
    found = ctx.reads.get(include_self_updates)
    if found is None:
        found = ctx.reads[include_self_updates] = _all_reads(ctx, include_self_updates)
    return found


def _all_reads(ctx: LintContext, include_self_updates: bool) -> set[str]:
    out: set[str] = set()
    for _, expr in _expressions(ctx.ir):
        out.update(expr.reads)
    exercise = ctx.ir.exercise
    if exercise is not None:  # an expected action's flag is read by the report's check
        flags = ctx.ir.flags
        for capability in exercise.capabilities:
            out.update(
                f"flag:{flags[e.flag].id}" for e in capability.expected if e.flag is not None
            )
    for _, effect in _effects(ctx.ir):
        target = _target_key(effect, ctx.ir)
        out.update(r for r in effect.value.reads if include_self_updates or r != target)
    return out


@dataclass(frozen=True, slots=True)
class LintRule:
    code: str
    title: str
    check: Callable[[LintContext], Iterable[Diagnostic]]


RULES: Final[tuple[LintRule, ...]] = (
    LintRule("W101", "unused variable", w101_unused_variables),
    LintRule("W102", "unused flag", w102_unused_flags),
    LintRule("W103", "flag read but never set", w103_flags_never_set),
    LintRule("W104", "condition can never hold", w104_never_possible),
    LintRule("W105", "effect past a variable's bounds", w105_effect_past_bounds),
    LintRule("W106", "ending shadowed by a higher-priority ending", w106_shadowed_endings),
    LintRule("W107", "playable actor without moves", w107_actors_without_moves),
    LintRule("W108", "phase without moves", w108_unused_phases),
    LintRule("W109", "missing narrative text", w109_missing_text),
    LintRule("W110", "missing briefing", w110_missing_briefing),
    LintRule("W111", "exit threshold above starting commitment", w111_exit_above_commitment),
    LintRule("W112", "dice outcome out of reach", w112_unreachable_dice),
    LintRule("W113", "chance that can never fire", w113_outcomes_never_fire),
    LintRule("W114", "argument with no way to be rated", w114_arguments_never_count),
    LintRule("W120", "inject times out of order", w120_times_out_of_order),
    LintRule("W121", "capability or exercise objective untested", w121_untested_capabilities),
    LintRule("W122", "expected action of an actor no team plays", w122_expected_of_nobody),
    LintRule("W123", "module without questions", w123_module_without_questions),
    LintRule("W124", "inject with questions or notes outside every module", w124_unplaced_injects),
)
"""Every static rule, in code order. The dynamic checks (W2xx) are in
`wargame.analysis.lint_dynamic`; W100 reports a bad `disable=` comment."""

W_BAD_DIRECTIVE: Final = "W100"


def scenario_source_map(ir: ScenarioIR) -> SourceMap:
    """The file's `SourceMap`, re-read from the text the IR embeds (pure: no I/O)."""
    from wargame.scenario.source import parse_text

    try:
        return parse_text(ir.source_text, ir.source_name).source_map
    except ScenarioError:
        return SourceMap(ir.source_name, {})


def lint_scenario(
    ir: ScenarioIR,
    *,
    source_map: SourceMap | None = None,
    known_codes: Iterable[str] = (),
) -> list[Diagnostic]:
    """Every static warning for a compiled scenario, sorted by position, after the file's
    `# wargame: disable=` comments. `known_codes` adds codes (e.g. the dynamic W2xx) that
    disable comments may name without a W100."""
    smap = source_map if source_map is not None else scenario_source_map(ir)
    domains = Domains.of(ir)
    ctx = LintContext(ir, smap, domains, _Analysis(domains, {}))
    found: list[Diagnostic] = []
    for rule in RULES:
        found.extend(rule.check(ctx))
    codes = {rule.code for rule in RULES} | set(known_codes) | {W_BAD_DIRECTIVE}
    silenced = suppressions(ir.source_text, smap)
    found.extend(silenced.problems(codes))
    return apply_suppressions(found, silenced)


# --------------------------------------------------------------------------------------------
# Silencing warnings with comments.
# --------------------------------------------------------------------------------------------

_DIRECTIVE: Final = re.compile(r"(?:^|\s)#\s*wargame:\s*disable\s*=\s*([A-Za-z0-9_, ]*?)\s*$")
_CODE: Final = re.compile(r"^[A-Z]\d{3}$")


@dataclass(frozen=True, slots=True)
class Suppressions:
    """The `# wargame: disable=` comments of one file."""

    file: str
    whole_file: frozenset[str]
    by_line: Mapping[int, frozenset[str]]
    """Line of a node -> codes silenced for it."""
    nodes: Mapping[int, tuple[str, ...]]
    """Line -> dotted paths of the nodes starting on it (outermost first)."""
    directives: tuple[tuple[int, int, str], ...]
    """(line, column, code) of every code named, for checking them."""

    def silenced(self, diagnostic: Diagnostic) -> bool:
        code = diagnostic.code
        if code in self.whole_file:
            return True
        line = diagnostic.span.line
        if code in self.by_line.get(line, frozenset()):
            return True
        path = diagnostic.path or ""
        for node_line, codes in self.by_line.items():
            if code not in codes:
                continue
            for node in self.nodes.get(node_line, ()):
                if path == node or path.startswith((node + ".", node + "[")):
                    return True
        return False

    def problems(self, known: set[str]) -> Iterator[Diagnostic]:
        for line, col, code in self.directives:
            if code not in known:
                yield Diagnostic(
                    W_BAD_DIRECTIVE,
                    f"`# wargame: disable=` names `{code}`, which is not a lint code",
                    Span(self.file, line, col),
                    "warning",
                    "write codes such as W103, separated by commas (docs/lint.md lists them)",
                )


def suppressions(text: str, source_map: SourceMap) -> Suppressions:
    """Read the `# wargame: disable=CODES` comments of a file's text."""
    from wargame.scenario.source import source_lines

    lines = source_lines(text)
    whole: set[str] = set()
    by_line: dict[int, set[str]] = {}
    directives: list[tuple[int, int, str]] = []
    for number, line in enumerate(lines, start=1):
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        codes = {c.strip() for c in match.group(1).split(",") if c.strip()}
        col = line.index("#", match.start()) + 1
        directives.extend((number, col, c) for c in sorted(codes))
        before = line[: col - 1]
        if not before.strip():
            if col == 1:
                whole |= codes
                continue
            target = number + 1  # an indented comment line: the next line with content
            while target <= len(lines) and (
                not lines[target - 1].strip() or lines[target - 1].lstrip().startswith("#")
            ):
                target += 1
            by_line.setdefault(target, set()).update(codes)
        else:
            by_line.setdefault(number, set()).update(codes)
    nodes: dict[int, list[str]] = {}
    if by_line:
        for path, info in source_map.nodes.items():
            if not path:
                continue
            start = info.key if info.key is not None else info.value
            if start.line in by_line:
                nodes.setdefault(start.line, []).append(dotted(path))
    return Suppressions(
        file=source_map.file,
        whole_file=frozenset(whole),
        by_line={k: frozenset(v) for k, v in by_line.items()},
        nodes={k: tuple(sorted(v, key=len)) for k, v in nodes.items()},
        directives=tuple(directives),
    )


def apply_suppressions(
    diagnostics: Iterable[Diagnostic], silenced: Suppressions
) -> list[Diagnostic]:
    """The diagnostics no comment silences, sorted by position."""
    kept = [d for d in diagnostics if d.code == W_BAD_DIRECTIVE or not silenced.silenced(d)]
    return sorted(kept, key=lambda d: (d.span.line, d.span.col, d.code, d.message))
