"""The compiled scenario: the lean, frozen form the engine reads.

`wargame.scenario.compile` builds a `ScenarioIR` from the validated file models. Names are
resolved to integer indexes and expressions to plain callables, so the engine's hot loop
does tuple indexing and function calls, never dictionary look-ups by name or validation.

This module imports nothing from pydantic or YAML: the engine may depend on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import add
from typing import TYPE_CHECKING, Literal, Protocol, overload

from wargame.errors import Span

if TYPE_CHECKING:  # the checker's tree; imported for types only (it imports this module)
    from wargame.scenario.expressions.tree import Node

ValueKind = Literal["number", "bool"]
Value = float | bool


class DefaultRow(Sequence[float]):
    """An actor's row of trust while it holds only the defaults, without storing them:
    `value` in everyone, and `own` (100) in itself.

    A large scenario keeps one per actor with no `relations.trust` entry, so its trust
    takes memory in proportion to the actors plus the pairs declared or changed, not to
    the square of the actors (10,000 actors: 10,000 rows, not 100 million cells). A row is
    turned into a plain tuple the first time one of its cells changes. It reads like a
    tuple (`row[b]`, slices, iteration, equality with the tuple of the same values).
    """

    __slots__ = ("_n", "_own", "_owner", "_value")

    def __init__(self, n: int, owner: int, value: float, own: float) -> None:
        self._n = n
        self._owner = owner
        self._value = value
        self._own = own

    @overload
    def __getitem__(self, index: int) -> float: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[float, ...]: ...

    def __getitem__(self, index: int | slice) -> float | tuple[float, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("trust row index out of range")
        return self._own if index == self._owner else self._value

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[float]:
        value = self._value
        for index in range(self._n):
            yield self._own if index == self._owner else value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DefaultRow):
            return (self._n, self._owner, self._value, self._own) == (
                other._n, other._owner, other._value, other._own,
            )
        if isinstance(other, tuple):
            return len(other) == self._n and tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        """Compact, so a state's digest is linear in the actors (docs/rules.md)."""
        return f"DefaultRow({self._n}, {self._owner}, {self._value!r}, {self._own!r})"


TrustRow = tuple[float, ...] | DefaultRow
"""One actor's trust in every actor: a tuple, or a `DefaultRow` until a cell changes."""


def trust_received(trust: Sequence[TrustRow]) -> tuple[float, ...]:
    """Each actor's total trust from every other actor (the column sums of `trust`, its
    own cell left out), in time linear in the cells stored.

    A `DefaultRow` adds its one value to every column but its owner's, so it is counted
    once, not cell by cell: 10,000 actors of defaults cost 10,000 steps, not 100 million
    (the umpire's dashboard averages these on every screen).
    """
    n = len(trust)
    everyone = 0.0  # what the rows of defaults give every column alike
    columns = [0.0] * n
    for truster, row in enumerate(trust):
        if isinstance(row, DefaultRow):
            everyone += row._value
            columns[truster] -= row._value
        else:
            columns = list(map(add, columns, row))
            columns[truster] -= row[truster]
    return tuple(everyone + column for column in columns)


class StateLike(Protocol):
    """What a compiled expression may read: the engine's `GameState` satisfies this.

    Every sequence is indexed by the integer index the compiler resolved a name to.
    """

    @property
    def turn(self) -> int:
        """Current turn, 1-based."""
        ...

    @property
    def vars(self) -> tuple[float, ...]:
        """Variable values, by variable index."""
        ...

    @property
    def flags(self) -> tuple[bool, ...]:
        """Flag values, by flag index."""
        ...

    @property
    def trust(self) -> tuple[TrustRow, ...]:
        """`trust[a][b]`: how much actor a trusts actor b, 0-100."""
        ...

    @property
    def commitment(self) -> tuple[tuple[float, ...], ...]:
        """`commitment[k][m]`: commitment of alliance k's member slot m, 0-100."""
        ...

    @property
    def active(self) -> tuple[tuple[bool, ...], ...]:
        """`active[k][m]`: whether member slot m is still in alliance k."""
        ...

    @property
    def cohesion(self) -> tuple[float, ...]:
        """Cohesion of each alliance, 0-100."""
        ...

    @property
    def collapsed(self) -> tuple[bool, ...]:
        """Whether each alliance has collapsed."""
        ...

    @property
    def played(self) -> tuple[int, ...]:
        """How many times each move has been played this game."""
        ...

    @property
    def fired(self) -> tuple[int, ...]:
        """How many times each inject has fired this game."""
        ...


@dataclass(frozen=True, slots=True)
class Expr:
    """A compiled expression: `fn(state)` evaluates it; the rest explains it."""

    source: str
    """The expression as the author wrote it."""
    kind: ValueKind
    fn: Callable[[StateLike], Value] = field(compare=False, repr=False)
    tree: Node = field(compare=False, repr=False)
    """What the checker made of it: every name resolved, constants folded; positions are
    offsets into `source` (see `wargame.scenario.expressions.tree`)."""
    span: Span | None = None
    reads: tuple[str, ...] = ()
    """Sorted names it reads, as `var:NAME`, `flag:NAME`, `trust:A:B`, `commitment:K:A`,
    `cohesion:K`, `member:K:A`, `collapsed:K`, `played:MOVE`, `fired:INJECT`, `turn`."""

    def __call__(self, state: StateLike) -> Value:
        return self.fn(state)


TargetKind = Literal["var", "flag", "trust", "commitment"]
EffectOp = Literal["=", "+=", "-=", "*="]


@dataclass(frozen=True, slots=True)
class Target:
    """What an effect writes: a variable, a flag, a trust cell or a member's commitment."""

    kind: TargetKind
    a: int
    """Variable, flag or truster actor index; for `commitment`, the alliance index."""
    b: int = -1
    """Trusted actor index (trust) or member slot (commitment); -1 otherwise."""
    name: str = ""
    """Display form, e.g. `trust[denmark][us]`."""


@dataclass(frozen=True, slots=True)
class Effect:
    """A compiled assignment such as `escalation += 2`."""

    source: str
    target: Target
    op: EffectOp
    value: Expr
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class NameTable:
    """The declared names expressions are resolved against (name -> index)."""

    variables: Mapping[str, int]
    flags: Mapping[str, int]
    actors: Mapping[str, int]
    alliances: Mapping[str, int]
    members: Mapping[str, Mapping[str, int]]
    """alliance id -> actor id -> member slot."""
    moves: Mapping[str, int]
    injects: Mapping[str, int]
    variable_kinds: Mapping[str, ValueKind] = field(default_factory=dict)
    turns: int = 0
    """Number of turns in the calendar: the value of `turns` in expressions."""


Checked = Literal["every_phase", "end_of_turn", "end_of_game"]
"""When a conditional ending is judged (see docs/rules.md, Endings)."""

Visibility = tuple[int, ...] | None
"""Actor indexes who may see a thing; None means everyone, () the umpire only."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A named date in the calendar: `label` falls on `turn`."""

    turn: int
    label: str


@dataclass(frozen=True, slots=True)
class CalendarIR:
    """How game time maps to turns: a label per turn, the deadlines and the clock."""

    start: str
    step: str
    turns: int
    labels: tuple[str, ...]
    """A label per turn (computed from start and step when the file gives none)."""
    deadlines: tuple[Deadline, ...]
    clock: str


@dataclass(frozen=True, slots=True)
class ObjectiveIR:
    """Something an actor wants: `score` (higher is better), weighted by `weight`."""

    text: str
    score: Expr | None
    weight: float


@dataclass(frozen=True, slots=True)
class ActorIR:
    """A role: its names, briefings, objectives, whether people may play it, its stance."""

    id: str
    name: str
    side: str | None
    briefing: str
    private_briefing: str
    objectives: tuple[ObjectiveIR, ...]
    playable: bool
    stance: Expr | None


@dataclass(frozen=True, slots=True)
class AllianceIR:
    """An alliance: its members' actor slots, weights and thresholds; drift, contagion."""

    id: str
    name: str
    members: tuple[int, ...]
    """Actor index of each member slot."""
    weights: tuple[float, ...]
    start_commitment: tuple[float, ...]
    exit_below: tuple[float, ...]
    collapse_below: float
    drift: float
    contagion: float


@dataclass(frozen=True, slots=True)
class VariableIR:
    """A numeric quantity: its start, the bounds effects clamp to, and who may see it."""

    id: str
    start: float
    min: float
    max: float
    label: str
    description: str
    visible_to: Visibility
    key: bool


@dataclass(frozen=True, slots=True)
class FlagIR:
    """A true/false fact: its start value and who may see it."""

    id: str
    start: bool
    label: str
    visible_to: Visibility


@dataclass(frozen=True, slots=True)
class PhaseIR:
    """A phase of every turn: who acts in it, in order, one after another or at once."""

    id: str
    label: str
    mode: Literal["sequential", "simultaneous"]
    actors: tuple[int, ...]
    """Actor indexes acting in this phase, in order."""
    text: str


@dataclass(frozen=True, slots=True)
class OutcomeIR:
    """One result of a resolved move: its effects, and its chance or dice threshold."""

    id: str
    label: str
    text: str
    effects: tuple[Effect, ...]
    p: Expr | None = None
    at_least: int | None = None
    summary: str = ""
    """The author's words for what it does (`summary:`), or "" to generate them."""


@dataclass(frozen=True, slots=True)
class ModifierIR:
    """An amount added to a dice roll while its condition holds."""

    label: str
    value: Expr
    when: Expr | None


@dataclass(frozen=True, slots=True)
class ResolutionIR:
    """How a move's result is decided: by chance, by dice, or by umpire ruling."""

    kind: Literal["chance", "dice", "ruling"]
    outcomes: tuple[OutcomeIR, ...]
    dice_count: int = 0
    dice_sides: int = 0
    modifiers: tuple[ModifierIR, ...] = ()


@dataclass(frozen=True, slots=True)
class ArguedIR:
    """A matrix-game argument: the prompt, and the dice modifier of each rating."""

    prompt: str
    strong: int
    neutral: int
    weak: int


@dataclass(frozen=True, slots=True)
class MoveIR:
    """Something an actor may do: when, with what effects and limits, how it resolves."""

    id: str
    index: int
    actor: int
    phase: int
    label: str
    text: str
    when: Expr | None
    effects: tuple[Effect, ...]
    per_game: int | None
    per_turn: int | None
    cooldown: int | None
    resolution: ResolutionIR | None
    argued: ArguedIR | None
    secret: bool
    weight: float
    summary: str = ""
    """The author's words for what it does (`summary:`), or "" to generate them."""


@dataclass(frozen=True, slots=True)
class InjectTime:
    """When an inject arrives in an exercise: `H+2:30`, or a clock time `14:30`."""

    text: str
    """As the author wrote it (stripped)."""
    minutes: int
    """Minutes after H (`H+` times), or after midnight (clock times): the order within a turn."""
    clock: bool


@dataclass(frozen=True, slots=True)
class QuestionIR:
    """A discussion question: `id` is `OWNER.QID` (the inject's or the module's id, then
    the question's own id or `q1`, `q2`, ...), the key its answers are recorded under."""

    id: str
    text: str
    guide: str = ""
    """What a good answer covers: the facilitator's alone."""


@dataclass(frozen=True, slots=True)
class InjectIR:
    """An event the scenario injects: on which turns, when, by what chance, to what effect."""

    id: str
    index: int
    label: str
    text: str
    turns: tuple[int, ...] | None
    """Turns on which it is considered; None for every turn."""
    when: Expr | None
    chance: Expr | None
    once: bool
    effects: tuple[Effect, ...]
    visible_to: Visibility
    at: InjectTime | None = None
    module: int | None = None
    """Index of the module it belongs to (given, or found from its turns), None if none."""
    questions: tuple[QuestionIR, ...] = ()
    notes: str = ""
    """Facilitator notes: the umpire's alone, shown at once when the inject fires."""


@dataclass(frozen=True, slots=True)
class ModuleIR:
    """A module of a discussion-based exercise: its turns, storyline, objectives, the
    questions discussed at its end and the facilitator's notes."""

    id: str
    index: int
    title: str
    first_turn: int
    last_turn: int
    text: str
    objectives: tuple[str, ...]
    questions: tuple[QuestionIR, ...]
    notes: str

    def spans(self, turn: int) -> bool:
        """Whether `turn` is one of this module's turns."""
        return self.first_turn <= turn <= self.last_turn


@dataclass(frozen=True, slots=True)
class ExpectedIR:
    """An expected action of a capability: checked from the log by its move or flag (by
    `by_turn`), or left to the evaluator when it has neither."""

    capability: str
    text: str
    move: int | None
    flag: int | None
    by_turn: int | None
    inject: int | None


@dataclass(frozen=True, slots=True)
class CapabilityIR:
    """A capability the exercise tests, rated P/S/M/U by the evaluators."""

    id: str
    name: str
    description: str
    expected: tuple[ExpectedIR, ...]


@dataclass(frozen=True, slots=True)
class ExerciseObjectiveIR:
    """An exercise objective and the ids of the capabilities that test it."""

    id: str
    text: str
    capabilities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExerciseIR:
    """The exercise a scenario is: its details, objectives and capabilities."""

    kind: str
    sponsor: str
    point_of_contact: str
    scope: str
    mission_areas: tuple[str, ...]
    threat: str
    objectives: tuple[ExerciseObjectiveIR, ...]
    capabilities: tuple[CapabilityIR, ...]

    def capability(self, capability_id: str) -> CapabilityIR:
        """The capability with this id (KeyError when there is none)."""
        for capability in self.capabilities:
            if capability.id == capability_id:
                return capability
        raise KeyError(capability_id)


@dataclass(frozen=True, slots=True)
class EndingIR:
    """A way the game can end: its condition, priority, narrative and debrief questions."""

    id: str
    index: int
    title: str
    when: Expr | None
    priority: int
    text: str
    debrief: tuple[str, ...]
    default: bool
    at_end: bool = False
    """Checked only when the calendar runs out (see `ScenarioIR.end_order`)."""
    checked: Checked = "every_phase"
    """When `when` is judged (the ending's `checked`, else the scenario's `endings_checked`;
    `end_of_game` exactly when `at_end`)."""
    warn_within: float | None = None
    """The author's margin for the last-chance warning (None: one move's largest change)."""


@dataclass(frozen=True, slots=True)
class LeversIR:
    """What a free action or the umpire's written news may move, and by how much at most
    per action (0: not a lever). No lever at all: free actions are narrative only."""

    variables: tuple[float, ...] = ()
    """Per variable index, the largest change one action may make (0: not a lever)."""
    trust: float = 0.0
    """The largest change to any `trust[A][B]` (0: trust is not a lever)."""
    commitment: float = 0.0
    """The largest change to any `commitment[K][A]` (0: commitment is not a lever)."""

    @property
    def any(self) -> bool:
        """Whether anything may be moved at all."""
        return self.trust > 0 or self.commitment > 0 or any(v > 0 for v in self.variables)


@dataclass(frozen=True, slots=True)
class ArgumentRuleIR:
    """The argument rule free actions are judged by (see `schema.Arguments`)."""

    dice_count: int = 2
    dice_sides: int = 6
    succeed_at: int = 7
    strong: int = 2
    neutral: int = 0
    weak: int = -2
    unrated: Literal["strong", "neutral", "weak"] = "neutral"
    """The rating every argument gets when no person umpires."""
    declared: bool = False
    """Whether the file declares the rule (`arguments:`) rather than taking the default."""

    def value(self, rating: str) -> int:
        """The modifier of one argument for the free action with this rating."""
        if rating == "strong":
            return self.strong
        return self.weak if rating == "weak" else self.neutral


@dataclass(frozen=True, slots=True)
class SourceIR:
    """A source the scenario draws on."""

    title: str
    url: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class ScenarioIR:
    """A compiled scenario. Sequences are indexed by the indexes expressions use."""

    format_version: int
    id: str
    title: str
    summary: str
    version: str
    authors: tuple[str, ...]
    sources: tuple[SourceIR, ...]
    content_note: str | None
    masking: tuple[tuple[str, str], ...]
    calendar: CalendarIR
    actors: tuple[ActorIR, ...]
    alliances: tuple[AllianceIR, ...]
    trust: tuple[TrustRow, ...]
    """Initial trust matrix, `trust[a][b]` (rows of defaults are `DefaultRow`s in a large
    scenario)."""
    variables: tuple[VariableIR, ...]
    flags: tuple[FlagIR, ...]
    phases: tuple[PhaseIR, ...]
    moves: tuple[MoveIR, ...]
    injects: tuple[InjectIR, ...]
    endings: tuple[EndingIR, ...]
    """In file order; `ending_order` gives the order they are checked in."""
    ending_order: tuple[int, ...]
    """Indexes of the conditional endings judged during play (`every_phase` and
    `end_of_turn`) by priority (highest first, ties in file order)."""
    default_ending: int | None
    debrief: tuple[str, ...]
    names: NameTable
    end_order: tuple[int, ...] = ()
    """Indexes of `at_end` endings by priority: checked when the calendar runs out."""
    endings_checked: Checked = "every_phase"
    """The scenario's `endings_checked`: when endings without their own `checked` are judged."""
    source_text: str = field(default="", repr=False, compare=False)
    """The file's text, embedded in saves so they open on another machine."""
    source_hash: str = ""
    """SHA-256 of the file's text."""
    source_name: str = ""
    """The file name errors and lint refer to."""
    spans: Mapping[str, Span] = field(default_factory=dict, repr=False, compare=False)
    """Positions of nodes by dotted path (`moves[3]`, `moves[3].when`), for lint and tools."""
    moves_by_phase_actor: Mapping[tuple[int, int], tuple[int, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """(phase, actor) -> move indexes, in file order: precomputed for `legal_actions`."""
    umpire_briefing: str = ""
    """The facilitator's briefing: the umpire's alone."""
    discussion: bool = False
    """Discussion mode: players see only the moves open to them now, without rules."""
    exercise: ExerciseIR | None = None
    modules: tuple[ModuleIR, ...] = ()
    levers: LeversIR = field(default_factory=LeversIR)
    """What free actions and written news may move (docs/rules.md, Free play)."""
    arguments: ArgumentRuleIR = field(default_factory=ArgumentRuleIR)
    """How free actions are judged."""

    def actor(self, actor_id: str) -> ActorIR:
        """The actor with this id (KeyError when there is none)."""
        return self.actors[self.names.actors[actor_id]]

    def move(self, move_id: str) -> MoveIR:
        """The move with this id (KeyError when there is none)."""
        return self.moves[self.names.moves[move_id]]

    def module_of_turn(self, turn: int) -> ModuleIR | None:
        """The module whose turns include `turn` (None outside every module)."""
        for module in self.modules:
            if module.spans(turn):
                return module
        return None

    def questions(self) -> tuple[QuestionIR, ...]:
        """Every discussion question, module by module: each module's injects' questions in
        time order, then the module's own (those of injects outside modules last)."""
        out: list[QuestionIR] = []
        for module in (*self.modules, None):
            index = None if module is None else module.index
            injects = sorted(
                (i for i in self.injects if i.module == index),
                key=lambda i: (i.turns[0] if i.turns else 0, i.at.minutes if i.at else -1),
            )
            for inject in injects:
                out.extend(inject.questions)
            if module is not None:
                out.extend(module.questions)
        return tuple(out)

    def objective_score(self, state: StateLike, actor: int) -> float:
        """Weighted sum of `actor`'s objective scores in `state` (booleans count 1 or 0; a
        score that is not a number counts 0, one beyond ±1e15 is held there).

        The one definition bots maximise, batches summarise and reports show.
        """
        from wargame.scenario.numbers import bounded  # it imports this module

        total = 0.0
        for objective in self.actors[actor].objectives:
            if objective.score is not None:
                total += objective.weight * bounded(objective.score(state))
        return total
