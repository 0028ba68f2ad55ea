"""Sessions: the imperative shell around the pure engine (log, undo, fork, save)."""

from wargame.session.channels import ALL, Channels, Message, channel_words
from wargame.session.expected import ExpectedCheck, check_expected
from wargame.session.records import (
    RATINGS,
    Answer,
    ExerciseDetails,
    Observation,
    Participant,
    Rating,
    SeatChange,
    SessionRecord,
)
from wargame.session.save_document import SAVE_SUFFIX
from wargame.session.seats import Seat
from wargame.session.session import LogEntry, Parent, Session
from wargame.session.store import (
    check_save,
    load_session,
    save_session,
    session_from_dict,
    session_to_dict,
    state_digest,
)
from wargame.session.umpiring import BY_RULES, EVERY_DRAW, UmpireRules

__all__ = [
    "ALL",
    "BY_RULES",
    "EVERY_DRAW",
    "RATINGS",
    "SAVE_SUFFIX",
    "Answer",
    "Channels",
    "ExerciseDetails",
    "ExpectedCheck",
    "LogEntry",
    "Message",
    "Observation",
    "Parent",
    "Participant",
    "Rating",
    "Seat",
    "SeatChange",
    "Session",
    "SessionRecord",
    "UmpireRules",
    "channel_words",
    "check_expected",
    "check_save",
    "load_session",
    "save_session",
    "session_from_dict",
    "session_to_dict",
    "state_digest",
]
