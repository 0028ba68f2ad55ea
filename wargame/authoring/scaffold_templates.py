"""The texts `wargame new` writes: a small starter and the full template (`--full`).

Both are `str.format` templates (`{schema}`, `{id}`, `{title}`; literal braces doubled) of
a scenario that validates, lints clean and reaches every ending with random bots, which
tests/authoring/test_scaffold.py checks. The starter has one of everything an author needs
first (and free play's `levers`, commented out); the full one adds phases (one
simultaneous), rulings, argued and secret moves, an unplayable actor, `visible_to`, an
`at_end` ending, free play's `levers` and argument rule, and the parts of a
discussion-based exercise (the umpire's briefing, inject times, questions and notes,
modules, exercise objectives and capabilities), each commented where it is used.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FULL", "STARTER"]

STARTER: Final = """\
# yaml-language-server: $schema={schema}
wargame: 1

# =============================================================================
# {title}
#
# A starting point: two partners, one alliance, a crisis that can end in a
# deal or drift to a stalemate. Every section below is commented; change the
# story, keep the shape, and check as you go:
#
#   wargame validate FILE    the file is well formed
#   wargame lint FILE        it plays the way you meant (no dead moves or endings)
#   wargame graph FILE       what leads where
#   wargame play FILE        play it (add --watch to reload on save)
#
# docs/authoring.md is the format reference; docs/expressions.md the language
# of `when:` conditions and effects.
# =============================================================================

id: {id}
title: {title}
summary: >-
  Two partners in a fragile alliance argue over a disputed strait while
  tension rises. Replace this paragraph with what your scenario is about.
version: "0.1"
authors: [Your name]

# Four turns, one a week. `labels` and `deadlines` are optional.
calendar:
  start: Week 1
  step: week
  turns: 4
  deadlines:
    - {{turn: 4, label: The summit}}

# -----------------------------------------------------------------------------
# Actors: who plays. Every playable seat needs a briefing (everyone reads
# it), a private briefing (only this seat) and objectives (what bots aim for
# and the debrief scores).
# -----------------------------------------------------------------------------
actors:
  blue:
    name: Blue
    side: alliance
    briefing: The larger partner, who patrols the strait.
    private_briefing: >-
      Your navy is stretched thin. A deal would free it; a fight would not.
    objectives:
      - {{text: Keep the alliance together., score: "cohesion(pact) / 100", weight: 2}}
      - {{text: Calm the strait., score: "(10 - tension) / 10"}}

  red:
    name: Red
    side: alliance
    briefing: The smaller partner, whose fishing fleets work the strait.
    private_briefing: >-
      Your fishermen want concessions; your ministers want the alliance.
    objectives:
      - {{text: Win fishing concessions., score: "concessions / 10", weight: 2}}
      - {{text: Reach a deal., score: "flags.deal"}}

# -----------------------------------------------------------------------------
# An alliance: cohesion is the weighted average of the members' commitment,
# and at the end of each turn commitment drifts toward trust in the partner.
# -----------------------------------------------------------------------------
alliances:
  pact:
    name: The Strait Pact
    members:
      blue: {{commitment: 70, exit_below: 20}}
      red:  {{commitment: 65, exit_below: 25}}
    collapse_below: 30

relations:
  default: 60

# What the game tracks. Effects are held within min..max.
variables:
  tension: {{start: 3, min: 0, max: 10, label: Tension, key: true}}
  concessions: {{start: 0, min: 0, max: 10, label: Concessions won}}

flags:
  talks_open: {{label: Talks are open}}
  deal: {{label: A deal is signed}}

# -----------------------------------------------------------------------------
# Moves. With no `phases:`, every turn is one round in which each actor, in
# order, plays one move or passes.
# -----------------------------------------------------------------------------
moves:
  # A plain move: its effects simply happen.
  - id: open_talks
    actor: blue
    label: Open talks on the strait
    text: Blue's envoy proposes talks on fishing rights.
    when: "not flags.talks_open"
    effects: ["flags.talks_open = true", "tension -= 1"]

  # A dice move: roll 2d6, add the modifiers that apply, the first outcome
  # whose `at_least` the total reaches happens (the last catches the rest).
  - id: patrol
    actor: blue
    label: Patrol the strait (dice)
    text: Blue's ships sail out to keep the strait open.
    dice:
      roll: 2d6
      modifiers:
        - {{label: Tempers are high, value: -1, when: "tension >= 6"}}
      outcomes:
        - id: calm
          label: The strait is calm
          at_least: 8
          text: The patrol passes without incident.
          effects: ["tension -= 2"]
        - id: incident
          label: An incident
          text: A fishing boat is turned back and Red protests.
          effects: ["tension += 1", "trust[red][blue] -= 10"]

  # A chance move: each outcome has a probability `p`; the last takes the rest.
  - id: demand_concessions
    actor: red
    label: Demand fishing concessions (chance)
    text: Red's minister demands a bigger share of the catch.
    limit: {{per_game: 2}}
    chance:
      - id: granted
        label: Granted
        p: 0.5
        text: Blue gives ground.
        effects: ["concessions += 3", "trust[blue][red] -= 5"]
      - id: refused
        label: Refused
        text: Blue refuses and the fleets shadow each other.
        effects: ["tension += 2", "commitment[pact][red] -= 10"]

  - id: sign_deal
    actor: red
    label: Sign the fishing deal
    text: Both partners sign a deal on the strait.
    when: "flags.talks_open and concessions >= 3"
    effects: ["flags.deal = true", "tension -= 2"]

# -----------------------------------------------------------------------------
# Injects: news at the start of a turn, on a schedule (`at_turn`), when a
# condition holds (`when`), or by chance (`chance`).
# -----------------------------------------------------------------------------
injects:
  - id: storm
    label: A storm closes the strait
    at_turn: 2
    text: A storm keeps every boat in harbour and tempers short.
    effects: ["tension += 1"]

# -----------------------------------------------------------------------------
# Endings, checked after every phase by priority (highest first). The
# default ending closes the game when the calendar runs out.
# -----------------------------------------------------------------------------
endings:
  - id: deal_signed
    title: A deal on the strait
    priority: 10
    when: "flags.deal"
    text: The partners share the strait and the pact holds.
    debrief:
      - What did each side give up for the deal?

  - id: stalemate
    title: Stalemate
    default: true
    text: The summit comes and goes; the strait stays contested.
    debrief:
      - What would have made a deal possible?

debrief:
  - Which choice mattered most, and why?

# -----------------------------------------------------------------------------
# Free play (optional). Teams may always propose an action of their own in
# words, and the umpire may write news; `levers` says which values those may
# move and by how much at most per action. Without levers they are narrative
# only. Uncomment to allow it:
#
# levers:
#   tension: 1           # a variable id, at most ±1 per action
#   trust: 10            # any trust[A][B], at most ±10
# -----------------------------------------------------------------------------
"""

FULL: Final = """\
# yaml-language-server: $schema={schema}
wargame: 1

# =============================================================================
# {title}
#
# The full starting point (`wargame new --full`): the crisis of the small
# template, with every kind of rule the format has, each commented where it
# is used. Keep what your game needs and delete the rest; check as you go:
#
#   wargame validate FILE    the file is well formed
#   wargame lint FILE        it plays the way you meant (no dead moves or endings)
#   wargame graph FILE       what leads where
#   wargame play FILE        play it (add --watch to reload on save)
#
# docs/authoring.md is the format reference; docs/expressions.md the language
# of `when:` conditions and effects.
# =============================================================================

id: {id}
title: {title}
summary: >-
  Two partners in a fragile alliance argue over a disputed strait while a
  fishing guild nobody controls works the water. Replace this paragraph with
  what your scenario is about.
version: "0.1"
authors: [Your name]

calendar:
  start: Week 1
  step: week
  turns: 4
  deadlines:
    - {{turn: 4, label: The summit}}

# The facilitator's own briefing: the umpire's screen shows it before play,
# no player ever does.
umpire_briefing: >-
  The guild is paid by Red's ministry from turn 1 if Red chooses; let the
  rumour do its work before anyone at the table names it.

# Discussion mode: players see only the moves open to them now, by name,
# without conditions or effects (also `wargame play --discussion`).
# discussion: true

# -----------------------------------------------------------------------------
# Actors. `playable: false` marks an actor no team sits for: `wargame play`
# and `wargame host` give it to a bot (its moves still happen), and it needs
# no briefing. Here the fishing guild acts on its own.
# -----------------------------------------------------------------------------
actors:
  blue:
    name: Blue
    side: alliance
    briefing: The larger partner, who patrols the strait.
    private_briefing: >-
      Your navy is stretched thin. A deal would free it; a fight would not.
    objectives:
      - {{text: Keep the alliance together., score: "cohesion(pact) / 100", weight: 2}}
      - {{text: Calm the strait., score: "(10 - tension) / 10"}}

  red:
    name: Red
    side: alliance
    briefing: The smaller partner, whose fishing fleets work the strait.
    private_briefing: >-
      Your fishermen want concessions; your ministers want the alliance. The
      guild takes money quietly, and only you see how much it has had.
    objectives:
      - {{text: Win fishing concessions., score: "concessions / 10", weight: 2}}
      - {{text: Reach a deal., score: "flags.deal"}}

  guild:
    name: The fishing guild
    side: guild
    playable: false
    objectives:
      - {{text: Keep the catch., score: "-tension / 10"}}

alliances:
  pact:
    name: The Strait Pact
    members:
      blue: {{commitment: 70, exit_below: 20}}
      red:  {{commitment: 65, exit_below: 25}}
    collapse_below: 40

relations:
  default: 60

# `visible_to` limits who sees a value (`all`, `umpire`, or a list of actor
# ids; the umpire always sees everything). The others see nothing of it.
variables:
  tension: {{start: 3, min: 0, max: 10, label: Tension, key: true}}
  concessions: {{start: 0, min: 0, max: 10, label: Concessions won}}
  guild_paid: {{start: 0, min: 0, max: 10, label: Paid to the guild, visible_to: [red]}}

flags:
  talks_open: {{label: Talks are open}}
  deal: {{label: A deal is signed}}

# -----------------------------------------------------------------------------
# Phases: each turn runs them in order. In a `sequential` phase actors act one
# after another; in a `simultaneous` one every actor gives hidden orders,
# resolved together when all are in (in `actors` order). With phases, every
# move names its `phase`.
# -----------------------------------------------------------------------------
phases:
  - id: talks
    label: Talks
    text: The envoys meet; each side speaks in turn.
  - id: orders
    label: Orders at sea
    mode: simultaneous
    text: Orders to the fleets are given in secret and carried out together.

moves:
  # Talks -------------------------------------------------------------------
  - id: open_talks
    actor: blue
    phase: talks
    label: Open talks on the strait
    text: Blue's envoy proposes talks on fishing rights.
    when: "not flags.talks_open"
    effects: ["flags.talks_open = true", "tension -= 1"]

  # A chance move: each outcome has a probability `p` (a number or an
  # expression); the last takes what is left.
  - id: demand_concessions
    actor: red
    phase: talks
    label: Demand fishing concessions (chance)
    text: Red's minister demands a bigger share of the catch.
    limit: {{per_game: 2}}
    chance:
      - id: granted
        label: Granted
        p: "0.6 - tension / 20"
        text: Blue gives ground.
        effects: ["concessions += 3", "trust[blue][red] -= 5"]
      - id: refused
        label: Refused
        text: Blue refuses and the fleets shadow each other.
        effects: ["tension += 2", "commitment[pact][red] -= 15"]

  # An argued move (matrix game): the team types its case, the umpire rates
  # it strong, neutral or weak, and the rating shifts the dice roll. Without
  # a human umpire it counts as neutral.
  - id: argue_for_a_deal
    actor: red
    phase: talks
    label: Argue for a deal (argued)
    text: Red's minister makes the case for a shared strait.
    when: "flags.talks_open and not flags.deal"
    argued: true
    dice:
      roll: 2d6
      outcomes:
        - id: persuaded
          label: Blue is persuaded
          at_least: 8
          effects: ["concessions += 2", "trust[blue][red] += 5"]
        - id: unmoved
          label: Blue is unmoved
          effects: ["tension += 1"]

  - id: sign_deal
    actor: red
    phase: talks
    label: Sign the fishing deal
    text: Both partners sign a deal on the strait.
    when: "flags.talks_open and concessions >= 3"
    effects: ["flags.deal = true", "tension -= 2"]

  # A ruling: the umpire picks the outcome. `p` lets a bot umpire (or the
  # engine's proposal to a human one) pick by chance.
  - id: ask_the_summit
    actor: blue
    phase: talks
    label: Ask the summit to arbitrate (ruling)
    text: Blue puts the dispute before the allies' summit.
    when: "turn >= 2 and not flags.deal"
    limit: {{per_game: 1}}
    ruling:
      - id: splits_the_water
        label: The summit splits the water
        p: 0.5
        effects: ["concessions += 2", "tension -= 1"]
      - id: sends_it_back
        label: The summit sends it back
        effects: ["commitment[pact][blue] -= 15"]

  # Orders at sea (simultaneous) ---------------------------------------------
  # A dice move: roll, add the modifiers that apply, and the first outcome
  # whose `at_least` the total reaches happens (the last catches the rest).
  - id: patrol
    actor: blue
    phase: orders
    label: Patrol the strait (dice)
    text: Blue's ships sail out to keep the strait open.
    dice:
      roll: 2d6
      modifiers:
        - {{label: Tempers are high, value: -1, when: "tension >= 6"}}
      outcomes:
        - id: calm
          label: The strait is calm
          at_least: 8
          effects: ["tension -= 2"]
        - id: incident
          label: An incident
          text: A fishing boat is turned back and Red protests.
          effects: ["tension += 1", "trust[red][blue] -= 10"]

  # A secret move: only Red and the umpire learn it was played; the others
  # see its public effects only (here none: the payment is in a variable
  # only Red can see).
  - id: pay_the_guild
    actor: red
    phase: orders
    label: Pay the guild to stay out (secret)
    text: Red's ministry quietly pays the guild to keep its boats in harbour.
    secret: true
    limit: {{cooldown: 2}}
    effects: ["guild_paid += 3"]

  - id: blockade
    actor: guild
    phase: orders
    label: Blockade the harbour
    text: The guild's boats block the harbour mouth.
    when: "guild_paid < 3"
    effects: ["tension += 2", "trust[blue][red] -= 15"]

# -----------------------------------------------------------------------------
# Injects: news at the start of a turn. `visible_to` keeps a report to some
# actors (the umpire sees all).
# -----------------------------------------------------------------------------
#
# For a discussion-based exercise an inject also takes its time (`at`, H+ or
# a clock time; injects of a turn are listed in time order), `questions` the
# room discusses when it arrives (answers are recorded), and `notes` only the
# umpire sees, at once.
injects:
  - id: storm
    label: A storm closes the strait
    at_turn: 2
    at: "H+168"
    text: A storm keeps every boat in harbour and tempers short.
    effects: ["tension += 1"]
    questions:
      - Who speaks for the pact while the boats are in harbour?
      - text: What does each side fear the other will do?
        guide: Listen for the guild; nobody has named it yet.
    notes: >-
      If Red has paid the guild, its boats stay in too: ask Blue why the
      harbour is so quiet.

  - id: guild_rumour
    label: Blue's agents hear of payments to the guild
    when: "guild_paid >= 3"
    chance: 0.5
    text: Someone in Red's ministry is paying the guild.
    visible_to: [blue]
    effects: ["trust[blue][red] -= 10"]

# -----------------------------------------------------------------------------
# Endings, by priority (highest first). Most are checked after every phase;
# `at_end: true` judges one only when the calendar runs out (before the
# default ending). `endings_checked` at the top level changes when all of
# them are judged (docs/authoring.md, "Pacing").
# -----------------------------------------------------------------------------
endings:
  - id: deal_signed
    title: A deal on the strait
    priority: 10
    when: "flags.deal"
    text: The partners share the strait and the pact holds.
    debrief:
      - What did each side give up for the deal?

  - id: pact_broken
    title: The pact breaks
    priority: 5
    when: "collapsed(pact)"
    text: The partners go their own ways and the strait is anyone's.

  - id: pact_renewed
    title: The pact is renewed at the summit
    at_end: true
    when: "cohesion(pact) >= 58"
    text: No deal, but the partners still trust each other enough to renew the pact.

  - id: stalemate
    title: Stalemate
    default: true
    text: The summit comes and goes; the strait stays contested.
    debrief:
      - What would have made a deal possible?

debrief:
  - Which choice mattered most, and why?
  - What did the guild's moves change, and who saw them?

# -----------------------------------------------------------------------------
# Modules: a discussion-based exercise told in parts. Each spans consecutive
# turns, opens with its own text, and ends with questions for the room; its
# `notes` are the umpire's alone. Injects belong to the module of their turn.
# -----------------------------------------------------------------------------
modules:
  - id: talks
    title: "Module 1: Talks"
    turns: [1, 2]
    text: The envoys meet while the fleets watch each other.
    objectives: [See whether the partners talk before they act.]
    questions:
      - What did each side want from the talks?
    notes: Do not suggest the summit; see who thinks of it.
  - id: summit
    title: "Module 2: The summit"
    turns: [3, 4]
    text: The allies' summit draws near.
    questions:
      - What would you have needed to settle this without the summit?

# -----------------------------------------------------------------------------
# The exercise: cover details, objectives and the capabilities evaluators
# rate P/S/M/U for the after-action report. An expected action is checked
# from the log by a move or a flag by a turn; one with only `text` is left
# to the evaluator. `wargame print --msel FILE` prints the event list.
# -----------------------------------------------------------------------------
exercise:
  sponsor: Your organisation
  mission_areas: [Response]
  objectives:
    - id: talk_first
      text: Examine whether the partners talk before they act.
      capabilities: [coordination]
  capabilities:
    coordination:
      name: Operational Coordination
      expected:
        - {{text: Open talks, move: open_talks, by_turn: 1}}
        - {{text: Sign a deal before the summit, flag: deal, by_turn: 3}}
        - {{text: Agree who speaks for the pact, inject: storm}}

# -----------------------------------------------------------------------------
# Free play: beside the moves above, a team may propose an action in its own
# words, with its arguments for it; the others argue for or against within
# the phase. When the phase closes the dice decide (or the umpire rules), and
# a success changes only what the levers allow. The umpire's written news
# keeps to the levers too.
# -----------------------------------------------------------------------------
levers:
  tension: 1             # a variable id: at most ±1 per free action or news
  trust: 10              # any trust[A][B]: at most ±10
  commitment: 5          # any commitment[K][A]: at most ±5

# The argument rule: the dice a free action rolls, the total it needs, and
# what each argument adds by its rating (an argument against subtracts). With
# no human umpire every argument counts as `unrated`: `strong` makes the
# matrix-game count (each argument for +2, each against -2).
arguments:
  roll: 2d6
  succeed_at: 7
  strong: 2
  neutral: 0
  weak: -2
  unrated: neutral
"""
