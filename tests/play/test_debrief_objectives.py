"""The debrief's objectives: each team once, each objective's text, its score at the start
and at the end; the timeline in the scenario's words, not its ids."""

from __future__ import annotations

from tests.helpers.bot_argument import a_bot_argues
from wargame.engine import Adjust, Override, PlayMove
from wargame.play.debrief import debrief_view
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import IDENTITY
from wargame.scenario.shipped import shipped_named
from wargame.session import Seat, Session


def _greenland() -> Session:
    path = shipped_named("greenland")
    assert path is not None
    ir = load_scenario(path)
    seats = {a.id: Seat(a.id, "bot", policy="random") for a in ir.actors}
    seats["denmark"] = Seat("denmark", "human", team="Team Copenhagen")
    return Session(ir, seed=7, seats=seats)


def test_each_team_once_with_its_objectives_scored_at_start_and_end() -> None:
    session = _greenland()
    for _ in range(500):
        session.run_bots()
        if session.is_over:
            break
        session.submit(session.legal_actions()[0], by="team:Team Copenhagen")
    assert session.is_over
    ir = session.scenario
    view = debrief_view(session, IDENTITY)
    playable = [a for a in ir.actors if a.playable and a.objectives]
    assert [t.actor for t in view.teams] == [a.name for a in playable]  # each once
    denmark = next(t for t in view.teams if t.actor == "Denmark")
    assert denmark.team == "Team Copenhagen"
    actor = ir.actors[ir.names.actors["denmark"]]
    assert [o.text for o in denmark.objectives] == [o.text for o in actor.objectives]
    for objective in denmark.objectives:
        assert objective.start and objective.end
        assert objective.start_value is not None and objective.end_value is not None
    assert any(o.start != o.end for t in view.teams for o in t.objectives)
    president = next(t for t in view.teams if t.actor == "The President")
    assert president.team == "bot: random"


def test_a_team_reads_only_its_own_objectives_before_the_end() -> None:
    session = _greenland()
    denmark = session.scenario.names.actors["denmark"]
    view = debrief_view(session, IDENTITY, denmark)
    assert [t.actor for t in view.teams] == ["Denmark"]


def test_the_timeline_names_outcomes_and_values_by_their_labels() -> None:
    path = shipped_named("greenland")
    assert path is not None
    ir = load_scenario(path)
    seats = {a.id: Seat(a.id, "bot", policy="random") for a in ir.actors}
    seats["advisers"] = Seat("advisers", "human", team="Hawks")
    session = Session(ir, seed=1, seats=seats, umpire=Seat("umpire", "human"))
    session.run_bots()
    session.submit(Adjust("escalation", 3, "a test"), by="umpire")
    session.submit(PlayMove("advisers", "cite_venezuela"), by="team:Hawks")
    from wargame.session import EVERY_DRAW

    session.umpire_rules = EVERY_DRAW
    session.run_bots()
    pending = session.state.pending
    assert pending is not None
    outcomes = ir.moves[pending.move].resolution.outcomes  # type: ignore[union-attr]
    other = outcomes[1 - pending.proposed]
    session.submit(Override(other.id, "the better case"), by="umpire")
    texts = [row.decision for row in debrief_view(session, IDENTITY).timeline]
    assert "set Escalation to 3: a test" in texts
    assert f"overrode with '{other.label}': the better case" in texts


def test_the_debriefs_cohesion_series_is_a_score_and_the_gauges_are_not() -> None:
    """Cohesion charts read in whole numbers like the dashboard; other gauges keep theirs."""
    session = _greenland()
    for _ in range(40):
        session.run_bots()
        if session.is_over:
            break
        session.submit(session.legal_actions()[0], by="team:Team Copenhagen")
    view = debrief_view(session, IDENTITY)
    cohesion = [s for s in view.series if s.label.endswith("cohesion")]
    assert cohesion and all(s.score for s in cohesion)
    assert all(not s.score for s in view.series if s not in cohesion)


def test_the_timeline_says_the_rules_rated_a_bot_s_argument() -> None:
    """With a human umpire a bot's argued move is rated neutral by the rules, and the log
    signs it `rules`: the debrief's timeline said "Umpire rated the argument neutral" (a
    Greenland 2.4 playthrough's umpire had rated nothing)."""
    session, rated = a_bot_argues()
    rows = {row.step: row for row in debrief_view(session, IDENTITY).timeline}
    for index in rated:
        assert rows[index].who == "The rules"
        assert rows[index].decision == "rated the bot's argument neutral by themselves"
