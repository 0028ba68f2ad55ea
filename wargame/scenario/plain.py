"""Plain language for players: effects and conditions put into words from the scenario's labels.

A player reads "Escalation +2 · the generals trust the President less (−10)" and "Needs:
an invasion plan is on the President's desk, and Escalation at least 5 (now 2)", never
`escalation += 2` or `flags.plan_ready and escalation >= 5`. The words come from the typed
tree of each expression (`expressions.tree`), so every construct the language has is put into
words here, and the names from the scenario: a variable's or flag's `label`, an actor's or
alliance's `name`, a move's or inject's `label`. An author who wants other words writes a
move's or outcome's `summary` in the file, and that is shown instead.

Beside a chance outcome's odds, `odds_line` says what raises and what lowers them, from the
direction of each value in the probability's expression (`expressions.direction`).

What a viewer may not see stays unsaid: the caller passes `readable`, which says whether the
viewer may see every value named by some `Expr.reads` keys (the engine's
`view.reads_visibility` decides; this layer knows no seats). An effect on a hidden value is
left out, an effect whose amount is computed from hidden values says only that it changes,
and a condition on hidden values reads "a condition hidden from you". A current value,
"(now 2)", is only shown when `state` is given and the viewer may see it.

The words are English and unmasked: the caller masks them (`Masker`), as it does every text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Final

from wargame.scenario.expressions.compile import closure
from wargame.scenario.expressions.direction import bounds, factors
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
    walk,
)
from wargame.scenario.expressions.vocabulary import ArithOp, CompareOp, LogicOp, Quantity
from wargame.scenario.ir import Effect, Expr, ScenarioIR, StateLike, Target, Value

__all__ = [
    "HIDDEN_CONDITION",
    "Readable",
    "condition_words",
    "effect_phrases",
    "effects_line",
    "everyone",
    "mid",
    "needs_line",
    "number",
    "odds_line",
    "percents",
    "possessive",
    "unmet_needs",
    "whole",
]

Readable = Callable[[Iterable[str]], bool]
"""Whether the viewer may see every value named by these `Expr.reads` keys."""


def everyone(reads: Iterable[str]) -> bool:
    """The umpire's and the author's view: every value may be seen."""
    del reads
    return True


HIDDEN_CONDITION: Final = "a condition hidden from you"
MINUS: Final = "\u2212"
"""The minus sign of typeset text (−10, not -10)."""
SEPARATOR: Final = " · "
"""Between the effects of one line."""

_OP_WORDS: Final = {
    CompareOp.GE: "at least",
    CompareOp.GT: "above",
    CompareOp.LE: "at most",
    CompareOp.LT: "below",
    CompareOp.EQ: "exactly",
    CompareOp.NE: "not",
}
_TURN_WORDS: Final = {
    CompareOp.GE: "turn {n} or later",
    CompareOp.GT: "after turn {n}",
    CompareOp.LE: "turn {n} or earlier",
    CompareOp.LT: "before turn {n}",
    CompareOp.EQ: "turn {n}",
    CompareOp.NE: "any turn but turn {n}",
}
_ARITH_WORDS: Final = {
    ArithOp.ADD: "+",
    ArithOp.SUB: MINUS,
    ArithOp.MUL: "×",
    ArithOp.DIV: "÷",
    ArithOp.FLOORDIV: "÷ (rounded down)",
    ArithOp.MOD: "remainder after dividing by",
}
_ARTICLES: Final = ("The ", "A ", "An ")
_SINGULAR_ENDINGS: Final = ("ss", "us", "is", "united states", "united nations")


# -- small words -----------------------------------------------------------------------------


def number(value: Value) -> str:
    """A value as a player reads it: `2`, `0.5`, `−3`, `yes`."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = f"{float(value):.6g}" if not float(value).is_integer() else str(int(value))
    return text.replace("-", MINUS)


def percents(probabilities: Sequence[float | None]) -> tuple[str, ...]:
    """Odds as people read them: whole percentages ("45%") that add up to what the odds add
    to, 100% for a full set. Each is rounded down, then the points still missing go to the
    largest remainders (the first outcome first on a tie): 1/6, 1/6 and 2/3 read 17%, 17%,
    66%, where rounding each alone read 17%, 17%, 67% (101%); 1/3 each reads 34%, 33%, 33%.
    An unknown chance (None: not stated, or hidden from the reader) reads ""."""
    known = [(i, 100.0 * p) for i, p in enumerate(probabilities) if p is not None]
    shown = {i: math.floor(v) for i, v in known}
    missing = round(sum(v for _, v in known)) - sum(shown.values())
    by_remainder = sorted(known, key=lambda iv: (shown[iv[0]] - iv[1], iv[0]))
    for i, _ in by_remainder[: max(0, missing)]:
        shown[i] += 1
    return tuple(f"{shown[i]}%" if i in shown else "" for i in range(len(probabilities)))


def _signed(value: float) -> str:
    """`+2`, `−3`."""
    return ("+" if value >= 0 else "") + number(value)


def whole(x: float) -> int:
    """A 0-100 score (trust, commitment, cohesion) as players read it: a whole number,
    rounded half up (46.5 reads 47, not 46; a class read "NATO 72.62": issue 20)."""
    return math.floor(x + 0.5)


def mid(text: str) -> str:
    """A label as it reads inside a sentence: a leading article lower-cased ("the President")."""
    for article in _ARTICLES:
        if text.startswith(article):
            return text[0].lower() + text[1:]
    return text


def possessive(name: str) -> str:
    """A name's possessive as players read it: "the President's", "the generals'", "the
    United States'", and "Congress's" (a singular in -ss keeps its 's)."""
    if name.endswith("s") and not name.endswith("ss"):
        return f"{name}'"
    return f"{name}'s"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(name: str) -> bool:
    """Whether a name takes a plural verb ("the generals trust", "Denmark trusts"): two
    names joined by `and`, or a head word (before any bracket or `of`) ending in `s`, unless
    it is a singular such as `Congress` or `the United States`. A guess from English
    spelling; an author who wants other words writes the move's `summary`."""
    head = name.split("(", 1)[0].strip().lower()
    head = head.split(" of ", 1)[0]
    if " and " in head:
        return True
    return head.endswith("s") and not head.endswith(_SINGULAR_ENDINGS)


def _verb(name: str, singular: str, plural: str) -> str:
    return plural if _plural(name) else singular


def _list(parts: Sequence[str], joiner: str) -> str:
    """`a`, `a and b`, `a, b, and c`."""
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]} {joiner} {parts[1]}"
    return ", ".join(parts[:-1]) + f", {joiner} {parts[-1]}"


# -- names -----------------------------------------------------------------------------------


def _actor(scenario: ScenarioIR, index: int) -> str:
    return mid(scenario.actors[index].name)


def _alliance(scenario: ScenarioIR, index: int) -> str:
    return mid(scenario.alliances[index].name)


def _member(scenario: ScenarioIR, alliance: int, slot: int) -> str:
    return _actor(scenario, scenario.alliances[alliance].members[slot])


def _variable(scenario: ScenarioIR, index: int) -> str:
    variable = scenario.variables[index]
    return mid(variable.label or variable.id.replace("_", " "))


def _flag(scenario: ScenarioIR, index: int) -> str:
    flag = scenario.flags[index]
    return mid(flag.label or flag.id.replace("_", " "))


def _quoted_move(scenario: ScenarioIR, index: int) -> str:
    return f"“{scenario.moves[index].label}”"


def _quoted_inject(scenario: ScenarioIR, index: int) -> str:
    return f"“{scenario.injects[index].label}”"


# -- the words of one expression -------------------------------------------------------------


class _Words:
    """Puts one tree into words for one viewer (and, when given, one state)."""

    def __init__(self, scenario: ScenarioIR, readable: Readable, state: StateLike | None):
        self.s = scenario
        self.readable = readable
        self.state = state

    def sees(self, node: Node) -> bool:
        return self.readable([n.key for n in walk(node) if isinstance(n, Read)])

    def now(self, node: Node) -> Value | None:
        """The node's value in the state, when there is one and the viewer may see it."""
        if self.state is None or isinstance(node, Const) or not self.sees(node):
            return None
        try:
            return closure(node)(self.state)
        except Exception:  # an author's expression must never break a screen
            return None

    # numbers ---------------------------------------------------------------------------

    def amount(self, node: Node) -> str:
        """A number expression in words, bracketed when it is made of parts."""
        words = self.quantity(node)
        return f"({words})" if isinstance(node, Arith | IfElse) else words

    def quantity(self, node: Node) -> str:
        if isinstance(node, Const):
            return number(node.value)
        if isinstance(node, Read):
            return self.read(node)
        if isinstance(node, Negate):
            return MINUS + self.amount(node.operand)
        if isinstance(node, Arith):
            return f"{self.amount(node.left)} {_ARITH_WORDS[node.op]} {self.amount(node.right)}"
        if isinstance(node, Call):
            args = [self.amount(a) for a in node.args]
            if node.function == "min":
                return "the lower of " + _list(args, "and")
            if node.function == "max":
                return "the higher of " + _list(args, "and")
            if node.function == "abs":
                return f"the size of {args[0]}"
            if node.function == "clamp":
                return f"{args[0]}, kept between {args[1]} and {args[2]}"
            if node.function == "round":
                return f"{args[0]}, rounded"
            return f"{node.function} of " + _list(args, "and")
        if isinstance(node, IfElse):
            return (
                f"{self.quantity(node.body)} if {self.condition(node.test)}, "
                f"otherwise {self.quantity(node.orelse)}"
            )
        return self.condition(node)

    def read(self, node: Read) -> str:
        s, q = self.s, node.quantity
        if q is Quantity.VAR:
            return _variable(s, node.index)
        if q is Quantity.FLAG:
            return _flag(s, node.index)
        if q is Quantity.TURN:
            return "the turn"
        if q is Quantity.TRUST:
            return f"{possessive(_actor(s, node.index))} trust in {_actor(s, node.other)}"
        if q is Quantity.COMMITMENT:
            return (
                f"commitment of {_member(s, node.index, node.other)} to {_alliance(s, node.index)}"
            )
        if q is Quantity.COHESION:
            return f"cohesion of {_alliance(s, node.index)}"
        if q is Quantity.MEMBER:
            member = _member(s, node.index, node.other)
            return f"{member} {_verb(member, 'is', 'are')} still in {_alliance(s, node.index)}"
        if q is Quantity.COLLAPSED:
            alliance = _alliance(s, node.index)
            return f"{alliance} {_verb(alliance, 'has', 'have')} collapsed"
        if q is Quantity.PLAYED:
            return f"times {_quoted_move(s, node.index)} was played"
        return f"times {_quoted_inject(s, node.index)} happened"

    # conditions ------------------------------------------------------------------------

    def condition(self, node: Node) -> str:
        if isinstance(node, Logic):
            return self.logic(node, nested=False)
        if not self.sees(node):
            return HIDDEN_CONDITION
        return self.atom(node)

    def logic(self, node: Logic, *, nested: bool) -> str:
        parts: list[str] = []
        for child in node.operands:
            if isinstance(child, Logic):
                words = self.logic(child, nested=True)
            else:
                words = self.condition(child)
            if words not in parts:
                parts.append(words)
        if node.op is LogicOp.AND:
            joined = _list(parts, "and")
            return f"both {joined}" if nested and len(parts) == 2 else joined
        joined = _list(parts, "or")
        return f"either {joined}" if len(parts) >= 2 else joined

    def atom(self, node: Node) -> str:
        s = self.s
        if isinstance(node, Const):
            return "always" if node.value else "never"
        if isinstance(node, Not):
            return self.negated(node.operand)
        if isinstance(node, Compare):
            links = [
                self.compare(node.operands[i], op, node.operands[i + 1])
                for i, op in enumerate(node.ops)
            ]
            return _list(links, "and")
        if isinstance(node, IfElse):
            return (
                f"{self.condition(node.body)} if {self.condition(node.test)}, "
                f"otherwise {self.condition(node.orelse)}"
            )
        if isinstance(node, Read) and node.quantity is Quantity.FLAG:
            return _flag(s, node.index)
        return self.quantity(node)

    def negated(self, node: Node) -> str:
        s = self.s
        if isinstance(node, Read) and node.quantity is Quantity.MEMBER:
            member = _member(s, node.index, node.other)
            left = _verb(member, "has", "have")
            return f"{member} {left} left {_alliance(s, node.index)}"
        if isinstance(node, Read) and node.quantity is Quantity.COLLAPSED:
            alliance = _alliance(s, node.index)
            return f"{alliance} {_verb(alliance, 'has', 'have')} not collapsed"
        if isinstance(node, Compare) and len(node.ops) == 1:
            return self.compare(node.operands[0], node.ops[0].negated, node.operands[1])
        if isinstance(node, Not):
            return self.condition(node.operand)
        if isinstance(node, Logic):
            return f"not ({self.logic(node, nested=False)})"
        return f"not “{self.atom(node)}”"

    def compare(self, left: Node, op: CompareOp, right: Node) -> str:
        if isinstance(left, Const) and not isinstance(right, Const):
            left, op, right = right, op.mirrored, left
        if isinstance(right, Const) and isinstance(left, Read):
            special = self.counted(left, op, right.value)
            if special:
                return special
        words = f"{self.quantity(left)} {_OP_WORDS[op]} {self.quantity(right)}"
        values = [v for v in (self.now(left), self.now(right)) if v is not None]
        if values:
            words += " (now " + " and ".join(number(v) for v in values) + ")"
        return words

    def counted(self, read: Read, op: CompareOp, value: Value) -> str:
        """Turn numbers, and whether a move was played or an inject happened."""
        s = self.s
        if read.quantity is Quantity.TURN and not isinstance(value, bool):
            words = _TURN_WORDS[op].format(n=number(value))
            now = self.now(read)
            return words + (f" (now turn {number(now)})" if now is not None else "")
        if read.quantity not in (Quantity.PLAYED, Quantity.FIRED):
            return ""
        if read.quantity is Quantity.PLAYED:
            name, yes, no = _quoted_move(s, read.index), "played", "not played yet"
        else:
            name, yes, no = _quoted_inject(s, read.index), "happened", "not happened yet"
        some = op in (CompareOp.GT, CompareOp.NE)
        if (op is CompareOp.GE and value == 1) or (some and value == 0):
            return f"{name} {yes}"
        if (op is CompareOp.EQ and value == 0) or (op is CompareOp.LT and value == 1):
            return f"{name} {no}"
        return ""


# -- public ----------------------------------------------------------------------------------


def condition_words(
    scenario: ScenarioIR,
    expr: Expr,
    *,
    readable: Readable = everyone,
    state: StateLike | None = None,
) -> str:
    """A true/false expression in words: "Escalation at least 5 (now 2), and not “Force
    blocked in Washington”"."""
    return _Words(scenario, readable, state).condition(expr.tree)


def needs_line(
    scenario: ScenarioIR,
    expr: Expr | None,
    *,
    readable: Readable = everyone,
    state: StateLike | None = None,
) -> str:
    """`Needs: …` for a move's condition ("" when it has none)."""
    if expr is None:
        return ""
    return "Needs: " + condition_words(scenario, expr, readable=readable, state=state)


def unmet_needs(
    scenario: ScenarioIR, expr: Expr, state: StateLike, *, readable: Readable = everyone
) -> str:
    """`Needs: …` naming only the parts of a condition that do not hold in `state` (all of
    it when it is not an `and`): why a move cannot be played now."""
    words = _Words(scenario, readable, state)
    tree = expr.tree
    if isinstance(tree, Logic) and tree.op is LogicOp.AND:
        failing: list[str] = []
        for part in tree.operands:
            try:
                holds = bool(closure(part)(state))
            except Exception:
                holds = False
            if not holds:
                said = words.condition(part)
                if said not in failing:
                    failing.append(said)
        if failing:
            return "Needs: " + _list(failing, "and")
    return "Needs: " + words.condition(tree)


def _target_words(scenario: ScenarioIR, target: Target) -> str:
    if target.kind == "var":
        return _variable(scenario, target.a)
    if target.kind == "flag":
        return _flag(scenario, target.a)
    if target.kind == "trust":
        return f"{possessive(_actor(scenario, target.a))} trust in {_actor(scenario, target.b)}"
    member = _member(scenario, target.a, target.b)
    return f"commitment of {member} to {_alliance(scenario, target.a)}"


def _target_key(scenario: ScenarioIR, target: Target) -> str:
    if target.kind == "var":
        return "var:" + scenario.variables[target.a].id
    if target.kind == "flag":
        return "flag:" + scenario.flags[target.a].id
    return ""


def _effect_phrase(scenario: ScenarioIR, effect: Effect, words: _Words) -> str | None:
    target = effect.target
    key = _target_key(scenario, target)
    if key and not words.readable([key]):
        return None
    what = _target_words(scenario, target)
    tree = effect.value.tree
    if not words.sees(tree):
        return f"{what} changes" if target.kind != "flag" else f"{what}: may change"
    if not isinstance(tree, Const):
        return _computed(what, effect, words)
    value = tree.value
    if target.kind == "flag":
        return what if value else f"no longer: {what}"
    if isinstance(value, bool):
        return f"{what}: {number(value)}"
    amount = float(value)
    if effect.op == "=":
        return f"{what} set to {number(amount)}"
    if effect.op == "*=":
        return f"{what} ×{number(amount)}"
    change = amount if effect.op == "+=" else -amount
    if target.kind == "trust":
        truster = _actor(scenario, target.a)
        more = "more" if change >= 0 else "less"
        trusts = _verb(truster, "trusts", "trust")
        return f"{truster} {trusts} {_actor(scenario, target.b)} {more} ({_signed(change)})"
    if target.kind == "commitment":
        member = _member(scenario, target.a, target.b)
        more = "more" if change >= 0 else "less"
        return (
            f"{member} {_verb(member, 'is', 'are')} {more} committed to "
            f"{_alliance(scenario, target.a)} ({_signed(change)})"
        )
    return f"{what} {_signed(change)}"


def _computed(what: str, effect: Effect, words: _Words) -> str:
    """An effect whose amount depends on the state: the amount in words, and its value now."""
    tree = effect.value.tree
    now = words.now(tree)
    if effect.value.kind == "bool":
        if effect.target.kind == "flag":  # "a Chinese icebreaker off Greenland if not …"
            said = f"{what} if {words.condition(tree)}"
        else:
            said = f"{what}: set to whether {words.condition(tree)}"
        return said + (f" (now {number(now)})" if now is not None else "")
    stepped = _stepped(what, effect, words)
    if stepped is not None:
        return stepped
    amount = words.amount(tree)
    sign = {"=": "set to ", "+=": "+ ", "-=": f"{MINUS} ", "*=": "× "}[effect.op]
    said = f"{what} {sign}{amount}"
    if now is not None:
        value = float(now)
        if effect.op in ("+=", "-="):
            said += f" (now {_signed(-value if effect.op == '-=' else value)})"
        else:
            said += f" (now {number(value)})"
    return said


def _stepped(what: str, effect: Effect, words: _Words) -> str | None:
    """A step that depends on a condition (`x += (3 if c else -1)`) read as a change:
    `x +3 if c, otherwise −1 (now −1)`, instead of an expression with its brackets. None
    when the effect has another shape."""
    tree = effect.value.tree
    if effect.op not in ("+=", "-=") or not isinstance(tree, IfElse):
        return None
    branches = (tree.body, tree.orelse)
    if not all(isinstance(b, Const) and not isinstance(b.value, bool) for b in branches):
        return None
    sign = 1.0 if effect.op == "+=" else -1.0
    then, other = (sign * float(b.value) for b in branches if isinstance(b, Const))

    def step(value: float) -> str:
        return "unchanged" if value == 0 else _signed(value)

    said = f"{what} {step(then)} if {words.condition(tree.test)}, otherwise {step(other)}"
    now = words.now(tree)
    if now is not None:
        change = sign * float(now)
        said += f" (now {_signed(change)})" if change else " (no change now)"
    return said


def effect_phrases(
    scenario: ScenarioIR,
    effects: Sequence[Effect],
    *,
    readable: Readable = everyone,
    state: StateLike | None = None,
) -> tuple[str, ...]:
    """Each effect the viewer may see, in words (an effect on a hidden value is left out)."""
    words = _Words(scenario, readable, state)
    out: list[str] = []
    for effect in effects:
        phrase = _effect_phrase(scenario, effect, words)
        if phrase is not None:
            out.append(phrase)
    return tuple(out)


def effects_line(
    scenario: ScenarioIR,
    effects: Sequence[Effect],
    *,
    summary: str = "",
    readable: Readable = everyone,
    state: StateLike | None = None,
) -> str:
    """The effects on one line, `Escalation +2 · the generals trust the President less
    (−10)`; the author's `summary` instead when the file has one."""
    if summary:
        return summary
    phrases = effect_phrases(scenario, effects, readable=readable, state=state)
    return _capital(SEPARATOR.join(phrases))


# -- what moves the odds ---------------------------------------------------------------------


def _rising(scenario: ScenarioIR, read: Read) -> str:
    """A value going up (a count growing, a flag set) as a clause: "Escalation is higher",
    "the President trusts the hardline advisers more", "London vouches for the deal"."""
    s, q = scenario, read.quantity
    if q is Quantity.VAR:
        name = _variable(s, read.index)
        return f"{name} {_verb(name, 'is', 'are')} higher"
    if q is Quantity.TURN:
        return "it is later in the game"
    if q is Quantity.TRUST:
        truster = _actor(s, read.index)
        trusts = _verb(truster, "trusts", "trust")
        return f"{truster} {trusts} {_actor(s, read.other)} more"
    if q is Quantity.COMMITMENT:
        member = _member(s, read.index, read.other)
        committed = f"more committed to {_alliance(s, read.index)}"
        return f"{member} {_verb(member, 'is', 'are')} {committed}"
    if q is Quantity.COHESION:
        return f"{possessive(_alliance(s, read.index))} cohesion is higher"
    if q is Quantity.PLAYED:
        return f"{_quoted_move(s, read.index)} has been played"
    if q is Quantity.FIRED:
        return f"{_quoted_inject(s, read.index)} has happened"
    return _Words(s, everyone, None).atom(read)  # a flag, a membership, a collapse


def odds_line(
    scenario: ScenarioIR,
    expr: Expr,
    *,
    readable: Readable = everyone,
    state: StateLike | None = None,
) -> str:
    """What raises and what lowers a chance, from its expression's shape: "Better when it
    is later in the game and Denmark trusts the United States more. Worse when Escalation
    is higher." A value hidden from the viewer is not named, nor one whose direction the
    expression does not fix (`direction.factors`). With `state`, odds held at a constant
    floor or ceiling say so first: "At its lowest (5%)." ("" when nothing can be said.)"""
    better: list[str] = []
    worse: list[str] = []
    for factor in factors(expr.tree):
        if not readable([factor.read.key]):
            continue
        clause = _rising(scenario, factor.read)
        side = better if factor.direction > 0 else worse
        if clause not in side:
            side.append(clause)
    sentences = [_held(expr, state)] if state is not None and readable(expr.reads) else []
    if better:
        sentences.append(f"Better when {_list(better, 'and')}.")
    if worse:
        sentences.append(f"Worse when {_list(worse, 'and')}.")
    return " ".join(s for s in sentences if s)


def _held(expr: Expr, state: StateLike) -> str:
    """"At its lowest (5%)." when a clamp holds the odds at their floor in `state` (the
    things that would raise them must first make up the difference), "At its highest
    (85%)." at the ceiling, else ""."""
    bound = bounds(expr.tree)
    if bound is None:
        return ""
    try:
        inner = float(closure(bound.inner)(state))
    except Exception:  # an author's expression must never break a screen
        return ""
    if bound.lowest is not None and inner <= bound.lowest:
        return f"At its lowest ({_chance(bound.lowest)})."
    if bound.highest is not None and inner >= bound.highest:
        return f"At its highest ({_chance(bound.highest)})."
    return ""


def _chance(p: float) -> str:
    return percents([min(max(p, 0.0), 1.0)])[0]
