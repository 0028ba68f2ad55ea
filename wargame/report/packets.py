"""Paper for the table: print-ready briefing packets, one per team, and the umpire's.

Many tabletop sessions run on paper with one screen at the front. A team's packet holds what
that team may know before the game: the scenario's summary and calendar, its public and
private briefing, its objectives, and each of its moves as a card in plain language (what
it does, what it needs, its odds at the start of the game). The umpire's packet holds all
of it: every actor's briefings, objectives and moves, the injects with when they fire, and
the endings with what brings each about.

Each packet is one self-contained HTML file (inline CSS, no network, every text escaped)
that prints on A4 or Letter: the page size follows the printer's paper (`@page` sets the
margins only), cards never split across pages, each actor of the umpire's packet starts a
page. With a `Masker`, every text is masked. Values a team may not see are not spelled out
in its packet (`scenario.plain` with `engine.view.readable_by`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from wargame.bots.odds import outcome_probabilities
from wargame.engine import UMPIRE, Viewer, initial_state, readable_by
from wargame.engine.state import GameState
from wargame.scenario import plain
from wargame.scenario.expressions import constant_value
from wargame.scenario.ir import ActorIR, Effect, Expr, MoveIR, ScenarioIR
from wargame.scenario.masking import Masker

__all__ = ["Packet", "chance_words", "packets"]


@dataclass(frozen=True, slots=True)
class Packet:
    """One printable packet: who it is for, a file-name stem, the HTML."""

    reader: str
    """The actor's name, or `Umpire`."""
    stem: str
    """`denmark`, `umpire`: the file is `SCENARIO-STEM.html`."""
    html: str


CSS: Final = """
@page { margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.35;
       color: #111; margin: 0 auto; max-width: 180mm; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 6mm 0 2mm; border-bottom: 1px solid #888;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 0 0 1mm; }
.reader { font-size: 12pt; color: #444; margin: 0 0 4mm; }
.private { border-left: 3px solid #444; padding-left: 3mm; }
.card { border: 1px solid #333; border-radius: 2mm; padding: 3mm 4mm; margin: 0 0 3mm;
        break-inside: avoid; page-break-inside: avoid; }
.card .meta { font-size: 9pt; color: #444; margin: 0 0 1mm; }
.card p { margin: 1mm 0; }
.does { margin: 1mm 0; padding-left: 5mm; }
ul.does li { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; }
td, th { border-top: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top;
         font-size: 10pt; }
td.odds { white-space: nowrap; width: 16mm; }
.actor { break-before: page; page-break-before: always; }
.actor:first-of-type { break-before: auto; page-break-before: auto; }
.note { font-size: 9pt; color: #444; }
@media screen { body { padding: 8mm; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class _Writer:
    """Writes the packets of one scenario, masked or not."""

    def __init__(self, scenario: ScenarioIR, mask: Masker) -> None:
        self.s = scenario
        self.mask = mask
        self.start: GameState = initial_state(scenario)

    def t(self, text: str) -> str:
        """Masked and escaped."""
        return _e(self.mask(text))

    def page(self, title: str, reader: str, body: list[str]) -> str:
        return (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{self.t(title)}: {_e(reader)}</title><style>{CSS}</style></head><body>\n"
            f"<h1>{self.t(title)}</h1>\n<p class=\"reader\">{_e(reader)}</p>\n"
            + "\n".join(body)
            + "\n</body></html>\n"
        )

    def overview(self) -> list[str]:
        s = self.s
        out = [f"<p>{self.t(s.summary)}</p>"] if s.summary else []
        calendar = s.calendar
        when = f"{calendar.turns} turns"
        if calendar.labels:
            when += f", from {self.t(calendar.labels[0])} to {self.t(calendar.labels[-1])}"
        out.append(f"<p>{when}.</p>")
        if calendar.deadlines:
            items = "".join(
                f"<li>Turn {d.turn}: {self.t(d.label)}</li>" for d in calendar.deadlines
            )
            out.append(f"<ul>{items}</ul>")
        return out

    def briefing(self, actor: ActorIR, *, private: bool) -> list[str]:
        out = [f"<h2>Briefing</h2><p>{self.t(actor.briefing)}</p>"] if actor.briefing else []
        if private and actor.private_briefing:
            out.append(
                "<h2>Private briefing</h2>"
                f"<p class=\"private\">{self.t(actor.private_briefing)}</p>"
            )
        if actor.objectives:
            items = "".join(f"<li>{self.t(o.text)}</li>" for o in actor.objectives)
            out.append(f"<h2>Objectives</h2><ol>{items}</ol>")
        return out

    def moves(self, actor: int, viewer: Viewer) -> list[str]:
        cards = [self.card(m, viewer) for m in self.s.moves if m.actor == actor]
        if not cards:
            return []
        return ["<h2>Moves</h2>", *cards]

    def card(self, move: MoveIR, viewer: Viewer) -> str:
        s = self.s
        readable = readable_by(s, viewer)
        phase = s.phases[move.phase]
        meta = [self.mask(phase.label or phase.id)]
        if move.per_game is not None:
            meta.append("once a game" if move.per_game == 1 else f"{move.per_game} times a game")
        if move.per_turn is not None:
            meta.append("once a turn" if move.per_turn == 1 else f"{move.per_turn} times a turn")
        if move.cooldown is not None:
            meta.append(f"then rests {move.cooldown} turn{'s' if move.cooldown != 1 else ''}")
        if move.secret:
            meta.append("secret")
        parts = [f"<h3>{self.t(move.label)}</h3>", f"<p class=\"meta\">{_e(' · '.join(meta))}</p>"]
        if move.text:
            parts.append(f"<p>{self.t(move.text)}</p>")
        parts.append(self.does(move.effects, move.summary, viewer))
        needs = plain.needs_line(s, move.when, readable=readable)
        if needs:
            label, _, rest = needs.partition(": ")
            parts.append(f"<p><b>{_e(label)}:</b> {self.t(rest)}</p>")
        parts += self.outcomes(move, viewer)
        return "<div class=\"card\">" + "".join(parts) + "</div>"

    def does(self, effects: Sequence[Effect], summary: str, viewer: Viewer) -> str:
        """What the effects do: the author's summary, or one line per effect."""
        if summary:
            return f"<p class=\"does\">{self.t(summary)}</p>"
        phrases = plain.effect_phrases(self.s, effects, readable=readable_by(self.s, viewer))
        items = "".join(f"<li>{self.t(p[:1].upper() + p[1:])}</li>" for p in phrases)
        return f"<ul class=\"does\">{items}</ul>" if items else ""

    def outcomes(self, move: MoveIR, viewer: Viewer) -> list[str]:
        resolution = move.resolution
        if resolution is None:
            return []
        s = self.s
        readable = readable_by(s, viewer)
        reads: list[str] = [r for o in resolution.outcomes if o.p for r in o.p.reads]
        for modifier in resolution.modifiers:
            reads += [*modifier.value.reads, *(modifier.when.reads if modifier.when else ())]
        try:
            odds: Sequence[float | None] = outcome_probabilities(move, self.start)
        except Exception:  # an author's expression must never stop the printer
            odds = [None] * len(resolution.outcomes)
        unstated = resolution.kind == "ruling" and not any(o.p for o in resolution.outcomes)
        if unstated or not readable(reads):
            odds = [None] * len(resolution.outcomes)
        how = {
            "chance": "Resolved by chance",
            "dice": f"Resolved by a roll of {resolution.dice_count}d{resolution.dice_sides}",
            "ruling": "The umpire rules",
        }[resolution.kind]
        if move.argued is not None:
            how = (
                "Argue your case; the umpire rates it "
                f"(strong {move.argued.strong:+d}, neutral {move.argued.neutral:+d}, "
                f"weak {move.argued.weak:+d}) and {how.lower()}"
            )
        rows = []
        for outcome, p in zip(resolution.outcomes, odds, strict=False):
            chance = f"{p:.0%}" if p is not None else ""
            if outcome.at_least is not None:
                chance = f"{outcome.at_least}+ " + (f"({chance})" if chance else "")
            does = plain.effects_line(
                s, outcome.effects, summary=outcome.summary, readable=readable
            )
            rows.append(
                f"<tr><td class=\"odds\">{_e(chance)}</td>"
                f"<td><b>{self.t(outcome.label)}</b>"
                + (f"<br>{self.t(does)}" if does else "")
                + "</td></tr>"
            )
        note = (
            "<p class=\"note\">Odds at the start of the game; they move with the game.</p>"
            if any(p is not None for p in odds) and self._varies(move)
            else ""
        )
        return [f"<p>{_e(how)}:</p><table>{''.join(rows)}</table>{note}"]

    def _varies(self, move: MoveIR) -> bool:
        resolution = move.resolution
        assert resolution is not None
        return any(o.p is not None and o.p.reads for o in resolution.outcomes) or bool(
            resolution.modifiers
        )

    def when(self, expr: Expr | None) -> str:
        return self.mask(plain.condition_words(self.s, expr)) if expr is not None else ""

    def team(self, index: int) -> Packet:
        actor = self.s.actors[index]
        body = [*self.overview(), *self.briefing(actor, private=True), *self.moves(index, index)]
        name = self.mask(actor.name)
        return Packet(name, actor.id, self.page(self.s.title, f"Team packet: {name}", body))

    def umpire(self) -> Packet:
        s = self.s
        body = self.overview()
        if s.umpire_briefing:
            body.append(f"<h2>The umpire's briefing</h2><p>{self.t(s.umpire_briefing)}</p>")
        body += self.injects() + self.endings()
        for index, actor in enumerate(s.actors):
            who = "a team's seat" if actor.playable else "not a seat: a bot or the umpire plays it"
            body.append(
                f"<section class=\"actor\"><h2>{self.t(actor.name)}</h2>"
                f"<p class=\"note\">{_e(who)}</p>"
            )
            body += self.briefing(actor, private=True)
            body += self.moves(index, UMPIRE)
            body.append("</section>")
        return Packet("Umpire", "umpire", self.page(s.title, "The umpire's packet", body))

    def injects(self) -> list[str]:
        s = self.s
        if not s.injects:
            return []
        out = ["<h2>Injects</h2>"]
        for inject in s.injects:
            when: list[str] = []
            if inject.at is not None:
                when.append(f"at {inject.at.text}")
            if inject.turns is not None:
                turns = ", ".join(str(t) for t in inject.turns)
                when.append(f"turn{'s' if len(inject.turns) != 1 else ''} {turns}")
            if inject.when is not None:
                when.append("when " + self.when(inject.when))
            if inject.chance is not None:
                when.append(chance_words(inject.chance))
            if not inject.once:
                when.append("can fire again")
            if inject.visible_to is not None:
                readers = ", ".join(self.mask(s.actors[a].name) for a in inject.visible_to)
                when.append(f"told to {readers or 'the umpire only'}")
            does = self.does(inject.effects, "", UMPIRE)
            out.append(
                f"<div class=\"card\"><h3>{self.t(inject.label)}</h3>"
                f"<p class=\"meta\">{_e('; '.join(when) or 'fired by the umpire')}</p>"
                + (f"<p>{self.t(inject.text)}</p>" if inject.text else "")
                + does
                + (f"<p class=\"note\">{self.t(inject.notes)}</p>" if inject.notes else "")
                + "</div>"
            )
        return out

    def endings(self) -> list[str]:
        s = self.s
        out = ["<h2>Endings</h2>"]
        order = [*s.ending_order, *(e.index for e in s.endings if e.index not in s.ending_order)]
        for index in order:
            ending = s.endings[index]
            if ending.when is not None:
                when = "When " + self.when(ending.when)
            elif ending.default:
                when = "When the calendar runs out and no other ending holds"
            else:
                when = "When the umpire calls it"
            questions = "".join(f"<li>{self.t(q)}</li>" for q in ending.debrief)
            out.append(
                f"<div class=\"card\"><h3>{self.t(ending.title)}</h3>"
                f"<p class=\"meta\">{_e(when)}</p>"
                + (f"<p>{self.t(ending.text)}</p>" if ending.text else "")
                + (f"<p>Debrief:</p><ul>{questions}</ul>" if questions else "")
                + "</div>"
            )
        return out


def chance_words(expr: Expr) -> str:
    """An inject's chance each time it may fire, in words."""
    value = constant_value(expr)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"with a {float(value):.0%} chance"
    return "by a chance that moves with the game"


def packets(scenario: ScenarioIR, mask: Masker) -> list[Packet]:
    """A packet for each playable actor, in the file's order, then the umpire's."""
    writer = _Writer(scenario, mask)
    teams = [writer.team(i) for i, actor in enumerate(scenario.actors) if actor.playable]
    return [*teams, writer.umpire()]
