"""The game flow without a screen: what each kind of screen presents, in what order.

A hot-seat screen (the viewer follows who acts), a hot-seat game with a human umpire, a
hosted seat (one team's screen), and the projector (public information only) each play the
fixture game; the order of presentations is checked after every step, and what each
presentation says is checked against what its viewer may see.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.secrecy import assert_no_leaks
from tests.helpers.secret_games import secret_scenarios
from wargame.engine import OBSERVER, UMPIRE
from wargame.play import (
    Briefing,
    Ending,
    GameFlow,
    HandOver,
    ModuleOpening,
    News,
    Presentation,
    QuestionsDue,
    Result,
    Ruling,
    UmpireNote,
    Viewer,
)
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario, load_text
from wargame.scenario.masking import IDENTITY
from wargame.session import Seat, Session

FIXTURES = Path(__file__).resolve().parents[1] / "tui" / "fixtures"
STORM = """    effects: ["tension -= 1"]"""
STRAIT = load_text(
    # The TUI's fixture, with a public inject that also moves a hidden value (Red's
    # resolve): the news reaches everyone, that change only Red and the umpire.
    (FIXTURES / "strait.yaml").read_text(encoding="utf-8").replace(
        STORM, """    effects: ["tension -= 1", "red_resolve += 1"]""", 1
    ),
    "strait.yaml",
)

Log = list[tuple[Viewer | None, list[Presentation]]]
"""(the viewer on screen as the steps were taken, the presentations that followed)."""


def _session(*, humans: tuple[str, ...], umpire: str | None = None, seed: int = 7) -> Session:
    seats = {
        a.id: Seat(a.id, "human", team=a.name) if a.id in humans else Seat(a.id, "bot:weighted")
        for a in STRAIT.actors
        if a.playable
    }
    return Session(
        STRAIT, seed=seed, seats=seats, umpire=Seat("umpire", umpire) if umpire else None
    )


def play(
    flow: GameFlow, choose: Callable[[Session], int] = lambda s: 0, steps: int = 200
) -> Log:
    """Play `flow`'s game to the end the way an app does: bots run, then the presentations
    of the steps since the last decision, then the next decision (the first legal action,
    or `choose`'s pick)."""
    session = flow.session
    log: Log = []
    start = 0
    for _ in range(steps):
        if flow.bots_to_act:
            session.run_bots()
        log.append((flow.viewer, flow.after_steps(start)))
        if session.is_over:
            return log
        start = session.step_index
        actions = session.legal_actions()
        session.submit(actions[choose(session) % len(actions)], by="test")
    raise AssertionError("the game did not end")


def kinds(shown: list[Presentation]) -> list[str]:
    return [type(item).__name__ for item in shown]


RANK = {"Result": 0, "News": 1, "HandOver": 2, "Briefing": 3, "Ruling": 5, "Ending": 6}


def assert_ordered(shown: list[Presentation]) -> None:
    """Results of the steps for whoever is at the screen, then their news, then who is
    next: hand-over, briefing, their private news and held results, the ruling; or the
    ending, last."""
    ranks = []
    after_hand = False
    for item in shown:
        if isinstance(item, HandOver | Briefing):
            after_hand = True
        rank = RANK[type(item).__name__]
        if isinstance(item, News) and (item.private or after_hand):
            rank = 4  # a team's private news comes after its hand-over and briefing
        if isinstance(item, Result) and after_hand:
            rank = 4  # so do the results held for it (a ruling made while it was away)
        ranks.append(rank)
    assert ranks == sorted(ranks), kinds(shown)


def test_hot_seat_hands_over_between_teams_and_briefs_each_once() -> None:
    flow = GameFlow(_session(humans=("blue", "red", "green")), IDENTITY)
    log = play(flow)
    briefed: list[int | None] = []
    viewer: Viewer | None = None
    for _, shown in log:
        assert_ordered(shown)
        for item in shown:
            if isinstance(item, HandOver):
                assert item.viewer != viewer  # only when the keyboard changes hands
                viewer = item.viewer
            if isinstance(item, Briefing):
                assert item.actor == viewer  # the team just handed the keyboard
                briefed.append(item.actor)
    assert sorted(b for b in briefed if b is not None) == [0, 1, 2]
    assert isinstance(log[-1][1][-1], Ending)
    first = kinds(log[0][1])
    assert first[:2] == ["HandOver", "Briefing"], first


def test_one_human_team_needs_no_hand_over() -> None:
    flow = GameFlow(_session(humans=("blue",)), IDENTITY)
    log = play(flow)
    shown = [item for _, batch in log for item in batch]
    assert not any(isinstance(item, HandOver) for item in shown)
    assert sum(isinstance(item, Briefing) for item in shown) == 1
    assert all(flow.viewer == 0 or isinstance(i, Ending) for i in shown)


def test_a_human_umpire_is_handed_the_keyboard_and_rules_last() -> None:
    flow = GameFlow(_session(humans=("blue", "red"), umpire="human"), IDENTITY)
    log = play(flow)
    rulings = 0
    for _, shown in log:
        assert_ordered(shown)
        if any(isinstance(item, Ruling) for item in shown):
            rulings += 1
            assert isinstance(shown[-1], Ruling)
            hand = [item for item in shown if isinstance(item, HandOver)]
            assert not hand or hand[-1].viewer == UMPIRE
    assert rulings > 0
    # The hand-over names the umpire once: "Pass to the umpire", not then "Umpire" under it
    # (the screen adds the role's name only when the team is called something else).
    umpire = [i for _, s in log for i in s if isinstance(i, HandOver) and i.viewer == UMPIRE]
    assert umpire and all(i.name == i.team == "the umpire" for i in umpire)
    briefings = [i for _, s in log for i in s if isinstance(i, Briefing)]
    assert Briefing(None) in briefings  # the umpire's own briefing, once
    assert briefings.count(Briefing(None)) == 1


def test_results_go_to_the_team_that_moved() -> None:
    shown_to: list[tuple[Viewer | None, int]] = []
    for seed in range(4):
        flow = GameFlow(_session(humans=("blue", "red"), seed=seed), IDENTITY)
        for viewer, shown in play(flow, choose=lambda s: 1):
            for item in shown:
                if isinstance(item, Result):
                    label = item.title.removeprefix("Result: ")
                    mover = next(m.actor for m in STRAIT.moves if m.label == label)
                    shown_to.append((viewer, mover))
    assert shown_to
    assert all(viewer == mover for viewer, mover in shown_to), shown_to


def test_the_team_still_at_the_screen_reads_its_result_before_the_news() -> None:
    """The last team of a turn moves; the next turn's news fires: the team reads how its
    move came out first (it is still at the keyboard, and the news may follow from it),
    then the room reads the news, then the keyboard passes (issue 20: the card came after
    the next turn's news flashes)."""

    def mediate(session: Session) -> int:  # Green, the last team, asks for a ruling
        actions = session.legal_actions()
        moves = [getattr(a, "move", "") for a in actions]
        return moves.index("mediate") if "mediate" in moves else 0

    both = 0
    for seed in range(3):
        flow = GameFlow(_session(humans=("blue", "red", "green"), seed=seed), IDENTITY)
        for viewer, shown in play(flow, choose=mediate):
            public = [i for i, item in enumerate(shown) if isinstance(item, News)]
            mine = [i for i, item in enumerate(shown) if isinstance(item, Result)]
            hand = next((i for i, x in enumerate(shown) if isinstance(x, HandOver)), len(shown))
            if public and mine and min(mine) < hand and min(public) < hand:
                both += 1
                assert max(i for i in mine if i < hand) < min(public), kinds(shown)
                assert viewer is not None
    assert both > 0  # the storm news of turn 2 follows Green's mediation in turn 1


def test_a_hosted_seat_never_hands_over_and_is_briefed_once() -> None:
    session = _session(humans=("blue", "red"), umpire="human")
    flow = GameFlow(session, IDENTITY, seat=1)
    log = play(flow)
    shown = [item for _, batch in log for item in batch]
    assert not any(isinstance(item, HandOver | Ruling) for item in shown)
    assert [i for i in shown if isinstance(i, Briefing)] == [Briefing(1)]
    assert flow.viewer == 1
    red_moves = {m.label for m in STRAIT.moves if m.actor == 1}
    for item in shown:
        if isinstance(item, Result):
            assert item.title.removeprefix("Result: ") in red_moves


def test_the_umpire_s_seat_rules_and_sees_every_result() -> None:
    session = _session(humans=("blue", "red"), umpire="human")
    flow = GameFlow(session, IDENTITY, seat=UMPIRE)
    log = play(flow)
    shown = [item for _, batch in log for item in batch]
    assert any(isinstance(item, Ruling) for item in shown)
    assert [i for i in shown if isinstance(i, Briefing)] == [Briefing(None)]


def test_the_projector_shows_only_public_news_and_the_ending() -> None:
    session = _session(humans=("blue", "red"), umpire="human")
    flow = GameFlow(session, IDENTITY, seat=OBSERVER)
    log = play(flow)
    shown = [item for _, batch in log for item in batch]
    assert {type(item) for item in shown} <= {News, Ending}
    headlines = {f.headline for item in shown if isinstance(item, News) for f in item.flashes}
    assert "Storm in the Strait" in headlines
    assert "Intelligence report" not in headlines  # Blue's private inject


def test_public_news_shows_only_public_changes_at_a_hot_seat_screen() -> None:
    # Hidden values change with public news: the room reads the flash, so the changes
    # only some seats may see stay off it (they reach those seats' own screens).
    session = _session(humans=("blue", "red", "green"))
    flow = GameFlow(session, IDENTITY)
    play(flow)
    storm = next(
        f for _, s in play(GameFlow(_session(humans=("blue",)), IDENTITY)) for i in s
        if isinstance(i, News) for f in i.flashes if f.headline == "Storm in the Strait"
    )
    assert storm.effects  # its public change (tension) is listed
    assert all("resolve" not in line.lower() for line in storm.effects)


def test_private_news_waits_for_its_team() -> None:
    flow = GameFlow(_session(humans=("blue", "red")), IDENTITY)
    for _, shown in play(flow):
        for position, item in enumerate(shown):
            if isinstance(item, News) and any(
                f.headline == "Intelligence report" for f in item.flashes
            ):
                assert item.private
                hand = [i for i in shown[:position] if isinstance(i, HandOver)]
                assert flow.viewer is not None
                assert not hand or hand[-1].viewer == 0  # Blue's, after Blue's hand-over
                return
    raise AssertionError("Blue never read its intelligence report")


def test_random_games_keep_the_order_for_every_kind_of_screen() -> None:
    for seed in range(6):
        rng = random.Random(seed)
        for seat in (None, 0, 1, 2, UMPIRE, OBSERVER):
            session = _session(humans=("blue", "red", "green"), umpire="human", seed=seed)
            flow = GameFlow(session, IDENTITY, seat=seat)
            for _, shown in play(flow, choose=lambda s, rng=rng: rng.randrange(1000)):
                assert_ordered(shown)


# -- nothing shown mentions what its viewer may not see -------------------------------------


def _texts(item: Presentation) -> list[str]:
    if isinstance(item, News):
        return [t for f in item.flashes for t in (f.headline, f.text, *f.effects)]
    if isinstance(item, Result):
        return [
            item.title, item.roll, item.outcome, item.odds, *item.effects, *item.detail,
            item.reason,
        ]
    if isinstance(item, HandOver):
        return [item.name, item.team, item.detail]
    if isinstance(item, Ending):
        return [item.title, item.text]
    if isinstance(item, ModuleOpening):
        questions = [t for q in item.questions for t in (q.text, q.guide)]
        return [item.title, item.text, *item.objectives, *questions]
    if isinstance(item, QuestionsDue):
        return [item.title, *(t for q in item.questions for t in (q.text, q.guide))]
    if isinstance(item, UmpireNote):
        return [item.title, item.text, *(t for q in item.guides for t in (q.text, q.guide))]
    return []


def _reader(
    item: Presentation, seat: Viewer | None, now: Viewer, acted: Viewer, handed_over: bool
) -> Viewer | None:
    """Who reads `item`: the seat that acted reads its results; after a hand-over the next
    seat (`now`) reads the rest, results held for it included; on a hot-seat screen public
    news, module openings and questions are the room's, and a note behind the curtain the
    umpire's alone (None)."""
    if isinstance(item, Result):
        return now if handed_over else acted
    if isinstance(item, UmpireNote) and item.curtain:
        return None
    if seat is None and isinstance(item, ModuleOpening | QuestionsDue):
        return OBSERVER
    if seat is None and isinstance(item, News) and not item.private:
        return OBSERVER
    return now


def observe(
    flow: GameFlow,
    start: int,
    seat: Viewer | None,
    shown_to: dict[Viewer, list[str]],
    check: Callable[[Presentation, Viewer | None], None] | None = None,
) -> None:
    """Add what the flow shows after step `start` to `shown_to`, under who reads each
    item (`_reader`); `check(item, reader)` looks at each item on the way. Who reads what is
    decided at the step it is shown: the seat that acted reads its results; after a
    hand-over the next seat reads its private news and its turn screen; on a hot-seat screen
    public news is the room's. The hot-wash after the ending reveals everything: left out."""
    acted = flow.viewer if flow.viewer is not None else OBSERVER
    shown = flow.after_steps(start)
    now = flow.viewer if flow.viewer is not None else OBSERVER
    if shown and isinstance(shown[-1], Ending):
        shown = shown[:-1]
    handed_over = False
    for item in shown:
        handed_over = handed_over or isinstance(item, HandOver)
        reader = _reader(item, seat, now, acted, handed_over)
        if check is not None:
            check(item, reader)
        if reader is not None:
            shown_to.setdefault(reader, []).extend(_texts(item))


def _hidden_words(viewer: Viewer) -> set[str]:
    """Labels of what `viewer` may not see in the fixture: the hidden variable, another
    actor's secret move, another team's private inject."""
    words = set()
    for variable in STRAIT.variables:
        if variable.visible_to is not None and viewer not in variable.visible_to:
            words.add(variable.label)
    for move in STRAIT.moves:
        if move.secret and move.actor != viewer:
            words.add(move.label)
    for inject in STRAIT.injects:
        if inject.visible_to is not None and viewer not in inject.visible_to:
            words.add(inject.label)
    return words


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    seat=st.sampled_from([0, 1, 2, OBSERVER]),
    picks=st.lists(st.integers(0, 50), min_size=60, max_size=60),
)
def test_nothing_a_seat_is_shown_mentions_what_it_may_not_see(
    seed: int, seat: Viewer, picks: list[int]
) -> None:
    session = _session(humans=("blue", "red", "green"), umpire="human", seed=seed)
    flow = GameFlow(session, IDENTITY, seat=seat)
    choices = iter(picks * 10)
    hidden = _hidden_words(seat)
    assert hidden  # (every seat has something kept from it in the fixture)
    for _, shown in play(flow, choose=lambda s: next(choices)):
        if shown and isinstance(shown[-1], Ending):
            shown = shown[:-1]  # (the hot-wash after the ending reveals everything)
        for item in shown:
            for text in _texts(item):
                leaked = [word for word in hidden if word in text]
                assert not leaked, (seat, type(item).__name__, text)
        if not session.is_over:
            table = flow.table()
            seen = [text for _, text in table.log]
            seen += [v.label for v in table.dashboard.variables]
            for text in seen:
                leaked = [word for word in hidden if word in text]
                assert not leaked, (seat, "turn screen", text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=secret_scenarios(), seed=st.integers(0, 10**6), data=st.data())
def test_random_secret_games_show_no_seat_what_it_may_not_see(
    scenario: ScenarioIR, seed: int, data: st.DataObject
) -> None:
    """Random scenarios full of secrets, every seat human, each screen's flow: nothing its
    presentations or its turn screen say gives a secret away (`tests.helpers.secrecy`)."""
    viewers: list[Viewer] = [*range(len(scenario.actors)), OBSERVER]
    seat = data.draw(st.sampled_from([*viewers, None]))
    session = Session(
        scenario,
        seed=seed,
        seats={a.id: Seat(a.id, "human", team=a.name) for a in scenario.actors},
    )
    flow = GameFlow(session, IDENTITY, seat=seat)
    picks = iter(data.draw(st.lists(st.integers(0, 99), min_size=300, max_size=300)))
    shown_to: dict[Viewer, list[str]] = {}
    start = 0
    for _ in range(300):
        observe(flow, start, seat, shown_to)
        if session.is_over:
            break
        if flow.viewer is not None:
            table = flow.table()
            texts = [text for _, text in table.log]
            texts += [v.label for v in table.dashboard.variables]
            shown_to.setdefault(flow.viewer, []).extend(texts)
        start = session.step_index
        actions = session.legal_actions()
        session.submit(actions[next(picks) % len(actions)], by="test")
    assert session.is_over
    states = [session.state_at(i) for i in range(session.step_index + 1)]
    for reader, texts in shown_to.items():
        assert_no_leaks(scenario, reader, texts, states)


def test_a_result_card_tells_a_draw_once_in_the_players_words() -> None:
    """A draw the rules made came on the card twice: "The rules drew 0.187 against 'Signed'
    21%, … → 'Signed'", then the facilitator's log line "chance, Sign the access agreement:
    Signed (21%) or …; drawn: Signed" (which also told the odds or total that a hidden value
    shifts, where the roll line keeps them back)."""
    results = []
    for seed in range(2):
        flow = GameFlow(_session(humans=("blue", "red"), umpire="human", seed=seed), IDENTITY)
        for _, shown in play(flow, choose=lambda s: 1):
            results += [item for item in shown if isinstance(item, Result)]
    drawn = [result for result in results if result.roll.startswith("The rules ")]
    assert drawn
    for result in drawn:
        assert not result.odds, result.odds
        assert "drawn: " not in " ".join(result.effects), result


def test_a_result_card_does_not_repeat_the_move_its_title_names() -> None:
    """Each line of a card began "Red's 'Probe Blue's defences': …" under a title naming
    the move, and each change ended "because of the outcome … of Red's '…'"."""
    results = []
    for seed in range(4):
        flow = GameFlow(_session(humans=("blue", "red"), seed=seed), IDENTITY)
        for _, shown in play(flow, choose=lambda s: 1):
            results += [item for item in shown if isinstance(item, Result)]
    assert results
    for result in results:
        label = result.title.removeprefix("Result: ")
        for line in (result.roll, result.outcome, *result.effects):
            assert f"'{label}': " not in line, line
            assert " because " not in line, line
        assert result.outcome and (not result.roll or result.roll[0].isupper())


def test_a_news_flash_does_not_repeat_its_headline_on_every_change() -> None:
    """Under "⚡ Report: JSOC told to plan for Greenland" each change ended "because of the
    news 'Report: JSOC told to plan for Greenland'" (issue 20's hot-seat playthrough)."""
    flashes = [
        flash
        for _, shown in play(GameFlow(_session(humans=("blue",)), IDENTITY))
        for item in shown
        if isinstance(item, News)
        for flash in item.flashes
    ]
    assert any(flash.effects for flash in flashes)
    for flash in flashes:
        for line in flash.effects:
            assert " because " not in line, line


def test_a_human_umpire_sits_down_to_this_turn_s_news_not_past_months() -> None:
    """Greenland with four teams and a human umpire: the umpire, who sits down only to
    rule, was handed every private flash held since its last ruling (past months' district
    polls, four at a time; issue 20's playthrough). The log and the ruling screen's state
    tell what is past; the flashes are this turn's."""
    scenario = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml")
    humans = {"president", "denmark", "greenland", "uk"}
    seats = {
        a.id: Seat(a.id, "human", team=a.name) if a.id in humans else Seat(a.id, "bot:weighted")
        for a in scenario.actors
        if a.playable
    }
    session = Session(scenario, seed=3, seats=seats, umpire=Seat("umpire", "human"))
    flow = GameFlow(session, IDENTITY)
    rng = random.Random(1)
    umpire_flashes = 0
    start = 0
    for _ in range(400):
        if flow.bots_to_act:
            session.run_bots()
        shown = flow.after_steps(start)
        if flow.viewer == UMPIRE:
            turn = session.state.turn
            this_turn = Counter(
                scenario.injects[scenario.names.injects[e.target]].label
                for e in session.state.log.all()
                if e.kind == "inject" and e.turn == turn and e.target in scenario.names.injects
            )
            headlines = Counter(
                flash.headline
                for item in shown
                if isinstance(item, News) and item.private
                for flash in item.flashes
            )
            umpire_flashes += headlines.total()
            assert headlines <= this_turn, (turn, headlines, this_turn)
        if session.is_over:
            break
        start = session.step_index
        actions = session.legal_actions()
        session.submit(actions[rng.randrange(len(actions))], by="test")
    assert umpire_flashes  # (the umpire is still told this turn's private news)


def test_a_hand_over_names_a_team_with_its_article_lower_case() -> None:
    """"Pass to The United Kingdom" (issue 20's playthrough): a label inside a sentence
    reads with its article lower-cased, as "Pass to the umpire" does."""
    scenario = load_text(
        (FIXTURES / "strait.yaml").read_text(encoding="utf-8").replace(
            "name: Red", "name: The Red Fleet", 1
        ),
        "strait.yaml",
    )
    humans = ("blue", "red")
    seats = {
        a.id: Seat(a.id, "human", team=a.name) if a.id in humans else Seat(a.id, "bot:weighted")
        for a in scenario.actors
        if a.playable
    }
    flow = GameFlow(Session(scenario, seed=7, seats=seats), IDENTITY)
    teams = {item.team for _, shown in play(flow) for item in shown if isinstance(item, HandOver)}
    assert "the Red Fleet" in teams and "The Red Fleet" not in teams


def test_a_result_held_past_its_turn_says_which_turn_it_belongs_to() -> None:
    """A result card held for a team away from the screen came up a whole turn later
    without saying so, as if it were this month's (issue 20's hot-seat playthrough)."""
    late = on_time = 0
    for seed in range(4):
        session = _session(humans=("blue", "red", "green"), umpire="human", seed=seed)
        flow = GameFlow(session, IDENTITY)
        start = 0
        while not session.is_over:
            if flow.bots_to_act:
                session.run_bots()
            for item in flow.after_steps(start):
                if not isinstance(item, Result):
                    continue
                assert item.turn > 0
                if item.turn < session.state.turn:
                    late += 1
                    label = STRAIT.calendar.labels[item.turn - 1]
                    assert item.late == f"From {label}, turn {item.turn}", item
                else:
                    on_time += 1
                    assert not item.late, item
            if session.is_over:
                break
            start = session.step_index
            actions = session.legal_actions()
            session.submit(actions[1 % len(actions)], by="test")
    assert late and on_time
