"""`wargame graph`: a scenario's branch structure as Mermaid or Graphviz DOT.

The graph shows what leads where: moves (grouped by actor) and injects, the flags,
variables and alliances they change, the moves, injects and endings whose conditions read
those, the moves and injects whose odds they shift (a chance outcome's `p`, an inject's
`chance`, a dice modifier), and the endings. To stay readable for a scenario of fifty moves
it keeps only the state that some condition or some odds read (a variable only shown on the
dashboard is left out), drops moves and injects that neither change such state nor depend
on it, and labels edges with the effect (`+1`, `set`), the test (`>= 5`, `not`) or the role
in the odds (`p(granted)`, `chance`, `roll −1 if >= 6`) in a few characters. `focus` keeps
only what can lead to one ending; `actor` keeps one actor's moves and what they touch.

Everything here is pure: `build_graph` reads the IR, `to_mermaid` / `to_dot` render text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from wargame.scenario.expressions import constant_value
from wargame.scenario.expressions import tree as ex
from wargame.scenario.expressions.vocabulary import Quantity
from wargame.scenario.ir import Effect, Expr, ScenarioIR

__all__ = ["Graph", "GraphError", "build_graph", "to_dot", "to_mermaid"]

NodeKind = Literal["move", "actor", "inject", "flag", "var", "alliance", "trust", "ending"]
EdgeKind = Literal["changes", "enables", "odds"]
"""A move or inject changes a value; a condition reads it; a chance or dice roll reads it."""

LABEL_WIDTH: Final = 48
"""Longest node label before it is shortened with an ellipsis."""
EDGE_LABELS: Final = 2
"""At most this many effects are named on one edge; more become `…`."""
INJECTS_GROUP: Final = "injects"
STATE_GROUP: Final = ""
ENDINGS_GROUP: Final = "endings"


class GraphError(ValueError):
    """A filter names something the scenario does not have."""


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    kind: NodeKind
    group: str
    """Actor id for moves, `injects`, `endings`, or "" for state."""


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    kind: EdgeKind
    labels: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        unique = list(dict.fromkeys(x for x in self.labels if x))
        bare = {x.split(": ", 1)[-1] for x in unique}
        if len(unique) > 1 and len(bare) == 1:  # every outcome does the same
            unique = list(bare)
        if unique and all(x in ("+", "−", "±") for x in unique):
            return unique[0] if len(unique) == 1 else "±"
        if len(unique) > EDGE_LABELS:
            return ", ".join(unique[:EDGE_LABELS]) + ", …"
        return ", ".join(unique)


@dataclass
class Graph:
    """Nodes in display order, edges in file order, and the group titles."""

    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    """Group id -> title, in display order."""
    omitted: list[str] = field(default_factory=list)
    """Moves and injects left out because they touch no condition."""

    def add_edge(self, source: str, target: str, kind: EdgeKind, label: str) -> None:
        edge = self.edges.setdefault((source, target, kind), Edge(source, target, kind))
        edge.labels.append(label)

    def keep(self, ids: set[str]) -> None:
        self.nodes = {k: v for k, v in self.nodes.items() if k in ids}
        self.edges = {k: e for k, e in self.edges.items() if e.source in ids and e.target in ids}


# -- building ---------------------------------------------------------------------------------


def _short(text: str, width: int = LABEL_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _state_of_read(read: str) -> str | None:
    """The state node an `Expr.reads` entry belongs to (None for what has no node)."""
    kind, _, rest = read.partition(":")
    if kind == "var":
        return f"v_{rest}"
    if kind == "flag":
        return f"f_{rest}"
    if kind in ("cohesion", "collapsed", "member", "commitment"):
        return f"k_{rest.split(':')[0]}"
    if kind == "trust":
        a, b = rest.split(":")
        return f"t_{a}__{b}"
    return None


def _effect_edges(ir: ScenarioIR, effect: Effect) -> Iterator[tuple[str, str]]:
    """(state node, short label) for what one effect changes."""
    t = effect.target
    value = effect.value
    constant = _literal(value)
    if t.kind == "flag":
        if constant is True:
            yield f"f_{ir.flags[t.a].id}", "set"
        elif constant is False:
            yield f"f_{ir.flags[t.a].id}", "clear"
        else:
            yield f"f_{ir.flags[t.a].id}", "= …"
        return
    amount = _number(constant) if isinstance(constant, float) else "…"
    change = {"=": f"= {amount}", "+=": f"+{amount}", "-=": f"−{amount}", "*=": f"×{amount}"}[
        effect.op
    ]
    if t.kind == "var":
        yield f"v_{ir.variables[t.a].id}", change
    elif t.kind == "commitment":
        yield f"k_{ir.alliances[t.a].id}", _direction(effect.op, constant)
    else:
        truster, trusted = ir.actors[t.a].id, ir.actors[t.b].id
        yield f"t_{truster}__{trusted}", change
        for alliance in ir.alliances:
            members = {ir.actors[m].id for m in alliance.members}
            if truster in members and trusted in members:
                yield f"k_{alliance.id}", _direction(effect.op, constant)


def _direction(op: str, constant: float | bool | None) -> str:
    """`+`, `−` or `±`: which way an effect pushes an alliance's cohesion."""
    if isinstance(constant, float) and op in ("+=", "-="):
        return "+" if (constant > 0) == (op == "+=") else "−"
    return "±"


def _literal(expr: Expr) -> float | bool | None:
    """The value of an expression that is the same in every state, else None."""
    value = constant_value(expr)
    if value is None or isinstance(value, bool):
        return value
    try:
        return float(value)
    except OverflowError:
        return None


_NUMBERS: Final = ("v_", "k_", "t_")
"""Node prefixes of numeric state (variables, cohesion, trust): compared with `>= 5`."""


def _node_of(n: ex.Node) -> str | None:
    """The graph node of a variable, flag, cohesion or trust read (None for anything else)."""
    if not isinstance(n, ex.Read):
        return None
    if n.quantity is Quantity.VAR:
        return f"v_{n.ids[0]}"
    if n.quantity is Quantity.FLAG:
        return f"f_{n.ids[0]}"
    if n.quantity is Quantity.COHESION:
        return f"k_{n.ids[0]}"
    if n.quantity is Quantity.TRUST:
        return f"t_{n.ids[0]}__{n.ids[1]}"
    return None


def _tests(expr: Expr) -> dict[str, list[str]]:
    """State node -> short descriptions of how the condition tests it (`>= 5`, `not`)."""
    out: dict[str, list[str]] = {}

    def const(n: ex.Node) -> str | None:
        if isinstance(n, ex.Const) and not isinstance(n.value, bool):
            return _number(float(n.value))
        return None

    def walk(n: ex.Node, negated: bool) -> None:
        if isinstance(n, ex.Not):
            target = _node_of(n.operand)
            if target is not None and target.startswith("f_"):
                out.setdefault(target, []).append("not" if not negated else "")
                return
            walk(n.operand, not negated)
            return
        if isinstance(n, ex.Compare) and len(n.ops) == 1:
            (left, right), op = n.operands, n.ops[0]
            for a, b, o in ((left, right, op), (right, left, op.mirrored)):
                target, value = _node_of(a), const(b)
                if target is not None and value is not None and target[:2] in _NUMBERS:
                    out.setdefault(target, []).append(f"{o} {value}")
                    return
        if isinstance(n, ex.Read):
            if n.quantity is Quantity.COLLAPSED:
                words = "not collapsed" if negated else "collapsed"
                out.setdefault(f"k_{n.ids[0]}", []).append(words)
            elif n.quantity is Quantity.MEMBER:
                words = f"{n.ids[1]} left" if negated else f"{n.ids[1]} in"
                out.setdefault(f"k_{n.ids[0]}", []).append(words)
            elif n.quantity is Quantity.FLAG:
                out.setdefault(f"f_{n.ids[0]}", []).append("not" if negated else "")
            return
        for child in ex.children(n):
            walk(child, negated)

    walk(expr.tree, False)
    return out


Level = Literal["auto", "moves", "actors"]
AUTO_MOVES: Final = 25
"""`auto` draws moves for scenarios with up to this many moves (shown), actors above."""


def build_graph(
    ir: ScenarioIR,
    *,
    focus: str | None = None,
    actor: str | None = None,
    level: Level = "auto",
) -> Graph:
    """The branch graph of a scenario; `focus` an ending id, `actor` an actor id.

    `level="actors"` draws one node per actor (its moves merged, edges labelled with the
    direction of the changes); `auto` picks moves unless more than `AUTO_MOVES` would be
    drawn, so a fifty-move scenario still fits on a screen.
    """
    graph = _move_graph(ir, focus=focus, actor=actor)
    moves = sum(1 for n in graph.nodes.values() if n.kind == "move")
    if level == "actors" or (level == "auto" and moves > AUTO_MOVES):
        return _by_actor(ir, graph)
    return graph


def _move_graph(ir: ScenarioIR, *, focus: str | None, actor: str | None) -> Graph:
    if focus is not None and focus not in {e.id for e in ir.endings}:
        raise GraphError(_unknown("ending", focus, [e.id for e in ir.endings]))
    if actor is not None and actor not in ir.names.actors:
        raise GraphError(_unknown("actor", actor, list(ir.names.actors)))
    graph = Graph(title=ir.title)
    conditions: list[tuple[str, Expr]] = []
    for move in ir.moves:
        if move.when is not None:
            conditions.append((f"m_{move.id}", move.when))
    for inject in ir.injects:
        if inject.when is not None:
            conditions.append((f"i_{inject.id}", inject.when))
    for ending in ir.endings:
        if ending.when is not None:
            conditions.append((f"e_{ending.id}", ending.when))
    odds = _odds(ir)
    relevant: set[str] = {state for state, _, _ in odds}
    for _, expr in conditions:
        relevant.update(s for s in map(_state_of_read, expr.reads) if s is not None)

    # Groups: one per actor with moves, then injects, state and endings.
    for a in ir.actors:
        if any(ir.actors[m.actor].id == a.id for m in ir.moves):
            graph.groups[a.id] = a.name
    if ir.injects:
        graph.groups[INJECTS_GROUP] = "Injects"
    graph.groups[STATE_GROUP] = ""
    graph.groups[ENDINGS_GROUP] = "Endings"

    writers: list[tuple[Node, list[tuple[str, Effect]]]] = []
    for move in ir.moves:
        effects = [("", e) for e in move.effects]
        if move.resolution is not None:
            for outcome in move.resolution.outcomes:
                effects.extend((outcome.id, e) for e in outcome.effects)
        node = Node(f"m_{move.id}", _short(move.label), "move", ir.actors[move.actor].id)
        writers.append((node, effects))
    for inject in ir.injects:
        node = Node(f"i_{inject.id}", _short(inject.label), "inject", INJECTS_GROUP)
        writers.append((node, [("", e) for e in inject.effects]))

    state_nodes = _state_nodes(ir, relevant)
    for node, effects in writers:
        graph.nodes[node.id] = node
        for result, effect in effects:
            for target, label in _effect_edges(ir, effect):
                if target in relevant:
                    graph.add_edge(
                        node.id, target, "changes", f"{result}: {label}" if result else label
                    )
    for node in state_nodes:
        graph.nodes[node.id] = node
    for ending in ir.endings:
        title = _short(ending.title) + (" (default)" if ending.default else "")
        graph.nodes[f"e_{ending.id}"] = Node(f"e_{ending.id}", title, "ending", ENDINGS_GROUP)
    for owner, expr in conditions:
        tests = _tests(expr)
        for read in expr.reads:
            state = _state_of_read(read)
            if state is not None:
                for test in tests.get(state, [""]):
                    graph.add_edge(state, owner, "enables", test)
    for state, owner, role in odds:
        graph.add_edge(state, owner, "odds", role)

    linked = {e.source for e in graph.edges.values()} | {e.target for e in graph.edges.values()}
    for node_id, node in list(graph.nodes.items()):
        if node.kind in ("move", "inject") and node_id not in linked:
            graph.omitted.append(node_id)
            del graph.nodes[node_id]
    if focus is not None:
        graph.keep(_leads_to(graph, f"e_{focus}"))
    if actor is not None:
        graph.keep(_around_actor(graph, actor))
    return graph


def _odds(ir: ScenarioIR) -> list[tuple[str, str, str]]:
    """(state node, move or inject node, role) for every value a chance or a roll reads:
    `p(granted)` for an outcome's probability, `chance` for an inject's, `roll −1 if >= 6`
    for a dice modifier's condition, `roll ±` for a modifier whose amount reads it."""
    out: list[tuple[str, str, str]] = []

    def states(expr: Expr | None) -> list[str]:
        if expr is None:
            return []
        return [s for s in dict.fromkeys(map(_state_of_read, expr.reads)) if s is not None]

    for move in ir.moves:
        owner = f"m_{move.id}"
        resolution = move.resolution
        if resolution is None:
            continue
        for outcome in resolution.outcomes:
            out.extend((state, owner, f"p({outcome.id})") for state in states(outcome.p))
        for modifier in resolution.modifiers:
            out.extend((state, owner, "roll ±") for state in states(modifier.value))
            constant = _literal(modifier.value)
            amount = (
                ("+" if constant >= 0 else "−") + _number(abs(constant))
                if isinstance(constant, float)
                else "±"
            )
            tests = _tests(modifier.when) if modifier.when is not None else {}
            for state in states(modifier.when):
                for test in tests.get(state, [""]):
                    role = f"roll {amount} if {test}" if test else f"roll {amount}"
                    out.append((state, owner, role))
    for inject in ir.injects:
        out.extend((state, f"i_{inject.id}", "chance") for state in states(inject.chance))
    return out


_SUMMARY: Final = (
    ("+", "+"),
    ("−", "−"),
    ("=", "="),
    ("×", "×"),
    ("set", "set"),
    ("clear", "clear"),
)


def _summary(label: str) -> str:
    """`outcome: +2` -> `+`: the direction of a change, for actor-level edges."""
    bare = label.split(": ", 1)[-1]
    for prefix, short in _SUMMARY:
        if bare.startswith(prefix):
            return short
    return "±"


def _by_actor(ir: ScenarioIR, graph: Graph) -> Graph:
    """Merge each actor's moves into one node; edges keep the direction of change."""
    merged = Graph(title=graph.title, omitted=graph.omitted)
    counts: dict[str, int] = {}
    for node in graph.nodes.values():
        if node.kind == "move":
            counts[node.group] = counts.get(node.group, 0) + 1
    merged.groups = {"": "", **{k: v for k, v in graph.groups.items() if k not in counts}}
    owner: dict[str, str] = {}
    for node in graph.nodes.values():
        if node.kind == "move":
            owner[node.id] = f"a_{node.group}"
            if owner[node.id] not in merged.nodes:
                name = ir.actor(node.group).name
                moves = counts[node.group]
                label = f"{_short(name)} ({moves} move{'s' if moves != 1 else ''})"
                merged.nodes[owner[node.id]] = Node(owner[node.id], label, "actor", "")
        else:
            merged.nodes[node.id] = node
    for edge in graph.edges.values():
        source, target = owner.get(edge.source, edge.source), owner.get(edge.target, edge.target)
        for label in edge.labels:
            merged.add_edge(
                source, target, edge.kind, _summary(label) if edge.kind == "changes" else label
            )
    return merged


def _state_nodes(ir: ScenarioIR, relevant: set[str]) -> list[Node]:
    out: list[Node] = []
    for v in ir.variables:
        if f"v_{v.id}" in relevant:
            out.append(Node(f"v_{v.id}", v.id, "var", STATE_GROUP))
    for f in ir.flags:
        if f"f_{f.id}" in relevant:
            out.append(Node(f"f_{f.id}", f"flags.{f.id}", "flag", STATE_GROUP))
    for k in ir.alliances:
        if f"k_{k.id}" in relevant:
            out.append(Node(f"k_{k.id}", f"{k.name} cohesion", "alliance", STATE_GROUP))
    for a in ir.actors:
        for b in ir.actors:
            node = f"t_{a.id}__{b.id}"
            if node in relevant:
                out.append(Node(node, f"trust[{a.id}][{b.id}]", "trust", STATE_GROUP))
    return out


def _leads_to(graph: Graph, target: str) -> set[str]:
    """Every node with a path to `target`."""
    incoming: dict[str, list[str]] = {}
    for edge in graph.edges.values():
        incoming.setdefault(edge.target, []).append(edge.source)
    seen = {target}
    stack = [target]
    while stack:
        for source in incoming.get(stack.pop(), ()):
            if source not in seen:
                seen.add(source)
                stack.append(source)
    return seen


def _around_actor(graph: Graph, actor: str) -> set[str]:
    """The actor's moves, the state they change or read, and the endings that state reads."""
    mine = {k for k, n in graph.nodes.items() if n.kind == "move" and n.group == actor}
    keep = set(mine)
    for edge in graph.edges.values():
        if edge.source in mine:
            keep.add(edge.target)
        if edge.target in mine:
            keep.add(edge.source)
    for edge in graph.edges.values():
        if edge.source in keep and graph.nodes[edge.target].kind == "ending":
            keep.add(edge.target)
    return keep


def _unknown(what: str, name: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    return f"no {what} `{name}`{hint}; {what}s: {', '.join(known)}"


# -- rendering --------------------------------------------------------------------------------


def _grouped(graph: Graph) -> Iterator[tuple[str, str, list[Node]]]:
    for group, title in graph.groups.items():
        members = [n for n in graph.nodes.values() if n.group == group]
        if members:
            yield group, title, members


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


_MERMAID_SHAPES: Final[dict[NodeKind, tuple[str, str]]] = {
    "move": ('("', '")'),
    "actor": ('["', '"]'),
    "inject": ('>"', '"]'),
    "flag": ('{{"', '"}}'),
    "var": ('[/"', '"/]'),
    "alliance": ('[("', '")]'),
    "trust": ('[/"', '"/]'),
    "ending": ('(["', '"])'),
}


def to_mermaid(graph: Graph) -> str:
    """Mermaid flowchart text (renders on GitHub, GitLab and in mermaid-cli)."""
    lines = [
        "%% " + _mermaid_text(graph.title),
        "%% solid arrows: a move or inject changes a value; dashed: a condition reads it, or",
        "%% the odds do: p(outcome) of a chance, an inject's chance, a dice roll's modifier",
        "flowchart LR",
    ]

    def node_line(node: Node, indent: str) -> str:
        left, right = _MERMAID_SHAPES[node.kind]
        return f"{indent}{node.id}{left}{_mermaid_text(node.label)}{right}"

    # The one-node-per-actor overview: Mermaid's layered layout (unlike Graphviz) turns the
    # dashed "a condition reads it" arrows back into the actors into a tangle, so the
    # overview reads left to right, actors -> values -> endings, and leaves those out.
    overview = any(n.kind == "actor" for n in graph.nodes.values())
    actor_kinds = {n.id for n in graph.nodes.values() if n.kind == "actor"}
    if overview:
        actors = [n for n in graph.nodes.values() if n.kind == "actor"]
        lines.append('  subgraph g_actors["Actors"]')
        lines.extend(node_line(n, "    ") for n in actors)
        lines.append("  end")
    for group, title, members in _grouped(graph):
        members = [n for n in members if n.id not in actor_kinds]
        if not members:
            continue
        if group == STATE_GROUP:
            if overview:
                lines.append('  subgraph g_state["Values and facts"]')
                lines.extend(node_line(n, "    ") for n in members)
                lines.append("  end")
            else:
                lines.extend(node_line(n, "  ") for n in members)
            continue
        lines.append(f'  subgraph g_{group}["{_mermaid_text(title)}"]')
        lines.extend(node_line(n, "    ") for n in members)
        lines.append("  end")
    left_out = 0
    for edge in graph.edges.values():
        if overview and edge.kind != "changes" and edge.target in actor_kinds:
            left_out += 1
            continue
        arrow = "-->" if edge.kind == "changes" else "-.->"
        label = f'|"{_mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {edge.source} {arrow}{label} {edge.target}")
    for kind, style in _MERMAID_STYLES:
        ids = [n.id for n in graph.nodes.values() if n.kind == kind]
        if ids:
            lines.append(f"  classDef {kind} {style}")
            lines.append(f"  class {','.join(ids)} {kind}")
    if graph.omitted:
        lines.append(
            "%% not shown (change nothing a condition or the odds read): "
            + ", ".join(graph.omitted)
        )
    if left_out:
        lines.append(
            f"%% not shown: {left_out} conditions and odds of actors' moves "
            "(see them with --actor ACTOR, or with --format dot)"
        )
    return "\n".join(lines) + "\n"


_MERMAID_STYLES: Final[tuple[tuple[NodeKind, str], ...]] = (
    ("inject", "fill:#fff4d6,stroke:#b08900"),
    ("flag", "fill:#e8f1ff,stroke:#3b6fb6"),
    ("var", "fill:#eef7ee,stroke:#3c8c3c"),
    ("alliance", "fill:#f3e8ff,stroke:#7a3fb6"),
    ("trust", "fill:#eef7ee,stroke:#3c8c3c"),
    ("ending", "fill:#ffe3e3,stroke:#b63b3b,font-weight:bold"),
)

_DOT_SHAPES: Final[dict[NodeKind, str]] = {
    "move": 'shape=box, style="rounded"',
    "actor": 'shape=box, style="filled,bold", fillcolor="#f2f2f2"',
    "inject": 'shape=note, style=filled, fillcolor="#fff4d6"',
    "flag": 'shape=hexagon, style=filled, fillcolor="#e8f1ff"',
    "var": 'shape=parallelogram, style=filled, fillcolor="#eef7ee"',
    "alliance": 'shape=cylinder, style=filled, fillcolor="#f3e8ff"',
    "trust": 'shape=parallelogram, style=filled, fillcolor="#eef7ee"',
    "ending": 'shape=box, style="rounded,filled,bold", fillcolor="#ffe3e3"',
}


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _wrapped(text: str, width: int = 18) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\\n".join(_dot_text(x) for x in lines)


def to_dot(graph: Graph) -> str:
    """Graphviz DOT text (`dot -Tsvg graph.dot -o graph.svg`)."""
    lines = [
        f'digraph "{_dot_text(graph.title)}" {{',
        "  // solid arrows: a move or inject changes a value; dashed: a condition reads it;",
        "  // dotted: the odds read it (p(outcome) of a chance, an inject's chance, a dice roll)",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=1.2,'
        " concentrate=true];",
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    for group, title, members in _grouped(graph):
        indent = "  "
        if group != STATE_GROUP:
            lines.append(f"  subgraph cluster_{group} {{")
            lines.append(f'    label="{_dot_text(title)}"; style="rounded"; color="#999999";')
            indent = "    "
        for node in members:
            lines.append(
                f'{indent}{node.id} [label="{_wrapped(node.label)}", {_DOT_SHAPES[node.kind]}];'
            )
        if group != STATE_GROUP:
            lines.append("  }")
    for edge in graph.edges.values():
        attrs = {"changes": [], "enables": ["style=dashed"], "odds": ["style=dotted"]}[edge.kind]
        if edge.label:
            attrs.append(f'label="{_dot_text(edge.label)}"')
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {edge.source} -> {edge.target}{suffix};")
    if graph.omitted:
        lines.append(
            "  // not shown (change nothing a condition or the odds read): "
            + ", ".join(graph.omitted)
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(graph: Graph, fmt: str) -> str:
    """`mermaid` or `dot` text."""
    return to_dot(graph) if fmt == "dot" else to_mermaid(graph)


def reads_of(expressions: Iterable[Expr]) -> set[str]:
    """Every state node a set of expressions reads (for tools that filter graphs)."""
    out: set[str] = set()
    for expr in expressions:
        out.update(s for s in map(_state_of_read, expr.reads) if s is not None)
    return out
