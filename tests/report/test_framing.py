"""Report sections framed for the teams reading them, in words that read right."""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest

from wargame.bots import RandomPolicy
from wargame.report.framing import team_label, teams
from wargame.report.from_session import session_report
from wargame.report.model import Bullets, Paragraph, Report, Table, TimelineTurn
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session

ROOT = Path(__file__).resolve().parents[2]
GREENLAND = ROOT / "scenarios" / "greenland.yaml"


def _played(seed: int, humans: dict[str, str]) -> Session:
    """Greenland with `humans` (actor -> team name) seated as teams, everyone else a bot;
    the teams' decisions are drawn at random so the game is quick and reproducible."""
    scenario = load_scenario(GREENLAND)
    seats = {
        a.id: Seat(a.id, "human", team=humans[a.id]) if a.id in humans else Seat(a.id)
        for a in scenario.actors
    }
    session = Session(scenario, seed=seed, seats=seats)
    rng = Random(seed)
    while not session.is_over:
        who = session.to_act
        seat = session.seat_for(who)
        if seat is not None and seat.is_human:
            action = RandomPolicy().choose(scenario, session.state, who, rng)  # type: ignore[arg-type]
            session.submit(action, by=f"team:{seat.team}")
        else:
            session.run_bots()
    return session


@pytest.fixture(scope="module")
def two_teams() -> tuple[Session, Report]:
    session = _played(3, {"uk": "Team The United Kingdom", "russia": "Red cell"})
    return session, session_report(session)


def _by_heading(report: Report, section: str) -> dict[str, tuple[str, ...]]:
    """A section's lists by the team heading above each."""
    out: dict[str, tuple[str, ...]] = {}
    heading = ""
    for block in report.section(section).blocks:
        if isinstance(block, Paragraph) and block.text.endswith(":"):
            heading = block.text[:-1]
            out[heading] = ()
        elif isinstance(block, Bullets) and heading:
            out[heading] = block.items
    return out


def test_team_names_are_not_doubled(two_teams: tuple[Session, Report]) -> None:
    _, report = two_teams
    assert team_label("Team The United Kingdom") == "Team The United Kingdom"
    assert team_label("Red cell") == "team Red cell"
    seats = next(b for b in report.section("overview").blocks if isinstance(b, Table))
    played = {row[0]: row[3] for row in seats.rows}
    assert played["The United Kingdom"] == "Team The United Kingdom"
    assert played["Russia"] == "team Red cell"
    bys = {
        entry.by
        for section in report.section("what-happened").subsections
        for turn in section.blocks
        if isinstance(turn, TimelineTurn)
        for entry in turn.entries
    }
    assert "Team The United Kingdom" in bys and "team Red cell" in bys
    assert not any("team team" in b.lower() for b in bys)
    # under a one-actor team's heading, the lines do not name the actor again
    for section in ("strengths", "areas-for-improvement"):
        for heading, items in _by_heading(report, section).items():
            assert not any(i.startswith(("The United Kingdom:", "Russia:")) for i in items), (
                heading,
                items,
            )
    plan = next(b for b in report.section("improvement-plan").blocks if isinstance(b, Table))
    assert not any("The United Kingdom: The United Kingdom" in row[0] for row in plan.rows)
    assert not any("(Russia): Russia:" in row[0] for row in plan.rows)


def test_each_team_gets_its_own_strengths_and_not_its_adversaries(
    two_teams: tuple[Session, Report],
) -> None:
    session, report = two_teams
    strengths = _by_heading(report, "strengths")
    improvements = _by_heading(report, "areas-for-improvement")
    uk, red = "Team The United Kingdom", "Team Red cell (Russia)"
    assert set(strengths) == {uk, red} and {uk, red} <= set(improvements)
    russia = session.scenario.names.actors["russia"]
    ours = {o.text for o in session.scenario.actors[russia].objectives}
    for items in (strengths[uk], improvements[uk]):
        assert not any(text in item for item in items for text in ours)
    for items in (strengths[red], improvements[red]):
        assert all(any(text in item for text in ours) for item in items)  # NATO is not Russia's
    nato = [i for i in (*strengths[uk], *improvements[uk]) if i.startswith("NATO")]
    assert nato, "the UK is a NATO member: the alliance's fate is its own"
    lines = [*strengths[uk], *strengths[red]]
    assert sum(1 for line in lines for text in ours if text in line) == sum(
        1 for line in strengths[red] for text in ours if text in line
    )


def test_the_other_sides_gains_are_context_not_strengths(
    two_teams: tuple[Session, Report],
) -> None:
    _, report = two_teams
    section = report.section("other-sides")
    (items,) = [b.items for b in section.blocks if isinstance(b, Bullets)]
    assert items and not any(i.startswith(("The United Kingdom:", "Russia:")) for i in items)
    strengths = [i for v in _by_heading(report, "strengths").values() for i in v]
    assert not set(items) & set(strengths)


def test_the_improvement_plan_is_filed_by_team(two_teams: tuple[Session, Report]) -> None:
    _, report = two_teams
    plan = next(b for b in report.section("improvement-plan").blocks if isinstance(b, Table))
    firsts = [row[0] for row in plan.rows if row[0]]
    assert firsts and all(
        f.startswith(("Team The United Kingdom: ", "Team Red cell (Russia): ")) for f in firsts
    )


def test_a_game_of_bots_is_framed_by_the_scenarios_sides() -> None:
    session = _played(5, {})
    labels = [t.label for t in teams(session)]
    assert "side us" in labels and "side europe" in labels
    strengths = _by_heading(session_report(session), "strengths")
    assert any(h.startswith("Side us (") for h in strengths)


def test_a_seats_copy_is_framed_for_that_seats_team_only(
    two_teams: tuple[Session, Report],
) -> None:
    session, _ = two_teams
    report = session_report(session, viewer=session.scenario.names.actors["uk"])
    lists = [b for b in report.section("strengths").blocks if isinstance(b, Bullets | Paragraph)]
    assert not any(isinstance(b, Paragraph) and b.text.endswith(":") for b in lists)  # one team
    items = [i for b in lists if isinstance(b, Bullets) for i in b.items]
    assert not any(i.startswith("Russia:") for i in items)


def test_a_team_named_after_its_role_reads_as_that_role() -> None:
    """Setup names a team by its role's label: the report says `The President`, never
    `team The President` (issue 23: "Team The President")."""
    assert team_label("The President", ["The President", "Congress"]) == "The President"
    assert team_label("the president", ["The President"]) == "the president"
    assert team_label("Blue", ["The President"]) == "team Blue"
    assert team_label("The President") == "team The President"
