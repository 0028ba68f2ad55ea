"""HTML and Markdown: self-contained, deterministic, and showing what the model holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wargame.analysis.simulate import BatchOutcome
from wargame.report import ReportError, build_report, write_report
from wargame.report.from_batch import pct
from wargame.session import Session

EXTERNAL = re.compile(
    r"""(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//|@import""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def session_html(tmp_path_factory: pytest.TempPathFactory, tutorial_save: Path) -> str:
    out = tmp_path_factory.mktemp("html") / "aar.html"
    assert write_report(build_report(tutorial_save), out) == [out]
    return out.read_text(encoding="utf-8")


def test_html_refers_to_nothing_outside_itself(session_html: str) -> None:
    assert not EXTERNAL.search(session_html)
    assert "http" not in session_html  # not even a namespace or a DOCTYPE of the charts
    assert "<script" not in session_html
    assert "<link" not in session_html


def test_html_inlines_every_chart_as_svg_with_unique_ids(session_html: str) -> None:
    assert session_html.count("<svg") == 2
    assert session_html.count("<figure") == 2
    ids = re.findall(r'\bid="([^"]+)"', session_html)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', session_html):
        target = ref[0] or ref[1]
        assert target in ids, target


def test_html_shows_the_session(session_html: str, tutorial_session: Session) -> None:
    ending = tutorial_session.scenario.endings[tutorial_session.state.ending or 0]
    assert ending.title in session_html
    roll = next(e for e in tutorial_session.all_events() if e.kind == "roll")
    assert "rolled 2d6: 2 + 2 = 4" in session_html
    assert roll.text.replace("'", "&#x27;") in session_html
    for heading in ("Overview", "Objectives", "What happened", "Analysis", "Follow-up"):
        assert f"</span> {heading}</h2>" in session_html
    assert "@media print" in session_html and "@page" in session_html


def test_html_escapes_scenario_text(tmp_path: Path, tutorial_session: Session) -> None:
    from wargame.report.from_session import session_report

    fork = tutorial_session.fork(tutorial_session.step_index)
    fork.notes = "<script>alert('x')</script> & done"
    out = tmp_path / "escaped.html"
    write_report(session_report(fork), out)
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; done" in text


def test_markdown_writes_its_charts_beside_it(tmp_path: Path, tutorial_save: Path) -> None:
    out = tmp_path / "aar.md"
    written = write_report(build_report(tutorial_save), out)
    assert written[0] == out
    charts = written[1:]
    assert [p.name for p in charts] == ["figure-1-cohesion.png", "figure-2-variables.png"]
    text = out.read_text(encoding="utf-8")
    for chart in charts:
        assert chart.parent == tmp_path / "aar_files"
        assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert f"](aar_files/{chart.name})" in text
    assert "## 1 Overview" in text
    assert "*Roll:*" in text


def test_markdown_of_a_batch_prints_the_summarys_shares(
    tmp_path: Path, greenland_batch: tuple[Path, BatchOutcome]
) -> None:
    path, outcome = greenland_batch
    out = tmp_path / "study.md"
    written = write_report(build_report(path), out)
    assert len(written) == 1 + 4  # endings, two fans, decisive moves
    text = out.read_text(encoding="utf-8")
    for share in outcome.summary.ending_shares():
        assert (
            f"| {share.count:,} | {pct(share.share)} | {pct(share.low)} – {pct(share.high)} |"
            in text
        )


def test_writing_twice_gives_the_same_bytes(tmp_path: Path, tutorial_save: Path) -> None:
    report = build_report(tutorial_save)
    a, b = tmp_path / "a" / "r.md", tmp_path / "b" / "r.md"
    a.parent.mkdir()
    b.parent.mkdir()
    first, second = write_report(report, a), write_report(report, b)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    html_a, html_b = tmp_path / "a.html", tmp_path / "b.html"
    write_report(report, html_a)
    write_report(report, html_b)
    assert html_a.read_bytes() == html_b.read_bytes()


def test_an_unknown_output_suffix_is_refused(tmp_path: Path, tutorial_save: Path) -> None:
    with pytest.raises(ReportError, match=r"\.html .* \.md"):
        write_report(build_report(tutorial_save), tmp_path / "aar.pdf")
