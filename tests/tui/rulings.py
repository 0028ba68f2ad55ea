"""A long ruling for the screens that show one: the ruling screen's test and snapshot."""

from __future__ import annotations

from wargame.play.views import PendingView

SEIZURE = PendingView(
    move="Order the seizure of Greenland",
    actor="The President",
    kind="dice",
    stage="confirm",
    argument="",
    argued_prompt="",
    dice=(3, 4),
    modifiers=(
        ("No authorisation from Congress", -1),
        ("The generals' legal objection is on record", -1),
        ("Congress passed a War Powers resolution", -1),
    ),
    total=4,
    outcomes=(
        ("seized", "Nuuk is taken", 0.17),
        ("standoff", "A standoff at Pituffik", 0.5),
        ("refused", "The generals refuse the order", 0.33),
    ),
    proposed=2,
    draw=-1,
    outcome_summaries=(
        "Escalation +4 · NATO cohesion −15 · Denmark's trust in the United States −30",
        "Escalation +2 · NATO cohesion −8 · Pushback in Washington +2",
        "Pushback in Washington +3 · the generals' legal objection is on record"
        " · Congress's authorisation −10",
    ),
    percents=("17%", "50%", "33%"),
)
"""Greenland's seizure as the umpire rules on it: three outcomes, each with its effects."""
