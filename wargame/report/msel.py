"""The master scenario events list (MSEL): the time-ordered inject list exercise controllers
work from.

An exercise's controllers and evaluators keep one table beside them during play: each
inject with when it arrives (its H+ or clock time and its turn), the module it belongs to,
who receives it, what it says and asks the room, the player actions it is meant to bring
about with the capability each tests, and the controller's notes. This module builds that
table from the scenario alone (`msel_rows`), and writes it as one self-contained,
print-ready HTML page (`msel_html`, landscape on A4 or Letter) or as CSV (`msel_csv`) for a
spreadsheet. With a `Masker`, every text is masked.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from typing import Final

from wargame.report.packets import chance_words
from wargame.scenario import plain
from wargame.scenario.ir import ExpectedIR, InjectIR, ScenarioIR
from wargame.scenario.masking import Masker

__all__ = ["ExpectedRow", "MselRow", "msel_csv", "msel_html", "msel_rows", "unplaced_expected"]


@dataclass(frozen=True, slots=True)
class ExpectedRow:
    """An expected player action as the event list states it."""

    text: str
    capability: str
    """The capability's name."""
    by: str
    """The turn it is due by, as the calendar labels it ("" when it has no deadline)."""
    check: str
    """How it is judged: `move: LABEL`, `flag: LABEL`, or `evaluator`."""


@dataclass(frozen=True, slots=True)
class MselRow:
    """One inject of the event list, in the order the injects arrive."""

    number: int
    time: str
    """`H+2:30` or `14:30` as written; "" when the inject has none."""
    turn: str
    """The turn (or turns) it is considered on, by the calendar's labels."""
    module: str
    inject_id: str
    label: str
    text: str
    recipients: str
    condition: str
    """When it fires only under a condition or by chance, in words ("" when it always does)."""
    questions: tuple[str, ...]
    expected: tuple[ExpectedRow, ...]
    notes: str


def _turn_label(scenario: ScenarioIR, turn: int) -> str:
    labels = scenario.calendar.labels
    return labels[turn - 1] if 0 < turn <= len(labels) else f"Turn {turn}"


def _order(inject: InjectIR) -> tuple[int, int, int]:
    """Arrival order: by turn, then time within the turn, then as listed."""
    turn = inject.turns[0] if inject.turns else 1
    return (turn, inject.at.minutes if inject.at is not None else -1, inject.index)


def _expected_row(scenario: ScenarioIR, expected: ExpectedIR, mask: Masker) -> ExpectedRow:
    exercise = scenario.exercise
    assert exercise is not None
    if expected.move is not None:
        move = scenario.moves[expected.move]
        check, text = f"move: {mask(move.label)}", expected.text or move.label
    elif expected.flag is not None:
        flag = scenario.flags[expected.flag]
        check, text = f"flag: {mask(flag.label)}", expected.text or flag.label
    else:
        check, text = "evaluator", expected.text
    by = _turn_label(scenario, expected.by_turn) if expected.by_turn is not None else ""
    name = exercise.capability(expected.capability).name
    return ExpectedRow(mask(text), mask(name), mask(by), check)


def _all_expected(scenario: ScenarioIR) -> list[ExpectedIR]:
    if scenario.exercise is None:
        return []
    return [e for c in scenario.exercise.capabilities for e in c.expected]


def _recipients(scenario: ScenarioIR, inject: InjectIR, mask: Masker) -> str:
    if inject.visible_to is None:
        return "Everyone"
    if not inject.visible_to:
        return "The umpire only"
    return ", ".join(mask(scenario.actors[a].name) for a in inject.visible_to)


def _condition(scenario: ScenarioIR, inject: InjectIR, mask: Masker) -> str:
    parts = []
    if inject.when is not None:
        parts.append("only when " + mask(plain.condition_words(scenario, inject.when)))
    if inject.chance is not None:
        parts.append(chance_words(inject.chance))
    if not inject.once:
        parts.append("can arrive again")
    return "; ".join(parts)


def msel_rows(scenario: ScenarioIR, mask: Masker) -> tuple[MselRow, ...]:
    """Every inject in the order it arrives, with the expected actions it is meant to bring
    about (those whose `inject` names it)."""
    expected = _all_expected(scenario)
    rows = []
    for number, inject in enumerate(sorted(scenario.injects, key=_order), start=1):
        if inject.turns is None:
            turn = "Every turn"
        else:
            turn = ", ".join(mask(_turn_label(scenario, t)) for t in inject.turns)
        module = scenario.modules[inject.module].title if inject.module is not None else ""
        rows.append(
            MselRow(
                number=number,
                time=inject.at.text if inject.at is not None else "",
                turn=turn,
                module=mask(module),
                inject_id=inject.id,
                label=mask(inject.label),
                text=mask(inject.text),
                recipients=_recipients(scenario, inject, mask),
                condition=_condition(scenario, inject, mask),
                questions=tuple(mask(q.text) for q in inject.questions),
                expected=tuple(
                    _expected_row(scenario, e, mask) for e in expected if e.inject == inject.index
                ),
                notes=mask(inject.notes),
            )
        )
    return tuple(rows)


def unplaced_expected(scenario: ScenarioIR, mask: Masker) -> tuple[ExpectedRow, ...]:
    """The expected actions tied to no inject, by their deadline (those without one last)."""
    loose = [e for e in _all_expected(scenario) if e.inject is None]
    loose.sort(key=lambda e: e.by_turn if e.by_turn is not None else scenario.calendar.turns + 1)
    return tuple(_expected_row(scenario, e, mask) for e in loose)


CSV_COLUMNS: Final = (
    "number",
    "time",
    "turn",
    "module",
    "inject_id",
    "inject",
    "description",
    "recipients",
    "condition",
    "questions",
    "expected_actions",
    "capabilities",
    "notes",
)


def _expected_words(expected: ExpectedRow) -> str:
    by = f", by {expected.by}" if expected.by else ""
    return f"{expected.text} ({expected.check}{by})"


def msel_csv(scenario: ScenarioIR, mask: Masker) -> str:
    """The event list as CSV: one row per inject, then a row per expected action tied to
    no inject (its inject columns empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in msel_rows(scenario, mask):
        writer.writerow(
            (
                row.number,
                row.time,
                row.turn,
                row.module,
                row.inject_id,
                row.label,
                row.text,
                row.recipients,
                row.condition,
                " | ".join(row.questions),
                " | ".join(_expected_words(e) for e in row.expected),
                " | ".join(dict.fromkeys(e.capability for e in row.expected)),
                row.notes,
            )
        )
    for expected in unplaced_expected(scenario, mask):
        writer.writerow(
            (
                "",
                "",
                expected.by,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                _expected_words(expected),
                expected.capability,
                "",
            )
        )
    return out.getvalue()


CSS: Final = """
@page { size: landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 9pt; line-height: 1.3;
       color: #111; margin: 0 auto; max-width: 255mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
.reader { font-size: 10pt; color: #444; margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; font-size: 8.5pt; }
td.n { width: 6mm; text-align: right; }
td.time { width: 14mm; white-space: nowrap; font-weight: bold; }
td.turn { width: 22mm; }
td.to { width: 18mm; }
td.expected { width: 60mm; }
td.notes { width: 56mm; font-size: 8.5pt; }
tr.module td { background: #f4f4f4; font-weight: bold; font-size: 10pt; }
tr.module { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1mm; }
ul { margin: 0; padding-left: 4mm; }
.label { font-weight: bold; }
.cond { font-style: italic; color: #444; }
.cap { color: #444; font-size: 8pt; }
@media screen { body { padding: 6mm; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _expected_cell(expected: tuple[ExpectedRow, ...]) -> str:
    if not expected:
        return ""
    items = "".join(
        f"<li>{_e(e.text)}"
        + (f" (by {_e(e.by)})" if e.by else "")
        + f'<br><span class="cap">{_e(e.capability)} · {_e(e.check)}</span></li>'
        for e in expected
    )
    return f"<ul>{items}</ul>"


def _header(scenario: ScenarioIR, mask: Masker) -> list[str]:
    out = [
        f"<h1>{_e(mask(scenario.title))}</h1>",
        '<p class="reader">Master scenario events list (MSEL): for the controllers and '
        "evaluators, not for players</p>",
    ]
    exercise = scenario.exercise
    if exercise is not None:
        facts = [exercise.kind, exercise.sponsor, exercise.scope]
        out.append("<p>" + " · ".join(_e(mask(f)) for f in facts if f) + "</p>")
    if scenario.modules:
        items = "".join(
            f'<li><span class="label">{_e(mask(m.title))}</span>: '
            f"{_e(mask(_turn_label(scenario, m.first_turn)))}"
            + (
                f" to {_e(mask(_turn_label(scenario, m.last_turn)))}"
                if m.last_turn != m.first_turn
                else ""
            )
            + "</li>"
            for m in scenario.modules
        )
        out.append(f"<h2>Modules</h2><ul>{items}</ul>")
    return out


def msel_html(scenario: ScenarioIR, mask: Masker) -> str:
    """The event list as one self-contained HTML page, landscape on A4 or Letter: the
    injects module by module, a row per inject that never splits across pages, the column
    headings repeated on every page."""
    body = _header(scenario, mask)
    rows = []
    module: str | None = None
    for row in msel_rows(scenario, mask):
        if scenario.modules and row.module != module:
            module = row.module
            rows.append(
                f'<tr class="module"><td colspan="7">{_e(module or "Outside the modules")}'
                "</td></tr>"
            )
        inject = [f'<p class="label">{_e(row.label)}</p>']
        if row.text:
            inject.append(f"<p>{_e(row.text)}</p>")
        if row.condition:
            said = row.condition[:1].upper() + row.condition[1:]
            inject.append(f'<p class="cond">{_e(said)}</p>')
        if row.questions:
            asked = "".join(f"<li>{_e(q)}</li>" for q in row.questions)
            inject.append(f"<p>Questions for the room:</p><ul>{asked}</ul>")
        rows.append(
            "<tr>"
            f'<td class="n">{row.number}</td>'
            f'<td class="time">{_e(row.time)}</td>'
            f'<td class="turn">{_e(row.turn)}</td>'
            f"<td>{''.join(inject)}</td>"
            f'<td class="to">{_e(row.recipients)}</td>'
            f'<td class="expected">{_expected_cell(row.expected)}</td>'
            f'<td class="notes">{_e(row.notes)}</td>'
            "</tr>"
        )
    body.append(
        "<h2>Injects in the order they arrive</h2><table><thead><tr><th>#</th><th>Time</th>"
        "<th>Turn</th><th>Inject</th><th>To</th>"
        "<th>Expected player actions (capability)</th><th>Controller notes</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    loose = unplaced_expected(scenario, mask)
    if loose:
        body.append(
            "<h2>Expected actions tied to no inject</h2><table><thead><tr><th>By</th>"
            "<th>Expected player action</th><th>Capability</th><th>Checked by</th></tr></thead>"
            "<tbody>"
            + "".join(
                f'<tr><td class="turn">{_e(e.by)}</td><td>{_e(e.text)}</td>'
                f"<td>{_e(e.capability)}</td><td>{_e(e.check)}</td></tr>"
                for e in loose
            )
            + "</tbody></table>"
        )
    title = _e(mask(scenario.title))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}: master scenario events list</title><style>{CSS}</style></head>"
        "<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
