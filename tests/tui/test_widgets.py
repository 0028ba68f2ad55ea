"""The cheap widgets the turn, briefing and debrief screens are built from: wrapped text,
rows and table lines that must look the same as the widgets they replace."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult

from wargame.play import PlayMove
from wargame.play.views import AllianceView, MoveOption, OutcomeOdds
from wargame.tui.widgets.dashboard import alliance_rows
from wargame.tui.widgets.lines import CellLine, Columns, Rendered, Rows
from wargame.tui.widgets.moves import preview
from wargame.tui.widgets.textview import TextView, wrap_spans
from wargame.tui.widgets.trend import trend_chart

WORDS = st.text(alphabet="ab  \u00e9\u4e2d-", min_size=0, max_size=60)
ASCII = st.text(alphabet="abc   -.", min_size=0, max_size=80)


@settings(max_examples=200, deadline=None)
@given(plain=WORDS | ASCII, width=st.integers(1, 30), hang=st.integers(0, 8))
def test_wrap_spans_cover_the_text_and_fit_the_width(plain: str, width: int, hang: int) -> None:
    from rich.cells import cell_len

    spans = wrap_spans(plain, width, hang)
    assert "".join(plain[a:b] for a, b in spans) == plain
    assert all(a < b for a, b in spans) or plain == ""
    for index, (a, b) in enumerate(spans):
        room = width if index == 0 else max(1, width - hang)
        row = plain[a:b].rstrip()
        # a row is too wide only when it is a single character wider than the row
        assert cell_len(row) <= room or len(row) == 1


@pytest.mark.parametrize(
    "plain",
    [
        "Denmark recalls its ambassador from Washington",
        "Dänemark ruft seinen Botschafter aus Washington zurück",
    ],
)
def test_wrap_spans_break_between_words(plain: str) -> None:
    rows = [plain[a:b].rstrip() for a, b in wrap_spans(plain, 20, 2)]
    assert all(len(row) <= 20 for row in rows)
    assert " ".join(rows) == plain
    assert rows[0] in ("Denmark recalls its", "Dänemark ruft seinen")


@settings(max_examples=200, deadline=None)
@given(plain=ASCII, width=st.integers(1, 30), hang=st.integers(0, 8))
def test_ascii_wrapping_breaks_where_the_general_one_does(
    plain: str, width: int, hang: int
) -> None:
    """The index-arithmetic path for ASCII agrees with the cell-counting one."""
    from wargame.tui.widgets import textview

    general = plain.replace("a", "\u00e4")  # same cells, not ASCII: the general path
    assert wrap_spans(plain, width, hang) == textview.wrap_spans(general, width, hang)


def test_cell_line_lines_columns_up_whatever_the_cells() -> None:
    console = Console(width=40, color_system=None)
    widths = (10, 6, 8)
    lines = [
        CellLine((Text("Blue"), Text("Human"), Text("Team Blue")), widths),
        CellLine((Text("A very long role name"), Text("Bot"), Text("–")), widths),
        CellLine((Text("Umpire"), Text("No umpire: the dice decide at once")), widths),
    ]
    rendered = []
    for line in lines:
        with console.capture() as capture:
            console.print(line)
        rendered.append(capture.get().rstrip("\n"))
    assert all(len(row) == 40 for row in rendered)
    assert rendered[0].index("Human") == rendered[1].index("Bot") == 12
    assert rendered[1].startswith("A very lo…")
    assert rendered[2][12:].startswith("No umpire")


class Harness(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.view = TextView(id="view")
        self.rows = Rows(id="rows")
        self.rendered = Rendered(id="rendered")

    def compose(self) -> ComposeResult:
        yield self.view
        yield self.rows
        yield self.rendered


async def test_text_view_wraps_with_a_hanging_indent_and_knows_its_height() -> None:
    app = Harness()
    async with app.run_test(size=(30, 20)) as pilot:
        app.view.set_lines([(Text("• one two three four five six seven"), 2), Text("end")])
        await pilot.pause()
        width = app.view.scrollable_content_region.width
        assert app.view.row_count == len(wrap_spans("• one two three four five six", width, 2)) + 1
        assert app.view.size.height == app.view.row_count
        second = app.view.render_line(1).text
        assert second.startswith("  ") and second.strip()
        assert app.view.plain == "• one two three four five six seven\nend"


async def test_rows_and_rendered_draw_what_they_are_given() -> None:
    app = Harness()
    async with app.run_test(size=(40, 20)) as pilot:
        app.rows.update(Columns([[Text("a"), Text("1")], [Text("b"), Text("2")]]))
        app.rendered.update(Text("x\ny\nz"))
        await pilot.pause()
        assert app.rows.size.height == 2
        assert app.rows.render_line(1).text.startswith("b")
        assert app.rendered.size.height == 3
        assert app.rendered.render_line(2).text.startswith("z")


class LogHarness(App[None]):
    def compose(self) -> ComposeResult:
        from wargame.tui.widgets.eventlog import EventLog

        log = EventLog(id="log")
        log.styles.height = 8
        yield log


async def test_event_log_follows_new_events_until_the_reader_scrolls_up() -> None:
    from wargame.engine import Event
    from wargame.tui.widgets.eventlog import EventLog

    def event(n: int) -> tuple[Event, str]:
        return Event("move", f"e{n}", turn=1, phase=0), f"Event {n}"

    app = LogHarness()
    async with app.run_test(size=(40, 10)) as pilot:
        log = app.query_one(EventLog)
        events = tuple(event(n) for n in range(30))
        log.show(events)
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y > 0
        log.show(events + tuple(event(n) for n in range(30, 40)))
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert log.render_line(log.size.height - 1).text.strip().endswith("Event 39")
        log.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        log.show(events + tuple(event(n) for n in range(30, 45)))
        await pilot.pause()
        assert log.scroll_y == 0  # the reader's place is kept


def test_the_cohesion_history_rises_and_falls_with_the_values() -> None:
    from wargame.tui.widgets.dashboard import SPARK_WIDTH, spark_rows

    top, bottom = spark_rows([50.0, 60.0, 70.0])
    assert len(top) == len(bottom) == SPARK_WIDTH
    assert top[-1] == "█" and top[0] == " " and bottom[0] == "▁"  # lowest to highest
    flat_top, flat_bottom = spark_rows([70.0])
    assert flat_top.strip() == "" and set(flat_bottom) == {"▁"}
    many = spark_rows([float(v) for v in range(100)])
    assert len(many[0]) == SPARK_WIDTH and many[0][-1] == "█"


def test_the_cohesion_gauge_reads_a_whole_number() -> None:
    """A class read "NATO 72.62" (issue 20): players read 0-100 scores in whole numbers."""
    view = AllianceView("NATO", 72.62, 50, False, (77.0, 72.62), ())
    gauge = alliance_rows(view)[1][0].plain
    assert " 73 " in gauge and "72.62" not in gauge
    assert alliance_rows(AllianceView("NATO", 46.5, 50, False, (), ()))[1][0].plain.count(" 47")


def test_a_trend_chart_of_a_score_reads_in_whole_numbers() -> None:
    """The debrief's cohesion chart read "73.33 → 54.34" where the dashboard says 73."""
    values = [73.33, 61.5, 54.34]
    score = trend_chart("NATO cohesion", values, score=True).plain
    assert "73 → 54" in score and "73.33" not in score and "62" in score
    gauge = trend_chart("Escalation", [2, 2.5, 4]).plain
    assert "2 → 4" in gauge and "2.5" in gauge


def test_odds_hidden_from_the_seat_read_hidden_not_umpire() -> None:
    """A chance computed from a value the seat may not see: its odds say "hidden" (the
    umpire does not rule it), and what the seat may see of what moves it follows."""
    moved_by = "Worse when Escalation is higher."
    option = MoveOption(
        action=PlayMove("president", "deal"),
        label="Make a deal",
        available=True,
        resolution="chance",
        odds=(
            OutcomeOdds("Done", None, (), "", moved_by=moved_by, hidden=True),
            OutcomeOdds("Failed", None, (), "", hidden=True),
        ),
    )
    rows = [p[0] if isinstance(p, tuple) else p for p in preview(option)]
    assert [r.plain.split()[:2] for r in rows] == [["Done", "hidden"], ["Failed", "hidden"]]
    assert rows[0].plain.endswith(moved_by)
    ruled = OutcomeOdds("Done", None, (), "")
    umpire = preview(MoveOption(PlayMove("president", "deal"), "Deal", True, odds=(ruled,)))
    assert any("umpire" in (p[0] if isinstance(p, tuple) else p).plain for p in umpire)
