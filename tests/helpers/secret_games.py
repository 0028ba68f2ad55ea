"""Random scenarios full of secrets, and random games of them, for the hidden-information
properties (with `tests.helpers.secrecy`).

A scenario has two to four actors in an alliance, public and hidden variables (hidden ones
visible to some actors or to the umpire alone), public and hidden flags, moves (some secret,
some adjudicated by chance, dice with modifiers, or ruling; some with conditions on hidden
values), news for everyone and news for some, and endings. Names and labels are distinctive
words, and hidden variables live in the thousands (each in a range of its own) while every
public value stays within 0-100, so a hidden value showing up anywhere is recognisable.
Some have an exercise's parts: the umpire's briefing, two modules with notes and questions
with guides, and injects with notes and questions (words of UMPIRE_WORDS, the umpire's
alone). Effects on public values add constants: a change to a public value is public
(docs/rules.md), whatever decided it.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_text
from wargame.session import Seat, Session

__all__ = ["bot_game", "secret_scenarios"]

ACTORS = ("Northvale", "Southmoor", "Eastreach", "Westholm")
HIDDEN_WORDS = ("Quillon", "Zarvex", "Morbane", "Tessark", "Vandrel", "Ospryx")
UMPIRE_WORDS = ("Brackwater", "Celandor", "Dunmarrow", "Fenwhistle", "Glimmersby", "Harrowgate")
"""Words only the facilitator's notes, question guides and the umpire's briefing use."""


def _visibility(draw: st.DrawFn, actors: list[str]) -> Any:
    """`umpire`, or a non-empty proper subset of the actors."""
    if draw(st.booleans()):
        return "umpire"
    size = draw(st.integers(1, max(1, len(actors) - 1)))
    return sorted(draw(st.permutations(actors))[:size])


@st.composite
def _document(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 4))
    actors = [f"actor{i}" for i in range(n)]
    hidden_vars = [f"hid{i}" for i in range(draw(st.integers(1, 2)))]
    hidden_flags = [f"hflag{i}" for i in range(draw(st.integers(1, 2)))]
    variables: dict[str, Any] = {
        "pub0": {"label": "Public tension", "start": draw(st.integers(10, 60)), "max": 100},
        "pub1": {"label": "Public trade", "start": draw(st.integers(10, 60)), "max": 100},
    }
    for i, v in enumerate(hidden_vars):
        low = 1000 + 4000 * i  # each in its own range: one seat may see one and not the other
        variables[v] = {
            "label": f"{HIDDEN_WORDS[i]} reserves",
            "start": draw(st.integers(low + 100, low + 900)),
            "min": low,
            "max": low + 3999,
            "visible_to": _visibility(draw, actors),
        }
    flags: dict[str, Any] = {"pubflag": {"label": "Talks under way"}}
    for i, f in enumerate(hidden_flags):
        flags[f] = {"label": f"{HIDDEN_WORDS[2 + i]} plan", "visible_to": _visibility(draw, actors)}
    public_effect = st.sampled_from(
        ["pub0 += 7", "pub0 -= 9", "pub1 += 11", "flags.pubflag = true"]
        + [f"trust[{a}][{b}] -= 13" for a in actors for b in actors if a != b]
        + [f"commitment[pact][{a}] -= 6" for a in actors[:2]]
    )
    hidden_effect = st.sampled_from(
        [f"{v} += {d}" for v in hidden_vars for d in (37, 113)]
        + [f"{v} -= 71" for v in hidden_vars]
        + [f"flags.{f} = true" for f in hidden_flags]
    )
    any_effect = st.one_of(public_effect, hidden_effect)
    effects = st.lists(any_effect, max_size=3)
    hidden_read = st.sampled_from(
        [f"{v} >= {1300 + 4000 * i}" for i, v in enumerate(hidden_vars)]
        + [f"flags.{f}" for f in hidden_flags]
    )
    condition = st.one_of(st.none(), st.just("pub0 < 90"), hidden_read)
    simultaneous = draw(st.booleans())
    phases = [{"id": "talks", "label": "Talks", "actors": actors}]
    if simultaneous:
        phases.append(
            {"id": "night", "label": "Night orders", "mode": "simultaneous", "actors": actors}
        )
    moves: list[dict[str, Any]] = []
    for a, actor in enumerate(actors):
        for m in range(draw(st.integers(1, 3))):
            move: dict[str, Any] = {
                "id": f"m{a}x{m}",
                "actor": actor,
                "phase": draw(st.sampled_from([p["id"] for p in phases])),
                "label": f"Gambit {a}-{m}",
                "effects": draw(effects),
            }
            when = draw(condition)
            if when is not None:
                move["when"] = when
            if draw(st.booleans()):
                move["secret"] = True
                move["label"] = f"Covert {HIDDEN_WORDS[(a + m) % 6]}{a}{m}"
                move["text"] = f"Whispers of {HIDDEN_WORDS[(a + m + 1) % 6]}{a}{m}."
            kind = draw(st.sampled_from(["none", "chance", "dice", "ruling"]))
            if kind == "chance":
                p = draw(st.sampled_from(["0.5", f"({hidden_vars[0]} - 1000) / 1000"]))
                move["chance"] = [
                    {"id": "won", "label": f"Won {a}{m}", "p": p, "effects": draw(effects)},
                    {"id": "lost", "label": f"Lost {a}{m}", "effects": draw(effects)},
                ]
            elif kind == "dice":
                modifiers = [{"label": "Home ground", "value": 1}]
                if draw(st.booleans()):
                    edge = f"{HIDDEN_WORDS[4]} edge {a}{m}"
                    modifiers.append({"label": edge, "value": 2, "when": draw(hidden_read)})
                high, low = draw(effects), draw(effects)
                move["dice"] = {
                    "roll": "2d6",
                    "modifiers": modifiers,
                    "outcomes": [
                        {"id": "high", "label": f"High {a}{m}", "at_least": 8},
                        {"id": "low", "label": f"Low {a}{m}"},
                    ],
                }
                move["dice"]["outcomes"][0]["effects"] = high
                move["dice"]["outcomes"][1]["effects"] = low
            elif kind == "ruling":
                move["ruling"] = [
                    {"id": "granted", "label": f"Granted {a}{m}", "effects": draw(effects)},
                    {"id": "refused", "label": f"Refused {a}{m}", "effects": draw(effects)},
                ]
            moves.append(move)
    injects: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 3))):
        inject: dict[str, Any] = {
            "id": f"news{i}",
            "label": f"Bulletin {i}",
            "once": False,
            "chance": draw(st.sampled_from([0.5, 1])),
            "effects": draw(st.lists(any_effect, min_size=1, max_size=3)),
        }
        if draw(st.booleans()):
            inject["notes"] = f"Watch for {UMPIRE_WORDS[i]} in the answers."
        if draw(st.booleans()):
            guide = f"{UMPIRE_WORDS[3]} drill {i}."
            inject["questions"] = [{"text": f"Who answers bulletin {i}?", "guide": guide}]
        if draw(st.booleans()):
            inject["label"] = f"{HIDDEN_WORDS[5]} cable {i}"
            inject["text"] = f"Only some read of {HIDDEN_WORDS[1]}{i}."
            inject["visible_to"] = _visibility(draw, actors)
        injects.append(inject)
    turns = draw(st.integers(2, 4))
    exercise: dict[str, Any] = {}
    if draw(st.booleans()):
        exercise["umpire_briefing"] = f"The {UMPIRE_WORDS[4]} line is the one to hold."
    if draw(st.booleans()):
        exercise["modules"] = [
            {
                "id": "mod1",
                "title": "Module one",
                "turns": 1,
                "questions": [{"text": "What happened first?", "guide": f"{UMPIRE_WORDS[5]}."}],
                "notes": f"Let {UMPIRE_WORDS[0]} lead.",
            },
            {
                "id": "mod2",
                "title": "Module two",
                "turns": list(range(2, turns + 1)),
                "text": "The storm.",
                "questions": ["What now?"],
                **({"notes": f"Press on {UMPIRE_WORDS[1]}."} if draw(st.booleans()) else {}),
            },
        ]
    return {
        "wargame": 1,
        "id": "secrets",
        "title": "A game of secrets",
        **exercise,
        "calendar": {"start": "Week 1", "step": "week", "turns": turns},
        "actors": {actor: {"name": ACTORS[i]} for i, actor in enumerate(actors)},
        "alliances": {
            "pact": {
                "name": "The Pact",
                "members": {a: {"weight": 1, "commitment": 70} for a in actors[:2]},
                "collapse_below": 20,
                "drift": 0.5,
            }
        },
        "relations": {"default": 50},
        "variables": variables,
        "flags": flags,
        "phases": phases,
        "moves": moves,
        "injects": injects,
        "endings": [
            {"id": "crisis", "title": "Crisis", "when": "pub0 >= 95"},
            {"id": "stalemate", "title": "Stalemate", "default": True},
        ],
    }


@st.composite
def secret_scenarios(draw: st.DrawFn, *, scored: bool = False) -> ScenarioIR:
    """A compiled random scenario with hidden variables, flags, secret moves and news.

    `scored`: every actor also has objectives that read hidden values (thresholds and
    flags, so what a move is worth depends on them), for the bots' secrecy properties.
    """
    document = draw(_document())
    if scored:
        flags = [f for f in document["flags"] if f.startswith("hflag")]
        for actor in document["actors"].values():
            actor["objectives"] = [
                {"text": "Calm", "score": "pub0 <= 40"},
                {"text": "Reserves", "score": f"hid0 >= {draw(st.integers(1100, 1900))}"},
                {"text": "Plans", "score": f"flags.{draw(st.sampled_from(flags))}", "weight": 2},
            ]
    return load_text(json.dumps(document), "secrets.yaml")


def bot_game(scenario: ScenarioIR, seed: int, *, umpire: bool = False) -> Session:
    """A whole game of `scenario` by random bots (an accepting bot umpire when `umpire`)."""
    session = Session(
        scenario,
        seed=seed,
        seats={a.id: Seat(a.id, "bot", policy="random") for a in scenario.actors},
        umpire=Seat("umpire", "bot", policy="accept") if umpire else None,
    )
    session.run_bots()
    return session
