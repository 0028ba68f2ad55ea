"""Issue 24's Done-when at screen level: a hosted Greenland game whose seats are real
`SeatApp`s driven by keys. Denmark proposes a free action at its screen, teams write to
each other at theirs, the umpire writes news for the European seats only and rules on the
free action with changes within the levers; Denmark's screen shows how it was ruled. The
rest of the game is played through the seat protocol (tables in the test), and each seat's
report shows each part to the seats that may read it and to no other.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList, Static

from tests.table.test_free_play import due, play_until, texts
from wargame.engine import UMPIRE, ProposeFree, RuleFree, Viewer, WriteInject
from wargame.report.from_session import session_report
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session
from wargame.table import Table, open_store
from wargame.table.records import OBSERVER_SEAT, UMPIRE_SEAT
from wargame.table.replica import create_table
from wargame.tui.screens.channels import ChannelsScreen
from wargame.tui.screens.dialogs import ResultDialog
from wargame.tui.screens.freeplay import (
    FreePlayScreen,
    FreeRulingScreen,
    ProposeDialog,
    WriteNewsDialog,
)
from wargame.tui.screens.game import GameScreen
from wargame.tui.seat_app import SeatApp

from .conftest import SCENARIOS, settle, until
from .test_seat_app import _app, _running, _until_joined

HUMANS = ("president", "denmark", "uk")
PATROLS = "Offer joint Arctic patrols under NATO command"
NEWS = "Danish intelligence: Russian submarine off Nuuk"
NEWS_TEXT = "Shared with European capitals only"
TO_UK = "Back our patrol offer at the Council"
TO_DENMARK = "London will back you; say nothing to Washington yet"
REASON = "A real offer the White House can accept"


def received(app: SeatApp) -> list[str]:
    """The messages the seat's replica holds (those it may read)."""
    return [m.text for m in app.table.messages] if app.table is not None else []


def shown(app: SeatApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def to_game_screen(pilot: Pilot[int]) -> None:
    """Read through what the seat is shown (briefings, news, results) to its game screen."""
    app = pilot.app
    assert isinstance(app, SeatApp)
    for _ in range(200):
        if isinstance(app.screen, GameScreen) and not app.presenting and not app.busy:
            return
        if isinstance(app.screen, GameScreen):
            await pilot.pause(0.05)
        else:
            await pilot.press("enter")
        await settle(pilot)
    raise AssertionError(f"{type(app.screen).__name__} never gave way to the game")


async def write(pilot: Pilot[int], to: str, text: str) -> None:
    """Open the messages at the seat's screen and send `text` to `to`."""
    await to_game_screen(pilot)
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChannelsScreen)
    screen.query_one("#to", Select).value = to  # chosen from the list of recipients
    screen.query_one("#message", Input).focus()
    await pilot.press(*text, "enter")
    await settle(pilot)


async def test_a_hosted_greenland_game_with_free_play_at_the_seats_screens(
    tmp_path: Path,
) -> None:
    scenario = load_scenario(SCENARIOS / "greenland.yaml")
    assert scenario.levers.variables and scenario.levers.trust  # the shipped file's levers
    seats = {a: Seat(a, "human", team=scenario.actor(a).name) for a in HUMANS}
    session = Session(scenario, seed=5, seats=seats, umpire=Seat("umpire", "human"))
    db = tmp_path / "greenland.table.db"
    store = open_store(db, create=True)
    info, codes = create_table(store, session)
    drivers = {seat: Table(store, info.id, seat=seat) for seat in (*HUMANS, UMPIRE_SEAT)}
    play_until(drivers, "denmark")  # the bots' and the others' turns, as in class
    europeans = tuple(a.id for a in scenario.actors if a.side == "europe")

    apps = [_app(db, tmp_path, codes[seat]) for seat in ("denmark", "uk", "president", "umpire")]
    denmark, uk, president, umpire = apps
    async with _running(apps) as pilots:
        for pilot in pilots:
            await _until_joined(pilot)
        p_denmark, p_uk, p_president, p_umpire = pilots
        for pilot in pilots:
            await to_game_screen(pilot)

        # Denmark proposes at its screen: its words, an argument, a change within levers.
        await p_denmark.press("f")
        await settle(p_denmark)
        assert isinstance(denmark.screen, FreePlayScreen)
        await p_denmark.press("p")
        await settle(p_denmark)
        dialog = denmark.screen
        assert isinstance(dialog, ProposeDialog)
        await p_denmark.press(*PATROLS, "enter", *"It answers the security case", "enter")
        dialog.query_one("#lever", Select).value = "escalation"
        dialog.query_one("#amount", Input).focus()
        await p_denmark.press("minus", "1", "enter", "ctrl+s")
        await settle(p_denmark)
        proposed = denmark.session.log_entries[-1].action  # type: ignore[union-attr]
        assert isinstance(proposed, ProposeFree) and proposed.actor == "denmark"
        assert proposed.effects == (("escalation", -1.0),)

        # Denmark and the UK write to each other; Washington's screen never shows it.
        await write(p_denmark, "uk", TO_UK)
        await until(p_uk, lambda: TO_UK in received(uk), "the message never came")
        await write(p_uk, "denmark", TO_DENMARK)
        await until(p_denmark, lambda: TO_DENMARK in received(denmark), "no reply came")
        for pilot in (p_denmark, p_uk):
            await pilot.press("escape")
            await settle(pilot)
        await until(p_president, lambda: president.table.position == uk.table.position, "sync")  # type: ignore[union-attr]
        assert not {TO_UK, TO_DENMARK} & set(received(president))

        # The umpire writes news for the European seats only, moving a trust within levers.
        await to_game_screen(p_umpire)
        await p_umpire.press("w")
        await settle(p_umpire)
        news = umpire.screen
        assert isinstance(news, WriteNewsDialog)
        await p_umpire.press(*NEWS, "enter", *NEWS_TEXT, "enter")
        readers = news.query_one("#readers", SelectionList)
        for actor in scenario.actors:
            if actor.id not in europeans:
                readers.deselect(actor.id)
        news.query_one("#lever", Select).value = "trust[europe][us]"
        news.query_one("#amount", Input).focus()
        await p_umpire.press("minus", "4", "enter", "ctrl+s")
        await settle(p_umpire)
        written = umpire.session.log_entries[-1].action  # type: ignore[union-attr]
        assert isinstance(written, WriteInject) and set(written.to or ()) == set(europeans)

        # The phase closes (the others' turns, through the tables); the umpire's screen
        # rules: each argument rated, the changes asked for kept, a reason for the debrief.
        for table in drivers.values():
            table.sync()
        play_until(drivers, UMPIRE_SEAT)
        for _ in range(400):
            if isinstance(umpire.screen, FreeRulingScreen):
                break
            if not isinstance(umpire.screen, GameScreen):
                await p_umpire.press("enter")
            await settle(p_umpire)
        ruling = umpire.screen
        assert isinstance(ruling, FreeRulingScreen)
        assert PATROLS in shown(umpire)
        await p_umpire.press("s", "s")
        ruling.query_one("#verdict", Select).value = "success"
        ruling.query_one("#reason", Input).focus()
        await p_umpire.press(*REASON, "ctrl+s")
        await settle(p_umpire)
        assert umpire.session is not None
        [ruled] = [e.action for e in umpire.session.log_entries if isinstance(e.action, RuleFree)]
        assert ruled.effects == (("escalation", -1.0),) and ruled.reason == REASON

        # Denmark's screen shows how it was ruled, in words.
        for _ in range(400):
            if "Result: your free action" in shown(denmark):
                break
            if not isinstance(denmark.screen, GameScreen):
                await p_denmark.press("enter")
            await settle(p_denmark)
        assert isinstance(denmark.screen, ResultDialog)
        card = shown(denmark)
        assert f"Success: “{PATROLS}”" in card and f"The umpire's reason: {REASON}" in card
        assert "Escalation" in card

    # The rest of the game through the seat protocol; then each seat's report.
    for _ in range(3000):
        now = due(drivers)
        if now is None:
            break
        table = drivers[now]
        table.sync()
        table.submit(table.session.legal_actions()[0 if now == UMPIRE_SEAT else -1])
    copies: dict[str, str] = {}
    for seat in (*HUMANS, UMPIRE_SEAT, OBSERVER_SEAT):
        replica = Table(store, info.id, seat=seat)
        assert replica.session.is_over
        viewer: Viewer = UMPIRE if seat == UMPIRE_SEAT else replica.viewer
        copies[seat] = texts(session_report(replica.session, viewer=viewer))
    for part in (PATROLS, REASON, NEWS, NEWS_TEXT, TO_UK, TO_DENMARK):
        assert part in copies[UMPIRE_SEAT], part
    for seat in ("denmark", "uk"):
        for part in (PATROLS, REASON, NEWS, NEWS_TEXT, TO_UK, TO_DENMARK):
            assert part in copies[seat], (seat, part)
    assert PATROLS in copies["president"] and REASON in copies["president"]
    assert not any(p in copies["president"] for p in (NEWS, NEWS_TEXT, TO_UK, TO_DENMARK))
    assert PATROLS in copies[OBSERVER_SEAT]
    assert not any(p in copies[OBSERVER_SEAT] for p in (NEWS, TO_UK, TO_DENMARK))
    store.close()
