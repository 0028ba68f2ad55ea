"""A scenario's random playout as one generated Python function: the engine's fast path.

`playout` is the inner loop of every Monte Carlo answer (batches, the search bot's
rollouts, decisive moves). The reference engine is general: each step reads the scenario's
tables, calls the rules through `flow`, `injects`, `cohesion` and `endings`, evaluates
closures over tuples and rebuilds a tuple per write. Here the same rules are written out
once per scenario as straight-line Python: every variable, flag, trust cell, commitment and
cohesion is a local variable, each condition and effect value is its expression inlined
(`wargame.scenario.expressions.pysource`), and each seat's menu, each move's effects and
resolution, the injects, the endings and the end-of-turn alliance rules are code, not data.

What is generated is derived from the compiled scenario (the IR) only, and computes what
`playout._play_on` computes with the same float operations in the same order, drawing the
same numbers: `tests/engine/test_specialise.py` plays the shipped scenarios both ways on
random seeds and compares the whole state after every step. The source holds numbers and
indexes, never text from the scenario file. A scenario the generator does not cover (one
above `MAX_LINES` of source, an alliance naming an actor twice) gets None, and `playout`
keeps to the reference path; so does a generator that is not a plain `random()` stream
(`rng.Branching`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from wargame.engine.actions import PlayMove
from wargame.engine.adjudication import shares
from wargame.engine.events import EMPTY_LOG
from wargame.engine.injects import CASCADE_ROUNDS
from wargame.engine.state import TIME_EXPIRED, GameState
from wargame.engine.tables import Tables, tables
from wargame.scenario.expressions.pysource import RUNTIME, Number, PySource, literal, number_class
from wargame.scenario.expressions.tree import Compare, Const, IfElse, Logic, Node, Not, Read
from wargame.scenario.expressions.vocabulary import Quantity
from wargame.scenario.ir import Effect, MoveIR, ScenarioIR, StateLike, Value
from wargame.scenario.numbers import as_number, bounded, probability

__all__ = [
    "MAX_LINES",
    "Result",
    "Specialised",
    "Weights",
    "generate",
    "specialised",
    "weighted_pick",
]

MAX_LINES: Final = 60_000
"""Most lines of generated source: beyond it compiling costs more than a short batch
gains (about 20 lines a move), and the reference path plays."""

Weights = tuple[float, ...] | None
"""Each move's weight, by move index, for seats that choose as the weighted bot does."""

Result = tuple[GameState, int, list[int], list[int], list[tuple[Any, Any]], set[int]]
"""(final state, actions taken, indexes of the moves chosen, the turn of each, (cohesion,
vars) snapshots as `Playout.turns` has them, indexes of the moves ever offered)."""


@dataclass(frozen=True, slots=True)
class Specialised:
    """A scenario's generated playout."""

    source: str
    run: Callable[[GameState, Callable[[], float], int, bool, Weights], Result]
    """`run(state, rng.random, max_steps, opening, weights)`: `opening` plays turn 1's
    opening (the injects and the histories' start) first, as `flow.open_game` does;
    `weights` (by move index, a pass weighing 1) makes every seat choose as the weighted
    bot does, None uniformly."""
    scores: Callable[[GameState], tuple[float, ...]]
    """Every actor's `ScenarioIR.objective_score` in a state, by actor index."""
    score: tuple[Callable[[StateLike], float], ...] = ()
    """Per actor index, its `ScenarioIR.objective_score` alone (a state, or a `Work`)."""


WARM_UP_SIZE: Final = 500
"""A scenario of this many parts (variables, flags, moves, injects, endings, seats) plays
one game through the reference path before its source is written, one of twice the size
two, and so on: writing and compiling costs about 0.1 ms a part, which a small batch of a
very large scenario would not win back."""


class _Entry:
    __slots__ = ("made", "plays", "scenario")

    def __init__(self, scenario: ScenarioIR) -> None:
        self.scenario = scenario
        self.plays = 0
        self.made: Specialised | None = None


_cache: dict[int, _Entry] = {}


def specialised(scenario: ScenarioIR) -> Specialised | None:
    """The generated playout of `scenario`, None when it has none (yet: a very large
    scenario warms up on the reference path first, see `WARM_UP_SIZE`)."""
    entry = _cache.get(id(scenario))
    if entry is None or entry.scenario is not scenario:
        if len(_cache) >= 16:
            del _cache[next(iter(_cache))]
        entry = _cache[id(scenario)] = _Entry(scenario)
    if entry.made is not None or entry.plays < 0:
        return entry.made
    if entry.plays < _parts(scenario) // WARM_UP_SIZE:
        entry.plays += 1
        return None
    entry.plays = -1  # decided, whatever comes out
    t = tables(scenario)
    source = generate(scenario, t)
    if source is not None:
        namespace = _namespace(scenario, t)
        exec(compile(source, f"<playout of {scenario.id}>", "exec"), namespace)
        entry.made = Specialised(
            source,
            namespace["play"],
            namespace["scores"],
            tuple(namespace[f"score_{i}"] for i in range(len(scenario.actors))),
        )
    return entry.made


def weighted_pick(options: list[int], weights: tuple[float, ...], draw: float) -> int:
    """Index into `options` (or `len(options)`: pass, weight 1) drawn by the moves' weights;
    `draw` is one uniform number in [0, 1)."""
    total = 1.0
    for m in options:
        total += weights[m]
    target = draw * total
    for index, m in enumerate(options):
        target -= weights[m]
        if target < 0:
            return index
    return len(options)


def _parts(s: ScenarioIR) -> int:
    seats = sum(len(p.actors) for p in s.phases)
    return len(s.variables) + len(s.flags) + len(s.moves) + len(s.injects) + len(s.endings) + seats


def _namespace(s: ScenarioIR, t: Tables) -> dict[str, Any]:
    """What the generated source may name: the runtime of `pysource`, a few builtins, and
    the scenario's action objects."""
    return {
        **RUNTIME,
        "__builtins__": {f.__name__: f for f in _BUILTINS},
        "GameState": GameState,
        "EMPTY_LOG": EMPTY_LOG,
        "PlayMove": PlayMove,
        "PLAY": t.play_actions,
        "PASS": t.pass_actions,
        "MOVE_INDEX": s.names.moves,
        "_weighted": weighted_pick,
        "_quiet_op": _quiet_op,
    }


_BUILTINS: Final = (int, float, bool, len, list, set, tuple, range, isinstance, AssertionError)


def _quiet_op(op: str, old: float, value: Value) -> float:
    """`old OP value` as `work.apply_quietly` computes it when `value` may be an integer
    beyond a float's range."""
    try:
        if op == "+=":
            return old + value
        if op == "-=":
            return old - value
        if op == "=":
            return float(value)
        return old * value
    except OverflowError:
        x = as_number(value)
        return x if op == "=" else old + x if op == "+=" else old - x if op == "-=" else old * x


def _as_float(node: Node, value: str) -> str:
    """`numbers.as_number` of `node`'s value, written as cheaply as its kind allows."""
    if isinstance(node, Const):
        return literal(as_number(node.value))
    cls = number_class(node)
    if cls is Number.FLOAT:
        return value
    return f"float({value})" if cls is Number.SMALL else f"_as_number({value})"


def _truth(node: Node) -> bool:
    """Whether `node`'s value is always true or false (a comparison, `not`, a flag, or
    `and`/`or`/`if` of such), so that `bounded` and `probability` of it are 1.0 or 0.0."""
    if isinstance(node, Compare | Not):
        return True
    if isinstance(node, Logic):
        return all(_truth(operand) for operand in node.operands)
    if isinstance(node, IfElse):
        return _truth(node.body) and _truth(node.orelse)
    if isinstance(node, Read):
        return node.reading.kind == "bool"
    return isinstance(node, Const) and isinstance(node.value, bool)


def _probability(node: Node, value: str, name: str) -> str:
    """`numbers.probability` of `node`'s value: inline for a float or a truth."""
    if isinstance(node, Const):
        return literal(probability(node.value))
    if _truth(node):
        return f"(1.0 if {value} else 0.0)"
    if number_class(node) is not Number.FLOAT:
        return f"_probability({value})"
    return f"({name} if 0.0 <= ({name} := {value}) <= 1.0 else 1.0 if {name} > 1.0 else 0.0)"


def _bounded(node: Node, value: str, name: str) -> str:
    """`numbers.bounded` of `node`'s value: inline for a float in range or a truth."""
    if isinstance(node, Const):
        return literal(bounded(node.value))
    if _truth(node):
        return f"(1.0 if {value} else 0.0)"
    if number_class(node) is not Number.FLOAT:
        return f"_bounded({value})"
    return f"({name} if -1e15 <= ({name} := {value}) <= 1e15 else _bounded({name}))"


class _Writer:
    """Indented lines of source."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 1

    def __call__(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    @contextmanager
    def block(self, head: str) -> Iterator[None]:
        self(head)
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1


def _tuple(items: Sequence[str]) -> str:
    if len(items) == 1:
        return f"({items[0]},)"
    return f"({', '.join(items)})"


def generate(s: ScenarioIR, t: Tables) -> str | None:
    """The source of `def play(S, rand, max_steps, opening, W)` for `s`, or None."""
    for alliance in s.alliances:
        if len(set(alliance.members)) != len(alliance.members):
            return None
    if sum(len(p.actors) for p in s.phases) * 20 + len(s.moves) * 20 > MAX_LINES:
        return None
    body = _Generator(s, t).body() + _scores(s)
    return body if body.count("\n") <= MAX_LINES else None


def _scores(s: ScenarioIR) -> str:
    """`def scores(S)`: `ScenarioIR.objective_score` of every actor, as one tuple; and
    `def score_I(S)` per actor I, its score alone (what a goal bot's look-ahead asks for
    each move it tries)."""
    reads: set[str] = set()

    def read(node: Read) -> str:
        field = node.reading.field
        if node.quantity is Quantity.TURN:
            reads.add("turn = S.turn")
            return "turn"
        name = f"_{field}_{node.index}" + (f"_{node.other}" if node.other >= 0 else "")
        cell = f"S.{field}[{node.index}]" + (f"[{node.other}]" if node.other >= 0 else "")
        reads.add(f"{name} = {cell}")
        return name

    py = PySource(read)
    lines: list[str] = []
    alone: list[str] = []
    for index, actor in enumerate(s.actors):
        before = len(lines)
        lines.append("_s = 0.0")
        for objective in actor.objectives:
            if objective.score is not None:
                tree = objective.score.tree
                amount = _bounded(tree, py.expr(tree), py.temp())
                lines.append(f"_s += {literal(objective.weight)} * {amount}")
        own = sorted(r for r in reads if _read_in(r, lines[before:]))
        alone += [f"def score_{index}(S):", *(f"    {r}" for r in own)]
        alone += [f"    {x}" for x in lines[before:]]
        alone += ["    return _s", ""]
        lines.append("_out.append(_s)")
    head = ["def scores(S):", *(f"    {r}" for r in sorted(reads)), "    _out = []"]
    return "\n".join(
        [*head, *(f"    {x}" for x in lines), "    return tuple(_out)", "", *alone]
    )


def _read_in(read: str, lines: list[str]) -> bool:
    """Whether the local that `read` (`NAME = CELL`) sets is used in `lines`."""
    name = read.split(" = ", 1)[0]
    return any(re.search(rf"\b{re.escape(name)}\b", line) for line in lines)


class _Generator:
    def __init__(self, s: ScenarioIR, t: Tables) -> None:
        self.s = s
        self.t = t
        self.w = _Writer()
        self.py = PySource(self._read)
        self.cells: set[tuple[int, int]] = set()
        """Trust cells the game reads or writes (each a local `tA_B`)."""
        self.written: set[tuple[int, int]] = set()
        for alliance in s.alliances:
            for i in alliance.members:
                for j in alliance.members:
                    if i != j:
                        self.written.add((i, j))

    # -- names ----------------------------------------------------------------------------

    def _read(self, node: Read) -> str:
        q, i, j = node.quantity, node.index, node.other
        if q is Quantity.VAR:
            return f"v{i}"
        if q is Quantity.FLAG:
            return f"f{i}"
        if q is Quantity.TURN:
            return "turn"
        if q is Quantity.TRUST:
            self.cells.add((i, j))
            return f"t{i}_{j}"
        if q is Quantity.COMMITMENT:
            return f"c{i}_{j}"
        if q is Quantity.COHESION:
            return f"co{i}"
        if q is Quantity.MEMBER:
            return f"a{i}_{j}"
        if q is Quantity.COLLAPSED:
            return f"cl{i}"
        if q is Quantity.PLAYED:
            return f"played[{i}]"
        return f"fired[{i}]"

    def _vars(self) -> str:
        return _tuple([f"v{i}" for i in range(len(self.s.variables))])

    def _cohesion(self) -> str:
        return _tuple([f"co{k}" for k in range(len(self.s.alliances))])

    def _expr(self, node: Node) -> str:
        return self.py.expr(node)

    # -- the function ---------------------------------------------------------------------

    def body(self) -> str:
        s, w = self.s, self.w
        w("snap = None")
        w("begin = opening")
        with w.block("while True:"):
            with w.block("if begin:"):
                self._injects()
                with w.block("if opening:"):
                    w("opening = False")
                    w(f"chx.append({self._cohesion()})")
                    w(f"vhx.append({self._vars()})")
                self._endings(self.t.ending_checks)
                if s.phases:
                    self._start_phase(0)
            w("begin = True")
            for k in range(len(s.phases)):
                with w.block(f"if phase == {k}:"):
                    self._phase(k)
            self._end_of_turn()
        with w.block("if turn != snap:"):
            w(f"turns_rec.append(({self._cohesion()}, {self._vars()}))")
        self._pack()
        return "\n".join([*self._head(), *w.lines, ""])

    def _head(self) -> list[str]:
        s = self.s
        out = ["def play(S, rand, max_steps, opening, W):"]

        def line(text: str) -> None:
            out.append("    " + text)

        line("turn = S.turn")
        line("phase = S.phase")
        line("cursor = S.cursor")
        for name, items in (
            ("S.vars", [f"v{i}" for i in range(len(s.variables))]),
            ("S.flags", [f"f{i}" for i in range(len(s.flags))]),
            ("S.cohesion", [f"co{k}" for k in range(len(s.alliances))]),
            ("S.collapsed", [f"cl{k}" for k in range(len(s.alliances))]),
        ):
            if items:
                line(f"{', '.join(items)}, = {name}")
        for k, alliance in enumerate(s.alliances):
            size = len(alliance.members)
            if not size:
                continue
            line(f"{', '.join(f'c{k}_{m}' for m in range(size))}, = S.commitment[{k}]")
            line(f"{', '.join(f'a{k}_{m}' for m in range(size))}, = S.active[{k}]")
        cells = self.cells | self.written
        if cells:
            line("T = S.trust")
            for i, j in sorted(cells):
                line(f"t{i}_{j} = T[{i}][{j}]")
        line("played = list(S.played)")
        line("fired = list(S.fired)")
        line("last = list(S.last_played)")
        line("tplayed = list(S.turn_played)")
        line("orders = list(S.orders)")
        line("ending = None")
        line("steps = 0")
        line("chosen = []")
        line("chosen_turns = []")
        line("offered = set()")
        line("offer = offered.update")
        line("turns_rec = []")
        line("chx = []")
        line("vhx = []")
        return out

    def _pack(self) -> None:
        s, w = self.s, self.w
        rows = sorted({i for i, _ in self.written})
        if rows:
            w("T = list(S.trust)")
            for i in rows:
                w(f"_r = list(T[{i}])")
                for a, b in sorted(self.written):
                    if a == i:
                        w(f"_r[{b}] = t{a}_{b}")
                w(f"T[{i}] = tuple(_r)")
            trust = "tuple(T)"
        else:
            trust = "S.trust"
        slots = [range(len(a.members)) for a in s.alliances]
        commitment = _tuple([_tuple([f"c{k}_{m}" for m in ms]) for k, ms in enumerate(slots)])
        active = _tuple([_tuple([f"a{k}_{m}" for m in ms]) for k, ms in enumerate(slots)])
        flags = _tuple([f"f{i}" for i in range(len(s.flags))])
        collapsed = _tuple([f"cl{k}" for k in range(len(s.alliances))])
        w(
            f"state = GameState(turn, phase, {self._vars()}, {flags}, {trust}, {commitment}, "
            f"{active}, {self._cohesion()}, {collapsed}, tuple(played), tuple(fired), "
            "tuple(last), tuple(tplayed), cursor, tuple(orders), None, False, "
            "S.cohesion_history + tuple(chx), S.var_history + tuple(vhx), EMPTY_LOG, ending, "
            "S.steps + steps, None, S.free)"
        )
        w("return state, steps, chosen, chosen_turns, turns_rec, offered")

    # -- turns and phases -----------------------------------------------------------------

    def _start_phase(self, k: int) -> None:
        w = self.w
        w(f"phase = {k}")
        w("cursor = 0")
        n = len(self.t.phase_actors[k])
        w(f"orders = [None] * {n}" if self.t.simultaneous[k] else "orders = []")

    def _phase(self, k: int) -> None:
        s, t, w = self.s, self.t, self.w
        actors = t.phase_actors[k]
        n = len(actors)
        for position, actor in enumerate(actors):
            with w.block(f"if cursor == {position}:"):
                with w.block("if turn != snap:"):
                    w("snap = turn")
                    w(f"turns_rec.append(({self._cohesion()}, {self._vars()}))")
                with w.block("if steps >= max_steps:"):
                    w("break")
                self._choose(k, position, actor)
                w("steps += 1")
        if t.simultaneous[k]:
            with w.block(f"if cursor == {n}:"):
                for position, actor in enumerate(actors):
                    self._resolve_order(k, position, actor)
                w(f"cursor = {2 * n}")
        self._endings(t.ending_checks)
        if k + 1 < len(s.phases):
            self._start_phase(k + 1)

    def _choose(self, k: int, position: int, actor: int) -> None:
        """The seat at `position` picks among its legal actions, pass included: uniformly,
        or by the moves' weights `W` (one draw either way)."""
        t, w = self.t, self.w
        menu = t.position_menus[k][position]
        if menu:
            w("_o = []")
            for m, move, _, _ in menu:
                condition = self._available(move)
                if condition == "True":
                    w(f"_o.append({m})")
                    continue
                with w.block(f"if {condition}:"):
                    w(f"_o.append({m})")
            w("offer(_o)")
            w("_n = len(_o)")
            w("_k = int(rand() * (_n + 1)) if W is None else _weighted(_o, W, rand())")
        else:
            w("rand()")
        if t.simultaneous[k]:
            if menu:
                with w.block("if _k >= _n:"):
                    w(f"orders[{position}] = PASS[{actor}]")
                with w.block("else:"):
                    w("_m = _o[_k]")
                    w("chosen.append(_m)")
                    w("chosen_turns.append(turn)")
                    w(f"orders[{position}] = PLAY[_m]")
            else:
                w(f"orders[{position}] = PASS[{actor}]")
            w(f"cursor = {position + 1}")
            return
        w(f"cursor = {position + 1}")
        if menu:
            with w.block("if _k < _n:"):
                w("_m = _o[_k]")
                w("chosen.append(_m)")
                w("chosen_turns.append(turn)")
                self._dispatch([move for _, move, _, _ in menu], check=False)

    def _resolve_order(self, k: int, position: int, actor: int) -> None:
        """A simultaneous phase's order at `position`, played now if still available."""
        w = self.w
        moves = [move for _, move, _, _ in self.t.position_menus[k][position]]
        if not moves:
            return
        w(f"_o = orders[{position}]")
        with w.block("if isinstance(_o, PlayMove):"):
            w("_m = MOVE_INDEX[_o.move]")
            self._dispatch(moves, check=True)

    def _dispatch(self, moves: list[MoveIR], *, check: bool) -> None:
        """Play move `_m`, one of `moves` (when `check`: only if still available)."""
        w = self.w
        for index, move in enumerate(moves):
            last = index == len(moves) - 1 and not check
            head = "else:" if last and index else f"{'el' if index else ''}if _m == {move.index}:"
            with w.block(head):
                if check:
                    with w.block(f"if {self._available(move)}:"):
                        self._play(move)
                else:
                    self._play(move)
        if check:
            with w.block("else:"):
                w("raise AssertionError('an order for a move not on the menu')")

    def _available(self, move: MoveIR) -> str:
        """`limits.available(move, state)` as one condition."""
        m = move.index
        parts = []
        if move.per_game is not None:
            parts.append(f"played[{m}] < {move.per_game}")
        if move.per_turn is not None:
            parts.append(f"not (last[{m}] == turn and tplayed[{m}] >= {move.per_turn})")
        if move.cooldown is not None:
            parts.append(f"not (last[{m}] and turn <= last[{m}] + {move.cooldown})")
        if move.when is not None:
            parts.append(self._expr(move.when.tree))
        return " and ".join(parts) if parts else "True"

    def _play(self, move: MoveIR) -> None:
        """`flow.play` without events and without an umpire."""
        w, m = self.w, move.index
        w(f"played[{m}] += 1")
        w(f"tplayed[{m}] = (tplayed[{m}] if last[{m}] == turn else 0) + 1")
        w(f"last[{m}] = turn")
        self._effects(move.effects)
        if move.resolution is not None:
            self._resolution(move)

    def _resolution(self, move: MoveIR) -> None:
        """`adjudication.resolve_quietly`: the same draws, in the same order."""
        w = self.w
        r = move.resolution
        assert r is not None
        outcomes = r.outcomes
        if r.kind == "dice":
            dice = []
            for die in range(r.dice_count):
                name = f"_d{die}"
                w(f"{name} = int(rand() * {r.dice_sides})")
                with w.block(f"if {name} > {r.dice_sides - 1}:"):
                    w(f"{name} = {r.dice_sides - 1}")
                dice.append(f"({name} + 1)")
            w(f"_s = {' + '.join(dice) if dice else '0'}")
            w("_t = 0")
            for modifier in r.modifiers:
                value = modifier.value.tree
                amount = _bounded(value, self._expr(value), self.py.temp())
                if modifier.when is None:
                    w(f"_t = _t + {amount}")
                else:
                    with w.block(f"if {self._expr(modifier.when.tree)}:"):
                        w(f"_t = _t + {amount}")
            if move.argued is not None:
                w(f"_t = _t + {literal(float(move.argued.neutral))}")
            w("_t = float(_s) + _t")
            branches: list[tuple[str, tuple[Effect, ...]]] = []
            for index, outcome in enumerate(outcomes):
                if outcome.at_least is None or index == len(outcomes) - 1:
                    branches.append(("", outcome.effects))
                    break
                branches.append((f"_t >= {literal(outcome.at_least)}", outcome.effects))
            self._branches(branches)
            return
        if r.kind != "chance" and all(o.p is None for o in outcomes):
            self._effects(outcomes[0].effects)  # a ruling without odds: the first outcome
            return
        constant = [o.p is None or isinstance(o.p.tree, Const) for o in outcomes]
        if all(constant):
            values = tuple(
                None if o.p is None else probability(o.p.tree.value)  # type: ignore[union-attr]
                for o in outcomes
            )
            running = 0.0
            branches = []
            for p, outcome in zip(shares(values), outcomes, strict=True):
                running += p
                branches.append((f"_d < {literal(running)}", outcome.effects))
            w("_d = rand()")
            if r.kind == "ruling":
                branches.append(("", outcomes[0].effects))  # past them all: the first
            self._branches(branches)
            return
        # `adjudication.shares` and `pick`, written out: the same sums in the same order.
        w("_t = 0.0")
        for index, outcome in enumerate(outcomes):
            if outcome.p is not None:
                tree = outcome.p.tree
                w(f"_p{index} = {_probability(tree, self._expr(tree), self.py.temp())}")
                w(f"_t += _p{index}")
        missing = sum(1 for o in outcomes if o.p is None)
        if missing:
            w(f"_sh = (_y if (_y := 1.0 - _t) > 0.0 else 0.0) / {missing}")
        w("_c = 0.0")
        branches = []
        for index, outcome in enumerate(outcomes):
            w(f"_c{index} = _c = _c + {'_sh' if outcome.p is None else f'_p{index}'}")
            branches.append((f"_d < _c{index}", outcome.effects))
        w("_d = rand()")
        if r.kind == "ruling":
            branches.append(("", outcomes[0].effects))  # past them all: the first
        self._branches(branches)

    def _branches(self, branches: list[tuple[str, tuple[Effect, ...]]]) -> None:
        """`if c0: effects0 elif c1: ...`; an empty condition is the `else`."""
        w = self.w
        for index, (condition, effects) in enumerate(branches):
            if not condition and not index:
                self._effects(effects)
                return
            head = f"{'el' if index else ''}if {condition}:" if condition else "else:"
            with w.block(head):
                if effects:
                    self._effects(effects)
                else:
                    w("pass")
            if not condition:
                return

    # -- effects ---------------------------------------------------------------------------

    def _effects(self, effects: tuple[Effect, ...]) -> None:
        """`work.apply_quietly`, one effect after another."""
        for effect in effects:
            kind = effect.target.kind
            if kind == "var":
                v = self.s.variables[effect.target.a]
                self._number(f"v{effect.target.a}", effect, v.min, v.max)
            elif kind == "flag":
                node = effect.value.tree
                value = self._expr(node)
                self.w(f"f{effect.target.a} = {value if node.kind == 'bool' else f'bool({value})'}")
            elif kind == "trust":
                a, b = effect.target.a, effect.target.b
                self.cells.add((a, b))
                self.written.add((a, b))
                self._number(f"t{a}_{b}", effect, 0.0, 100.0)
            else:
                self._commitment(effect)

    def _number(self, cell: str, effect: Effect, lo: float, hi: float) -> None:
        """A variable or trust cell: OP, then held within [lo, hi]; not a number: unchanged."""
        w = self.w
        node = effect.value.tree
        value = self._expr(node)
        op = effect.op
        if number_class(node) in (Number.FLOAT, Number.SMALL):
            new = _as_float(node, value) if op == "=" else f"{cell} {op[0]} {value}"
        else:
            new = f"_quiet_op({op!r}, {cell}, {value})"
        w(f"_x = {new}")
        with w.block(f"if _x < {literal(lo)}:"):
            w(f"_x = {literal(lo)}")
        with w.block(f"elif _x > {literal(hi)}:"):
            w(f"_x = {literal(hi)}")
        with w.block("elif _x != _x:"):
            w(f"_x = {cell}")
        with w.block(f"if _x != {cell}:"):
            w(f"{cell} = _x")

    def _commitment(self, effect: Effect) -> None:
        """`work.set_commitment` of `_combine(op, old, as_number(value))`, then cohesion."""
        w = self.w
        k, m = effect.target.a, effect.target.b
        cell = f"c{k}_{m}"
        node = effect.value.tree
        value = self._expr(node)
        x = _as_float(node, value)
        op = effect.op
        w(f"_x = {x}" if op == "=" else f"_x = {cell} {op[0]} {x}")
        with w.block("if _x < 0.0:"):
            w("_x = 0.0")
        with w.block("elif _x > 100.0:"):
            w("_x = 100.0")
        with w.block(f"if _x == _x and _x != {cell}:"):
            w(f"{cell} = _x")
            self._recompute_cohesion(k)

    def _recompute_cohesion(self, k: int) -> None:
        """`work.recompute_cohesion`: Σ w·c over active members / Σ w over all."""
        w = self.w
        alliance = self.s.alliances[k]
        total = 0.0
        for weight in alliance.weights:
            total += weight
        w("_c = 0.0")
        for m, weight in enumerate(alliance.weights):
            with w.block(f"if a{k}_{m}:"):
                w(f"_c += {literal(weight)} * c{k}_{m}")
        w(f"_c = _c / {literal(total)}" if total > 0 else "_c = 0.0")
        with w.block(f"if _c != co{k}:"):
            w(f"co{k} = _c")

    # -- start and end of turn -------------------------------------------------------------

    def _injects(self) -> None:
        """`injects.start_of_turn`: file order, chances, the cascade."""
        s, w = self.s, self.w
        if not s.injects:
            return
        considered = [f"_ic{inject.index}" for inject in s.injects]
        w(f"{' = '.join(considered)} = False")
        with w.block(f"for _ in range({CASCADE_ROUNDS}):"):
            w("_fired = False")
            for inject in s.injects:
                i = inject.index
                parts = [f"not _ic{i}"]
                if inject.once:
                    parts.append(f"fired[{i}] <= 0")
                if inject.turns is not None:
                    turns = sorted(set(inject.turns))
                    parts.append(
                        f"turn == {turns[0]}" if len(turns) == 1
                        else f"turn in {{{', '.join(str(x) for x in turns)}}}"
                    )
                if inject.when is not None:
                    parts.append(self._expr(inject.when.tree))
                with w.block(f"if {' and '.join(parts)}:"):
                    w(f"_ic{i} = True")
                    if inject.chance is None:
                        self._fire(i, inject.effects)
                        continue
                    node = inject.chance.tree
                    p = _probability(node, self._expr(node), self.py.temp())
                    with w.block(f"if rand() < {p}:"):
                        self._fire(i, inject.effects)
            with w.block("if not _fired:"):
                w("break")

    def _fire(self, i: int, effects: tuple[Effect, ...]) -> None:
        self.w(f"fired[{i}] += 1")
        self._effects(effects)
        self.w("_fired = True")

    def _endings(self, checks: Sequence[tuple[int, object]]) -> None:
        """`endings.check_endings` without an umpire: the first that holds ends the game."""
        w = self.w
        for index, _ in checks:
            when = self.s.endings[index].when
            assert when is not None
            with w.block(f"if {self._expr(when.tree)}:"):
                w(f"ending = {index}")
                w("break")

    def _end_of_turn(self) -> None:
        s, w = self.s, self.w
        for k in range(len(s.alliances)):
            with w.block(f"if not cl{k}:"):
                self._alliance_rules(k)
        w(f"chx.append({self._cohesion()})")
        w(f"vhx.append({self._vars()})")
        self._endings(self.t.turn_checks)
        with w.block(f"if turn >= {s.calendar.turns}:"):
            first = True
            for index in s.end_order:
                when = s.endings[index].when
                if when is None:
                    continue
                with w.block(f"{'if' if first else 'elif'} {self._expr(when.tree)}:"):
                    w(f"ending = {index}")
                first = False
            fallback = s.default_ending if s.default_ending is not None else TIME_EXPIRED
            if first:
                w(f"ending = {fallback}")
            else:
                with w.block("else:"):
                    w(f"ending = {fallback}")
            w("break")
        w("turn += 1")

    def _alliance_rules(self, k: int) -> None:
        """`cohesion._quietly` and `_exits_and_collapse`: contagion, drift, exits, collapse.

        While every member is active (most turns of most games) the sums are written out
        whole, with the counts and weights they divide by worked out here; otherwise each
        term is kept if its member is active. The same additions in the same order either
        way."""
        w = self.w
        alliance = self.s.alliances[k]
        members = alliance.members
        for i in members:
            for j in members:
                if i != j:
                    self.cells.add((i, j))
        everyone = " and ".join(f"a{k}_{m}" for m in range(len(members))) or "True"
        with w.block(f"if {everyone}:"):
            self._contagion(k, everyone=True)
            self._drift(k, everyone=True)
        with w.block("else:"):
            self._contagion(k, everyone=False)
            self._drift(k, everyone=False)
        for m in range(len(members)):
            with w.block(f"if a{k}_{m} and c{k}_{m} < {literal(alliance.exit_below[m])}:"):
                w(f"a{k}_{m} = False")
        self._recompute_cohesion(k)
        with w.block(f"if co{k} < {literal(alliance.collapse_below)}:"):
            w(f"cl{k} = True")

    def _contagion(self, k: int, *, everyone: bool) -> None:
        """Each active member's trust in each other moves toward the others' mean trust in
        it; every new cell from the old matrix (Jacobi), then written."""
        w = self.w
        alliance = self.s.alliances[k]
        members = alliance.members
        slots = range(len(members))
        rate = literal(alliance.contagion)
        if not (alliance.contagion > 0 and len(members) >= 3):
            return
        pairs = [(si, sj) for si in slots for sj in slots if si != sj]
        if everyone:
            count = len(members) - 2
            for si, sj in pairs:
                i, j = members[si], members[sj]
                terms = "".join(f" + t{members[so]}_{j}" for so in slots if so not in (si, sj))
                w(f"_x = t{i}_{j} + {rate} * ((0.0{terms}) / {count} - t{i}_{j})")
                w(f"_n{si}_{sj} = 0.0 if _x < 0.0 else 100.0 if _x > 100.0 else _x")
            for si, sj in pairs:
                w(f"t{members[si]}_{members[sj]} = _n{si}_{sj}")
            return
        w(f"_on = {' + '.join(f'a{k}_{m}' for m in slots)}")
        with w.block("if _on >= 3:"):
            w("_on -= 2")
            for si, sj in pairs:
                i, j = members[si], members[sj]
                with w.block(f"if a{k}_{si} and a{k}_{sj}:"):
                    w("_s = 0.0")
                    for so in slots:
                        if so not in (si, sj):
                            with w.block(f"if a{k}_{so}:"):
                                w(f"_s += t{members[so]}_{j}")
                    w(f"_x = t{i}_{j} + {rate} * (_s / _on - t{i}_{j})")
                    w(f"_n{si}_{sj} = 0.0 if _x < 0.0 else 100.0 if _x > 100.0 else _x")
            for si, sj in pairs:
                with w.block(f"if a{k}_{si} and a{k}_{sj}:"):
                    w(f"t{members[si]}_{members[sj]} = _n{si}_{sj}")

    def _drift(self, k: int, *, everyone: bool) -> None:
        """Each active member's commitment moves toward its weighted mean trust in the
        other active members."""
        w = self.w
        alliance = self.s.alliances[k]
        members = alliance.members
        slots = range(len(members))
        rate = literal(alliance.drift)
        for m in slots:
            others = [n for n in slots if n != m]
            if everyone:
                den = 0.0
                for n in others:
                    den += alliance.weights[n]
                if den <= 0:
                    continue
                num = "".join(
                    f" + {literal(alliance.weights[n])} * t{members[m]}_{members[n]}"
                    for n in others
                )
                w(f"_x = c{k}_{m} + {rate} * ((0.0{num}) / {literal(den)} - c{k}_{m})")
            else:
                w(f"if a{k}_{m}:")
                w.depth += 1
                w("_num = 0.0")
                w("_den = 0.0")
                for n in others:
                    with w.block(f"if a{k}_{n}:"):
                        weight = literal(alliance.weights[n])
                        w(f"_num += {weight} * t{members[m]}_{members[n]}")
                        w(f"_den += {weight}")
                w("if not _den <= 0:")
                w.depth += 1
                w(f"_x = c{k}_{m} + {rate} * (_num / _den - c{k}_{m})")
            w("_x = 0.0 if _x < 0.0 else 100.0 if _x > 100.0 else _x")
            with w.block(f"if _x != c{k}_{m}:"):
                w(f"c{k}_{m} = _x")
            if not everyone:
                w.depth -= 2
