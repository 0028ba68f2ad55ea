"""A Session: one game in progress, the imperative shell around the pure engine.

A session is the scenario, the seed, the seating and the append-only action log. Every
state is the fold of `engine.step` over the log, each action drawing from the generator
`session.dice` gives it (keyed by the actors' actions, so umpire actions shift no dice), so
replaying the log anywhere gives the same states. Undo trims the log
(the trimmed actions wait on a redo stack), fork copies a prefix into a new session that
remembers its parent, and saving writes the whole thing as one JSON document.

Beside the log the session keeps the messages of its channels (`session.channels`): a side
log that no rule reads, so undo leaves it alone and no message moves a die.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Literal

from wargame.engine import (
    UMPIRE,
    Action,
    Counted,
    Event,
    GameState,
    Viewer,
    events,
    initial_state,
    legal_actions,
    resume,
    step,
    to_act,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR
from wargame.session import dice
from wargame.session.channels import Channels, Message, message_problem, readable
from wargame.session.dice import Dice
from wargame.session.records import (
    Answer,
    ExerciseDetails,
    Observation,
    Participant,
    Rating,
    RecordBody,
    SeatChange,
    SessionRecord,
)
from wargame.session.seats import Seat
from wargame.session.umpiring import (
    BY_RULES,
    UmpireRules,
    asks_umpire,
    draw_words,
    signed_by_rules,
)

SeatRef = int | Literal["umpire"] | None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One action in the log and who decided it."""

    action: Action
    by: str = ""
    """`team:NAME`, `bot:POLICY`, `umpire` or `facilitator`: shown in the debrief."""
    why: str = ""
    """A bot's one-line account of its choice ("expected score 4.2 over 60 rollouts"), for
    the umpire's log. Replay ignores it."""


@dataclass(frozen=True, slots=True)
class Parent:
    """Where a forked session branched from."""

    session: str
    """The parent's save file or id."""
    step: int
    """How many of the parent's actions the fork kept."""


@dataclass
class Session:
    """A game in progress. Mutable on purpose: it is the shell; the states it holds are not."""

    scenario: ScenarioIR
    seed: int | str = 0
    seats: dict[str, Seat] = field(default_factory=dict)
    umpire: Seat | None = None
    """The umpire's seat; None plays without an umpire (adjudications resolve at once)."""
    parent: Parent | None = None
    notes: str = ""
    """The facilitator's hot-wash notes, typed in the debrief."""
    masked: bool = False
    legacy_dice: bool = False
    """Draw as saves of format 1 did, from the generator of each action's log position
    (umpire actions included): kept for such saves of umpired games, so they replay as
    they were played."""
    confirm_endings: bool = False
    """The umpire confirms each ending the rules propose, or plays on (`PlayOn`). Off for
    games without an umpire and for saves written before it existed."""
    discussion: bool = False
    """Discussion mode asked for at setup (`play`/`host --discussion`); the scenario's own
    `discussion: true` turns it on too (`in_discussion`)."""
    details: ExerciseDetails = field(default_factory=ExerciseDetails)
    """The exercise's date, place, contact and handling caveat, typed at setup."""
    roster: tuple[Participant, ...] = ()
    """Who was in the room, team by team, with their roles (typed at setup)."""
    umpire_rules: UmpireRules = field(default_factory=UmpireRules)
    """What a human umpire rules by hand; the rest resolves by itself (`umpiring`)."""
    _log: list[LogEntry] = field(default_factory=list, repr=False)
    _redo: list[LogEntry] = field(default_factory=list, repr=False)
    _states: list[GameState] = field(default_factory=list, repr=False)
    _events: list[tuple[Event, ...]] = field(default_factory=list, repr=False)
    _dice: list[Dice] = field(default_factory=list, repr=False)
    """Where the randomness stands after each state of `_states`."""
    _records: list[SessionRecord] = field(default_factory=list, repr=False)
    """Answers, ratings, observations and seat changes, in the order they were made."""
    channels: Channels = field(default_factory=Channels)
    """What the facilitator allows of the channels (`set_channels`)."""
    _messages: list[Message] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for actor in self.scenario.actors:
            self.seats.setdefault(actor.id, Seat(actor.id))
        unknown = [a for a in self.seats if a not in self.scenario.names.actors]
        if unknown:
            raise ValueError(f"seats name unknown actors: {', '.join(sorted(unknown))}")
        if not self._states:
            opening, at = self._opening()
            self._states = [opening]
            self._events = [events(opening)]
            self._dice = [at]
        if self._log:
            entries, self._log = self._log, []
            for entry in entries:
                self._apply(entry)

    def _opening(self) -> tuple[GameState, Dice]:
        """The state before the first action (turn 1's injects drawn from `(seed, -1)`)."""
        rng = dice.opening_rng(self.seed)
        state = initial_state(
            self.scenario,
            umpire=self.umpire is not None,
            rng=rng,
            confirm_endings=self.confirm_endings,
        )
        return state, dice.opening(rng)

    def _generator(self, action: Action, index: int, at: Dice) -> Counted:
        """The generator action number `index` draws from, the randomness standing `at`."""
        if self.legacy_dice:
            return resume(self.seed, index)
        return dice.generator(self.seed, at, action)

    def _step(
        self, state: GameState, at: Dice, index: int, action: Action
    ) -> tuple[GameState, tuple[Event, ...], Dice]:
        """Apply action number `index` to `state`; also say where the randomness stands."""
        rng = self._generator(action, index, at)
        new_state, batch = step(self.scenario, state, action, rng)
        return new_state, batch, dice.taken(at, action, rng)

    # -- reading -------------------------------------------------------------------------

    @property
    def state(self) -> GameState:
        """The current state."""
        return self._states[-1]

    @property
    def log(self) -> tuple[LogEntry, ...]:
        return tuple(self._log)

    @property
    def step_index(self) -> int:
        """How many actions have been applied."""
        return len(self._log)

    def state_at(self, index: int) -> GameState:
        """The state after the first `index` actions."""
        return self._states[index]

    def events_at(self, index: int) -> tuple[Event, ...]:
        """The events the `index`-th action produced (index 0: the game's opening events)."""
        return self._events[index]

    def all_events(self) -> list[Event]:
        """Every event so far, in order."""
        return [event for batch in self._events for event in batch]

    @property
    def to_act(self) -> SeatRef:
        """Who must act now: an actor index, `"umpire"`, or None when the game is over."""
        return to_act(self.scenario, self.state)

    @property
    def is_over(self) -> bool:
        return self.to_act is None

    def seat_for(self, who: SeatRef) -> Seat | None:
        """The seat that plays `who` (None for the game being over)."""
        if who is None:
            return None
        if who == UMPIRE:
            return self.umpire
        return self.seats[self.scenario.actors[who].id]

    def automatic(self) -> tuple[Seat, str] | None:
        """Who decides now without a person, and how the decision is signed in the log: a
        bot seat (`bot:POLICY`), or, for a human umpire, the rules when the question is one
        the umpire does not rule by hand (`umpire_rules`; signed `rules`). None when a
        person is to act or the game is over."""
        who = self.to_act
        seat = self.seat_for(who)
        if who is None or seat is None:
            return None
        if seat.is_bot:
            return seat, f"bot:{seat.policy}"
        if who == UMPIRE and not asks_umpire(
            self.scenario, self.state, self.seats, self.umpire_rules
        ):
            return Seat("umpire", "bot", policy="accept"), BY_RULES
        return None

    def automatic_why(self, by: str, why: str) -> str:
        """The log's account of an automatic decision: for the rules, the draw and its odds."""
        return draw_words(self.scenario, self.state) if by == BY_RULES else why

    def legal_actions(self, who: SeatRef = None) -> list[Action]:
        """Legal actions of `who` (default: whoever must act now)."""
        seat = self.to_act if who is None else who
        if seat is None:
            return []
        return legal_actions(self.scenario, self.state, seat)

    # -- acting --------------------------------------------------------------------------

    def submit(self, action: Action, by: str = "", why: str = "") -> tuple[Event, ...]:
        """Apply `action`; raise IllegalActionError (with the reason) and change nothing if illegal.

        A new action clears the redo stack, as in any editor. `why`: a bot's explanation.
        """
        events = self._apply(LogEntry(action, by, why))
        self._redo.clear()
        return events

    def _apply(self, entry: LogEntry) -> tuple[Event, ...]:
        new_state, events, at = self._step(self.state, self._dice[-1], len(self._log), entry.action)
        self._log.append(entry)
        self._states.append(new_state)
        self._events.append(events)
        self._dice.append(at)
        return events

    @property
    def can_undo(self) -> bool:
        return bool(self._log)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self, steps: int = 1) -> int:
        """Take back up to `steps` actions; return how many were taken back."""
        done = 0
        while done < steps and self._log:
            self._redo.append(self._log.pop())
            self._states.pop()
            self._events.pop()
            self._dice.pop()
            done += 1
        return done

    def redo(self, steps: int = 1) -> int:
        """Re-apply up to `steps` undone actions; return how many were re-applied."""
        done = 0
        while done < steps and self._redo:
            self._apply(self._redo.pop())
            done += 1
        return done

    def undo_to(self, index: int) -> None:
        """Undo back to the state after the first `index` actions."""
        if not 0 <= index <= len(self._log):
            raise IndexError(f"step {index} is outside 0..{len(self._log)}")
        self.undo(len(self._log) - index)

    # -- the facilitator's and evaluators' records -------------------------------------

    @property
    def records(self) -> tuple[SessionRecord, ...]:
        return tuple(self._records)

    @property
    def in_discussion(self) -> bool:
        """Whether players see only the moves open to them now (see `discussion`)."""
        return self.discussion or self.scenario.discussion

    def record(self, body: RecordBody, by: str = "umpire") -> SessionRecord:
        """Record an answer, a rating, an observation or a seat change now; raise
        IllegalActionError (changing nothing) when it names what the scenario lacks.

        Draws no dice and changes no state the rules read; a seat change takes effect at
        once (the umpire plays the actor by hand, or a bot does again).
        """
        problem = self.check_record(body)
        if problem is not None:
            raise IllegalActionError(problem)
        made = SessionRecord(body, len(self._log), self.state.turn, by)
        self._apply_record(made)
        return made

    def restore_records(self, records: Iterable[SessionRecord]) -> None:
        """Put back records read from a save (their seat changes are already in `seats`)."""
        self._records.extend(records)

    def _apply_record(self, made: SessionRecord) -> None:
        body = made.body
        if isinstance(body, SeatChange):
            old = self.seats[body.actor]
            if body.kind == "umpire":
                self.seats[body.actor] = Seat(body.actor, "umpire", old.team, old.policy)
            else:
                self.seats[body.actor] = Seat(body.actor, "bot", old.team, body.policy)
        self._records.append(made)

    def check_record(self, body: RecordBody) -> str | None:
        """None when `body` may be recorded now, else why not (in words)."""
        scenario = self.scenario
        exercise = scenario.exercise
        capabilities = {c.id for c in exercise.capabilities} if exercise is not None else set()
        if isinstance(body, Answer):
            if body.question not in {q.id for q in scenario.questions()}:
                return f"there is no discussion question {body.question!r} in this scenario"
            if not body.text.strip() and not body.discussed:
                return "an answer needs its text, or to be marked discussed"
        elif isinstance(body, Rating):
            if body.capability not in capabilities:
                return f"there is no capability {body.capability!r} in this exercise"
        elif isinstance(body, Observation):
            if not body.text.strip():
                return "an observation needs its text"
            if body.capability and body.capability not in capabilities:
                return f"there is no capability {body.capability!r} in this exercise"
        elif isinstance(body, SeatChange):
            return self._check_seat_change(body)
        return None

    def _check_seat_change(self, change: SeatChange) -> str | None:
        seat = self.seats.get(change.actor)
        if seat is None:
            return f"there is no actor {change.actor!r} in this scenario"
        if seat.is_human:
            return f"{change.actor} is played by a team: the umpire takes only non-player actors"
        if change.kind == "umpire":
            if self.umpire is None or not self.umpire.is_human:
                return "only a game with a human umpire can have the umpire play an actor"
            return None
        from wargame.bots import POLICY_NAMES  # the bots load only when a seat changes

        if change.policy.split(":", 1)[0] not in POLICY_NAMES or change.policy in (
            "accept",
            "scripted",
        ):
            return f"{change.policy!r} is not a bot policy (one of {', '.join(POLICY_NAMES)})"
        return None

    def take_over(self, actor: str, by: str = "umpire") -> SessionRecord:
        """The umpire plays `actor` (one no team plays) by hand from now on, logged."""
        return self.record(SeatChange(actor, "umpire"), by)

    def hand_back(self, actor: str, policy: str = "", by: str = "umpire") -> SessionRecord:
        """A bot plays `actor` again (`policy`, default: the one it had), logged."""
        return self.record(SeatChange(actor, "bot", policy or self.seats[actor].policy), by)

    def answers(self) -> dict[str, SessionRecord]:
        """The latest answer recorded to each question, by question id."""
        return {r.body.question: r for r in self._records if isinstance(r.body, Answer)}

    def ratings(self) -> dict[str, SessionRecord]:
        """The latest rating recorded of each capability, by capability id."""
        return {r.body.capability: r for r in self._records if isinstance(r.body, Rating)}
    # -- channels ------------------------------------------------------------------------

    @property
    def messages(self) -> tuple[Message, ...]:
        """Every message of the game, in the order sent (the umpire's view)."""
        return tuple(self._messages)

    def messages_for(self, viewer: Viewer) -> tuple[Message, ...]:
        """The messages `viewer` (an actor index, `umpire` or `observer`) may read."""
        return readable(self.scenario, self._messages, viewer, self.channels, self.is_over)

    def check_message(self, sender: str, to: str, text: str) -> str | None:
        """None when `sender` (an actor id or `umpire`) may send `text` to `to` (an actor
        id, `umpire` or `all`) now, else the reason in words."""
        return message_problem(
            self.scenario, self.channels, sender, to, text, len(self._messages)
        )

    def send(self, sender: str, to: str, text: str) -> Message:
        """Send a message, stamped with the game time; IllegalActionError (nothing kept)
        when `check_message` refuses it."""
        problem = self.check_message(sender, to, text)
        if problem is not None:
            raise IllegalActionError(problem)
        state = self.state
        message = Message(sender, to, text, state.turn, state.phase, self.step_index)
        self._messages.append(message)
        return message

    def set_channels(self, *, open: bool | None = None, debrief: bool | None = None) -> None:
        """The facilitator opens or closes the channels to the teams, and lets the observer
        read every channel after the game (`debrief`)."""
        current = self.channels
        self.channels = Channels(
            current.open if open is None else open,
            current.debrief if debrief is None else debrief,
        )

    def fork(self, at_step: int, *, name: str = "") -> Session:
        """A new session sharing the first `at_step` actions, for "what if" play."""
        if not 0 <= at_step <= len(self._log):
            raise IndexError(f"step {at_step} is outside 0..{len(self._log)}")
        child = Session(
            self.scenario,
            seed=self.seed,
            seats=dict(self.seats),
            umpire=self.umpire,
            parent=Parent(name or self.scenario.id, at_step),
            masked=self.masked,
            legacy_dice=self.legacy_dice,
            confirm_endings=self.confirm_endings,
            discussion=self.discussion,
            details=self.details,
            roster=self.roster,
            umpire_rules=self.umpire_rules,
        )
        child._records = [r for r in self._records if r.at <= at_step]
        # The states are immutable, so the prefix can be shared instead of replayed.
        child._log = list(self._log[:at_step])
        child._states = list(self._states[: at_step + 1])
        child._events = list(self._events[: at_step + 1])
        child._dice = list(self._dice[: at_step + 1])
        child.channels = self.channels
        child._messages = [m for m in self._messages if m.step <= at_step]
        return child

    def replay(self) -> list[GameState]:
        """Recompute every state from the log alone (what loading a save does)."""
        state, at = self._opening()
        states = [state]
        for index, entry in enumerate(self._log):
            state, _, at = self._step(state, at, index, entry.action)
            states.append(state)
        return states

    def bot_rng(self) -> Random:
        """The generator a bot seat decides with now (the same in every process: a shared
        table's racing replicas choose alike), keyed like the dice by the actor actions."""
        return dice.bot_rng(self.seed, self._dice[-1])

    def run_bots(
        self,
        choose: Mapping[str, object] | None = None,
        *,
        max_steps: int = 10_000,
    ) -> int:
        """Let bot seats act, and the rules take the umpire's questions no person needs to
        (`automatic`), until a person must act or the game ends; return steps taken.

        `choose` maps seat names to policies; by default each bot seat's `policy` is built
        with `wargame.bots.make_policy`.
        """
        from wargame.bots import decide, make_policy

        policies: dict[str, object] = dict(choose or {})
        taken = 0
        while taken < max_steps:
            automatic = self.automatic()
            if automatic is None:
                break
            seat, by = automatic
            who = self.to_act
            key = seat.actor if by != BY_RULES else BY_RULES
            if key not in policies:
                policies[key] = make_policy(seat.policy, self.scenario, seat.actor)
            policy = policies[key]
            action, why = decide(policy, self.scenario, self.state, who, self.bot_rng())  # type: ignore[arg-type]
            action = signed_by_rules(action, by)
            self.submit(action, by=by, why=self.automatic_why(by, why))
            taken += 1
        return taken

    def submit_all(self, actions: Iterable[Action], by: str = "") -> None:
        """Apply several actions in order (stops at the first illegal one, raising)."""
        for action in actions:
            self.submit(action, by=by)

    def check_legal(self, action: Action) -> str | None:
        """None when `action` would be accepted now, else the reason it would be refused."""
        try:
            self._step(self.state, self._dice[-1], len(self._log), action)
        except IllegalActionError as exc:
            return str(exc)
        return None

    @property
    def log_entries(self) -> Sequence[LogEntry]:
        return self._log

    @property
    def redo_entries(self) -> Sequence[LogEntry]:
        return self._redo
