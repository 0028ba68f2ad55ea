"""The game flow: what a screen presents after each step, in order, for the eyes on it.

A `GameFlow` owns a `Session` and answers one question for every screen that plays it (the
hot-seat terminal app, a hosted seat, the projector): after these steps, what must be shown
before the next decision, in what order? The answer is a list of typed presentations (news,
a result, a hand-over, a briefing, the umpire's ruling, the ending), each carrying only what
its viewer may see, already masked. Screens draw them; they never look at the engine.

Who is looking:

* **Hot seat** (`seat=None`): one screen passes from team to team. The viewer follows who
  acts; a hand-over goes up when another human takes the keyboard. Public news is read by
  the room, so its effects are the public ones; private news waits for its team.
* **A hosted seat** (`seat=` an actor index or `UMPIRE`): the viewer never changes.
* **The projector** (`seat=OBSERVER`): public information only; nobody there to brief.

The flow is plain Python (no Textual): tests step it without a screen, and a projector board
or a plain-language screen can present the same list its own way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from wargame.engine import (
    OBSERVER,
    UMPIRE,
    Event,
    GameState,
    awaiting_ruling,
    effects_of,
    event_for,
)
from wargame.play.debrief import DebriefView, debrief_view
from wargame.play.exercise import ExercisePresentation, exercise_steps
from wargame.play.freeplay import (
    FreeRulingView,
    MessageView,
    free_result_view,
    free_ruling_view,
    message_view,
    writer_for,
)
from wargame.play.log_lines import said_once, without_cause, without_move_name
from wargame.play.projector import BoardView, board_view
from wargame.play.views import (
    DashboardView,
    HeaderView,
    MoveOption,
    PendingView,
    Viewer,
    dashboard_view,
    header_view,
    move_options,
    pending_view,
    visible_events,
)
from wargame.scenario.masking import Masker
from wargame.scenario.plain import mid
from wargame.session import BY_RULES, Message, Session

# -- presentations ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Flash:
    """One inject as news: its headline, its text, and the changes its viewer may see."""

    headline: str
    text: str = ""
    effects: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """Headline and effects on a few lines (the projector shows news as a toast)."""
        return "\n".join([self.headline, *(f"• {line}" for line in self.effects)])


@dataclass(frozen=True, slots=True)
class News:
    """A batch of news flashes, read one after another."""

    flashes: tuple[Flash, ...]
    private: bool = False
    """Addressed to the team on screen (after its hand-over), not to the room."""


@dataclass(frozen=True, slots=True)
class Result:
    """How an adjudicated move came out, for the team that moved and the umpire."""

    title: str
    roll: str
    """The roll as the log tells it ("" without dice)."""
    outcome: str
    effects: tuple[str, ...]
    dice: tuple[int, ...] = ()
    sides: int = 6
    audience: tuple[str, ...] = ()
    """Who it is for (`GameFlow.audience` keys): the team that moved, and the umpire when a
    person umpires. A screen shows it only to these; a hot-seat screen holds it for the
    team until the keyboard comes back to them."""
    odds: str = ""
    """The draw with its odds when it resolved by itself ("chance, …: Signed (45%) or …;
    drawn: Signed"), as the log keeps it, for a card without a roll line (the roll line
    tells the draw as the reader may see it); "" when the umpire ruled."""
    detail: tuple[str, ...] = ()
    """Lines between the roll and the outcome (a free action's arguments as rated)."""
    reason: str = ""
    """The umpire's reason, when the umpire gave one (a free action's ruling)."""
    turn: int = 0
    """The turn the move came out in (0: not known)."""
    late: str = ""
    """Said on a card held for its team past that turn ("From March 2026, turn 2"): read
    a month later, the card would otherwise pass for this month's."""


@dataclass(frozen=True, slots=True)
class HandOver:
    """The keyboard passes to another team (or the umpire) at a hot-seat screen."""

    viewer: Viewer
    name: str
    team: str
    """As it reads inside a sentence ("Pass to the United Kingdom"): a leading article
    lower-cased."""
    detail: str


@dataclass(frozen=True, slots=True)
class Briefing:
    """A team (or the umpire: `actor` None) reads its briefing before its first decision."""

    actor: int | None


@dataclass(frozen=True, slots=True)
class Ruling:
    """The umpire rules on a pending adjudication."""

    pending: PendingView
    sides: int
    dashboard: DashboardView | None = None
    """The state the umpire rules on (gauges, trust), shown beside the ruling."""


@dataclass(frozen=True, slots=True)
class Ending:
    """The game has ended: its title and text, then the debrief."""

    title: str
    text: str


@dataclass(frozen=True, slots=True)
class FreeRuling:
    """The umpire rules on a team's free action (its phase has closed)."""

    view: FreeRulingView


@dataclass(frozen=True, slots=True)
class Letters:
    """Messages for the team that just took the keyboard, sent while it was away (a
    hot-seat screen shows them only behind that team's hand-over)."""

    messages: tuple[MessageView, ...]


Presentation = (
    News
    | Result
    | HandOver
    | Briefing
    | Ruling
    | FreeRuling
    | Letters
    | Ending
    | ExercisePresentation
)
"""What a screen shows between two decisions, in order (an exercise's: `wargame.play.exercise`)."""



@dataclass(frozen=True, slots=True)
class TableView:
    """What the turn screen shows of the game to its viewer now (the timer and the status
    line are the screen's own)."""

    header: HeaderView
    turn: int
    dashboard: DashboardView
    phase_title: str
    phase_text: str
    log: tuple[tuple[Event, str], ...]
    """Every event the viewer may see, with the text they may read (masked)."""
    moves: tuple[MoveOption, ...]
    moves_title: str
    waiting: str
    """Said instead of moves when the viewer has nothing to decide."""


@dataclass
class _StepViews:
    """What one game state looks like to one viewer, computed once: a key press redraws the
    screen several times (bots, results, hand-over) on the same state."""

    state: GameState
    viewer: Viewer
    log: tuple[tuple[Event, str], ...]
    dashboard: DashboardView
    moves: dict[int, tuple[MoveOption, ...]] = field(default_factory=dict)


# -- the flow --------------------------------------------------------------------------------


@dataclass
class GameFlow:
    """A session's presentations for the screen that plays it (see the module's docstring)."""

    session: Session
    mask: Masker
    seat: Viewer | None = None
    """The fixed viewer of a hosted seat or the projector; None at a hot-seat screen."""
    briefed: set[str] = field(default_factory=set)
    """Who has read their briefing (`audience` keys): a resumed game briefs nobody twice."""
    viewer: Viewer | None = None
    """Whose eyes are on the screen now (hot seat: the last human handed the keyboard)."""
    acts: bool = True
    """False for an evaluator's seat: it sees as the umpire (`seat=UMPIRE`) and records, but
    is offered nothing to act on (no ruling, no moves of an actor the umpire plays)."""
    _waiting: dict[str, list[Event]] = field(default_factory=dict)
    """Private news held for a team (or the umpire) until its turn at the screen."""
    _held: dict[str, list[Result]] = field(default_factory=dict)
    """Results held for a team until its turn at a hot-seat screen."""
    _views: _StepViews | None = None
    _exercise_shown: set[str] = field(default_factory=set)
    _discussion_keys: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)
    """Discussion mode: each actor's number key per move id in each phase, kept while the
    list changes (a phase's moves are never on screen with another's: numbering them apart
    keeps every key one digit)."""
    """The modules opened and closed, and the briefing, this screen has presented."""
    _letters_read: dict[str, int] = field(default_factory=dict)
    """How many of its messages each viewer has been shown (hot seat: after its hand-over)."""

    def __post_init__(self) -> None:
        if self.seat is not None:
            self.viewer = self.seat

    # -- who is who ---------------------------------------------------------------------

    def audience(self, who: Viewer) -> str:
        """The key a viewer's briefing and private news are kept under: its team (a team
        may play several actors), `umpire` or `observer`."""
        if who == UMPIRE:
            return "umpire"
        if who == OBSERVER:
            return "observer"
        seat = self.session.seat_for(who)
        return f"team:{seat.team}" if seat else f"actor:{who}"

    def is_human(self, who: Viewer | None) -> bool:
        if who is None or who == OBSERVER:
            return False
        seat = self.session.seat_for(who)
        return seat is not None and seat.is_human

    def decider(self, who: Viewer | None) -> Viewer | None:
        """Whose keyboard decides for `who`: its own team's, the umpire's for an actor the
        umpire plays by hand, or nobody's (a bot, the observer, the game over)."""
        if who is None or who == OBSERVER:
            return None
        seat = self.session.seat_for(who)
        if seat is not None and seat.is_human:
            return who
        return UMPIRE if seat is not None and seat.by_umpire else None

    def human_viewers(self) -> int:
        """How many people take turns at a hot-seat screen (teams and a human umpire)."""
        session = self.session
        count = sum(1 for seat in session.seats.values() if seat.is_human)
        if session.umpire is not None and session.umpire.is_human:
            count += 1
        return count

    @property
    def bots_to_act(self) -> bool:
        """Whether a bot, not a person, is to act now (the rules too, for a question the
        human umpire does not rule by hand): `Session.automatic`. An actor the umpire plays
        by hand waits for the umpire, as a team's waits for the team."""
        return self.session.automatic() is not None

    def actor_name(self, who: Viewer) -> str:
        if who == UMPIRE:
            return "Umpire"
        if who == OBSERVER:
            return "Observer"
        return self.mask(self.session.scenario.actors[who].name)

    # -- what follows a step ------------------------------------------------------------

    def after_steps(self, start: int) -> list[Presentation]:
        """Everything to show after the steps since `start`, up to the next decision: the
        results of those steps for whoever is at the screen, their news, then `next_up`.
        (From the opening, with nobody briefed yet, the opening's own news comes first.)

        A result comes before the news: the team that moved reads how its move came out
        while it is still at the screen, before the next month's headlines (which may
        follow from it); then the room reads the news together, and the hand-over comes
        straight after it. Results held for a team away from the screen still wait for
        its hand-over."""
        opening = start == 0 and not self.briefed
        events = self.new_events(start)
        exercise = exercise_steps(
            self.session,
            self.mask,
            start,
            events,
            self.seat,
            opening=opening,
            shown=self._exercise_shown,
        )
        return [
            *self.results(events, odds=self.draws_since(start)),
            *exercise.before_news,
            *self.news(events),
            *exercise.after_news,
            *self.next_up(),
        ]

    def draws_since(self, start: int) -> dict[str, str]:
        """The draws the rules resolved by themselves since step `start`, by move id, with
        their odds as the log keeps them."""
        session = self.session
        out: dict[str, str] = {}
        for index in range(start, session.step_index):
            entry = session.log[index]
            pending = session.state_at(index).pending
            if entry.by == BY_RULES and pending is not None:
                out[session.scenario.moves[pending.move].id] = self.mask(entry.why)
        return out

    def new_events(self, start: int) -> list[Event]:
        session = self.session
        events: list[Event] = []
        if start == 0 and not self.briefed:
            events += session.state_at(0).log.all()
        for index in range(start + 1, session.step_index + 1):
            events += session.events_at(index)
        return events

    def next_up(self) -> list[Presentation]:
        """What comes before the next decision: the hand-over to whoever acts (hot seat),
        their briefing the first time, their private news, and the umpire's ruling; or the
        ending. Moves the viewer on. Nothing while a bot is to act."""
        session = self.session
        who = session.to_act
        if who is None:
            if self.viewer is None:
                self.viewer = UMPIRE
            return [self.ending()]
        person = self.decider(who)
        if person is None or session.automatic() is not None:
            return []
        shown: list[Presentation] = []
        if self.seat is None:
            previous, self.viewer = self.viewer, person
            if previous != person and self.human_viewers() > 1:
                shown.append(self.hand_over(who))
        viewer = self.viewer
        assert viewer is not None
        key = self.audience(viewer)
        if viewer != OBSERVER and key not in self.briefed:
            self.briefed.add(key)
            shown.append(Briefing(viewer if isinstance(viewer, int) else None))
        held = self._waiting.pop(key, [])
        if viewer == UMPIRE:
            # A human umpire sits down only to rule, sometimes months apart: the flashes
            # held since then were stale (past months' polls, four at a time). The log and
            # the ruling screen's state tell the past; the flashes are this turn's news.
            held = [e for e in held if e.turn == session.state.turn]
        shown += self.news(held, private=True)
        if self.seat is None:
            shown += self.letters(viewer)
        shown += [self._dated(result) for result in self._held.pop(key, [])]
        pending = session.state.pending
        rules = who == UMPIRE and viewer == UMPIRE and self.acts
        if rules and pending is not None:
            shown.append(self.ruling())
        elif rules and awaiting_ruling(session.state) is not None:
            shown.append(FreeRuling(free_ruling_view(session.scenario, session.state, self.mask)))
        return shown

    def letters(self, viewer: Viewer) -> list[Letters]:
        """The messages `viewer` may read that it has not been shown, but its own."""
        key = self.audience(viewer)
        readable = self.session.messages_for(viewer)
        unread = readable[self._letters_read.get(key, 0) :]
        self._letters_read[key] = len(readable)
        writer = self.writer(viewer)
        scenario = self.session.scenario
        shown = tuple(
            message_view(scenario, m, writer, self.mask) for m in unread if m.sender != writer
        )
        return [Letters(shown)] if shown else []

    def writer(self, viewer: Viewer | None) -> str | None:
        """Who `viewer` writes messages as: its actor id, `umpire`, or None."""
        return writer_for(self.session.scenario, viewer)

    def view_of(self, message: Message) -> MessageView:
        """A message as the viewer on screen reads it."""
        writer = self.writer(self.viewer if self.viewer is not None else UMPIRE)
        return message_view(self.session.scenario, message, writer, self.mask)

    def messages(self) -> tuple[MessageView, ...]:
        """The messages the viewer on screen may read, oldest first."""
        viewer: Viewer = self.viewer if self.viewer is not None else UMPIRE
        writer = self.writer(viewer)
        scenario = self.session.scenario
        readable = self.session.messages_for(viewer)
        self._letters_read[self.audience(viewer)] = len(readable)
        return tuple(message_view(scenario, m, writer, self.mask) for m in readable)

    # -- each kind -----------------------------------------------------------------------

    def news(self, events: Iterable[Event], *, private: bool = False) -> list[News]:
        """The injects among `events` as one batch of flashes. Public ones (`private`
        False) are for the screen's audience now; an inject addressed to some actors is
        held for each of their teams (and a human umpire) until `next_up` reaches them.
        Each flash lists the changes its reader may see: at a hot-seat screen the room
        reads public news, so only public changes."""
        session = self.session
        scenario = session.scenario
        batch = list(events)
        reader: Viewer = self._reader(private)
        flashes: list[Flash] = []
        for position, event in enumerate(batch):
            if event.kind != "inject":
                continue
            if event.visible_to is not None and not private:
                held = [event, *(e for e in batch[position + 1 :] if e.cause == event.cause)]
                readers = {self.audience(actor) for actor in event.visible_to}
                if session.umpire is not None and session.umpire.is_human:
                    readers.add("umpire")
                for key in sorted(readers):
                    self._waiting.setdefault(key, []).extend(held)
                continue
            headline, text = self.mask(event.text), ""
            index = scenario.names.injects.get(event.target)
            if index is not None:
                inject = scenario.injects[index]
                headline, text = self.mask(inject.label), self.mask(inject.text)
            # Under the headline, "because of the news '…'" would only repeat it.
            effects = tuple(
                self.mask(without_cause(e.text))
                for e in effects_of(batch, position, reader)
                if e.text
            )
            flashes.append(Flash(headline, text, effects))
        return [News(tuple(flashes), private)] if flashes else []

    def _reader(self, private: bool) -> Viewer:
        """Whose view public or private news is filtered for now."""
        if private or self.seat is not None:
            return self.viewer if self.viewer is not None else OBSERVER
        return OBSERVER  # a hot-seat screen: the whole room reads public news

    def result_audience(self, actor: int) -> tuple[str, ...]:
        """Who a result of `actor`'s move goes to: the team that moved (people only) and a
        human umpire (for any move people made or the umpire plays by hand)."""
        session = self.session
        seat = session.seat_for(actor)
        if seat is None or seat.is_bot:
            return ()
        who = [self.audience(actor)] if seat.is_human else []
        if session.umpire is not None and session.umpire.is_human:
            who.append("umpire")
        return tuple(who)

    def results(
        self, events: Iterable[Event], *, odds: Mapping[str, str] | None = None
    ) -> list[Result]:
        """The result of each adjudicated move among `events`, for the team that moved and
        the umpire (`result_audience`): shown now when the viewer on screen is one of them;
        at a hot-seat screen, held for the team that moved until its turn at the keyboard.
        `odds`: the draws that resolved by themselves, by move id (`draws_since`)."""
        session = self.session
        viewer = self.viewer
        scenario = session.scenario
        mine = self.audience(viewer) if viewer is not None and self.is_human(viewer) else ""
        raw = list(events)
        shown: list[Result] = []
        for index, event in enumerate(raw):
            if event.kind == "free":
                free = self._free_result(raw, index)
                if free is not None:
                    self._deliver(free[0], free[1], mine, shown)
                continue
            if event.kind != "outcome":
                continue
            move_id = event.target.split(":", 1)[0]
            move_index = scenario.names.moves.get(move_id)
            if move_index is None:
                continue
            move = scenario.moves[move_index]
            audience = self.result_audience(move.actor)
            for key in audience:
                reader: Viewer = UMPIRE if key == "umpire" else move.actor
                now = key == mine
                if not now and (self.seat is not None or key == "umpire"):
                    continue  # another screen's, or the umpire's already seen at the table
                result = self._result(raw, index, move_id, reader, audience, odds)
                if result is not None:
                    self._deliver(result, key, mine, shown)
        return shown

    def _deliver(self, result: Result, key: str, mine: str, shown: list[Result]) -> None:
        """Show `result` now when its reader `key` is on screen, else hold it for `key`'s
        turn at a hot-seat screen (a hosted seat shows only its own)."""
        if key == mine:
            shown.append(result)
        elif self.seat is None and key != "umpire":
            self._held.setdefault(key, []).append(result)

    def _dated(self, result: Result) -> Result:
        """`result`, saying which turn it belongs to when its turn has passed."""
        if not 0 < result.turn < self.session.state.turn:
            return result
        labels = self.session.scenario.calendar.labels
        month = self.mask(labels[result.turn - 1]) if result.turn <= len(labels) else ""
        when = f"{month}, turn {result.turn}" if month else f"turn {result.turn}"
        return replace(result, late=f"From {when}")

    def _free_result(self, raw: list[Event], index: int) -> tuple[Result, str] | None:
        """The card of the free action ruled at `raw[index]`, with the key of the one team
        it is for: the team that proposed it (people only; the umpire ruled it)."""
        session = self.session
        number = raw[index].target.removeprefix("free:")
        view = free_result_view(session, int(number), self.mask) if number.isdigit() else None
        if view is None:
            return None
        seat = session.seat_for(view.actor)
        if seat is None or not seat.is_human:
            return None
        effects = tuple(
            self.mask(e.text) for e in effects_of(raw, index, view.actor) if e.text
        )
        verdict = "Success" if view.success else "Failure"
        key = self.audience(view.actor)
        result = Result(
            "Result: your free action",
            view.roll,
            f"{verdict}: “{view.text}”",
            effects or ("Nothing changes.",),
            view.dice,
            view.sides,
            (key,),
            detail=(*view.arguments, view.verdict),
            reason=view.reason,
            turn=raw[index].turn,
        )
        return result, key

    def _result(
        self,
        raw: list[Event],
        index: int,
        move_id: str,
        reader: Viewer,
        audience: tuple[str, ...],
        odds: Mapping[str, str] | None,
    ) -> Result | None:
        """The result of the outcome `raw[index]` as `reader` may read it."""
        seen = event_for(raw[index], reader)
        if seen is None or not seen.text:
            return None
        scenario = self.session.scenario
        move = scenario.moves[scenario.names.moves[move_id]]
        # The card's title names the move: its lines need not begin with it again, nor
        # its changes end "because of the outcome … of …'s '…'".
        roll, dice, sides = "", tuple[int, ...](), 6
        for earlier, earlier_text in visible_events(raw[:index], reader):
            if earlier.kind == "roll" and earlier.target == move_id:
                told = without_move_name(scenario, move_id, earlier_text)
                roll, dice = self.mask(told), tuple(earlier.dice)
                if move.resolution is not None and move.resolution.dice_sides:
                    sides = move.resolution.dice_sides
        effects = tuple(
            self.mask(without_cause(e.text))
            for e in effects_of(raw, index, reader)
            if e.text
        )
        title = f"Result: {self.mask(move.label)}"
        # The roll line already tells a draw the rules made, with the odds and modifiers the
        # reader may see; the log's line for the facilitator ("chance, …; drawn: …") said it
        # again in the rules' words, and told the odds or the total a hidden value shifts.
        drawn = "" if roll else (odds or {}).get(move_id, "")
        return Result(
            title,
            roll,
            self.mask(without_move_name(scenario, move_id, seen.text)),
            effects,
            dice,
            sides,
            audience,
            drawn,
            turn=raw[index].turn,
        )

    def hand_over(self, who: Viewer) -> HandOver:
        seat = self.session.seat_for(who) if who != OBSERVER else None
        if seat is not None and seat.by_umpire and who != UMPIRE:
            name = self.actor_name(who)
            detail = f"You play {name} by hand: its move."
            return HandOver(UMPIRE, "the umpire", "the umpire", detail)
        if who == UMPIRE:
            what = "An adjudication"
            if self.session.state.pending is None and awaiting_ruling(self.session.state):
                what = "A free action"
            return HandOver(who, "the umpire", "the umpire", f"{what} is waiting for a ruling.")
        name = self.actor_name(who)
        seat = self.session.seat_for(who) if who != OBSERVER else None
        team = seat.team if seat and seat.team else f"{name}'s team"
        return HandOver(who, name, mid(team), "A decision is waiting for your team.")

    def ruling(self) -> Ruling:
        session = self.session
        pending = session.state.pending
        assert pending is not None
        sides = 6
        move = session.scenario.moves[pending.move]
        if move.resolution is not None and move.resolution.dice_sides:
            sides = move.resolution.dice_sides
        scenario, state = session.scenario, session.state
        return Ruling(
            pending_view(scenario, pending, self.mask),
            sides,
            dashboard_view(scenario, state, UMPIRE, self.mask),
        )

    def ending(self) -> Ending:
        view = self.debrief()
        return Ending(view.ending_title, view.ending_text)

    def debrief(self) -> DebriefView:
        """The debrief for the screen: once the game is over every secret is out (the
        hot-wash); before that, what the viewer on screen may see."""
        viewer = None if self.session.is_over else self.viewer
        return debrief_view(self.session, self.mask, viewer)

    # -- the turn screen ----------------------------------------------------------------

    def acting(self) -> str:
        """Who is to act, as the header says it: "Name (team)", "Name (bot: policy)"."""
        session = self.session
        who = session.to_act
        if who is None:
            return ""
        seat = session.seat_for(who)
        name = self.actor_name(who)
        if seat is not None and seat.is_human and seat.team not in ("", name) and who != UMPIRE:
            return f"{name} ({seat.team})"
        if seat is not None and seat.by_umpire and who != UMPIRE:
            return f"{name} (the umpire, by hand)"
        if seat is not None and not seat.is_human:
            return f"{name} (bot: {seat.policy})"
        return name

    def board(self) -> BoardView:
        """The projector board now (the room's view, whoever this flow's viewer is)."""
        return board_view(self.session, self.mask)

    def header(self) -> HeaderView:
        session = self.session
        return header_view(session.scenario, session.state, self.acting(), self.mask)

    def table(self, waiting: str = "") -> TableView:
        """The turn screen's view for the viewer now (the umpire's before anyone sits)."""
        session = self.session
        scenario, state, mask = session.scenario, session.state, self.mask
        viewer: Viewer = self.viewer if self.viewer is not None else UMPIRE
        cached = self._views
        if cached is None or cached.state is not state or cached.viewer != viewer:
            seen = said_once(scenario, visible_events(state.log.all(), viewer))
            log = tuple((event, mask(text)) for event, text in seen)
            dashboard = dashboard_view(scenario, state, viewer, mask)
            cached = self._views = _StepViews(state, viewer, log, dashboard)
        phase_title, phase_text = "", ""
        if 0 <= state.phase < len(scenario.phases):
            phase = scenario.phases[state.phase]
            phase_title = mask(f"Turn {state.turn} · {phase.label or phase.id}")
            phase_text = mask(phase.text)
        who = session.to_act
        moves: tuple[MoveOption, ...] = ()
        moves_title = "Moves"
        if not waiting:
            if who is None:
                waiting = "The game is over. Press d for the debrief."
            elif who == UMPIRE:
                waiting, moves_title = "Waiting for the umpire's ruling.", "Umpire"
            elif self.decider(who) != viewer or not self.acts:
                waiting = f"Waiting for {self.acting()}."
            else:
                if who not in cached.moves:
                    discussion = session.in_discussion and isinstance(who, int)
                    cached.moves[who] = tuple(
                        move_options(
                            scenario,
                            state,
                            who,
                            mask,
                            discussion=discussion,
                            keys=(
                                self._discussion_keys.setdefault((who, state.phase), {})
                                if discussion
                                else None
                            ),
                        )
                    )
                moves = cached.moves[who]
                moves_title = f"Moves: {self.actor_name(who)}"
                if who != viewer:
                    moves_title += " (the umpire plays it by hand)"
        return TableView(
            self.header(),
            state.turn,
            cached.dashboard,
            phase_title,
            phase_text,
            cached.log,
            moves,
            moves_title,
            waiting,
        )

    # -- a reload -------------------------------------------------------------------------

    def moved_to(self, session: Session, mask: Masker) -> GameFlow:
        """This flow for `session`, the same game replayed on an edited scenario: the same
        viewer, briefings and news held back."""
        moved = GameFlow(
            session,
            mask,
            self.seat,
            self.briefed,
            self.viewer,
            self.acts,
            self._waiting,
            self._held,
            _letters_read=self._letters_read,
        )
        moved._exercise_shown = self._exercise_shown
        moved._discussion_keys = self._discussion_keys
        return moved


def briefed_in(session: Session) -> set[str]:
    """Who has had a briefing in a game resumed or branched from `session`'s log: every team
    and the umpire that acted in it."""
    return {
        entry.by
        for entry in session.log_entries
        if entry.by.startswith("team:") or entry.by == "umpire"
    }
