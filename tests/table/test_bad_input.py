"""Bad databases and bad URLs: a StoreError that says where and what to do, never a traceback.

A missing file, a file that is not SQLite, another program's SQLite file (left untouched),
a damaged record or document, a database of another version; on PostgreSQL an unreachable
server, a bad URL, a missing database and a missing driver.
"""

from __future__ import annotations

import secrets
import sqlite3
import sys
from pathlib import Path

import pytest

from wargame.scenario.ir import ScenarioIR
from wargame.table import LogStore, StoreError, Table, open_store
from wargame.table.records import OBSERVER_SEAT, UMPIRE_SEAT
from wargame.table.replica import create_table
from wargame.table.urls import redact_url

from .conftest import NO_POSTGRES, POSTGRES_URL, greenland_session, plain_info

HINT = "give the .db file that `wargame host` printed"
DAMAGED = "the database was edited or corrupted"


def run_sql(store_url: str, sql: str) -> None:
    """Run `sql` on the store behind the library's back; `{t}` is the table-name prefix."""
    if "://" not in store_url:
        with sqlite3.connect(store_url) as db:
            db.execute(sql.replace("{t}", ""))
        return
    import psycopg

    with psycopg.connect(store_url, autocommit=True) as db:
        db.execute(sql.replace("{t}", "wargame_").encode())


# -- SQLite files ------------------------------------------------------------------------------


def test_a_missing_file_says_how_to_start_a_session(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as refused:
        open_store(tmp_path / "nowhere.db")
    assert str(tmp_path / "nowhere.db") in str(refused.value)
    assert "wargame host" in str(refused.value)
    assert not (tmp_path / "nowhere.db").exists()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


@pytest.mark.parametrize(
    "content",
    [
        b"name: a scenario\nactors: {}\n" * 50,
        b"\x00" * 4096,
        b"SQLite format 3\x00" + b"\xff" * 200,
    ],
    ids=["text", "zeros", "truncated-sqlite"],
)
def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "session.db"
    path.write_bytes(content)
    for create in (False, True):
        with pytest.raises(StoreError) as refused:
            open_store(path, create=create)
        assert str(path) in str(refused.value)
        assert HINT in str(refused.value)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO photos (name) VALUES ('beach')")
    db.close()
    before = path.read_bytes()
    for create in (False, True):
        with pytest.raises(StoreError) as refused:
            open_store(path, create=create)
        assert f"{path}: this SQLite file is not a wargame session database" in str(refused.value)
        assert HINT in str(refused.value)
    assert path.read_bytes() == before  # not switched to WAL, no tables added
    assert not Path(f"{path}-wal").exists()


def test_an_sqlite_file_with_a_meta_table_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('format', 'something-else')")
    db.close()
    with pytest.raises(StoreError, match="not a wargame session database"):
        open_store(path)


def test_an_empty_file_is_a_new_database_only_when_creating(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(StoreError, match="not a wargame session database"):
        open_store(path)
    open_store(path, create=True).close()
    open_store(path).close()


def test_a_database_of_another_version_names_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_store(path, create=True).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'version'")
    db.close()
    with pytest.raises(StoreError, match=r"version '99' is not one this build reads \(1\)"):
        open_store(path)


def test_an_unknown_url_scheme_is_refused_with_the_kinds_that_work() -> None:
    with pytest.raises(StoreError, match="unknown database kind 'mysql'"):
        open_store("mysql://localhost/db")


def test_an_sqlite_url_opens_the_file(tmp_path: Path) -> None:
    path = tmp_path / "via-url.db"
    open_store(path, create=True).close()
    open_store(f"sqlite:///{path}").close()


# -- damaged contents, on every backend ---------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("payload", "'{\"action\": '", "record 1 of table 't1' is damaged"),
        ("payload", "'[1, 2]'", r"record 1 of table 't1' is damaged \(not a JSON object\)"),
        ("kind", "'chat'", "record 1 of table 't1' has an unknown kind 'chat'"),
    ],
)
def test_a_damaged_record_names_its_position_and_what_to_do(
    store_url: str, store: LogStore, column: str, value: str, expected: str
) -> None:
    store.create_table(plain_info("t1"), {})
    for seq in range(3):
        store.append("t1", seq, "notes", {"text": str(seq)}, seat="umpire")
    run_sql(store_url, "UPDATE {t}records SET " + f"{column} = {value} WHERE seq = 1")
    with pytest.raises(StoreError, match=expected) as refused:
        store.records("t1")
    message = str(refused.value)
    assert message.startswith(f"{getattr(store, 'where', store.url)}: ")
    assert DAMAGED in message or "open it with the wargame that created it" in message
    assert [r.seq for r in store.records("t1", 2)] == [2]  # the rest still reads


def test_a_damaged_opening_document_is_a_store_error(store_url: str, store: LogStore) -> None:
    store.create_table(plain_info("t1"), {})
    run_sql(store_url, "UPDATE {t}tables SET document = 'not json' WHERE id = 't1'")
    damaged = f"the opening document of table 't1' is damaged.*{DAMAGED}"
    with pytest.raises(StoreError, match=damaged):
        store.table("t1")


def test_a_record_that_no_longer_applies_is_a_store_error_for_the_seat(
    store_url: str, store: LogStore, greenland: ScenarioIR
) -> None:
    info, _ = create_table(store, greenland_session(greenland), table_id="t1")
    store.append(
        "t1", 0, "action", {"action": {"type": "play", "actor": "uk", "move": "no_such"}},
        seat="umpire",
    )
    with pytest.raises(StoreError, match=r"record 0 \(action\) does not apply"):
        Table(store, info.id, seat="observer")


def test_a_seat_that_is_not_at_the_table_is_refused(
    store: LogStore, greenland: ScenarioIR
) -> None:
    info, _ = create_table(store, greenland_session(greenland), table_id="t1")
    with pytest.raises(StoreError, match="no seat named 'narnia'"):
        Table(store, info.id, seat="narnia")


def test_a_document_that_is_not_a_game_is_a_store_error(store: LogStore) -> None:
    store.create_table(plain_info("t1"), {})
    with pytest.raises(StoreError, match="not a wargame save"):
        Table(store, "t1", seat="umpire")


# -- PostgreSQL connections ---------------------------------------------------------------------


def test_an_unreachable_server_is_a_store_error_with_a_hint_and_no_password() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://teacher:s3cret-word@127.0.0.1:1/wargame?connect_timeout=3"
    with pytest.raises(StoreError) as refused:
        open_store(url)
    message = str(refused.value)
    assert "cannot connect to the PostgreSQL server" in message
    assert "check that the server is running" in message
    assert "s3cret-word" not in message
    assert "postgresql://teacher:***@127.0.0.1:1/wargame" in message


@pytest.mark.parametrize(
    "url", ["postgresql://a b@host/db", "postgresql://host/db?no_such_option=1"]
)
def test_a_malformed_postgres_url_says_how_to_write_one(url: str) -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as refused:
        open_store(url)
    message = str(refused.value)
    assert "postgresql://USER:PASSWORD@HOST:PORT/DBNAME" in message
    assert "not a valid PostgreSQL URL" in message


def test_without_psycopg_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg -> ImportError
    with pytest.raises(StoreError) as refused:
        open_store("postgresql://localhost/wargame")
    assert "pip install 'wargame[postgres]'" in str(refused.value)


@pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)
def test_a_missing_postgres_database_says_to_create_it() -> None:
    base, _, _ = POSTGRES_URL.rpartition("/")
    with pytest.raises(StoreError) as refused:
        open_store(f"{base}/no_such_database_here")
    message = str(refused.value)
    assert 'database "no_such_database_here" does not exist' in message
    assert "createdb" in message


def test_a_postgres_database_of_another_version_or_program_is_refused(postgres_url: str) -> None:
    store_url = postgres_url
    open_store(store_url).close()  # creates the schema
    run_sql(store_url, "UPDATE {t}meta SET value = '99' WHERE key = 'version'")
    with pytest.raises(StoreError, match=r"version '99' is not one this build reads"):
        open_store(store_url)
    run_sql(store_url, "UPDATE {t}meta SET value = 'photos' WHERE key = 'format'")
    with pytest.raises(StoreError, match="belongs to another program"):
        open_store(store_url)


def test_the_postgres_store_reconnects_after_its_connection_is_killed(postgres_url: str) -> None:
    import psycopg

    # Only this store's connections are killed: other test runs (CI runs two Pythons at
    # once) share the server, and losing theirs failed them.
    name = f"wargame_reconnect_{secrets.token_hex(4)}"
    store = open_store(f"{postgres_url}&application_name={name}")
    try:
        store.create_table(plain_info("t1"), {})
        store.append("t1", 0, "notes", {}, seat="umpire")
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s",
                (name,),
            ).fetchall()
        assert killed  # (the store's connection was found, so the retry below is tested)
        assert store.length("t1") == 1  # a read is retried once on a fresh connection
        store.append("t1", 1, "notes", {}, seat="umpire")
        assert store.length("t1") == 2
    finally:
        store.close()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://teacher:pw@db.example.org:5433/class?sslmode=require",
         "postgresql://teacher:***@db.example.org:5433/class?sslmode=require"),
        ("postgresql://teacher@db.example.org/class", "postgresql://teacher@db.example.org/class"),
        ("postgresql://t:pw@[::1]:5432/class", "postgresql://t:***@[::1]:5432/class"),
        ("postgresql://t:pw@host:port/class", "<a database URL that does not parse>"),
        ("/tmp/class.table.db", "/tmp/class.table.db"),
    ],
)
def test_database_urls_are_shown_without_their_password(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_an_unknown_scheme_error_does_not_show_the_password() -> None:
    with pytest.raises(StoreError) as refused:
        open_store("mysql://root:hunter2@localhost/db")
    assert "hunter2" not in str(refused.value)


def test_a_damaged_record_is_a_store_error_for_every_seat_that_reads_it(
    store_url: str, store: LogStore, greenland: ScenarioIR
) -> None:
    info, _ = create_table(store, greenland_session(greenland), table_id="t1")
    umpire = Table(store, info.id, seat=UMPIRE_SEAT)
    observer = Table(store, info.id, seat=OBSERVER_SEAT)
    umpire.set_notes("first")
    observer.sync()
    umpire.set_notes("second")  # not yet read by the observer
    run_sql(store_url, "UPDATE {t}records SET payload = 'garbage' WHERE seq = 1")
    with pytest.raises(StoreError, match=f"record 1 of table 't1' is damaged.*{DAMAGED}"):
        observer.sync()
    assert observer.position == 1  # what it had read stays; nothing half-applied
    assert observer.session.notes == "first"
    with pytest.raises(StoreError, match="record 1 of table 't1' is damaged"):
        Table(store, info.id, seat=OBSERVER_SEAT)
