"""Adjudication: how an adjudicated move's outcome is decided and applied.

* `chance`: each outcome's `p` is evaluated and clamped to [0, 1]; an outcome without `p`
  (the last) takes what is left of 1; one `random()` draw picks. If every outcome has a `p`
  and they add up to less than 1, a draw past them means no outcome.
* `dice`: NdS rolled with `random()`, plus every modifier whose `when` holds, plus the
  argued rating's modifier; the first outcome whose `at_least` the total reaches (or the
  last outcome) happens.
* `ruling`: the engine proposes by `p` (when outcomes carry it) or else the first outcome.

Without an umpire the proposal is applied at once. In umpire mode the proposal waits as a
`Pending` adjudication (randomness already drawn) until the umpire confirms or overrides it;
an argued move first waits for the umpire's rating.
"""

from __future__ import annotations

from wargame.engine.actions import confirmed_how
from wargame.engine.rng import draw as uniform
from wargame.engine.rng import roll
from wargame.engine.state import Pending
from wargame.engine.view import reads_visibility
from wargame.engine.work import Work, apply_effects, apply_quietly, fmt, poss
from wargame.scenario.ir import MoveIR, OutcomeIR, ResolutionIR, ScenarioIR, Visibility
from wargame.scenario.numbers import bounded, probability
from wargame.scenario.plain import mid, percents

__all__ = ["apply_outcome", "begin", "pick", "rate", "resolve_quietly", "roll_secrecy", "shares"]


def _probabilities(w: Work, outcomes: tuple[OutcomeIR, ...]) -> tuple[float, ...]:
    return shares(
        tuple(None if o.p is None else probability(o.p.fn(w)) for o in outcomes)  # NaN: 0
    )


def shares(explicit: tuple[float | None, ...]) -> tuple[float, ...]:
    """Each outcome's probability from the explicit ones (None: without `p`), the outcomes
    without `p` sharing what is left of 1."""
    total = 0.0
    for p in explicit:
        if p is not None:
            total += p
    missing = sum(1 for p in explicit if p is None)
    share = max(0.0, 1.0 - total) / missing if missing else 0.0
    return tuple(share if p is None else p for p in explicit)


def pick(probabilities: tuple[float, ...], draw: float) -> int:
    """The outcome `draw` (uniform in [0, 1)) falls on; -1: past them all."""
    running = 0.0
    for index, p in enumerate(probabilities):
        running += p
        if draw < running:
            return index
    return -1


def _dice_outcome(resolution: ResolutionIR, total: float) -> int:
    outcomes = resolution.outcomes
    for index, outcome in enumerate(outcomes):
        if outcome.at_least is None or total >= outcome.at_least:
            return index
    return len(outcomes) - 1


def _rating_value(move: MoveIR, rating: str) -> int:
    argued = move.argued
    if argued is None:
        return 0
    if rating == "strong":
        return argued.strong
    return argued.weak if rating == "weak" else argued.neutral


def begin(w: Work, move: MoveIR, actor: int, argument: str) -> None:
    """Decide the outcome of `move` (just played), or leave it pending for the umpire."""
    resolution = move.resolution
    if resolution is None:
        return
    kind = resolution.kind
    if kind == "dice":
        dice = roll(w.rng, resolution.dice_count, resolution.dice_sides)
        modifiers = tuple(
            (m.label, bounded(m.value.fn(w)))
            for m in resolution.modifiers
            if m.when is None or m.when.fn(w)
        )
        pending = Pending(
            move.index, actor, kind, "confirm", argument, dice=dice, modifiers=modifiers
        )
        if move.argued is not None:
            if w.umpire:
                w.pending = pending._replace(stage="rate")
                _announce(w, move, actor, w.pending)
                return
            pending = _with_rating(move, pending, "neutral")
        else:
            total = float(sum(dice)) + sum(v for _, v in modifiers)
            pending = pending._replace(total=total, proposed=_dice_outcome(resolution, total))
    else:
        has_p = any(o.p is not None for o in resolution.outcomes)
        if kind == "chance" or has_p:
            probabilities = _probabilities(w, resolution.outcomes)
            rest = 1.0 - sum(probabilities)
            draw = uniform(w.rng, (*probabilities, rest if rest > 0 else 0.0))
            proposed = pick(probabilities, draw)
            if kind == "ruling" and proposed < 0:
                proposed = 0
            pending = Pending(
                move.index,
                actor,
                kind,
                "confirm",
                argument,
                draw=draw,
                probabilities=probabilities,
                proposed=proposed,
            )
        else:
            pending = Pending(move.index, actor, kind, "confirm", argument, proposed=0)
    if w.umpire:
        w.pending = pending
        _announce(w, move, actor, pending)
        return
    _report_roll(w, move, actor, pending, "the rules")
    apply_outcome(w, move, actor, pending.proposed, _decided_by(kind))


def resolve_quietly(w: Work, move: MoveIR, argument: str) -> None:
    """`begin` without an umpire and without events: the batch-run fast path.

    Draws exactly what `begin` draws, in the same order, and applies the same outcome; it
    only skips building the `Pending` proposal that nobody will read.
    """
    resolution = move.resolution
    assert resolution is not None
    kind = resolution.kind
    if kind == "dice":
        dice = roll(w.rng, resolution.dice_count, resolution.dice_sides)
        values = [
            bounded(m.value.fn(w)) for m in resolution.modifiers if m.when is None or m.when.fn(w)
        ]
        if move.argued is not None:
            values.append(float(move.argued.neutral))
        total = float(sum(dice)) + sum(values)
        index = _dice_outcome(resolution, total)
    elif kind == "chance" or any(o.p is not None for o in resolution.outcomes):
        probabilities = _probabilities(w, resolution.outcomes)
        rest = 1.0 - sum(probabilities)
        index = pick(probabilities, uniform(w.rng, (*probabilities, rest if rest > 0 else 0.0)))
        if kind == "ruling" and index < 0:
            index = 0
    else:
        index = 0
    if index >= 0:
        effects = resolution.outcomes[index].effects
        if effects:
            apply_quietly(w, effects)


def _with_rating(move: MoveIR, pending: Pending, rating: str) -> Pending:
    resolution = move.resolution
    assert resolution is not None
    value = float(_rating_value(move, rating))
    modifiers = (*pending.modifiers, (f"{rating} argument", value))
    total = float(sum(pending.dice)) + sum(v for _, v in modifiers)
    return pending._replace(
        stage="confirm",
        rating=rating,
        modifiers=modifiers,
        total=total,
        proposed=_dice_outcome(resolution, total),
    )


def rate(w: Work, rating: str, reason: str) -> None:
    """The umpire rates a pending argued move; the proposal then awaits confirmation."""
    pending = w.pending
    assert pending is not None
    move = w.s.moves[pending.move]
    value = _rating_value(move, rating)
    rated = _with_rating(move, pending, rating)
    w.pending = rated
    if w.events is not None:
        names = w.t.actor_names
        text = (
            f"The umpire rated {poss(names[pending.actor])} argument for '{move.label}' "
            f"{rating} ({value:+d})"
        )
        if reason:
            text += f": {reason}"
        w.emit("rating", text, "umpire", visible_to=_move_visibility(move), target=move.id)
    _announce(w, move, pending.actor, rated)


def _decided_by(kind: str) -> str:
    return "by the dice" if kind == "dice" else "by chance" if kind == "chance" else "by ruling"


def _move_visibility(move: MoveIR) -> Visibility:
    return (move.actor,) if move.secret else None


def _outcome_label(outcome: OutcomeIR) -> str:
    return outcome.label or outcome.id


def roll_secrecy(scenario: ScenarioIR, move: MoveIR) -> Visibility:
    """Who may see the detail of `move`'s rolls: its modifiers and odds read these values
    (None: everyone; see `view.reads_visibility`)."""
    resolution = move.resolution
    if resolution is None:
        return None
    reads: list[str] = []
    for modifier in resolution.modifiers:
        reads += modifier.value.reads
        if modifier.when is not None:
            reads += modifier.when.reads
    for outcome in resolution.outcomes:
        if outcome.p is not None:
            reads += outcome.p.reads
    return reads_visibility(scenario, reads)


def describe(w: Work, move: MoveIR, pending: Pending, *, detail: bool = True) -> str:
    """The proposal in words: the roll or draw and the outcome it gives.

    `detail=False` leaves out the modifiers, total and odds (computed from values some
    seats may not see: `roll_secrecy`), keeping the dice or draw and the outcome.
    """
    resolution = move.resolution
    assert resolution is not None
    outcomes = resolution.outcomes
    proposed = (
        f"'{_outcome_label(outcomes[pending.proposed])}'" if pending.proposed >= 0 else "no outcome"
    )
    if pending.kind == "dice":
        dice = " + ".join(str(d) for d in pending.dice)
        text = (
            f"rolled {resolution.dice_count}d{resolution.dice_sides}: {dice} = {sum(pending.dice)}"
        )
        if not detail:
            return f"{text}, with modifiers you may not see → {proposed}"
        for label, value in pending.modifiers:
            text += f", {'+' if value >= 0 else '−'}{fmt(abs(value))} ({label})"
        if pending.stage == "rate":
            return text + "; the argument's rating is still to come"
        target = outcomes[pending.proposed].at_least if pending.proposed >= 0 else None
        needs = f" (needs {target}+)" if target is not None else ""
        return f"{text}; total {fmt(pending.total)} → {proposed}{needs}"
    if pending.draw >= 0:
        if not detail:
            return f"drew {pending.draw:.3f} against odds you may not see → {proposed}"
        odds = ", ".join(
            f"'{_outcome_label(o)}' {p}"
            for o, p in zip(outcomes, percents(pending.probabilities), strict=True)
        )
        return f"drew {pending.draw:.3f} against {odds} → {proposed}"
    return f"proposes {proposed} (the first outcome)"


def _announce(w: Work, move: MoveIR, actor: int, pending: Pending) -> None:
    if w.events is None:
        return
    who = w.t.actor_names[actor]
    if pending.stage == "rate":
        text = (
            f"Awaiting the umpire's rating of {poss(who)} argument for '{move.label}'"
            + (f": “{pending.argument}”" if pending.argument else " (no argument given)")
            + f"; {describe(w, move, pending)}"
        )
        public = f"Awaiting the umpire's rating of {poss(who)} argument for '{move.label}'"
    else:
        text = (
            f"Awaiting the umpire on {poss(who)} '{move.label}': "
            f"the rules {describe(w, move, pending)}"
        )
        public = f"Awaiting the umpire's ruling on {poss(who)} '{move.label}'"
    w.emit(
        "pending",
        text,
        "rules",
        visible_to=_move_visibility(move),
        target=move.id,
        secret_to=(),
        public_text=public,
    )


def _report_roll(w: Work, move: MoveIR, actor: int, pending: Pending, by: str) -> None:
    if w.events is None:
        return
    who = w.t.actor_names[actor]
    cause = "dice" if pending.kind == "dice" else "rules"
    secret = roll_secrecy(w.s, move)
    public = (
        f"{poss(who)} '{move.label}': {by} {describe(w, move, pending, detail=False)}"
        if secret is not None
        else ""
    )
    w.emit(
        "roll",
        f"{poss(who)} '{move.label}': {by} {describe(w, move, pending)}",
        cause,
        visible_to=_move_visibility(move),
        target=move.id,
        secret_to=secret,
        public_text=public,
        dice=pending.dice,
        modifiers=pending.modifiers,
    )


def confirm(w: Work, reason: str, by: str = "umpire") -> None:
    """The umpire accepts the pending proposal (`by` the rules: one no person ruled)."""
    pending = w.pending
    assert pending is not None
    move = w.s.moves[pending.move]
    w.pending = None
    how = confirmed_how(by, reason)
    _report_roll(w, move, pending.actor, pending, "the rules")
    apply_outcome(w, move, pending.actor, pending.proposed, how)


def override(w: Work, outcome: int, reason: str) -> None:
    """The umpire imposes `outcome` instead of the proposal."""
    pending = w.pending
    assert pending is not None
    move = w.s.moves[pending.move]
    resolution = move.resolution
    assert resolution is not None
    w.pending = None
    _report_roll(w, move, pending.actor, pending, "the rules")
    was = (
        f"'{_outcome_label(resolution.outcomes[pending.proposed])}'"
        if pending.proposed >= 0
        else "no outcome"
    )
    apply_outcome(
        w, move, pending.actor, outcome, f"the umpire overrode {was}: {reason}", cause="umpire"
    )


def apply_outcome(w: Work, move: MoveIR, actor: int, index: int, how: str, cause: str = "") -> None:
    """Apply outcome `index` of `move` (-1: none) and report who decided it."""
    resolution = move.resolution
    assert resolution is not None
    vis = _move_visibility(move)
    who = w.t.actor_names[actor]
    if index < 0:
        w.emit(
            "outcome",
            f"{poss(who)} '{move.label}' has no outcome ({how})",
            cause or "rules",
            visible_to=vis,
            target=move.id,
        )
        return
    outcome = resolution.outcomes[index]
    label = _outcome_label(outcome)
    if w.events is not None:
        text = f"{poss(who)} '{move.label}': {label} ({how})"
        if outcome.text:
            text += f". {outcome.text}"
        w.emit(
            "outcome",
            text,
            cause or ("dice" if resolution.kind == "dice" else "rules"),
            visible_to=vis,
            target=f"{move.id}:{outcome.id}",
        )
        because = f"because of the outcome '{label}' of {poss(mid(who))} '{move.label}'"
        apply_effects(w, outcome.effects, f"move:{move.id}", because, vis)
    else:
        apply_effects(w, outcome.effects, "", "")
