"""The exercise's report is about the players: its strengths and areas for improvement come
from what the teams did (the expected actions, from the log), never from the bots, the
adversary or the umpire's design overrides, which go to the adjudication record; its dice
and seed go to an appendix; it prints on A4 and on Letter."""

from __future__ import annotations

import re
from functools import cache

from tests.report.test_exercise_report import text_of
from tests.scenarios.shipped import shipped
from tests.scenarios.test_cable_cut_exercise import GOOD_LINE
from wargame.engine import Confirm, Override, Pass, PlayMove
from wargame.report.from_session import session_report
from wargame.report.html import render_html
from wargame.report.model import Report, Section, TimelineTurn
from wargame.scenario.loader import load_text
from wargame.session import (
    ExerciseDetails,
    Observation,
    Rating,
    Seat,
    SeatChange,
    Session,
    UmpireRules,
)

REASON = "Design: the second attack must land so Module 3 starts under pressure"


@cache
def played() -> Session:
    """Cable Cut with the cell following most of the good line (it never raises protection
    of the other assets and rebuts the video a turn late); from Day 2 the umpire plays the
    allies and the hostile state by hand, damages the interconnector and overrides the dice
    that saw the ship off."""
    scenario = shipped("cable_cut")
    session = Session(
        scenario,
        seed=12,
        seats={
            "cell": Seat("cell", "human", team="Crisis cell"),
            "partners": Seat("partners", "bot", policy="weighted"),
            "hostile": Seat("hostile", "bot", policy="weighted"),
        },
        umpire=Seat("umpire", "human"),
        umpire_rules=UmpireRules(flagged=("hostile",)),
        details=ExerciseDetails(date="7 December 2026", handling="For exercise use only"),
    )
    line = {turn: [m for m in moves if m != "raise_alert"] for turn, moves in GOOD_LINE.items()}
    line[5] = []
    hostile, partners = (scenario.names.actors[a] for a in ("hostile", "partners"))
    for _ in range(500):
        session.run_bots()
        if session.is_over:
            break
        if session.state.turn == 3 and not session.seats["hostile"].by_umpire:
            session.record(SeatChange("hostile", "umpire"))
            session.record(SeatChange("partners", "umpire"))
        who, legal = session.to_act, session.legal_actions()
        if who == "umpire":
            pending = session.state.pending
            if pending is not None and scenario.moves[pending.move].id == "cut_power":
                session.submit(Override("damaged", REASON), by="umpire")
            else:
                session.submit(next(a for a in legal if isinstance(a, Confirm)), by="umpire")
        elif who == partners:
            session.submit(Pass("partners"), by="umpire")
        elif who == hostile:
            cut = PlayMove("hostile", "cut_power")
            session.submit(cut if cut in legal else Pass("hostile"), by="umpire")
        else:
            moves = [PlayMove("cell", m) for m in line.get(session.state.turn, ())]
            session.submit(next((m for m in moves if m in legal), Pass("cell")), by="team:Crisis")
    assert session.is_over
    session.record(Rating("public_information", "M", "Rebuttal a day late"), by="evaluator")
    session.record(
        Observation("improvement", "The video was rebutted a day late.", "public_information"),
        by="evaluator",
    )
    return session


def section_text(report: Report, section_id: str) -> str:
    def find(sections: tuple[Section, ...]) -> Section | None:
        for section in sections:
            if section.id == section_id:
                return section
            found = find(section.subsections)
            if found is not None:
                return found
        return None

    found = find(report.sections)
    assert found is not None, section_id
    return text_of(found) + repr(found.blocks)


def test_strengths_and_areas_are_the_teams_doing_alone() -> None:
    report = session_report(played())
    strengths = section_text(report, "strengths")
    areas = section_text(report, "areas-for-improvement")
    assert "Operational Coordination: Convene the crisis cell, on time" in strengths
    assert "Raise protection of the other subsea assets, not done" in areas
    assert "Rebut the fabricated video, late, in Turn 6" in areas
    for text in (strengths, areas):
        assert "Hostile state" not in text and "Allies and EU partners" not in text
        assert REASON not in text and "overrode" not in text
        # objectives move with the bots' and the umpire's doing: the situation, not performance
        assert "Keep the public's confidence" not in text
    plan = section_text(report, "improvement-plan")
    assert REASON not in plan and "overrides" not in plan
    assert "Expected action not done: Raise protection of the other subsea assets" in plan
    assert "The video was rebutted a day late." in plan
    record = section_text(report, "adjudication")
    assert REASON in record and "not a team's performance" in record


def test_the_dice_and_the_seed_are_in_an_appendix() -> None:
    session = played()
    report = session_report(session, source="cable.wgsave.json")
    facts = dict(report.facts)
    assert "Seed" not in facts and "Dice and chance rolls" not in facts
    assert (facts["Handling"], facts["Date"]) == ("For exercise use only", "7 December 2026")
    appendix = report.sections[-1]
    assert appendix.id == "dice-and-seeds"
    rolls = [e.text for e in session.all_events() if e.kind == "roll"]
    assert rolls and all(roll in section_text(report, "dice-and-seeds") for roll in rolls)
    assert f"Seed {session.seed};" in section_text(report, "dice-and-seeds")
    assert "wargame play --resume cable.wgsave.json" in section_text(report, "dice-and-seeds")
    turns = [b for s in report.section("what-happened").subsections for b in s.blocks]
    details = [
        d for t in turns if isinstance(t, TimelineTurn) for e in t.entries for d in e.details
    ]
    assert details and not any(d.kind == "dice" for d in details)
    assert any(d.kind == "outcome" for d in details)
    assert f"Seed {session.seed}" not in section_text(report, "about")
    copy = session_report(session, viewer=session.scenario.names.actors["cell"])
    assert "dice-and-seeds" not in {s.id for s in copy.sections}
    assert "Seed" not in dict(copy.facts)


def test_a_plain_game_keeps_its_seed_on_the_cover() -> None:
    session = Session(shipped("tutorial"), seed=3, seats={"northport": Seat("northport", "human")})
    session.run_bots()
    report = session_report(session)
    assert dict(report.facts)["Seed"] == "3"
    assert "dice-and-seeds" not in {s.id for s in report.sections}


def test_an_exercise_played_by_bots_alone_has_no_strengths_to_report() -> None:
    session = Session(shipped("cable_cut"), seed=5)
    session.run_bots()
    assert session.is_over
    report = session_report(session)
    for section in ("strengths", "areas-for-improvement"):
        text = section_text(report, section)
        assert "None identified from the game record." in text
        assert "Crisis Cell" not in text and "Hostile" not in text


HELD = """
wargame: 1
id: held
title: Held
calendar: {start: "1", step: turn, turns: 2}
actors:
  blue: {name: Blue, objectives: [{text: Avoid war, score: "not flags.war"},
                                  {text: Make a deal, score: "flags.deal"}]}
flags:
  war: {}
  deal: {}
moves:
  - {id: sign, actor: blue, label: Sign, effects: ["flags.deal = true"]}
  - {id: attack, actor: blue, label: Attack, effects: ["flags.war = true"]}
endings:
  - {id: over, title: Over, default: true}
"""


def test_an_objective_that_held_from_the_start_is_no_strength() -> None:
    session = Session(load_text(HELD, "held.yaml"), seed=1, seats={"blue": Seat("blue", "human")})
    session.submit(PlayMove("blue", "sign"), by="team:Blue")
    while not session.is_over:
        session.submit(Pass("blue"), by="team:Blue")
    report = session_report(session)
    strengths = section_text(report, "strengths")
    assert "Make a deal" in strengths
    assert "Avoid war" not in strengths
    assert "Met from the start" in section_text(report, "objectives")


def test_the_report_prints_on_the_printers_paper() -> None:
    html = render_html(session_report(played()), lambda chart: b"<svg></svg>")
    at_page = re.search(r"@page\s*{([^}]*)}", html)
    assert at_page is not None and "size" not in at_page.group(1)  # A4 or Letter, as loaded
    assert 'class="form cols-6"' in html  # the improvement plan's columns have room


def test_the_overview_says_what_the_umpire_ruled_and_what_the_dice_did() -> None:
    overview = section_text(session_report(played()), "overview")
    assert "adjudicated every roll" not in overview
    assert "every adjudication of Hostile state" in overview
    assert "the rules drew the other dice themselves" in overview
