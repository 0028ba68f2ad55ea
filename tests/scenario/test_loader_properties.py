"""Properties of the loader: valid scenarios round-trip; no input escapes as an exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.errors import ScenarioError
from wargame.scenario.loader import load_model_text, load_text
from wargame.scenario.schema import Scenario
from wargame.scenario.source import resolve_plain, source_lines

ROOT = Path(__file__).parent.parent.parent
VALID_TEXTS = [path.read_text(encoding="utf-8") for path in
               (ROOT / "tests" / "fixtures" / "scenarios" / "minimal.yaml",
                ROOT / "docs" / "examples" / "full.yaml")]
PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


class _Yaml12Dumper(yaml.SafeDumper):
    """`yaml.safe_dump`, adjusted for two PyYAML emitter quirks.

    PyYAML writes YAML 1.1: it leaves `1e3` unquoted, which YAML 1.2 (and we) read as a
    number, so every string our resolver would not read back unchanged is quoted. And it
    puts NEL / LS / PS line breaks raw into single-quoted scalars, where any YAML reader
    (PyYAML's own too) folds them, so such strings are written double-quoted with escapes.
    """


_LINE_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    try:
        same = resolve_plain(value) == value and isinstance(resolve_plain(value), str)
    except ValueError:
        same = False
    style = None if same else "'"
    if _LINE_BREAKS & set(value):
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Yaml12Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Yaml12Dumper, allow_unicode=True, sort_keys=False)


# --- generated valid scenarios -----------------------------------------------------------------

IDS = st.from_regex(r"\A[a-z][a-z0-9_]{0,10}\Z")
TEXT = st.text(max_size=40)
SHORT = st.text(min_size=1, max_size=20)
PERCENT = st.floats(0, 100, allow_nan=False) | st.integers(0, 100)
UNIT = st.floats(0, 1, allow_nan=False)
NUMBER = st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-10**17, 10**17)
EXPR = st.sampled_from(["turn >= 2", "tension < 5 and not flags.f", "0.1 * tension",
                        "cohesion(pact) > 40"])
EFFECT = st.sampled_from(["tension += 1", "flags.f = true", "trust[a][b] -= 5"])


@st.composite
def outcome(draw: st.DrawFn, *, index: int) -> dict[str, Any]:
    data: dict[str, Any] = {"id": f"o{index}"}
    if draw(st.booleans()):
        data["label"] = draw(SHORT)
    if draw(st.booleans()):
        data["text"] = draw(TEXT)
    if draw(st.booleans()):
        data["effects"] = draw(st.lists(EFFECT, max_size=2))
    if draw(st.booleans()):
        data["p"] = draw(UNIT | EXPR)
    if draw(st.booleans()):
        data["at_least"] = draw(st.integers(-20, 40))
    return data


@st.composite
def move(draw: st.DrawFn, *, index: int, actors: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"m{index}", "actor": draw(st.sampled_from(actors)), "label": draw(SHORT),
    }
    if draw(st.booleans()):
        data["when"] = draw(EXPR)
    if draw(st.booleans()):
        data["effects"] = draw(st.lists(EFFECT, max_size=3))
    if draw(st.booleans()):
        data["limit"] = {"per_game": draw(st.integers(1, 5)), "cooldown": draw(st.integers(1, 3))}
    kind = draw(st.sampled_from(["none", "chance", "dice", "ruling"]))
    outcomes = [draw(outcome(index=i)) for i in range(draw(st.integers(1, 3)))]
    if kind == "chance" or kind == "ruling":
        data[kind] = outcomes
    elif kind == "dice":
        data["dice"] = {"roll": draw(st.sampled_from(["2d6", "1d20", "3d4"])),
                        "modifiers": [{"label": draw(SHORT), "value": draw(
                            st.integers(-3, 3) | EXPR)}],
                        "outcomes": outcomes}
        if draw(st.booleans()):
            data["argued"] = draw(st.booleans() | st.builds(
                lambda p, s: {"prompt": p, "strong": s}, SHORT, st.integers(0, 4)))
    if draw(st.booleans()):
        data["secret"] = draw(st.booleans())
    if draw(st.booleans()):
        data["weight"] = draw(st.floats(0, 10, allow_nan=False))
    return data


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    actors = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    data: dict[str, Any] = {
        "wargame": 1,
        "id": draw(IDS),
        "title": draw(SHORT),
        "summary": draw(TEXT),
        "version": draw(st.sampled_from(["1", "1.10", "2026-03", "NO", "v2"])),
        "authors": draw(st.lists(SHORT, max_size=2)),
        "masking": draw(st.dictionaries(SHORT, TEXT, max_size=2)),
        "calendar": {"start": draw(SHORT), "turns": draw(st.integers(1, 12)),
                     "step": draw(st.sampled_from(["day", "month", "turn"]))},
        "actors": {
            a: {"name": draw(SHORT), "briefing": draw(TEXT),
                "objectives": [{"text": draw(TEXT), "score": draw(EXPR),
                                "weight": draw(st.floats(0, 5, allow_nan=False))}],
                "playable": draw(st.booleans())}
            for a in actors
        },
        "relations": {"default": draw(PERCENT),
                      "trust": {actors[0]: {actors[-1]: draw(PERCENT)}}},
        "variables": {},
        "flags": {"f": {"start": draw(st.booleans()), "label": draw(SHORT)}},
        "moves": [draw(move(index=i, actors=actors)) for i in range(draw(st.integers(0, 3)))],
        "injects": [{"id": "i0", "label": draw(SHORT),
                     "at_turn": draw(st.integers(1, 5) | st.lists(st.integers(1, 5), max_size=3)),
                     "chance": draw(UNIT | EXPR),
                     "visible_to": draw(st.just("all") | st.just(actors))}],
        "endings": [{"id": "done", "title": draw(SHORT), "default": True,
                     "debrief": draw(st.lists(TEXT, max_size=2))}],
    }
    for name in draw(st.lists(IDS, max_size=3, unique=True)):
        low = draw(NUMBER)
        high = low + draw(st.floats(0, 1e6, allow_nan=False))
        data["variables"][name] = {"start": low, "min": low, "max": high,
                                   "label": draw(SHORT), "key": draw(st.booleans())}
    return data


@PROPERTY
@given(scenarios())
def test_valid_scenarios_round_trip_through_yaml(data: dict[str, Any]) -> None:
    model = Scenario.model_validate(data, strict=True)
    text = dump(model.model_dump(exclude_defaults=True))
    loaded = load_model_text(text, "gen.yaml").model
    assert loaded == model


# --- mutations of valid files -------------------------------------------------------------------

PRINTABLE_NOISE = st.sampled_from(list(":-[]{}#&*!|>'\"\t\n ,?%@`~0123456789aZ\x00\u00e9\ufeff"))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(VALID_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "drop_line", "dup_line",
                                   "indent_line"]))
        lines = text.split("\n")
        if op in ("drop_line", "dup_line", "indent_line"):
            i = draw(st.integers(0, len(lines) - 1))
            if op == "drop_line":
                del lines[i]
            elif op == "dup_line":
                lines.insert(i, lines[i])
            else:
                lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
            text = "\n".join(lines)
            continue
        pos = draw(st.integers(0, max(0, len(text) - 1)))
        if op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 5)):]
        elif op == "insert":
            text = text[:pos] + draw(st.text(PRINTABLE_NOISE, min_size=1, max_size=4)) + text[pos:]
        else:
            text = text[:pos] + draw(PRINTABLE_NOISE) + text[pos + 1:]
    return text


def _assert_loads_or_positioned_error(text: str) -> None:
    try:
        load_text(text, "mut.yaml")
    except ScenarioError as exc:
        assert exc.diagnostics, "a ScenarioError must carry diagnostics"
        lines = len(source_lines(text)) + 1  # the end of the stream may sit past the last line
        for d in exc.diagnostics:
            assert d.code != "E999", d.format()
            assert d.span.file == "mut.yaml"
            assert 1 <= d.span.line <= lines and d.span.col >= 1, d.format()
            assert d.message


@settings(max_examples=200, deadline=None)
@given(mutated())
def test_mutated_files_load_or_fail_with_positions(text: str) -> None:
    _assert_loads_or_positioned_error(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_fails_with_positions(text: str) -> None:
    _assert_loads_or_positioned_error(text)
