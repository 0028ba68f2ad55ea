"""Free play: the teams' own actions beside the moves, and news the umpire writes (issue 24).

The rules are docs/rules.md's "Free play": a team proposes in a phase it acts in, others
argue within the phase, the dice roll when the phase closes, the argument rule (or the
umpire) decides, and changes stay within the scenario's levers. Everything a person types
is checked as untrusted text.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from random import Random

import pytest

from wargame.engine import (
    UMPIRE,
    Action,
    Adjust,
    ArgueFree,
    Confirm,
    EndPhase,
    GameState,
    Pass,
    PlayMove,
    ProposeFree,
    Rate,
    RuleFree,
    WriteInject,
    action_from_dict,
    action_to_dict,
    awaiting_ruling,
    effects_of,
    initial_state,
    judge,
    legal_actions,
    open_actions,
    seat_events,
    step,
    to_act,
)
from wargame.engine.freetext import MAX_HEADLINE, MAX_TEXT
from wargame.errors import IllegalActionError, SaveFormatError
from wargame.scenario.ir import ScenarioIR

from .helpers import ScriptedRandom, die, load, play

LEVERS = "levers: {escalation: 2, secret_plans: 3, intel: 1, trust: 10, commitment: 5}\nflags:"
US, DENMARK, UK = 0, 1, 2


@pytest.fixture(scope="module")
def free() -> ScenarioIR:
    """The rules fixture with levers (secret_plans: the US only; intel: the umpire only)."""
    return load("rules", {"flags:": LEVERS})


@pytest.fixture(scope="module")
def counted() -> ScenarioIR:
    """Levers, and the matrix-game count: every argument counts strong (+2 / -2)."""
    rule = "arguments: {roll: 2d6, succeed_at: 8, unrated: strong}\n" + LEVERS
    return load("rules", {"flags:": rule})


def start(s: ScenarioIR, *, umpire: bool = False) -> GameState:
    return initial_state(s, umpire=umpire, rng=Random(1))


def refused(s: ScenarioIR, state: GameState, action: Action, words: str) -> None:
    with pytest.raises(IllegalActionError, match=re.escape(words)):
        step(s, state, action, Random(0))


def propose(s: ScenarioIR, state: GameState, action: ProposeFree, *faces: int) -> GameState:
    """`action`, its dice showing `faces` (they are rolled when it is proposed)."""
    rng = ScriptedRandom([die(f) for f in faces])
    state, _ = step(s, state, action, rng)
    assert not rng.values, "the dice scripted were not all rolled"
    return state


def close_phase(s: ScenarioIR, state: GameState) -> tuple[GameState, list[str]]:
    """Pass every actor still to act in the `moves` phase (then the orders phase starts,
    or the umpire rules). Returns the state and the events' texts."""
    texts: list[str] = []
    rng = ScriptedRandom([])  # closing a phase of passes draws nothing
    while to_act(s, state) not in (None, UMPIRE) and state.phase == 0:
        state, events = step(s, state, Pass(s.actors[to_act(s, state)].id), rng)  # type: ignore[index]
        texts += [e.text for e in events]
    return state, texts


# -- proposing and arguing ----------------------------------------------------------------------


def test_a_team_proposes_with_its_arguments_and_the_changes_it_asks_for(
    free: ScenarioIR,
) -> None:
    state, events = step(
        free,
        start(free),
        ProposeFree(
            "denmark",
            "Offer joint Arctic patrols",
            ("It reassures Washington", "It costs us little"),
            (("escalation", -1), ("trust[us][denmark]", 5)),
        ),
        Random(0),
    )
    (proposal,) = events
    assert proposal.kind == "proposal" and proposal.target == "free:1"
    assert "Denmark proposes a free action: “Offer joint Arctic patrols”" in proposal.text
    assert "asking for Escalation −1, The United States' trust in Denmark +5" in proposal.text
    (action,) = open_actions(state)
    assert (action.number, action.actor, action.turn, action.phase) == (1, DENMARK, 1, 0)
    assert [a.side for a in action.arguments] == ["for", "for"]
    assert to_act(free, state) == US  # a proposal is beside the turn order: it takes none
    state, events = step(free, state, ArgueFree("uk", 1, "Nobody will believe it"), Random(0))
    assert events[0].kind == "argument"
    assert "The United Kingdom argues against Denmark's free action" in events[0].text
    assert [a.actor for a in open_actions(state)[0].arguments] == [DENMARK, DENMARK, UK]


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (ProposeFree("nobody", "x"), "there is no actor 'nobody'"),
        (ProposeFree("denmark", "   "), "the free action is empty"),
        (ProposeFree("denmark", "x" * (MAX_TEXT + 1)), f"at most {MAX_TEXT} are allowed"),
        (ProposeFree("denmark", "bell\x07"), "control character U+0007"),
        (ProposeFree("denmark", "evil\u202eoverride"), "U+202E right-to-left override"),
        (ProposeFree("denmark", "a", ("1", "2", "3", "4")), "at most 3"),
        (ProposeFree("denmark", "a", ("",)), "argument 1 is empty"),
        (ProposeFree("denmark", "a", (), (("flags.talks", 1),)), "is not a lever"),
        (ProposeFree("denmark", "a", (), (("escalation", 3),)), "at most 2, not 3"),
        (ProposeFree("denmark", "a", (), (("escalation", 0),)), "changes nothing"),
        (ProposeFree("denmark", "a", (), (("escalation", float("nan")),)), "finite number"),
        (
            ProposeFree("denmark", "a", (), (("escalation", 1), (" escalation", -1))),
            "changed twice",
        ),
        (ProposeFree("denmark", "a", (), (("secret_plans", 1),)), "not a value your team can"),
        (ProposeFree("denmark", "a", (), (("moon", 1),)), "there is no variable 'moon'"),
        (ArgueFree("uk", 7, "no"), "no open free action number 7"),
    ],
)
def test_a_bad_proposal_is_refused_with_the_reason(
    free: ScenarioIR, action: Action, words: str
) -> None:
    refused(free, start(free), action, words)


def test_one_free_action_a_phase_one_argument_each_and_only_in_a_phase_one_acts_in(
    free: ScenarioIR,
) -> None:
    s = load(
        "rules",
        {
            "flags:": LEVERS,
            "actors: [us, denmark, uk]}\nmoves:": "actors: [us, denmark]}\nmoves:",
            "phase: orders\n    label: Stand firm": "phase: moves\n    label: Stand firm",
        },
    )
    state = play(s, start(s), Pass("us"), Pass("denmark"), Pass("uk"))
    refused(s, state, ProposeFree("uk", "Mine"), "does not act in the phase 'Orders'")
    state = play(s, state, ProposeFree("denmark", "Patrols"))
    refused(s, state, ProposeFree("denmark", "More"), "one a phase")
    refused(s, state, ArgueFree("denmark", 1, "yes"), "its arguments come with the proposal")
    state = play(s, state, ArgueFree("uk", 1, "no", "against"))  # arguing needs no turn
    refused(s, state, ArgueFree("uk", 1, "still no"), "one argument each")
    refused(s, state, ArgueFree("us", 1, "x", "maybe"), "`for` or `against`")  # type: ignore[arg-type]


def test_a_scenario_without_levers_allows_narrative_free_actions_only(rules: ScenarioIR) -> None:
    state = play(rules, start(rules), ProposeFree("uk", "Send a royal visit"))
    assert open_actions(state)[0].effects == ()
    refused(rules, start(rules), ProposeFree("uk", "a", (), (("escalation", 1),)), "no levers")


# -- ruling by the argument rule ---------------------------------------------------------------


def test_without_an_umpire_the_rule_decides_when_the_phase_closes(free: ScenarioIR) -> None:
    asked = (("escalation", -2), ("trust[us][uk]", 4))
    state = propose(free, start(free), ProposeFree("denmark", "Patrols", ("cheap",), asked), 3, 4)
    escalation, trust = state.vars[0], state.trust[US][UK]
    state, texts = close_phase(free, state)  # 3 + 4 = 7: exactly succeed_at
    assert open_actions(state) == () and state.phase == 1
    verdict = next(t for t in texts if "free action" in t and ": success" in t)
    assert "rolled 2d6: 3 + 4 = 7, +0 (neutral argument for, Denmark); total 7, needs 7+" in (
        verdict
    )
    assert "by the rules" in verdict
    assert state.vars[0] == escalation - 2 and state.trust[US][UK] == trust + 4


def test_a_failure_under_the_rule_changes_nothing(free: ScenarioIR) -> None:
    action = ProposeFree("denmark", "Patrols", (), (("escalation", -2),))
    state = propose(free, start(free), action, 1, 5)
    escalation = state.vars[0]
    state, texts = close_phase(free, state)
    assert any(": failure (rolled 2d6: 1 + 5 = 6" in t for t in texts)
    assert state.vars[0] == escalation


def test_the_matrix_count_each_argument_for_helps_and_each_against_hurts(
    counted: ScenarioIR,
) -> None:
    base = play(counted, start(counted), ProposeFree("denmark", "Patrols", ("a", "b")))
    action = replace(open_actions(base)[0], dice=(3, 3))
    assert judge(counted, action, ("strong", "strong")).total == 10
    argued = play(counted, base, ArgueFree("uk", 1, "no"), ArgueFree("us", 1, "never"))
    action = replace(open_actions(argued)[0], dice=(3, 3))
    judged = judge(counted, action, ("strong",) * 4)
    assert judged.total == 6 and not judged.success
    assert judged.modifiers[2] == ("strong argument against, The United Kingdom", -2.0)
    # A weak argument hurts the side it argues: weak against counts for the proposer.
    assert judge(counted, action, ("strong", "strong", "weak", "weak")).total == 14


# -- ruling by the umpire ----------------------------------------------------------------------


def waiting(s: ScenarioIR) -> GameState:
    action = ProposeFree("denmark", "Patrols", ("cheap",), (("escalation", -1),))
    state = propose(s, start(s, umpire=True), action, 2, 2)
    state, texts = close_phase(s, state)
    assert any(t.startswith("Awaiting the umpire's ruling on Denmark's free action") for t in texts)
    return state


def test_with_an_umpire_the_game_waits_for_the_ruling(free: ScenarioIR) -> None:
    state = waiting(free)
    assert to_act(free, state) == UMPIRE and awaiting_ruling(state) is not None
    assert awaiting_ruling(state).dice == (2, 2)  # type: ignore[union-attr]
    assert state.phase == 0  # the phase closes once the ruling is made
    assert legal_actions(free, state, UMPIRE) == [Confirm()]
    assert legal_actions(free, state, US) == []
    refused(free, state, Pass("us"), "the umpire has yet to rule on the phase's free actions")
    refused(free, state, EndPhase(), "rule on its free actions to go on")
    refused(free, state, Rate("strong"), "a free action waits")
    refused(free, state, ProposeFree("uk", "late"), "in the next phase")
    refused(free, state, ArgueFree("uk", 1, "late"), "in the next phase")
    state = play(free, state, Adjust("escalation", 5, "meanwhile"))  # controls still work
    assert to_act(free, state) == UMPIRE


@pytest.mark.parametrize(
    ("ruling", "words"),
    [
        (RuleFree(2, ("strong",)), "no free action waits"),
        (RuleFree(1, ()), "rate each of the 1 arguments"),
        (RuleFree(1, ("superb",)), "a rating is strong, neutral or weak"),  # type: ignore[arg-type]
        (RuleFree(1, ("weak",), "success"), "against the dice needs a reason"),
        (RuleFree(1, ("weak",), "maybe"), "dice, success or failure"),  # type: ignore[arg-type]
        (RuleFree(1, ("weak",), "dice", (("escalation", -3),)), "at most 2, not 3"),
        (RuleFree(1, ("weak",), "dice", (("flags.talks", 1),)), "is not a lever"),
        (RuleFree(1, ("weak",), "dice", (), "why\nnot"), "line breaks are not allowed"),
    ],
)
def test_a_bad_ruling_is_refused(free: ScenarioIR, ruling: RuleFree, words: str) -> None:
    state = waiting(free)
    if ruling.free == 2:
        state = state._replace(free=replace(state.free, waiting=False))  # type: ignore[type-var]
    refused(free, state, ruling, words)


def test_the_umpire_rates_rules_against_the_dice_and_chooses_the_changes(
    free: ScenarioIR,
) -> None:
    state = waiting(free)  # 2 + 2 = 4: a failure whatever the one argument's rating
    before = state.vars
    state, events = step(
        free,
        state,
        RuleFree(
            1,
            ("strong",),
            "success",
            (("secret_plans", 3), ("commitment[nato][uk]", -5)),
            "the room was convinced",
        ),
        Random(0),
    )
    verdict = events[0]
    assert verdict.kind == "free" and verdict.cause == "free:1"
    assert "success" in verdict.text and "+2 (strong argument for, Denmark)" in verdict.text
    assert "the umpire ruled it a success against the dice: the room was convinced" in (
        verdict.text
    )
    assert state.vars[1] == before[1] + 3 and state.vars[0] == before[0]  # not what was asked
    assert state.phase == 1 and to_act(free, state) == US
    # The changes are the ruling's, shown to each seat as it may see them.
    changed = effects_of(events, 0, "umpire")
    assert [e.target for e in changed if e.kind == "effect"] == [
        "var:secret_plans",
        "commitment:nato:uk",
    ]
    assert [e.target for e in effects_of(events, 0, DENMARK) if e.kind == "effect"] == [
        "commitment:nato:uk"
    ]


def test_confirming_applies_what_the_rule_gives(free: ScenarioIR) -> None:
    action = ProposeFree("denmark", "P", (), (("escalation", -1),))
    state = propose(free, start(free, umpire=True), action, 6, 6)
    state, _ = close_phase(free, state)
    confirmed, events = step(free, state, Confirm("fair"), Random(0))
    assert "confirmed by the umpire: fair" in events[0].text
    assert confirmed.vars[0] == state.vars[0] - 1


def test_several_free_actions_are_ruled_in_the_order_proposed(free: ScenarioIR) -> None:
    state = propose(free, start(free, umpire=True), ProposeFree("uk", "First"), 1, 1)
    state = propose(free, state, ProposeFree("us", "Second"), 6, 6)
    state, _ = close_phase(free, state)
    assert [a.dice for a in open_actions(state)] == [(1, 1), (6, 6)]
    refused(free, state, RuleFree(2, ()), "rule on free action 1 first")
    state = play(free, state, RuleFree(1, ()))
    assert to_act(free, state) == UMPIRE and awaiting_ruling(state).number == 2  # type: ignore[union-attr]
    state = play(free, state, Confirm())
    assert to_act(free, state) == US and state.phase == 1 and state.free.open == ()  # type: ignore[union-attr]


def test_a_free_action_in_a_simultaneous_phase_is_ruled_after_the_orders(
    free: ScenarioIR,
) -> None:
    state = play(free, start(free), Pass("us"), Pass("denmark"), Pass("uk"))
    assert state.phase == 1
    action = ProposeFree("denmark", "Quiet word", (), (("escalation", -1),))
    state = propose(free, state, action, 6, 6)
    rng = ScriptedRandom([])
    kinds: list[str] = []
    for actor in ("us", "denmark", "uk"):
        state, events = step(free, state, Pass(actor), rng)
        kinds += [e.kind for e in events]
    assert kinds.index("reveal") < kinds.index("free") < kinds.index("turn")


def test_a_confirming_umpire_changes_nothing(free: ScenarioIR) -> None:
    """The same script with and without an umpire who confirms: the same game."""
    script: list[Action] = [
        ProposeFree("denmark", "Patrols", ("cheap",), (("escalation", -1),)),
        PlayMove("us", "threaten"),
        ArgueFree("us", 1, "no", "against"),
        PlayMove("denmark", "gamble"),
        ProposeFree("uk", "Mediate", (), (("trust[us][denmark]", 10),)),
        PlayMove("uk", "roll_dice"),
        PlayMove("us", "mobilize"),
        Pass("denmark"),
        Pass("uk"),
    ]
    rng_alone, rng_umpired = Random(5), Random(5)
    alone, umpired = start(free), start(free, umpire=True)
    for action in script:
        alone, _ = step(free, alone, action, rng_alone)
        umpired, _ = step(free, umpired, action, rng_umpired)
        while to_act(free, umpired) == UMPIRE:
            umpired, _ = step(free, umpired, Confirm(), rng_umpired)
    assert alone.free is not None and alone.free.proposed == 2
    rules_view = {"umpire": False, "steps": 0, "log": alone.log}
    assert umpired._replace(**rules_view) == alone._replace(**rules_view)  # type: ignore[arg-type]


# -- written news ------------------------------------------------------------------------------


def test_the_umpire_writes_news_for_some_seats_with_changes(free: ScenarioIR) -> None:
    state, events = step(
        free,
        start(free),
        WriteInject(
            "Danish frigate spotted",
            "Off Nuuk, at dawn.",
            ("denmark", "uk"),
            (("escalation", 1), ("secret_plans", -2)),
        ),
        Random(0),
    )
    news = events[0]
    assert (news.kind, news.cause, news.visible_to) == ("inject", "news:1", (DENMARK, UK))
    assert news.text == "News: Danish frigate spotted. Off Nuuk, at dawn."
    assert seat_events(events, US)[0].kind == "effect"  # the change, not its cause
    assert seat_events(events, US)[0].cause == ""
    assert [e.text for e in seat_events(events, DENMARK)][:2] == [
        news.text,
        "Escalation rose from 2 to 3 because of the news 'Danish frigate spotted'",
    ]
    assert not any("Secret plans" in e.text for e in seat_events(events, DENMARK))
    assert state.free is not None and state.free.written == 1


def test_news_for_the_next_turn_appears_when_it_begins(free: ScenarioIR) -> None:
    state, events = step(
        free, start(free), WriteInject("Summit called", "", None, (), "next_turn"), Random(0)
    )
    assert [e.visible_to for e in events] == [()]  # only the umpire knows it is coming
    assert state.free.scheduled and state.free.written == 1  # type: ignore[union-attr]
    texts: list[str] = []
    rng = Random(3)
    while state.turn == 1:
        state, events = step(free, state, legal_actions(free, state, to_act(free, state))[-1], rng)  # type: ignore[arg-type]
        texts += [e.text for e in events]
    turn = texts.index("Turn 2 of 4 (February 2026) begins")
    assert texts[turn + 1] == "News: Summit called"
    assert state.free.scheduled == ()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("news", "words"),
    [
        (WriteInject(""), "the headline is empty"),
        (WriteInject("x" * (MAX_HEADLINE + 1)), f"at most {MAX_HEADLINE}"),
        (WriteInject("two\nlines"), "line breaks are not allowed"),
        (WriteInject("ok", "\x1b[31mred"), "U+001B"),
        (WriteInject("ok", "", ("nobody",)), "no actor 'nobody'"),
        (WriteInject("ok", "", ("uk", "uk")), "named twice"),
        (WriteInject("ok", "", None, (("escalation", 5),)), "at most 2, not 5"),
        (WriteInject("ok", at="someday"), "`now` or at the `next_turn`"),  # type: ignore[arg-type]
    ],
)
def test_bad_news_is_refused(free: ScenarioIR, news: WriteInject, words: str) -> None:
    refused(free, start(free), news, words)


def test_no_news_for_a_turn_after_the_last(free: ScenarioIR) -> None:
    last = start(free)._replace(turn=free.calendar.turns)
    refused(free, last, WriteInject("x", at="next_turn"), "there is no next turn")


# -- the log ---------------------------------------------------------------------------------


FREE_ACTIONS: list[Action] = [
    ProposeFree("denmark", "Patrols “now”\nand later", ("a", "b"), (("escalation", -1.5),)),
    ProposeFree("uk", "Narrative only"),
    ArgueFree("us", 3, "No"),
    ArgueFree("us", 3, "Yes", "for"),
    RuleFree(3, ("strong", "weak"), "failure", (("trust[us][uk]", -2.0),), "the room"),
    RuleFree(1, ()),
    WriteInject("Headline", "Text", ("uk",), (("intel", 1.0),), "next_turn"),
    WriteInject("Headline", to=()),
    WriteInject("Headline"),
]


@pytest.mark.parametrize("action", FREE_ACTIONS)
def test_free_play_actions_round_trip_through_json(action: Action) -> None:
    raw = json.loads(json.dumps(action_to_dict(action)))
    assert action_from_dict(raw) == action


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"type": "propose", "actor": "uk", "text": "x", "arguments": "one"}, "must be a list"),
        ({"type": "propose", "actor": "uk", "text": "x", "arguments": [1]}, "list of strings"),
        ({"type": "propose", "actor": "uk", "text": "x", "effects": [["a"]]}, "pair"),
        ({"type": "propose", "actor": "uk", "text": "x", "effects": [["a", "1"]]}, "number"),
        ({"type": "propose", "actor": "uk", "text": "x", "arguments": ["a"] * 65}, "more than"),
        ({"type": "argue", "actor": "uk", "free": "1", "text": "x"}, "whole number"),
        ({"type": "argue", "actor": "uk", "free": True, "text": "x"}, "whole number"),
        ({"type": "argue", "actor": "uk", "free": 1, "text": "x", "side": "up"}, "side must be"),
        ({"type": "rule", "free": 1, "ratings": ["great"]}, None),
        ({"type": "rule", "free": 1, "ratings": [], "verdict": "yes"}, "verdict must be"),
        ({"type": "write_inject", "headline": "x", "to": "uk"}, "must be a list"),
        ({"type": "write_inject", "headline": "x", "at": "later"}, "at must be"),
    ],
)
def test_bad_free_play_records_are_refused(raw: dict[str, object], words: str | None) -> None:
    if words is None:  # well formed; the rules refuse the rating (a replay says where)
        assert isinstance(action_from_dict(raw), RuleFree)
        return
    with pytest.raises(SaveFormatError, match=re.escape(words)):
        action_from_dict(raw)
