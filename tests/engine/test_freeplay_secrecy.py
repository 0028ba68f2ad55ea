"""Free play keeps hidden information hidden (issue 24, with issue 18's filter): a free
action asking to move a hidden value, a ruling that moves one, and news written for some
seats give nothing away to the others, in any seat's events or report."""

from __future__ import annotations

import json
from random import Random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.secrecy import hidden_from, leaks
from tests.helpers.secret_games import secret_scenarios
from wargame.engine import (
    OBSERVER,
    UMPIRE,
    Action,
    ArgueFree,
    ProposeFree,
    RuleFree,
    Viewer,
    WriteInject,
    awaiting_ruling,
    can_see,
    seat_events,
)
from wargame.report.from_session import session_report
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_text
from wargame.session import Seat, Session


def with_levers(scenario: ScenarioIR) -> ScenarioIR:
    document = json.loads(scenario.source_text)
    document["levers"] = {v: 200 for v in document["variables"]} | {"trust": 10}
    return load_text(json.dumps(document), "secrets.yaml")


def free_play(session: Session, rng: Random) -> Action | None:
    s, state = session.scenario, session.state
    hidden = [v for v in s.variables if v.visible_to is not None]
    roll = rng.random()
    if roll < 0.4 and isinstance(session.to_act, int):
        actor = session.to_act
        asked = [
            (v.id, float(rng.choice([-113, 37])))
            for v in s.variables
            if can_see(v.visible_to, actor)
        ]
        return ProposeFree(s.actors[actor].id, "Our own idea", ("why",), tuple(asked[:2]))
    if roll < 0.6 and state.free is not None and state.free.open:
        target = state.free.open[-1]
        arguer = (target.actor + 1) % len(s.actors)
        return ArgueFree(s.actors[arguer].id, target.number, "why not")
    if roll < 0.8:
        readers = tuple(a.id for a in s.actors if rng.random() < 0.5)
        changes = tuple((v.id, 37.0) for v in hidden[:1])
        return WriteInject("Bulletin", "Some read it.", readers, changes, "now")
    return None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=secret_scenarios(), seed=st.integers(0, 10**6), umpire=st.booleans())
def test_free_play_gives_no_secret_away(scenario: ScenarioIR, seed: int, umpire: bool) -> None:
    s = with_levers(scenario)
    session = Session(
        s,
        seed=seed,
        seats={a.id: Seat(a.id, "human") for a in s.actors},
        umpire=Seat("umpire", "human") if umpire else None,
    )
    rng = Random(seed)
    for _ in range(120):
        if session.is_over:
            break
        extra = free_play(session, rng) if rng.random() < 0.4 else None
        if extra is not None and session.check_legal(extra) is None:
            session.submit(extra)
            continue
        waiting = awaiting_ruling(session.state)
        if waiting is not None:
            hidden = [v.id for v in s.variables if v.visible_to is not None]
            session.submit(RuleFree(waiting.number, ("strong",) * len(waiting.arguments),
                                    "dice", tuple((v, -71.0) for v in hidden[:1]), "ruled"))
            continue
        session.submit(rng.choice(session.legal_actions()))
    states = [session.state_at(i) for i in range(session.step_index + 1)]
    viewers: list[Viewer] = [*range(len(s.actors)), OBSERVER]
    for viewer in viewers:
        secrets = hidden_from(s, viewer, states)
        shown = list(seat_events(session.all_events(), viewer))
        found = leaks(s, viewer, shown, states, hidden=secrets)
        report = session_report(session, viewer=viewer)
        found += leaks(s, viewer, [repr(report)], states, hidden=secrets)
        assert not found, f"shown to {viewer!r}:\n" + "\n".join(found[:10])
    assert session_report(session, viewer=UMPIRE)
