"""The scenario file format, version 1, as pydantic models.

These models mirror the YAML an author writes, field for field, and are the single source of
the published JSON Schema. They check shape and types only; names inside expressions,
references between sections and everything that needs the whole file are checked by
`wargame.scenario.compile`, which turns these models into the engine's IR.

Every model is frozen and forbids unknown keys, so a misspelt key is an error, never ignored.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

FORMAT_VERSIONS: tuple[int, ...] = (1,)
"""Format versions this build can read."""

Ident = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$"),
    Field(description="An identifier: lower case letters, digits and _, starting with a letter."),
]
Text = Annotated[str, StringConstraints(max_length=20_000)]
ExprText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    Field(description="An expression, e.g. `escalation >= 5 and not flags.talks`."),
]
EffectText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    Field(
        description="An assignment: `escalation += 2`, `trust[denmark][us] -= 15`, "
        "`commitment[nato][denmark] -= 10`, `flags.plans_ordered = true`."
    ),
]
Percent = Annotated[float, Field(ge=0, le=100)]
Probability = Annotated[float, Field(ge=0, le=1)]
DiceRoll = Annotated[
    str, StringConstraints(pattern=r"^\s*[1-9][0-9]?d([2-9]|[1-9][0-9]{1,2})\s*$")
]
TurnNumber = Annotated[int, Field(ge=1)]
Checked = Literal["every_phase", "end_of_turn", "end_of_game"]
"""When conditional endings are judged: after every phase (and after a turn's injects), only
at the end of each turn (after the end-of-turn rules), or only when the calendar runs out."""


# Default factories are plain functions, not `list` and `dict`: pydantic inspects each
# factory's signature when it builds the validator, and `inspect.signature` of a builtin
# parses its text signature with `tokenize` (~15 ms of a cold `wargame validate`, most of
# it compiling tokenize's patterns), where a Python function's is read directly.


def broken_rule(message: str, *, key: str | None = None, hint: str | None = None) -> Exception:
    """A rule across the fields of one item, for the loader's E106: what is wrong, the key
    the caret goes under (None: the item itself, e.g. when a key is missing) and what to do.
    """
    return PydanticCustomError(
        "broken_rule", "{message}", {"message": message, "key": key, "hint": hint}
    )


def _no_items() -> list[Any]:
    """A fresh empty list: the default of a list section."""
    return []


def _no_entries() -> dict[str, Any]:
    """A fresh empty mapping: the default of a mapping section."""
    return {}


class Model(BaseModel):
    """Base for every file model: immutable, unknown keys forbidden.

    `defer_build`: the validators are built once, for `Scenario`, on first use, instead of
    once per model at import (about 30 ms of every cold `wargame validate`).
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=False, defer_build=True
    )


class Source(Model):
    """A source the scenario draws on."""

    title: str = Field(description="What the source is called.")
    url: str | None = Field(default=None, description="Where to find it.")
    note: str | None = Field(default=None, description="What the scenario takes from it.")


class Deadline(Model):
    """A date in the calendar that players race against (shown in the turn header)."""

    turn: int = Field(ge=1, description="The turn on which the deadline falls.")
    label: str = Field(description="What happens then, e.g. `NATO summit`.")


class Calendar(Model):
    """How game time maps to turns."""

    start: str = Field(
        description="Label of the first turn's date, e.g. `2026-03` or `October 16, 1962`."
    )
    step: Literal["hour", "day", "week", "month", "quarter", "year", "turn"] = Field(
        default="turn", description="How much time one turn stands for."
    )
    turns: int = Field(ge=1, le=1000, description="Number of turns before the calendar runs out.")
    labels: list[str] | None = Field(
        default=None,
        description="Optional label for every turn (as many as `turns`), overriding dates "
        "computed from `start` and `step`.",
    )
    deadlines: list[Deadline] = Field(default_factory=_no_items, description="Named deadlines.")
    clock: Literal["none", "realtime"] = Field(
        default="none",
        description="`realtime` suggests a per-phase timer to the TUI; the rules never read it.",
    )


class Objective(Model):
    """Something an actor wants; bots score it and the debrief reports it."""

    text: str = Field(description="The objective in words, for briefings and the debrief.")
    score: ExprText | None = Field(
        default=None,
        description="A numeric or boolean expression; higher is better for the actor. "
        "Goal-seeking bots maximise the weighted sum.",
    )
    weight: float = Field(default=1.0, ge=0, description="Weight of this objective.")


class Actor(Model):
    """A role a team, a bot or the umpire plays."""

    name: str = Field(description="Display name.")
    side: str | None = Field(default=None, description="Grouping for colours and reports.")
    briefing: Text = Field(default="", description="Public briefing, shown to every seat.")
    private_briefing: Text = Field(
        default="", description="Private briefing, shown only to this actor's seat."
    )
    objectives: list[Objective] = Field(default_factory=_no_items, description="What it wants.")
    playable: bool = Field(
        default=True, description="False for actors that only bots or the umpire should play."
    )
    stance: ExprText | None = Field(
        default=None,
        description="Optional string-free numeric expression shown as the actor's stance "
        "on the dashboard (e.g. `trust(denmark, us)`).",
    )


class Member(Model):
    """An alliance member."""

    weight: float = Field(default=1.0, gt=0, description="Weight of this member in cohesion.")
    commitment: Percent = Field(
        default=70, description="Starting commitment to the alliance, 0-100."
    )
    exit_below: Percent = Field(
        default=0,
        description="The member leaves the alliance when its commitment ends a turn below this.",
    )


class Alliance(Model):
    """An alliance whose cohesion the engine tracks (see docs/rules.md)."""

    name: str = Field(description="Display name.")
    members: dict[Ident, Member] = Field(
        min_length=1, description="Members by actor id, with weights and thresholds."
    )
    collapse_below: Percent = Field(
        default=0, description="The alliance collapses when cohesion falls below this."
    )
    drift: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Share of the gap between a member's commitment and its trust in the "
        "partners that closes at the end of each turn.",
    )
    contagion: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Share of the gap between a member's trust in a partner and the other "
        "members' average trust in that partner that closes each turn: how one member's "
        "coercion of another spreads through the alliance.",
    )


class Relations(Model):
    """Trust between actors, 0-100: `trust[a][b]` is how much a trusts b."""

    default: Percent = Field(default=50, description="Trust between actors not listed.")
    trust: dict[Ident, dict[Ident, Percent]] = Field(
        default_factory=_no_entries, description="`truster: {trusted: value}`."
    )


def _default_relations() -> Relations:
    """Everyone trusts everyone at `Relations.default`: the default of `relations`."""
    return Relations()


Visibility = Literal["all", "umpire"] | list[Ident]


class Variable(Model):
    """A numeric quantity the scenario tracks."""

    start: float = Field(description="Value at the start of the game.")
    min: float = Field(default=0, description="Lowest value; effects clamp to it.")
    max: float = Field(default=100, description="Highest value; effects clamp to it.")
    label: str | None = Field(default=None, description="Display name.")
    description: str | None = Field(default=None, description="What it means, for briefings.")
    visible_to: Visibility = Field(
        default="all",
        description="`all`, `umpire`, or a list of actor ids who may see it.",
    )
    key: bool = Field(
        default=False, description="Shown in reports and Monte Carlo summaries by default."
    )

    @model_validator(mode="after")
    def _bounds(self) -> Variable:
        if self.min > self.max:
            raise broken_rule(
                f"min ({self.min:g}) is greater than max ({self.max:g})",
                key="min",
                hint="swap `min` and `max`",
            )
        if not self.min <= self.start <= self.max:
            raise broken_rule(
                f"start ({self.start:g}) is outside [{self.min:g}, {self.max:g}]",
                key="start",
                hint=f"start between {self.min:g} and {self.max:g}, or widen `min` and `max`",
            )
        return self


class Flag(Model):
    """A true/false fact the scenario tracks."""

    start: bool = Field(default=False, description="Value at the start of the game.")
    label: str | None = Field(default=None, description="Display name.")
    visible_to: Visibility = Field(default="all", description="Who may see it.")


class Phase(Model):
    """A phase of every turn."""

    id: Ident = Field(description="Phase id, referenced by moves.")
    label: str | None = Field(default=None, description="Display name.")
    mode: Literal["sequential", "simultaneous"] = Field(
        default="sequential",
        description="`sequential`: actors act one after another in `actors` order. "
        "`simultaneous`: every actor's orders are collected hidden, then resolved together "
        "in `actors` order.",
    )
    actors: list[Ident] | None = Field(
        default=None,
        description="Who acts in this phase, in order; default: every actor with a move in it, "
        "in the order of `actors`.",
    )
    text: str | None = Field(default=None, description="What happens in this phase.")


class Limit(Model):
    """How often a move may be played."""

    per_game: int | None = Field(default=None, ge=1, description="At most this many times a game.")
    per_turn: int | None = Field(default=None, ge=1, description="At most this many times a turn.")
    cooldown: int | None = Field(
        default=None, ge=1, description="Turns that must pass before it can be played again."
    )


class Outcome(Model):
    """One possible result of an adjudicated move."""

    id: Ident = Field(description="Outcome id, unique within the move.")
    label: str | None = Field(default=None, description="Short name, e.g. `Intercepted`.")
    text: str = Field(default="", description="Narrative shown when this outcome happens.")
    effects: list[EffectText] = Field(default_factory=_no_items, description="Effects applied.")
    summary: str = Field(
        default="",
        description="What the outcome does, in the words players read; replaces the sentence "
        "generated from `effects` (e.g. `Escalation +2 · the generals trust the President less "
        "(−10)`).",
    )
    p: ExprText | Probability | None = Field(
        default=None,
        description="Chance outcomes: probability (0-1) as a number or expression. The last "
        "outcome may omit it and takes what is left.",
    )
    at_least: int | None = Field(
        default=None,
        description="Dice outcomes: the outcome happens when the modified roll is at least "
        "this. List from highest to lowest; the last may omit it (everything below).",
    )


class Modifier(Model):
    """A modifier added to a dice roll."""

    label: str = Field(description="Why it applies, shown next to the roll.")
    value: ExprText | int = Field(description="The amount added (may be negative).")
    when: ExprText | None = Field(default=None, description="Applies only when this holds.")


class Dice(Model):
    """A dice roll against targets."""

    roll: DiceRoll = Field(default="2d6", description="Dice to roll, as `NdS`, e.g. `2d6`.")
    modifiers: list[Modifier] = Field(default_factory=_no_items, description="Added to the roll.")
    outcomes: list[Outcome] = Field(
        min_length=1, description="Outcomes by `at_least`, highest first."
    )


class Argued(Model):
    """A matrix-game move: the team argues a case in free text and the umpire rates it."""

    prompt: str = Field(
        default="Argue your case: what you do, why it works, and what follows.",
        description="Prompt shown to the team when they type their argument.",
    )
    strong: int = Field(default=2, description="Dice modifier for a strong argument.")
    neutral: int = Field(default=0, description="Dice modifier for a neutral argument.")
    weak: int = Field(default=-2, description="Dice modifier for a weak argument.")


class Move(Model):
    """Something an actor may do."""

    id: Ident = Field(description="Move id, unique in the scenario.")
    actor: Ident = Field(description="The actor who may play it.")
    phase: Ident | None = Field(
        default=None, description="The phase it belongs to; required when there are phases."
    )
    label: str = Field(description="Short name shown in the list of choices.")
    text: str = Field(default="", description="Narrative shown when it is played.")
    when: ExprText | None = Field(default=None, description="Only available when this holds.")
    effects: list[EffectText] = Field(
        default_factory=_no_items, description="Effects applied whenever it is played."
    )
    summary: str = Field(
        default="",
        description="What the move does, in the words players read; replaces the sentence "
        "generated from `effects` (e.g. `Escalation +2 · the generals trust the President less "
        "(−10)`).",
    )
    limit: Limit | None = Field(default=None, description="How often it may be played.")
    chance: list[Outcome] | None = Field(
        default=None, description="Resolve by chance: outcomes with probabilities `p`."
    )
    dice: Dice | None = Field(default=None, description="Resolve by a dice roll.")
    ruling: list[Outcome] | None = Field(
        default=None,
        description="Resolve by umpire ruling: the umpire picks one outcome. Outcomes may "
        "carry `p` so that a bot umpire (or the engine's proposal) can pick by chance; "
        "otherwise the first is proposed.",
    )
    argued: Argued | bool = Field(
        default=False,
        description="Matrix-style argued move: the team types an argument, the umpire rates "
        "it strong / neutral / weak, which shifts the dice roll. Needs `dice`.",
    )
    secret: bool = Field(
        default=False,
        description="Only the actor and the umpire learn that it was played; others see its "
        "public effects only.",
    )
    weight: float = Field(
        default=1.0, ge=0, description="Relative weight for the weighted bot policy."
    )

    @model_validator(mode="after")
    def _one_resolution(self) -> Move:
        kinds = [k for k in ("chance", "dice", "ruling") if getattr(self, k) is not None]
        if len(kinds) > 1:
            raise broken_rule(
                f"a move resolves one way only, but it has {' and '.join(kinds)}",
                key=kinds[1],
                hint=f"keep one of {' and '.join(f'`{k}`' for k in kinds)}; to combine them, "
                "make two moves",
            )
        if self.argued and self.dice is None:
            raise broken_rule(
                "an argued move needs `dice`: the umpire's rating shifts the roll",
                key="argued",
                hint="add `dice:` with outcomes by `at_least`, or remove `argued`",
            )
        return self


InjectTime = Annotated[
    str,
    StringConstraints(pattern=r"^\s*(H\+\d{1,3}(:[0-5]\d)?|([01]?\d|2[0-3]):[0-5]\d)\s*$"),
    Field(description="`H+2:30` (after the exercise starts) or a clock time `14:30`."),
]


class Question(Model):
    """A discussion question, with what a good answer covers (the facilitator's only)."""

    text: Text = Field(description="The question as the room reads it.")
    id: Ident | None = Field(
        default=None,
        description="Its id, for answers in saves and reports (default: `q1`, `q2`, ... by "
        "position).",
    )
    guide: Text = Field(
        default="",
        description="What a good answer covers: shown to the facilitator only.",
    )


class Module(Model):
    """A module of a discussion-based exercise: turns, storyline, questions and notes."""

    id: Ident = Field(description="Module id, unique in the scenario.")
    title: str = Field(description="Title shown when the module opens, e.g. `Module 1: Detection`.")
    turns: TurnNumber | list[TurnNumber] = Field(
        description="The turn, or the consecutive turns, it spans (e.g. `[1, 2]`)."
    )
    text: Text = Field(default="", description="What the room reads when the module opens.")
    objectives: list[Text] = Field(
        default_factory=_no_items, description="What this module is meant to bring out."
    )
    questions: list[Question | Text] = Field(
        default_factory=_no_items,
        description="Questions the room discusses at the module's end.",
    )
    notes: Text = Field(
        default="", description="Facilitator notes for the module: the umpire alone sees them."
    )


class ExpectedAction(Model):
    """What the players should do: checked by a move or a flag by a turn, else rated."""

    text: Text = Field(default="", description="The expected action in words.")
    move: Ident | None = Field(default=None, description="The move that shows it was done.")
    flag: Ident | None = Field(default=None, description="The flag that shows it was done.")
    by_turn: TurnNumber | None = Field(default=None, description="The deadline: by this turn.")
    inject: Ident | None = Field(
        default=None, description="The inject it answers (listed with it in the event list)."
    )

    @model_validator(mode="after")
    def _one_check(self) -> ExpectedAction:
        if self.move is not None and self.flag is not None:
            raise broken_rule(
                "an expected action is checked by a move or by a flag, not both",
                key="flag",
                hint="keep `move` or `flag`; to expect both, write two expected actions",
            )
        if not self.text and self.move is None and self.flag is None:
            raise broken_rule(
                "an expected action needs `text`, a `move` or a `flag`",
                hint="say what the players should do in `text`",
            )
        return self


class Capability(Model):
    """A capability the exercise tests, rated P, S, M or U by the evaluators."""

    name: str = Field(description="Display name, e.g. `Operational Coordination`.")
    description: Text = Field(default="", description="What it covers in this exercise.")
    expected: list[ExpectedAction] = Field(
        default_factory=_no_items, description="Expected actions that show it."
    )


class ExerciseObjective(Model):
    """An exercise objective and the capabilities that test it."""

    id: Ident = Field(description="Objective id, unique in the exercise.")
    text: Text = Field(description="The objective, e.g. `Assess the cell's ability to ...`.")
    capabilities: list[Ident] = Field(
        default_factory=_no_items, description="Ids of the capabilities it tests."
    )


class Exercise(Model):
    """The exercise: the report's cover details, objectives and capabilities."""

    kind: str = Field(
        default="Discussion-based tabletop exercise",
        description="What kind of exercise, as the report's cover says it.",
    )
    sponsor: str = Field(default="", description="Who sponsors the exercise.")
    point_of_contact: str = Field(
        default="", description="Whom to ask about it (name, role, address)."
    )
    scope: Text = Field(default="", description="What it covers, how long, who takes part.")
    mission_areas: list[str] = Field(
        default_factory=_no_items, description="Mission areas, e.g. `Response`, `Recovery`."
    )
    threat: Text = Field(default="", description="The threat or hazard it plays out.")
    objectives: list[ExerciseObjective] = Field(
        default_factory=_no_items, description="Exercise objectives."
    )
    capabilities: dict[Ident, Capability] = Field(
        default_factory=_no_entries, description="Capabilities by id, rated P/S/M/U."
    )
Rating = Literal["strong", "neutral", "weak"]


class Arguments(Model):
    """The argument rule: how a free action (a team's own proposal) is judged.

    The dice are rolled when the phase closes; each argument adds its rating's modifier
    (an argument against subtracts it); the free action succeeds when the total reaches
    `succeed_at`. A human umpire rates each argument and may rule otherwise with a reason;
    without one every argument counts as `unrated`.
    """

    roll: DiceRoll = Field(default="2d6", description="Dice rolled for a free action, as `NdS`.")
    succeed_at: int = Field(
        default=7, description="A free action succeeds when the modified roll is at least this."
    )
    strong: int = Field(default=2, description="Modifier of each strong argument for it.")
    neutral: int = Field(default=0, description="Modifier of each neutral argument for it.")
    weak: int = Field(default=-2, description="Modifier of each weak argument for it.")
    unrated: Rating = Field(
        default="neutral",
        description="How every argument counts when no person umpires: `strong` makes the "
        "matrix-game count (each argument for helps, each against hurts), `neutral` leaves "
        "it to the dice.",
    )


LeverLimit = Annotated[float, Field(gt=0, le=1000)]


class Inject(Model):
    """An event the scenario injects: scheduled, conditional or random."""

    id: Ident = Field(description="Inject id, unique in the scenario.")
    label: str = Field(description="Headline shown in the news flash.")
    text: str = Field(default="", description="The news flash's narrative.")
    at_turn: TurnNumber | list[TurnNumber] | None = Field(
        default=None, description="Turn(s) on which it is considered (default: every turn)."
    )
    when: ExprText | None = Field(default=None, description="Only fires when this holds.")
    chance: ExprText | Probability | None = Field(
        default=None, description="Probability (0-1) that it fires when considered."
    )
    once: bool = Field(default=True, description="Fires at most once a game.")
    effects: list[EffectText] = Field(default_factory=_no_items, description="Effects applied.")
    visible_to: Visibility = Field(default="all", description="Who sees the news flash.")
    at: InjectTime | None = Field(
        default=None,
        description="When it arrives within the exercise, as `H+2:30` (hours:minutes after "
        "the exercise starts) or a clock time `14:30`: injects of one turn are listed in "
        "time order, and the event list (`wargame print --msel`) shows it.",
    )
    module: Ident | None = Field(
        default=None,
        description="The module it belongs to (default: the module whose turns include its "
        "`at_turn`).",
    )
    questions: list[Question | Text] = Field(
        default_factory=_no_items,
        description="Discussion questions the room takes up when this news arrives; the "
        "facilitator records each answer.",
    )
    notes: Text = Field(
        default="",
        description="Facilitator notes: shown to the umpire alone, at once, when the news "
        "arrives (what to listen for, what to prompt).",
    )


class Ending(Model):
    """A way the game can end."""

    id: Ident = Field(description="Ending id, unique in the scenario.")
    title: str = Field(description="Headline of the ending.")
    when: ExprText | None = Field(
        default=None,
        description="Ends the game when this holds (checked when the scenario's "
        "`endings_checked` says, after every phase by default). Omit it on the one default "
        "ending used when the calendar runs out.",
    )
    priority: int = Field(
        default=0,
        description="When several endings hold, the highest priority wins (ties: file order).",
    )
    text: str = Field(default="", description="Narrative shown in the debrief.")
    debrief: list[str] = Field(default_factory=_no_items, description="Debrief questions.")
    default: bool = Field(
        default=False, description="Closes the game when the calendar runs out with none met."
    )
    at_end: bool = Field(
        default=False,
        description="Checked only when the calendar runs out (before the default ending), "
        "not after every phase: e.g. `the pact is renewed if cohesion is at least 65 at the "
        "end`.",
    )
    checked: Checked | None = Field(
        default=None,
        description="When this ending's `when` is judged, overriding the scenario's "
        "`endings_checked`: `every_phase`, `end_of_turn` or `end_of_game` (the same as "
        "`at_end: true`).",
    )
    warn_within: float | None = Field(
        default=None,
        ge=0,
        description="How near (in the units of the values its condition reads) counts as "
        "close for the last-chance warning; default: the largest change one move or one "
        "piece of news makes to that value.",
    )

    @model_validator(mode="after")
    def _default_has_no_condition(self) -> Ending:
        if self.default and self.when is not None:
            raise broken_rule(
                "`when` on the default ending: the default ending takes no condition, it "
                "closes the game when the calendar runs out with no other ending met",
                key="when",
                hint="remove `when`, or remove `default: true` to make this an ending like "
                "the others",
            )
        if self.at_end and self.when is None:
            raise broken_rule(
                "an `at_end` ending needs `when`: the condition checked at the end",
                key="at_end",
                hint="add `when:` with the condition, or remove `at_end`",
            )
        if not self.default and self.when is None:
            raise broken_rule(
                "an ending needs `when`, or `default: true` for the time-out ending",
                hint="add `when:` with the condition that ends the game, or `default: true` "
                "if it closes the game when the calendar runs out",
            )
        if self.checked is not None and self.default:
            raise broken_rule(
                "a default ending has no condition to check",
                key="checked",
                hint="remove `checked`",
            )
        if self.at_end and self.checked not in (None, "end_of_game"):
            raise broken_rule(
                f"`at_end: true` means `checked: end_of_game`, not `checked: {self.checked}`",
                key="checked",
                hint="keep one of them: `checked` alone says when it is judged",
            )
        return self


class Scenario(Model):
    """A whole scenario file (format version 1)."""

    wargame: int = Field(description="Format version of this file; this build reads 1.")
    id: Ident = Field(description="Scenario id.")
    title: str = Field(description="Title shown in the scenario list.")
    summary: str = Field(default="", description="One paragraph on what the scenario is.")
    version: str = Field(default="1", description="Version of this scenario's content.")
    authors: list[str] = Field(default_factory=_no_items, description="Who wrote it.")
    sources: list[Source] = Field(default_factory=_no_items, description="What it draws on.")
    content_note: str | None = Field(
        default=None, description="Shown before play: sensitive real-world content."
    )
    masking: dict[str, str] = Field(
        default_factory=_no_entries,
        description="Real names to fictional stand-ins, applied by `--masked` play and exports.",
    )
    calendar: Calendar = Field(description="Turns and dates.")
    actors: dict[Ident, Actor] = Field(min_length=1, description="Roles by id.")
    alliances: dict[Ident, Alliance] = Field(
        default_factory=_no_entries, description="Alliances by id."
    )
    relations: Relations = Field(default_factory=_default_relations, description="Initial trust.")
    variables: dict[Ident, Variable] = Field(default_factory=_no_entries, description="Quantities.")
    flags: dict[Ident, Flag] = Field(default_factory=_no_entries, description="True/false facts.")
    phases: list[Phase] = Field(
        default_factory=_no_items,
        description="Phases of each turn, in order; default: one sequential phase `main`.",
    )
    moves: list[Move] = Field(default_factory=_no_items, description="What actors may do.")
    injects: list[Inject] = Field(default_factory=_no_items, description="Injected events.")
    endings: list[Ending] = Field(min_length=1, description="How the game can end.")
    endings_checked: Checked = Field(
        default="every_phase",
        description="When conditional endings are judged: `every_phase` (after every phase "
        "and after a turn's news), `end_of_turn` (after the end-of-turn rules only) or "
        "`end_of_game` (when the calendar runs out). An ending's `checked` overrides it.",
    )
    debrief: list[str] = Field(default_factory=_no_items, description="General debrief questions.")
    umpire_briefing: Text = Field(
        default="",
        description="The facilitator's briefing: shown to the umpire alone, before play.",
    )
    discussion: bool = Field(
        default=False,
        description="Discussion mode: players see only the moves open to them now, by name, "
        "without conditions or effects (a `play`/`host` option too).",
    )
    exercise: Exercise | None = Field(
        default=None,
        description="Makes the scenario an exercise: details, objectives and capabilities "
        "for the after-action report and improvement plan.",
    )
    modules: list[Module] = Field(
        default_factory=_no_items,
        description="Modules of a discussion-based exercise, in order.",
    )
    levers: dict[Ident, LeverLimit] = Field(
        default_factory=_no_entries,
        description="What a free action or an umpire's written news may move, and by how much "
        "at most per action: a variable id, `trust` (any trust between two actors) or "
        "`commitment` (any member's commitment), e.g. `{escalation: 2, trust: 10}`. No "
        "levers: free actions are narrative only.",
    )
    arguments: Arguments | None = Field(
        default=None,
        description="The argument rule free actions are judged by (default: 2d6, success at "
        "7, arguments +2 / 0 / -2, unrated arguments neutral).",
    )
