"""Greenland's news reads what happened (issue 20, a hot-seat playthrough).

Some flags are one-shot triggers: a move sets them and an inject consumes them the next
month, resetting them. The log words a flag turning false as "<label>: no longer so", so a
label stating a lasting fact ("European allies have committed to Arctic patrols") read as a
reversal right under "European patrols start around Greenland". A trigger's label says what
is pending, so that its reset reads as what happened.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from wargame.engine.work import flag_change

GREENLAND = Path(__file__).parents[2] / "scenarios" / "greenland.yaml"

# What the news says when an inject resets a flag its condition reads.
RESET_NEWS = {
    "allies_close_ranks": "Russian submarines off Greenland, still unanswered by the allies: "
    "no longer so",
    "china_screening": "A Chinese icebreaker off Greenland, still unanswered by "
    "Denmark: no longer so",
    "generals_testify": "The generals are called before Congress and have yet to testify: "
    "no longer so",
    "european_patrols_start": "European patrols around Greenland, promised and still to "
    "begin: no longer so",
    # Real reversals: a parliament votes the signed deal down.
    "folketing_rejects_deal": "Access agreement signed: no longer so",
    "nuuk_rejects_deal": "Access agreement signed: no longer so",
}


def _consumed_triggers() -> dict[str, str]:
    """Inject id -> the flag it reads in `when` and resets in its effects."""
    doc = yaml.safe_load(GREENLAND.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for inject in doc["injects"]:
        for effect in inject.get("effects", []):
            reset = re.fullmatch(r"flags\.(\w+)\s*=\s*false", effect.strip())
            if reset and f"flags.{reset.group(1)}" in str(inject.get("when", "")):
                found[inject["id"]] = reset.group(1)
    return found


def test_a_consumed_trigger_reads_as_what_happened() -> None:
    doc = yaml.safe_load(GREENLAND.read_text(encoding="utf-8"))
    triggers = _consumed_triggers()
    assert set(triggers) == set(RESET_NEWS), "a new one-shot trigger: word its reset here"
    for inject, flag in triggers.items():
        assert flag_change(doc["flags"][flag]["label"], False) == RESET_NEWS[inject], inject


def test_an_icebreaker_is_never_left_unanswered_once_denmark_screens() -> None:
    """The flag's label says "still unanswered by Denmark": once Copenhagen screens Chinese
    money (its own move or the news), the dashboard must not keep saying so, whichever
    came first (a playthrough saw it outlive the answer)."""
    from random import Random

    from wargame.analysis.play import build_policies
    from wargame.engine import initial_state, step, to_act
    from wargame.scenario.loader import load_scenario

    ir = load_scenario(GREENLAND)
    seen, screened = ir.names.flags["icebreaker_seen"], ir.names.flags["china_screened"]
    seats = build_policies(ir, {}, "random")
    both_happened = 0
    for game in range(150):
        rng = Random(game)
        state = initial_state(ir, rng=rng, record=False)
        icebreaker_after_screening = False
        while (seat := to_act(ir, state)) is not None:
            action = seats[seat].choose(ir, state, seat, rng)
            before = state.flags[screened]
            state, _ = step(ir, state, action, rng, record=False)
            assert not (state.flags[seen] and state.flags[screened]), (game, action)
            icebreaker_after_screening |= before and getattr(action, "move", "") == (
                "research_icebreaker"
            )
        both_happened += icebreaker_after_screening
    assert both_happened > 0  # the case that went wrong was played
