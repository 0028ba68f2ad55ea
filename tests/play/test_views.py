"""What a seat's views compute from a state, beyond who may see what (tests/helpers/secrecy.py
covers that): work linear in the scenario's size, whoever looks, and numbers taken by the
engine's rules.

The umpire's dashboard shows each actor's average trust from the others. It once summed a
column of the trust matrix per actor, cell by cell: 100 million reads on every screen of a
10,000-actor game. Counted here, never timed.
"""

from __future__ import annotations

from random import Random

import pytest

from tests.scenario.test_scale import many_actors
from wargame.bots.odds import outcome_probabilities
from wargame.engine import UMPIRE, PlayMove, initial_state, step
from wargame.play.views import dashboard_view, describe_move
from wargame.scenario.compile import DENSE_TRUST_ACTORS, SELF_TRUST
from wargame.scenario.ir import DefaultRow
from wargame.scenario.loader import load_text
from wargame.scenario.masking import IDENTITY


class CountedRow(DefaultRow):
    """A row of defaults that counts the cells read from it."""

    __slots__ = ()
    reads = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def,override]
        CountedRow.reads += 1
        return super().__getitem__(index)

    def __iter__(self):  # type: ignore[no-untyped-def,override]
        CountedRow.reads += len(self)
        return super().__iter__()


def test_the_umpire_dashboard_reads_a_row_of_defaults_as_one_value() -> None:
    n = DENSE_TRUST_ACTORS + 500
    ir = load_text(many_actors(n))  # default trust 40; a1 trusts a2 70 (its row is whole)
    state = initial_state(ir, rng=Random(0))
    rows = tuple(
        CountedRow(n, a, 40.0, SELF_TRUST) if isinstance(row, DefaultRow) else row
        for a, row in enumerate(state.trust)
    )
    state = state._replace(trust=rows)
    CountedRow.reads = 0
    actors = dashboard_view(ir, state, UMPIRE, IDENTITY).actors
    assert CountedRow.reads == 0  # the quadratic sum read n * (n - 1) cells
    averages = [actor.trusted_by_viewer for actor in actors]
    assert averages[0] == pytest.approx(40.0) and averages[1] == pytest.approx(40.0)
    assert averages[2] == pytest.approx((40.0 * (n - 2) + 70.0) / (n - 1))
    assert averages[-1] == pytest.approx(40.0)


def test_the_umpire_dashboard_averages_what_the_others_trust_each_actor() -> None:
    ir = load_text(many_actors(5))  # every row whole: a small scenario
    state = initial_state(ir, rng=Random(0))
    trust = (
        (100.0, 10.0, 20.0, 30.0, 40.0),
        (50.0, 100.0, 70.0, 0.0, 5.0),
        DefaultRow(5, 2, 40.0, SELF_TRUST),
        (1.0, 2.0, 3.0, 100.0, 4.0),
        DefaultRow(5, 4, 60.0, SELF_TRUST),
    )
    actors = dashboard_view(ir, state._replace(trust=trust), UMPIRE, IDENTITY).actors
    expected = [sum(trust[b][a] for b in range(5) if b != a) / 4 for a in range(5)]
    assert [actor.trusted_by_viewer for actor in actors] == pytest.approx(expected)
    alone = load_text(
        "wargame: 1\nid: one\ntitle: One\ncalendar: {start: Day 1, step: day, turns: 1}\n"
        "actors:\n  a0: {name: A0}\nmoves: []\nendings:\n  - {id: e, title: E, default: true}\n"
    )
    only = dashboard_view(alone, initial_state(alone, rng=Random(0)), UMPIRE, IDENTITY)
    assert only.actors[0].trusted_by_viewer is None  # nobody else to trust it


OVERFLOW = "v*" * 21 + "v"
"""1e15 to the 22nd power: beyond a float, so infinity; `OVERFLOW - OVERFLOW` is NaN."""


def test_a_preview_takes_bad_numbers_by_the_engine_s_rule() -> None:
    """A modifier that overflows counts 1e15 and one that is not a number counts 0, as in
    the engine (`wargame.scenario.numbers.bounded`); the preview once summed `inf` and
    `nan` into its bonus and showed the roll that wins for certain as lost for certain."""
    ir = load_text(
        "wargame: 1\nid: overflow\ntitle: Overflow\n"
        "calendar: {start: Day 1, step: day, turns: 2}\nactors:\n  a: {name: A}\n"
        "variables:\n  v: {start: 1000000000000000, min: 0, max: 1000000000000000}\n"
        "moves:\n  - id: roll\n    actor: a\n    label: Roll\n    dice:\n      roll: 2d6\n"
        "      modifiers:\n"
        f'        - {{label: Huge, value: "{OVERFLOW}"}}\n'
        f'        - {{label: Unknown, value: "{OVERFLOW} - {OVERFLOW}"}}\n'
        "      outcomes:\n        - {id: win, label: Win, at_least: 10}\n"
        "        - {id: lose, label: Lose}\n"
        "endings:\n  - {id: e, title: E, default: true}\n"
    )
    state = initial_state(ir, rng=Random(0))
    move = ir.moves[0]
    option = describe_move(ir, state, move, IDENTITY, available=True)
    assert option.modifiers == (("Huge", 1e15), ("Unknown", 0.0))
    odds = [o.probability for o in option.odds]
    assert odds == pytest.approx([1.0, 0.0])
    assert odds == pytest.approx(outcome_probabilities(move, state))
    after, _ = step(ir, state, PlayMove("a", "roll"), Random(1))
    assert "Win" in " ".join(e.text for e in after.log.all())


def test_the_shown_odds_of_a_move_add_up_to_100() -> None:
    """Chances of 1/6, 1/6 and 2/3 were shown 17%, 17%, 67%: 101% (issue 20's hot-seat
    playthrough). They are rounded together, in one place (`plain.percents`)."""
    ir = load_text(
        "wargame: 1\nid: odds\ntitle: Odds\n"
        "calendar: {start: Day 1, step: day, turns: 2}\nactors:\n  a: {name: A}\n"
        "moves:\n  - id: gamble\n    actor: a\n    label: Gamble\n    chance:\n"
        "      - {id: x, label: X, p: 0.1666666666666667}\n"
        "      - {id: y, label: Y, p: 0.1666666666666667}\n"
        "      - {id: z, label: Z}\n"
        "endings:\n  - {id: e, title: E, default: true}\n"
    )
    state = initial_state(ir, rng=Random(0))
    option = describe_move(ir, state, ir.moves[0], IDENTITY, available=True)
    shown = [o.percent for o in option.odds]
    assert shown == ["17%", "17%", "66%"]
    assert sum(int(p.rstrip("%")) for p in shown) == 100
