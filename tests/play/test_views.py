"""What a seat's views compute from a state, beyond who may see what (tests/helpers/secrecy.py
covers that): work linear in the scenario's size, whoever looks.

The umpire's dashboard shows each actor's average trust from the others. It once summed a
column of the trust matrix per actor, cell by cell: 100 million reads on every screen of a
10,000-actor game. Counted here, never timed.
"""

from __future__ import annotations

from random import Random

import pytest

from tests.scenario.test_scale import many_actors
from wargame.engine import UMPIRE, initial_state
from wargame.play.views import dashboard_view
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
