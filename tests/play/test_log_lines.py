"""The log names a move once, then says what it did (issue 20: at 80 columns every change
repeated "because the President played 'Threaten Copenhagen'" and took two lines)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from wargame.engine import UMPIRE, Event
from wargame.play import GameFlow
from wargame.play.log_lines import CHANGES, heading, said_once, without_cause
from wargame.play.views import visible_events
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import IDENTITY
from wargame.session import Seat, Session

GREENLAND = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "greenland.yaml")


def _played(seed: int) -> Session:
    seats = {a.id: Seat(a.id, "bot", policy="weighted") for a in GREENLAND.actors if a.playable}
    session = Session(GREENLAND, seed=seed, seats=seats)
    session.run_bots()
    return session


def test_a_change_under_its_move_leaves_out_the_move_s_name() -> None:
    session = _played(3)
    flow = GameFlow(session, IDENTITY, seat=UMPIRE)
    log = flow.table().log
    whole = visible_events(session.state.log.all(), UMPIRE)
    assert [e for e, _ in log] == [e for e, _ in whole]
    under = ""
    changes = 0
    for (event, text), (_, sentence) in zip(log, whole, strict=True):
        if event.kind in CHANGES:
            if event.cause == under and " because " in sentence:
                changes += 1
                assert text == without_cause(sentence), text
                assert "played '" not in text and "outcome '" not in text, text
        else:
            under = heading(event)
    assert changes > 50  # a whole game's worth
    # "Escalation rose from 2 to 3", right under "The President played 'Threaten …'".
    moved = next(i for i, (e, t) in enumerate(log) if t.startswith("The President played"))
    assert log[moved + 1][0].kind == "effect"
    assert " because " not in log[moved + 1][1]


def test_a_draw_and_its_outcome_under_the_move_start_with_what_happened() -> None:
    """"The rules drew 0.651 against …", then "A cool reception (by ruling). …": not
    "The NATO Secretary General's 'Shuttle between the capitals': …" on each line."""
    log = said_once(GREENLAND, visible_events(_played(3).state.log.all(), UMPIRE))
    told = [
        text
        for (above, _), (event, text) in pairwise(log)
        if event.kind in ("roll", "outcome") and heading(above) == heading(event)
    ]
    assert any(text.startswith("The rules drew ") for text in told), told
    assert any("(by chance)" in text for text in told), told
    names = [a.name for a in GREENLAND.actors]
    for text in told:
        assert text[:1].isupper() and not any(text.startswith(n) for n in names), text
        assert "': " not in text.split(".")[0], text


def test_a_change_away_from_its_move_keeps_its_whole_sentence() -> None:
    """The umpire's word (or a phase) in between: the change says whose move it was."""
    move = Event("move", "Red played 'Probe'", "move:probe", target="probe")
    change = Event("effect", "Tension rose from 1 to 2 because Red played 'Probe'", "move:probe")
    other = Event("umpire", "The umpire rules.", "umpire")
    kept = said_once(GREENLAND, [(move, move.text), (other, other.text), (change, change.text)])
    assert kept[-1][1] == change.text
    shortened = said_once(GREENLAND, [(move, move.text), (change, change.text)])
    assert shortened[-1][1] == "Tension rose from 1 to 2"


def test_a_growing_log_keeps_the_lines_it_had() -> None:
    """The log widget adds only the new lines when the log grows: each line's words
    depend on the lines before it alone."""
    whole = visible_events(_played(4).state.log.all(), UMPIRE)
    full = said_once(GREENLAND, whole)
    for cut in (1, 7, 40, 41, len(whole) // 2, len(whole) - 1):
        assert said_once(GREENLAND, whole[:cut]) == full[:cut]


def test_a_wait_for_the_umpire_under_its_move_does_not_name_it_again() -> None:
    """It read "Awaiting the umpire's ruling on The hardline White House advisers' 'Cite
    the Venezuela raid as proof'" right under the line that names that move."""
    seats = {a.id: Seat(a.id, "bot", policy="weighted") for a in GREENLAND.actors if a.playable}
    session = Session(GREENLAND, seed=11, seats=seats, umpire=Seat("umpire", "human"))
    session.run_bots()  # the umpire rules by hand only what people play
    assert session.is_over
    log = said_once(GREENLAND, visible_events(session.state.log.all(), UMPIRE))
    waits = [
        text
        for (above, _), (event, text) in pairwise(log)
        if event.kind == "pending" and heading(above) == heading(event)
    ]
    assert waits
    for text in waits:
        assert text.startswith("Awaiting the umpire"), text
        assert "'" not in text.split(":")[0], text  # no move named before the draw
