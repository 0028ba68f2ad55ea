"""`wargame graph`: pinned Mermaid and DOT for a small scenario, filters, levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.authoring.graph import AUTO_MOVES, GraphError, build_graph, to_dot, to_mermaid
from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "authoring"
SMALL = FIXTURES / "graph_small.yaml"


def test_mermaid_is_pinned() -> None:
    text = to_mermaid(build_graph(load_scenario(SMALL)))
    assert text == (FIXTURES / "graph_small.mmd").read_text(encoding="utf-8")


def test_dot_is_pinned() -> None:
    text = to_dot(build_graph(load_scenario(SMALL)))
    assert text == (FIXTURES / "graph_small.dot").read_text(encoding="utf-8")


def test_what_is_drawn() -> None:
    g = build_graph(load_scenario(SMALL))
    # `noise` is read by no condition and no odds, so the move that only changes it is left
    # out; `mood` drives a chance, so it and the move that changes it are drawn.
    assert "v_noise" not in g.nodes and g.omitted == ["m_hum"]
    assert {"v_mood", "m_sing", "m_patrol", "i_rumour"} <= set(g.nodes)
    labels = {(e.source, e.target): e.label for e in g.edges.values()}
    assert labels[("m_gamble", "v_tension")] == "win: −3, lose: +1"
    assert labels[("f_talks", "m_talk")] == "not"
    assert labels[("v_tension", "e_war")] == ">= 8"
    assert labels[("k_pact", "e_war")] == "collapsed"
    assert labels[("m_shout", "k_pact")] == "−"  # trust between members moves cohesion
    assert labels[("v_mood", "m_gamble")] == "p(win)"
    assert labels[("v_tension", "m_patrol")] == "roll −1 if >= 6"
    assert labels[("f_talks", "i_rumour")] == "chance"
    kinds = {(e.source, e.target): e.kind for e in g.edges.values()}
    assert kinds[("v_mood", "m_gamble")] == "odds" and kinds[("v_tension", "m_gamble")] == "enables"


def test_the_flagship_draws_what_drives_its_chances_and_dice() -> None:
    """Before: only values a `when:` reads were drawn, so `resistance` (it shifts the
    funding ban's roll) was missing and the moves that raise it were listed as changing
    "nothing a condition reads"."""
    ir = load_scenario(ROOT / "scenarios" / "greenland.yaml")
    graph = build_graph(ir, level="moves")
    odds = {(e.source, e.target): e.label for e in graph.edges.values() if e.kind == "odds"}
    assert odds[("v_resistance", "m_authorize_force")] == "p(passes)"
    assert odds[("v_approval", "m_sign_access_deal")] == "p(signed)"
    assert odds[("v_resistance", "m_cut_funds")] == "roll ±"
    assert odds[("f_war_powers", "m_cut_funds")] == "roll +1"
    assert odds[("v_authorization", "m_order_seizure")] == "roll +2 if >= 50, roll −1 if < 50"
    assert odds[("t_us__uk", "m_uk_mediation")] == "roll +1 if >= 60"
    assert odds[("k_nato", "m_argue_at_summit")] == "roll −1 if < 60"
    assert "m_warn_privately" in graph.nodes and "m_warn_privately" not in graph.omitted
    assert ("m_warn_privately", "v_resistance") in {
        (e.source, e.target) for e in graph.edges.values() if e.kind == "changes"
    }
    dot = to_dot(graph)
    assert 'v_resistance -> m_cut_funds [style=dotted, label="roll ±"];' in dot


def test_focus_keeps_what_leads_to_the_ending() -> None:
    g = build_graph(load_scenario(SMALL), focus="peace")
    assert {n for n in g.nodes if n.startswith("e_")} == {"e_peace"}
    assert "k_pact" not in g.nodes  # cohesion only matters to `war`
    assert {"m_talk", "m_gamble", "m_shout", "i_storm"} <= set(g.nodes)


def test_actor_filter() -> None:
    g = build_graph(load_scenario(SMALL), actor="south")
    assert {n for n in g.nodes if n.startswith("m_")} == {"m_shout", "m_sing", "m_patrol"}
    assert {"v_tension", "k_pact", "e_war", "e_peace"} <= set(g.nodes)


def test_unknown_filters_are_refused_with_a_suggestion() -> None:
    ir = load_scenario(SMALL)
    with pytest.raises(GraphError, match="did you mean `peace`"):
        build_graph(ir, focus="peac")
    with pytest.raises(GraphError, match="no actor `west`"):
        build_graph(ir, actor="west")


def test_large_scenarios_are_drawn_by_actor() -> None:
    ir = load_scenario(ROOT / "scenarios" / "greenland.yaml")
    assert len(ir.moves) > AUTO_MOVES
    overview = build_graph(ir)
    assert not any(n.kind == "move" for n in overview.nodes.values())
    assert "a_president" in overview.nodes
    directions = {"+", "−", "±", "=", "×", "set", "clear", "…"}
    for edge in overview.edges.values():
        if edge.kind == "changes":
            assert set(edge.label.split(", ")) <= directions, edge.label
    detailed = build_graph(ir, level="moves", actor="president")
    assert "m_order_seizure" in detailed.nodes
    assert "e_greenland_occupied" in detailed.nodes


def test_the_mermaid_overview_reads_left_to_right_actors_values_endings() -> None:
    """Mermaid's layout tangles arrows back into the actors, so the overview leaves them out."""
    graph = build_graph(load_scenario(ROOT / "scenarios" / "greenland.yaml"))
    text = to_mermaid(graph)
    assert '  subgraph g_actors["Actors"]' in text
    assert '  subgraph g_state["Values and facts"]' in text
    actors = {n.id for n in graph.nodes.values() if n.kind == "actor"}
    drawn = [line.split() for line in text.splitlines() if "-.->" in line]
    assert drawn and not any(parts[-1] in actors for parts in drawn)
    gated = sum(1 for e in graph.edges.values() if e.kind != "changes" and e.target in actors)
    assert f"%% not shown: {gated} conditions and odds of actors' moves" in text
    assert any(e.target in actors for e in graph.edges.values() if e.kind != "changes")
