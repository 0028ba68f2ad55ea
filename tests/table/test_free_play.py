"""Free play at a shared table (issue 24): a hosted Greenland game, played through the seat
protocol, in which Denmark proposes a free action, the umpire rules it within the levers and
writes news for the European seats only, and teams exchange private messages; its report
shows each of these to the seats that may read it and to no other. A seat proposes, argues
and writes only as itself and only in channels it belongs to.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from wargame.engine import (
    UMPIRE,
    Action,
    ArgueFree,
    Pass,
    ProposeFree,
    RuleFree,
    Viewer,
    WriteInject,
    action_to_dict,
    awaiting_ruling,
)
from wargame.engine.work import fmt
from wargame.errors import IllegalActionError
from wargame.report import write_report
from wargame.report.from_session import session_report
from wargame.report.model import Report
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_text
from wargame.session import ALL, Seat, Session
from wargame.table import LogStore, StoreError, Table
from wargame.table.records import OBSERVER_SEAT, UMPIRE_SEAT
from wargame.table.replica import create_table

from .conftest import GREENLAND

HUMANS = ("president", "denmark", "uk")
SEATS = (*HUMANS, UMPIRE_SEAT, OBSERVER_SEAT)
PATROLS = "Offer joint Arctic patrols under NATO command"
NEWS = "Danish intelligence: Russian submarine off Nuuk"
SECRET_NEWS_TEXT = "Shared with European capitals only"
TO_UK = "Back our patrol offer at the Council <script>alert(1)</script>"
TO_DENMARK = "London will back you; say nothing to Washington yet"
TO_UMPIRE = "Is a naval blockade within the rules?"


@functools.cache
def greenland() -> ScenarioIR:
    """Greenland, with levers (appended unless the shipped file declares them)."""
    text = GREENLAND.read_text(encoding="utf-8")
    if "\nlevers:" not in text:
        text += "\nlevers: {escalation: 2, trust: 10, commitment: 5}\n"
    return load_text(text, "greenland.yaml")


def texts(report: Report) -> str:
    """Every string and number of the report, one per line."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out.append(fmt(float(value)))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(report)
    return "\n".join(out)


def host(store: LogStore) -> dict[str, Table]:
    s = greenland()
    seats = {a: Seat(a, "human", team=s.actor(a).name) for a in HUMANS}
    session = Session(s, seed=5, seats=seats, umpire=Seat("umpire", "human"))
    info, _ = create_table(store, session)
    return {seat: Table(store, info.id, seat=seat) for seat in SEATS}


def due(tables: dict[str, Table]) -> str | None:
    umpire = tables[UMPIRE_SEAT]
    umpire.sync()
    umpire.run_bots()
    who = umpire.session.to_act
    if who is None:
        return None
    return UMPIRE_SEAT if who == UMPIRE else umpire.session.scenario.actors[who].id


def act(tables: dict[str, Table], seat: str, action: Action) -> None:
    table = tables[seat]
    table.sync()
    table.submit(action)


def play_until(tables: dict[str, Table], seat: str) -> None:
    """Bots play; people pass and the umpire confirms, until `seat` must act (the umpire:
    to rule on a free action)."""
    for _ in range(500):
        now = due(tables)
        if now == seat and (seat != UMPIRE_SEAT or awaiting_ruling(tables[seat].session.state)):
            return
        assert now is not None, f"the game ended before {seat} was due"
        table = tables[now]
        table.sync()
        table.submit(table.session.legal_actions()[0 if now == UMPIRE_SEAT else -1])
    raise AssertionError(f"{seat} never became due")


def refused(table: Table, words: str, attempt: object) -> None:
    before = table.store.length(table.table_id)
    with pytest.raises(IllegalActionError, match=re.escape(words)):
        attempt()  # type: ignore[operator]
    assert table.store.length(table.table_id) == before


def test_a_hosted_game_with_free_play_reports_each_part_to_whom_it_belongs(
    store: LogStore, tmp_path: Path
) -> None:
    tables = host(store)
    play_until(tables, "denmark")
    denmark, uk, president = tables["denmark"], tables["uk"], tables["president"]
    umpire, observer = tables[UMPIRE_SEAT], tables[OBSERVER_SEAT]

    # Denmark proposes; the others argue within the phase; teams talk in private.
    denmark.sync()
    seen = denmark.submit(
        ProposeFree(
            "denmark",
            PATROLS,
            ("It answers the security case without a transfer",),
            (("escalation", -1), ("trust[us][denmark]", 5)),
        )
    )
    assert [e.kind for e in seen] == ["proposal"]
    president.sync()
    president.submit(ArgueFree("president", 1, "Patrols are not ownership", "against"))
    uk.sync()
    uk.submit(ArgueFree("uk", 1, "It keeps NATO whole", "for"))
    denmark.send_message("uk", TO_UK)  # no sync needed: a message goes at the end
    uk.sync()
    assert [m.text for m in uk.messages] == [TO_UK]  # delivered to the seat it was for
    uk.send_message("denmark", TO_DENMARK)
    president.sync()
    president.send_message(UMPIRE, TO_UMPIRE)
    umpire.sync()
    umpire.send_message("president", "Only as a ruling: propose it")
    assert [m.text for m in president.messages] == [TO_UMPIRE]
    president.sync()
    assert len(president.messages) == 2 and not any(TO_UK in m.text for m in president.messages)

    # The umpire writes news for the European seats only, with a change within the levers.
    umpire.sync()
    europeans = tuple(a.id for a in greenland().actors if a.side == "europe")
    umpire.submit(WriteInject(NEWS, SECRET_NEWS_TEXT, europeans, (("trust[europe][us]", -4),)))

    # The phase closes; the umpire rates each argument and chooses changes within levers.
    play_until(tables, UMPIRE_SEAT)
    waiting = awaiting_ruling(umpire.session.state)
    assert waiting is not None and waiting.text == PATROLS
    too_far = RuleFree(1, ("strong", "neutral", "strong"), "dice", (("escalation", -3),))
    refused(umpire, "moves Escalation by at most 2, not 3", lambda: umpire.submit(too_far))
    escalation = umpire.session.state.vars[0]
    umpire.submit(
        RuleFree(1, ("strong", "weak", "strong"), "success", (("escalation", -2),), "a real offer")
    )
    assert umpire.session.state.vars[0] == max(0.0, escalation - 2)

    # Play on to the end: every replica agrees.
    for _ in range(2000):
        now = due(tables)
        if now is None:
            break
        table = tables[now]
        table.sync()
        table.submit(table.session.legal_actions()[0 if now == UMPIRE_SEAT else -1])
    for table in tables.values():
        table.sync()
        assert table.session.state == umpire.session.state
        assert table.session.messages == umpire.session.messages
    assert umpire.session.is_over

    session = umpire.session
    s = session.scenario
    index = s.names.actors
    copies: dict[Viewer, str] = {
        viewer: texts(session_report(session, viewer=viewer))
        for viewer in (UMPIRE, index["denmark"], index["uk"], index["president"], "observer")
    }
    everything = copies[UMPIRE]
    for part in (PATROLS, "a real offer", NEWS, SECRET_NEWS_TEXT, TO_UK, TO_DENMARK, TO_UMPIRE):
        assert part in everything, part
    for seat in ("denmark", "uk"):
        mine = copies[index[seat]]
        assert PATROLS in mine and NEWS in mine and SECRET_NEWS_TEXT in mine
        assert TO_UK in mine and TO_DENMARK in mine
        assert TO_UMPIRE not in mine
    american = copies[index["president"]]
    assert PATROLS in american and "a real offer" in american  # free actions are public
    assert NEWS not in american and SECRET_NEWS_TEXT not in american
    assert "wrote news meant for other seats" in american
    assert TO_UK not in american and TO_DENMARK not in american and TO_UMPIRE in american
    projector = copies["observer"]
    assert PATROLS in projector
    for private in (NEWS, TO_UK, TO_DENMARK, TO_UMPIRE):
        assert private not in projector
    # The facilitator opens the channels for the debrief: the projector reads them all.
    umpire.set_channels(debrief=True)
    observer.sync()
    assert TO_UK in texts(session_report(observer.session, viewer="observer"))

    # Written out, a message is text: escaped, never markup.
    written = write_report(session_report(session), tmp_path / "report.html")[0]
    html = written.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_seat_proposes_argues_and_writes_only_as_itself(store: LogStore) -> None:
    tables = host(store)
    play_until(tables, "denmark")
    president, denmark, observer = tables["president"], tables["denmark"], tables[OBSERVER_SEAT]
    for table in tables.values():
        table.sync()
    refused(
        president,
        "this screen plays president, not denmark",
        lambda: president.submit(ProposeFree("denmark", "In Denmark's name")),
    )
    refused(
        president,
        "this screen plays president, not russia",
        lambda: president.submit(ProposeFree("russia", "For a bot")),
    )
    denmark.submit(ProposeFree("denmark", PATROLS))
    president.sync()
    refused(
        president,
        "this screen plays president, not uk",
        lambda: president.submit(ArgueFree("uk", 1, "In London's name")),
    )
    for action in (
        RuleFree(1, ("neutral",)),
        WriteInject("Fake news"),
    ):
        refused(president, "only the umpire may do that", lambda a=action: president.submit(a))
    refused(observer, "the observer seat watches", lambda: observer.submit(Pass("uk")))
    refused(observer, "does not write", lambda: observer.send_message(ALL, "hello room"))
    refused(president, "only the umpire writes to all", lambda: president.send_message(ALL, "x"))
    refused(president, "goes to someone else", lambda: president.send_message("president", "x"))
    tables[UMPIRE_SEAT].sync()
    tables[UMPIRE_SEAT].set_channels(open=False)
    president.sync()
    refused(president, "closed the channels", lambda: president.send_message("uk", "psst"))
    refused(president, "only the umpire may do that", lambda: president.set_channels(open=True))


def test_a_message_record_written_in_another_seats_name_is_refused(store: LogStore) -> None:
    """Whoever holds the database could append a message as another team: every replica
    refuses the record rather than show it."""
    tables = host(store)
    president = tables["president"]
    store.append(
        president.table_id,
        president.position,
        "message",
        {"from": "denmark", "to": "uk", "text": "forged"},
        seat="president",
    )
    with pytest.raises(StoreError, match="the president seat wrote as 'denmark'"):
        Table(store, president.table_id, seat="uk")


def test_free_play_records_replay_from_the_store(store: LogStore) -> None:
    tables = host(store)
    play_until(tables, "denmark")
    denmark = tables["denmark"]
    denmark.sync()
    action = ProposeFree("denmark", PATROLS, (), (("escalation", -1),))
    denmark.submit(action)
    fresh = Table(store, denmark.table_id, seat=OBSERVER_SEAT)
    assert fresh.session.state == denmark.session.state
    assert action_to_dict(fresh.session.log[-1].action) == action_to_dict(action)
