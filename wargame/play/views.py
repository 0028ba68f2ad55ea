"""What a seat sees: pure functions from a session's state to plain display data.

Every screen renders from these views, never from the engine directly, so the rules for
who may see what live in one place: the umpire sees everything; an actor sees public
events, events addressed to it, variables visible to it, and of a secret move by someone
else only its public effects. Masking is applied here too, so no screen can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from wargame.bots.odds import dice_odds
from wargame.engine import (
    UMPIRE,
    Event,
    GameState,
    Pending,
    can_see,
    event_for,
    legal_actions,
    readable_by,
    unavailable_reason,
)
from wargame.engine import Pass as PassAction
from wargame.engine import PlayMove as PlayAction
from wargame.engine.limits import limit_reason
from wargame.scenario import plain
from wargame.scenario.ir import (
    Effect,
    Expr,
    MoveIR,
    OutcomeIR,
    ResolutionIR,
    ScenarioIR,
    Visibility,
    trust_received,
)
from wargame.scenario.masking import Masker
from wargame.scenario.numbers import bounded, probability

Viewer = int | Literal["umpire", "observer"]
"""Whose eyes are on the screen: an actor index, the umpire, or the observer (the projector
at a shared table: public information only)."""


# -- visibility ------------------------------------------------------------------------------


def may_see(visible_to: Visibility, viewer: Viewer) -> bool:
    """Whether `viewer` may see a thing with this visibility (the umpire sees all)."""
    return can_see(visible_to, viewer)


def event_text(event: Event, viewer: Viewer) -> str | None:
    """The text of `event` as `viewer` may read it, or None when it is hidden from them."""
    seen = event_for(event, viewer)
    return seen.text if seen is not None and seen.text else None


def visible_events(events: Iterable[Event], viewer: Viewer) -> list[tuple[Event, str]]:
    """The events `viewer` may see, each with the text they may read."""
    out: list[tuple[Event, str]] = []
    for event in events:
        text = event_text(event, viewer)
        if text:
            out.append((event, text))
    return out


# -- header ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeaderView:
    title: str
    turn: int
    turns: int
    date: str
    phase: str
    deadline: str
    acting: str


def header_view(scenario: ScenarioIR, state: GameState, acting: str, mask: Masker) -> HeaderView:
    calendar = scenario.calendar
    turn = min(state.turn, calendar.turns)
    date = calendar.labels[turn - 1] if 0 < turn <= len(calendar.labels) else f"Turn {turn}"
    phase = ""
    if 0 <= state.phase < len(scenario.phases):
        phase = scenario.phases[state.phase].label or scenario.phases[state.phase].id
    deadline = ""
    upcoming = [d for d in calendar.deadlines if d.turn >= state.turn]
    if upcoming:
        nxt = min(upcoming, key=lambda d: d.turn)
        left = nxt.turn - state.turn
        when = "this turn" if left == 0 else f"in {left} turn{'s' if left != 1 else ''}"
        deadline = f"{mask(nxt.label)} {when}"
    elif state.turn >= calendar.turns:
        deadline = "Last turn"
    return HeaderView(
        title=mask(scenario.title),
        turn=turn,
        turns=calendar.turns,
        date=mask(date),
        phase=mask(phase),
        deadline=deadline,
        acting=acting,
    )


# -- dashboard -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AllianceView:
    name: str
    cohesion: float
    collapse_below: float
    collapsed: bool
    history: tuple[float, ...]
    members: tuple[tuple[str, float, bool], ...]
    """(name, commitment, still a member)."""


@dataclass(frozen=True, slots=True)
class VariableView:
    id: str
    label: str
    value: float
    min: float
    max: float
    change: float
    """Change since the end of the previous turn (or the start of the game)."""
    description: str
    key: bool


@dataclass(frozen=True, slots=True)
class ActorView:
    name: str
    side: str
    stance: float | None
    trusts_viewer: float | None
    trusted_by_viewer: float | None
    is_viewer: bool


@dataclass(frozen=True, slots=True)
class DashboardView:
    alliances: tuple[AllianceView, ...]
    variables: tuple[VariableView, ...]
    flags: tuple[tuple[str, bool], ...]
    actors: tuple[ActorView, ...]


def dashboard_view(
    scenario: ScenarioIR, state: GameState, viewer: Viewer, mask: Masker
) -> DashboardView:
    alliances = []
    for k, alliance in enumerate(scenario.alliances):
        history = tuple(row[k] for row in state.cohesion_history)
        if not history or history[-1] != state.cohesion[k]:
            history = (*history, state.cohesion[k])
        members = tuple(
            (
                mask(scenario.actors[actor].name),
                state.commitment[k][slot],
                state.active[k][slot],
            )
            for slot, actor in enumerate(alliance.members)
        )
        alliances.append(
            AllianceView(
                name=mask(alliance.name),
                cohesion=state.cohesion[k],
                collapse_below=alliance.collapse_below,
                collapsed=state.collapsed[k],
                history=history,
                members=members,
            )
        )
    baseline = state.var_history[-1] if state.var_history else state.vars
    if state.var_history and len(state.var_history) >= 2 and baseline == state.vars:
        baseline = state.var_history[-2]
    variables = tuple(
        VariableView(
            id=var.id,
            label=mask(var.label or var.id),
            value=state.vars[i],
            min=var.min,
            max=var.max,
            change=state.vars[i] - baseline[i],
            description=mask(var.description),
            key=var.key,
        )
        for i, var in enumerate(scenario.variables)
        if may_see(var.visible_to, viewer)
    )
    flags = tuple(
        (mask(flag.label or flag.id), state.flags[i])
        for i, flag in enumerate(scenario.flags)
        if may_see(flag.visible_to, viewer)
    )
    actors = []
    for a, actor in enumerate(scenario.actors):
        stance: float | None = None
        if actor.stance is not None:
            try:
                stance = float(actor.stance(state))
            except Exception:  # an author's expression must never crash the screen
                stance = None
        actor_viewer = viewer if isinstance(viewer, int) else None
        actors.append(
            ActorView(
                name=mask(actor.name),
                side=mask(actor.side or ""),
                stance=stance,
                trusts_viewer=state.trust[a][actor_viewer] if actor_viewer is not None else None,
                trusted_by_viewer=(
                    state.trust[actor_viewer][a] if actor_viewer is not None else None
                ),
                is_viewer=viewer == a,
            )
        )
    if viewer == UMPIRE:
        n = len(scenario.actors)
        received = trust_received(state.trust)
        actors = [
            ActorView(
                name=v.name,
                side=v.side,
                stance=v.stance,
                trusts_viewer=None,
                trusted_by_viewer=received[a] / (n - 1) if n > 1 else None,
                is_viewer=False,
            )
            for a, v in enumerate(actors)
        ]
    return DashboardView(tuple(alliances), variables, flags, tuple(actors))


# -- moves -----------------------------------------------------------------------------------


# -- plain language --------------------------------------------------------------------------


def effects_words(
    scenario: ScenarioIR,
    effects: Sequence[Effect],
    viewer: Viewer,
    mask: Masker,
    *,
    state: GameState | None = None,
    summary: str = "",
) -> str:
    """What some effects do, in one line of plain words for `viewer`: "Escalation +2 · the
    generals trust the President less (−10)" (the author's `summary` when there is one).

    An effect on a value hidden from `viewer` is left out; an amount computed from hidden
    values is not spelled out; with `state`, a computed amount shows its value now.
    """
    return mask(
        plain.effects_line(
            scenario,
            effects,
            summary=summary,
            readable=readable_by(scenario, viewer),
            state=state,
        )
    )


def condition_words(
    scenario: ScenarioIR,
    expr: Expr,
    viewer: Viewer,
    mask: Masker,
    *,
    state: GameState | None = None,
) -> str:
    """A condition in plain words for `viewer`, with current values when `state` is given:
    "an invasion plan is on the President's desk, and Escalation at least 5 (now 2)". A part
    on values hidden from `viewer` reads "a condition hidden from you"."""
    words = plain.condition_words(
        scenario, expr, readable=readable_by(scenario, viewer), state=state
    )
    return mask(words)


@dataclass(frozen=True, slots=True)
class OutcomeOdds:
    label: str
    probability: float | None
    """None when the umpire rules without a stated probability, or when the odds are
    computed from values hidden from the viewer."""
    effects: tuple[str, ...]
    """The rules (`escalation += 2`): for the facilitator's rules view, not for players."""
    summary: str = ""
    """What the outcome does, in plain words for the viewer (`effects_words`)."""
    percent: str = ""
    """`probability` as shown ("45%", "" when None): rounded with the move's other
    outcomes (`plain.percents`), so that the shown odds add up to 100%."""
    moved_by: str = ""
    """What raises and what lowers a computed chance, in plain words for the viewer: "At its
    lowest (5%). Better when Denmark trusts the United States more. Worse when Escalation
    is higher." (`plain.odds_line`; "" for a fixed chance, dice and rulings)."""
    hidden: bool = False
    """The odds exist but are computed from values hidden from the viewer (so `probability`
    is None, and the screen says "hidden" rather than that the umpire rules)."""
    rule: str = ""
    """The rule of a computed chance (`p`'s expression as the file states it): for the
    facilitator's rules view, not for players."""


@dataclass(frozen=True, slots=True)
class MoveOption:
    """One line of the seat's move list, with everything the preview shows."""

    action: PlayAction | PassAction
    label: str
    available: bool
    reason: str = ""
    """Why it cannot be played now, in plain words (unavailable moves only): a limit, or
    the parts of its condition that do not hold ("Needs: Escalation at least 5 (now 2)")."""
    text: str = ""
    effects: tuple[str, ...] = ()
    """The rules of its effects (`escalation += 2`): for the facilitator's rules view."""
    summary: str = ""
    """What it does, in plain words for the viewer: "Escalation +2 · the generals trust the
    President less (−10)" (the author's `summary` when the file has one)."""
    needs: str = ""
    """Its whole condition in plain words, with current values: "Needs: …" ("" if none)."""
    condition: str = ""
    """The rules of its condition (`escalation >= 5`): for the facilitator's rules view."""
    resolution: str = ""
    """`chance`, `dice`, `ruling` or "" (certain)."""
    roll: str = ""
    modifiers: tuple[tuple[str, float], ...] = ()
    odds: tuple[OutcomeOdds, ...] = ()
    argued_prompt: str = ""
    argued_mods: tuple[tuple[str, int], ...] = ()
    secret: bool = False
    limit: str = ""
    key: int = 0
    """Its number key, the same all game while other moves open and close (a class that
    learnt "3" in turn 1 and pressed it in turn 4 voted for another move when the numbers
    counted the open moves): its place among its actor's moves of the phase as the file
    lists them, closed ones included; in discussion mode the number it was first shown
    with (`for_discussion`). Pass is `PASS_KEY`."""


PASS_KEY = 0
"""Pass's number key, in every list: it does not depend on how many moves there are."""


def move_options(
    scenario: ScenarioIR,
    state: GameState,
    actor: int,
    mask: Masker,
    *,
    discussion: bool = False,
    keys: dict[str, int] | None = None,
) -> list[MoveOption]:
    """Every move `actor` has in the current phase: the available ones in file order, Pass,
    then the closed ones.

    In `discussion` mode only the moves open now, each by its label and text alone, with the
    number key `keys` gives it (see `for_discussion`)."""
    legal = legal_actions(scenario, state, actor)
    legal_moves = {a.move for a in legal if isinstance(a, PlayAction)}
    indexes = scenario.moves_by_phase_actor.get((state.phase, actor))
    if indexes is None:
        indexes = tuple(
            m.index for m in scenario.moves if m.actor == actor and m.phase == state.phase
        )
    available: list[MoveOption] = []
    blocked: list[MoveOption] = []
    for number, index in enumerate(indexes, start=1):
        move = scenario.moves[index]
        if move.id in legal_moves:
            option = describe_move(scenario, state, move, mask, available=True)
            available.append(replace(option, key=number))
        else:
            reason = _plain_reason(scenario, state, actor, move)
            option = describe_move(scenario, state, move, mask, available=False, reason=reason)
            blocked.append(replace(option, key=number))
    if discussion:
        available, blocked = [for_discussion(o, keys) for o in available], []
    pass_action = next((a for a in legal if isinstance(a, PassAction)), None)
    if pass_action is not None:
        # With the open moves, before the closed ones: at the end of the President's
        # thirteen it was ten struck-through moves out of view.
        available.append(
            MoveOption(
                action=pass_action,
                label="Pass",
                available=True,
                text="Do nothing this phase.",
                key=PASS_KEY,
            )
        )
    return available + blocked


def for_discussion(option: MoveOption, keys: dict[str, int] | None) -> MoveOption:
    """`option` as a discussion-based exercise shows it to players: its label and text, no
    conditions, effects, odds or limits (the room discusses what to do, not the rules),
    and a number key that stays its own while the list changes: a move keeps the number it
    was first shown with, a move shown for the first time takes the next one (`keys`, the
    screen's, is added to), so no number tells how many moves are still hidden."""
    number = option.key
    if keys is not None and isinstance(option.action, PlayAction):
        move = option.action.move
        number = keys.setdefault(move, len(keys) + 1)
    return MoveOption(
        action=option.action,
        label=option.label,
        available=option.available,
        text=option.text,
        resolution=option.resolution,
        argued_prompt=option.argued_prompt,
        argued_mods=option.argued_mods,
        secret=option.secret,
        key=number,
    )


def _plain_reason(scenario: ScenarioIR, state: GameState, actor: int, move: MoveIR) -> str:
    """Why `actor` cannot play `move` now: the engine's reason, except that a condition that
    does not hold is said in plain words (its unmet parts) rather than as the rule."""
    reason = unavailable_reason(scenario, state, actor, move.index) or "not available now"
    condition_fails = (
        move.when is not None
        and limit_reason(move, state) is None
        and state.ending is None
        and state.pending is None
        and not _safe_truth(move.when, state)
    )
    if condition_fails and move.when is not None:
        readable = readable_by(scenario, actor)
        return plain.unmet_needs(scenario, move.when, state, readable=readable)
    return reason


def _safe_truth(expr: Expr, state: GameState) -> bool:
    try:
        return bool(expr.fn(state))
    except Exception:  # an author's expression must never crash the screen
        return False


def describe_move(
    scenario: ScenarioIR,
    state: GameState,
    move: MoveIR,
    mask: Masker,
    *,
    available: bool,
    reason: str = "",
    viewer: Viewer | None = None,
) -> MoveOption:
    """Everything a move list and its preview show of `move`, for `viewer` (default: the
    move's own actor): plain words for players, the rules for the facilitator."""
    seat: Viewer = move.actor if viewer is None else viewer
    actor_id = scenario.actors[move.actor].id
    limit_parts = []
    if move.per_game is not None:
        limit_parts.append(f"{state.played[move.index]}/{move.per_game} this game")
    if move.per_turn is not None:
        limit_parts.append(f"at most {move.per_turn} a turn")
    if move.cooldown is not None:
        limit_parts.append(f"cooldown {move.cooldown} turn{'s' if move.cooldown != 1 else ''}")
    resolution = move.resolution
    kind = resolution.kind if resolution else ""
    roll = ""
    modifiers: tuple[tuple[str, float], ...] = ()
    odds: tuple[OutcomeOdds, ...] = ()
    if resolution is not None:
        roll, modifiers, odds = _resolution_preview(scenario, resolution, state, mask, seat)
    argued_mods: tuple[tuple[str, int], ...] = ()
    prompt = ""
    if move.argued is not None:
        prompt = mask(move.argued.prompt)
        argued_mods = (
            ("strong", move.argued.strong),
            ("neutral", move.argued.neutral),
            ("weak", move.argued.weak),
        )
    return MoveOption(
        action=PlayAction(actor_id, move.id),
        label=mask(move.label),
        available=available,
        reason=mask(reason),
        text=mask(move.text),
        effects=tuple(mask(e.source) for e in move.effects),
        summary=effects_words(
            scenario, move.effects, seat, mask, state=state, summary=move.summary
        ),
        needs=(
            mask(
                plain.needs_line(
                    scenario, move.when, readable=readable_by(scenario, seat), state=state
                )
            )
            if move.when is not None
            else ""
        ),
        condition=move.when.source if move.when is not None else "",
        resolution=kind,
        roll=roll,
        modifiers=modifiers,
        odds=odds,
        argued_prompt=prompt,
        argued_mods=argued_mods,
        secret=move.secret,
        limit=", ".join(limit_parts),
    )


def _resolution_preview(
    scenario: ScenarioIR, resolution: ResolutionIR, state: GameState, mask: Masker, seat: Viewer
) -> tuple[str, tuple[tuple[str, float], ...], tuple[OutcomeOdds, ...]]:
    readable = readable_by(scenario, seat)

    def odds_of(outcome: OutcomeIR, p: float | None, hidden: bool = False) -> OutcomeOdds:
        moved_by = rule = ""
        if outcome.p is not None and outcome.p.reads:
            moved_by = plain.odds_line(scenario, outcome.p, readable=readable, state=state)
            rule = outcome.p.source
        return OutcomeOdds(
            mask(outcome.label or outcome.id),
            p,
            tuple(mask(e.source) for e in outcome.effects),
            effects_words(
                scenario, outcome.effects, seat, mask, state=state, summary=outcome.summary
            ),
            moved_by=mask(moved_by),
            hidden=hidden,
            rule=mask(rule),
        )

    if resolution.kind == "dice":
        modifiers = []
        secret = False
        for modifier in resolution.modifiers:
            reads = (*modifier.value.reads, *(modifier.when.reads if modifier.when else ()))
            if not readable(reads):
                secret = True  # its value, and the odds it shifts, are hidden from `seat`
                continue
            try:
                applies = modifier.when is None or bool(modifier.when(state))
                value = bounded(modifier.value(state))  # the engine's rule for bad numbers
            except Exception:
                continue
            if applies:
                modifiers.append((mask(modifier.label), value))
        bonus = sum(v for _, v in modifiers)
        probabilities: list[float | None] = list(
            dice_odds(resolution, bonus)
        )
        if secret:
            probabilities = [None] * len(probabilities)
        odds = tuple(
            odds_of(o, p, secret) for o, p in zip(resolution.outcomes, probabilities, strict=True)
        )
        return f"{resolution.dice_count}d{resolution.dice_sides}", tuple(modifiers), _shown(odds)
    odds_list = []
    remaining = 1.0
    stated = [o.p is not None for o in resolution.outcomes]
    hidden = not readable(r for o in resolution.outcomes if o.p is not None for r in o.p.reads)
    for i, outcome in enumerate(resolution.outcomes):
        p: float | None
        if outcome.p is not None:
            try:
                p = probability(outcome.p(state))
            except Exception:
                p = None
            if p is not None:
                p = min(p, remaining)
                remaining -= p
        elif resolution.kind == "chance" or any(stated):
            p = max(0.0, remaining) if i == len(resolution.outcomes) - 1 else None
        else:
            p = None
        odds_list.append(odds_of(outcome, None if hidden else p, hidden))
    return "", (), _shown(odds_list)


def _shown(odds: Sequence[OutcomeOdds]) -> tuple[OutcomeOdds, ...]:
    """The outcomes with their percentages rounded together (they add up to 100%)."""
    shown = plain.percents([o.probability for o in odds])
    return tuple(replace(o, percent=p) for o, p in zip(odds, shown, strict=True))


# -- adjudication ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PendingView:
    """The adjudication waiting for the umpire, spelled out."""

    move: str
    actor: str
    kind: str
    stage: str
    argument: str
    argued_prompt: str
    dice: tuple[int, ...]
    modifiers: tuple[tuple[str, float], ...]
    total: float
    outcomes: tuple[tuple[str, str, float | None], ...]
    """(id, label, probability) of each outcome."""
    proposed: int
    draw: float
    rating_mods: tuple[tuple[str, int], ...] = field(default=())
    outcome_summaries: tuple[str, ...] = field(default=())
    """What each outcome does, in plain words (the umpire sees every value)."""
    percents: tuple[str, ...] = field(default=())
    """Each outcome's probability as shown ("45%", "" when unknown), rounded together so
    that they add up to 100% (`plain.percents`)."""


def pending_view(scenario: ScenarioIR, pending: Pending, mask: Masker) -> PendingView:
    move = scenario.moves[pending.move]
    resolution = move.resolution
    outcomes_ir = resolution.outcomes if resolution else ()
    odds: Sequence[float | None] = pending.probabilities
    if pending.kind == "dice" and resolution is not None and pending.stage == "confirm":
        # The chance each outcome had of these dice: the dice model with the modifiers
        # that applied (the argument's rating among them), as the engine totals them.
        odds = dice_odds(resolution, sum(value for _, value in pending.modifiers))
    probabilities = list(odds) + [None] * (len(outcomes_ir) - len(odds))
    rating_mods: tuple[tuple[str, int], ...] = ()
    if move.argued is not None:
        rating_mods = (
            ("strong", move.argued.strong),
            ("neutral", move.argued.neutral),
            ("weak", move.argued.weak),
        )
    return PendingView(
        move=mask(move.label),
        actor=mask(scenario.actors[pending.actor].name),
        kind=pending.kind,
        stage=pending.stage,
        argument=pending.argument,
        argued_prompt=mask(move.argued.prompt) if move.argued else "",
        dice=pending.dice,
        modifiers=tuple((mask(label), value) for label, value in pending.modifiers),
        total=pending.total,
        outcomes=tuple(
            (o.id, mask(o.label or o.id) + (f" ({o.at_least}+)" if o.at_least else ""), p)
            for o, p in zip(outcomes_ir, probabilities, strict=False)
        ),
        proposed=pending.proposed,
        draw=pending.draw,
        rating_mods=rating_mods,
        outcome_summaries=tuple(
            effects_words(scenario, o.effects, UMPIRE, mask, summary=o.summary)
            for o in outcomes_ir
        ),
        percents=plain.percents(probabilities[: len(outcomes_ir)]),
    )
