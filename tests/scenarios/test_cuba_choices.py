"""Cuba 1962's thin seats have choices (issue 20: three or more in most turns).

Version 2.1 left the Soviet forces with three or more moves in 2 % of their turns and the
UN Secretary-General in none; 2.2 gives them, and the President, moves from the record of
October 1962 (docs/scenarios/cuba1962.md, *Choices*).
"""

from __future__ import annotations

from benchmarks import balance


def test_the_thin_seats_have_three_moves_in_most_turns() -> None:
    rows = {row.actor: row for row in balance.choices("cuba1962", 40, policy="weighted")}
    for actor in ("president", "soviet_forces", "un_sg"):
        assert rows[actor].three_or_more >= 0.55, rows[actor]
        assert rows[actor].mean >= 2.5, rows[actor]


def test_the_secretary_general_still_has_choices_after_a_withdrawal() -> None:
    # The last days: most games have a withdrawal agreed by then.
    rows = {row.actor: row for row in balance.choices("cuba1962", 40, policy="weighted")}
    assert min(rows["un_sg"].by_turn[-3:]) >= 2.0, rows["un_sg"]
    assert min(rows["soviet_forces"].by_turn[-3:]) >= 2.0, rows["soviet_forces"]
