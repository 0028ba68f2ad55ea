"""Free play in the game flow (issue 24), without a screen: the umpire's ruling on a free
action comes after the hand-over to the umpire; a team's new messages come right after its
own hand-over and briefing, and never before another team; the views say it in words."""

from __future__ import annotations

from pathlib import Path
from random import Random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engine.test_freeplay_secrecy import free_play, with_levers
from tests.helpers.secrecy import assert_no_leaks
from tests.helpers.secret_games import secret_scenarios
from wargame.engine import (
    UMPIRE,
    ArgueFree,
    Pass,
    ProposeFree,
    RuleFree,
    Viewer,
    awaiting_ruling,
)
from wargame.play import (
    FreeRuling,
    GameFlow,
    HandOver,
    Letters,
    Presentation,
    Result,
)
from wargame.play.freeplay import free_result_view, levers_for, recipients_for
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_text
from wargame.scenario.masking import IDENTITY
from wargame.session import ALL, Seat, Session

from .test_flow import observe

FIXTURES = Path(__file__).resolve().parents[1] / "tui" / "fixtures"
STRAIT = load_text(
    (FIXTURES / "strait.yaml").read_text(encoding="utf-8") + "\nlevers: {tension: 2, trust: 5}\n",
    "strait.yaml",
)


def _session(umpire: bool) -> Session:
    seats = {a.id: Seat(a.id, "human", team=a.name) for a in STRAIT.actors}
    return Session(STRAIT, seed=7, seats=seats, umpire=Seat("umpire", "human") if umpire else None)


def test_the_umpire_rules_on_a_free_action_after_taking_the_keyboard() -> None:
    session = _session(umpire=True)
    flow = GameFlow(session, IDENTITY)
    flow.after_steps(0)
    start = session.step_index
    session.submit(ProposeFree("blue", "We escort the freighters", (), (("tension", -1.0),)))
    for actor in ("blue", "red", "green"):
        session.submit(Pass(actor))
    shown = flow.after_steps(start)
    assert session.to_act == UMPIRE
    hand = [item for item in shown if isinstance(item, HandOver)]
    assert hand and hand[-1].detail == "A free action is waiting for a ruling."
    ruling = shown[-1]
    assert isinstance(ruling, FreeRuling)
    view = ruling.view
    assert view.text == "We escort the freighters" and view.asked_words == "Tension −1"
    words, total, success = view.total(())
    assert total == sum(view.dice) and success == (total >= 7) and "needs 7" in words


def test_a_teams_letters_wait_behind_its_own_curtain() -> None:
    session = _session(umpire=False)
    flow = GameFlow(session, IDENTITY)
    flow.after_steps(0)
    assert flow.viewer == 0
    session.send("blue", "green", "Stay with us")
    start = session.step_index
    session.submit(Pass("blue"))
    to_red = flow.after_steps(start)
    assert flow.viewer == 1 and not any(isinstance(item, Letters) for item in to_red)
    start = session.step_index
    session.submit(Pass("red"))
    to_green = flow.after_steps(start)
    assert flow.viewer == 2
    kinds = [type(item).__name__ for item in to_green]
    assert kinds.index("HandOver") < kinds.index("Letters")
    letters = next(item for item in to_green if isinstance(item, Letters))
    assert [(m.sender, m.to, m.text) for m in letters.messages] == [
        ("Blue", "Green", "Stay with us")
    ]
    assert flow.next_up() == []  # read once
    assert [m.text for m in flow.messages()] == ["Stay with us"]


def test_who_writes_to_whom_and_which_levers_a_team_may_name() -> None:
    session = _session(umpire=True)
    assert recipients_for(session, "blue", IDENTITY) == (
        ("red", "Red"),
        ("green", "Green"),
        (UMPIRE, "Umpire"),
    )
    assert recipients_for(session, UMPIRE, IDENTITY)[0] == (ALL, "Everyone")
    assert recipients_for(session, None, IDENTITY) == ()
    blue = {lever.target for lever in levers_for(STRAIT, 0, IDENTITY)}
    assert "tension" in blue and "trust[red][blue]" in blue
    assert all(not target.startswith("red_resolve") for target in blue)  # hidden from Blue


# -- the result card of a ruled free action --------------------------------------------------


def _shown_to(flow: GameFlow, start: int) -> list[tuple[object, Presentation]]:
    """The presentations after the steps since `start`, each with whose eyes are on the
    screen as it shows (a hand-over passes the keyboard)."""
    before = flow.viewer
    shown = flow.after_steps(start)
    out: list[tuple[object, Presentation]] = []
    eyes = before
    for item in shown:
        if isinstance(item, HandOver):
            eyes = item.viewer
        out.append((eyes, item))
    return out


def _cards(shown: list[tuple[object, Presentation]]) -> list[tuple[object, Result]]:
    return [
        (eyes, item)
        for eyes, item in shown
        if isinstance(item, Result) and item.title == "Result: your free action"
    ]


def _propose_and_close(session: Session) -> None:
    session.submit(
        ProposeFree("blue", "We escort the freighters", ("It calms the sea lanes",),
                    (("tension", -1.0),))
    )
    session.submit(ArgueFree("red", 1, "Escorts provoke", "against"))
    for actor in ("blue", "red", "green"):
        session.submit(Pass(actor))


def test_the_ruled_team_reads_its_card_after_its_own_hand_over_never_before_another() -> None:
    session = _session(umpire=True)
    flow = GameFlow(session, IDENTITY)
    flow.after_steps(0)
    start = session.step_index
    _propose_and_close(session)
    assert not _cards(_shown_to(flow, start))
    start = session.step_index
    session.submit(
        RuleFree(1, ("strong", "weak"), "dice", (("tension", -2.0),), "Escorts reassure shippers")
    )
    cards: list[tuple[object, Result]] = []
    for _ in range(10):
        shown = _shown_to(flow, start)
        cards += _cards(shown)
        if cards:
            break
        start = session.step_index
        session.submit(Pass(STRAIT.actors[session.to_act].id))  # type: ignore[index]
    [(eyes, card)] = cards
    assert eyes == 0  # Blue's, behind Blue's hand-over
    view = free_result_view(session, 1, IDENTITY)
    assert view is not None
    dice = sum(view.dice)
    total = dice + 2 + 2  # a strong argument for (+2), a weak one against (−(−2))
    success = total >= 7
    assert card.outcome == f"{'Success' if success else 'Failure'}: “We escort the freighters”"
    assert card.roll.startswith(f"Dice {' + '.join(map(str, view.dice))} = {dice}")
    assert card.detail == (
        "+2  Blue, for, rated strong: “It calms the sea lanes”",
        "+2  Red, against, rated weak: “Escorts provoke”",
        f"Total {total}: {'a success' if success else 'a failure'}",
    )
    assert any(line.startswith("Tension") for line in card.effects), card.effects
    assert card.reason == "Escorts reassure shippers"
    assert card.dice == view.dice and card.audience == (flow.audience(0),)


def test_against_the_dice_the_card_says_so_and_a_hosted_seat_reads_only_its_own() -> None:
    session = _session(umpire=True)
    flows = {seat: GameFlow(session, IDENTITY, seat=seat) for seat in (0, 1, 2, UMPIRE)}
    for flow in flows.values():
        flow.after_steps(0)
    start = session.step_index
    _propose_and_close(session)
    view_dice = session.state.free.open[0].dice  # type: ignore[union-attr]
    by_dice = sum(view_dice) >= 7
    verdict = "failure" if by_dice else "success"
    session.submit(RuleFree(1, ("neutral", "neutral"), verdict, (), "The convoy never sailed"))
    cards = {seat: _cards(_shown_to(flow, start)) for seat, flow in flows.items()}
    assert not cards[1] and not cards[2] and not cards[UMPIRE]
    [(_, card)] = cards[0]
    word = "a success" if not by_dice else "a failure"
    assert card.detail[-1].endswith(f"; the umpire ruled it {word} against the dice")
    assert card.effects == ("Nothing changes.",)
    assert card.reason == "The convoy never sailed"


def test_without_an_umpire_the_rule_decides_and_the_card_waits_for_its_team() -> None:
    session = _session(umpire=False)
    flow = GameFlow(session, IDENTITY)
    flow.after_steps(0)
    start = session.step_index
    session.submit(ProposeFree("blue", "We escort the freighters", (), (("tension", -1.0),)))
    session.submit(Pass("blue"))
    session.submit(Pass("red"))
    assert not _cards(_shown_to(flow, start))  # Red on screen
    start = session.step_index
    session.submit(Pass("green"))  # the phase closes: the argument rule rules
    shown = _shown_to(flow, start)
    [(eyes, card)] = _cards(shown)
    assert eyes == 0 and card.reason == ""
    total = sum(card.dice)
    assert card.detail == (f"Total {total}: {'a success' if total >= 7 else 'a failure'}",)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=secret_scenarios(), seed=st.integers(0, 10**6), data=st.data())
def test_free_action_cards_go_only_to_their_team_and_show_it_nothing_hidden(
    scenario: ScenarioIR, seed: int, data: st.DataObject
) -> None:
    """Random scenarios full of secrets, every seat human, free actions asking to move
    values and rulings moving hidden ones: at each screen (hot seat, or each team's), a
    free action's card goes only to the team that proposed it, after its own hand-over,
    and nothing it or anything else shown says gives a secret away."""
    s = with_levers(scenario)
    umpire = data.draw(st.booleans())
    seat = data.draw(st.sampled_from([*range(len(s.actors)), None]))
    session = Session(
        s,
        seed=seed,
        seats={a.id: Seat(a.id, "human", team=a.name) for a in s.actors},
        umpire=Seat("umpire", "human") if umpire else None,
    )
    flow = GameFlow(session, IDENTITY, seat=seat)
    rng = Random(seed)
    shown_to: dict[Viewer, list[str]] = {}
    start = 0
    def card_to_its_team(item: Presentation, reader: Viewer | None) -> None:
        if isinstance(item, Result) and item.title == "Result: your free action":
            assert reader is not None and item.audience == (flow.audience(reader),)

    for _ in range(200):
        observe(flow, start, seat, shown_to, card_to_its_team)
        if session.is_over:
            break
        start = session.step_index
        waiting = awaiting_ruling(session.state)
        if waiting is not None:
            hidden = [v.id for v in s.variables if v.visible_to is not None]
            session.submit(
                RuleFree(waiting.number, ("strong",) * len(waiting.arguments), "dice",
                         tuple((v, -71.0) for v in hidden[:1]), "ruled")
            )
            continue
        extra = free_play(session, rng) if rng.random() < 0.4 else None
        if extra is not None and session.check_legal(extra) is None:
            session.submit(extra)
            continue
        session.submit(rng.choice(session.legal_actions()))
    states = [session.state_at(i) for i in range(session.step_index + 1)]
    for reader, texts in shown_to.items():
        assert_no_leaks(s, reader, texts, states)


def test_lever_labels_use_the_same_possessive_as_the_rules_text() -> None:
    """Congress's trust, the generals' trust: the free-play levers word a possessive as
    scenario.plain does (they wrote "Congress'" while the rules wrote "Congress's")."""
    root = Path(__file__).resolve().parents[2]
    scenario = load_text((root / "scenarios" / "greenland.yaml").read_text(encoding="utf-8"))
    labels = {lever.target: lever.label for lever in levers_for(scenario, ALL, IDENTITY)}
    assert labels["trust[congress][president]"].startswith("Congress's trust in ")
    assert labels["trust[generals][president]"].startswith("The generals' trust in ")
