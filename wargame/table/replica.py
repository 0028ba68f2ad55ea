"""`Table`: one seat's replica of a shared game, kept in step with the store's log.

The replica is an ordinary `Session` rebuilt from the table's opening document, onto which
every record is folded in order: actions are submitted, undo and redo rewind it, messages
join its channels' side log, clock and notes records are kept for the screens. A seat
decides on its replica at log position N and appends at N; if another seat got there
first the store refuses (`Conflict`), the replica syncs, and the seat decides again. Bot
seats are played by whichever process notices that a bot must act: a bot's choice depends
only on the log so far, so two processes racing to append it append the same action, and
the loser's `Conflict` is harmless.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterable, Mapping
from typing import Any

from wargame.engine import (
    OBSERVER,
    UMPIRE,
    Action,
    ArgueFree,
    Event,
    Pass,
    PlayMove,
    ProposeFree,
    action_from_dict,
    action_to_dict,
    seat_events,
)
from wargame.engine.view import Viewer
from wargame.errors import IllegalActionError, SaveFormatError, WargameError
from wargame.session import BY_RULES, Message, Session, session_from_dict, session_to_dict
from wargame.session.records import (
    ExerciseDetails,
    Participant,
    RecordBody,
    SeatChange,
    SessionRecord,
    body_from_dict,
    details_from_dict,
    details_to_dict,
    participant_from_dict,
    participant_to_dict,
    record_to_dict,
)
from wargame.session.umpiring import signed_by_rules
from wargame.table.codes import find_seat, format_code, hash_code, new_code, new_salt
from wargame.table.records import (
    EVALUATOR_SEAT,
    HOST_SEAT,
    OBSERVER_SEAT,
    UMPIRE_SEAT,
    Conflict,
    JoinRefused,
    RecordKind,
    StoreError,
    TableInfo,
    TableRecord,
)
from wargame.table.store import LogStore

REFUSED = "That code does not open a seat at this table. Check it with the facilitator."
THROTTLED = "Too many wrong codes were tried from here just now; wait a minute and retry."
MESSAGE_TRIES = 5
"""Appends a message attempts while other seats keep appending in between."""
SEAT_CLIENT_ENV = "WARGAME_SEAT_CLIENT"
"""Who is joining, for throttling wrong codes per client: `wargame host` sets it to the
browser's address for each seat process it starts. Terminals on the host machine, which
leave it unset, count as one client, `local`."""


def seat_client() -> str:
    """This seat process's client: the browser's address given by the host, or `local`."""
    return os.environ.get(SEAT_CLIENT_ENV) or "local"


RECORD_TRIES = 5
"""How often `Table.record` appends again after other seats moved the log meanwhile."""


def create_table(
    store: LogStore,
    session: Session,
    *,
    table_id: str | None = None,
    settings: Mapping[str, Any] | None = None,
    observer: bool = True,
    evaluator: bool = False,
) -> tuple[TableInfo, dict[str, str]]:
    """Put `session` (new or already under way) at a new table; return it and its codes.

    One code per human team, one for the umpire (who holds the facilitator controls even
    when adjudication is automatic), with `observer` one for the projector view, and with
    `evaluator` one for an exercise's evaluator.
    """
    name = table_id or f"{session.scenario.id}-{secrets.token_hex(3)}"
    info = TableInfo(
        id=name,
        document=session_to_dict(session),
        created=time.time(),
        settings=dict(settings or {}),
    )
    seats = [actor for actor, seat in session.seats.items() if seat.is_human]
    seats.append(UMPIRE_SEAT)
    if observer:
        seats.append(OBSERVER_SEAT)
    if evaluator:
        seats.append(EVALUATOR_SEAT)
    codes = {seat: new_code() for seat in seats}
    salt = new_salt()
    store.create_table(info, {seat: hash_code(name, code, salt) for seat, code in codes.items()})
    return info, {seat: format_code(code) for seat, code in codes.items()}


class Table:
    """A seat's view of a shared table: its replica, its claim on the seat, and its appends."""

    def __init__(self, store: LogStore, table_id: str, *, seat: str, holder: str | None = None):
        self.store = store
        self.info = store.table(table_id)
        self.table_id = table_id
        self.seat = seat
        self.holder = holder
        """This process's claim on `seat` (None: the host, or a test, acting without one)."""
        try:
            self.session = session_from_dict(self.info.document, name=f"table {table_id}")
        except SaveFormatError as exc:
            raise StoreError(str(exc)) from None
        if seat not in (UMPIRE_SEAT, OBSERVER_SEAT, HOST_SEAT, EVALUATOR_SEAT) and (
            seat not in self.session.scenario.names.actors
        ):
            raise StoreError(f"table {table_id}: no seat named {seat!r}")
        self.position = 0
        """How many of the store's records the replica has folded in."""
        self.clock: list[TableRecord] = []
        """The shared phase-timer records, in order."""
        self.last_record_at = self.info.created
        self.rewinds = 0
        """How many undo/redo records have been folded: screens compare it to notice one."""
        self._phase = self._phase_key()
        self.phase_started = self.info.created
        """Store time at which the current turn and phase began: every screen's timer
        counts from it, so all of them show the same time."""
        self._policies: dict[str, object] = {}
        self.messages_received = 0
        """Message records folded so far: screens compare it to notice a new message."""
        self.sync()

    # -- joining -----------------------------------------------------------------------

    @classmethod
    def join(cls, store: LogStore, table_id: str, code: str, *, client: str | None = None) -> Table:
        """Open the seat `code` belongs to and claim it (a newer join takes a seat over).

        Raises JoinRefused with the same words for every wrong code, whatever it is; a
        client (`seat_client()` unless given) that has tried too many wrong codes waits a
        minute, and so, during a guessing attack on the table, does every client that has
        tried a wrong one; a client that types the right code at once is let in.
        """
        store.table(table_id)  # StoreError for a table that does not exist
        seat, tried = find_seat(store.code_hashes(table_id), table_id, code)
        verdict = store.admit(table_id, seat, client=client or seat_client(), tried=tried)
        if verdict == "throttled":
            raise JoinRefused(THROTTLED)
        if verdict != "admitted" or seat is None:
            raise JoinRefused(REFUSED)
        holder = secrets.token_hex(8)
        store.claim(table_id, seat, holder)
        return cls(store, table_id, seat=seat, holder=holder)

    def heartbeat(self) -> bool:
        """Keep the seat; False once another screen has joined with the same code.

        The observer seat is never taken over: it only watches, and a room may have any
        number of projectors (each takes the seat's presence back when it beats)."""
        if self.holder is None:
            return True
        kept = self.store.heartbeat(self.table_id, self.seat, self.holder)
        if not kept and self.seat == OBSERVER_SEAT:
            self.store.claim(self.table_id, self.seat, self.holder)
            return True
        return kept

    def leave(self) -> None:
        if self.holder is not None:
            self.store.release(self.table_id, self.seat, self.holder)

    # -- who this seat is ------------------------------------------------------------------

    @property
    def viewer(self) -> Viewer:
        """Whose eyes: the actor's index, the umpire (the evaluator too), or the observer
        (public view)."""
        if self.seat in (UMPIRE_SEAT, HOST_SEAT, EVALUATOR_SEAT):
            return UMPIRE
        if self.seat == OBSERVER_SEAT:
            return OBSERVER
        return self.session.scenario.names.actors[self.seat]

    @property
    def is_facilitator(self) -> bool:
        return self.seat in (UMPIRE_SEAT, HOST_SEAT)

    @property
    def by(self) -> str:
        """How this seat's actions are signed in the log (as in hot-seat play)."""
        if self.seat in (UMPIRE_SEAT, HOST_SEAT):
            return "umpire" if self.seat == UMPIRE_SEAT else "facilitator"
        if self.seat in (OBSERVER_SEAT, EVALUATOR_SEAT):
            return self.seat
        seat = self.session.seats[self.seat]
        return f"team:{seat.team}" if seat.team else f"team:{self.seat}"

    def may_submit(self, action: Action) -> str | None:
        """None when this seat may submit `action`, else why not (in words): a team acts,
        proposes and argues only as itself; the umpire's seat rules, writes news and acts
        for bot actors."""
        if self.seat == OBSERVER_SEAT:
            return "the observer seat watches; it does not act"
        if self.seat == EVALUATOR_SEAT:
            return "the evaluator rates and observes; it does not act"
        if isinstance(action, PlayMove | Pass | ProposeFree | ArgueFree):
            if self.is_facilitator:
                return None if self._is_bot(action.actor) else "only that team may act for it"
            if action.actor != self.seat:
                return f"this screen plays {self.seat}, not {action.actor}"
            return None
        if not self.is_facilitator:
            return "only the umpire may do that"
        return None

    def _is_bot(self, actor: str) -> bool:
        seat = self.session.seats.get(actor)
        return seat is not None and not seat.is_human

    # -- reading the log ---------------------------------------------------------------

    def sync(self) -> list[TableRecord]:
        """Fold in every record appended since the last sync; return them."""
        new = self.store.records(self.table_id, self.position)
        for record in new:
            if record.seq != self.position:
                raise StoreError(
                    f"table {self.table_id}: the log skips from {self.position} to {record.seq}"
                )
            self._fold(record)
        return new

    def _fold(self, record: TableRecord) -> None:
        session = self.session
        payload = record.payload
        try:
            if record.kind == "action":
                session.submit(
                    action_from_dict(payload["action"]),
                    by=str(payload.get("by", "")),
                    why=str(payload.get("why", "")),
                )
            elif record.kind == "undo":
                session.undo(int(payload.get("steps", 1)))
                self.rewinds += 1
            elif record.kind == "redo":
                session.redo(int(payload.get("steps", 1)))
                self.rewinds += 1
            elif record.kind == "notes":
                session.notes = str(payload.get("text", ""))
            elif record.kind == "record":
                made = session.record(body_from_dict(payload["record"]), str(payload.get("by", "")))
                if isinstance(made.body, SeatChange):  # a bot plays it again, maybe another one
                    self._policies.pop(made.body.actor, None)
            elif record.kind == "exercise":
                session.details = details_from_dict(payload.get("details", {}))
                session.roster = tuple(
                    participant_from_dict(p, "roster") for p in payload.get("roster", [])
                )
            elif record.kind == "message":
                sender = payload["from"]
                if self._sender_of(record.seat) != sender:
                    raise ValueError(f"the {record.seat} seat wrote as {sender!r}")
                session.send(sender, payload["to"], payload["text"])
                self.messages_received += 1
            elif record.kind == "channels":
                session.set_channels(open=bool(payload["open"]), debrief=bool(payload["debrief"]))
            elif record.kind == "clock":
                self.clock.append(record)
        except (KeyError, TypeError, ValueError, WargameError) as exc:
            raise StoreError(
                f"table {self.table_id}: record {record.seq} ({record.kind}) does not apply "
                f"({exc}); the database was written by another rules version or edited"
            ) from None
        self.position = record.seq + 1
        self.last_record_at = record.at
        phase = self._phase_key()
        if phase != self._phase:
            self._phase = phase
            self.phase_started = record.at

    def _phase_key(self) -> tuple[int, int]:
        state = self.session.state
        return (state.turn, state.phase)

    # -- appending -----------------------------------------------------------------------

    def submit(
        self, action: Action, by: str | None = None, *, at: int | None = None
    ) -> tuple[Event, ...]:
        """Append this seat's `action` at the replica's position and apply it.

        `at` is the log position the seat decided on (what its screen showed); when the
        replica has moved since, the action is refused with Conflict before it reaches the
        store. Raises IllegalActionError when the rules or the seat refuse it (nothing
        written), Conflict when another seat acted first (the replica has been synced),
        SeatTaken when another screen took this seat over. Returns the events the action
        caused as this seat may see them (`seen`).
        """
        if at is not None and at != self.position:
            raise Conflict(at, self.position)
        why = self.may_submit(action)
        if why is not None:
            raise IllegalActionError(why)
        reason = self.session.check_legal(action)
        if reason is not None:
            raise IllegalActionError(reason)
        start = self.session.step_index
        self._append("action", {"action": action_to_dict(action), "by": by or self.by})
        return self.seen(
            e
            for i in range(start + 1, self.session.step_index + 1)
            for e in self.session.events_at(i)
        )

    # -- channels ------------------------------------------------------------------------

    @property
    def sender(self) -> str | None:
        """Who this seat writes as: its actor id, `umpire` (the umpire's and the host's
        seats), or None (the observer writes nothing)."""
        return self._sender_of(self.seat)

    @staticmethod
    def _sender_of(seat: str) -> str | None:
        if seat in (UMPIRE_SEAT, HOST_SEAT):
            return UMPIRE
        if seat in (OBSERVER_SEAT, EVALUATOR_SEAT) or seat.startswith("bot:"):
            return None
        return seat

    @property
    def messages(self) -> tuple[Message, ...]:
        """The messages this seat may read, in the order sent."""
        return self.session.messages_for(self.viewer)

    def send_message(self, to: str, text: str) -> Message:
        """Write `text` to `to` (an actor id, `umpire`, or `all` for the umpire) as this
        seat: a seat writes only as itself and only in channels it belongs to.

        A message is not a decision taken at a log position, so it goes at the end of the
        log whatever was appended since the screen last looked (the replica syncs first,
        and again if another seat appends in between). IllegalActionError when refused
        (nothing written); SeatTaken as `submit`.
        """
        sender = self.sender
        if sender is None:
            raise IllegalActionError("the observer seat watches; it does not write")
        for _ in range(MESSAGE_TRIES):
            self.sync()
            problem = self.session.check_message(sender, to, text)
            if problem is not None:
                raise IllegalActionError(problem)
            try:
                self._append("message", {"from": sender, "to": to, "text": text})
            except Conflict:
                continue
            return self.session.messages[-1]
        raise Conflict(self.position, self.store.length(self.table_id))

    def set_channels(self, *, open: bool | None = None, debrief: bool | None = None) -> None:
        """The facilitator opens or closes the channels, or opens them for the debrief."""
        current = self.session.channels
        self._facilitator(
            "channels",
            {
                "open": current.open if open is None else open,
                "debrief": current.debrief if debrief is None else debrief,
            },
        )

    def seen(self, events: Iterable[Event]) -> tuple[Event, ...]:
        """`events` as this seat may see them: the replica holds the whole game (the rules
        need it), so whatever it hands a screen passes the engine's one filter first."""
        return seat_events(events, self.viewer)

    def undo(self, steps: int = 1) -> int:
        self._only_facilitator()  # refused even when there is nothing to take back
        steps = min(steps, self.session.step_index)
        if steps:
            self._facilitator("undo", {"steps": steps})
        return steps

    def redo(self, steps: int = 1) -> int:
        self._only_facilitator()
        steps = min(steps, len(self.session.redo_entries))
        if steps:
            self._facilitator("redo", {"steps": steps})
        return steps

    def set_notes(self, text: str) -> None:
        self._facilitator("notes", {"text": text})

    def may_record(self, body: RecordBody) -> str | None:
        """None when this seat may record `body`, else why not (in words): the umpire
        records anything, the evaluator answers, ratings and observations, no one else."""
        if isinstance(body, SeatChange):
            return None if self.is_facilitator else "only the umpire takes an actor over"
        if self.is_facilitator or self.seat == EVALUATOR_SEAT:
            return None
        return "only the umpire and the evaluator record answers, ratings and observations"

    def record(self, body: RecordBody) -> SessionRecord:
        """Append a session record made at this seat (an answer, a rating, an observation,
        or the umpire taking an actor over); IllegalActionError when this seat may not or
        the scenario has no such question or capability (nothing written).

        Unlike an action, a record is no decision on what the screen showed: when another
        seat moved the log meanwhile, the replica syncs and appends it at the new end (up
        to RECORD_TRIES times, then Conflict) rather than losing what the evaluator typed.
        """
        self.sync()
        for attempt in range(RECORD_TRIES):
            why = self.may_record(body) or self.session.check_record(body)
            if why is not None:
                raise IllegalActionError(why)
            made = SessionRecord(body, self.session.step_index, self.session.state.turn, self.by)
            payload = record_to_dict(made)
            del payload["at"], payload["turn"], payload["by"]
            try:
                self._append("record", {"record": payload, "by": self.by})
            except Conflict:
                if attempt + 1 == RECORD_TRIES:
                    raise
                continue
            break
        return self.session.records[-1]

    def set_exercise(self, details: ExerciseDetails, roster: tuple[Participant, ...]) -> None:
        """Amend the exercise's details and roster (the umpire's), for every screen."""
        self._facilitator(
            "exercise",
            {
                "details": details_to_dict(details),
                "roster": [participant_to_dict(p) for p in roster],
            },
        )

    def clock_op(self, op: str, seconds: float = 0.0) -> None:
        """Share a phase-timer change (pause, resume, extend, set) with every screen."""
        self._facilitator("clock", {"op": op, "seconds": seconds})

    def _facilitator(self, kind: RecordKind, payload: dict[str, Any]) -> None:
        self._only_facilitator()
        self._append(kind, payload)

    def _only_facilitator(self) -> None:
        if not self.is_facilitator:
            raise IllegalActionError("only the umpire may do that")

    def _append(
        self, kind: RecordKind, payload: dict[str, Any], *, seat: str | None = None
    ) -> None:
        own = seat is None
        try:
            record = self.store.append(
                self.table_id,
                self.position,
                kind,
                payload,
                seat=self.seat if own else str(seat),
                holder=self.holder if own else None,
            )
        except Conflict:
            self.sync()
            raise
        self._fold(record)

    # -- bots ----------------------------------------------------------------------------

    def run_bots(self, *, max_steps: int = 10_000) -> int:
        """Let bot seats act until a human must act or the game ends; return steps taken.

        Safe to call from every process at once: each computes the same bot action for the
        same log position, one append wins and the others sync past it.
        """
        from wargame.bots import decide, make_policy

        taken = 0
        session = self.session
        while taken < max_steps:
            automatic = session.automatic()
            if automatic is None:
                break
            seat, by = automatic
            who = session.to_act
            key = by if by == BY_RULES else seat.actor
            if key not in self._policies:
                self._policies[key] = make_policy(seat.policy, session.scenario, seat.actor)
            policy = self._policies[key]
            rng = session.bot_rng()
            action, why = decide(policy, session.scenario, session.state, who, rng)  # type: ignore[arg-type]
            action = signed_by_rules(action, by)
            why = session.automatic_why(by, why)
            payload = {"action": action_to_dict(action), "by": by}
            if why:
                payload["why"] = why
            try:
                self._append("action", payload, seat=f"bot:{key}")
            except Conflict:
                continue  # synced: someone else played it (or something else happened)
            taken += 1
        return taken

    def bots_to_act(self) -> bool:
        """Whether a bot, or the rules for the umpire, decides now (`Session.automatic`)."""
        return self.session.automatic() is not None

    def seats(self) -> list[str]:
        """Every seat that has a join code at this table, in seating order."""
        human = [a for a, s in self.session.seats.items() if s.is_human]
        coded = self.store.code_hashes(self.table_id).values()
        return [*human, UMPIRE_SEAT, OBSERVER_SEAT, *(s for s in [EVALUATOR_SEAT] if s in coded)]


def latest_table(store: LogStore) -> str:
    """The newest table in `store` (what `join` opens when not told which)."""
    ids = store.table_ids()
    if not ids:
        raise StoreError(f"{store.url}: the database holds no table yet")
    return ids[-1]
