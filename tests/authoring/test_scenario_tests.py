"""`wargame test`: sidecar playthrough tests pass, fail with clear messages, and bad sidecars
get positioned errors. The shipped scenarios' own playthroughs run here too."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wargame.authoring.scenario_tests import find_sidecars, load_suite, run_suite, run_test

from .cli_app import app

ROOT = Path(__file__).parent.parent.parent
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
SHIPPED = ROOT / "scenarios"
runner = CliRunner()


def sidecar(tmp_path: Path, text: str) -> Path:
    shutil.copy(TUTORIAL, tmp_path / "t.yaml")
    path = tmp_path / "t.tests.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[tuple[bool, str]]:
    suite = load_suite(path)
    assert suite.diagnostics == [], [d.format() for d in suite.diagnostics]
    return [(o.passed, o.message) for o in run_suite(suite)]


def test_shipped_playthroughs_pass() -> None:
    """CI runs every shipped scenario's playthroughs through the command."""
    result = runner.invoke(app, ["test", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in SHIPPED.glob("*.tests.yaml")}
    assert {"tutorial.tests.yaml", "greenland.tests.yaml", "cuba1962.tests.yaml"} <= names
    assert " failed" in result.stdout and "0 failed" in result.stdout


def test_greenland_playthroughs_reach_every_ending() -> None:
    sidecars, _ = find_sidecars([SHIPPED / "greenland.tests.yaml"])
    suite = load_suite(sidecars[0])
    assert suite.scenario is not None
    reached = {o.ending for o in run_suite(suite) if o.passed}
    assert reached == {e.id for e in suite.scenario.endings}


def test_a_passing_test_and_checks(tmp_path: Path) -> None:
    path = sidecar(
        tmp_path,
        """\
tests:
  - name: renewed
    seed: 1
    play:
      northport: {"1": [share_patrols], "2": [launch_rescue], "3": [share_patrols]}
      southhaven: {"*": [light_the_beacon]}
      smugglers: {"*": [pass]}
    ending: pact_renewed
    ends_by_turn: 3
    checks:
      - {at_turn: 1, expect: {smuggling: 4, turn: 1}}
      - {at_turn: 2, expect: {flags.storm_warning: true, smuggling: "< 3"}}
      - {at_turn: end, expect: {"cohesion(pact)": ">= 65", "member(pact, northport)": true}}
""",
    )
    assert messages(path) == [(True, "")]


def test_failures_say_what_was_expected_and_what_happened(tmp_path: Path) -> None:
    path = sidecar(
        tmp_path,
        """\
tests:
  - name: wrong ending and values
    seed: 2
    play:
      northport: {"*": [keep_catch]}
      southhaven: {"*": [demand_fair_share]}
    ending: pact_renewed
    ends_by_turn: 1
    checks:
      - {at_turn: 1, expect: {smuggling: ">= 9"}}
      - {at_turn: 3, expect: {smuggling: 4}}
  - name: a move played twice
    play:
      northport: {"1": [raid_gull_rock], "2": [raid_gull_rock]}
  - name: an outcome the move does not have
    umpire: true
    play:
      northport: {"1": [raid_gull_rock]}
    rulings:
      - {move: raid_gull_rock, override: triumph}
  - name: a ruling never asked for
    umpire: true
    rulings:
      - {move: launch_rescue, confirm: true}
    play:
      northport: {"*": [pass]}
""",
    )
    results = messages(path)
    assert [passed for passed, _ in results] == [False, False, False, False]
    assert results[0][1].splitlines() == [
        "expected ending `pact_renewed`, got `pact_broken` on turn 2",
        "expected the game to end by turn 1; it ended on turn 2 (`pact_broken`)",
        "when turn 1 began: expected smuggling >= 9, got 4",
        "the game ended on turn 2 (`pact_broken`) before turn 3 began",
    ]
    assert results[1][1] == (
        "turn 2: scripted move 'raid_gull_rock' for 'northport' cannot be played: "
        "played once already (once per game)"
    )
    assert results[2][1] == (
        "turn 1: `raid_gull_rock` has no outcome `triumph` (outcomes: success, partial, failure)"
    )
    assert results[3][1].startswith("1 ruling never used (for `launch_rescue`)")


def test_umpire_override_decides_the_outcome(tmp_path: Path) -> None:
    text = """\
tests:
  - name: raid
    seed: 5
    umpire: true
    play:
      northport: {"1": [raid_gull_rock], "*": [pass]}
      southhaven: {"*": [pass]}
      smugglers: {"*": [pass]}
    rulings:
      - {move: raid_gull_rock, override: OUTCOME, reason: test}
    checks:
      - {at_turn: 2, expect: {smuggling: VALUE}}
"""
    for outcome, value in (("success", 0), ("partial", 2), ("failure", 5)):
        path = sidecar(tmp_path, text.replace("OUTCOME", outcome).replace("VALUE", str(value)))
        assert messages(path) == [(True, "")], outcome


def test_same_seed_same_game(tmp_path: Path) -> None:
    path = sidecar(
        tmp_path,
        """\
tests:
  - {name: a, seed: 9, checks: [{at_turn: end, expect: {smuggling: ">= 0"}}]}
  - {name: b, seed: 9, checks: [{at_turn: end, expect: {smuggling: ">= 0"}}]}
""",
    )
    first, second = run_suite(load_suite(path))
    assert (first.ending, first.turn) == (second.ending, second.turn)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tests:\n  - name: a\n    sede: 3\n", ("E101", 3, 5, "did you mean `seed`?")),
        (
            "tests:\n  - {name: a, play: {nortport: {'*': [pass]}}}\n",
            ("T201", 2, 22, "did you mean `northport`?"),
        ),
        (
            "tests:\n  - {name: a, ending: pact_renewd}\n",
            ("T201", 2, 23, "did you mean `pact_renewed`?"),
        ),
        (
            "tests:\n  - {name: a, checks: [{at_turn: 2, expect: {smugling: 3}}]}\n",
            ("T202", 2, 46, "did you mean `smuggling`?"),
        ),
        (
            "tests:\n  - {name: a, checks: [{at_turn: 2, expect: {smuggling: 'about 3'}}]}\n",
            ("T202", 2, 57, "write a value (`4`, `true`) or a comparison such as `>= 4`"),
        ),
        ("tests:\n  - {name: a, rulings: [{confirm: true}]}\n", ("T203", 2, 15, None)),
        (
            "tests:\n  - {name: a, umpire: true, rulings: [{confirm: true, rate: weak}]}\n",
            ("E106", 2, 39, None),
        ),
        ("tests: [\n", ("E003", 2, 1, None)),
    ],
)
def test_bad_sidecars_get_positioned_errors(
    tmp_path: Path, text: str, expected: tuple[str, int, int, str | None]
) -> None:
    suite = load_suite(sidecar(tmp_path, text))
    first = suite.diagnostics[0]
    code, line, col, hint = expected
    assert (first.code, first.span.line, first.span.col) == (code, line, col), first.format()
    if hint is not None:
        assert first.hint == hint
    assert suite.tests == []


def test_missing_scenario_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "ghost.tests.yaml"
    path.write_text("tests:\n  - {name: a}\n", encoding="utf-8")
    suite = load_suite(path)
    assert suite.diagnostics[0].code == "T204"


def _with_umpire(suite_path: Path, seeds: range) -> list[tuple[str, int, object, object]]:
    """(test, seed, without, with) of every test without rulings, played without an umpire
    and with one who confirms everything (`umpire: true`, no rulings)."""
    suite = load_suite(suite_path)
    assert suite.scenario is not None and suite.diagnostics == []
    games = []
    for test in suite.tests:
        if test.model.rulings:
            continue
        for seed in seeds:
            ends = []
            for umpire in (False, True):
                model = test.model.model_copy(update={"umpire": umpire, "seed": seed})
                outcome = run_test(suite.scenario, dataclasses.replace(test, model=model))
                ends.append((outcome.ending, outcome.turn))
            games.append((test.model.name, seed, ends[0], ends[1]))
    return games


def test_a_confirming_umpire_changes_no_scripted_game() -> None:
    """Issue 18: a Suez-style script with `umpire: true` and no rulings ended differently
    on 9 of 10 seeds, because each confirmation shifted every later draw."""
    games = _with_umpire(ROOT / "tests" / "fixtures" / "umpire" / "suez1956.tests.yaml", range(10))
    assert len(games) == 10
    assert [g for g in games if g[2] != g[3]] == []


def test_a_confirming_umpire_changes_no_shipped_playthrough() -> None:
    differ = [
        (path.name, *game)
        for path in sorted(SHIPPED.glob("*.tests.yaml"))
        for game in _with_umpire(path, range(3))
        if game[2] != game[3]
    ]
    assert differ == []


PACING = ROOT / "tests" / "engine" / "fixtures" / "pacing.yaml"


def test_a_test_scripts_the_umpire_playing_on_past_an_ending(tmp_path: Path) -> None:
    shutil.copy(PACING, tmp_path / "p.yaml")
    path = tmp_path / "p.tests.yaml"
    path.write_text(
        """\
tests:
  - name: the umpire lets the Dove answer, and the crisis is defused
    umpire: true
    confirm_endings: true
    play:
      hawk: {"1": [raise], "*": [pass]}
      dove: {"1": [defuse], "*": [talk]}
    rulings:
      - {ending: war, play_on: true, reason: "let the Dove answer"}
    ending: deal
    ends_by_turn: 3
  - name: without a ruling the umpire confirms
    umpire: true
    confirm_endings: true
    play:
      hawk: {"1": [raise]}
    ending: war
""",
        encoding="utf-8",
    )
    assert messages(path) == [(True, ""), (True, "")]


def test_an_ending_ruling_needs_an_umpire_who_confirms_endings(tmp_path: Path) -> None:
    shutil.copy(PACING, tmp_path / "p.yaml")
    path = tmp_path / "p.tests.yaml"
    path.write_text(
        "tests:\n  - name: x\n    confirm_endings: true\n    ending: war\n"
        "  - name: y\n    umpire: true\n    rulings: [{ending: wat, play_on: true}]\n",
        encoding="utf-8",
    )
    found = [d.message for d in load_suite(path).diagnostics]
    assert any("`confirm_endings` needs an umpire" in m for m in found), found
    assert any("wat" in m for m in found), found
