"""The roster as the facilitator types it: one person a line, teams as people say them,
and a clear error naming the line otherwise; written back as it is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.play.roster import roster_from_text, roster_to_text
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import Masker
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


def test_a_masked_game_names_its_teams_masked_in_the_error_and_reads_them() -> None:
    mask = Masker((("Crisis Cell", "Night Watch"), ("Arsonist", "Firebrand")))
    with pytest.raises(ValueError) as error:
        roster_from_text("Ana; Red Team", DRILL, mask=mask)
    assert "Night Watch" in str(error.value) and "Firebrand" in str(error.value)
    assert "Crisis Cell" not in str(error.value) and "Arsonist" not in str(error.value)
    people = roster_from_text("Ana; Night Watch; Chair", DRILL, mask=mask)
    assert people == (Participant("Ana", "cell", "Chair"),)
    assert roster_to_text(people, DRILL, mask) == "Ana; Night Watch; Chair"
    assert roster_from_text(roster_to_text(people, DRILL, mask), DRILL, mask=mask) == people
