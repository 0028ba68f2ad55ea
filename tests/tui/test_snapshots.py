"""Snapshot tests: one picture per screen, at 80x24 (the minimum) and 160x50 (a projector).

Animations are off, cursors do not blink, the clock is manual and the seed fixed, and
nothing time-stamped is shown, so each SVG is the same on every run. Update them with
`pytest tests/tui/test_snapshots.py --snapshot-update` only after looking at the report.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from wargame.session import EVERY_DRAW
from wargame.tui.app import PlayOptions, WargameApp
from wargame.tui.clock import ManualClock
from wargame.tui.screens.adjudication import AdjudicationScreen
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.module import ModuleScreen

from .conftest import FIXTURES, no_blink, settle
from .driver import play_until
from .rulings import SEIZURE
from .test_move_numbers import red_blockades, red_in_turn_2

SnapCompare = Callable[..., bool]

SIZES = {"small": (80, 24), "large": (160, 50)}


def build(tmp_path: Path, *, resume: Path | None = None, **overrides: object) -> WargameApp:
    scenario = tmp_path / "strait.yaml"
    if not scenario.exists():
        shutil.copy(FIXTURES / "strait.yaml", scenario)
    options: dict[str, object] = {
        "path": None if resume else scenario,
        "resume": resume,
        "seed": 7,
        "cwd": tmp_path,
        "clock": ManualClock(),
        "include_shipped": False,
        "autosave": False,
    }
    options.update(overrides)
    return WargameApp(PlayOptions(**options))  # type: ignore[arg-type]


def keys(*presses: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    """A `run_before` that presses keys (settling after each) then stops cursor blink."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        for key in presses:
            await press_through(pilot, key)
        assert isinstance(pilot.app, WargameApp)
        no_blink(pilot.app)
        quiet(pilot.app)
        await pilot.pause()

    return run_before


async def press_through(pilot: Pilot[int], key: str) -> None:
    """Press `key`; an Enter at a briefing means "begin": on a screen too short for the
    whole briefing Enter reads on a page at a time, so it is pressed until the briefing
    is gone (waiting for that, not for a number of presses)."""
    briefing = pilot.app.screen if isinstance(pilot.app.screen, BriefingScreen) else None
    await pilot.press(key)
    await settle(pilot)
    for _ in range(30):
        if key != "enter" or briefing is None or pilot.app.screen is not briefing:
            return
        await pilot.press("enter")
        await settle(pilot)
    raise AssertionError("the briefing did not end after 30 pages")


def quiet(app: WargameApp) -> None:
    """Take the notices down: they time out on the wall clock, so a snapshot taken on a
    slow machine would catch one only sometimes ("Sent: ..." after every move)."""
    app.clear_notifications()


def until(
    done: Callable[[WargameApp], bool], *presses: str
) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Press `presses`, then play with keys until `done(app)`."""

    async def run_before(pilot: Pilot[int]) -> None:
        await keys(*presses)(pilot)
        await play_until(pilot, done)
        assert isinstance(pilot.app, WargameApp)
        no_blink(pilot.app)
        quiet(pilot.app)
        await pilot.pause()

    return run_before


def screen_is(name: str) -> Callable[[WargameApp], bool]:
    return lambda app: type(app.screen).__name__ == name


@pytest.fixture(params=sorted(SIZES))
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return SIZES[request.param]


class TestBeforePlay:
    def test_start_screen(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """The scenario list with the fixture highlighted and its summary beside it."""
        shutil.copy(FIXTURES / "strait.yaml", tmp_path / "strait.yaml")
        app = build(tmp_path, path=None)
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_problems_screen(
        self,
        snap_compare: SnapCompare,
        tmp_path: Path,
        size: tuple[int, int],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A broken file: each problem with file:line:col, the source line, a caret, a hint."""
        (tmp_path / "bad.yaml").write_text(
            "wargame: 1\nid: Bad Id\ntitle: x\nturns: 3\n", encoding="utf-8"
        )
        monkeypatch.chdir(tmp_path)  # positions then read `bad.yaml:2:5`, not a temp path
        app = build(tmp_path, path=Path("bad.yaml"))
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_content_note(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """The scenario's content note, centred, before anything else."""
        assert snap_compare(build(tmp_path), terminal_size=size, run_before=keys())

    def test_setup(self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
        """Seats (Blue human, others bots), umpire choice and seed, Start focused."""
        app = build(tmp_path)
        assert snap_compare(app, terminal_size=size, run_before=keys("enter"))

    def test_setup_help(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """`?` on the setup screen: the setup screen's keys."""
        app = build(tmp_path)
        assert snap_compare(app, terminal_size=size, run_before=keys("enter", "question_mark"))

    def test_briefing(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """Blue's public and private briefing and objectives."""
        app = build(tmp_path)
        assert snap_compare(app, terminal_size=size, run_before=keys("enter", "enter"))


class TestPlay:
    def test_turn(self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
        """Turn 1 for Blue: header, dashboard, situation, moves with preview, log."""
        app = build(tmp_path)
        assert snap_compare(app, terminal_size=size, run_before=keys("enter", "enter", "enter"))

    def test_what_moves_a_chance(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """A chance computed from the state: under its odds, what raises and lowers them
        (at their floor here, and the line says so)."""
        text = (FIXTURES / "strait.yaml").read_text(encoding="utf-8")
        computed = (
            'p: "clamp(-0.3 + (6 - tension) / 10 + (0.25 if flags.blockade else 0)'
            ' + (trust(red, blue) - 50) / 100, 0.05, 0.85)"'
        )
        (tmp_path / "strait.yaml").write_text(
            text.replace("p: 0.5,", computed + ",", 1), encoding="utf-8"
        )
        app = build(tmp_path)
        assert snap_compare(
            app, terminal_size=size, run_before=keys("enter", "enter", "enter", "down")
        )

    def test_turn_with_timer(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """The phase timer in the header, in its warning colours."""
        app = build(tmp_path, phase_seconds=90.0)

        async def run_before(pilot: Pilot[int]) -> None:
            await keys("enter", "enter", "enter")(pilot)
            assert isinstance(pilot.app, WargameApp)
            pilot.app.tick()
            clock = pilot.app.options.clock
            assert isinstance(clock, ManualClock)
            clock.advance(45)
            pilot.app.tick()
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_handover(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """Hot-seat: "Pass to Team Red", nothing of Blue's view showing."""
        app = build(tmp_path)
        assert snap_compare(
            app,
            terminal_size=size,
            run_before=keys("enter", "h", "enter", "enter", "enter", "1", "1"),
        )

    def test_move_waiting_for_enter(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """A number pressed: the move is armed, its preview asks before it is sent."""
        app = build(tmp_path)
        assert snap_compare(
            app, terminal_size=size, run_before=keys("enter", "enter", "enter", "1")
        )

    def test_a_closed_move_keeps_its_number(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """Red in turn 2, its blockade in force: the probe is still 2, the appeal 3, the
        blockade listed closed as 1, and the probe armed with 2."""
        app = build(tmp_path)

        async def run_before(pilot: Pilot[int]) -> None:
            await keys("enter", "h", "enter")(pilot)
            await play_until(pilot, red_in_turn_2, choose=red_blockades)
            await pilot.press("2")
            await settle(pilot)
            assert isinstance(pilot.app, WargameApp)
            no_blink(pilot.app)
            quiet(pilot.app)
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_news_flash(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """An inject arrives as a modal news flash with its effects."""
        app = build(tmp_path)
        assert snap_compare(
            app, terminal_size=size, run_before=until(screen_is("NewsFlash"), "enter", "enter")
        )

    def test_adjudication(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """Umpire mode: the dice, modifiers, the proposal, confirm or override."""
        app = build(tmp_path, umpire=True)

        def choose_probe(app: WargameApp) -> str:
            return "2" if app.viewer == 1 else "1"

        async def run_before(pilot: Pilot[int]) -> None:
            await keys("enter", "h", "enter")(pilot)
            assert isinstance(pilot.app, WargameApp) and pilot.app.session is not None
            pilot.app.session.umpire_rules = EVERY_DRAW  # Red's chance draw to the umpire
            await play_until(pilot, screen_is("AdjudicationScreen"), choose=choose_probe)
            assert isinstance(pilot.app, WargameApp)
            no_blink(pilot.app)
            quiet(pilot.app)
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_long_ruling(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """Greenland's seizure ruled on: three outcomes and their effects scroll, the
        reason and the buttons stay docked in view (at 80x24 they were cut off)."""
        app = build(tmp_path, umpire=True)

        def choose_probe(app: WargameApp) -> str:
            return "2" if app.viewer == 1 else "1"

        async def run_before(pilot: Pilot[int]) -> None:
            await keys("enter", "h", "enter")(pilot)
            assert isinstance(pilot.app, WargameApp) and pilot.app.session is not None
            pilot.app.session.umpire_rules = EVERY_DRAW
            await play_until(pilot, screen_is("AdjudicationScreen"), choose=choose_probe)
            assert isinstance(pilot.app, WargameApp)
            ruling = pilot.app.screen
            assert isinstance(ruling, AdjudicationScreen)
            ruling.show(SEIZURE, 6, pilot.app.turn_view().dashboard)
            await settle(pilot)
            no_blink(pilot.app)
            quiet(pilot.app)
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_help(self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
        """The `?` screen over the game."""
        app = build(tmp_path)
        assert snap_compare(
            app, terminal_size=size, run_before=keys("enter", "enter", "enter", "question_mark")
        )

    def test_command_palette(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """ctrl+p over the game: the palette composed ahead, with the facilitator's commands."""
        app = build(tmp_path)
        assert snap_compare(
            app, terminal_size=size, run_before=keys("enter", "enter", "enter", "ctrl+p")
        )

    def test_debrief(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """The ending, trends, objectives, questions, timeline and notes."""
        app = build(tmp_path)
        assert snap_compare(
            app, terminal_size=size, run_before=until(screen_is("DebriefScreen"), "enter", "enter")
        )

    def test_turn_light_theme(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        """The turn screen in the light theme (for bright rooms)."""
        app = build(tmp_path)
        assert snap_compare(
            app, terminal_size=(160, 50), run_before=keys("enter", "enter", "enter", "t")
        )


DRILL = Path(__file__).resolve().parents[1] / "fixtures" / "exercise" / "drill.yaml"


def build_drill(tmp_path: Path) -> WargameApp:
    """The exercise drill at a hot-seat screen with a human umpire."""
    shutil.copy(DRILL, tmp_path / "drill.yaml")
    return build(tmp_path, path=tmp_path / "drill.yaml", umpire=True)


def module_page(notes: bool) -> Callable[[WargameApp], bool]:
    """The module's page as the room reads it, or with the notes behind the curtain."""

    def done(app: WargameApp) -> bool:
        screen = app.screen
        return isinstance(screen, ModuleScreen) and bool(screen.page.notes) == notes

    return done


def umpire_plays_by_hand(app: WargameApp) -> bool:
    return isinstance(app.screen, GameScreen) and "by hand" in app.turn_view().moves_title


class TestExercise:
    def test_setup_lists_non_player_actors(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """The arsonist below the cell, played by the author's weights."""
        assert snap_compare(build_drill(tmp_path), terminal_size=size, run_before=keys())

    def test_exercise_details_form(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """`x` at setup: the details (the scenario's sponsor greyed) and the roster."""
        assert snap_compare(build_drill(tmp_path), terminal_size=size, run_before=keys("x"))

    def test_module_opens_for_the_room(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """Module 1's page: where it stands, text, objectives, questions; no notes."""
        app = build_drill(tmp_path)
        run = until(module_page(notes=False), "enter")
        assert snap_compare(app, terminal_size=size, run_before=run)

    def test_module_notes_behind_the_curtain(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """The same page after the curtain: the guides and the facilitator's notes."""
        app = build_drill(tmp_path)
        run = until(module_page(notes=True), "enter")
        assert snap_compare(app, terminal_size=size, run_before=run)

    def test_umpire_plays_an_actor_by_hand(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """After T: the arsonist's moves on the umpire's turn screen."""
        app = build_drill(tmp_path)

        async def run_before(pilot: Pilot[int]) -> None:
            await until(screen_is("GameScreen"), "enter")(pilot)
            await keys("T", "enter", "enter")(pilot)
            await until(umpire_plays_by_hand)(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)
