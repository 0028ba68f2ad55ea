"""The roster as the facilitator types it: one person a line, teams as people say them,
and a clear error naming the line otherwise; written back as it is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.play.roster import roster_from_text, roster_to_text
from wargame.scenario.loader import load_scenario
from wargame.session import Participant

DRILL = load_scenario(Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml")


def test_teams_are_read_by_actor_name_id_team_name_or_role() -> None:
    text = "Ana; Crisis Cell; Chair; Ministry\n\nBo; umpire\nCy; The Room; Scribe\nDee; cell\nEd"
    people = roster_from_text(text, DRILL, {"cell": "The Room"})
    assert people == (
        Participant("Ana", "cell", "Chair", "Ministry"),
        Participant("Bo", "umpire"),
        Participant("Cy", "cell", "Scribe"),
        Participant("Dee", "cell"),
        Participant("Ed", ""),
    )
    assert roster_from_text(roster_to_text(people, DRILL), DRILL) == people


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Ana; Crisis Cell\nBo; Red Team", "line 2: no team 'Red Team'; one of: Crisis Cell"),
        ("; cell; Chair", "line 1: a name comes first"),
        ("Ana; cell; a; b; c", "line 1: 5 parts"),
    ],
)
def test_a_bad_line_is_named_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        roster_from_text(text, DRILL)
