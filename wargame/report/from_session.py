"""The after-action report of one played game, built from its session alone.

The structure follows the after-action report / improvement plan (AAR/IP) that exercise
planners know from HSEEP: Overview, Objectives, What happened, Analysis (strengths, areas
for improvement, turning points, the adjudication record) and Follow-up (debrief questions,
the facilitator's hot-wash notes, an improvement plan to fill in). It uses the full event
history, as the umpire sees it: in the facilitator's copy every secret is out. A seat's copy
(`viewer`: an actor, or the observer) is built only from what that seat may see, through the
engine's one filter (`wargame.engine.view`): its events, its variables, its objectives, and
the decisions of others as they reached it.

Pure: a function of the session (and two strings for the cover), no I/O.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from wargame import __version__
from wargame.analysis.play import key_variables
from wargame.engine import (
    OBSERVER,
    TIME_EXPIRED,
    UMPIRE,
    Action,
    Adjust,
    Confirm,
    EndPhase,
    Event,
    GameState,
    Inject,
    Override,
    Pass,
    PlayMove,
    PlayOn,
    Rate,
    RuleFree,
    Viewer,
    WriteInject,
    can_see,
    proposed_ending,
    reads_visibility,
    seat_events,
)
from wargame.report.exercise import exercise_sections, is_exercise, missed
from wargame.report.framing import Team, team_label, teams
from wargame.report.free_play import (
    describe_free_play,
    free_play_hidden,
    message_entry,
    ruled_subject,
)
from wargame.report.model import (
    Bullets,
    Callout,
    Detail,
    Figure,
    LineChart,
    LinePanel,
    LineSeries,
    Marker,
    Paragraph,
    Reference,
    Report,
    Section,
    Table,
    TimelineEntry,
    TimelineTurn,
    mask_report,
)
from wargame.scenario.ir import Expr, ScenarioIR
from wargame.scenario.masking import IDENTITY, Masker
from wargame.scenario.numbers import bounded
from wargame.session import Session, check_expected

__all__ = ["TurningPoint", "copy_name", "session_report", "turning_points"]

TOP_TURNING_POINTS = 3


def _num(value: float) -> str:
    """A number as people write it: 60, 58.4, 0.25."""
    return f"{value:.3g}" if abs(value) < 1 else f"{round(value, 1):g}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- words for actions and events ----------------------------------------------------------


def _actor_name(scenario: ScenarioIR, actor_id: str) -> str:
    index = scenario.names.actors.get(actor_id)
    return scenario.actors[index].name if index is not None else actor_id


def _move_label(scenario: ScenarioIR, move_id: str) -> str:
    index = scenario.names.moves.get(move_id)
    return scenario.moves[index].label if index is not None else move_id


def describe_action(
    scenario: ScenarioIR, action: Action, before: GameState | None = None, by: str = ""
) -> tuple[str, str]:
    """(who, what) of a logged action, in words (`before`: the state it was applied to;
    `by`: who the log says took it, which says that the rules rated a bot's argument)."""
    free = describe_free_play(scenario, action, before)
    if free is not None:
        return free
    if isinstance(action, PlayMove):
        what = f"played '{_move_label(scenario, action.move)}'"
        if action.argument:
            what += f", arguing “{action.argument}”"
        return _actor_name(scenario, action.actor), what
    if isinstance(action, Pass):
        return _actor_name(scenario, action.actor), "passed"
    reason = getattr(action, "reason", "")
    suffix = f": {reason}" if reason else ""
    if isinstance(action, Confirm):
        if action.by == "rules":  # a draw no person was asked to rule
            return "The rules", "resolved the draw by themselves" + suffix
        return "Umpire", "confirmed the rules' proposal" + suffix
    if isinstance(action, Override):
        outcome = action.outcome
        if before is not None and before.pending is not None:
            resolution = scenario.moves[before.pending.move].resolution
            labels = {o.id: o.label or o.id for o in resolution.outcomes} if resolution else {}
            outcome = labels.get(outcome, outcome)
        return "Umpire", f"overrode the rules with the outcome '{outcome}'" + suffix
    if isinstance(action, Rate):
        if by == "rules":  # a bot's argument: no person was asked (as the debrief says)
            return "The rules", f"rated the bot's argument {action.rating} by themselves"
        return "Umpire", f"rated the argument {action.rating}" + suffix
    if isinstance(action, Inject):
        index = scenario.names.injects.get(action.inject)
        label = scenario.injects[index].label if index is not None else action.inject
        return "Umpire", f"fired the news '{label}'" + suffix
    if isinstance(action, Adjust):
        return "Umpire", f"set {action.variable} to {action.value:g}" + suffix
    if isinstance(action, EndPhase):
        return "Umpire", "ended the phase" + suffix
    if isinstance(action, PlayOn):
        ending = ""
        if before is not None and (index := proposed_ending(before)) is not None:
            ending = f" '{scenario.endings[index].title}'"
        return "Umpire", f"played on past the ending{ending}" + suffix
    return "", repr(action)


def copy_name(scenario: ScenarioIR, viewer: Viewer) -> str:
    """Whose copy a report is: `facilitator`, `observer` or the actor's name."""
    if viewer == UMPIRE:
        return "facilitator"
    if viewer == OBSERVER:
        return "observer"
    return scenario.actors[viewer].name


def _unrevealed(session: Session, before: GameState) -> bool:
    """Whether an order given in `before` is still hidden now (its phase collects orders)."""
    state = session.state
    phase = session.scenario.phases[before.phase]
    return (
        phase.mode == "simultaneous"
        and (state.turn, state.phase) == (before.turn, before.phase)
        and state.ending is None
        and state.cursor < len(phase.actors)
    )


def _adjusts_hidden(scenario: ScenarioIR, action: Adjust, viewer: Viewer) -> bool:
    names = scenario.names
    target = action.variable.strip()
    if target in names.variables:
        return not can_see(scenario.variables[names.variables[target]].visible_to, viewer)
    flag = target.removeprefix("flags.")
    if target.startswith("flags.") and flag in names.flags:
        return not can_see(scenario.flags[names.flags[flag]].visible_to, viewer)
    return False


def decision_for(
    session: Session, action: Action, before: GameState, viewer: Viewer
) -> tuple[str, str] | None:
    """(who, what) of a logged action as `viewer` learnt of it, or None when `viewer` may
    read it in full (`describe_action`): another actor's secret move, an order not yet
    revealed, the umpire's work on something hidden from `viewer`."""
    if viewer == UMPIRE:
        return None
    scenario = session.scenario
    if isinstance(action, PlayMove | Pass):
        actor = scenario.names.actors.get(action.actor)
        if actor == viewer:
            return None
        name = _actor_name(scenario, action.actor)
        if _unrevealed(session, before):
            return name, "gave orders (hidden until all orders are in)"
        move = scenario.names.moves.get(action.move) if isinstance(action, PlayMove) else None
        if move is not None and scenario.moves[move].secret:
            return name, "acted out of your sight"
        return None
    if isinstance(action, Confirm | Override | Rate) and before.pending is not None:
        move_ir = scenario.moves[before.pending.move]
        if move_ir.secret and move_ir.actor != viewer:
            return "Umpire", "ruled on a move out of your sight"
    elif isinstance(action, PlayOn | Confirm) and proposed_ending(before) is not None:
        return "Umpire", "ruled on the ending out of your sight"  # a proposal is the umpire's
    if isinstance(action, Inject):
        index = scenario.names.injects.get(action.inject)
        if index is not None and not can_see(scenario.injects[index].visible_to, viewer):
            return "Umpire", "fired news meant for other seats"
    if isinstance(action, Adjust) and _adjusts_hidden(scenario, action, viewer):
        return "Umpire", "adjusted a value out of your sight"
    return free_play_hidden(scenario, action, viewer)


def _describe_for(
    session: Session, action: Action, before: GameState, viewer: Viewer, by: str = ""
) -> tuple[str, str]:
    return decision_for(session, action, before, viewer) or describe_action(
        session.scenario, action, before, by
    )


def _describe_by(by: str, roles: Collection[str]) -> str:
    """`team:Blue` -> `team Blue`; `team:The President` -> `The President` (a team named
    after its role, one of `roles`); `bot:random` -> `bot (random)`."""
    kind, _, name = by.partition(":")
    if kind == "team":
        return team_label(name, roles) if name else "team"
    if kind == "bot":
        return f"bot ({name})" if name else "bot"
    return by


def _short(text: str) -> str:
    """An effect's text without the cause the timeline already shows."""
    return text.split(" because ", 1)[0]


def _cause_words(scenario: ScenarioIR, cause: str) -> str:
    kind, _, ident = cause.partition(":")
    if kind == "move":
        index = scenario.names.moves.get(ident)
        if index is not None:
            move = scenario.moves[index]
            return f"{scenario.actors[move.actor].name} played '{move.label}'"
        return f"the move {ident}"
    if kind == "inject":
        index = scenario.names.injects.get(ident)
        return f"the news '{scenario.injects[index].label if index is not None else ident}'"
    if kind == "news":
        return "news the umpire wrote"
    if kind == "free":
        return f"free action {ident}"
    if cause == "umpire":
        return "the umpire's intervention"
    if cause in ("rule:drift", "rule:contagion"):
        return "end-of-turn drift of commitment toward trust"
    if cause == "rule:exit":
        return "a member leaving"
    return cause or "a cause out of your sight"


# -- the timeline ---------------------------------------------------------------------------

_DETAIL_KIND: dict[str, str] = {
    "roll": "dice",
    "outcome": "outcome",
    "free": "outcome",
    "rating": "umpire",
    "umpire": "umpire",
    "reveal": "reveal",
    "fizzle": "fizzle",
    "notice": "note",
}


@dataclass
class _TurnParts:
    opening: list[Detail]
    entries: list[TimelineEntry]
    closing: list[Detail]


def _timeline(
    session: Session, viewer: Viewer = UMPIRE, *, dice: bool = True
) -> list[TimelineTurn]:
    """Every decision turn by turn with what followed; without `dice`, the draws are left to
    the appendix (an exercise's report) and the outcomes stay."""
    scenario = session.scenario
    turns: dict[int, _TurnParts] = defaultdict(lambda: _TurnParts([], [], []))

    def place_outside(event: Event) -> None:
        """News opens its turn; end-of-turn rules and the ending close it; the rest is
        detail the closing cohesion events already explain (drift, contagion)."""
        if event.kind == "inject":
            turns[event.turn].opening.append(Detail("news", event.text.removeprefix("News: ")))
        elif event.kind == "effect" and (
            event.cause.startswith(("inject:", "news:")) or not event.cause
        ):
            turns[event.turn].opening.append(Detail("effect", _short(event.text)))
        elif event.kind == "notice":
            turns[event.turn].opening.append(Detail("note", event.text))
        elif event.kind in ("cohesion", "exit", "collapse") and event.cause.startswith("rule:"):
            turns[event.turn].closing.append(Detail("effect", event.text))
        elif event.kind == "ending":
            turns[event.turn].closing.append(Detail("end", event.text))

    for event in seat_events(session.events_at(0), viewer):
        place_outside(event)
    messages = sorted(session.messages_for(viewer), key=lambda m: m.step)  # stable

    def tell(upto: int) -> None:
        """The messages sent once `upto` actions had been played, each in its turn."""
        while messages and messages[0].step <= upto:
            message = messages.pop(0)
            turns[message.turn].entries.append(message_entry(scenario, message))

    tell(0)
    for index, entry in enumerate(session.log_entries, start=1):
        before = session.state_at(index - 1)
        who, what = _describe_for(session, entry.action, before, viewer, entry.by)
        umpire_inject = isinstance(entry.action, Inject | WriteInject)
        details: list[Detail] = []
        for event in seat_events(session.events_at(index), viewer):
            if event.turn != before.turn:
                place_outside(event)
                continue
            if event.kind == "roll" and not dice:
                continue
            if event.kind in _DETAIL_KIND:
                details.append(Detail(_DETAIL_KIND[event.kind], event.text))  # type: ignore[arg-type]
            elif event.kind == "inject" and umpire_inject:
                details.append(Detail("news", event.text.removeprefix("News: ")))
            elif (
                event.kind in ("effect", "cohesion")
                and not event.cause.startswith(("rule:", "inject:", "news:"))
            ) or (event.kind == "effect" and umpire_inject):
                details.append(Detail("effect", _short(event.text)))
            else:
                place_outside(event)
        phase = scenario.phases[before.phase]
        turns[before.turn].entries.append(
            TimelineEntry(
                who=who,
                decision=what,
                by=_describe_by(entry.by, [actor.name for actor in scenario.actors]),
                details=tuple(details),
                phase=phase.label or phase.id,
            )
        )
        tell(index)
    tell(sys.maxsize)  # any sent after actions since taken back
    out = []
    for turn in sorted(turns):
        parts = turns[turn]
        out.append(
            TimelineTurn(
                title=_turn_title(scenario, turn),
                opening=tuple(parts.opening),
                entries=tuple(parts.entries),
                closing=tuple(parts.closing),
            )
        )
    return out


def _turn_title(scenario: ScenarioIR, turn: int) -> str:
    labels = scenario.calendar.labels
    label = labels[turn - 1] if 0 < turn <= len(labels) else ""
    return f"Turn {turn}" + (f": {label}" if label else "")


# -- histories and turning points -----------------------------------------------------------


def _history_labels(scenario: ScenarioIR, state: GameState, rows: int) -> tuple[str, ...]:
    """Labels of the points of a per-turn history (index 0: the start)."""
    labels = ["Start"]
    cal = scenario.calendar.labels
    for turn in range(1, rows):
        label = cal[turn - 1] if turn <= len(cal) else ""
        # "Tue 16 Oct (photographs reach the President)" -> "Tue 16 Oct": the timeline
        # headings keep the whole label; an axis has room for the date.
        short = label.split(" (", 1)[0].strip()
        labels.append(short if short and len(short) <= 16 else f"T{turn}")
    return tuple(labels)


def _with_final(rows: list[tuple[float, ...]], state: GameState) -> bool:
    """Whether the final state must be appended (the game ended or stands mid-turn)."""
    return len(rows) <= state.turn


@dataclass(frozen=True, slots=True)
class TurningPoint:
    """A fall in an alliance's cohesion, with what caused it."""

    turn: int
    alliance: str
    before: float
    after: float
    cause: str
    drivers: tuple[str, ...] = ()
    """For end-of-turn drift: the moves that cut trust between members in that turn."""

    @property
    def drop(self) -> float:
        return self.before - self.after


def turning_points(
    session: Session, top: int = TOP_TURNING_POINTS, viewer: Viewer = UMPIRE
) -> list[TurningPoint]:
    """The largest falls in cohesion, biggest first, with their causes from the events
    (those `viewer` may see, in the form it may see them)."""
    scenario = session.scenario
    events = list(seat_events(session.all_events(), viewer))
    found: list[TurningPoint] = []
    for event in events:
        if event.kind != "cohesion" or not event.target.startswith("cohesion:"):
            continue
        if not isinstance(event.before, int | float) or not isinstance(event.after, int | float):
            continue
        if event.after >= event.before:
            continue
        alliance_id = event.target.split(":", 1)[1]
        index = scenario.names.alliances.get(alliance_id)
        if index is None:
            continue
        alliance = scenario.alliances[index]
        drivers: tuple[str, ...] = ()
        if event.cause.startswith("rule:"):
            drivers = _trust_drivers(scenario, events, event.turn, alliance_id)
        found.append(
            TurningPoint(
                turn=event.turn,
                alliance=alliance.name,
                before=float(event.before),
                after=float(event.after),
                cause=_cause_words(scenario, event.cause),
                drivers=drivers,
            )
        )
    found.sort(key=lambda p: (-p.drop, p.turn))
    return found[:top]


def _trust_drivers(
    scenario: ScenarioIR, events: list[Event], turn: int, alliance_id: str
) -> tuple[str, ...]:
    """Moves and news of `turn` that lowered trust between members, largest total first."""
    members = {
        scenario.actors[a].id
        for a in scenario.alliances[scenario.names.alliances[alliance_id]].members
    }
    totals: dict[str, float] = defaultdict(float)
    for event in events:
        if event.turn != turn or event.kind != "effect" or not event.target.startswith("trust:"):
            continue
        _, truster, trusted = event.target.split(":")
        if truster not in members or trusted not in members:
            continue
        if not isinstance(event.before, int | float) or not isinstance(event.after, int | float):
            continue
        if event.after < event.before and event.cause and not event.cause.startswith("rule:"):
            totals[event.cause] += float(event.before) - float(event.after)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(f"{_cause_words(scenario, c)} (trust −{_num(v)})" for c, v in ranked[:3])


# -- objectives -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ObjectiveResult:
    actor: str
    text: str
    weight: float
    start: float | bool | None
    end: float | bool | None

    @property
    def verdict(self) -> str:
        if isinstance(self.end, bool):
            if self.end and self.start is True:
                return "Met from the start"
            return "Met" if self.end else "Not met"
        if self.end is None or self.start is None:
            return "Could not be evaluated"
        if self.end > self.start:
            return "Improved"
        if self.end < self.start:
            return "Declined"
        return "Unchanged"

    @property
    def good(self) -> bool | None:
        """True: met or improved; False: missed or declined; None: nothing the game moved
        (unchanged, or true from the start: a condition that held all along is nobody's
        achievement)."""
        if isinstance(self.end, bool):
            return None if self.end and self.start is True else self.end
        if self.end is None or self.start is None or self.end == self.start:
            return None
        return self.end > self.start


def _evaluate(score: object, state: GameState) -> float | bool | None:
    try:
        value = score(state)  # type: ignore[operator]
    except Exception:  # an author's expression must never break the report
        return None
    if isinstance(value, bool):
        return value
    return bounded(value) if isinstance(value, int | float) else None


def _sees(scenario: ScenarioIR, expr: Expr | None, viewer: Viewer) -> bool:
    """Whether `viewer` may see what `expr` computes (every value it reads)."""
    return expr is None or can_see(reads_visibility(scenario, expr.reads), viewer)


def _reported_actors(scenario: ScenarioIR, viewer: Viewer) -> list[int]:
    """Whose objectives a copy shows: every actor's (facilitator), its own (a seat)."""
    if viewer == UMPIRE:
        return list(range(len(scenario.actors)))
    return [viewer] if isinstance(viewer, int) else []


def _objectives(session: Session, viewer: Viewer = UMPIRE) -> list[_ObjectiveResult]:
    scenario, start, end = session.scenario, session.state_at(0), session.state
    out = []
    for index in _reported_actors(scenario, viewer):
        actor = scenario.actors[index]
        for objective in actor.objectives:
            if objective.score is None or not _sees(scenario, objective.score, viewer):
                out.append(
                    _ObjectiveResult(actor.name, objective.text, objective.weight, None, None)
                )
                continue
            out.append(
                _ObjectiveResult(
                    actor.name,
                    objective.text,
                    objective.weight,
                    _evaluate(objective.score, start),
                    _evaluate(objective.score, end),
                )
            )
    return out


def _show(value: float | bool | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _num(value)


# -- the report -----------------------------------------------------------------------------


def _ending(session: Session) -> tuple[str, str]:
    scenario, state = session.scenario, session.state
    if state.ending is None:
        return "Game in progress", "The game has not ended yet; this report tells the story so far."
    if state.ending == TIME_EXPIRED:
        return "Time ran out", "The calendar ended with no ending reached."
    ending = scenario.endings[state.ending]
    return ending.title, ending.text


def _count_events(session: Session, kind: str, viewer: Viewer = UMPIRE) -> int:
    return sum(1 for event in seat_events(session.all_events(), viewer) if event.kind == kind)


def session_report(
    session: Session,
    *,
    mask: Masker = IDENTITY,
    source: str = "",
    saved: str = "",
    viewer: Viewer = UMPIRE,
    parent: Session | None = None,
    parent_name: str = "",
    parent_searched: bool = False,
) -> Report:
    """The after-action report of `session`; with an enabled `mask`, every text is masked.

    `viewer` chooses the copy: the facilitator's (UMPIRE: every secret is out), or a seat's
    (an actor index, or OBSERVER: only what that seat may see; no seed, no hot-wash notes).
    A masked report leaves out the scenario's sources: their titles and addresses name the
    real events the masking hides. A branched game with its `parent` (the game it branched
    from, loaded by the caller) gets a section comparing the two, in the facilitator's copy
    (the original's decisions and values are not all a seat's to see); `parent_searched`
    says the caller looked for it in vain.
    """
    scenario, state = session.scenario, session.state
    ending_title, ending_text = _ending(session)
    moves = sum(
        1
        for index, e in enumerate(session.log_entries)
        if isinstance(e.action, PlayMove)
        and decision_for(session, e.action, session.state_at(index), viewer) is None
    )
    # An exercise's report is about the players: its dice and seed go to an appendix.
    appendix = viewer == UMPIRE and is_exercise(scenario)
    facts = [
        ("Ending", ending_title),
        ("Turns played", f"{state.turn} of {scenario.calendar.turns}"),
        ("Moves", str(moves)),
        ("Dice and chance rolls", str(_count_events(session, "roll", viewer))),
        ("News injected", str(_count_events(session, "inject", viewer))),
    ]
    if appendix:
        del facts[3]
        if session.details.handling:
            facts.insert(0, ("Handling", session.details.handling))
        if session.details.date:
            facts.insert(1 if session.details.handling else 0, ("Date", session.details.date))
    free = _count_events(session, "free", viewer)
    if free:
        facts.append(("Free actions judged", str(free)))
    said = len(session.messages_for(viewer))
    if said:
        facts.append(("Messages", str(said)))
    if viewer == UMPIRE and not appendix:
        facts.append(("Seed", str(session.seed)))
    elif viewer != UMPIRE:
        facts.append(("Copy", f"{copy_name(scenario, viewer)}'s: what that seat saw"))
    if saved:
        facts.append(("Saved", saved))
    subtitle = "After-action report"
    if viewer != UMPIRE:
        subtitle += f": {copy_name(scenario, viewer)}'s copy"
    points = turning_points(session, viewer=viewer)
    objectives = _objectives(session, viewer)
    compared: tuple[Section, ...] = ()
    if session.parent is not None:
        from wargame.report.branch import branch_section, seat_section, unmatched_section

        if viewer != UMPIRE:
            compared = (seat_section(session),)
        elif parent is not None:
            compared = (branch_section(session, parent, parent_name or session.parent.session),)
        else:
            compared = (unmatched_section(session, searched=parent_searched),)
    exercise = exercise_sections(session) if viewer == UMPIRE else ()
    sections = (
        _overview(session, ending_title, ending_text),
        *exercise,
        *compared,
        _objectives_section(session, objectives, viewer),
        _what_happened(session, points, viewer, dice=not appendix),
        _analysis(session, objectives, points, viewer),
        _follow_up(session, viewer, plan=not appendix),
        _about(session, source, with_sources=not mask.enabled, viewer=viewer, seed=not appendix),
        *((_dice_appendix(session, source),) if appendix else ()),
    )
    report = Report(
        kind="session",
        title=f"{scenario.title}",
        subtitle=subtitle,
        facts=tuple(facts),
        sections=sections,
        footer=f"Generated by wargame {__version__} from {source or 'a saved session'}.",
    )
    return mask_report(report, mask) if mask.enabled else report


def _flagged_name(scenario: ScenarioIR, flagged: str) -> str:
    """A move or actor id the umpire rules by hand, in the scenario's words."""
    if flagged in scenario.names.actors:
        return scenario.actors[scenario.names.actors[flagged]].name
    if flagged in scenario.names.moves:
        return f"'{scenario.moves[scenario.names.moves[flagged]].label}'"
    return flagged


def _overview(session: Session, ending_title: str, ending_text: str) -> Section:
    scenario = session.scenario
    blocks: list[object] = [Callout(f"Outcome: {ending_title}", ending_text, tone="key")]
    if scenario.summary:
        blocks.append(Paragraph(scenario.summary))
    if scenario.content_note:
        blocks.append(Callout("Content note", scenario.content_note, tone="warning"))
    alliances_of: dict[int, list[str]] = defaultdict(list)
    for alliance in scenario.alliances:
        for member in alliance.members:
            alliances_of[member].append(alliance.name)
    rows = []
    for index, actor in enumerate(scenario.actors):
        seat = session.seats.get(actor.id)
        if seat is None or not seat.is_human:
            played = f"bot ({seat.policy if seat else 'random'})"
        else:
            roles = [a.name for a in scenario.actors]
            played = team_label(seat.team, roles) if seat.team else "a team"
        alliances = ", ".join(alliances_of[index]) or "–"
        rows.append((actor.name, actor.side or "–", alliances, played))
    blocks.append(
        Table(
            columns=("Actor", "Side", "Alliance", "Played by"),
            rows=tuple(rows),
            caption="Seats and teams",
        )
    )
    umpire = session.umpire
    if umpire is None:
        blocks.append(
            Paragraph("The game was played without an umpire: the rules decided every roll.")
        )
    elif umpire.is_human:
        team = f" ({umpire.team})" if umpire.team else ""
        rules = session.umpire_rules
        if rules.every_draw:
            said = f"A human umpire{team} adjudicated every roll and ruling."
        else:
            named = [_flagged_name(scenario, f) for f in rules.flagged]
            said = (
                f"A human umpire{team} ruled what needed a person (the teams' argued and "
                "ruling moves"
                + (f", and every adjudication of {', '.join(named)}" if named else "")
                + "); the rules drew the other dice themselves, logged with their odds."
            )
        blocks.append(Paragraph(said))
    else:
        blocks.append(Paragraph(f"The umpire's seat was played by a bot ({umpire.policy})."))
    if session.parent is not None:
        blocks.append(
            Paragraph(
                f"This game is a fork of {session.parent.session}, branching after step "
                f"{session.parent.step}."
            )
        )
    return Section("overview", "Overview", tuple(blocks))  # type: ignore[arg-type]


def _objectives_section(
    session: Session, objectives: list[_ObjectiveResult], viewer: Viewer = UMPIRE
) -> Section:
    scenario, start, end = session.scenario, session.state_at(0), session.state
    if not objectives:
        none = (
            "The scenario sets no scored objectives for its actors."
            if viewer == UMPIRE
            else "This copy shows no objectives: each team's are its own."
            if viewer == OBSERVER
            else "The scenario sets no scored objectives for this actor."
        )
        return Section("objectives", "Objectives", (Paragraph(none),))
    totals = []
    for index in _reported_actors(scenario, viewer):
        actor = scenario.actors[index]
        if not actor.objectives:
            continue
        if not all(_sees(scenario, o.score, viewer) for o in actor.objectives):
            totals.append((actor.name, "–", "–", "depends on values this seat may not see"))
            continue
        try:
            before = scenario.objective_score(start, index)
            after = scenario.objective_score(end, index)
        except Exception:  # an author's expression must never break the report
            totals.append((actor.name, "–", "–", "could not be evaluated"))
            continue
        change = after - before
        trend = "improved" if change > 0 else "declined" if change < 0 else "unchanged"
        totals.append((actor.name, f"{before:.2f}", f"{after:.2f}", f"{change:+.2f} ({trend})"))
    rows = tuple(
        (o.actor, o.text, f"{o.weight:g}", _show(o.start), _show(o.end), o.verdict)
        for o in objectives
    )
    intro = Paragraph(
        "Each objective's score expression is evaluated on the state at the start and at the "
        "end of the game. A yes/no objective is met or not; a numeric one improved or declined."
    )
    return Section(
        "objectives",
        "Objectives",
        (
            intro,
            Table(
                columns=("Actor", "Objective", "Weight", "Start", "End", "Assessment"),
                rows=rows,
                numeric=(False, False, True, True, True, False),
                caption="Objectives against the outcome",
            ),
            Table(
                columns=("Actor", "Weighted score at start", "At end", "Change"),
                rows=tuple(totals),
                numeric=(False, True, True, True),
                caption="Weighted objective score (higher is better)",
            ),
        ),
    )


def _series_rows(
    rows: list[tuple[float, ...]], state: GameState, final: tuple[float, ...]
) -> list[tuple[float, ...]]:
    out = list(rows)
    if _with_final(out, state):
        out.append(final)
    return out


def _charts(session: Session, points: list[TurningPoint], viewer: Viewer) -> list[Figure]:
    scenario, state = session.scenario, session.state
    figures: list[Figure] = []
    if scenario.alliances:
        rows = _series_rows(list(state.cohesion_history), state, state.cohesion)
        labels = list(_history_labels(scenario, state, len(rows)))
        if len(rows) > len(state.cohesion_history):
            labels[-1] = f"{labels[-1]} ({'end' if state.over else 'now'})"
        series = tuple(
            LineSeries(alliance.name, tuple(row[k] for row in rows))
            for k, alliance in enumerate(scenario.alliances)
        )
        references = tuple(
            Reference(a.collapse_below, a.name, f"collapse below {_num(a.collapse_below)}")
            for a in scenario.alliances
            if a.collapse_below > 0
        )
        at: dict[tuple[int, int], list[str]] = defaultdict(list)
        for number, point in enumerate(points, start=1):
            k = next(i for i, a in enumerate(scenario.alliances) if a.name == point.alliance)
            at[(min(point.turn, len(rows) - 1), k)].append(str(number))
        markers = [Marker(x, rows[x][k], ",".join(nums)) for (x, k), nums in sorted(at.items())]
        figures.append(
            Figure(
                LineChart(
                    id="cohesion",
                    x_labels=tuple(labels),
                    x_label="at the end of each turn",
                    panels=(
                        LinePanel(
                            title=f"{series[0].label} cohesion" if len(series) == 1 else "",
                            series=series,
                            y_label="cohesion (0–100)",
                            y_min=0,
                            y_max=100,
                            references=references,
                            markers=tuple(markers),
                        ),
                    ),
                ),
                caption="Alliance cohesion by turn. Dashed lines: collapse thresholds; "
                "numbered points: the turning points discussed under Analysis.",
                alt="; ".join(
                    f"{s.label}: " + ", ".join(_num(v) for v in s.values) for s in series
                ),
            )
        )
    keys = [i for i in key_variables(scenario) if can_see(scenario.variables[i].visible_to, viewer)]
    if keys:
        rows = _series_rows(list(state.var_history), state, state.vars)
        labels = list(_history_labels(scenario, state, len(rows)))
        if len(rows) > len(state.var_history):
            labels[-1] = f"{labels[-1]} ({'end' if state.over else 'now'})"
        panels = []
        for i in keys:
            variable = scenario.variables[i]
            finite = abs(variable.min) < 1e300 and abs(variable.max) < 1e300
            panels.append(
                LinePanel(
                    title=variable.label or variable.id,
                    series=(LineSeries(variable.label or variable.id, tuple(r[i] for r in rows)),),
                    y_min=variable.min if finite else None,
                    y_max=variable.max if finite else None,
                )
            )
        figures.append(
            Figure(
                LineChart(id="variables", x_labels=tuple(labels), panels=tuple(panels)),
                caption="Key variables by turn (start of the game, then the end of each turn), "
                "each on its own scale from its minimum to its maximum.",
                alt="; ".join(
                    f"{p.title}: " + ", ".join(_num(v) for v in p.series[0].values) for p in panels
                ),
            )
        )
    return figures


def _what_happened(
    session: Session, points: list[TurningPoint], viewer: Viewer, *, dice: bool = True
) -> Section:
    timeline = _timeline(session, viewer, dice=dice)
    rolls = "its outcomes (the dice are in the appendix)"
    if dice:
        rolls = "its dice, modifiers, outcomes"
    intro = Paragraph(
        f"Every decision in order, turn by turn, with {rolls}, the "
        "umpire's rulings and their reasons, and what changed. News that arrived at the start "
        "of a turn comes first; the end-of-turn drift of the alliances comes last."
    )
    subsections = tuple(
        Section(f"turn-{number}", turn.title, (turn,))
        for number, turn in enumerate(timeline, start=1)
    )
    return Section(
        "what-happened",
        "What happened",
        (*_charts(session, points, viewer), intro),
        subsections,
    )


def _umpire_rows(
    session: Session, viewer: Viewer = UMPIRE
) -> tuple[list[tuple[str, str, str]], int]:
    """The umpire's decisions worth a row, and how many plain confirmations there were
    (those `viewer` may learn of)."""
    rows = []
    plain = 0
    for index, entry in enumerate(session.log_entries, start=1):
        action = entry.action
        umpires = Confirm | Override | Rate | Inject | Adjust | EndPhase | PlayOn | RuleFree
        if not isinstance(action, umpires | WriteInject):
            continue
        before = session.state_at(index - 1)
        if decision_for(session, action, before, viewer) is not None:
            continue
        if (isinstance(action, Confirm) and action.by == "rules") or entry.by == "rules":
            continue  # the rules', not the umpire's (a draw, a bot's argument)
        if isinstance(action, Confirm) and not action.reason:
            plain += 1
            continue
        _, what = describe_action(session.scenario, action, before)
        subject = ruled_subject(session.scenario, action, before)
        if before.pending is not None and not subject and not isinstance(action, WriteInject):
            move = session.scenario.moves[before.pending.move]
            subject = f"{session.scenario.actors[move.actor].name}'s '{move.label}'"
        reason = getattr(action, "reason", "")
        decision = what.split(": ", 1)[0] if reason else what
        decision += f" ({subject})" if subject else ""
        rows.append((str(before.turn), decision, reason or "–"))
    return rows, plain


def _visible_overrides(session: Session, viewer: Viewer) -> list[Override]:
    return [
        e.action
        for index, e in enumerate(session.log_entries)
        if isinstance(e.action, Override)
        and decision_for(session, e.action, session.state_at(index), viewer) is None
    ]


@dataclass
class _Findings:
    """What one team did well and less well, from its own objectives and alliances."""

    team: Team
    strengths: list[str]
    improvements: list[tuple[str, str]]
    """(short name for the improvement plan, the finding in full)."""


def _objective_line(o: _ObjectiveResult, *, named: bool = True) -> str:
    """`Actor: “objective” — verdict (start → end).`; without the actor's name when the
    heading above already is it (`named=False`)."""
    change = f" ({_show(o.start)} → {_show(o.end)})" if not isinstance(o.end, bool) else ""
    who = f"{o.actor}: " if named else ""
    return f"{who}“{o.text}” — {o.verdict.lower()}{change}."


def _team_findings(
    session: Session, objectives: list[_ObjectiveResult], viewer: Viewer = UMPIRE
) -> list[_Findings]:
    """Per team: its own objectives met or missed, its own alliances held or eroded (a
    seat's copy: that seat's team only)."""
    scenario, state = session.scenario, session.state
    out = []
    reading = _reading(session, viewer)
    for team in reading:
        names = set(team.names(scenario))
        # A one-actor team's heading names its actor: the lines under it do not repeat it
        # ("Team The United Kingdom:" then "“NATO holds.” — declined", and in the plan
        # "Team The United Kingdom: NATO holds.", not "...: The United Kingdom: NATO holds.").
        named = len(team.actors) > 1 or len(reading) == 1
        found = _Findings(team, [], [])
        for o in objectives:
            if o.actor not in names:
                continue
            line = _objective_line(o, named=named)
            if o.good is True:
                found.strengths.append(line)
            elif o.good is False:
                short = f"{o.actor}: {o.text}" if named else o.text
                found.improvements.append((short, line))
        for k, alliance in enumerate(scenario.alliances):
            if not set(alliance.members) & set(team.actors):
                continue  # another side's alliance: its fate is not this team's to claim
            history = [row[k] for row in state.cohesion_history] + [state.cohesion[k]]
            start, end, low = history[0], state.cohesion[k], min(history)
            members = alliance.members
            left = [
                scenario.actors[a].name for m, a in enumerate(members) if not state.active[k][m]
            ]
            if state.collapsed[k]:
                found.improvements.append(
                    (
                        f"{alliance.name} collapsed",
                        f"{alliance.name} collapsed: cohesion fell from {_num(start)} to "
                        f"{_num(end)}, below its collapse line {_num(alliance.collapse_below)}.",
                    )
                )
            elif left:
                found.improvements.append(
                    (
                        f"{alliance.name} lost members",
                        f"{alliance.name} lost {', '.join(left)}; cohesion went from "
                        f"{_num(start)} to {_num(end)}.",
                    )
                )
            elif end >= start:
                found.strengths.append(
                    f"{alliance.name} held together and grew stronger: cohesion rose from "
                    f"{_num(start)} to {_num(end)}."
                )
            else:
                found.strengths.append(
                    f"{alliance.name} held together (lowest cohesion {_num(low)}, collapse "
                    f"line {_num(alliance.collapse_below)})."
                )
                found.improvements.append(
                    (
                        f"{alliance.name}'s cohesion eroded",
                        f"{alliance.name}'s cohesion eroded from {_num(start)} to {_num(end)}; "
                        "see the turning points below for what drove it.",
                    )
                )
        out.append(found)
    return out


def _reading(session: Session, viewer: Viewer) -> list[Team]:
    """The teams a copy speaks to: every team (facilitator, observer), or the seat's own."""
    every = teams(session)
    if is_exercise(session.scenario) and not any(s.is_human for s in session.seats.values()):
        return []  # an exercise reports on its players' performance: a game of bots has none
    if not isinstance(viewer, int):  # the facilitator or the observer
        return every
    own = [t for t in every if viewer in t.actors]
    return own or [Team(session.scenario.actors[viewer].name, (viewer,))]


def _by_team(
    scenario: ScenarioIR, parts: list[tuple[Team, list[str]]], extra: list[object]
) -> tuple[object, ...]:
    """One list per team (headed when there are several), then `extra`."""
    blocks: list[object] = []
    for team, items in parts:
        if len(parts) > 1:
            blocks.append(Paragraph(f"{team.heading(scenario)}:"))
        blocks.append(
            Bullets(tuple(items)) if items else Paragraph("None identified from the game record.")
        )
    return (*blocks, *extra)


def _expected_findings(session: Session, viewer: Viewer) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The exercise's expected actions a team took on time, and those it took late or not at
    all (the facilitator's copy of an exercise only; bots' and the umpire's moves never
    count, `check_expected`)."""
    exercise = session.scenario.exercise
    if exercise is None or viewer != UMPIRE or not _reading(session, viewer):
        return (), ()  # no team of players: nothing was theirs to do
    good, bad = [], []
    for check in check_expected(session):
        name = exercise.capability(check.capability).name
        due = f" (due {_turn_title(session.scenario, check.by_turn)})" if check.by_turn else ""
        if check.status == "on time":
            good.append(f"{name}: {check.text}, on time{due}.")
        elif missed(session, check) and check.status == "late":
            done = _turn_title(session.scenario, check.turn) if check.turn else "late"
            bad.append(f"{name}: {check.text}, late, in {done}{due}.")
        elif missed(session, check):
            bad.append(f"{name}: {check.text}, not done{due}.")
    return tuple(good), tuple(bad)


def _team_fizzles(session: Session, viewer: Viewer) -> int:
    """Orders of the teams' actors that fizzled (a bot's fizzled order is not the teams')."""
    scenario = session.scenario
    players = {a for team in _reading(session, viewer) for a in team.actors}
    return sum(
        1
        for event in seat_events(session.all_events(), viewer)
        if event.kind == "fizzle"
        and event.target in scenario.names.moves
        and scenario.moves[scenario.names.moves[event.target]].actor in players
    )


def _analysis(
    session: Session,
    objectives: list[_ObjectiveResult],
    points: list[TurningPoint],
    viewer: Viewer = UMPIRE,
) -> Section:
    scenario = session.scenario
    # An exercise's analysis is the teams' doing alone (the expected actions from the log):
    # its objectives move with the other sides' moves and the umpire's rulings too, so the
    # objectives section reports them as the situation, not as performance.
    performance = viewer == UMPIRE and scenario.exercise is not None
    findings = [] if performance else _team_findings(session, objectives, viewer)
    theirs = {n for team in _reading(session, viewer) for n in team.names(scenario)}
    others = [_objective_line(o) for o in objectives if o.actor not in theirs and o.good is True]
    exercise: list[str] = []
    fizzles = _team_fizzles(session, viewer)
    if fizzles:
        exercise.append(
            f"{_plural(fizzles, 'order')} fizzled because an earlier order changed the "
            "situation: the teams did not coordinate their simultaneous moves."
        )
    expected_good, expected_bad = _expected_findings(session, viewer)
    if performance:
        intro = (
            "Drawn from what the teams did, as the log shows it: the exercise's expected "
            "actions taken on time and, against them, those taken late or not at all (the "
            "evaluators' strengths and areas for improvement are under Analysis of "
            "capabilities). The objectives move with the other sides' moves and the umpire's "
            "rulings too, so they are reported as the situation the teams faced, not as their "
            "performance; the umpire's rulings are in the adjudication record."
        )
    else:
        intro = (
            "Derived from the game record, team by team: each team's own objectives met or "
            "improved and its own alliances that held and, against them, its objectives "
            "missed and its alliances' losses; then the largest falls in cohesion. Only the "
            "teams' own doing counts: another side's gains, a bot's moves and the umpire's "
            "rulings are never a team's strength or weakness (the rulings are in the "
            "adjudication record). Treat them as prompts for the hot-wash, not verdicts."
        )
    blocks: list[object] = [Paragraph(intro)]
    whole: list[object] = (
        [Paragraph("For the exercise as a whole:"), Bullets(tuple(exercise))] if exercise else []
    )
    none: list[object] = [Paragraph("None identified from the game record.")]
    subsections = [
        Section(
            "strengths",
            "Strengths",
            _by_team(  # type: ignore[arg-type]
                scenario,
                [(f.team, f.strengths) for f in findings],
                [Bullets(expected_good)] if expected_good else none if performance else [],
            ),
        ),
        Section(
            "areas-for-improvement",
            "Areas for improvement",
            _by_team(  # type: ignore[arg-type]
                scenario,
                [(f.team, [long for _, long in f.improvements]) for f in findings],
                [*([Bullets(expected_bad)] if expected_bad else []), *whole]
                or (none if performance else []),
            ),
        ),
    ]
    if others:
        subsections.append(
            Section(
                "other-sides",
                "What the other sides achieved",
                (
                    Paragraph(
                        "Objectives met or improved by actors no team played: the situation "
                        "the teams faced, not their strengths."
                    ),
                    Bullets(tuple(others)),
                ),
            )
        )
    if points:
        rows = []
        for number, p in enumerate(points, start=1):
            cause = p.cause
            if p.drivers:
                cause += "; driven by " + "; ".join(p.drivers)
            rows.append(
                (
                    str(number),
                    _turn_title(scenario, p.turn),
                    p.alliance,
                    f"{_num(p.before)} → {_num(p.after)} (−{_num(p.drop)})",
                    cause,
                )
            )
        point_blocks: tuple[object, ...] = (
            Paragraph(
                "The largest single falls in cohesion, with their causes from the event record. "
                "The numbers match the call-outs on the cohesion chart."
            ),
            Table(
                columns=("#", "Turn", "Alliance", "Cohesion", "Cause"),
                rows=tuple(rows),
                numeric=(True, False, False, True, False),
            ),
        )
    else:
        point_blocks = (Paragraph("Cohesion never fell during the game."),)
    subsections.append(Section("turning-points", "Turning points", point_blocks))  # type: ignore[arg-type]
    umpire, plain = _umpire_rows(session, viewer)
    if umpire or plain:
        record: list[object] = []
        overrides = _visible_overrides(session, viewer)
        if overrides:
            record.append(
                Paragraph(
                    f"The umpire overrode the rules {_plural(len(overrides), 'time')}: the "
                    "exercise's design, not a team's performance. Check whether the "
                    "scenario's odds match what the room believed, and adjust them or record "
                    "why not."
                )
            )
        if plain:
            record.append(
                Paragraph(
                    f"The umpire confirmed the rules' proposal {_plural(plain, 'time')} "
                    "without comment."
                    + (" Every other decision, with its reason:" if umpire else "")
                )
            )
        if umpire:
            record.append(
                Table(
                    columns=("Turn", "Umpire's decision", "Reason"),
                    rows=tuple(umpire),
                    numeric=(True, False, False),
                )
            )
        subsections.append(Section("adjudication", "Adjudication record", tuple(record)))  # type: ignore[arg-type]
    return Section("analysis", "Analysis", tuple(blocks), tuple(subsections))  # type: ignore[arg-type]


def _follow_up(session: Session, viewer: Viewer = UMPIRE, *, plan: bool = True) -> Section:
    """Debrief questions, hot-wash notes and (unless the exercise has its own) the
    improvement plan."""
    scenario, state = session.scenario, session.state
    questions: list[str] = []
    if state.ending is not None and state.ending >= 0:
        questions += list(scenario.endings[state.ending].debrief)
    questions += list(scenario.debrief)
    question_blocks: tuple[object, ...] = (
        (Bullets(tuple(questions), ordered=True),)
        if questions
        else (Paragraph("The scenario sets no debrief questions."),)
    )
    notes = [p.strip() for p in session.notes.split("\n\n") if p.strip()]
    note_blocks: tuple[object, ...] = (
        (Paragraph("The facilitator's hot-wash notes are in the facilitator's copy."),)
        if viewer != UMPIRE
        else tuple(Paragraph(p) for p in notes)
        if notes
        else (Paragraph("No hot-wash notes were recorded in the debrief."),)
    )
    plan_rows = tuple((item, "", "", "") for item in _improvement_items(session, viewer)) or (
        ("", "", "", ""),
    )
    parts: list[Section] = [
        Section("debrief-questions", "Debrief questions", question_blocks),  # type: ignore[arg-type]
        Section("hot-wash", "Hot-wash notes", note_blocks),  # type: ignore[arg-type]
    ]
    if plan:
        parts.append(
            Section(
                "improvement-plan",
                "Improvement plan",
                (
                    Paragraph(
                        "To complete after the debrief: one row per area for improvement, with "
                        "the corrective action, who owns it and when it is due."
                    ),
                    Table(
                        columns=("Area for improvement", "Corrective action", "Owner", "Due"),
                        rows=plan_rows,
                        style="form",
                    ),
                ),
            )
        )
    return Section("follow-up", "Follow-up", (), tuple(parts))


def _improvement_items(session: Session, viewer: Viewer = UMPIRE) -> Iterator[str]:
    """Short names of the areas for improvement, team by team, for the improvement plan."""
    scenario = session.scenario
    if viewer == UMPIRE and scenario.exercise is not None:
        return  # the exercise's own improvement plan (wargame.report.exercise)
    findings = _team_findings(session, _objectives(session, viewer), viewer)
    for found in findings:
        prefix = f"{found.team.heading(scenario)}: " if len(findings) > 1 else ""
        for short, _ in found.improvements:
            yield prefix + short


def _replay_line(session: Session, source: str) -> str:
    return (
        f"Seed {session.seed}; {_plural(session.step_index, 'action')} in the log. The same "
        "seed and log replay this game exactly"
        + (f": wargame play --resume {source}" if source else "")
        + "."
    )


def _about(
    session: Session,
    source: str,
    *,
    with_sources: bool,
    viewer: Viewer = UMPIRE,
    seed: bool = True,
) -> Section:
    scenario = session.scenario
    copy = "This is the facilitator's copy: every secret move, hidden value and order is shown."
    lines = [
        f"Scenario: {scenario.title} ({scenario.id}"
        + (f", version {scenario.version}" if scenario.version else "")
        + ")"
        + (f" by {', '.join(scenario.authors)}" if scenario.authors else "")
        + ".",
        (
            (_replay_line(session, source) + " " if seed else "")
            + copy
            + ("" if seed else " The dice and the seed are in the appendix.")
        )
        if viewer == UMPIRE
        else (
            f"This is {copy_name(scenario, viewer)}'s copy: it shows the game as that seat "
            "saw it, without the values, news and moves kept from it, the seed or the "
            "facilitator's notes."
        ),
    ]
    blocks: list[object] = [Bullets(tuple(lines))]
    if scenario.sources and with_sources:
        sources = tuple(
            s.title + (f" — {s.note}" if s.note else "") + (f" ({s.url})" if s.url else "")
            for s in scenario.sources
        )
        blocks.append(Paragraph("The scenario's sources:"))
        blocks.append(Bullets(sources))
    return Section("about", "About this report", tuple(blocks))  # type: ignore[arg-type]


def _dice_appendix(session: Session, source: str) -> Section:
    """An exercise's dice and seed, apart from the players' performance: every draw the
    rules or the umpire made, turn by turn, and how to replay the game."""
    rows = tuple(
        (str(event.turn), event.text) for event in session.all_events() if event.kind == "roll"
    )
    blocks: list[object] = [Paragraph(_replay_line(session, source))]
    if rows:
        blocks.append(
            Table(
                columns=("Turn", "Draw"),
                rows=rows,
                numeric=(True, False),
                caption="Every dice roll and chance draw, in order",
            )
        )
    else:
        blocks.append(Paragraph("Nothing was left to the dice."))
    return Section("dice-and-seeds", "Appendix: dice and seeds", tuple(blocks))  # type: ignore[arg-type]
