"""One conformance suite for every log store: SQLite and PostgreSQL keep the same promises.

Tables are created, listed and read back exactly; an append lands only at the position it
names (else Conflict, nothing written); a seat has one holder, the newest join wins; join
codes open the right seat whatever the case or dashes, and every wrong code reads the same.
"""

from __future__ import annotations

import time

import pytest

from wargame.errors import WargameError
from wargame.scenario.ir import ScenarioIR
from wargame.table import (
    Conflict,
    JoinRefused,
    LogStore,
    SeatTaken,
    StoreError,
    Table,
    TableInfo,
    hash_code,
    new_code,
    normalise_code,
    open_store,
)
from wargame.table.codes import find_seat, legacy_hash, new_salt
from wargame.table.records import JOIN_TRIES_PER_CLIENT, JOIN_TRIES_PER_TABLE
from wargame.table.replica import REFUSED, THROTTLED, create_table

from .conftest import greenland_session, plain_info

# -- tables ----------------------------------------------------------------------------------


def test_a_new_store_holds_no_table(store: LogStore) -> None:
    assert store.table_ids() == []
    with pytest.raises(StoreError, match=r"no table 'nope' \(tables: none\)"):
        store.table("nope")


def test_tables_read_back_exactly_and_list_oldest_first(store: LogStore) -> None:
    document = {"title": "Grönland", "nested": {"list": [1, 2.5, None, True]}, "z": "", "a": 0}
    first = TableInfo("b-first", document, 1000.25, {"phase_seconds": 90})
    second = TableInfo("a-second", {"kind": "test"}, 2000.5, {})
    store.create_table(first, {"president": "h1", "umpire": "h2"})
    store.create_table(second, {})
    assert store.table_ids() == ["b-first", "a-second"]
    assert store.table("b-first") == first
    assert list(store.table("b-first").document) == list(document)  # key order kept
    assert store.table("a-second") == second
    assert store.length("b-first") == 0
    assert store.records("b-first") == []


def test_a_table_id_is_taken_once(store: LogStore) -> None:
    store.create_table(plain_info("t1"), {"umpire": "h"})
    with pytest.raises(StoreError, match="a table named 't1' already exists"):
        store.create_table(plain_info("t1"), {"umpire": "other"})
    assert store.table_ids() == ["t1"]
    assert store.code_hashes("t1") == {"h": "umpire"}  # the refused create wrote nothing


def test_tables_do_not_see_each_others_records_or_codes(store: LogStore) -> None:
    store.create_table(plain_info("t1"), {"umpire": "same-hash"})
    store.create_table(plain_info("t2"), {"observer": "same-hash"})
    store.append("t1", 0, "notes", {"text": "one"}, seat="umpire")
    assert store.length("t2") == 0
    store.append("t2", 0, "notes", {"text": "two"}, seat="umpire")
    assert [r.payload["text"] for r in store.records("t1")] == ["one"]
    assert store.code_hashes("t1") == {"same-hash": "umpire"}
    assert store.code_hashes("t2") == {"same-hash": "observer"}


# -- appending -------------------------------------------------------------------------------


def test_appends_land_in_order_and_read_back_exactly(store: LogStore) -> None:
    store.create_table(plain_info(), {})
    payloads = [
        {"action": {"type": "pass", "actor": "uk"}, "by": "team:UK"},
        {"steps": 2},
        {"op": "extend", "seconds": 30.5},
        {"text": "Ünïcødé, \"quotes\" and\nnewlines"},
    ]
    kinds = ["action", "undo", "clock", "notes"]
    before = time.time()
    returned = [
        store.append("t1", i, kind, payload, seat=f"seat{i}")  # type: ignore[arg-type]
        for i, (kind, payload) in enumerate(zip(kinds, payloads, strict=True))
    ]
    stored = store.records("t1")
    assert stored == returned
    assert [r.seq for r in stored] == [0, 1, 2, 3]
    assert [r.payload for r in stored] == payloads
    assert [r.kind for r in stored] == kinds
    assert all(before <= r.at <= time.time() for r in stored)
    assert store.records("t1", 2) == stored[2:]
    assert store.records("t1", 4) == []
    assert store.length("t1") == 4


@pytest.mark.parametrize("expected", [0, 1, 3, 100])
def test_an_append_at_the_wrong_position_is_a_conflict_and_writes_nothing(
    store: LogStore, expected: int
) -> None:
    store.create_table(plain_info(), {})
    store.append("t1", 0, "notes", {"text": "a"}, seat="umpire")
    store.append("t1", 1, "notes", {"text": "b"}, seat="umpire")
    with pytest.raises(Conflict) as refused:
        store.append("t1", expected, "notes", {"text": "late"}, seat="umpire")
    assert refused.value.expected == expected
    assert refused.value.length == 2
    assert "another seat acted first" in str(refused.value)
    assert store.length("t1") == 2
    assert [r.payload["text"] for r in store.records("t1")] == ["a", "b"]


def test_the_same_position_is_accepted_once(store: LogStore) -> None:
    store.create_table(plain_info(), {})
    store.append("t1", 0, "notes", {"text": "first"}, seat="a")
    with pytest.raises(Conflict):
        store.append("t1", 0, "notes", {"text": "second"}, seat="b")
    assert [r.seat for r in store.records("t1")] == ["a"]


def test_an_unknown_record_kind_is_a_programming_error(store: LogStore) -> None:
    store.create_table(plain_info(), {})
    with pytest.raises(ValueError, match="unknown record kind"):
        store.append("t1", 0, "chat", {}, seat="a")  # type: ignore[arg-type]
    assert store.length("t1") == 0


def test_appending_to_or_claiming_a_missing_table_says_so(store: LogStore) -> None:
    with pytest.raises(StoreError, match="no table 'ghost'"):
        store.append("ghost", 0, "notes", {}, seat="umpire")
    with pytest.raises(StoreError, match="no table 'ghost'"):
        store.claim("ghost", "umpire", "h")
    assert store.length("ghost") == 0
    assert store.records("ghost") == []


# -- holding a seat --------------------------------------------------------------------------


def test_the_newest_claim_holds_the_seat(store: LogStore) -> None:
    store.create_table(plain_info(), {})
    store.claim("t1", "uk", "first")
    assert store.heartbeat("t1", "uk", "first")
    store.append("t1", 0, "notes", {}, seat="uk", holder="first")
    store.claim("t1", "uk", "second")  # the same code opened on another screen
    assert not store.heartbeat("t1", "uk", "first")
    assert store.heartbeat("t1", "uk", "second")
    with pytest.raises(SeatTaken, match="the uk seat was opened on another screen"):
        store.append("t1", 1, "notes", {}, seat="uk", holder="first")
    assert store.length("t1") == 1
    store.append("t1", 1, "notes", {}, seat="uk", holder="second")
    assert store.length("t1") == 2


def test_an_append_by_a_holder_that_never_claimed_is_refused(store: LogStore) -> None:
    store.create_table(plain_info(), {})
    with pytest.raises(SeatTaken):
        store.append("t1", 0, "notes", {}, seat="uk", holder="nobody")
    store.claim("t1", "europe", "h")
    with pytest.raises(SeatTaken):  # a claim on one seat is not a claim on another
        store.append("t1", 0, "notes", {}, seat="uk", holder="h")
    assert store.length("t1") == 0


def test_a_conflict_is_reported_before_a_lost_seat(store: LogStore) -> None:
    store.create_table(plain_info(), {})
    store.append("t1", 0, "notes", {}, seat="umpire")
    with pytest.raises(Conflict):
        store.append("t1", 0, "notes", {}, seat="uk", holder="nobody")


def test_release_frees_the_seat_only_for_its_holder(store: LogStore) -> None:
    store.create_table(plain_info(), {})
    store.claim("t1", "uk", "old")
    store.claim("t1", "uk", "new")
    store.release("t1", "uk", "old")  # the displaced screen closing: no effect
    assert set(store.presence("t1")) == {"uk"}
    assert store.heartbeat("t1", "uk", "new")
    store.release("t1", "uk", "new")
    assert store.presence("t1") == {}
    assert not store.heartbeat("t1", "uk", "new")
    store.release("t1", "uk", "new")  # twice is fine


def test_presence_shows_each_claimed_seat_and_its_last_beat(store: LogStore) -> None:
    store.create_table(plain_info(), {})
    store.create_table(plain_info("t2"), {})
    before = time.time()
    store.claim("t1", "uk", "h1")
    store.claim("t1", "umpire", "h2")
    store.claim("t2", "russia", "h3")
    first = store.presence("t1")
    assert set(first) == {"uk", "umpire"}
    assert all(before <= beat <= time.time() for beat in first.values())
    time.sleep(0.02)
    assert store.heartbeat("t1", "uk", "h1")
    assert store.presence("t1")["uk"] > first["uk"]


# -- join codes ------------------------------------------------------------------------------


def test_codes_are_stored_only_as_slow_salted_hashes_bound_to_their_table(
    store: LogStore, production_scrypt_n: int
) -> None:
    code, salt = new_code(), new_salt()
    stored = hash_code("t1", code, salt, n=production_scrypt_n)  # the tests' usual is cheap
    assert production_scrypt_n == 2**14
    assert stored.startswith("scrypt$16384$8$1$") and normalise_code(code) not in stored
    store.create_table(plain_info("t1"), {"uk": stored})
    hashes = store.code_hashes("t1")
    assert find_seat(hashes, "t1", code) == ("uk", stored)
    assert find_seat(hashes, "t1", f"  {code.lower()} ") == ("uk", stored)
    assert find_seat(hashes, "t2", code)[0] is None
    assert hash_code("t1", code, salt) != hash_code("t2", code, salt)
    assert hash_code("t1", code, salt) != hash_code("t1", code, new_salt())


def test_a_table_hosted_before_scrypt_stays_joinable(
    store: LogStore, greenland: ScenarioIR
) -> None:
    """Its codes were stored as one SHA-256 each; they still open their seats."""
    info, codes = create_table(store, greenland_session(greenland), table_id="new")
    old = plain_info("old", **info.document)
    store.create_table(old, {seat: legacy_hash("old", code) for seat, code in codes.items()})
    assert Table.join(store, "old", codes["denmark"]).seat == "denmark"
    with pytest.raises(JoinRefused, match=REFUSED):
        Table.join(store, "old", new_code())


def test_an_edited_hash_asking_for_a_huge_cost_opens_nothing(store: LogStore) -> None:
    code, salt = new_code(), new_salt()
    huge = f"scrypt$1048576$8$1${salt}${'0' * 64}"
    assert find_seat({huge: "uk", "not a hash": "us"}, "t1", code)[0] is None


def test_wrong_codes_are_counted_per_table_per_client_and_once_per_code(store: LogStore) -> None:
    store.create_table(plain_info("t1"), {})
    store.create_table(plain_info("t2"), {})
    start = time.time()
    for tried in ("a", "b", "b", "c"):
        assert store.admit("t1", None, client="10.0.0.7", tried=tried) == "refused"
    assert store.admit("t1", None, client="local", tried="a") == "refused"
    assert store.admit("t2", None, client="local", tried="z") == "refused"
    assert store.failed_joins("t1", start - 1) == 3
    assert store.failed_joins("t1", start - 1, client="10.0.0.7") == 3
    assert store.failed_joins("t1", start - 1, client="local") == 1
    assert store.failed_joins("t2", start - 1) == 1
    assert store.failed_joins("t1", time.time() + 1) == 0
    with pytest.raises(StoreError, match="no table 'ghost'"):
        store.admit("ghost", None, client="local", tried="a")


@pytest.fixture
def hosted(store: LogStore, greenland: ScenarioIR) -> tuple[LogStore, str, dict[str, str]]:
    """A Greenland table with three human seats, and its codes."""
    info, codes = create_table(store, greenland_session(greenland), table_id="class-a")
    return store, info.id, codes


def test_each_code_opens_its_own_seat(hosted: tuple[LogStore, str, dict[str, str]]) -> None:
    store, table_id, codes = hosted
    assert set(codes) == {"president", "denmark", "russia", "umpire", "observer"}
    assert len(set(codes.values())) == len(codes)
    for seat, code in codes.items():
        table = Table.join(store, table_id, code)
        assert table.seat == seat
        assert table.holder is not None
        assert table.heartbeat()
    assert set(store.presence(table_id)) == set(codes)


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: c.replace("-", ""),
        lambda c: f"  {c[:2]} {c[2:].lower()}  ",
        lambda c: c.replace("-", "_"),
    ],
)
def test_a_code_opens_its_seat_in_any_case_with_or_without_the_dash(
    hosted: tuple[LogStore, str, dict[str, str]], typed: object
) -> None:
    store, table_id, codes = hosted
    code = typed(codes["denmark"])  # type: ignore[operator]
    assert Table.join(store, table_id, code).seat == "denmark"


def test_every_wrong_code_is_refused_with_the_same_words(
    store: LogStore, greenland: ScenarioIR
) -> None:
    _, codes_a = create_table(store, greenland_session(greenland), table_id="a")
    _, codes_b = create_table(store, greenland_session(greenland), table_id="b")
    wrong = [
        codes_b["umpire"],  # a real code, of another table
        codes_b["president"],
        new_code(),
        "",
        "not a code at all",
        codes_a["umpire"][:-1],  # one character short
        codes_a["umpire"] + "3",
    ]
    messages = set()
    for code in wrong:
        with pytest.raises(JoinRefused) as refused:
            Table.join(store, "a", code)
        messages.add(str(refused.value))
    assert messages == {REFUSED}
    assert "umpire" not in REFUSED and "table b" not in REFUSED
    assert store.presence("a") == {}
    assert store.failed_joins("a", time.time() - 60) == len(wrong)
    assert store.failed_joins("b", time.time() - 60) == 0


def test_a_client_that_tries_too_many_wrong_codes_waits_even_with_the_right_one(
    hosted: tuple[LogStore, str, dict[str, str]],
) -> None:
    store, table_id, codes = hosted
    for _ in range(JOIN_TRIES_PER_CLIENT):
        with pytest.raises(JoinRefused, match=REFUSED):
            Table.join(store, table_id, new_code(), client="10.0.0.66")
    with pytest.raises(JoinRefused) as throttled:
        Table.join(store, table_id, codes["umpire"], client="10.0.0.66")
    assert str(throttled.value) == THROTTLED
    assert store.presence(table_id) == {}
    # Another client, the rightful team's laptop, joins at once.
    assert Table.join(store, table_id, codes["umpire"], client="10.0.0.5").seat == "umpire"


def test_the_same_wrong_code_typed_again_counts_once(
    hosted: tuple[LogStore, str, dict[str, str]],
) -> None:
    """A team retyping its typo is not a guesser: it learns nothing new from the retry."""
    store, table_id, codes = hosted
    typo = new_code()
    for _ in range(JOIN_TRIES_PER_CLIENT * 2):
        with pytest.raises(JoinRefused, match=REFUSED):
            Table.join(store, table_id, typo, client="10.0.0.5")
    assert Table.join(store, table_id, codes["denmark"], client="10.0.0.5").seat == "denmark"


def test_during_an_attack_on_the_table_only_clients_without_a_wrong_code_are_checked(
    hosted: tuple[LogStore, str, dict[str, str]],
) -> None:
    store, table_id, codes = hosted
    guessers = [f"10.0.1.{n}" for n in range(JOIN_TRIES_PER_TABLE // 3)]
    for guesser in guessers:
        for _ in range(3):
            with pytest.raises(JoinRefused, match=REFUSED):
                Table.join(store, table_id, new_code(), client=guesser)
    assert store.failed_joins(table_id, time.time() - 60) == JOIN_TRIES_PER_TABLE
    # Every guesser now waits, whatever it types ...
    with pytest.raises(JoinRefused, match=THROTTLED):
        Table.join(store, table_id, codes["russia"], client=guessers[0])
    # ... a newcomer gets one check, and waits after a wrong one ...
    with pytest.raises(JoinRefused, match=REFUSED):
        Table.join(store, table_id, new_code(), client="10.0.2.1")
    with pytest.raises(JoinRefused, match=THROTTLED):
        Table.join(store, table_id, codes["russia"], client="10.0.2.1")
    # ... and the teams that type their codes right join as usual.
    assert Table.join(store, table_id, codes["russia"], client="10.0.0.5").seat == "russia"
    assert Table.join(store, table_id, codes["umpire"]).seat == "umpire"  # a terminal


def test_a_wrong_code_at_one_table_does_not_throttle_another(
    store: LogStore, greenland: ScenarioIR
) -> None:
    create_table(store, greenland_session(greenland), table_id="a")
    _, codes_b = create_table(store, greenland_session(greenland), table_id="b")
    for n in range(JOIN_TRIES_PER_CLIENT):
        store.admit("a", None, client="local", tried=str(n))
    with pytest.raises(JoinRefused, match=THROTTLED):
        Table.join(store, "a", new_code())
    assert Table.join(store, "b", codes_b["umpire"]).seat == "umpire"


def test_joining_twice_with_one_code_moves_the_seat_to_the_newest_screen(
    hosted: tuple[LogStore, str, dict[str, str]],
) -> None:
    store, table_id, codes = hosted
    old = Table.join(store, table_id, codes["umpire"])
    new = Table.join(store, table_id, normalise_code(codes["umpire"]))
    assert not old.heartbeat()
    assert new.heartbeat()
    with pytest.raises(SeatTaken):
        old.set_notes("from the old screen")
    assert store.length(table_id) == 0
    new.set_notes("from the new screen")
    old.leave()  # the old screen closing does not free the seat from the new one
    assert set(store.presence(table_id)) == {"umpire"}
    new.leave()
    assert store.presence(table_id) == {}


def test_joining_a_missing_table_is_a_store_error_not_a_refusal(store: LogStore) -> None:
    with pytest.raises(StoreError, match="no table 'ghost'"):
        Table.join(store, "ghost", new_code())


# -- reopening -------------------------------------------------------------------------------


def test_a_second_connection_sees_everything_and_reopening_keeps_it(
    store_url: str, store: LogStore
) -> None:
    store.create_table(plain_info(), {"umpire": "h"})
    other = open_store(store_url)
    try:
        store.append("t1", 0, "notes", {"text": "x"}, seat="umpire")
        assert other.length("t1") == 1
        other.append("t1", 1, "notes", {"text": "y"}, seat="umpire")
        assert [r.payload["text"] for r in store.records("t1")] == ["x", "y"]
    finally:
        other.close()
    store.close()
    again = open_store(store_url)
    try:
        assert again.table_ids() == ["t1"]
        assert again.length("t1") == 2
        assert again.code_hashes("t1") == {"h": "umpire"}
    finally:
        again.close()


def test_every_refusal_is_a_wargame_error() -> None:
    for error in (Conflict, SeatTaken, StoreError, JoinRefused):
        assert issubclass(error, WargameError)


def test_any_number_of_projectors_watch_with_the_observer_code(
    hosted: tuple[LogStore, str, dict[str, str]],
) -> None:
    """A second projector does not put the first one out (the observer only watches)."""
    store, table_id, codes = hosted
    screens = [Table.join(store, table_id, codes["observer"]) for _ in range(3)]
    for _ in range(2):
        assert all(screen.heartbeat() for screen in screens)
    assert "observer" in store.presence(table_id)
    screens[0].leave()
    assert all(screen.heartbeat() for screen in screens[1:])
    assert "observer" in store.presence(table_id)
