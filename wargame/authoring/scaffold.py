"""`wargame new`: a first scenario that validates, lints clean and plays at once.

The template is a small, fully commented crisis that uses one of everything an author needs
first: the schema modeline, two actors in one alliance, variables and a flag, a plain move,
a dice move, a chance move, an inject and two endings (one the default). Authors learn the
format by editing something that already works.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = ["SCHEMA_NAME", "Scaffold", "ScaffoldError", "plan_scaffold", "render_scaffold"]

SCHEMA_NAME: Final = "scenario.schema.json"


class ScaffoldError(Exception):
    """The scaffold cannot be written (the message says why, for the command line)."""


@dataclass(frozen=True, slots=True)
class Scaffold:
    """What `new` writes: the file, its text, and where the modeline points."""

    path: Path
    text: str
    schema: str
    """The modeline's schema path, relative to the file."""
    schema_found: bool
    """False when no `schema/scenario.schema.json` was found above the file."""


_ID_CLEAN: Final = re.compile(r"[^a-z0-9]+")


def scenario_id(name: str) -> str:
    """A valid scenario id from a file name: `My Crisis-2` -> `my_crisis_2`."""
    ident = _ID_CLEAN.sub("_", name.lower()).strip("_")
    if not ident or not ident[0].isalpha():
        ident = "scenario_" + ident if ident else "scenario"
    return ident[:64]


def scenario_title(ident: str) -> str:
    return ident.replace("_", " ").strip().capitalize() or "New scenario"


def plan_scaffold(name: str, *, cwd: Path | None = None) -> Scaffold:
    """Where `new NAME` writes and what; raises `ScaffoldError` if the file exists."""
    here = cwd if cwd is not None else Path.cwd()
    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    if not path.is_absolute():
        path = here / path
    if path.exists():
        raise ScaffoldError(f"{_shown(path, here)} already exists; choose another name")
    if not path.parent.is_dir():
        raise ScaffoldError(f"no such folder: {_shown(path.parent, here)}")
    schema, found = _schema_path(path.parent)
    ident = scenario_id(path.stem)
    return Scaffold(path, render_scaffold(ident, scenario_title(ident), schema), schema, found)


def _shown(path: Path, here: Path) -> str:
    try:
        return str(path.relative_to(here))
    except ValueError:
        return str(path)


def _schema_path(folder: Path) -> tuple[str, bool]:
    """The schema beside the file or in a `schema/` folder above it, relative to the file."""
    for parent in (folder, *folder.parents):
        for candidate in (parent / SCHEMA_NAME, parent / "schema" / SCHEMA_NAME):
            if candidate.is_file():
                return Path(os.path.relpath(candidate, folder)).as_posix(), True
    return SCHEMA_NAME, False


def render_scaffold(ident: str, title: str, schema: str) -> str:
    """The scaffold's text for scenario `ident`."""
    return _TEMPLATE.format(id=ident, title=title, schema=schema)


_TEMPLATE: Final = """\
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
"""
