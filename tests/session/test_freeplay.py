"""Free actions and written news in the session log: replay, undo, redo, fork and saves give
identical states through them (issue 24), and proposing or arguing shifts no die.

The games are random: bot actors, with free actions proposed, argued and ruled on, and news
written now and for the next turn, at random moments, with and without a human umpire.
"""

from __future__ import annotations

import functools
from pathlib import Path
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.helpers import load
from wargame.engine import (
    RATINGS,
    UMPIRE,
    Action,
    ArgueFree,
    Change,
    ProposeFree,
    RuleFree,
    WriteInject,
    awaiting_ruling,
    can_see,
    open_actions,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session, session_from_dict, session_to_dict, state_digest

ROOT = Path(__file__).resolve().parents[2]
LEVERS = "levers: {escalation: 2, secret_plans: 3, trust: 10, commitment: 5}\nflags:"


@functools.cache
def scenario() -> ScenarioIR:
    return load("rules", {"flags:": LEVERS})


def changes(s: ScenarioIR, rng: Random, *, team: int | None = None) -> tuple[Change, ...]:
    """Up to two random changes within the levers (for a team: values it can see)."""
    targets = [
        v.id
        for i, v in enumerate(s.variables)
        if s.levers.variables[i] > 0 and (team is None or can_see(v.visible_to, team))
    ]
    targets += ["trust[us][denmark]", "trust[uk][us]", "commitment[nato][denmark]"]
    picked = rng.sample(targets, rng.randint(0, 2))
    return tuple((t, rng.choice([-1.0, 1.0, 2.0])) for t in picked)


def free_play(session: Session, rng: Random) -> Action | None:
    """A random free-play action that the rules may accept now (None: none this time)."""
    s, state = session.scenario, session.state
    roll = rng.random()
    if roll < 0.4:
        actors = s.phases[state.phase].actors
        actor = rng.choice(actors)
        return ProposeFree(s.actors[actor].id, f"Idea {rng.randint(1, 99)}",
                           ("because",) * rng.randint(0, 2), changes(s, rng, team=actor))
    if roll < 0.7 and open_actions(state):
        target = rng.choice(open_actions(state))
        return ArgueFree(rng.choice(s.actors).id, target.number, "objection",
                         rng.choice(["for", "against"]))
    if roll < 0.85:
        to = rng.choice([None, (), ("denmark", "uk")])
        return WriteInject(f"Flash {rng.randint(1, 99)}", "Details.", to, changes(s, rng),
                           rng.choice(["now", "next_turn"]))
    return None


def umpire_action(session: Session, rng: Random) -> Action:
    waiting = awaiting_ruling(session.state)
    if waiting is not None and rng.random() < 0.6:
        ratings = tuple(rng.choice(RATINGS) for _ in waiting.arguments)
        verdict = rng.choice(["dice", "success", "failure"])
        return RuleFree(waiting.number, ratings, verdict, changes(session.scenario, rng), "seen")  # type: ignore[arg-type]
    return rng.choice(session.legal_actions(UMPIRE))


def random_game(seed: int, choices: int, *, umpire: bool) -> Session:
    s = scenario()
    session = Session(
        s,
        seed=seed,
        seats={a.id: Seat(a.id, "human") for a in s.actors},
        umpire=Seat("umpire", "human") if umpire else None,
    )
    rng = Random(choices)
    for _ in range(150):
        who = session.to_act
        if who is None:
            break
        if rng.random() < 0.35:
            extra = free_play(session, rng)
            if extra is not None and session.check_legal(extra) is None:
                session.submit(extra, by="umpire" if isinstance(extra, WriteInject) else "team")
                continue
        if who == UMPIRE:
            session.submit(umpire_action(session, rng))
        else:
            session.submit(rng.choice(session.legal_actions()))
    return session


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), choices=st.integers(0, 10**6), umpire=st.booleans())
def test_replay_undo_redo_fork_and_saves_are_exact_through_free_play(
    seed: int, choices: int, umpire: bool
) -> None:
    session = random_game(seed, choices, umpire=umpire)
    n = session.step_index
    states = [session.state_at(i) for i in range(n + 1)]
    assert session.replay() == states
    for back in range(1, n + 1, max(1, n // 7)):
        session.undo(back)
        assert session.state == states[-1 - back]
        session.redo(back)
        assert session.state == states[-1]
    for at in range(0, n + 1, max(1, n // 5)):
        child = session.fork(at)
        for entry in session.log[at:]:
            child.submit(entry.action, by=entry.by)
        assert child.state == session.state
        assert child.replay() == states
    loaded = session_from_dict(session_to_dict(session))
    assert loaded.state == session.state
    assert state_digest(loaded.state) == state_digest(session.state)


def test_the_random_games_exercise_every_kind_of_free_play() -> None:
    """The property above means something: its games propose, argue, rule and write."""
    kinds: set[str] = set()
    for game in range(12):
        session = random_game(game, game, umpire=game % 2 == 0)
        kinds |= {type(e.action).__name__ for e in session.log}
        kinds |= {e.kind for e in session.all_events()}
    assert {"ProposeFree", "ArgueFree", "RuleFree", "WriteInject", "Confirm"} <= kinds
    assert {"proposal", "argument", "free", "inject"} <= kinds


@functools.cache
def greenland() -> ScenarioIR:
    return load_scenario(ROOT / "scenarios" / "greenland.yaml")


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), where=st.lists(st.integers(0, 60), max_size=4))
def test_proposing_and_arguing_shift_no_later_die(seed: int, where: list[int]) -> None:
    """Greenland's moves roll dice and chances and its news fires by chance. A narrative
    free action (no levers: it changes nothing), proposed and argued at random moments,
    moves none of those rolls: the game plays on exactly as it did without it."""
    s = greenland()
    seats = {a.id: Seat(a.id, "bot", policy="random") for a in s.actors}
    alone = Session(s, seed=seed, seats=dict(seats))
    alone.run_bots()
    session = Session(s, seed=seed, seats=dict(seats))
    for index, entry in enumerate(alone.log):
        state = session.state
        if index in where:
            actors = s.phases[state.phase].actors
            proposer = s.actors[actors[state.cursor]].id
            arguer = s.actors[0 if actors[state.cursor] else 1]
            if session.check_legal(ProposeFree(proposer, "Words")) is None:
                session.submit(ProposeFree(proposer, "Words", ("reasons",)))
                number = session.state.free.proposed  # type: ignore[union-attr]
                session.submit(ArgueFree(arguer.id, number, "counter-reasons"))
        session.submit(entry.action, by=entry.by)
    proposed = any(index < len(alone.log) for index in where)
    assert any(e.kind == "free" for e in session.all_events()) == proposed
    same = {"log": alone.state.log, "steps": 0, "free": None}
    assert session.state._replace(**same) == alone.state._replace(**same)  # type: ignore[arg-type]
    rolls = [e.text for e in alone.all_events() if e.kind in ("roll", "inject", "notice")]
    assert [e.text for e in session.all_events() if e.kind in ("roll", "inject", "notice")] == (
        rolls
    )
