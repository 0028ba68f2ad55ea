"""Injects: scheduled, conditional and random events at the start of each turn.

At the start of the game and of every turn the injects are considered in file order. An
inject is eligible when the turn is one of its `turns` (or it has none), it has not fired
this game if it is `once`, and its `when` holds at that moment; then its `chance` (if any)
is rolled with one `random()` draw. Effects of a fired inject may make other injects
eligible: the engine re-checks the ones not yet considered this turn, for at most
`CASCADE_ROUNDS` rounds in all. An inject is considered (and so fires) at most once a turn.
"""

from __future__ import annotations

from typing import Final

from wargame.engine.rng import draw as uniform
from wargame.engine.work import Work, apply_effects, fmt, put
from wargame.scenario.ir import InjectIR
from wargame.scenario.numbers import probability

__all__ = ["CASCADE_ROUNDS", "fire", "start_of_turn"]

CASCADE_ROUNDS: Final = 5
"""Rounds of inject checks at the start of a turn: the first pass and up to 4 re-checks."""


def fire(w: Work, inject: InjectIR, how: str = "") -> None:
    """Fire `inject` now: count it, announce it, apply its effects."""
    i = inject.index
    fired = w.fired
    w.fired = put(fired, i, fired[i] + 1)
    vis = inject.visible_to
    if w.events is not None:
        text = f"News: {inject.label}"
        if inject.text:
            text += f". {inject.text}"
        if how:
            text += f" ({how})"
        w.emit("inject", text, f"inject:{inject.id}", visible_to=vis, target=inject.id)
        because = f"because of the news '{inject.label}'"
        apply_effects(w, inject.effects, f"inject:{inject.id}", because, vis)
    else:
        apply_effects(w, inject.effects, "", "")


def _eligible(w: Work, inject: InjectIR) -> bool:
    if inject.once and w.fired[inject.index] > 0:
        return False
    if inject.turns is not None and w.turn not in inject.turns:
        return False
    return inject.when is None or bool(inject.when.fn(w))


def start_of_turn(w: Work) -> None:
    """Consider every inject for the turn that just began (with the cascade bound)."""
    injects = w.s.injects
    if not injects:
        return
    considered = [False] * len(injects)
    for _ in range(CASCADE_ROUNDS):
        fired_any = False
        for inject in injects:
            i = inject.index
            if considered[i] or not _eligible(w, inject):
                continue
            considered[i] = True
            if inject.chance is not None:
                p = probability(inject.chance.fn(w))
                draw = uniform(w.rng, (p, 1.0 - p))
                if draw >= p:
                    w.emit(
                        "notice",
                        f"'{inject.label}' did not fire: drew {draw:.3f}, needed below {fmt(p)}",
                        "rules",
                        visible_to=(),
                        target=inject.id,
                    )
                    continue
            fire(w, inject)
            fired_any = True
        if not fired_any:
            return
    waiting = [inj.label for inj in injects if not considered[inj.index] and _eligible(w, inj)]
    if waiting:
        w.emit(
            "notice",
            f"Inject cascade stopped after {CASCADE_ROUNDS} rounds; not considered this turn: "
            + ", ".join(f"'{label}'" for label in waiting),
            "rules",
            visible_to=(),
        )
