"""Alliance cohesion: contagion of trust, drift of commitment, exits and collapse.

The model (docs/rules.md has it in words with a worked example):

* cohesion(K) = Σ_m w_m · c_m · [m active] / Σ_m w_m, over all original members, so a
  member that left counts 0 and its departure hurts;
* at the end of each turn, for each alliance not yet collapsed, in this order:
  1. contagion: each active member i's trust in each other active member j moves toward
     the mean trust the other active members (not i, not j) have in j, by `contagion` of
     the gap;
  2. drift: each active member's commitment moves toward its weighted mean trust in the
     other active members (weights w), by `drift` of the gap;
  3. exits: an active member whose commitment is below its `exit_below` leaves;
  4. cohesion is recomputed; below `collapse_below` the alliance collapses for good.

Each stage computes every new value from the values before the stage (Jacobi), so the
result never depends on the order members are visited in. Alliances are processed in file
order. The pure functions here are what the unit tests and the worked example pin.
"""

from __future__ import annotations

from collections.abc import Sequence

from wargame.engine.work import (
    Work,
    cohesion_of,
    fmt,
    poss,
    put,
    recompute_cohesion,
    whole,
    whole_change,
)
from wargame.scenario.ir import TrustRow
from wargame.scenario.plain import mid

__all__ = ["cohesion_of", "contagion", "drift", "end_of_turn"]

Matrix = tuple[TrustRow, ...]


def contagion(
    trust: Matrix, members: Sequence[int], active: Sequence[bool], rate: float
) -> dict[tuple[int, int], tuple[float, float]]:
    """New trust cells after one contagion stage: (truster, trusted) -> (new value, mean).

    Only cells between two active members with at least one third active member change.
    """
    on = [a for a, is_on in zip(members, active, strict=True) if is_on]
    out: dict[tuple[int, int], tuple[float, float]] = {}
    if rate <= 0 or len(on) < 3:
        return out
    for i in on:
        for j in on:
            if i == j:
                continue
            total = 0.0
            count = 0
            for o in on:
                if o != i and o != j:
                    total += trust[o][j]
                    count += 1
            mean = total / count
            old = trust[i][j]
            out[(i, j)] = (old + rate * (mean - old), mean)
    return out


def drift(
    trust: Matrix,
    members: Sequence[int],
    weights: Sequence[float],
    commitment: Sequence[float],
    active: Sequence[bool],
    rate: float,
) -> list[tuple[float, float] | None]:
    """Per member slot: (new commitment, target) after one drift stage, or None (no change).

    The target is the member's weighted mean trust in the other active members.
    """
    out: list[tuple[float, float] | None] = []
    for m, actor in enumerate(members):
        if not active[m]:
            out.append(None)
            continue
        num = 0.0
        den = 0.0
        for n, other in enumerate(members):
            if n != m and active[n]:
                num += weights[n] * trust[actor][other]
                den += weights[n]
        if den <= 0:
            out.append(None)
            continue
        target = num / den
        old = commitment[m]
        out.append((old + rate * (target - old), target))
    return out


def end_of_turn(w: Work) -> None:
    """Run the end-of-turn alliance rules on every alliance (file order)."""
    record = w.events is not None
    for k, alliance in enumerate(w.s.alliances):
        if w.collapsed[k]:
            continue
        if not record:
            _quietly(w, k, alliance.members, alliance.weights, alliance.contagion, alliance.drift)
            _exits_and_collapse(w, k, [])
            continue
        # 1. contagion: every new cell from the old matrix, written in one go
        cells = contagion(w.trust, alliance.members, w.active[k], alliance.contagion)
        if cells:
            old_trust = w.trust
            rows = list(old_trust)  # only the members' rows are copied and changed
            changed: dict[int, list[float]] = {}
            for (i, j), (new, _) in cells.items():
                row = changed.get(i)
                if row is None:
                    row = changed[i] = list(old_trust[i])
                row[j] = 0.0 if new < 0.0 else 100.0 if new > 100.0 else new
            for i, row in changed.items():
                rows[i] = tuple(row)
            w.trust = tuple(rows)
            if record:
                for (i, j), (_, mean) in cells.items():
                    _report_trust(w, alliance.name, i, j, old_trust[i][j], mean)
        # 2. drift (reads the trust contagion just set)
        drifted = drift(
            w.trust,
            alliance.members,
            alliance.weights,
            w.commitment[k],
            w.active[k],
            alliance.drift,
        )
        reasons: list[str] = []
        old_row = w.commitment[k]
        new_row = list(old_row)
        for m, result in enumerate(drifted):
            if result is not None:
                new = result[0]
                new_row[m] = 0.0 if new < 0.0 else 100.0 if new > 100.0 else new
        if new_row != list(old_row):
            cm = w.commitment
            w.commitment = put(cm, k, tuple(new_row))
            if record:
                for m, result in enumerate(drifted):
                    if result is None or new_row[m] == old_row[m]:
                        continue
                    reasons.append(_report_drift(w, k, m, old_row[m], new_row[m], result[1]))
        _exits_and_collapse(w, k, reasons)


def _quietly(
    w: Work,
    k: int,
    members: tuple[int, ...],
    weights: tuple[float, ...],
    rate: float,
    drift_rate: float,
) -> None:
    """Stages 1 and 2 without events: the batch-run fast path of `contagion` and `drift`.

    Same arithmetic in the same order (so the same floats), without the intermediate
    dictionaries and lists the explaining path keeps for its events.
    """
    active = w.active[k]
    on = [a for a, is_on in zip(members, active, strict=True) if is_on]
    if rate > 0 and len(on) >= 3:
        old = w.trust
        rows = list(old)
        count = len(on) - 2
        for i in on:
            row_i = old[i]
            row = list(row_i)
            for j in on:
                if i == j:
                    continue
                total = 0.0
                for o in on:
                    if o != i and o != j:
                        total += old[o][j]
                x = row_i[j]
                new = x + rate * (total / count - x)
                row[j] = 0.0 if new < 0.0 else 100.0 if new > 100.0 else new
            rows[i] = tuple(row)
        w.trust = tuple(rows)
    trust = w.trust
    old_row = w.commitment[k]
    new_row = list(old_row)
    changed = False
    size = len(members)
    for m in range(size):
        if not active[m]:
            continue
        mine = trust[members[m]]
        num = 0.0
        den = 0.0
        for n in range(size):
            if n != m and active[n]:
                num += weights[n] * mine[members[n]]
                den += weights[n]
        if den <= 0:
            continue
        x = old_row[m]
        new = x + drift_rate * (num / den - x)
        new = 0.0 if new < 0.0 else 100.0 if new > 100.0 else new
        if new != x:
            new_row[m] = new
            changed = True
    if changed:
        cm = w.commitment
        w.commitment = put(cm, k, tuple(new_row))


def _exits_and_collapse(w: Work, k: int, reasons: list[str]) -> None:
    """Stages 3 and 4: members below their exit threshold leave; cohesion; collapse."""
    alliance = w.s.alliances[k]
    names = w.t.actor_names
    # 3. exits
    active = w.active[k]
    leaving = [
        m
        for m in range(len(alliance.members))
        if active[m] and w.commitment[k][m] < alliance.exit_below[m]
    ]
    if leaving:
        row = list(active)
        for m in leaving:
            row[m] = False
        ac = w.active
        w.active = put(ac, k, tuple(row))
        for m in leaving:
            actor = alliance.members[m]
            text = (
                f"{names[actor]} leaves {mid(alliance.name)}: its commitment fell below its "
                f"exit threshold {fmt(alliance.exit_below[m])}"
            )
            reasons.append(mid(text))
            w.emit(
                "exit",
                text,
                "rule:exit",
                target=f"member:{alliance.id}:{w.s.actors[actor].id}",
                before=True,
                after=False,
            )
    # 4. cohesion and collapse
    recompute_cohesion(w, k, "rule:exit" if leaving else "rule:drift", "; ".join(reasons))
    if w.cohesion[k] < alliance.collapse_below:
        cl = w.collapsed
        w.collapsed = put(cl, k, True)
        w.emit(
            "collapse",
            f"{alliance.name} collapses: cohesion fell below {fmt(alliance.collapse_below)}",
            "rule:collapse",
            target=f"collapsed:{alliance.id}",
            before=False,
            after=True,
        )


def _report_trust(w: Work, alliance: str, i: int, j: int, old: float, mean: float) -> None:
    names = w.t.actor_names
    new = w.trust[i][j]
    if new == old:
        return
    w.emit(
        "contagion",
        f"{poss(names[i])} trust in {mid(names[j])} {whole_change(old, new)} (contagion: the "
        f"other {alliance} members trust {mid(names[j])} {whole(mean)} on average)",
        "rule:contagion",
        target=f"trust:{w.s.actors[i].id}:{w.s.actors[j].id}",
        before=old,
        after=new,
    )


def _report_drift(w: Work, k: int, m: int, old: float, new: float, target: float) -> str:
    alliance = w.s.alliances[k]
    actor = alliance.members[m]
    who = w.t.actor_names[actor]
    moved = whole_change(old, new)
    why = f"(drift toward its trust in the partners, {whole(target)})"
    w.emit(
        "drift",
        f"{poss(who)} commitment to {mid(alliance.name)} {moved} {why}",
        "rule:drift",
        target=f"commitment:{alliance.id}:{w.s.actors[actor].id}",
        before=old,
        after=new,
    )
    return f"{poss(mid(who))} commitment {moved} {why}"
