"""The report as Markdown, with its charts as PNG files in a folder beside it.

`report.md` refers to `report_files/NAME.png` by a relative path, so the pair can be moved
together, committed to a repository, or converted with pandoc. Tables are GitHub-flavoured
pipe tables; every text is escaped so a `*` or `|` in a scenario stays a character.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from wargame.report.model import (
    DETAIL_TAGS,
    Block,
    Bullets,
    Callout,
    Chart,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
    TimelineTurn,
)

__all__ = ["charts_folder_name", "render_markdown"]

PngRenderer = Callable[[Chart], bytes]


_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _e(text: str) -> str:
    """Escape Markdown's inline syntax (and `|`, which would end a table cell)."""
    return _SPECIAL.sub(r"\\\1", text)


def _cell(text: str) -> str:
    """A text that must stay on one Markdown line (a table cell, a timeline entry): its
    own line breaks as `<br>`, so what a person typed never starts a Markdown block."""
    return "<br>".join(_e(line) for line in text.split("\n"))


def charts_folder_name(stem: str) -> str:
    """`report` -> `report_files`: where the charts of `report.md` go."""
    return f"{stem}_files"


class _Writer:
    def __init__(self, report: Report, folder: str, render_png: PngRenderer) -> None:
        self.report = report
        self.folder = folder
        self.render_png = render_png
        self.images: dict[str, bytes] = {}
        self.lines: list[str] = []
        self.figure_number = 0

    def write(self) -> tuple[str, dict[str, bytes]]:
        r = self.report
        self.lines += [f"# {_e(r.title)}", "", f"*{_e(r.subtitle)}*", ""]
        if r.masked:
            self.lines += ["> **Masked edition:** fictional names stand in for real ones.", ""]
        if r.facts:
            self.lines += ["| | |", "|---|---|"]
            self.lines += [f"| **{_cell(k)}** | {_cell(v)} |" for k, v in r.facts]
            self.lines.append("")
        for number, section in enumerate(r.sections, start=1):
            self._section(section, str(number), 2)
        if r.footer:
            self.lines += ["---", "", f"*{_e(r.footer)}*", ""]
        return "\n".join(self.lines).rstrip("\n") + "\n", self.images

    def _section(self, section: Section, number: str, level: int) -> None:
        self.lines += [f"{'#' * min(level, 6)} {number} {_e(section.heading)}", ""]
        for block in section.blocks:
            self._block(block)
        for index, sub in enumerate(section.subsections, start=1):
            self._section(sub, f"{number}.{index}", level + 1)

    def _block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.lines += [_e(block.text), ""]
        elif isinstance(block, Bullets):
            for index, item in enumerate(block.items, start=1):
                self.lines.append(f"{index}. {_e(item)}" if block.ordered else f"- {_e(item)}")
            self.lines.append("")
        elif isinstance(block, Callout):
            self.lines += [f"> **{_e(block.title)}**", ">", f"> {_e(block.text)}", ""]
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Figure):
            self._figure(block)
        else:
            self._timeline(block)

    def _table(self, table: Table) -> None:
        numeric = table.numeric or tuple(False for _ in table.columns)
        if table.caption:
            self.lines += [f"**{_e(table.caption)}**", ""]
        self.lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
        self.lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        for row in table.rows:
            self.lines.append("| " + " | ".join(_cell(c) or " " for c in row) + " |")
        self.lines.append("")

    def _figure(self, figure: Figure) -> None:
        self.figure_number += 1
        name = f"figure-{self.figure_number}-{figure.chart.id}.png"
        self.images[name] = self.render_png(figure.chart)
        caption = f"Figure {self.figure_number}. {figure.caption}"
        alt = _e(figure.alt or figure.caption).replace("\n", " ")
        self.lines += [f"![{alt}]({self.folder}/{name})", "", f"*{_e(caption)}*", ""]

    def _timeline(self, turn: TimelineTurn) -> None:
        for detail in turn.opening:
            self.lines.append(f"- *{DETAIL_TAGS[detail.kind]}:* {_cell(detail.text)}")
        if turn.opening:
            self.lines.append("")
        for index, entry in enumerate(turn.entries, start=1):
            meta = " · ".join(x for x in (entry.phase, entry.by) if x)
            head = f"{index}. **{_cell(entry.who)}** {_cell(entry.decision)}"
            self.lines.append(head + (f" — *{_e(meta)}*" if meta else ""))
            for detail in entry.details:
                self.lines.append(f"    - *{DETAIL_TAGS[detail.kind]}:* {_cell(detail.text)}")
        if turn.entries:
            self.lines.append("")
        for detail in turn.closing:
            self.lines.append(f"- *{DETAIL_TAGS[detail.kind]}:* {_cell(detail.text)}")
        if turn.closing:
            self.lines.append("")


def render_markdown(
    report: Report, folder: str, render_png: PngRenderer
) -> tuple[str, dict[str, bytes]]:
    """The Markdown text and its chart images (file name in `folder` -> PNG bytes)."""
    return _Writer(report, folder, render_png).write()
