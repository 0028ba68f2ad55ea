"""The save reader on hostile input: every bad save is a SaveFormatError, never a traceback,
a hang or a flood of memory (docs/facilitator.md, Saves from elsewhere).

The Hypothesis tests at the end are fuzz targets (marked `fuzz`; `WARGAME_FUZZ_EXAMPLES`
sets their budget): random and mutated save documents, and random bytes, must end in a
loaded session or a SaveFormatError.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.engine import legal_actions, to_act
from wargame.errors import SaveConflictError, SaveFormatError
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario
from wargame.session import (
    Session,
    load_session,
    save_session,
    session_from_dict,
    session_to_dict,
)
from wargame.session.save_document import MAX_SAVE_BYTES, parse_save_bytes

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"
FUZZ = settings(
    max_examples=int(os.environ.get("WARGAME_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""The fuzz targets' budget: `WARGAME_FUZZ_EXAMPLES` raises it for a longer fuzzing run."""


def played(scenario: ScenarioIR, actions: int = 6) -> Session:
    session = Session(scenario, seed=3)
    for _ in range(actions):
        seat = to_act(scenario, session.state)
        if seat is None:
            break
        session.submit(legal_actions(scenario, session.state, seat)[0], by="test")
    return session


@pytest.fixture(scope="module")
def tutorial() -> ScenarioIR:
    return load_scenario(TUTORIAL)


@pytest.fixture(scope="module")
def tutorial_save_document(tutorial: ScenarioIR) -> dict[str, Any]:
    """The JSON document of a tutorial game six actions in (shared: copy before changing)."""
    raw = json.loads(json.dumps(session_to_dict(played(tutorial))))
    assert isinstance(raw, dict) and raw["steps"] == 6
    return raw


@pytest.fixture
def document(tutorial_save_document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(tutorial_save_document)


def write(path: Path, raw: Any) -> Path:
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


# --- regressions: each of these used to end in a traceback, a hang or 3.7 GB -------------------


def test_a_deeply_nested_save_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.wgsave.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(SaveFormatError, match="nested far deeper than a save"):
        load_session(path)


def test_seats_that_are_not_a_list_are_named(tmp_path: Path, document: dict[str, Any]) -> None:
    document["seats"] = "x"
    with pytest.raises(SaveFormatError, match="seats must be a list, not 'x'"):
        load_session(write(tmp_path / "s.wgsave.json", document))


def test_a_cut_log_without_its_digest_is_refused_as_tampered_with(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    del document["state_digest"]
    document["log"] = document["log"][:2]
    document["steps"] = 2
    path = write(tmp_path / "cut.wgsave.json", document)
    with pytest.raises(SaveFormatError, match=r"no state digest.*--allow-unverified"):
        load_session(path)
    assert load_session(path, allow_unverified=True).step_index == 2


def test_a_cut_log_that_still_claims_every_step_is_refused(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    document["log"] = document["log"][:2]
    with pytest.raises(SaveFormatError, match="the log holds 2 actions but the save says 6"):
        load_session(write(tmp_path / "cut.wgsave.json", document), allow_unverified=True)


def test_numbers_json_does_not_have_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "nan.wgsave.json"
    path.write_text('{"format": "wargame-save", "seed": NaN}', encoding="utf-8")
    with pytest.raises(SaveFormatError, match="`NaN` is not a number in standard JSON"):
        load_session(path)


def test_an_adjustment_beyond_any_float_is_refused(document: dict[str, Any]) -> None:
    document["log"].append(
        {"action": {"type": "adjust", "variable": "smuggling", "value": 10**400, "reason": "x"}}
    )
    document["steps"] += 1
    named = r"^big\.wgsave\.json: action 'adjust': 'value' must be a finite"
    with pytest.raises(SaveFormatError, match=named):
        session_from_dict(document, name="big.wgsave.json")


def test_an_oversized_save_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.wgsave.json"
    with path.open("wb") as handle:  # sparse: nothing is written but the size
        handle.truncate(MAX_SAVE_BYTES + 1)
    with pytest.raises(SaveFormatError, match="too large"):
        load_session(path)


def _load_in_a_child(path: Path) -> subprocess.CompletedProcess[str]:
    """Load `path` in a child process held to 1 GB of memory, so a regression fails the test
    (killed, or timed out after a minute) instead of hanging the suite or the machine."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from wargame.errors import SaveFormatError\n"
        "from wargame.session import load_session\n"
        "try:\n"
        "    load_session(sys.argv[1])\n"
        "except SaveFormatError as exc:\n"
        "    print(exc)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.wgsave.json"
    os.mkfifo(fifo)
    done = _load_in_a_child(fifo)
    assert done.returncode == 0, done.stderr
    assert "it is a named pipe (FIFO), not a regular file" in done.stdout


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.wgsave.json"
    link.symlink_to("/dev/zero")
    done = _load_in_a_child(link)
    assert done.returncode == 0, done.stderr
    assert "it is a device, not a regular file" in done.stdout


def test_a_save_of_a_damaged_seat_is_named(document: dict[str, Any]) -> None:
    document["seats"][0] = {"actor": 7}
    with pytest.raises(SaveFormatError, match=r"seats\[0\].actor must be text, not 7"):
        session_from_dict(document)


def test_a_seat_for_an_actor_the_scenario_lacks_is_refused(document: dict[str, Any]) -> None:
    document["seats"].append({"actor": "atlantis", "kind": "human"})
    with pytest.raises(SaveFormatError, match="atlantis"):
        session_from_dict(document)


def test_saving_and_loading_still_round_trip(tmp_path: Path, tutorial: ScenarioIR) -> None:
    session = played(tutorial)
    loaded = load_session(save_session(session, tmp_path / "t.wgsave.json"))
    assert loaded.state == session.state


# --- fuzz targets ------------------------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
"""Any JSON value a save could hold."""


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON document (keys and indexes), the root included."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*prefix, index)))
    return out


def _set(document: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not path:
        return value
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


def _loads_or_refuses(raw: Any) -> None:
    with contextlib.suppress(SaveFormatError):
        session_from_dict(raw, name="fuzz")


@pytest.mark.fuzz
@FUZZ
@given(data=st.data())
def test_fuzz_mutated_save_documents_load_or_are_refused(
    tutorial_save_document: dict[str, Any], data: st.DataObject
) -> None:
    document = copy.deepcopy(tutorial_save_document)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        paths = _paths(document)
        path = data.draw(st.sampled_from(paths), label="path")
        delete = bool(path) and data.draw(st.booleans(), label="delete")
        value = None if delete else data.draw(JSON, label="value")
        document = _set(document, path, value, delete)
    _loads_or_refuses(document)


@pytest.mark.fuzz
@FUZZ
@given(raw=JSON)
def test_fuzz_random_json_is_refused(raw: Any) -> None:
    _loads_or_refuses(raw)
    _loads_or_refuses({"format": "wargame-save", "format_version": 1, **(
        raw if isinstance(raw, dict) else {"seats": raw})})


@pytest.mark.fuzz
@FUZZ
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_fuzz_random_bytes_parse_or_are_refused(raw: bytes) -> None:
    try:
        document = parse_save_bytes(raw, "fuzz.wgsave.json")
    except SaveFormatError:
        return
    _loads_or_refuses(document)


# --- a save is never overwritten by a game of another scenario -------------------------------

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "minimal.yaml"


def _as_the_app_writes_it(session: Session) -> bytes:
    """The bytes `wargame play` autosaves (it writes them with `atomic.write_atomic`)."""
    return json.dumps(session_to_dict(session), indent=1, ensure_ascii=False).encode("utf-8")


def test_a_save_is_not_overwritten_by_a_game_of_another_scenario(
    tmp_path: Path, tutorial: ScenarioIR
) -> None:
    """`play --watch` with the scenario swapped for another wrote the other game over the
    save (the original survived only in `.bak`, until the next autosave)."""
    from wargame.session import atomic

    path = save_session(played(tutorial), tmp_path / "tutorial.wgsave.json")
    before = path.read_bytes()
    other = Session(load_scenario(MINIMAL), seed=1)
    for write in (
        lambda: atomic.write_atomic(path, _as_the_app_writes_it(other)),
        lambda: save_session(other, path),
    ):
        with pytest.raises(SaveConflictError) as refused:
            write()
        assert isinstance(refused.value, OSError)  # reported as any failed save is
        assert refused.value.strerror == str(refused.value)
        assert "holds a saved game of another scenario ('Tutorial: The Lighthouse Pact'" in str(
            refused.value
        )
        assert "this game of 'Minimal crisis', id minimal was not saved" in str(refused.value)
    assert path.read_bytes() == before
    assert not (tmp_path / "tutorial.wgsave.json.bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tutorial.wgsave.json"]


def test_the_same_scenario_saves_over_its_own_game(tmp_path: Path, tutorial: ScenarioIR) -> None:
    from wargame.session import atomic

    path = save_session(Session(tutorial, seed=1), tmp_path / "t.wgsave.json")
    later = played(tutorial)
    atomic.write_atomic(path, _as_the_app_writes_it(later))
    assert load_session(path).state == later.state
    other = tmp_path / "notes.txt"  # files that are not saves are written as before
    other.write_text("tutorial", encoding="utf-8")
    atomic.write_atomic(other, _as_the_app_writes_it(Session(load_scenario(MINIMAL))))
