"""The log in players' words (issue 20): a fact that changes reads as the scenario's label,
a value that reaches the end of its scale says so plainly, trust is a whole number, and a
name with an article reads lower-case inside a sentence ("trust in the United States")."""

from __future__ import annotations

from wargame.engine import PlayMove, events, initial_state
from wargame.scenario.loader import load_text

from .helpers import play

SCENARIO = """
wargame: 1
id: words
title: Words
calendar: {start: "2026-01", step: month, turns: 3}
actors:
  president: {name: The President}
  us: {name: The United States}
  dk: {name: Denmark}
relations: {default: 50}
variables:
  escalation: {label: Escalation, start: 8, min: 0, max: 10}
flags:
  leaked: {label: The allied cable has leaked}
  calm: {label: Talks are under way, start: true}
phases:
  - {id: main, actors: [president]}
moves:
  - id: push
    actor: president
    phase: main
    label: Push hard
    effects:
      - "escalation += 5"
      - "flags.leaked = true"
      - "flags.calm = false"
      - "trust[dk][us] -= 2.4"
endings:
  - {id: never, title: Never, when: "escalation > 100"}
"""


def _log() -> list[str]:
    scenario = load_text(SCENARIO, "words.yaml")
    state = play(scenario, initial_state(scenario), PlayMove("president", "push"))
    return [e.text for e in events(state) if e.kind == "effect"]


def test_a_value_at_the_end_of_its_scale_says_so_in_plain_words() -> None:
    assert "Escalation rose from 8 to 10 (its highest, 10) because the President played " \
        "'Push hard'" in _log()


def test_a_fact_reads_as_its_label_never_now_true() -> None:
    log = _log()
    assert "The allied cable has leaked because the President played 'Push hard'" in log
    assert "Talks are under way: no longer so because the President played 'Push hard'" in log
    assert not any("now true" in line or "now false" in line for line in log)


def test_trust_is_a_whole_number_and_the_article_is_lower_case_mid_sentence() -> None:
    assert "Denmark's trust in the United States fell from 50 to 48 because the President " \
        "played 'Push hard'" in _log()
