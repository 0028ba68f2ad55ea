"""After-action reports from sessions and batches, as HTML or Markdown with charts.

```python
report = build_report(Path("game.wgsave.json"))          # or runs.jsonl (+ .meta.json)
paths = write_report(report, Path("aar.html"))           # .html: one self-contained file
paths = write_report(report, Path("aar.md"))             # .md: + aar_files/*.png
```
The model (`model.py`) is pure data built by `from_session.py` and `from_batch.py`; the
writers (`html.py`, `markdown.py`) draw its charts with matplotlib (`charts.py`), an
optional extra: `pip install 'wargame[report]'`. See docs/reports.md.
"""

from __future__ import annotations

from pathlib import Path

from wargame.report.charts import (
    INSTALL_HINT,
    ReportDependencyError,
    render_chart,
    require_matplotlib,
)
from wargame.report.model import Report, ReportError

__all__ = [
    "INSTALL_HINT",
    "OUTPUT_SUFFIXES",
    "Report",
    "ReportDependencyError",
    "ReportError",
    "build_report",
    "output_format",
    "render_chart",
    "require_matplotlib",
    "write_report",
]

OUTPUT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def build_report(
    path: Path, *, masked: bool = False, allow_unverified: bool = False, seat: str | None = None
) -> Report:
    """The report of a saved session (`*.wgsave.json`) or a results file (.jsonl/.csv/.sqlite).

    `masked` replaces real names by the scenario's stand-ins (a session played masked is
    always reported masked); `allow_unverified` accepts a save without a state digest.
    `seat` (an actor id or `observer`) makes a saved session's report that seat's copy,
    showing only what it saw. Raises ReportError with the reason when the file can't be used.
    """
    from wargame.reading import why_not_a_file
    from wargame.report.sources import input_kind, report_from_results, report_from_save

    path = Path(path)
    kind = input_kind(path)
    reason = why_not_a_file(path)
    if reason is not None and kind != "meta":
        raise ReportError(f"{path}: {reason}")  # a FIFO or a device is named, never opened
    if kind == "session":
        return report_from_save(path, masked=masked, allow_unverified=allow_unverified, seat=seat)
    if seat is not None:
        raise ReportError(f"{path}: a study of many games has no seats; --seat is for a saved game")
    return report_from_results(path, masked=masked)


def output_format(out: Path) -> str:
    """`html` or `markdown`, from the output's suffix (ReportError for anything else)."""
    fmt = OUTPUT_SUFFIXES.get(Path(out).suffix.lower())
    if fmt is None:
        raise ReportError(
            f"{out}: the report's format follows the output's suffix; use .html (one "
            "self-contained file) or .md (Markdown with a folder of charts)"
        )
    return fmt


def write_report(report: Report, out: Path) -> list[Path]:
    """Write `report` as HTML or Markdown (by `out`'s suffix); return every file written.

    Markdown puts its charts in `OUT_files/` beside it. Files are replaced atomically.
    Raises ReportError for an unknown suffix, ReportDependencyError without matplotlib and
    OSError when the folder can't be written.
    """
    from wargame.session.atomic import write_atomic

    out = Path(out)
    fmt = output_format(out)
    require_matplotlib()
    if fmt == "html":
        from wargame.report.html import render_html

        text = render_html(report, lambda chart: render_chart(chart, "svg"))
        write_atomic(out, text.encode("utf-8"), keep_backup=False)
        return [out]
    from wargame.report.markdown import charts_folder_name, render_markdown

    folder_name = charts_folder_name(out.stem)
    text, images = render_markdown(report, folder_name, lambda chart: render_chart(chart, "png"))
    folder = out.parent / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in images.items():
        target = folder / name
        write_atomic(target, data, keep_backup=False)
        written.append(target)
    write_atomic(out, text.encode("utf-8"), keep_backup=False)
    return [out, *written]
