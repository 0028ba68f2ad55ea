"""The after-action report of one game: its sections and numbers match the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.bot_argument import a_bot_argues
from wargame.report import build_report
from wargame.report.from_session import session_report, turning_points
from wargame.report.html import render_html
from wargame.report.model import Bullets, Paragraph, Report, Table, TimelineTurn
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session

from .conftest import NOTES, OVERRIDE_REASON, ROOT

AAR_SECTIONS = (
    "overview",
    "objectives",
    "what-happened",
    "analysis",
    "strengths",
    "areas-for-improvement",
    "turning-points",
    "adjudication",
    "follow-up",
    "debrief-questions",
    "hot-wash",
    "improvement-plan",
)


@pytest.fixture(scope="module")
def report(tutorial_save: Path) -> Report:
    return build_report(tutorial_save)


def _texts(report: Report) -> str:
    """Every string of the report, one per line (what any writer shows)."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(report)
    return "\n".join(out)


def test_the_aar_ip_sections_are_all_there(report: Report) -> None:
    for section_id in AAR_SECTIONS:
        report.section(section_id)
    headings = [s.heading for s in report.sections]
    assert headings[:5] == ["Overview", "Objectives", "What happened", "Analysis", "Follow-up"]


def test_the_cover_gives_the_ending_and_the_turns(
    report: Report, tutorial_session: Session
) -> None:
    facts = dict(report.facts)
    ending = tutorial_session.scenario.endings[tutorial_session.state.ending or 0]
    assert facts["Ending"] == ending.title
    assert facts["Turns played"] == f"{tutorial_session.state.turn} of 3"
    assert facts["Seed"] == "11"
    assert facts["Saved"].endswith("UTC")
    assert report.title == "Tutorial: The Lighthouse Pact"


def test_one_timeline_section_per_turn_with_every_decision(
    report: Report, tutorial_session: Session
) -> None:
    what = report.section("what-happened")
    turns = [b for s in what.subsections for b in s.blocks if isinstance(b, TimelineTurn)]
    assert [t.title.split(":")[0] for t in turns] == ["Turn 1", "Turn 2", "Turn 3"]
    entries = [e for t in turns for e in t.entries]
    assert len(entries) == tutorial_session.step_index
    assert entries[0].who == "Northport"
    assert entries[0].decision == "played 'Raid the smugglers' cove (rolls dice)'"
    assert entries[0].by == "team Harbour board"


def test_the_dice_roll_and_the_umpire_override_appear_with_the_reason(
    report: Report, tutorial_session: Session
) -> None:
    roll = next(e for e in tutorial_session.all_events() if e.kind == "roll")
    assert "rolled 2d6" in roll.text
    turn1 = report.section("turn-1").blocks[0]
    assert isinstance(turn1, TimelineTurn)
    override = turn1.entries[1]
    assert override.who == "Umpire"
    kinds = [d.kind for d in override.details]
    assert "dice" in kinds and "outcome" in kinds
    assert roll.text in [d.text for d in override.details]
    assert OVERRIDE_REASON in override.decision
    record = report.section("adjudication")
    table = next(b for b in record.blocks if isinstance(b, Table))
    assert any(OVERRIDE_REASON in row[2] for row in table.rows)
    assert any("overrode the rules 1 time" in getattr(b, "text", "") for b in record.blocks)
    # The umpire's override is the exercise's design, never a team's area for improvement.
    lists = [b for b in report.section("areas-for-improvement").blocks if isinstance(b, Bullets)]
    assert not any(OVERRIDE_REASON in item for b in lists for item in b.items)
    plan = next(s for s in report.section("follow-up").subsections if s.id == "improvement-plan")
    assert "overrides" not in repr(plan)


def test_the_ending_closes_the_last_turn(report: Report, tutorial_session: Session) -> None:
    ending = next(e for e in tutorial_session.all_events() if e.kind == "ending")
    last = report.section(f"turn-{tutorial_session.state.turn}").blocks[0]
    assert isinstance(last, TimelineTurn)
    assert last.closing[-1].kind == "end"
    assert last.closing[-1].text == ending.text


def test_the_storm_news_opens_turn_two(report: Report) -> None:
    turn2 = report.section("turn-2").blocks[0]
    assert isinstance(turn2, TimelineTurn)
    assert turn2.opening[0].kind == "news"
    assert turn2.opening[0].text.startswith("Storm warning!")


def test_objectives_are_scored_on_the_final_state(
    report: Report, tutorial_session: Session
) -> None:
    tables = [b for b in report.section("objectives").blocks if isinstance(b, Table)]
    detail, totals = tables
    assert len(detail.rows) == 5
    scenario, state = tutorial_session.scenario, tutorial_session.state
    northport = next(row for row in totals.rows if row[0] == "Northport")
    assert northport[2] == f"{scenario.objective_score(state, 0):.2f}"
    stop = next(row for row in detail.rows if row[0] == "Northport" and "smugglers" in row[1])
    smuggling = state.vars[scenario.names.variables["smuggling"]]
    assert float(stop[4]) == pytest.approx((10 - smuggling) / 10, abs=0.005)


def test_charts_carry_the_histories(report: Report, tutorial_session: Session) -> None:
    figures = report.figures()
    assert [f.chart.id for f in figures] == ["cohesion", "variables"]
    cohesion = figures[0].chart
    values = cohesion.panels[0].series[0].values  # type: ignore[union-attr]
    history = [row[0] for row in tutorial_session.state.cohesion_history]
    assert list(values[: len(history)]) == history
    assert cohesion.panels[0].references[0].value == 35  # type: ignore[union-attr]


def test_turning_points_are_the_largest_falls_with_causes(greenland_session: Session) -> None:
    points = turning_points(greenland_session)
    assert 1 <= len(points) <= 3
    drops = [p.drop for p in points]
    assert drops == sorted(drops, reverse=True)
    falls = [
        float(e.before) - float(e.after)
        for e in greenland_session.all_events()
        if e.kind == "cohesion" and e.after is not None and e.before is not None
    ]
    assert drops[0] == pytest.approx(max(falls))
    assert all(p.cause for p in points)
    drift = [p for p in points if p.cause.startswith("end-of-turn drift")]
    assert all(p.drivers for p in drift)


def test_follow_up_has_the_debrief_questions_and_the_notes(
    report: Report, tutorial_session: Session
) -> None:
    questions = report.section("debrief-questions").blocks[0]
    assert isinstance(questions, Bullets) and questions.ordered
    scenario = tutorial_session.scenario
    ending = scenario.endings[tutorial_session.state.ending or 0]
    assert list(questions.items) == [*ending.debrief, *scenario.debrief]
    notes = [b.text for b in report.section("hot-wash").blocks if isinstance(b, Paragraph)]
    assert notes == NOTES.split("\n\n")


def test_a_game_in_progress_says_so(tutorial_session: Session) -> None:
    early = tutorial_session.fork(3)
    report = session_report(early)
    assert dict(report.facts)["Ending"] == "Game in progress"
    labels = report.figures()[0].chart.x_labels  # type: ignore[union-attr]
    assert labels[-1].endswith("(now)")


def test_a_game_without_notes_says_none_were_recorded(greenland_session: Session) -> None:
    quiet = greenland_session.fork(greenland_session.step_index)
    assert "No hot-wash notes" in _texts(session_report(quiet))


@pytest.mark.parametrize("name", ["tutorial", "greenland", "cuba1962"])
@pytest.mark.parametrize("umpire", [False, True])
def test_every_shipped_scenario_reports(name: str, umpire: bool) -> None:
    """A whole game of each shipped scenario, with and without an umpire, as HTML."""
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    session = Session(
        scenario,
        seed=3,
        seats={a.id: Seat(a.id, "bot", policy="random") for a in scenario.actors},
        umpire=Seat("umpire", "bot", policy="accept") if umpire else None,
    )
    session.run_bots()
    report = session_report(session)
    text = render_html(report, lambda chart: b'<svg viewBox="0 0 1 1"></svg>')
    turns = [s for s in report.section("what-happened").subsections]
    assert len(turns) == session.state.turn
    entries = sum(len(b.entries) for s in turns for b in s.blocks if isinstance(b, TimelineTurn))
    assert entries == session.step_index
    assert dict(report.facts)["Ending"] in text.replace("&#x27;", "'")


def test_a_bot_s_argument_the_rules_rated_is_not_an_umpire_decision() -> None:
    """With a human umpire a bot's argued move is rated neutral by the rules (the log signs
    it `rules`): the report's timeline said "Umpire rated the argument neutral" and listed it
    among the umpire's decisions, as the debrief did (a Greenland 2.4 playthrough)."""
    session, _ = a_bot_argues()
    report = session_report(session)
    sections, entries = list(report.sections), []
    while sections:
        section = sections.pop()
        sections.extend(section.subsections)
        for block in section.blocks:
            if isinstance(block, TimelineTurn):
                entries.extend(block.entries)
    said = [(e.who, e.decision) for e in entries if "argument" in e.decision]
    assert said and all(
        who == "The rules" and decision == "rated the bot's argument neutral by themselves"
        for who, decision in said
    ), said
    assert "rated the argument" not in _texts(report)
