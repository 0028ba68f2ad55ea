"""Reading a save document as untrusted input: bytes, JSON, and the shape of every field.

A save is shared like a scenario (a class hands it on, a player mails it to the
facilitator), so it is read as hostile: only a regular file of at most `MAX_SAVE_BYTES`
(`wargame.reading`), strict UTF-8, standard JSON (no `NaN` or `Infinity`, nesting
refused when it is too deep for the parser instead of crashing it), and then every field
the loader uses is checked for its type before anything is built from it. Each problem
is a `SaveFormatError` that names the field, so a damaged save never ends in a traceback.

The state digest is what shows that the log was not cut or edited: a save without one is
refused as tampered with, unless the caller passes `allow_unverified` (the commands'
`--allow-unverified` flag, docs/facilitator.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from wargame.errors import SaveConflictError, SaveFormatError
from wargame.reading import FileNotReadable, read_capped
from wargame.session.channels import MAX_MESSAGES

__all__ = [
    "MAX_LOG_ACTIONS",
    "MAX_SAVE_BYTES",
    "SAVE_SUFFIX",
    "check_same_game",
    "check_save_document",
    "parse_save_bytes",
    "read_save_document",
]

SAVE_SUFFIX: Final = ".wgsave.json"
"""What a save file's name ends with."""
MAX_SAVE_BYTES: Final = 8 << 20
"""Largest save read (8 MiB): the embedded scenario is at most 1 MiB, a long game's log a
few hundred kilobytes."""
MAX_LOG_ACTIONS: Final = 10_000
"""Most actions in a log (and in the redo stack): a long game has a few hundred, and
loading replays every one of them."""
_DIGEST_CHARS: Final = frozenset("0123456789abcdef")


def read_save_document(path: str | Path) -> Any:
    """The parsed JSON of the save file at `path`; SaveFormatError when it can't be read."""
    try:
        raw = read_capped(path, MAX_SAVE_BYTES)
    except FileNotReadable as exc:
        hint = " (a save is a plain file written by wargame)" if not exc.too_large else ""
        raise SaveFormatError(f"{path}: cannot read the save file: {exc.reason}{hint}") from None
    return parse_save_bytes(raw, str(path))


def parse_save_bytes(raw: bytes, name: str) -> Any:
    """Decode and parse a save's bytes; SaveFormatError for anything but standard JSON."""
    backup = f"If a '{Path(name).name}.bak' file exists beside it, that is the previous save."
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise SaveFormatError(
            f"{name}: not a readable save file ({exc}); it may be truncated or corrupted. "
            + backup
        ) from None
    except RecursionError:
        raise SaveFormatError(
            f"{name}: not a save file: its JSON is nested far deeper than a save's. " + backup
        ) from None


def _refuse_constant(word: str) -> Any:
    raise ValueError(f"`{word}` is not a number in standard JSON")


def check_save_document(raw: Any, name: str, *, allow_unverified: bool = False) -> None:
    """Check the type of every field `session_from_dict` reads (SaveFormatError naming the
    first wrong one), the log's length against `steps`, and that the state digest is there
    unless `allow_unverified`."""
    if not isinstance(raw, dict):
        raise SaveFormatError(f"{name}: not a wargame save file (not a JSON object)")
    scenario = _field(raw, "scenario", dict, name)
    for key in ("text", "sha256"):
        _field(scenario, key, str, name, where="scenario.")
    for key in ("id", "title", "file"):
        _optional(scenario, key, str, name, where="scenario.")
    seed = raw.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int | str):
        raise SaveFormatError(f"{name}: seed must be an integer or a string, not {_shown(seed)}")
    seats = _field(raw, "seats", list, name)
    for index, seat in enumerate(seats):
        _check_seat(seat, f"seats[{index}]", name)
    if raw.get("umpire") is not None:
        _check_seat(raw["umpire"], "umpire", name)
    _optional(raw, "masked", bool, name)
    _optional(raw, "notes", str, name)
    parent = raw.get("parent")
    if parent is not None:
        if not isinstance(parent, dict):
            raise SaveFormatError(f"{name}: parent must be an object or null")
        _field(parent, "session", str, name, where="parent.")
        step = _field(parent, "step", int, name, where="parent.")
        if isinstance(step, bool) or step < 0:
            raise SaveFormatError(f"{name}: parent.step must be a whole number from 0")
    messages = raw.get("messages", [])
    if not isinstance(messages, list):
        raise SaveFormatError(f"{name}: messages must be a list, not {_shown(messages)}")
    if len(messages) > MAX_MESSAGES:
        raise SaveFormatError(
            f"{name}: the save holds {len(messages):,} messages; at most {MAX_MESSAGES:,} are read"
        )
    if raw.get("channels") is not None and not isinstance(raw["channels"], dict):
        raise SaveFormatError(f"{name}: channels must be an object, not {_shown(raw['channels'])}")
    log = _check_entries(raw, "log", name, required=True)
    _check_entries(raw, "redo", name, required=False)
    steps = raw.get("steps")
    if steps is not None:
        if isinstance(steps, bool) or not isinstance(steps, int):
            raise SaveFormatError(f"{name}: steps must be a whole number, not {_shown(steps)}")
        if steps != len(log):
            raise SaveFormatError(
                f"{name}: the log holds {len(log)} actions but the save says {steps} were "
                "played; the log was cut or edited"
            )
    digest = raw.get("state_digest")
    if digest is None:
        if not allow_unverified:
            raise SaveFormatError(
                f"{name}: the save has no state digest, so nothing shows that its log was "
                "not cut or edited; it is refused as tampered with. If you trust this file, "
                "open it with --allow-unverified"
            )
    elif not isinstance(digest, str) or len(digest) != 16 or not set(digest) <= _DIGEST_CHARS:
        raise SaveFormatError(f"{name}: state_digest must be 16 hexadecimal digits")


def _check_entries(raw: Mapping[str, Any], key: str, name: str, *, required: bool) -> list[Any]:
    if key not in raw and not required:
        return []
    entries: list[Any] = _field(raw, key, list, name)
    if len(entries) > MAX_LOG_ACTIONS:
        raise SaveFormatError(
            f"{name}: {key} holds {len(entries):,} actions; at most {MAX_LOG_ACTIONS:,} are read"
        )
    for index, entry in enumerate(entries):
        where = f"{key}[{index}]"
        if not isinstance(entry, dict):
            raise SaveFormatError(f"{name}: {where} must be an object, not {_shown(entry)}")
        _field(entry, "action", dict, name, where=f"{where}.")
        _optional(entry, "by", str, name, where=f"{where}.")
    return entries


def _check_seat(seat: Any, where: str, name: str) -> None:
    if not isinstance(seat, dict):
        raise SaveFormatError(f"{name}: {where} must be an object, not {_shown(seat)}")
    _field(seat, "actor", str, name, where=f"{where}.")
    for key in ("team", "policy"):
        _optional(seat, key, str, name, where=f"{where}.")
    if seat.get("kind", "bot") not in ("human", "bot", "umpire"):
        raise SaveFormatError(f"{name}: {where}.kind must be `human`, `bot` or `umpire`")


def _field(raw: Mapping[str, Any], key: str, kind: type, name: str, where: str = "") -> Any:
    if key not in raw:
        raise SaveFormatError(f"{name}: the save file is incomplete: {where}{key} is missing")
    value = raw[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SaveFormatError(
            f"{name}: {where}{key} must be {_KINDS[kind]}, not {_shown(value)}"
        )
    return value


def _optional(raw: Mapping[str, Any], key: str, kind: type, name: str, where: str = "") -> None:
    if raw.get(key) is not None:
        _field(raw, key, kind, name, where)


_KINDS: Final[Mapping[type, str]] = {
    dict: "an object",
    list: "a list",
    str: "text",
    int: "a whole number",
    bool: "true or false",
}


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text" if len(value) > 40 else repr(value)
    if isinstance(value, int) and len(str(abs(value))) > 20:
        return "a very large number"
    return repr(value)


def check_same_game(path: Path, data: bytes) -> None:
    """Refuse to write the save `data` over `path` when `path` holds the save of a game of
    another scenario (SaveConflictError; nothing is written).

    A game is never replaced by another on disk: `play --watch` with the scenario file
    swapped for another used to overwrite the save with the other game. The same scenario
    (its id) may be saved over at will: that is every autosave, and a `--watch` reload of
    an edited scenario. A file that is not a readable save is left to the `.bak` rule.
    """
    if not path.name.endswith(SAVE_SUFFIX) or not path.exists():
        return
    try:
        old = read_save_document(path)
        new = json.loads(data)
    except (SaveFormatError, ValueError, RecursionError):
        return
    old_id, new_id = _scenario_of(old), _scenario_of(new)
    if old_id is None or new_id is None or old_id == new_id:
        return
    raise SaveConflictError(
        f"{path} holds a saved game of another scenario ({_named(old)}), so this game of "
        f"{_named(new)} was not saved over it; save it under another name (the game is "
        "not lost: it is still open)"
    )


def _scenario_of(document: Any) -> str | None:
    scenario = document.get("scenario") if isinstance(document, dict) else None
    ident = scenario.get("id") if isinstance(scenario, dict) else None
    return ident if isinstance(ident, str) else None


def _named(document: Any) -> str:
    scenario = document["scenario"]
    title = scenario.get("title")
    return f"'{title}', id {scenario['id']}" if isinstance(title, str) else f"id {scenario['id']}"
