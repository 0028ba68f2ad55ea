"""Scenario playthrough tests: a scenario's own tests, in a sidecar `NAME.tests.yaml`.

The scenario format refuses unknown keys, so tests live beside the scenario rather than in
it. Each test plays one seeded game through a `Session` (so the game is the one
`wargame play --seed SEED` gives for the same choices): scripted seats play the moves the
test lists per turn (the scripted-policy format, strict: a listed move that cannot be
played fails the test with the engine's reason), other seats play a bot policy, and an
optional umpire follows the test's rulings. Expectations: the ending, the turn it comes
by, and values (any expression: `escalation`, `flags.talks`, `cohesion(nato)`) when a
turn begins or at the end.

The sidecar is read with the same safe YAML reader as scenarios and checked with pydantic
and against the scenario, so mistakes get positioned errors, never a traceback.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from wargame.bots import POLICY_NAMES, Policy, ScriptedPolicy, ScriptError, make_policy
from wargame.engine import (
    TIME_EXPIRED_ID,
    UMPIRE,
    Action,
    Confirm,
    GameState,
    Override,
    PlayOn,
    Rate,
    ending_id,
    legal_actions,
    proposed_ending,
)
from wargame.errors import Diagnostic, IllegalActionError, ScenarioError
from wargame.scenario import source
from wargame.scenario.expressions import ExpressionError, compile_expr
from wargame.scenario.files import SIDECAR_SUFFIX
from wargame.scenario.ir import Expr, ScenarioIR
from wargame.scenario.loader import load_scenario, translate_errors
from wargame.scenario.positions import PathKey, SourceMap, dotted
from wargame.session import Seat, Session

__all__ = [
    "SIDECAR_SUFFIX",
    "Outcome",
    "SuiteFile",
    "find_sidecars",
    "load_suite",
    "run_suite",
    "run_test",
]

MAX_ACTIONS: Final = 100_000

E_REFERENCE: Final = "T201"
E_EXPECTATION: Final = "T202"
E_SETUP: Final = "T203"
E_NO_SCENARIO: Final = "T204"


# -- the file format ----------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


_SCRIPTED_MOVE: Final[dict[str, Any]] = {
    "type": ["string", "object"],
    "description": "A move id, `pass`, or `{move: ID, argument: TEXT}` for an argued move.",
    "properties": {
        "move": {"type": "string", "description": "The move id."},
        "argument": {"type": "string", "description": "The team's argument, for the umpire."},
    },
    "required": ["move"],
    "additionalProperties": False,
}
_SCRIPT_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "description": "Moves by turn: `{\"1\": [open_talks], \"*\": [pass]}`; `*` is every turn "
    "not listed.",
    "propertyNames": {"pattern": r"^(\*|[1-9][0-9]*)$"},
    "additionalProperties": {
        **_SCRIPTED_MOVE,
        "type": ["string", "object", "array"],
        "items": _SCRIPTED_MOVE,
        "description": "The moves played on that turn, one per phase the actor acts in.",
    },
}
"""The scripted-policy format (`wargame.bots.scripted`) for editors; the script itself is
checked against the scenario by `ScriptedPolicy`, with positioned errors."""

Script = Annotated[dict[str, Any], WithJsonSchema(_SCRIPT_SCHEMA)]


class Ruling(_Model):
    """What the umpire does at an adjudication (confirm, override or rate) or at an ending
    the rules propose (confirm or play on; with `confirm_endings: true`).

    Rulings are used in order. One that names a `move` waits for that move's next
    adjudication, one that names an `ending` for that ending's next proposal; the umpire
    accepts everything else (confirm, rate neutral) meanwhile.
    """

    move: str | None = Field(default=None, description="The move expected to be adjudicated.")
    ending: str | None = Field(
        default=None, description="The ending expected to be proposed (`confirm_endings`)."
    )
    confirm: bool = Field(default=False, description="`true`: accept the proposed outcome.")
    override: str | None = Field(default=None, description="Outcome id to impose instead.")
    rate: Literal["strong", "neutral", "weak"] | None = Field(
        default=None, description="Rate an argued move's argument."
    )
    play_on: bool = Field(
        default=False, description="`true`: play on past the proposed `ending`."
    )
    reason: str = Field(
        default="scenario test", description="The umpire's reason, as recorded in the log."
    )

    @model_validator(mode="after")
    def _one_decision(self) -> Ruling:
        chosen = [self.confirm, self.override is not None, self.rate is not None, self.play_on]
        if sum(chosen) != 1:
            raise ValueError(
                "a ruling needs exactly one of `confirm: true`, `override`, `rate`, "
                "`play_on: true`"
            )
        if self.ending is not None and self.move is not None:
            raise ValueError("a ruling is about a `move` or an `ending`, not both")
        if self.ending is not None and not (self.confirm or self.play_on):
            raise ValueError("an ending is confirmed (`confirm: true`) or played on past "
                             "(`play_on: true`)")
        if self.play_on and self.ending is None:
            raise ValueError("`play_on: true` needs the `ending` it plays on past")
        return self


class Check(_Model):
    """Values expected when a turn begins (after its injects), or at the end."""

    at_turn: int | Literal["end"] = Field(
        description="The turn whose start is checked (1: the opening), or `end`."
    )
    expect: dict[str, float | bool | str] = Field(
        min_length=1,
        description="Expression -> value: a number or `true`/`false` (must equal), or a "
        "comparison in quotes (`\">= 4\"`).",
    )


class PlaythroughTest(_Model):
    """One seeded game with scripted seats, and what it must lead to."""

    name: str = Field(description="Shown in the output.")
    seed: int | str = Field(
        default=0, description="The game's seed, as in `wargame play --seed`."
    )
    umpire: bool = Field(
        default=False, description="Play with an umpire seat, which follows `rulings`."
    )
    confirm_endings: bool = Field(
        default=False,
        description="With `umpire: true`, the umpire confirms each ending the rules propose "
        "(or plays on, per `rulings`).",
    )
    play: dict[str, Script] = Field(
        default_factory=dict, description="Scripted seats: actor id -> moves by turn."
    )
    policies: dict[str, str] = Field(
        default_factory=dict,
        description="Bots for the seats not scripted: actor id -> `random` (the default), "
        "`weighted` or `goal`.",
    )
    rulings: list[Ruling] = Field(
        default_factory=list,
        description="With `umpire: true`, the umpire's decisions, used in order.",
    )
    ending: str | None = Field(
        default=None,
        description="The ending the game must reach (`time_expired` for the built-in one).",
    )
    ends_by_turn: int | None = Field(
        default=None, ge=1, description="The game must be over on this turn or earlier."
    )
    checks: list[Check] = Field(
        default_factory=list, description="Values checked when a turn begins, or at the end."
    )


class TestFile(_Model):
    """A scenario's playthrough tests (`NAME.tests.yaml` beside `NAME.yaml`)."""

    scenario: str | None = Field(
        default=None,
        description="The scenario, relative to this file; default: `NAME.yaml` beside "
        "`NAME.tests.yaml`.",
    )
    tests: list[PlaythroughTest] = Field(min_length=1, description="The tests, at least one.")


_MODELS_AT: Final[dict[str, type[_Model]]] = {
    "": TestFile,
    "tests": PlaythroughTest,
    "rulings": Ruling,
    "checks": Check,
}


# -- loading and checking -----------------------------------------------------------------------

_COMPARISON: Final = re.compile(r"^\s*(==|!=|<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True, slots=True)
class Expectation:
    source: str
    expr: Expr
    op: str
    value: float | bool

    def holds(self, actual: float | bool) -> bool:
        if isinstance(self.value, bool) or isinstance(actual, bool):
            equal = bool(actual) == bool(self.value) and type(actual) is type(self.value)
            return equal if self.op == "==" else not equal
        a, b = float(actual), float(self.value)
        close = math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
        return {
            "==": close,
            "!=": not close,
            "<": a < b and not close,
            "<=": a <= b or close,
            ">": a > b and not close,
            ">=": a >= b or close,
        }[self.op]

    def wanted(self) -> str:
        shown = str(self.value).lower() if isinstance(self.value, bool) else _num(self.value)
        return f"{self.source} {self.op} {shown}"


@dataclass(frozen=True, slots=True)
class CompiledTest:
    """A checked test, ready to run."""

    model: PlaythroughTest
    index: int
    line: int
    scripts: dict[str, ScriptedPolicy]
    checks: tuple[tuple[int | Literal["end"], tuple[Expectation, ...]], ...]


@dataclass
class SuiteFile:
    """One sidecar: its scenario and tests, or the problems that stop it from running."""

    path: Path
    scenario_path: Path | None = None
    scenario: ScenarioIR | None = None
    tests: list[CompiledTest] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None
    """The sidecar's text, for excerpts."""
    scenario_text: str | None = None


def find_sidecars(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """Sidecars for the paths named: folders searched, a scenario's own sidecar found.

    Returns the sidecars and messages about paths that named none.
    """
    from wargame.scenario.shipped import shipped_named

    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if not path.exists():
            path = shipped_named(path) or path  # `wargame test greenland`
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*" + SIDECAR_SUFFIX) if p.is_file())
            if not inside:
                problems.append(f"no {SIDECAR_SUFFIX} files in {path}")
            found.extend(inside)
        elif path.name.endswith(SIDECAR_SUFFIX) and path.is_file():
            found.append(path)
        elif path.is_file():
            sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
            if sidecar.is_file():
                found.append(sidecar)
            else:
                problems.append(f"{path} has no tests: write them in {sidecar}")
        else:
            problems.append(f"no such file or folder: {path}")
    return list(dict.fromkeys(found)), problems


def _scenario_for(sidecar: Path, declared: str | None) -> Path:
    if declared is not None:
        return Path(os.path.normpath(sidecar.parent / declared))
    stem = sidecar.name[: -len(SIDECAR_SUFFIX)]
    for suffix in (".yaml", ".yml"):
        candidate = sidecar.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return sidecar.with_name(stem + ".yaml")


def load_suite(path: Path) -> SuiteFile:
    """Read and check one sidecar and load its scenario; problems become diagnostics."""
    suite = SuiteFile(path)
    try:
        doc = source.read_file(path)
    except ScenarioError as exc:
        suite.diagnostics = list(exc.diagnostics)
        return suite
    suite.text = doc.text
    try:
        model = TestFile.model_validate(doc.data, strict=True)
    except ValidationError as exc:
        suite.diagnostics = _with_key_hints(translate_errors(exc, doc.data, doc.source_map))
        return suite
    suite.scenario_path = _scenario_for(path, model.scenario)
    if not suite.scenario_path.is_file():
        suite.diagnostics = [
            Diagnostic(
                E_NO_SCENARIO,
                f"no scenario file {suite.scenario_path} for these tests",
                doc.source_map.locate(("scenario",) if model.scenario else ()),
                hint=f"put the tests beside the scenario as NAME{SIDECAR_SUFFIX}, or set "
                "`scenario:` to its path relative to this file",
                path="scenario" if model.scenario else None,
            )
        ]
        return suite
    try:
        suite.scenario = load_scenario(suite.scenario_path)
        suite.scenario_text = suite.scenario.source_text
    except ScenarioError as exc:
        suite.diagnostics = list(exc.diagnostics)
        return suite
    checker = _Checker(suite.scenario, doc.source_map)
    for index, test in enumerate(model.tests):
        compiled = checker.test(test, index)
        if compiled is not None:
            suite.tests.append(compiled)
    suite.diagnostics = source.sorted_diagnostics(checker.diagnostics)
    return suite


def _with_key_hints(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Unknown-key hints naming this file's keys (the shared translator knows scenarios)."""
    out = []
    for d in diagnostics:
        if d.code == "E101" and d.path is not None:
            parts = [p for p in re.split(r"[.\[\]]", d.path) if p and not p.isdigit()]
            container = parts[-2] if len(parts) >= 2 else ""
            model = _MODELS_AT.get(container, TestFile if len(parts) <= 1 else None)
            if model is not None:
                fields = list(model.model_fields)
                close = difflib.get_close_matches(parts[-1] if parts else "", fields, n=1)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else "allowed keys here: " + ", ".join(f"`{f}`" for f in fields)
                )
                d = Diagnostic(d.code, d.message, d.span, d.severity, hint, d.path)
        out.append(d)
    return out


class _Checker:
    """Checks tests against the scenario: actors, moves, policies, endings, expressions."""

    def __init__(self, ir: ScenarioIR, smap: SourceMap) -> None:
        self.ir = ir
        self.smap = smap
        self.diagnostics: list[Diagnostic] = []

    def error(
        self, code: str, message: str, path: PathKey, hint: str | None = None, *, key: bool = False
    ) -> None:
        span = self.smap.locate(path, key=key)
        self.diagnostics.append(Diagnostic(code, message, span, "error", hint, dotted(path)))

    def unknown(
        self, what: str, name: str, known: Sequence[str], path: PathKey, *, key: bool = True
    ) -> None:
        close = difflib.get_close_matches(name, list(known), n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"{what}s: " + ", ".join(known)
        self.error(E_REFERENCE, f"unknown {what} `{name}` in {self.ir.id}", path, hint, key=key)

    def test(self, test: PlaythroughTest, index: int) -> CompiledTest | None:
        before = len(self.diagnostics)
        here: PathKey = ("tests", index)
        actors = list(self.ir.names.actors)
        scripts: dict[str, ScriptedPolicy] = {}
        for actor, script in test.play.items():
            if actor not in self.ir.names.actors:
                self.unknown("actor", actor, actors, (*here, "play", actor))
                continue
            try:
                scripts[actor] = ScriptedPolicy(self.ir, actor, script, strict=True)
            except ScriptError as exc:
                self.error(E_REFERENCE, str(exc), (*here, "play", actor), key=True)
        for actor, policy in test.policies.items():
            where: PathKey = (*here, "policies", actor)
            if actor not in self.ir.names.actors:
                self.unknown("actor", actor, actors, where)
            elif actor in test.play:
                self.error(
                    E_SETUP,
                    f"`{actor}` is both scripted (`play`) and given a policy",
                    where,
                    "keep one of the two",
                    key=True,
                )
            elif policy.partition(":")[0] not in POLICY_NAMES or policy.startswith("scripted"):
                self.error(
                    E_SETUP,
                    f"policy `{policy}` for `{actor}` is not a bot policy here",
                    where,
                    "use one of random, weighted, goal; script seats with `play:`",
                )
        if test.confirm_endings and not test.umpire:
            self.error(
                E_SETUP,
                "`confirm_endings` needs an umpire: add `umpire: true`",
                (*here, "confirm_endings"),
                key=True,
            )
        if test.rulings and not test.umpire:
            self.error(
                E_SETUP,
                "`rulings` need an umpire: add `umpire: true`",
                (*here, "rulings"),
                key=True,
            )
        for k, ruling in enumerate(test.rulings):
            if ruling.move is not None and ruling.move not in self.ir.names.moves:
                self.unknown(
                    "move",
                    ruling.move,
                    list(self.ir.names.moves),
                    (*here, "rulings", k, "move"),
                    key=False,
                )
            if ruling.ending is not None and ruling.ending not in [e.id for e in self.ir.endings]:
                self.unknown(
                    "ending",
                    ruling.ending,
                    [e.id for e in self.ir.endings],
                    (*here, "rulings", k, "ending"),
                    key=False,
                )
        endings = [e.id for e in self.ir.endings] + [TIME_EXPIRED_ID]
        if test.ending is not None and test.ending not in endings:
            self.unknown("ending", test.ending, endings, (*here, "ending"), key=False)
        turns = self.ir.calendar.turns
        if test.ends_by_turn is not None and test.ends_by_turn > turns:
            self.error(
                E_EXPECTATION,
                f"turn {test.ends_by_turn} is after the last turn ({turns})",
                (*here, "ends_by_turn"),
            )
        checks = []
        for k, check in enumerate(test.checks):
            where = (*here, "checks", k)
            if check.at_turn != "end" and not 1 <= check.at_turn <= turns:
                self.error(
                    E_EXPECTATION,
                    f"turn {check.at_turn} is not a turn of {self.ir.id} (1-{turns})",
                    (*where, "at_turn"),
                )
            checks.append((check.at_turn, tuple(self.expectations(check.expect, where))))
        if len(self.diagnostics) > before:
            return None
        line = self.smap.locate(here).line
        return CompiledTest(test, index, line, scripts, tuple(checks))

    def expectations(
        self, expect: Mapping[str, float | bool | str], where: PathKey
    ) -> Iterator[Expectation]:
        for key, raw in expect.items():
            path: PathKey = (*where, "expect", key)
            try:
                expr = compile_expr(key, self.ir.names)
            except ExpressionError as exc:
                self.error(E_EXPECTATION, f"`{key}`: {exc.message}", path, exc.hint, key=True)
                continue
            if isinstance(raw, str):
                match = _COMPARISON.match(raw)
                if match is None:
                    self.error(
                        E_EXPECTATION,
                        f"`{raw}` is not a comparison",
                        path,
                        "write a value (`4`, `true`) or a comparison such as `>= 4`",
                    )
                    continue
                op, value = match.group(1), float(match.group(2))
                if expr.kind == "bool":
                    self.error(
                        E_EXPECTATION,
                        f"`{key}` is true/false; compare it with true or false",
                        path,
                        f"write `{key}: true`",
                    )
                    continue
                yield Expectation(key, expr, op, value)
            else:
                if isinstance(raw, bool) != (expr.kind == "bool"):
                    kind = "true/false" if expr.kind == "bool" else "a number"
                    self.error(
                        E_EXPECTATION,
                        f"`{key}` is {kind}, but the expected value is {str(raw).lower()}",
                        path,
                    )
                    continue
                yield Expectation(key, expr, "==", raw)


# -- running ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one test."""

    name: str
    line: int
    passed: bool
    message: str = ""
    ending: str | None = None
    turn: int = 0


class _Failure(Exception):
    pass


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _shown(value: float | bool) -> str:
    return str(value).lower() if isinstance(value, bool) else _num(value)


def run_test(
    ir: ScenarioIR,
    test: CompiledTest,
    *,
    make: Callable[[str, ScenarioIR, str], Policy] | None = None,
) -> Outcome:
    """Play one test's game and compare it with its expectations."""
    model = test.model
    build = make or (lambda spec, scenario, actor: make_policy(spec, scenario, actor))
    umpire = Seat("umpire", kind="human") if model.umpire else None
    session = Session(
        scenario=ir, seed=model.seed, umpire=umpire, confirm_endings=model.confirm_endings
    )
    seats: dict[int, Policy] = {}
    for index, actor in enumerate(ir.actors):
        scripted = test.scripts.get(actor.id)
        seats[index] = (
            scripted
            if scripted is not None
            else build(model.policies.get(actor.id, "random"), ir, actor.id)
        )
    rulings = list(model.rulings)
    starts: dict[int, GameState] = {1: session.state}
    try:
        for _ in range(MAX_ACTIONS):
            seat = session.to_act
            if seat is None:
                break
            state = session.state
            action: Action
            if seat == UMPIRE:
                action = _ruling(ir, state, rulings)
                by = "umpire"
            else:
                rng = session.bot_rng()
                action = seats[seat].choose(ir, state, seat, rng)
                by = f"bot:{seats[seat].name}"
            try:
                session.submit(action, by=by)
            except IllegalActionError as exc:
                raise _Failure(f"turn {state.turn}: {action!r} was refused: {exc}") from None
            if session.state.turn not in starts:
                starts[session.state.turn] = session.state
        else:
            raise _Failure(f"the game did not end within {MAX_ACTIONS:,} actions")
    except (_Failure, ScriptError) as exc:
        return Outcome(model.name, test.line, False, str(exc), turn=session.state.turn)
    final = session.state
    reached = ending_id(ir, final) or "unfinished"
    problems = _compare(ir, test, final, reached, starts)
    if rulings:
        waiting = ", ".join(
            f"`{r.move or r.ending}`" if r.move or r.ending else "any move" for r in rulings
        )
        problems.append(
            f"{_count(len(rulings), 'ruling')} never used (for {waiting}): the umpire was "
            "not asked about these"
        )
    return Outcome(model.name, test.line, not problems, "\n".join(problems), reached, final.turn)


def _ruling(
    ir: ScenarioIR, state: GameState, rulings: list[Ruling]
) -> Rate | Confirm | Override | PlayOn:
    pending = state.pending
    if pending is None:
        return _ending_ruling(ir, state, rulings)
    move = ir.moves[pending.move]
    if not rulings or rulings[0].ending is not None or rulings[0].move not in (None, move.id):
        # Nothing to say about this one: the umpire accepts (confirms, rates neutral).
        legal = legal_actions(ir, state, UMPIRE)
        rate = next((a for a in legal if isinstance(a, Rate) and a.rating == "neutral"), None)
        return rate if rate is not None else Confirm()
    ruling = rulings[0]
    if pending.stage == "rate":
        if ruling.rate is None:
            raise _Failure(
                f"turn {state.turn}: `{move.id}` is argued and waits for a rating first; the "
                "next ruling should be `rate: strong|neutral|weak`"
            )
        rulings.pop(0)
        return Rate(ruling.rate, ruling.reason)
    if ruling.rate is not None:
        raise _Failure(f"turn {state.turn}: `{move.id}` is not argued; it cannot be rated")
    rulings.pop(0)
    if ruling.confirm:
        return Confirm(ruling.reason)
    assert ruling.override is not None and move.resolution is not None
    outcomes = [o.id for o in move.resolution.outcomes]
    if ruling.override not in outcomes:
        raise _Failure(
            f"turn {state.turn}: `{move.id}` has no outcome `{ruling.override}` (outcomes: "
            f"{', '.join(outcomes)})"
        )
    proposed = pending.proposed
    if 0 <= proposed < len(outcomes) and outcomes[proposed] == ruling.override:
        return Confirm(ruling.reason)
    return Override(ruling.override, ruling.reason)


def _ending_ruling(ir: ScenarioIR, state: GameState, rulings: list[Ruling]) -> Confirm | PlayOn:
    """The umpire's answer to a proposed ending: the next ruling naming it, else confirm."""
    index = proposed_ending(state)
    assert index is not None
    if not rulings or rulings[0].ending != ir.endings[index].id:
        return Confirm()
    ruling = rulings.pop(0)
    return PlayOn(ruling.reason) if ruling.play_on else Confirm(ruling.reason)


def _compare(
    ir: ScenarioIR,
    test: CompiledTest,
    final: GameState,
    reached: str,
    starts: Mapping[int, GameState],
) -> list[str]:
    model = test.model
    problems: list[str] = []
    if model.ending is not None and reached != model.ending:
        problems.append(f"expected ending `{model.ending}`, got `{reached}` on turn {final.turn}")
    if model.ends_by_turn is not None and final.turn > model.ends_by_turn:
        problems.append(
            f"expected the game to end by turn {model.ends_by_turn}; it ended on turn "
            f"{final.turn} (`{reached}`)"
        )
    for when, expectations in test.checks:
        if when == "end":
            state, moment = final, f"at the end (turn {final.turn}, `{reached}`)"
        elif when in starts:
            state, moment = starts[when], f"when turn {when} began"
        else:
            problems.append(
                f"the game ended on turn {final.turn} (`{reached}`) before turn {when} began"
            )
            continue
        for e in expectations:
            actual = e.expr(state)
            if not e.holds(actual):
                problems.append(f"{moment}: expected {e.wanted()}, got {_shown(actual)}")
    return problems


def run_suite(suite: SuiteFile) -> list[Outcome]:
    """Run every test of a checked sidecar, in file order."""
    if suite.scenario is None:
        return []
    return [run_test(suite.scenario, test) for test in suite.tests]
