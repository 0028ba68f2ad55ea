"""The report as data: a document of sections, blocks and chart specifications.

A `Report` says *what* a report shows and nothing about how: the HTML and Markdown writers
walk the same blocks, and the chart specs are plain numbers and labels that
`wargame.report.charts` draws. Keeping it pure data means the builders can be tested
without matplotlib, and masking is one walk over every string (`mask_report`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from wargame.errors import WargameError

__all__ = [
    "DETAIL_TAGS",
    "Band",
    "Block",
    "Bullets",
    "Callout",
    "Chart",
    "Detail",
    "FanChart",
    "FanPanel",
    "Figure",
    "IntervalChart",
    "IntervalRow",
    "LineChart",
    "LinePanel",
    "LineSeries",
    "Marker",
    "Paragraph",
    "Reference",
    "Report",
    "ReportError",
    "Section",
    "SweepChart",
    "SweepPanel",
    "SweepSeries",
    "Table",
    "TimelineEntry",
    "TimelineTurn",
    "mask_report",
]


class ReportError(WargameError, ValueError):
    """An input that can't become a report, or an output that can't be written."""


# -- charts ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineSeries:
    label: str
    values: tuple[float, ...]
    dashed: bool = False
    """Drawn dashed and muted: the reference a solid series is compared with."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A horizontal reference line, e.g. an alliance's collapse threshold."""

    value: float
    label: str
    group: str = ""
    """What the line means, shared by lines at the same value: `collapse below 35`."""


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbered call-out on a point (a turning point the text explains)."""

    x: int
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class LinePanel:
    title: str
    series: tuple[LineSeries, ...]
    y_label: str = ""
    y_min: float | None = None
    y_max: float | None = None
    references: tuple[Reference, ...] = ()
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True, slots=True)
class LineChart:
    """Values by turn (one panel per quantity, or several series in one panel)."""

    id: str
    x_labels: tuple[str, ...]
    panels: tuple[LinePanel, ...]
    x_label: str = ""


@dataclass(frozen=True, slots=True)
class Band:
    """One turn of a fan chart: the mean and the 10/25/75/90th percentiles."""

    mean: float
    p10: float
    p25: float
    p75: float
    p90: float


@dataclass(frozen=True, slots=True)
class FanPanel:
    title: str
    bands: tuple[Band, ...]
    y_label: str = ""
    y_min: float | None = None
    y_max: float | None = None


@dataclass(frozen=True, slots=True)
class FanChart:
    """Percentile bands by turn over many runs."""

    id: str
    x_labels: tuple[str, ...]
    panels: tuple[FanPanel, ...]
    x_label: str = ""


@dataclass(frozen=True, slots=True)
class IntervalRow:
    label: str
    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class IntervalChart:
    """Estimates with 95 % intervals: bars (shares) or dots around zero (differences)."""

    id: str
    rows: tuple[IntervalRow, ...]
    x_label: str
    style: Literal["bar", "dot"] = "bar"


@dataclass(frozen=True, slots=True)
class SweepSeries:
    label: str
    values: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class SweepPanel:
    title: str
    series: tuple[SweepSeries, ...]


@dataclass(frozen=True, slots=True)
class SweepChart:
    """Ending shares against a swept parameter (one panel per setting of the others)."""

    id: str
    x_label: str
    x_values: tuple[str, ...]
    panels: tuple[SweepPanel, ...]


Chart = LineChart | FanChart | IntervalChart | SweepChart


# -- blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    """Per column: right-align (numbers)."""
    caption: str = ""
    style: Literal["data", "form"] = "data"
    """`form`: a table to fill in by hand (even columns, room to write)."""


@dataclass(frozen=True, slots=True)
class Figure:
    chart: Chart
    caption: str
    alt: str = ""
    """What the chart shows, in words (screen readers, text-only readers)."""


@dataclass(frozen=True, slots=True)
class Callout:
    title: str
    text: str
    tone: Literal["key", "note", "warning"] = "note"


@dataclass(frozen=True, slots=True)
class Detail:
    """One consequence under a timeline entry: a roll, an outcome, a ruling, a change."""

    kind: Literal["dice", "outcome", "umpire", "effect", "news", "reveal", "fizzle", "note", "end"]
    text: str


DETAIL_TAGS = {
    "dice": "Roll",
    "outcome": "Outcome",
    "umpire": "Umpire",
    "effect": "Change",
    "news": "News",
    "reveal": "Orders",
    "fizzle": "Fizzled",
    "note": "Note",
    "end": "Ending",
}
"""The short tag each kind of detail is shown with."""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    who: str
    decision: str
    by: str
    details: tuple[Detail, ...] = ()
    phase: str = ""


@dataclass(frozen=True, slots=True)
class TimelineTurn:
    title: str
    opening: tuple[Detail, ...]
    """News and their effects at the start of the turn."""
    entries: tuple[TimelineEntry, ...]
    closing: tuple[Detail, ...]
    """End-of-turn rules (cohesion, exits, collapse) and the ending."""


Block = Paragraph | Bullets | Table | Figure | Callout | TimelineTurn


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    kind: Literal["session", "batch"]
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    """Key figures shown under the title (label, value)."""
    sections: tuple[Section, ...]
    footer: str = ""
    masked: bool = False

    def section(self, section_id: str) -> Section:
        """The top-level or nested section with this id (KeyError when there is none)."""
        stack = list(self.sections)
        while stack:
            section = stack.pop(0)
            if section.id == section_id:
                return section
            stack.extend(section.subsections)
        raise KeyError(section_id)

    def figures(self) -> list[Figure]:
        """Every figure, in reading order (the writers number them in this order)."""
        out: list[Figure] = []

        def walk(sections: tuple[Section, ...]) -> None:
            for section in sections:
                out.extend(b for b in section.blocks if isinstance(b, Figure))
                walk(section.subsections)

        walk(self.sections)
        return out


# -- masking --------------------------------------------------------------------------------

_NOT_TEXT = frozenset({"id", "kind", "style", "tone"})
"""Fields that hold identifiers or enumerations, never text a reader sees."""

T = TypeVar("T")


def mask_report(report: Report, mask: Callable[[str], str], *, masked: bool = True) -> Report:
    """The report with every displayed string passed through `mask` (a `Masker`)."""
    out = _map_strings(report, mask)
    return dataclasses.replace(out, masked=masked)


def _map_strings(value: T, mask: Callable[[str], str]) -> T:
    result: Any
    if isinstance(value, str):
        result = mask(value)
    elif isinstance(value, tuple):
        result = tuple(_map_strings(item, mask) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _map_strings(getattr(value, f.name), mask)
            for f in dataclasses.fields(value)
            if f.name not in _NOT_TEXT
        }
        result = dataclasses.replace(value, **changes)
    else:
        result = value
    return result  # type: ignore[no-any-return]
