"""A one-actor scenario in which patience pays: grabbing scores 0.2 at once, preparing
then striking 1.0 a turn later. The goal bot (one move ahead) grabs; a search prepares.
Shared by the bots' and the head-to-head's tests."""

PATIENCE = """
wargame: 1
id: patience
title: Patience pays
calendar: {start: "Day 1", turns: 2}
actors:
  player:
    name: Player
    objectives:
      - {text: Win big, score: "prize / 10"}
variables:
  prize: {start: 0, min: 0, max: 10}
flags:
  ready: {}
  spent: {}
moves:
  - {id: grab, actor: player, label: Grab what is there, when: "not flags.spent",
     effects: ["prize += 2", "flags.spent = true"]}
  - {id: prepare, actor: player, label: Prepare, when: "not flags.spent",
     effects: ["flags.ready = true", "flags.spent = true"]}
  - {id: strike, actor: player, label: Strike, when: "flags.ready", limit: {per_game: 1},
     effects: ["prize += 10"]}
endings:
  - {id: over, title: Over, default: true}
"""
