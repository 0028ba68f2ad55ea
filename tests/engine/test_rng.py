"""Seeded randomness: reproducible streams, dice and weighted choices from random() only."""

from __future__ import annotations

from random import Random

import pytest

from wargame.engine import derive, resume, roll, weighted_choice

from .helpers import ScriptedRandom, die


def test_derive_is_reproducible_and_differs_per_step() -> None:
    assert derive(7, 3).random() == derive(7, 3).random()
    assert derive(7, 3).random() == Random("7:3").random()
    assert derive(7, 3).random() != derive(7, 4).random()
    assert derive("abc", 0).random() == derive("abc", 0).random()


def test_roll_maps_draws_to_faces() -> None:
    rng = ScriptedRandom([0.0, 0.999999, die(3), die(6)])
    assert roll(rng, 4, 6) == (1, 6, 3, 6)


def test_roll_stays_in_range() -> None:
    rng = Random(1)
    faces = [face for _ in range(500) for face in roll(rng, 2, 6)]
    assert min(faces) == 1 and max(faces) == 6


def test_weighted_choice_uses_one_draw_and_its_weights() -> None:
    assert weighted_choice(ScriptedRandom([0.0]), [1, 3]) == 0
    assert weighted_choice(ScriptedRandom([0.24]), [1, 3]) == 0
    assert weighted_choice(ScriptedRandom([0.26]), [1, 3]) == 1
    assert weighted_choice(ScriptedRandom([0.5]), [0, 0, 2]) == 2
    assert weighted_choice(ScriptedRandom([0.7]), [0, 0, 0]) == 2  # all zero: uniform
    with pytest.raises(ValueError):
        weighted_choice(Random(0), [])


def test_resume_takes_up_a_stream_where_it_stopped() -> None:
    first = resume(7, 3)
    drawn = [first.random() for _ in range(5)]
    assert first.drawn == 5
    plain = derive(7, 3)
    assert drawn == [plain.random() for _ in range(5)]
    later = resume(7, 3, 2)
    assert later.drawn == 2
    assert [later.random() for _ in range(3)] == drawn[2:]
    assert later.drawn == 5
    assert roll(resume(7, 3), 2, 6) == roll(derive(7, 3), 2, 6)
