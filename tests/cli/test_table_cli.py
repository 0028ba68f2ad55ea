"""`wargame host` and `wargame join` on the command line: tables, codes, reopening, errors."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.cli import app
from wargame.session import Seat, Session, save_session
from wargame.table import Table, open_store
from wargame.table.codes import ALPHABET, normalise_code

REPO = Path(__file__).resolve().parents[2]
GREENLAND = str(REPO / "scenarios" / "greenland.yaml")
TUTORIAL = str(REPO / "scenarios" / "tutorial.yaml")

runner = CliRunner()


def _host(tmp_path: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["host", *args, "--no-serve", "--format", "json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output.strip().splitlines()[-1]))


def test_host_creates_a_table_with_a_code_per_team_the_umpire_and_the_projector(
    tmp_path: Path,
) -> None:
    db = tmp_path / "class.db"
    info = _host(
        tmp_path, GREENLAND, "--db", str(db), "--teams", "denmark,greenland=Nuuk,president",
        "--umpire", "--seed", "11",
    )
    codes = info["codes"]
    assert isinstance(codes, dict)
    assert list(codes) == ["president", "denmark", "greenland", "umpire", "observer"]
    assert len(set(codes.values())) == len(codes)
    for code in codes.values():
        plain = normalise_code(code)
        assert len(plain) == 8 and set(plain) <= set(ALPHABET)
    sheet = Path(str(info["codes_file"]))
    assert stat.S_IMODE(os.stat(sheet).st_mode) == 0o600
    assert all(code in sheet.read_text() for code in codes.values())
    store = open_store(db)
    table = Table.join(store, str(info["table"]), codes["greenland"])
    session = table.session
    assert session.seed == 11
    assert session.seats["greenland"].team == "Nuuk" and session.seats["greenland"].is_human
    assert not session.seats["uk"].is_human and session.seats["uk"].policy == "weighted"
    assert session.umpire is not None and session.umpire.is_human
    # The database holds hashes, never the codes themselves.
    raw = db.read_bytes()
    assert not any(normalise_code(code).encode() in raw for code in codes.values())
    store.close()


def test_text_output_lists_the_seats_and_how_to_join(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = runner.invoke(
        app, ["host", TUTORIAL, "--db", str(db), "--no-serve", "--teams", "northport"]
    )
    assert result.exit_code == 0, result.output
    assert "northport" in result.output and "observer" in result.output
    assert f"wargame join {db}" in result.output
    assert "southhaven" not in result.output.split("Join codes")[1].split("The codes")[0]


def test_a_crashed_host_reopens_the_same_table_with_the_same_codes(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    first = _host(tmp_path, TUTORIAL, "--db", str(db), "--seed", "2")
    codes = first["codes"]
    assert isinstance(codes, dict)
    store = open_store(db)
    table = Table.join(store, str(first["table"]), codes["northport"])
    table.run_bots()
    option = table.session.legal_actions(0)[0]
    table.submit(option)
    position = table.position
    store.close()
    again = _host(tmp_path, "--db", str(db))
    assert again["reopened"] is True and again["table"] == first["table"]
    assert again["codes"] == codes
    store = open_store(db)
    assert Table.join(store, str(first["table"]), codes["northport"]).position == position
    store.close()


def test_a_saved_game_continues_at_a_shared_table(tmp_path: Path) -> None:
    from wargame.scenario.loader import load_scenario

    session = Session(
        load_scenario(TUTORIAL), seed=4, seats={"northport": Seat("northport", "human", "N")}
    )
    session.run_bots()
    session.submit(session.legal_actions()[0], by="team:N")
    save = save_session(session, tmp_path / "game.wgsave.json")
    info = _host(tmp_path, str(save), "--db", str(tmp_path / "t.db"))
    store = open_store(tmp_path / "t.db")
    table = Table(store, str(info["table"]), seat="observer")
    assert table.session.step_index == session.step_index
    assert table.session.state == session.state
    store.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--teams", "atlantis"], "'atlantis' is not an actor"),
        (["--teams", "smugglers"], "not a playable actor"),
        (["--bots", "clever"], "unknown policy"),
        (["--port", "0"], "--port"),
        (["--format", "yaml"], "--format"),
        (["--phase-minutes", "inf"], "--phase-minutes: A phase timer takes 0 to 1440 minutes"),
        (["--phase-minutes", "1e308"], "--phase-minutes"),
        (["--phase-minutes", "nan"], "--phase-minutes"),
        (["--phase-minutes", "-5"], "--phase-minutes"),
        (["--umpire", "--umpire-rules", "atlantis"], "--umpire-rules 'atlantis': no move"),
        (["--umpire-draws"], "need a human umpire: add --umpire"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(
        app, ["host", TUTORIAL, "--db", str(tmp_path / "t.db"), "--no-serve", *args]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_host_refuses_to_overwrite_and_explains_reopening(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _host(tmp_path, TUTORIAL, "--db", str(db))
    result = runner.invoke(app, ["host", TUTORIAL, "--db", str(db), "--no-serve"])
    assert result.exit_code == 1
    assert "already exists" in result.output and f"--db {db}" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such session database"),
        (b"hello, not a database at all" * 100, "not a"),
    ],
)
def test_reopening_a_missing_or_foreign_file_is_a_clear_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    db = tmp_path / "x.db"
    if content is not None:
        db.write_bytes(content)
    result = runner.invoke(app, ["host", "--db", str(db), "--no-serve"])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    if content is not None:
        assert db.read_bytes() == content  # never touched


def test_a_broken_scenario_is_reported_with_its_position(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("wargame: 1\nid: x\ntitle: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["host", str(broken), "--db", str(tmp_path / "t.db"), "--no-serve"])
    assert result.exit_code == 1
    assert "broken.yaml:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "t.db").exists()


def test_host_without_scenario_or_db_is_a_usage_error() -> None:
    result = runner.invoke(app, ["host", "--no-serve"])
    assert result.exit_code == 2
    assert "give a scenario" in result.output


def test_backup_copies_a_live_game_that_hosts_again(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    first = _host(tmp_path, TUTORIAL, "--db", str(db), "--seed", "2")
    codes = first["codes"]
    assert isinstance(codes, dict)
    store = open_store(db)
    table = Table.join(store, str(first["table"]), codes["northport"])
    table.run_bots()
    table.submit(table.session.legal_actions(0)[0])
    copy = tmp_path / "break.db"
    result = runner.invoke(app, ["backup", str(db), str(copy)])
    store.close()
    assert result.exit_code == 0, result.output
    assert f"Copied {db} to {copy} (1 table)." in result.output
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    again = _host(tmp_path, "--db", str(copy))
    assert again["table"] == first["table"]
    store = open_store(copy)
    assert Table.join(store, str(first["table"]), codes["northport"]).position == table.position
    store.close()


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["missing.db", "copy.db"], "no such session database", 1),
        (["t.db", "t.db"], "already exists", 1),
        (["postgresql://u@h/db", "x.sql"], "pg_dump", 2),
    ],
)
def test_backup_refusals_are_clear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str, code: int
) -> None:
    monkeypatch.chdir(tmp_path)
    _host(tmp_path, TUTORIAL, "--db", "t.db")
    result = runner.invoke(app, ["backup", *args])
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_reopening_an_older_world_readable_database_makes_it_private(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _host(tmp_path, TUTORIAL, "--db", str(db))
    os.chmod(db, 0o644)
    again = _host(tmp_path, "--db", str(db))
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
    assert again["notes"] == [
        f"Made {db} readable by you only (the game holds every seat's private briefing)."
    ]


DRILL = str(REPO / "tests" / "fixtures" / "exercise" / "drill.yaml")


@pytest.mark.parametrize(
    ("scenario", "flag", "evaluator"),
    [(DRILL, None, True), (DRILL, "--no-evaluator", False), (TUTORIAL, "--evaluator", True),
     (TUTORIAL, None, False)],
)
def test_an_exercise_is_hosted_with_an_evaluator_code_unless_told_otherwise(
    tmp_path: Path, scenario: str, flag: str | None, evaluator: bool
) -> None:
    db = tmp_path / "t.db"
    info = _host(tmp_path, scenario, "--db", str(db), "--umpire", *([flag] if flag else []))
    codes = info["codes"]
    assert isinstance(codes, dict)
    assert ("evaluator" in codes) is evaluator
    if evaluator:
        store = open_store(db)
        table = Table.join(store, str(info["table"]), codes["evaluator"])
        assert (table.seat, table.by) == ("evaluator", "evaluator")
        store.close()


def test_host_discussion_puts_the_table_in_discussion_mode(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    info = _host(tmp_path, DRILL, "--db", str(db), "--discussion")
    codes = info["codes"]
    assert isinstance(codes, dict)
    store = open_store(db)
    table = Table.join(store, str(info["table"]), codes["cell"])
    assert table.session.in_discussion
    store.close()


@pytest.mark.parametrize(("bots", "policy"), [(None, "weighted"), ("random", "random")])
def test_a_non_player_actor_the_author_weighed_is_hosted_on_the_authors_weights(
    tmp_path: Path, bots: str | None, policy: str
) -> None:
    db = tmp_path / "t.db"
    info = _host(tmp_path, DRILL, "--db", str(db), *(["--bots", bots] if bots else []))
    codes = info["codes"]
    assert isinstance(codes, dict)
    store = open_store(db)
    table = Table.join(store, str(info["table"]), codes["cell"])
    assert table.session.seats["rival"] == Seat("rival", "bot", policy=policy)
    store.close()
def test_the_umpire_s_setting_is_kept_with_the_table(tmp_path: Path) -> None:
    from wargame.session import UmpireRules

    db = tmp_path / "t.db"
    args = ["--umpire", "--umpire-draws", "--umpire-rules", "raid_gull_rock"]
    info = _host(tmp_path, TUTORIAL, "--db", str(db), *args)
    codes = info["codes"]
    assert isinstance(codes, dict)
    store = open_store(db)
    table = Table.join(store, str(info["table"]), codes["umpire"])
    assert table.session.umpire_rules == UmpireRules(True, ("raid_gull_rock",))
    store.close()
