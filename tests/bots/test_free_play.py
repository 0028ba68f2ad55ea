"""Bots facing free play (issue 24): a free action's changes count once it is ruled on, not
before; bots never write free actions; a bot umpire rules as the argument rule does."""

from __future__ import annotations

from random import Random

import pytest

from tests.engine.helpers import load
from wargame.bots import decide, make_policy
from wargame.bots.determinise import determinise
from wargame.engine import (
    UMPIRE,
    ArgueFree,
    Confirm,
    GameState,
    ProposeFree,
    RuleFree,
    WriteInject,
    initial_state,
    legal_actions,
    playout_from,
    step,
    to_act,
)
from wargame.scenario.ir import ScenarioIR
from wargame.session import Seat, Session

LEVERS = "levers: {escalation: 2, secret_plans: 3, trust: 10, commitment: 5}\nflags:"
FREE_KINDS = (ProposeFree, ArgueFree, RuleFree, WriteInject)


@pytest.fixture(scope="module")
def free() -> ScenarioIR:
    return load("rules", {"flags:": LEVERS})


def with_free_play(s: ScenarioIR, state: GameState) -> GameState:
    """`state` with an open free action asking for big changes, argued, and news to come."""
    for action in (
        ProposeFree("denmark", "Calm everything", ("please",), (("escalation", -2),)),
        ArgueFree("uk", 1, "yes", "for"),
        WriteInject("Later", "", None, (("escalation", 2),), "next_turn"),
    ):
        state, _ = step(s, state, action, Random(0))
    return state


@pytest.mark.parametrize("policy", ["goal", "search:24", "random", "weighted"])
def test_an_open_free_action_changes_no_bot_decision(free: ScenarioIR, policy: str) -> None:
    """Its changes are not known until it is ruled on, so a bot decides as without it."""
    plain = initial_state(free, rng=Random(2))
    opened = with_free_play(free, plain)
    seat = to_act(free, plain)
    assert seat == to_act(free, opened) == 0
    bot = make_policy(policy, free, "us")
    chosen = decide(bot, free, plain, seat, Random(9))
    assert decide(bot, free, opened, seat, Random(9)).action == chosen.action
    assert not isinstance(chosen.action, FREE_KINDS)


def test_a_ruled_free_action_is_part_of_the_state_bots_read(free: ScenarioIR) -> None:
    state = initial_state(free, umpire=True, rng=Random(2))
    calm = ProposeFree("denmark", "Calm", (), (("escalation", -2),))
    state, _ = step(free, state, calm, Random(0))
    assert determinise(free, state, 0, Random(0)).free.open == ()  # type: ignore[union-attr]
    while to_act(free, state) != UMPIRE:
        actor = to_act(free, state)
        state, _ = step(free, state, legal_actions(free, state, actor)[-1], Random(0))
    ruled, _ = step(free, state, RuleFree(1, (), "success", (("escalation", 2),), "so"), Random(0))
    assert ruled.vars[0] == state.vars[0] + 2
    assert determinise(free, ruled, 0, Random(0)).vars[0] == ruled.vars[0]


def test_playing_on_from_free_play_is_the_game_the_step_loop_plays(free: ScenarioIR) -> None:
    """The search bot's rollouts: open free actions, one waiting for a ruling, and written
    news to come are played on by the rules alone, as the step loop plays them."""
    start = with_free_play(free, initial_state(free, rng=Random(3)))
    for state in (start, start._replace(umpire=True)):
        if state.umpire:  # close the phase: the free action waits for the umpire
            while (seat := to_act(free, state)) != UMPIRE:
                state, _ = step(free, state, legal_actions(free, state, seat)[-1], Random(0))
        fast = playout_from(free, state, Random(11))
        rng = Random(11)
        loop = state._replace(umpire=False)
        while (seat := to_act(free, loop)) is not None:
            if seat == UMPIRE:  # only the ruling that was waiting when the loop began
                loop, _ = step(free, loop._replace(umpire=True), Confirm(), Random(0))
                loop = loop._replace(umpire=False)
                continue
            actions = legal_actions(free, loop, seat)
            action = actions[min(int(rng.random() * len(actions)), len(actions) - 1)]
            loop, _ = step(free, loop, action, rng, record=False)
        same = {"log": loop.log, "steps": 0, "umpire": False}
        assert fast.state._replace(**same) == loop._replace(**same)  # type: ignore[arg-type]


def test_a_bot_umpire_rules_free_actions_as_the_rule_does(free: ScenarioIR) -> None:
    seats = {a.id: Seat(a.id, "bot", policy="random") for a in free.actors}
    seats["denmark"] = Seat("denmark", "human", team="Danes")
    alone = Session(free, seed=4, seats=dict(seats))
    bot_umpire = Seat("umpire", "bot", policy="accept")
    umpired = Session(free, seed=4, seats=dict(seats), umpire=bot_umpire)
    for session in (alone, umpired):
        session.run_bots()
        session.submit(ProposeFree("denmark", "Calm", (), (("escalation", -1),)), by="team:Danes")
        session.submit(legal_actions(free, session.state, 1)[-1], by="team:Danes")
        session.run_bots()
        assert not any(isinstance(e.action, FREE_KINDS[1:]) for e in session.log)
    rulings = [e for e in umpired.log if e.by == "bot:accept" and e.action == Confirm()]
    assert any("rules on the free action as the rule does" in e.why for e in rulings)
    assert umpired.state.vars == alone.state.vars

