"""Save files: one versioned JSON document per session, written atomically.

A save embeds the scenario's text and its SHA-256, so it opens on a machine that has never
seen the scenario, and carries the action log rather than states: loading replays the log
and checks the result against the recorded state digest. A save that is corrupt, of an
unknown version, whose replay disagrees or that has no digest to check the replay against
is refused with a clear `SaveFormatError`, and the file is left exactly as it was. Reading
the file and checking its fields is `save_document`'s job.
"""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.engine import GameState, action_from_dict, action_to_dict
from wargame.errors import SaveFormatError, ScenarioError, WargameError
from wargame.session.atomic import write_atomic
from wargame.session.channels import (
    Channels,
    channels_from_dict,
    message_from_dict,
    message_problem,
    message_to_dict,
)
from wargame.session.dice import is_actor_action
from wargame.session.records import (
    ExerciseDetails,
    Participant,
    SeatChange,
    SessionRecord,
    details_from_dict,
    details_to_dict,
    participant_from_dict,
    participant_to_dict,
    record_from_dict,
    record_to_dict,
)
from wargame.session.save_document import (
    MAX_LOG_ACTIONS,
    check_save_document,
    read_save_document,
)
from wargame.session.seats import Seat
from wargame.session.session import LogEntry, Parent, Session
from wargame.session.umpiring import EVERY_DRAW, UmpireRules

SAVE_FORMAT = "wargame-save"
SAVE_VERSION = 2
"""2: each action draws from the generator `session.dice` gives it (umpire actions shift no
dice). 1: action *i* drew from the generator of log position *i*; such a save with umpire
actions loads with `Session.legacy_dice` (and is written back as version 1), one without
replays the same under both rules and is written back as version 2."""
MAX_ROSTER = 500
"""Most people a save's roster lists (a large exercise has a few dozen)."""
CHANNELS_VERSION = 3
"""Version 2 with the channels' messages and settings (`messages`, `channels`): a game
that has either is written as version 3, so a build that would drop them refuses it."""
KNOWN_SAVE_VERSIONS = (1, 2, 3)


def state_digest(state: GameState) -> str:
    """A short, stable fingerprint of a state, to check that a replay reproduced it."""
    return hashlib.sha256(repr(_canonical(state)).encode()).hexdigest()[:16]


def _canonical(state: GameState) -> tuple[object, ...]:
    # Only rule-relevant fields: the event history is derived from the same log. Free play
    # counts only once a game has some, so the digests of games without stay as they were.
    free = () if state.free is None else (state.free,)
    return (
        state.turn,
        state.phase,
        state.vars,
        state.flags,
        state.trust,
        state.commitment,
        state.active,
        state.cohesion,
        state.collapsed,
        state.played,
        state.fired,
        state.ending,
        *free,
    )


def session_to_dict(session: Session) -> dict[str, Any]:
    """The JSON-ready save document of `session`."""
    scenario = session.scenario
    now = datetime.now(UTC).isoformat(timespec="seconds")
    talk = bool(session.messages) or session.channels != Channels()
    version = 1 if session.legacy_dice else CHANNELS_VERSION if talk else SAVE_VERSION
    return {
        "format": SAVE_FORMAT,
        "format_version": version,
        "wargame_version": __version__,
        "python_version": platform.python_version(),
        "saved": now,
        "scenario": {
            "id": scenario.id,
            "title": scenario.title,
            "file": scenario.source_name,
            "sha256": scenario.source_hash,
            "text": scenario.source_text,
        },
        "seed": session.seed,
        "seats": [seat.to_dict() for seat in session.seats.values()],
        "umpire": session.umpire.to_dict() if session.umpire else None,
        "masked": session.masked,
        **({"confirm_endings": True} if session.confirm_endings else {}),
        "umpire_rules": session.umpire_rules.to_dict(),
        "parent": (
            {"session": session.parent.session, "step": session.parent.step}
            if session.parent
            else None
        ),
        "notes": session.notes,
        **_exercise_fields(session),
        "log": [_entry_to_dict(e) for e in session.log_entries],
        "redo": [_entry_to_dict(e) for e in session.redo_entries],
        "steps": session.step_index,
        "state_digest": state_digest(session.state),
        **(
            {
                "messages": [message_to_dict(m) for m in session.messages],
                "channels": {"open": session.channels.open, "debrief": session.channels.debrief},
            }
            if talk
            else {}
        ),
    }


def _exercise_fields(session: Session) -> dict[str, Any]:
    """Discussion mode, the exercise's details and roster, and the session's records: only
    those a session has, so a save without them reads as it did before they existed."""
    out: dict[str, Any] = {}
    if session.discussion:
        out["discussion"] = True
    if not session.details.empty:
        out["details"] = details_to_dict(session.details)
    if session.roster:
        out["roster"] = [participant_to_dict(p) for p in session.roster]
    if session.records:
        out["records"] = [record_to_dict(r) for r in session.records]
    return out


def _exercise_from_dict(
    raw: dict[str, Any], name: str
) -> tuple[bool, ExerciseDetails, tuple[Participant, ...], list[SessionRecord]]:
    """What `_exercise_fields` wrote, each field checked (SaveFormatError naming it)."""
    try:
        discussion = raw.get("discussion", False)
        if not isinstance(discussion, bool):
            raise ValueError("discussion must be true or false")
        details = details_from_dict(raw.get("details", {}))
        roster_raw = raw.get("roster", [])
        if not isinstance(roster_raw, list) or len(roster_raw) > MAX_ROSTER:
            raise ValueError(f"roster must be a list of at most {MAX_ROSTER} people")
        roster = tuple(
            participant_from_dict(p, f"roster[{i}]") for i, p in enumerate(roster_raw)
        )
        records_raw = raw.get("records", [])
        if not isinstance(records_raw, list) or len(records_raw) > MAX_LOG_ACTIONS:
            raise ValueError(f"records must be a list of at most {MAX_LOG_ACTIONS:,}")
        records = [record_from_dict(r, f"records[{i}]") for i, r in enumerate(records_raw)]
    except (ValueError, SaveFormatError) as exc:
        raise SaveFormatError(f"{name}: {exc}") from None
    return discussion, details, roster, records


def _check_records(session: Session, records: list[SessionRecord], name: str) -> None:
    """Every record names what the scenario has (a save is untrusted input)."""
    for index, record in enumerate(records):
        body = record.body
        if isinstance(body, SeatChange):
            problem = (
                None
                if body.actor in session.scenario.names.actors
                else f"there is no actor {body.actor!r} in this scenario"
            )
        else:
            problem = session.check_record(body)
        if problem is not None or record.at > session.step_index + len(session.redo_entries):
            raise SaveFormatError(
                f"{name}: records[{index}] does not belong to this game "
                f"({problem or 'it was made after the last action of the log'})"
            )


def _entry_to_dict(entry: LogEntry) -> dict[str, Any]:
    out: dict[str, Any] = {"action": action_to_dict(entry.action), "by": entry.by}
    if entry.why:
        out["why"] = entry.why
    return out


def _entry_from_dict(raw: Any) -> LogEntry:
    action = action_from_dict(raw["action"])
    return LogEntry(action, str(raw.get("by", "")), str(raw.get("why", "")))


def save_session(session: Session, path: str | Path) -> Path:
    """Write `session` to `path` atomically (the previous file is kept as `.bak`)."""
    target = Path(path)
    data = json.dumps(session_to_dict(session), indent=1, ensure_ascii=False).encode("utf-8")
    write_atomic(target, data)
    return target


def load_session(path: str | Path, *, allow_unverified: bool = False) -> Session:
    """Open a save file; raise SaveFormatError with a reason when it can't be trusted.

    The file is read as untrusted input (`save_document`): a regular file of bounded size,
    standard JSON, every field of the right type. `allow_unverified` accepts a save without
    a state digest (otherwise refused as tampered with).
    """
    raw = read_save_document(path)
    return session_from_dict(raw, name=str(path), allow_unverified=allow_unverified)


def check_save(path: str | Path, *, allow_unverified: bool = False) -> None:
    """Raise SaveFormatError when the file at `path` is not a save this build reads: what
    `load_session` refuses before it replays anything (the file, its JSON, its format and
    version, the type of every field, a missing state digest unless `allow_unverified`).
    A command checks this before it takes the terminal over, to say why in plain text."""
    _check_document(read_save_document(path), str(path), allow_unverified=allow_unverified)


def _check_document(raw: Any, name: str, *, allow_unverified: bool) -> None:
    if not isinstance(raw, dict) or raw.get("format") != SAVE_FORMAT:
        raise SaveFormatError(f"{name}: not a wargame save file (no 'format: {SAVE_FORMAT}')")
    version = raw.get("format_version")
    if version not in KNOWN_SAVE_VERSIONS:
        known = ", ".join(map(str, KNOWN_SAVE_VERSIONS))
        raise SaveFormatError(
            f"{name}: save format version {version!r} is not one this build reads ({known}); "
            "open it with the wargame version that wrote it"
            f" ({raw.get('wargame_version', 'unknown')})"
        )
    check_save_document(raw, name, allow_unverified=allow_unverified)


def session_from_dict(
    raw: Any, *, name: str = "<save>", allow_unverified: bool = False
) -> Session:
    """Rebuild a session from a save document, replaying and verifying its log."""
    from wargame.scenario.loader import load_text  # lazy: YAML and pydantic only when needed

    _check_document(raw, name, allow_unverified=allow_unverified)
    version = raw["format_version"]
    try:
        scenario_raw = raw["scenario"]
        text = str(scenario_raw["text"])
        recorded_hash = str(scenario_raw["sha256"])
        actual_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if actual_hash != recorded_hash:
            raise SaveFormatError(
                f"{name}: the embedded scenario does not match its recorded SHA-256 "
                f"({actual_hash[:12]}… vs {recorded_hash[:12]}…); the file was edited or damaged"
            )
        try:
            scenario = load_text(text, str(scenario_raw.get("file") or "<embedded scenario>"))
        except ScenarioError as exc:
            raise SaveFormatError(
                f"{name}: the embedded scenario no longer validates with this build:\n{exc}"
            ) from None
        seats = {s.actor: s for s in (Seat.from_dict(d) for d in raw.get("seats", []))}
        unknown = sorted(actor for actor in seats if actor not in scenario.names.actors)
        if unknown:
            raise SaveFormatError(
                f"{name}: seats name actors the embedded scenario does not have: "
                + ", ".join(unknown)
            )
        umpire = Seat.from_dict(raw["umpire"]) if raw.get("umpire") else None
        parent_raw = raw.get("parent")
        parent = Parent(str(parent_raw["session"]), int(parent_raw["step"])) if parent_raw else None
        log = [_entry_from_dict(e) for e in raw["log"]]
        redo = [_entry_from_dict(e) for e in raw.get("redo", [])]
        confirm_endings = raw.get("confirm_endings", False)
        if not isinstance(confirm_endings, bool):
            raise SaveFormatError(f"{name}: confirm_endings must be true or false")
        # A save from before the setting was played with the umpire ruling every draw.
        umpire_rules = (
            UmpireRules.from_dict(raw["umpire_rules"], name)
            if "umpire_rules" in raw
            else EVERY_DRAW
        )
        seed = raw["seed"]
        if not isinstance(seed, int | str) or isinstance(seed, bool):
            raise SaveFormatError(f"{name}: seed must be an integer or a string, not {seed!r}")
        discussion, details, roster, records = _exercise_from_dict(raw, name)
        messages = [message_from_dict(m) for m in raw.get("messages", [])]
        channels = channels_from_dict(raw.get("channels", {}))
    except SaveFormatError as exc:
        if str(exc).startswith(f"{name}: "):
            raise
        raise SaveFormatError(f"{name}: {exc}") from None  # an action's or event's own check
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise SaveFormatError(f"{name}: the save file is incomplete or damaged ({exc!r})") from None

    session = Session(
        scenario,
        seed=seed,
        seats=seats,
        umpire=umpire,
        parent=parent,
        notes=str(raw.get("notes", "")),
        masked=bool(raw.get("masked", False)),
        legacy_dice=version == 1 and not all(is_actor_action(e.action) for e in log + redo),
        confirm_endings=confirm_endings,
        discussion=discussion,
        details=details,
        roster=roster,
        umpire_rules=umpire_rules,
    )
    for index, entry in enumerate(log):
        try:
            session._apply(entry)
        except WargameError as exc:
            raise SaveFormatError(
                f"{name}: action {index + 1} of the log no longer applies ({exc}); the save "
                "was written by a different rules version or edited by hand"
            ) from None
    session._redo = redo
    _check_records(session, records, name)
    session.restore_records(records)
    session.channels = channels
    for index, message in enumerate(messages):
        # Checked as they were when sent, but for the channels being open then.
        problem = message_problem(
            scenario, Channels(), message.sender, message.to, message.text, index
        )
        if problem is not None:
            raise SaveFormatError(f"{name}: message {index + 1} cannot be kept: {problem}")
    session._messages = messages
    digest = raw.get("state_digest")
    if digest is not None and digest != state_digest(session.state):
        raise SaveFormatError(
            f"{name}: replaying the log gave a different game state than the one saved; "
            "the save was written by a different rules version"
        )
    return session
