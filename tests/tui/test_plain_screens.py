"""What a player reads is plain language: the preview speaks in the scenario's labels, the
rules (expressions, ids) are the facilitator's view one key away, and labels wrap rather
than being cut."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot

from wargame.engine import PlayMove
from wargame.scenario.loader import load_scenario
from wargame.scenario.masking import IDENTITY
from wargame.tui.screens.briefing import briefing_text
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.setup import SetupScreen
from wargame.tui.seat_app import SeatApp
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.header import GameHeader, HeaderLines
from wargame.tui.widgets.lines import CellLine, Columns, SplitLines
from wargame.tui.widgets.moves import MoveList, MovePreview

from .conftest import REPO, AppFactory, copy_scenario, settle
from .driver import start_game
from .test_covered import shown_text
from .test_seat_app import _app, _running, _table, _until_joined

RULES_CODE = re.compile(r"\+=|-=|>=|<=|==|flags\.|trust\[|\w+_\w+")
"""What an expression or an id looks like (`escalation += 2`, `flags.plans_ordered`)."""


async def _to_game(pilot: Pilot[int]) -> GameScreen:
    """Enter through the news, hand-over and briefing to the first decision."""
    app = pilot.app
    for _ in range(10):
        if isinstance(app.screen, GameScreen):
            return app.screen
        await pilot.press("enter")
        await settle(pilot)
    raise AssertionError(f"no game screen, still {app.screen}")


def _highlight(game: GameScreen, move_id: str) -> None:
    view = game._view
    assert view is not None
    index = next(
        i
        for i, o in enumerate(view.moves)
        if isinstance(o.action, PlayMove) and o.action.move == move_id
    )
    game.query_one(MoveList).highlighted = index


async def test_a_players_preview_reads_in_plain_words_and_the_rules_are_one_key_away(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """The President's preview: effects and needs from the labels, no expression; `r`
    shows the facilitator the rules of the same move, `r` again the sentences."""
    app = make_app(copy_scenario("greenland", tmp_path), autosave=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        game = await _to_game(pilot)
        _highlight(game, "order_contingency_plans")
        await settle(pilot)
        shown = game.query_one(MovePreview).plain
        assert "Escalation +2" in shown
        assert "• The generals trust the President less (−10)" in shown  # a bullet, capital
        assert "• The President's approval +2" in shown
        assert not RULES_CODE.search(shown), shown
        moves = "\n".join(_plain(o.prompt) for o in game.query_one(MoveList).options)
        assert "Needs: an invasion plan is on the President's desk" in moves
        assert not RULES_CODE.search(moves), moves

        await pilot.press("r")
        await settle(pilot)
        rules = game.query_one(MovePreview).plain
        assert "order_contingency_plans" in rules and "escalation += 2" in rules
        await pilot.press("r")
        await settle(pilot)
        assert game.query_one(MovePreview).plain == shown


async def test_a_team_seat_has_no_rules_view(tmp_path: Path) -> None:
    """At a shared table the rules view is the umpire's: a team's `r` does nothing."""
    db, _, codes = _table(tmp_path)
    team = _app(db, tmp_path, codes["northport"])
    async with _running([team]) as (pilot,):
        await _until_joined(pilot)
        game = await _to_game(pilot)
        assert isinstance(team, SeatApp) and not team.is_facilitator()
        before = game.query_one(MovePreview).plain
        await pilot.press("r")
        await settle(pilot)
        assert game.query_one(MovePreview).plain == before
        assert not game.query_one(MovePreview).rules
        assert not RULES_CODE.search(before), before


def _plain(prompt: object) -> str:
    console = Console(width=200, color_system=None)
    with console.capture() as capture:
        console.print(prompt)
    return capture.get()


def _render(renderable: Columns | SplitLines, width: int) -> list[str]:
    console = Console(width=width, color_system=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get().splitlines()


def test_a_long_label_wraps_between_words_rather_than_being_cut() -> None:
    columns = Columns(
        [
            [Text("Greenland's ties to Denmark"), Text("61"), Text("▲+2")],
            [Text("Escalation"), Text("3"), Text("·")],
        ]
    )
    lines = _render(columns, 20)
    assert len(columns.lines(20)) == len(lines) == 4
    assert "…" not in "".join(lines)
    assert lines[0].split()[-2:] == ["61", "▲+2"]
    label = " ".join(line[: columns.widths(20)[0]].strip() for line in lines[:3])
    assert label == "Greenland's ties to Denmark"
    split = SplitLines([(Text("█████ 72.6  breaks <50"), Text("▁▁▁▁"))], wrap=True)
    assert [line.rstrip() for line in _render(split, 18)] == ["█████ 72.6    ▁▁▁▁", "breaks <50"]


async def test_the_dashboard_shows_every_label_whole_at_80_columns(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(copy_scenario("greenland", tmp_path), autosave=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await _to_game(pilot)
        dashboard = app.screen.query_one(Dashboard)
        text = "\n".join(
            strip.text for rows in dashboard.query("Rows") for strip in rows._lines_at(40)
        )
        assert "…" not in text, text
        assert "approval" in text


async def test_greenlands_role_names_and_phase_read_whole_at_80_columns(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """Setup's Role column wraps a long role name onto a second line, and the header puts
    a phase with no room beside the deadline on a row of its own (both were cut: "Hardline
    White House a…", "The White …")."""
    app = make_app(copy_scenario("greenland", tmp_path), autosave=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the content note
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        setup = " ".join(shown_text(app).split())
        assert "…" not in setup, setup
        assert "The hardline White" in setup and "House advisers" in setup  # wrapped, whole
        await pilot.press("enter")
        await _to_game(pilot)
        top = app.screen.query_one(GameHeader)
        rows = [strip.text.strip() for strip in top._lines_at(top.content_region.width)]
        assert "The White House" in rows, rows
        assert "…" not in " ".join(rows)


def test_the_header_keeps_the_phase_on_the_top_row_when_it_fits() -> None:
    rows = [(Text(" Turn 1/6   February 2026"), Text("⚑ Midterm primaries begin in 1 turn"))]
    rows.append((Text("Greenland, 2026"), Text("▶ The President")))
    header = HeaderLines(rows, phase=Text("The White House"))
    wide = header.lines(160)
    assert len(wide) == 2 and "·  The White House" in wide[0].plain
    narrow = [line.plain.strip() for line in header.lines(80)]
    assert narrow[1] == "The White House" and len(narrow) == 3
    assert "The White" not in narrow[0]


def test_a_cell_line_wraps_its_cells_between_words() -> None:
    widths = (10, 6, 8)
    line = CellLine((Text("A very long role name"), Text("Bot"), Text("–")), widths, wrap=True)
    rows = [row.plain for row in line.lines(40)]
    assert [row[:10].strip() for row in rows] == ["A very", "long role", "name"]
    assert rows[0][12:].startswith("Bot") and not rows[1][10:].strip()
    assert all(len(row) == 40 for row in rows)


def test_a_briefings_deadlines_give_the_turns_label_without_brackets_in_brackets() -> None:
    """Greenland's calendar labels carry their own brackets ("March 2026 (first
    primaries)"); the deadline line read "Deadline, turn 2 (March 2026 (first primaries))"."""
    scenario = load_scenario(REPO / "scenarios" / "greenland.yaml")
    lines = briefing_text(scenario, None, IDENTITY).splitlines()
    deadlines = [line for line in lines if "Deadline" in line]
    assert "• Deadline in turn 2, March 2026 (first primaries): Midterm primaries begin" in (
        deadlines
    )
    assert not any("((" in line or "))" in line for line in deadlines)


async def test_a_computed_chance_says_what_moves_it_in_the_preview_and_the_rules_view(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """Greenland with the deal open from the start (Denmark's offer made, the talks at 55,
    the President's trust in the advisers 60): "Sign the access agreement" reads its odds,
    then what raises and lowers them, before what it needs; the rules view adds `p`."""
    path = copy_scenario("greenland", tmp_path)
    text = path.read_text(encoding="utf-8")
    for old, new in (
        (
            'access_offered:   {label: "Denmark has offered formal access"}',
            'access_offered:   {label: "Denmark has offered formal access", start: true}',
        ),
        ("(50 or more makes a deal possible).\n    start: 10", "(50 or more).\n    start: 55"),
        ("president: {advisers: 75,", "president: {advisers: 60,"),
    ):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    app = make_app(path, autosave=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        game = await _to_game(pilot)
        _highlight(game, "sign_access_deal")
        await settle(pilot)
        shown = " ".join(game.query_one(MovePreview).plain.split())
        line = "At its lowest (5%). Better when it is later in the game, Denmark trusts"
        assert line in shown
        assert "Worse when the President's approval is higher" in shown
        assert shown.index("5%") < shown.index(line) < shown.index("Needs:")
        assert not RULES_CODE.search(shown), shown

        await pilot.press("r")
        await settle(pilot)
        rules = " ".join(game.query_one(MovePreview).plain.split())
        assert "p: clamp(-0.2 + (48 - approval) / 100" in rules
        assert line in rules
