"""The report as one self-contained HTML file: inline CSS, charts as inline SVG, no network.

The file opens anywhere, offline, and prints like a paper: A4 pages with margins, figures
and table rows never split across pages, headings kept with what follows them. Every text
is escaped; nothing in the file refers to anything outside it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from wargame.report.model import (
    DETAIL_TAGS,
    Block,
    Bullets,
    Callout,
    Chart,
    Detail,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
    TimelineTurn,
)

__all__ = ["render_html", "svg_for_html"]

SvgRenderer = Callable[[Chart], bytes]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _broken(text: str) -> str:
    """A text with its own line breaks kept (what a person typed, in the timeline)."""
    return "<br>".join(_e(line) for line in text.split("\n"))


def _lines(text: str) -> str:
    """A cell's text: the first line as is, further lines smaller (e.g. an interval)."""
    first, *rest = text.split("\n")
    out = _e(first)
    for line in rest:
        out += f'<br><span class="sub">{_e(line)}</span>'
    return out


def svg_for_html(svg: bytes, prefix: str, label: str) -> str:
    """matplotlib's SVG made fit to inline: no prolog, no metadata, ids made unique.

    Several charts in one page would otherwise share ids such as glyph names and clip
    paths; the prolog's DOCTYPE and the namespace declarations are the only addresses the
    SVG carries, and the HTML parser puts inline `<svg>` in the SVG namespace by itself.
    """
    text = svg.decode("utf-8")
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(
        r'((?:xlink:)?href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', text
    )
    root_end = text.index(">")
    root = text[:root_end]
    box = re.search(r'viewBox="([^"]+)"', root)
    view_box = f' viewBox="{box.group(1)}"' if box else ""
    return (
        f'<svg{view_box} role="img" aria-label="{_e(label)}" preserveAspectRatio="xMidYMid meet">'
        + text[root_end + 1 :]
    )


class _Writer:
    def __init__(self, report: Report, render_svg: SvgRenderer) -> None:
        self.report = report
        self.render_svg = render_svg
        self.figure_number = 0
        self.out: list[str] = []

    def write(self) -> str:
        r = self.report
        self.out.append(
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="wargame">\n<title>{_e(r.title)} — '
            f"{_e(r.subtitle)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
            '<article class="report">\n'
        )
        self._cover()
        self._contents()
        for number, section in enumerate(r.sections, start=1):
            self._section(section, str(number), level=2)
        if r.footer:
            self.out.append(f'<footer class="colophon">{_e(r.footer)}</footer>\n')
        self.out.append("</article>\n</body>\n</html>\n")
        return "".join(self.out)

    def _cover(self) -> None:
        r = self.report
        self.out.append('<header class="cover">\n')
        self.out.append(f'<p class="kicker">{_e(r.subtitle)}</p>\n<h1>{_e(r.title)}</h1>\n')
        if r.masked:
            self.out.append(
                '<p class="masked">Masked edition: fictional names stand in for real ones.</p>\n'
            )
        self.out.append('<dl class="facts">\n')
        for label, value in r.facts:
            self.out.append(f"<div><dt>{_e(label)}</dt><dd>{_e(value)}</dd></div>\n")
        self.out.append("</dl>\n</header>\n")

    def _contents(self) -> None:
        self.out.append('<nav class="contents" aria-label="Contents">\n<h2>Contents</h2>\n<ol>\n')
        for section in self.report.sections:
            self.out.append(f'<li><a href="#{_e(section.id)}">{_e(section.heading)}</a></li>\n')
        self.out.append("</ol>\n</nav>\n")

    def _section(self, section: Section, number: str, level: int) -> None:
        tag = f"h{min(level, 4)}"
        self.out.append(
            f'<section id="{_e(section.id)}" class="level{level}">\n'
            f'<{tag}><span class="secnum">{number}</span> {_e(section.heading)}</{tag}>\n'
        )
        for block in section.blocks:
            self._block(block)
        for index, sub in enumerate(section.subsections, start=1):
            self._section(sub, f"{number}.{index}", level + 1)
        self.out.append("</section>\n")

    def _block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.out.append(f"<p>{_e(block.text)}</p>\n")
        elif isinstance(block, Bullets):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{_e(item)}</li>\n" for item in block.items)
            self.out.append(f"<{tag}>\n{items}</{tag}>\n")
        elif isinstance(block, Callout):
            self.out.append(
                f'<aside class="callout {block.tone}">\n<p class="callout-title">'
                f"{_e(block.title)}</p>\n<p>{_e(block.text)}</p>\n</aside>\n"
            )
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Figure):
            self._figure(block)
        else:
            self._timeline(block)

    def _table(self, table: Table) -> None:
        numeric = table.numeric or tuple(False for _ in table.columns)
        css = table.style + (f" cols-{len(table.columns)}" if table.style == "form" else "")
        self.out.append(f'<div class="table-wrap"><table class="{css}">\n')
        if table.caption:
            self.out.append(f"<caption>{_e(table.caption)}</caption>\n")
        head = "".join(
            f'<th scope="col"{" class=num" if n else ""}>{_e(c)}</th>'
            for c, n in zip(table.columns, numeric, strict=True)
        )
        self.out.append(f"<thead><tr>{head}</tr></thead>\n<tbody>\n")
        for row in table.rows:
            cells = "".join(
                f"<td{' class=num' if n else ''}>{_lines(c)}</td>"
                for c, n in zip(row, numeric, strict=True)
            )
            self.out.append(f"<tr>{cells}</tr>\n")
        self.out.append("</tbody>\n</table></div>\n")

    def _figure(self, figure: Figure) -> None:
        self.figure_number += 1
        n = self.figure_number
        svg = svg_for_html(self.render_svg(figure.chart), f"fig{n}", figure.alt or figure.caption)
        self.out.append(
            f'<figure id="figure-{n}">\n<div class="chart">{svg}</div>\n'
            f"<figcaption><strong>Figure {n}.</strong> {_e(figure.caption)}</figcaption>\n"
            "</figure>\n"
        )

    def _details(self, details: tuple[Detail, ...], css: str) -> None:
        if not details:
            return
        self.out.append(f'<ul class="{css}">\n')
        for d in details:
            self.out.append(
                f'<li class="d-{d.kind}"><span class="tag">{_e(DETAIL_TAGS[d.kind])}</span> '
                f"{_broken(d.text)}</li>\n"
            )
        self.out.append("</ul>\n")

    def _timeline(self, turn: TimelineTurn) -> None:
        self.out.append('<div class="timeline">\n')
        self._details(turn.opening, "turn-events opening")
        if turn.entries:
            self.out.append('<ol class="entries">\n')
            for entry in turn.entries:
                quiet = " quiet" if entry.decision == "passed" and not entry.details else ""
                meta = " · ".join(x for x in (entry.phase, entry.by) if x)
                self.out.append(
                    f'<li class="entry{quiet}"><p class="entry-head"><strong>{_e(entry.who)}'
                    f"</strong> {_broken(entry.decision)}"
                    + (f' <span class="meta">{_e(meta)}</span>' if meta else "")
                    + "</p>\n"
                )
                self._details(entry.details, "details")
                self.out.append("</li>\n")
            self.out.append("</ol>\n")
        self._details(turn.closing, "turn-events closing")
        self.out.append("</div>\n")


def render_html(report: Report, render_svg: SvgRenderer) -> str:
    """The whole HTML document; `render_svg` draws a chart as SVG bytes."""
    return _Writer(report, render_svg).write()


CSS = """
:root {
  --ink: #1a1a1a; --muted: #5f6368; --rule: #d4d4d4; --accent: #1f4e79;
  --accent-soft: #eef3f8; --warn: #9a5b13; --warn-soft: #fbf4e8; --bad: #c8553d;
  --serif: "Source Serif 4", "Source Serif Pro", Charter, "Bitstream Charter", Georgia,
    Cambria, "Liberation Serif", "DejaVu Serif", serif;
  --sans: "Source Sans 3", "Source Sans Pro", "Helvetica Neue", Arial, "Liberation Sans",
    "DejaVu Sans", sans-serif;
}
* { box-sizing: border-box; }
html { background: #f3f3f1; }
body { margin: 0; color: var(--ink); font: 11pt/1.55 var(--serif); }
.report { max-width: 210mm; margin: 24px auto; background: #fff; padding: 22mm 20mm 16mm;
  box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1, h2, h3, h4, .kicker, .facts, table, figcaption, .callout-title, .contents, .entry-head,
.tag, .colophon, .masked { font-family: var(--sans); }
.cover { border-top: 6px solid var(--accent); padding-top: 14px; margin-bottom: 22px; }
.kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 9pt; font-weight: 600;
  color: var(--accent); margin: 0 0 4px; }
h1 { font-size: 25pt; line-height: 1.15; margin: 0 0 14px; font-weight: 700; }
.masked { display: inline-block; font-size: 9pt; color: var(--warn);
  border: 1px solid var(--warn); border-radius: 3px; padding: 2px 8px; margin: 0 0 12px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(38mm, 1fr));
  gap: 0; margin: 0; border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); }
.facts div { padding: 8px 10px 8px 0; }
.facts dt { font-size: 7.5pt; text-transform: uppercase; letter-spacing: .08em;
  color: var(--muted); }
.facts dd { margin: 2px 0 0; font-size: 10.5pt; font-weight: 600; }
.contents { margin: 0 0 18px; font-size: 9.5pt; }
.contents h2 { font-size: 9pt; text-transform: uppercase; letter-spacing: .1em;
  color: var(--muted); border: 0; margin: 0 0 4px; padding: 0; }
.contents ol { margin: 0; padding-left: 18px; columns: 2; }
.contents a { color: var(--ink); text-decoration: none; }
h2 { font-size: 16pt; margin: 30px 0 10px; padding-bottom: 5px;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 12.5pt; margin: 22px 0 8px; }
h4 { font-size: 10.5pt; margin: 18px 0 6px; color: var(--accent); }
.secnum { color: var(--accent); margin-right: 6px; font-variant-numeric: tabular-nums; }
p { margin: 0 0 10px; }
ul, ol { margin: 0 0 12px; padding-left: 22px; }
li { margin: 0 0 4px; }
.callout { border-left: 4px solid var(--accent); background: var(--accent-soft);
  padding: 10px 14px; margin: 0 0 14px; }
.callout.warning { border-color: var(--warn); background: var(--warn-soft); }
.callout.note { border-color: var(--muted); background: #f5f5f5; }
.callout p { margin: 0; }
.callout-title { font-weight: 700; margin-bottom: 4px !important; font-size: 10.5pt; }
.callout.key .callout-title { font-size: 12pt; color: var(--accent); }
.table-wrap { overflow-x: auto; margin: 4px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.4;
  border-top: 1.5px solid var(--ink); border-bottom: 1.5px solid var(--ink); }
caption { caption-side: top; text-align: left; font-weight: 700; font-size: 9.5pt;
  padding: 0 0 5px; }
th { text-align: left; font-weight: 600; border-bottom: 1px solid var(--ink);
  padding: 5px 8px 4px 0; vertical-align: bottom; }
td { padding: 5px 8px 5px 0; border-bottom: 1px solid #ececec; vertical-align: top; }
tr:last-child td { border-bottom: 0; }
.num, td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.form { table-layout: fixed; }
table.form td { height: 3.2em; border-bottom: 1px solid var(--rule); }
table.form th:first-child { width: 34%; }
table.form th:nth-child(2) { width: 36%; }
table.form.cols-6 th:nth-child(1) { width: 17%; }
table.form.cols-6 th:nth-child(2) { width: 27%; }
table.form.cols-6 th:nth-child(3) { width: 22%; }
table.form.cols-6 th:nth-child(4) { width: 14%; }
table.form.cols-6 th:nth-child(5) { width: 11%; }
td .sub { color: var(--muted); font-size: 8pt; }
figure { margin: 8px 0 20px; }
.chart svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: var(--muted); margin-top: 4px;
  border-top: 1px solid var(--rule); padding-top: 5px; }
figcaption strong { color: var(--ink); }
.timeline { margin: 0 0 8px 8px; }
.entries { list-style: none; margin: 0; padding: 0 0 0 14px; border-left: 2px solid var(--rule); }
.entry { margin: 0 0 9px; position: relative; }
.entry::before { content: ""; position: absolute; left: -20px; top: .45em; width: 10px;
  height: 10px; border-radius: 50%; background: var(--accent); border: 2px solid #fff; }
.entry.quiet::before { background: var(--rule); }
.entry.quiet .entry-head { color: var(--muted); }
.entry-head { margin: 0 0 2px; font-size: 9.5pt; }
.entry-head .meta { color: var(--muted); font-size: 8pt; margin-left: 4px; }
.details, .turn-events { list-style: none; margin: 0 0 2px; padding: 0; font-size: 9pt;
  line-height: 1.45; }
.details li, .turn-events li { margin: 1px 0 2px; }
.turn-events { background: #f7f7f5; padding: 6px 10px; margin: 0 0 8px; }
.tag { display: inline-block; min-width: 60px; font-size: 7pt; font-weight: 700;
  text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.d-dice .tag, .d-outcome .tag { color: var(--accent); }
.d-umpire .tag, .d-fizzle .tag { color: var(--warn); }
.d-news .tag, .d-end .tag { color: var(--bad); }
.d-end { font-weight: 600; }
.colophon { margin-top: 28px; padding-top: 8px; border-top: 1px solid var(--rule);
  font-size: 8pt; color: var(--muted); }
@page { margin: 16mm 15mm 18mm; }
@media print {
  html { background: #fff; }
  body { font-size: 10pt; }
  .report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4, caption, .entry-head { break-after: avoid; page-break-after: avoid; }
  figure, .callout, tr, .entry, .facts, .turn-events { break-inside: avoid;
    page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  .callout, .turn-events, .facts { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
}
"""
