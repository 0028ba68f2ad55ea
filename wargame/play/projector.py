"""The projector board: what a whole room reads at once, from the back of it.

A team's screen is for deciding; the projector is for following: who decides now, in which
phase and how long is left, where the calendar stands and what deadlines come, the key
gauges against the lines that end the game, the endings one step away, the last headline
and the last results. Everything is the observer's view (public information only), masked,
in plain words; no moves are listed. Pure data: the terminal board and tests read it alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wargame.engine import OBSERVER, UMPIRE, Event, LastChance, event_for, last_chance
from wargame.play.views import dashboard_view
from wargame.scenario.masking import Masker
from wargame.scenario.numbers import bounded
from wargame.session import Session

RESULT_KINDS = frozenset({"move", "pass", "outcome", "rating", "umpire", "fizzle", "exit"})
"""Events the board's "last results" lists: what the teams did and how it came out."""
RESULTS_SHOWN = 8


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One turn of the calendar: its label, the deadlines that fall on it, and whether it
    is the turn now (or past)."""

    turn: int
    label: str
    deadlines: tuple[str, ...]
    now: bool
    past: bool


@dataclass(frozen=True, slots=True)
class BoardGauge:
    """A key value drawn against the line that ends the game, when one is close."""

    label: str
    value: float
    low: float
    high: float
    threshold: float | None
    """Where an ending starts (None when no ending is close on this value)."""
    note: str
    """`ends the game (NATO destroyed from within)` when an ending is close, else ""."""
    alliance: bool = False
    """An alliance's cohesion: its threshold is where it breaks, always drawn."""


@dataclass(frozen=True, slots=True)
class BoardView:
    title: str
    deciding: str
    """Who decides now, by name (`Denmark`, `the umpire`); "" once the game is over."""
    deciding_note: str
    """`a bot` for a bot, `ruling` for the umpire, "" for a team."""
    phase: str
    """`Turn 3 of 8 · Diplomacy`."""
    date: str
    calendar: tuple[CalendarDay, ...]
    gauges: tuple[BoardGauge, ...]
    warnings: tuple[str, ...]
    """The endings one step away, in words (`ties 61 / 70 — ends the game`)."""
    headline: str
    """The last news the room may read ("" before any)."""
    headline_text: str
    results: tuple[str, ...]
    """The last things done and how they came out, newest last."""
    ending: str
    """The ending's title once the game is over, else ""."""
    module: str = ""
    """An exercise's module under way (`Module 2: Fire`), "" when none is."""
    module_place: str = ""
    """`Module 2 of 3`."""
    module_questions: tuple[str, ...] = ()
    """The questions the module discusses at its end (never a question's guide: that is
    the facilitator's, like the module's notes)."""
    headline_questions: tuple[str, ...] = ()
    """The questions the latest news asks the room."""


def board_view(session: Session, mask: Masker) -> BoardView:
    """The board for `session` now, as the room (the observer) may see it."""
    scenario, state = session.scenario, session.state
    calendar = scenario.calendar
    turn = min(state.turn, calendar.turns)
    phase = ""
    if 0 <= state.phase < len(scenario.phases):
        phase = scenario.phases[state.phase].label or scenario.phases[state.phase].id
    deciding, note = _deciding(session, mask)
    days = tuple(
        CalendarDay(
            turn=t,
            label=mask(calendar.labels[t - 1]) if t <= len(calendar.labels) else f"Turn {t}",
            deadlines=tuple(mask(d.label) for d in calendar.deadlines if d.turn == t),
            now=t == turn,
            past=t < turn,
        )
        for t in range(1, calendar.turns + 1)
    )
    chances = last_chance(scenario, state, OBSERVER)
    gauges = _gauges(session, mask, chances)
    headline, headline_text, asked = _headline(session, mask)
    module = next((m for m in scenario.modules if m.spans(turn)), None)
    ending = ""
    if state.ending is not None:
        ending = mask(scenario.endings[state.ending].title)
    return BoardView(
        title=mask(scenario.title),
        deciding=deciding,
        deciding_note=note,
        phase=f"Turn {turn} of {calendar.turns}" + (f" · {mask(phase)}" if phase else ""),
        date=mask(calendar.labels[turn - 1]) if 0 < turn <= len(calendar.labels) else "",
        calendar=days,
        gauges=gauges,
        warnings=tuple(mask(chance.text) for chance in chances),
        headline=headline,
        headline_text=headline_text,
        results=_results(session, mask),
        ending=ending,
        module=mask(module.title) if module is not None else "",
        module_place=(
            f"Module {module.index + 1} of {len(scenario.modules)}" if module is not None else ""
        ),
        module_questions=(
            tuple(mask(q.text) for q in module.questions) if module is not None else ()
        ),
        headline_questions=asked,
    )


def _deciding(session: Session, mask: Masker) -> tuple[str, str]:
    who = session.to_act
    if who is None:
        return "", ""
    if who == UMPIRE:
        return "the umpire", "ruling"
    name = mask(session.scenario.actors[who].name)
    seat = session.seat_for(who)
    return name, "" if seat is None or seat.is_human else "a bot"


def _gauges(
    session: Session, mask: Masker, chances: Sequence[LastChance]
) -> tuple[BoardGauge, ...]:
    """The key variables the room may see (every visible one when none is marked key),
    each alliance's cohesion against its breaking point, and any value an ending is close
    on, with that ending's line."""
    scenario, state = session.scenario, session.state
    dashboard = dashboard_view(scenario, state, OBSERVER, mask)
    close = {mask(chance.gauge): chance for chance in chances}
    variables = [v for v in dashboard.variables if v.key] or list(dashboard.variables)
    out: list[BoardGauge] = []
    for var in variables:
        chance = close.get(var.label)
        out.append(
            BoardGauge(
                label=var.label,
                value=bounded(var.value),
                low=bounded(var.min),
                high=bounded(var.max),
                threshold=bounded(chance.threshold) if chance else None,
                note=_note(chance, mask),
            )
        )
    for alliance in dashboard.alliances:
        label = f"{alliance.name} cohesion"
        chance = close.get(label)
        note = "broken" if alliance.collapsed else _note(chance, mask)
        out.append(
            BoardGauge(
                label=label,
                value=bounded(alliance.cohesion),
                low=0.0,
                high=100.0,
                threshold=bounded(alliance.collapse_below),
                note=note or f"breaks below {alliance.collapse_below:g}",
                alliance=True,
            )
        )
    return tuple(out)


def _note(chance: LastChance | None, mask: Masker) -> str:
    """What a close ending does, from its warning: `ends the game (the pact breaks)`."""
    if chance is None:
        return ""
    text = chance.text
    _, dash, rest = text.partition(" — ")
    return mask(rest if dash else text)


def _headline(session: Session, mask: Masker) -> tuple[str, str, tuple[str, ...]]:
    """The newest inject the room may read: its label, text and questions."""
    scenario = session.scenario
    for event in reversed(session.state.log.all()):
        if event.kind != "inject":
            continue
        seen = event_for(event, OBSERVER)
        if seen is None or not seen.text:
            continue
        index = scenario.names.injects.get(event.target)
        if index is None:
            return mask(seen.text), "", ()
        inject = scenario.injects[index]
        asked = tuple(mask(q.text) for q in inject.questions)
        return mask(inject.label), mask(inject.text), asked
    return "", "", ()


def _results(session: Session, mask: Masker) -> tuple[str, ...]:
    shown: list[str] = []
    for event in reversed(session.state.log.all()):
        if len(shown) >= RESULTS_SHOWN:
            break
        if event.kind not in RESULT_KINDS:
            continue
        seen: Event | None = event_for(event, OBSERVER)
        if seen is not None and seen.text:
            shown.append(mask(seen.text))
    return tuple(reversed(shown))


__all__ = ["BoardGauge", "BoardView", "CalendarDay", "board_view"]
