"""Several seats of one shared table, each its own app, playing one game through one database.

Every app here is a real `SeatApp` driven by keys through Pilot, as a team at its own screen
would; the apps share nothing but the SQLite file.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
from textual.pilot import Pilot

from wargame.engine import OBSERVER, UMPIRE, Adjust, PlayMove
from wargame.engine.view import can_see
from wargame.scenario.loader import load_scenario
from wargame.session import EVERY_DRAW, Seat, Session, UmpireRules, state_digest
from wargame.table import Table, open_store
from wargame.table.replica import create_table
from wargame.tui.app import PlayOptions
from wargame.tui.clock import ManualClock, WallClock
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.join import JoinScreen, SeatLostScreen
from wargame.tui.screens.projector import ProjectorScreen
from wargame.tui.seat_app import SeatApp, SeatOptions

from .conftest import SCENARIOS, settle, until
from .driver import prefer_adjudicated, step

SIZE = (120, 40)


def _table(
    tmp_path: Path,
    *,
    umpire: bool = True,
    seed: int = 5,
    phase_seconds: float | None = None,
    umpire_rules: UmpireRules | None = None,
) -> tuple[Path, str, dict[str, str]]:
    scenario = load_scenario(SCENARIOS / "tutorial.yaml")
    session = Session(
        scenario,
        seed=seed,
        seats={
            "northport": Seat("northport", "human", team="North"),
            "southhaven": Seat("southhaven", "human", team="South"),
        },
        umpire=Seat("umpire", "human") if umpire else None,
    )
    if umpire_rules is not None:
        session.umpire_rules = umpire_rules
    db = tmp_path / "class.table.db"
    store = open_store(db, create=True)
    settings = {"phase_seconds": phase_seconds} if phase_seconds is not None else {}
    info, codes = create_table(store, session, settings=settings)
    store.close()
    return db, info.id, codes


def _app(
    db: Path, tmp_path: Path, code: str | None, clock: ManualClock | None = None, **seat: object
) -> SeatApp:
    settings: dict[str, object] = {"poll_seconds": 0.05, **seat}
    options = SeatOptions(str(db), code=code, **settings)  # type: ignore[arg-type]
    return SeatApp(options, PlayOptions(clock=clock or ManualClock(), cwd=tmp_path))


@contextlib.asynccontextmanager
async def _running(apps: Sequence[SeatApp]) -> AsyncIterator[list[Pilot[int]]]:
    async with contextlib.AsyncExitStack() as stack:
        pilots = [await stack.enter_async_context(app.run_test(size=SIZE)) for app in apps]
        for pilot in pilots:
            await settle(pilot)
        yield pilots


async def _until_joined(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, SeatApp)
    await until(
        pilot,
        lambda: app.table is not None and not isinstance(app.screen, JoinScreen),
        "the seat never joined",
    )


async def _until(pilot: Pilot[int], done: Callable[[], object]) -> None:
    """Let `pilot`'s app poll the table until `done()`: another seat's record reaches it
    within a poll or two (0.25 s each), later on a loaded machine."""
    await until(pilot, lambda: bool(done()), "the other seat's record never arrived")


def _private_text(app: SeatApp) -> list[str]:
    """What the screens this app shows contain that only some seats may see."""
    assert app.table is not None and app.session is not None
    viewer = app.table.viewer
    return [
        text
        for event, text in app.turn_view().log
        if not can_see(event.visible_to, viewer)  # must never be on this seat's screen
    ]


async def test_two_teams_an_umpire_and_the_projector_play_the_tutorial_to_the_debrief(
    tmp_path: Path,
) -> None:
    # The umpire rules every draw here (the tutorial has no argued or ruling move, which
    # is all an umpire is asked by default): each screen then waits on the umpire's.
    db, table_id, codes = _table(tmp_path, umpire_rules=EVERY_DRAW)
    seats = ("northport", "southhaven", "umpire", "observer")
    apps = [_app(db, tmp_path, codes[seat]) for seat in seats]
    north, south, umpire, observer = apps
    briefed: set[tuple[str, object]] = set()
    async with _running(apps) as pilots:
        for pilot in pilots:
            await _until_joined(pilot)
        assert north.table is not None and south.table is not None
        assert north.table.viewer == 0 and south.table.viewer == 1
        assert umpire.table is not None and umpire.table.viewer == UMPIRE
        assert observer.table is not None and observer.table.viewer == OBSERVER
        def at_the_end(app: SeatApp) -> bool:
            """A seat's debrief; the projector's read-only ending board (never a debrief)."""
            if app is observer:
                over = app.session is not None and app.session.is_over
                return over and isinstance(app.screen, ProjectorScreen)
            return isinstance(app.screen, DebriefScreen)

        for _ in range(600):
            if all(at_the_end(app) for app in apps):
                break
            for app, pilot in zip(apps, pilots, strict=True):
                if isinstance(app.screen, BriefingScreen) and app.table is not None:
                    briefed.add((app.table.seat, app.screen._actor))
                assert not isinstance(observer.screen, DebriefScreen)
                if not at_the_end(app):
                    await step(pilot, prefer_adjudicated)
                assert not _private_text(app), app.table.seat if app.table else "?"
            await pilots[0].pause(0.06)
        else:
            raise AssertionError([type(app.screen).__name__ for app in apps])
        # One game: every screen folded the same log to the same end.
        digests = {state_digest(app.session.state) for app in apps if app.session is not None}
        assert len(digests) == 1
        store = open_store(db)
        fresh = Table(store, table_id, seat="observer")
        assert {state_digest(fresh.session.state)} == digests
        assert fresh.session.is_over
        signed = {entry.by for entry in fresh.session.log_entries}
        assert {"team:North", "team:South", "umpire"} <= signed
        store.close()
    # Each team read its own briefing only; the umpire the overview; the projector none.
    assert briefed == {("northport", 0), ("southhaven", 1), ("umpire", None)}


async def test_a_wrong_code_is_refused_in_the_same_words_and_the_right_one_opens_the_seat(
    tmp_path: Path,
) -> None:
    db, _, codes = _table(tmp_path)
    app = _app(db, tmp_path, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JoinScreen)
        def message() -> str:
            return str(app.screen.query_one("#join-message").render())

        def answered() -> bool:
            return message() not in ("", "Checking…")

        await pilot.press(*"ZZZZ-ZZZZ", "enter")
        await until(pilot, answered, "the code was never answered")
        first = message()
        other_table_code = "3GFW-HJGH"
        await pilot.press(*other_table_code, "enter")
        await until(pilot, answered, "the code was never answered")
        second = message()
        assert first == second and "does not open a seat" in first
        await pilot.press(*codes["southhaven"].lower().replace("-", ""), "enter")
        await _until_joined(pilot)
        assert app.table is not None and app.table.seat == "southhaven"


async def test_the_newest_join_takes_the_seat_and_the_old_screen_stops(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path)
    old = _app(db, tmp_path, codes["northport"], heartbeat_seconds=0.05)
    async with old.run_test(size=SIZE) as first:
        await _until_joined(first)
        new = _app(db, tmp_path, codes["northport"])
        async with new.run_test(size=SIZE) as second:
            await _until_joined(second)
            await until(
                first, lambda: isinstance(old.screen, SeatLostScreen), "the old seat never stopped"
            )
            assert old.lost and not new.lost
            assert old.submit(PlayMove("northport", "share_patrols")) is False


async def test_a_seat_closed_mid_game_rejoins_where_the_game_is(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path, umpire=False)
    first = _app(db, tmp_path, codes["northport"])
    async with first.run_test(size=SIZE) as pilot:
        await _until_joined(pilot)
        for _ in range(6):
            await step(pilot)
        steps = first.session.step_index if first.session else 0
    first.leave_table()
    assert steps > 0
    again = _app(db, tmp_path, codes["northport"])
    async with again.run_test(size=SIZE) as pilot:
        await _until_joined(pilot)
        assert again.session is not None and again.session.step_index >= steps


async def test_an_action_decided_on_an_old_position_is_refused_and_the_screen_refreshes(
    tmp_path: Path,
) -> None:
    db, table_id, codes = _table(tmp_path, umpire=False)
    app = _app(db, tmp_path, codes["northport"], poll_seconds=60.0)
    async with app.run_test(size=SIZE) as pilot:
        await _until_joined(pilot)
        while not isinstance(app.screen, GameScreen):
            await step(pilot)
        assert app.session is not None and app.table is not None
        before = app.table.position
        # The facilitator adjusts a variable from another screen while the team decides.
        store = open_store(db)
        facilitator = Table(store, table_id, seat="host")
        variable = facilitator.session.scenario.variables[0].id
        facilitator.submit(Adjust(variable, 3.0, "storm damage"))
        store.close()
        options = [o for o in app.turn_view().moves if o.available]
        assert options
        assert app.submit(options[0].action) is False
        await settle(pilot)
        assert app.table.position == before + 1  # refreshed onto the facilitator's change
        assert any("acted first" in n.message for n in app._notifications)


@pytest.mark.parametrize("seat", ["northport", "observer"])
async def test_teams_and_the_projector_have_no_facilitator_controls(
    tmp_path: Path, seat: str
) -> None:
    db, _, codes = _table(tmp_path)
    app = _app(db, tmp_path, codes[seat])
    async with app.run_test(size=SIZE) as pilot:
        await _until_joined(pilot)
        for action in ("undo", "inject", "adjust", "end_phase", "debrief", "save", "export"):
            assert app.check_action(action, ()) is False, action


async def _both_on_their_turn_screens(apps: Sequence[SeatApp], pilots: list[Pilot[int]]) -> None:
    """Both seats at their turn screens and at the same log position: a seat with a dialog
    open does not fold in other seats' records until it closes."""
    for _ in range(60):
        tables = [app.table for app in apps]
        on_turn = [isinstance(app.screen, GameScreen) for app in apps]
        positions = {table.position for table in tables if table is not None}
        if all(on_turn) and len(positions) == 1:
            return
        for pilot, ready in zip(pilots, on_turn, strict=True):
            if ready:
                await pilot.pause(0.05)
            else:
                await step(pilot)
    raise AssertionError("the seats never settled on their turn screens")


async def test_the_umpire_pauses_and_extends_the_timer_on_every_screen(tmp_path: Path) -> None:
    # Real time, as at a real table: the timers count from the store's timestamps.
    db, _, codes = _table(tmp_path, phase_seconds=300.0)
    umpire = _app(db, tmp_path, codes["umpire"], clock=WallClock())
    north = _app(db, tmp_path, codes["northport"], clock=WallClock())
    async with _running([umpire, north]) as pilots:
        for pilot in pilots:
            await _until_joined(pilot)
        await _both_on_their_turn_screens([umpire, north], pilots)
        assert north.table is not None
        started = north.table.phase_started
        assert north.timer.enabled and not north.timer.paused
        assert north.timer.remaining(started) == 300
        await pilots[0].press("space")
        await settle(pilots[0])
        assert umpire.timer.paused
        await _until(pilots[1], lambda: north.timer.paused)
        frozen = north.timer.remaining(time.time())
        # Paused: no time passes for anyone, however long the room waits.
        assert north.timer.remaining(time.time() + 3600) == frozen
        await pilots[0].press("plus")
        await settle(pilots[0])
        await _until(pilots[1], lambda: north.timer.remaining(time.time()) > frozen + 60)
        assert north.timer.remaining(time.time()) == pytest.approx(frozen + 120, abs=0.01)
        # A team's space bar does nothing to the shared timer.
        await pilots[1].press("space")
        await settle(pilots[1])
        assert north.timer.paused and umpire.timer.paused


async def test_the_umpire_pauses_the_timer_before_the_clock_first_ticks(tmp_path: Path) -> None:
    # The timer exists from the moment the phase does, not from the clock's first redraw:
    # `space` right after a phase began used to do nothing for up to a second.
    db, _, codes = _table(tmp_path, phase_seconds=300.0)
    umpire = _app(db, tmp_path, codes["umpire"], clock=WallClock())
    umpire.TICK_SECONDS = 3600.0  # the clock never ticks during this test
    async with _running([umpire]) as pilots:
        await _until_joined(pilots[0])
        await _both_on_their_turn_screens([umpire], pilots)
        assert umpire.timer.enabled and not umpire.timer.paused
        await pilots[0].press("space")
        await settle(pilots[0])
        assert umpire.timer.paused


@pytest.mark.parametrize("bad", [float("inf"), 1e308, float("nan"), -60.0, "ten"])
async def test_a_seat_survives_a_timer_value_no_dialog_accepts(tmp_path: Path, bad: object) -> None:
    # Such values were stored by older versions (the dialog and --phase-minutes took any
    # float) and crashed every seat on join, for good.
    db, table_id, codes = _table(tmp_path, phase_seconds=bad)  # type: ignore[arg-type]
    store = open_store(db)
    table = Table.join(store, table_id, codes["umpire"])
    table.clock_op("set", 120.0)
    table.clock_op("extend", bad)  # type: ignore[arg-type]
    table.clock_op("set", bad)  # type: ignore[arg-type]
    table.leave()
    store.close()
    for seat in ("umpire", "northport"):
        app = _app(db, tmp_path, codes[seat], clock=WallClock())
        async with _running([app]) as pilots:
            await _until_joined(pilots[0])
            await _both_on_their_turn_screens([app], pilots)
            # The sane record stands; the bad ones are passed over.
            assert app.table is not None
            assert app.timer.enabled
            assert app.timer.remaining(app.table.phase_started) == 120
            timer = app.turn_view().timer
            assert timer is not None and "⏱" in timer.plain


async def test_the_umpire_cannot_set_a_timer_no_seat_could_show(tmp_path: Path) -> None:
    db, _, codes = _table(tmp_path, phase_seconds=300.0)
    umpire = _app(db, tmp_path, codes["umpire"], clock=WallClock())
    async with _running([umpire]) as pilots:
        await _until_joined(pilots[0])
        await _both_on_their_turn_screens([umpire], pilots)
        assert umpire.table is not None
        for typed in ("inf", "1e308", "-3", "soon"):
            records = len(umpire.table.clock)
            umpire.action_set_timer()
            await settle(pilots[0])
            await pilots[0].press(*typed, "enter")
            await settle(pilots[0])
            assert len(umpire.table.clock) == records, typed
            assert isinstance(umpire.screen, GameScreen)
            notices = [n.message for n in umpire._notifications]
            assert "0 to 1440 minutes" in notices[-1] or "not a number" in notices[-1]
        assert umpire.timer.remaining(umpire.table.phase_started) == 300


@pytest.mark.parametrize("content", [None, b"not a database" * 50])
async def test_a_missing_or_foreign_database_shows_why_instead_of_a_traceback(
    tmp_path: Path, content: bytes | None
) -> None:
    from wargame.tui.screens.problems import ProblemsScreen

    db = tmp_path / "nope.db"
    if content is not None:
        db.write_bytes(content)
    app = _app(db, tmp_path, "ABCD-EFGH")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        assert app.exit_status == 1
    if content is not None:
        assert db.read_bytes() == content
