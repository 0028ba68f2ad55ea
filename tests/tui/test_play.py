"""Playthroughs with keys only: the fixture, the tutorial and Greenland to an ending, in
hot-seat and umpire modes, with undo, injects, the timer and resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Button, DataTable
from textual.widgets.data_table import ColumnKey

from wargame.engine import Inject, PlayMove
from wargame.play.catalog import CatalogEntry, inspect
from wargame.scenario.loader import load_scenario
from wargame.session import Session, load_session, save_session
from wargame.tui.app import WargameApp
from wargame.tui.clock import ManualClock
from wargame.tui.screens.adjudication import AdjudicationScreen
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import ChoiceDialog, NewsFlash, ResultDialog
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.notice import ContentNoteScreen, HandoverScreen
from wargame.tui.screens.setup import SetupScreen
from wargame.tui.screens.start import StartScreen
from wargame.tui.widgets.moves import MoveList, MovePreview

from .conftest import AppFactory, copy_scenario, settle, until
from .driver import at_debrief, play_until, prefer_adjudicated, start_game, step
from .test_covered import shown_text


def saves_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.wgsave.json"))


async def read_briefing(pilot: Pilot[None]) -> None:
    """Enter at the briefing until it is gone: on a short screen Enter reads on a page at
    a time before it begins (wait for the condition, not for a number of presses)."""
    for _ in range(30):
        if not isinstance(pilot.app.screen, BriefingScreen):
            return
        await pilot.press("enter")
        await settle(pilot)
    raise AssertionError("the briefing did not end after 30 pages")


async def at_first_move(pilot: Pilot[None], app: WargameApp) -> tuple[GameScreen, Session]:
    """The fixture game started with the defaults and its briefing read: the turn screen,
    nothing sent yet."""
    await start_game(pilot)
    await read_briefing(pilot)
    game = app.screen
    assert isinstance(game, GameScreen) and app.session is not None
    return game, app.session


def key_for(app: WargameApp, move_id: str) -> str:
    """The number key that picks `move_id` on the game screen now ("1" when it is absent)."""
    for option in app.turn_view().moves:
        if isinstance(option.action, PlayMove) and option.action.move == move_id:
            return str(option.key)
    return "1"


async def test_enter_enter_starts_a_game(make_app: AppFactory, strait: Path) -> None:
    """Defaults let a class start at once: content note, setup, briefing, then moves."""
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ContentNoteScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert app.session is not None
        assert app.session.seats["blue"].is_human
        assert not app.session.seats["red"].is_human
        assert app.viewer == 0


async def test_a_move_asks_before_it_is_sent_and_undo_is_one_key_away(
    make_app: AppFactory, strait: Path
) -> None:
    """A number arms the move (the preview asks); Esc or moving the highlight forgets it;
    Enter or the same number again sends it, and the notice names `u` to take it back."""
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        game, session = await at_first_move(pilot, app)
        await pilot.press("1")
        await settle(pilot)
        assert session.step_index == 0 and app.screen is game
        assert game.armed is not None
        assert "Enter (or 1 again) sends it" in game.query_one(MovePreview).plain
        await pilot.press("escape")
        await settle(pilot)
        assert game.armed is None and session.step_index == 0
        assert "sends it" not in game.query_one(MovePreview).plain
        await pilot.press("2", "down")  # arming one, then moving off it, sends nothing
        await settle(pilot)
        assert game.armed is None and session.step_index == 0
        await pilot.press("1", "1")
        await settle(pilot)
        assert session.step_index >= 1
        first = session.log_entries[0].action
        assert isinstance(first, PlayMove) and first.actor == "blue"
        sent = [n for n in app._notifications if n.title.startswith("Sent: ")]
        assert sent and "u to take it back" in sent[-1].message
        await play_until(pilot, lambda a: isinstance(a.screen, GameScreen) and a.viewer == 0)
        await pilot.press("u")
        await settle(pilot)
        assert session.step_index == 0


async def test_enter_sends_the_armed_move_wherever_the_focus_is(
    make_app: AppFactory, strait: Path
) -> None:
    """A team that had Tabbed to the log or the preview pressed a number: the preview said
    "Enter (or 1 again) sends it", but Enter went to the focused panel and sent nothing."""
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        game, session = await at_first_move(pilot, app)
        for _ in range(4):  # round the panels, off the moves
            await pilot.press("tab")
            await settle(pilot)
            if app.focused is not None and app.focused.id != "moves":
                break
        assert app.focused is not None and app.focused.id != "moves"
        await pilot.press("1")
        await settle(pilot)
        assert game.armed is not None and "Enter" in game.query_one(MovePreview).plain
        await pilot.press("enter")
        await settle(pilot)
        assert session.step_index >= 1
        first = session.log_entries[0].action
        assert isinstance(first, PlayMove) and first.actor == "blue"


async def test_a_short_terminal_gives_the_preview_the_log_s_rows(
    make_app: AppFactory, strait: Path
) -> None:
    """At 80x24 the preview had 4 lines, too few for a move's effects (issue 20's
    playthrough): it takes the log's rows, `l` shows the log in its place (its border
    says how to get back) and `m` brings the preview back."""
    app = make_app(strait)
    async with app.run_test(size=(80, 24)) as pilot:
        game, _ = await at_first_move(pilot, app)
        preview = game.query_one(MovePreview)
        log = game.query_one("#event-log")
        assert preview.size.height >= 6, preview.size
        assert not log.display
        await pilot.press("l")
        await settle(pilot)
        assert log.display and log.has_focus and not preview.display
        assert log.size.height >= 6, log.size
        # The log's border says what `m` does: it read "m: back to the moves", which the
        # move list never left (it stays above); what comes back is the preview.
        assert log.border_subtitle == "m: back to the preview", log.border_subtitle
        assert "m: back to the preview" in shown_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert preview.display and not log.display
        assert preview.size.height >= 6


async def test_the_next_team_sits_down_without_the_last_team_s_sent_notice(
    make_app: AppFactory, strait: Path
) -> None:
    """ "Sent: Send a patrol · Press u to take it back" stayed up over the next team's
    briefing and moves (at 80x24 over its preview): the team that moved reads it during the
    hand-over; it goes when the next team says it is ready."""
    app = make_app(strait)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot, all_human=True)
        await pilot.press("enter")  # Blue's hand-over
        await settle(pilot)
        await read_briefing(pilot)
        await pilot.press(key_for(app, "patrol"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        assert any(n.title.startswith("Sent: ") for n in app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)  # Red's
        assert not any(n.title.startswith("Sent: ") for n in app._notifications)


async def test_a_short_terminal_reads_the_whole_briefing_before_it_begins(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """At 80x24 Greenland's first screenful of a briefing is the scenario's summary, the
    team's orders and objectives below it, and Enter began the game there (the hot-seat
    playthroughs: classes began without reading their orders, "↓ more below" beside Begin
    or not). Enter now reads on a page while there is more below ("Read on ↓" on the
    button), and begins at the end."""
    app = make_app(copy_scenario("greenland", tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await play_until(pilot, lambda a: isinstance(a.screen, BriefingScreen), limit=10)
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        begin = briefing.query_one("#begin", Button)
        await until(pilot, briefing.more_below, "the briefing laid out")
        assert "Read on" in str(begin.label)
        assert "Objectives" not in shown_text(app)
        pages = 0
        while isinstance(app.screen, BriefingScreen):
            if not briefing.more_below():  # the last page: Begin
                assert str(begin.label) == "Begin  ⏎"
                assert "Objectives" in shown_text(app) or pages > 0
            await pilot.press("enter")
            await settle(pilot)
            pages += 1
            assert pages < 20
        assert pages > 1
        assert isinstance(app.screen, GameScreen)


async def test_a_short_terminal_says_how_many_moves_the_list_holds(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """At 80x24 the move list shows four rows. Denmark's list holds eight moves to choose
    from, and its border says so (the playthrough's Denmark saw four of eight, its Article
    4 request and Pass out of view). The President's three and Pass all show, above ten
    closed moves: its border says what the rows below hold, not "↓ for all"."""
    for seat_keys, who in (((), "The President"), (("space", *["down"] * 4, "space"), "Denmark")):
        app = make_app(copy_scenario("greenland", tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("enter", *seat_keys, "enter")  # content note, seats
            await play_until(pilot, lambda a: isinstance(a.screen, GameScreen), limit=30)
            game = app.screen
            assert isinstance(game, GameScreen)
            assert app.turn_view().moves_title == f"Moves: {who}"
            moves = game.query_one(MoveList)
            await until(pilot, lambda moves=moves: bool(moves.border_subtitle), "the hint")
            options = app.turn_view().moves
            available = sum(o.available for o in options)
            assert moves.max_scroll_y > 0 and available > 1
            if who == "Denmark":
                assert available == 8
                hint = f"{available} to choose from: ↓ for all"
            else:
                assert available == 4
                hint = f"↓ {len(options) - available} closed, and why"
            assert str(moves.border_subtitle) == hint
            await pilot.press("1" if who != "Denmark" else "4")  # armed: how to send it
            await settle(pilot)
            assert "Enter: send it" in str(moves.border_subtitle)
            await pilot.press("escape")
            await settle(pilot)
            assert str(moves.border_subtitle) == hint


async def test_a_result_card_is_not_covered_by_the_sent_notice(
    make_app: AppFactory, strait: Path
) -> None:
    """At 80x24 the "Sent: … Press u to take it back" notice lay over the bottom of the
    result card that came up at once (Greenland's funds ban: its last change was cut in
    half under it), and invited a team to take back a move whose dice it had just seen.
    The card says what was sent and how it came out: the notice goes when it comes up."""
    app = make_app(strait)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot, all_human=True)
        await pilot.press("enter")  # Blue's hand-over
        await settle(pilot)
        await read_briefing(pilot)
        await pilot.press(key_for(app, "talks"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultDialog), app.screen
        assert "Open talks" in shown_text(app)
        assert not any(n.title.startswith("Sent: ") for n in app._notifications)


async def test_fixture_plays_to_an_ending_and_autosaves(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        screens = await play_until(pilot, at_debrief)
        assert "GameScreen" in screens
        assert app.session is not None and app.session.is_over
        saves = saves_in(strait.parent)
        assert len(saves) == 1
        loaded = load_session(saves[0])
        assert loaded.step_index == app.session.step_index
        assert loaded.state.ending == app.session.state.ending


async def test_no_save_until_the_game_has_started_then_one_in_the_saves_folder(
    make_app: AppFactory, strait: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = strait.parent / "saves"
    monkeypatch.setenv("WARGAME_SAVE_DIR", str(folder))
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        assert isinstance(app.screen, BriefingScreen)  # reading the briefing saves nothing
        assert saves_in(strait.parent) == [] and not folder.exists()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert not folder.exists()
        await pilot.press("1")  # chosen, not sent: still nothing saved
        await settle(pilot)
        assert not folder.exists()
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None and app.session.step_index > 0
        assert len(saves_in(folder)) == 1
        assert saves_in(strait.parent) == []  # not beside the scenario any more


async def test_hot_seat_hands_over_and_hides_private_information(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, all_human=True)
        assert isinstance(app.screen, HandoverScreen)  # the first team takes the keyboard
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        text = app.screen.plain
        assert "weaker than it looks" in text  # Blue's private briefing
        assert "needs a win" not in text  # Red's private briefing
        await pilot.press("enter")
        await settle(pilot)
        blue_vars = {v.id for v in app.turn_view().dashboard.variables}
        assert blue_vars == {"tension"}
        await pilot.press(key_for(app, "patrol"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        handover = str(app.screen.query_one("#handover-to").render())
        assert handover.strip() == "Pass to Red"  # the role's label, once
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        text = app.screen.plain
        assert "needs a win" in text and "weaker than it looks" not in text
        await pilot.press("enter")
        await settle(pilot)
        assert app.viewer == 1
        red_vars = {v.id for v in app.turn_view().dashboard.variables}
        assert red_vars == {"tension", "red_resolve"}
        # Red's secret probe: Green sees its effects only, never its name.
        await pilot.press(key_for(app, "probe"), "enter")
        await settle(pilot)
        while not isinstance(app.screen, GameScreen):
            await step(pilot)
        assert app.viewer in (2,)
        green_log = " ".join(text for _, text in app.turn_view().log)
        assert "Probe" not in green_log
        assert "Send a patrol" in green_log


async def test_umpire_rates_an_argument_and_overrides_a_ruling(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, all_human=True, umpire="human")
        assert app.session is not None and app.session.umpire is not None
        await play_until(pilot, lambda a: a.viewer == 1 and isinstance(a.screen, GameScreen))
        await pilot.press(key_for(app, "appeal"))
        await settle(pilot)
        await pilot.press(*"Green's trade depends on us", "enter")
        await settle(pilot)
        await play_until(pilot, lambda a: isinstance(a.screen, AdjudicationScreen))
        assert app.session.state.pending is not None
        assert app.session.state.pending.stage == "rate"
        await pilot.press("f2")  # strong
        await settle(pilot)
        await play_until(pilot, lambda a: isinstance(a.screen, AdjudicationScreen))
        assert app.session.state.pending is not None
        assert app.session.state.pending.stage == "confirm"
        await pilot.press("enter")
        await settle(pilot)
        kinds = [e.kind for e in app.session.all_events()]
        assert "rating" in kinds
        assert any("strong" in e.text for e in app.session.all_events() if e.kind == "rating")
        # Green offers mediation, a ruling: the umpire overrides it with a reason.
        await play_until(pilot, lambda a: a.viewer == 2 and isinstance(a.screen, GameScreen))
        await pilot.press(key_for(app, "mediate"), "enter")
        await settle(pilot)
        await play_until(pilot, lambda a: isinstance(a.screen, AdjudicationScreen))
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("down", "enter", *"Both sides ignore Green", "enter")
        await settle(pilot)
        last = app.session.log_entries[-1]
        assert type(last.action).__name__ == "Override"
        assert last.by == "umpire"
        assert "ignore Green" in last.action.reason  # type: ignore[union-attr]
        await play_until(pilot, at_debrief)
        assert app.session.is_over


async def test_undo_takes_back_the_decision_and_the_bot_moves_after_it(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        _, session = await at_first_move(pilot, app)
        await pilot.press(key_for(app, "patrol"), "enter")
        await settle(pilot)
        await play_until(pilot, lambda a: isinstance(a.screen, GameScreen) and a.viewer == 0)
        after = session.step_index
        assert after >= 3
        await pilot.press("u")
        await settle(pilot)
        assert session.step_index == 0
        assert session.to_act == 0
        assert isinstance(app.screen, GameScreen)
        await pilot.press("U")
        await settle(pilot)
        assert session.step_index == after
        saved = load_session(saves_in(strait.parent)[0])
        assert saved.step_index == after


async def test_inject_by_key_shows_a_news_flash(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("down", "down", "enter", *"Test the room", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NewsFlash)
        assert "Collision" in str(app.screen.query_one("#headline").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None
        last = app.session.log_entries[-1]
        assert last.action == Inject("incident", "Test the room")
        assert last.by == "facilitator"
        tension = app.session.state.vars[app.session.scenario.names.variables["tension"]]
        assert tension == 5


async def until_found(pilot: Pilot[int], title: str) -> None:
    """Wait until the open command palette's first hit is `title` (its search is a task)."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    await until(
        pilot,
        lambda: commands.option_count > 0 and title in str(commands.get_option_at_index(0).prompt),
        f"the palette never found {title!r}",
    )


async def test_command_palette_offers_facilitator_commands(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"adjust")
        await until_found(pilot, "Adjust")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "AdjustDialog"
        await pilot.press("tab")
        app.screen.query_one("#value").value = ""  # type: ignore[attr-defined]
        await pilot.press(*"7", "enter", *"Umpire's call", "enter")
        await settle(pilot)
        assert app.session is not None
        tension = app.session.state.vars[app.session.scenario.names.variables["tension"]]
        assert tension == 7


async def test_the_command_palette_opens_with_our_commands_first_each_time(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        for _ in range(2):
            await pilot.press("ctrl+p")
            await settle(pilot)
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            commands = palette.query_one(CommandList)
            # the palette lists the commands when its search is done
            await until(
                pilot, lambda found=commands: found.option_count > 0, "the palette listed nothing"
            )
            shown = [str(option.prompt) for option in commands.options]
            assert any("Inject an event  [i]" in line for line in shown), shown  # with its key
            assert shown.index(next(x for x in shown if "Inject" in x)) == 0  # ours first
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, GameScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"inject")
        await until_found(pilot, "Inject")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)  # the inject command ran


async def test_phase_timer_warns_expires_and_extends(make_app: AppFactory, strait: Path) -> None:
    clock = ManualClock()
    app = make_app(strait, clock=clock, phase_seconds=120.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.tick()
        assert app.timer.state(clock.now()) == "running"
        clock.advance(70)
        app.tick()
        assert app.timer.state(clock.now()) == "warning"
        clock.advance(60)
        app.tick()
        assert app.timer.state(clock.now()) == "expired"
        timer = app.turn_view().timer
        assert timer is not None and "time is up" in timer.plain
        await pilot.press("plus")
        await settle(pilot)
        assert app.timer.state(clock.now()) == "running"
        assert app.timer.remaining(clock.now()) == pytest.approx(110)
        await pilot.press("space")
        clock.advance(500)
        app.tick()
        assert app.timer.state(clock.now()) == "paused"


async def test_the_timer_dialog_takes_only_a_sane_number_of_minutes(
    make_app: AppFactory, strait: Path
) -> None:
    clock = ManualClock()
    app = make_app(strait, clock=clock, phase_seconds=120.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.timer.state(clock.now()) == "running"  # from the phase's start, not a tick
        for typed, said in [("inf", "0 to 1440 minutes"), ("1e308", "0 to 1440"), ("x", "not a")]:
            app.action_set_timer()
            await settle(pilot)
            await pilot.press(*typed, "enter")
            await settle(pilot)
            assert said in [n.message for n in app._notifications][-1]
            assert app.timer.remaining(clock.now()) == 120
        app.action_set_timer()
        await settle(pilot)
        await pilot.press("5", "enter")
        await settle(pilot)
        assert app.timer.remaining(clock.now()) == 300


async def test_resume_continues_exactly_where_the_game_stopped(
    make_app: AppFactory, strait: Path
) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot, all_human=True)
        await play_until(pilot, lambda a: a.session is not None and a.session.step_index >= 4)
        steps, to_act = app.session.step_index, app.session.to_act  # type: ignore[union-attr]
        await pilot.press("q", "q")  # q asks first; q again quits
        await settle(pilot)
    save = saves_in(strait.parent)[0]
    resumed = make_app(None, resume=save)
    async with resumed.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert resumed.session is not None
        assert resumed.session.step_index == steps
        assert resumed.session.to_act == to_act
        assert resumed.save_path == save
        await play_until(pilot, at_debrief)
        assert resumed.session.is_over
    assert load_session(save).is_over


async def test_a_broken_scenario_shows_positioned_errors(
    make_app: AppFactory, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("wargame: 1\nid: Bad Id\ntitle: x\n", encoding="utf-8")
    app = make_app(bad)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "ProblemsScreen"
        shown = " ".join(str(w.render()) for w in app.screen.query(".problem"))
        assert "bad.yaml:2:" in shown
        await pilot.press("q")
        await settle(pilot)
    assert app.return_value == 1


async def test_a_damaged_save_is_refused_with_a_reason(
    make_app: AppFactory, tmp_path: Path
) -> None:
    save = tmp_path / "broken.wgsave.json"
    save.write_text('{"format": "wargame-save", "format_version": 99}', encoding="utf-8")
    app = make_app(None, resume=save)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "ProblemsScreen"
        shown = " ".join(str(w.render()) for w in app.screen.query(".problem"))
        assert "version" in shown


async def test_a_save_without_its_digest_resumes_only_when_allowed(
    make_app: AppFactory, strait: Path, tmp_path: Path
) -> None:
    session = Session(load_scenario(strait), seed=3)
    session.run_bots()
    save = save_session(session, tmp_path / "old.wgsave.json")
    document = json.loads(save.read_text(encoding="utf-8"))
    del document["state_digest"]
    save.write_text(json.dumps(document), encoding="utf-8")
    refused = make_app(None, resume=save)
    async with refused.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert type(refused.screen).__name__ == "ProblemsScreen"
        shown = " ".join(str(w.render()) for w in refused.screen.query(".problem"))
        assert "no state digest" in shown and "--allow-unverified" in shown
    assert refused.exit_status == 1
    allowed = make_app(None, resume=save, allow_unverified=True)
    async with allowed.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert allowed.session is not None
        assert allowed.session.step_index == session.step_index


async def test_masked_play_shows_only_fictional_names(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait, masked=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        assert isinstance(app.screen, BriefingScreen)
        text = app.screen.plain
        assert "Azure" in text and "Blue" not in text
        await play_until(pilot, at_debrief)
        view = app.turn_view()
        everything = " ".join(t for _, t in view.log) + view.header.title
        assert "Crimson" in everything
        for real in ("Blue", "Red", "Green", "Strait"):
            assert real not in everything, real
        assert app.session is not None and app.session.masked


async def test_debrief_branches_a_what_if_game(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await play_until(pilot, at_debrief)
        parent = app.session
        assert parent is not None
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        await pilot.press("n", *"Blue never talked.", "escape")
        await settle(pilot)
        assert parent.notes == "Blue never talked."
        await pilot.press(*["up"] * 20, "f")
        await settle(pilot)
        child = app.session
        assert child is not None and child is not parent
        assert child.parent is not None and child.parent.step == 0
        assert child.step_index == 0
        assert len(saves_in(strait.parent)) == 2
        saved = json.loads(saves_in(strait.parent)[0].read_text(encoding="utf-8"))
        assert saved["notes"] == "Blue never talked." or saved["parent"] is not None


async def test_start_screen_lists_local_scenarios(make_app: AppFactory, strait: Path) -> None:
    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "StartScreen"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContentNoteScreen)


async def test_the_start_list_is_as_wide_as_a_title_the_moment_the_title_is_in(
    make_app: AppFactory, strait: Path
) -> None:
    """DataTable measures an updated cell when it next goes idle, and a row drawn before
    that stays cached at the old width (Textual issue 3533): the list read "Strait Cris"
    now and then under load. The column must fit the title as soon as it is filled, with
    no idle in between (the fill is called here without yielding to the event loop)."""
    empty = strait.parent / "empty"
    empty.mkdir()
    app = make_app(None, cwd=empty)  # the scan finds nothing: the table starts narrow
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        entry = inspect(strait, "local")
        screen._list([CatalogEntry(strait, "local")])  # the row as listed: its file name
        screen._fill(0, entry)  # then read: its title, no idle in between
        table = screen.query_one("#scenarios", DataTable)
        column = table.columns[ColumnKey("scenario")]
        assert (
            column.content_width
            >= Text(entry.title).cell_len
            == len("Strait Crisis (test fixture)")
        )
        await settle(pilot)
        assert column.content_width == len("Strait Crisis (test fixture)")


async def test_help_and_theme_keys(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dark = app.current_theme.dark
        await pilot.press("t")
        assert app.current_theme.dark is not dark
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)


async def test_watch_reloads_the_scenario_and_replays(make_app: AppFactory, strait: Path) -> None:
    app = make_app(strait, watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        await play_until(pilot, lambda a: isinstance(a.screen, GameScreen) and a.viewer == 0)
        steps = app.session.step_index  # type: ignore[union-attr]
        text = strait.read_text(encoding="utf-8").replace("Send a patrol", "Send a flotilla")
        strait.write_text(text, encoding="utf-8")
        import os

        os.utime(strait, (1e9, 1e9))
        app.check_watched_file()
        await settle(pilot)
        assert app.session is not None
        assert app.session.step_index == steps
        labels = [o.label for o in app.turn_view().moves]
        assert "Send a flotilla" in labels


async def test_watch_keeps_playing_when_an_edit_breaks_the_file(
    make_app: AppFactory, strait: Path
) -> None:
    """A broken save of the file is reported with its position; the game goes on."""
    app = make_app(strait, watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.press("enter")
        await settle(pilot)
        session = app.session
        assert session is not None
        steps = session.step_index
        text = strait.read_text(encoding="utf-8")
        strait.write_text(text.replace("wargame:", "wargame: [", 1), encoding="utf-8")
        import os

        os.utime(strait, (2e9, 2e9))
        app.check_watched_file()
        await settle(pilot)
        assert app.session is session
        assert session.step_index == steps
        notices = [n.message for n in app._notifications]
        assert any("strait.yaml:" in m and "previous version" in m for m in notices), notices
        assert isinstance(app.screen, GameScreen)


@pytest.mark.parametrize("mode", ["hot-seat", "umpire"])
async def test_tutorial_plays_to_an_ending(make_app: AppFactory, tmp_path: Path, mode: str) -> None:
    path = copy_scenario("tutorial", tmp_path)
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot, all_human=True, umpire="human" if mode == "umpire" else None)
        await play_until(pilot, at_debrief, choose=prefer_adjudicated, limit=600)
        assert app.session is not None and app.session.is_over
        if mode == "umpire":
            # The tutorial has no argued or ruling move: its draws resolve by themselves,
            # logged with their odds, and the umpire is asked nothing.
            assert any(e.by == "rules" and "drawn: " in e.why for e in app.session.log_entries)


@pytest.mark.parametrize("mode", ["hot-seat", "umpire"])
async def test_greenland_plays_to_an_ending(
    make_app: AppFactory, tmp_path: Path, mode: str
) -> None:
    path = copy_scenario("greenland", tmp_path)
    app = make_app(path)
    async with app.run_test(size=(160, 50)) as pilot:
        if mode == "hot-seat":
            await settle(pilot)
            await pilot.press("enter")  # content note
            await settle(pilot)
            # Three human teams (President, advisers, generals), the rest bots: the
            # President's row is highlighted; down and space make the next two human.
            await pilot.press("down", "space", "down", "space", "enter")
            await settle(pilot)
        else:
            await start_game(pilot, umpire="human")
        screens = await play_until(pilot, at_debrief, choose=prefer_adjudicated, limit=900)
        assert app.session is not None and app.session.is_over
        if mode == "hot-seat":
            assert "HandoverScreen" in screens
        else:
            # The President, the one team, has no argued or ruling move: the umpire is asked
            # nothing; every draw resolved by itself, logged with its odds.
            assert "AdjudicationScreen" not in screens
            assert any(e.by == "rules" for e in app.session.log_entries)


async def test_debrief_writes_the_after_action_report_with_one_key(
    make_app: AppFactory, strait: Path
) -> None:
    pytest.importorskip("matplotlib", reason="the report extra is not installed")
    app = make_app(strait)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await play_until(pilot, at_debrief)
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("n", *"Red blinked first.", "escape")
        await settle(pilot)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await settle(pilot)
        folder = app.options.cwd or Path.cwd()
        reports = sorted(folder.glob("*-report-*.html"))
        assert len(reports) == 1
        html = reports[0].read_text(encoding="utf-8")
        assert "After-action report" in html or "AFTER-ACTION REPORT" in html.upper()
        assert "Red blinked first." in html
