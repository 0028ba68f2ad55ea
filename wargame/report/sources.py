"""Reading what a report is made from: a saved session, or a results file and its sidecar.

The imperative shell of the report layer. A save replays through `load_session` (so a
damaged one is refused with its reason); a results file is folded into a `BatchSummary`
exactly as `wargame simulate` folds it, after loading the scenario its `.meta.json` names
(if the scenario has moved, ids stand in for titles and the report says so).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from wargame.analysis.intervene import InterventionSummary
from wargame.analysis.results import SUFFIXES as RESULTS_SUFFIXES
from wargame.analysis.results import ResultsError, read_results
from wargame.analysis.simulate import MetaError, effects_path, meta_path, read_meta
from wargame.analysis.summary import BatchSummary
from wargame.engine import OBSERVER, UMPIRE, Viewer
from wargame.errors import SaveFormatError, ScenarioError
from wargame.reading import FileNotReadable, read_capped
from wargame.report.branch import same_prefix
from wargame.report.from_batch import batch_report
from wargame.report.from_session import session_report
from wargame.report.model import Report, ReportError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.masking import Masker
from wargame.session import SAVE_SUFFIX, Session, session_from_dict
from wargame.session.save_document import read_save_document

__all__ = ["input_kind", "report_from_results", "report_from_save", "seat_viewer"]

META_SUFFIX = ".meta.json"


def input_kind(path: Path) -> str:
    """`session` or `results`, from the file name; ReportError with a hint otherwise."""
    name = path.name.lower()
    if name.endswith(SAVE_SUFFIX) or name.endswith(".wgsave.json.bak"):
        return "session"
    if path.suffix.lower() in RESULTS_SUFFIXES:
        return "results"
    if name.endswith(META_SUFFIX):
        return "meta"
    raise ReportError(
        f"{path}: not a saved session ({SAVE_SUFFIX}) or a results file "
        f"({', '.join(RESULTS_SUFFIXES)}); a report is made from one of those"
    )


def report_from_save(
    path: Path, *, masked: bool = False, allow_unverified: bool = False, seat: str | None = None
) -> Report:
    """The after-action report of a saved session (masked if asked or if it was played so):
    the facilitator's copy, or with `seat` (an actor id or `observer`) that seat's copy.

    The save is read once, by the session layer's guarded reader.
    """
    try:
        raw = read_save_document(path)
        session = session_from_dict(raw, name=str(path), allow_unverified=allow_unverified)
    except SaveFormatError as exc:
        raise ReportError(str(exc)) from None
    mask = Masker(session.scenario.masking, enabled=masked or session.masked)
    parent, parent_name = _parent(path, session)
    return session_report(
        session,
        mask=mask,
        source=path.name,
        saved=_saved_at(raw),
        viewer=seat_viewer(session.scenario, seat),
        parent=parent,
        parent_name=parent_name,
        parent_searched=True,
    )


def seat_viewer(scenario: ScenarioIR, seat: str | None) -> Viewer:
    """The viewer a `--seat` names: an actor id, `observer`, or (None) the facilitator."""
    if seat is None or seat in (UMPIRE, "facilitator"):
        return UMPIRE
    if seat == OBSERVER:
        return OBSERVER
    index = scenario.names.actors.get(seat)
    if index is None:
        seats = ", ".join([*scenario.names.actors, OBSERVER])
        raise ReportError(f"this game has no seat {seat!r}; a copy is for one of: {seats}")
    return index


def _parent(path: Path, session: Session) -> tuple[Session | None, str]:
    """The saved game `session` branched from, if it can be found and is still that game.

    The fork records the parent's save path as it was then; it is looked for there, then
    beside this save. A parent that moved on past the branch keeps its first actions, so it
    still compares; one whose first actions differ (overwritten since) is left out.
    """
    if session.parent is None:
        return None, ""
    recorded = Path(session.parent.session)
    candidates = [recorded, path.parent / recorded, path.parent / recorded.name]
    for candidate in candidates:
        if candidate.resolve() == path.resolve() or not candidate.is_file():
            continue
        try:
            raw = read_save_document(candidate)
            parent = session_from_dict(raw, name=str(candidate))
        except SaveFormatError:
            continue
        if same_prefix(session, parent):
            return parent, candidate.name
    return None, ""


def _saved_at(raw: dict[str, Any]) -> str:
    """When the save was written (its own record, so reports stay reproducible)."""
    saved = raw.get("saved", "")
    if not isinstance(saved, str):
        return ""
    return saved.replace("T", " ").removesuffix("+00:00") + (" UTC" if saved else "")


def report_from_results(path: Path, *, masked: bool = False) -> Report:
    """The study report of a results file, with the scenario its sidecar names."""
    if path.name.lower().endswith(META_SUFFIX):
        path = path.with_name(path.name[: -len(META_SUFFIX)])
    if not path.is_file():
        raise ReportError(f"{path}: no such results file")
    notes: list[str] = []
    meta = _read_meta(path, notes)
    scenario = _scenario(path, meta, notes)
    if masked and scenario is None:
        raise ReportError(
            f"{path}: cannot mask the report without the scenario's masking table; "
            "put the scenario back where the .meta.json says, or report without --masked"
        )
    summary = BatchSummary()
    if scenario is not None:
        summary.variable_bounds = {v.id: (v.min, v.max) for v in scenario.variables}
    try:
        if scenario is None:
            summary.variable_bounds = _observed_bounds(path)
        for result in read_results(path):
            summary.add(result)
    except ResultsError as exc:
        raise ReportError(str(exc)) from None
    if summary.n == 0:
        raise ReportError(f"{path}: the results file holds no complete run")
    mask = Masker(scenario.masking if scenario else (), enabled=masked)
    effects = _effects(path, meta, summary.n, notes)
    return batch_report(
        summary, scenario, meta, source=path.name, notes=notes, mask=mask, effects=effects
    )


MAX_EFFECTS_BYTES = 64 << 20
"""Largest `.effects.json` read (a few kilobytes per move)."""


def _effects(
    path: Path, meta: dict[str, Any], runs: int, notes: list[str]
) -> InterventionSummary | None:
    """The decisive moves `simulate` saved beside the results, if they explain these runs."""
    sidecar = effects_path(path)
    try:
        raw = json.loads(read_capped(sidecar, MAX_EFFECTS_BYTES).decode("utf-8"))
    except FileNotReadable as exc:
        if not exc.missing:
            notes.append(f"{sidecar.name} could not be read ({exc.reason}).")
        return None
    except (UnicodeDecodeError, ValueError, RecursionError):
        notes.append(f"{sidecar.name} is not the JSON `wargame simulate` writes; ignored.")
        return None
    try:
        same = (
            raw["runs"] == runs
            and raw["seed"] == meta.get("seed")
            and raw["scenario_sha256"] == meta.get("scenario_sha256")
        )
        if not same:
            notes.append(
                f"{sidecar.name} explains another batch than these {runs:,} runs (an "
                "interrupted batch not yet resumed?), so the decisive moves are left out."
            )
            return None
        return InterventionSummary.from_json(raw["effects"])
    except (KeyError, TypeError, ValueError, AttributeError):
        notes.append(f"{sidecar.name} is not the JSON `wargame simulate` writes; ignored.")
        return None


def _read_meta(path: Path, notes: list[str]) -> dict[str, Any]:
    sidecar = meta_path(path)
    try:
        return read_meta(sidecar)
    except FileNotFoundError:
        notes.append(
            f"{sidecar.name} was not found beside the results, so the batch's options and "
            "scenario are unknown: endings, moves and actors are shown by id."
        )
        return {}
    except MetaError as exc:
        raise ReportError(str(exc)) from None


def _scenario(path: Path, meta: dict[str, Any], notes: list[str]) -> ScenarioIR | None:
    """The batch's scenario: where the sidecar says, else beside the results file."""
    from wargame.scenario.loader import load_document
    from wargame.scenario.source import read_file

    recorded = meta.get("scenario")
    if not recorded:
        return None
    candidates = [Path(recorded), path.parent / recorded, path.parent / Path(recorded).name]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        notes.append(
            f"The scenario {recorded} recorded with the batch was not found, so endings, "
            "moves and actors are shown by id instead of by title."
        )
        return None
    try:
        document = read_file(found)  # the guarded reader of scenario files
        digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        if meta.get("scenario_sha256") and digest != meta["scenario_sha256"]:
            notes.append(
                f"The scenario {found} has changed since the batch ran; titles come from its "
                "current text and may not match the games played."
            )
        return load_document(document)
    except ScenarioError:
        notes.append(
            f"The scenario {found} no longer validates, so endings, moves and actors are "
            "shown by id instead of by title."
        )
        return None


def _observed_bounds(path: Path) -> dict[str, tuple[float, float]]:
    """Each variable's range over the file (a first pass), when the scenario is unknown."""
    lows: dict[str, float] = {}
    highs: dict[str, float] = {}
    for result in read_results(path):
        for variable, values in result.variables.items():
            if values:
                lows[variable] = min(lows.get(variable, values[0]), *values)
                highs[variable] = max(highs.get(variable, values[0]), *values)
    return {v: (lows[v], highs[v] if highs[v] > lows[v] else lows[v] + 1) for v in lows}
