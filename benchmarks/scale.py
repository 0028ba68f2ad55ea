"""Benchmark 2: load, validate and lint time against scenario size.

Scenarios of 100, 1,000 and 10,000 moves are generated (actors, variables, flags, injects,
endings and alliances grow in proportion: one actor per 20 moves, one variable per 10, one
flag per 20, one inject per 20, one ending per 50, one alliance per 10 actors). Each size is
timed through the stages of `wargame validate` (read YAML with positions; validate with
the pydantic models and compile to the IR) and `wargame.scenario.lint.lint_scenario`, in
CPU seconds; the growth exponent is the least-squares slope of log(time) on log(moves).

A 10,000-move file is about 2 MB and 300,000 YAML values, above the loader's safety caps
for untrusted files (1 MiB, 200,000 values); the benchmark raises both caps while it runs
so it measures the pipeline, not the caps.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Sequence

from benchmarks.common import Row

__all__ = ["exponent", "generate", "run"]

SIZES = (100, 1_000, 10_000)


def generate(moves: int) -> str:
    """A valid scenario with `moves` moves, written as an author would (block YAML)."""
    n_actors = max(3, moves // 20)
    n_vars = max(2, moves // 10)
    n_flags = max(1, moves // 20)
    n_injects = max(1, moves // 20)
    n_endings = max(2, moves // 50)
    n_alliances = max(1, n_actors // 10)
    out = [
        "wargame: 1",
        f"id: scale_{moves}",
        f'title: "Scale benchmark, {moves} moves"',
        "calendar: {start: Day 1, step: day, turns: 12}",
        "actors:",
    ]
    for a in range(n_actors):
        out += [f"  a{a}:", f"    name: Actor {a}", f"    briefing: Actor {a}'s brief."]
    out.append("alliances:")
    per = n_actors // n_alliances
    for k in range(n_alliances):
        out += [f"  k{k}:", f"    name: Alliance {k}", "    members:"]
        for a in range(k * per, min((k + 1) * per, n_actors)):
            out.append(f"      a{a}: {{weight: {1 + a % 3}, commitment: 70, exit_below: 20}}")
        out.append("    collapse_below: 30")
    out.append("variables:")
    for v in range(n_vars):
        out.append(f"  v{v}: {{start: {v % 7}, min: 0, max: 20, label: Level {v}}}")
    out.append("flags:")
    for f in range(n_flags):
        out.append(f"  f{f}: {{label: Fact {f}}}")
    out.append("moves:")
    for m in range(moves):
        a, v, f = m % n_actors, m % n_vars, m % n_flags
        other = (a + 1) % n_actors
        out += [
            f"  - id: m{m}",
            f"    actor: a{a}",
            f"    label: Move {m}",
            f"    text: Actor {a} acts on level {v}.",
            f'    when: "v{v} < 15 and not flags.f{f}"',
            "    effects:",
            f'      - "v{v} += 1"',
            f'      - "trust[a{other}][a{a}] -= 2"',
        ]
        if m % 5 == 0:
            out += [
                "    chance:",
                "      - {id: yes, p: 0.4, effects: [" + f'"flags.f{f} = true"' + "]}",
                "      - {id: no}",
            ]
        elif m % 5 == 1:
            out += [
                "    dice:",
                "      roll: 2d6",
                "      modifiers:",
                f'        - {{label: Tension, value: -1, when: "v{(v + 1) % n_vars} >= 10"}}',
                "      outcomes:",
                f'        - {{id: win, at_least: 8, effects: ["v{v} -= 2"]}}',
                "        - {id: lose}",
            ]
    out.append("injects:")
    for i in range(n_injects):
        v = (i * 7) % n_vars
        out += [
            f"  - id: i{i}",
            f"    label: News {i}",
            f"    at_turn: [{1 + i % 12}]",
            f'    when: "v{v} >= 3"',
            "    chance: 0.5",
            f'    effects: ["v{v} += 2"]',
        ]
    out.append("endings:")
    for e in range(n_endings):
        v = (e * 3) % n_vars
        out += [
            f"  - id: e{e}",
            f"    title: Ending {e}",
            f"    priority: {e}",
            f'    when: "v{v} >= 18 and turn >= 2"',
        ]
    out += ["  - id: timeout", "    title: Time runs out", "    default: true"]
    return "\n".join(out) + "\n"


def exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den


def _best_cpu(fn: Callable[[], object], repeats: int) -> float:
    best = math.inf
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def run(sizes: Sequence[int] = SIZES) -> list[Row]:
    from wargame.scenario import source
    from wargame.scenario.lint import lint_scenario
    from wargame.scenario.loader import load_document

    rows: list[Row] = []
    validate_times: list[float] = []
    lint_times: list[float] = []
    for moves in sizes:
        text = generate(moves)
        name = f"scale_{moves}.yaml"
        big = max(source.MAX_BYTES, 2 * len(text.encode()))
        repeats = 3 if moves <= 1_000 else 1

        def parse(text: str = text, name: str = name, big: int = big) -> source.SourceDocument:
            return source.parse_text(text, name, max_bytes=big)

        saved = source.MAX_NODES
        source.MAX_NODES = 10 * saved  # type: ignore[misc]  # lifted for the benchmark only
        try:
            doc = parse()
        finally:
            source.MAX_NODES = saved  # type: ignore[misc]
        ir = load_document(doc)
        source.MAX_NODES = 10 * saved  # type: ignore[misc]
        try:
            t_parse = _best_cpu(parse, repeats)
        finally:
            source.MAX_NODES = saved  # type: ignore[misc]
        t_compile = _best_cpu(functools.partial(load_document, doc), repeats)
        warnings = lint_scenario(ir)
        t_lint = _best_cpu(functools.partial(lint_scenario, ir), repeats)
        total = t_parse + t_compile
        validate_times.append(total)
        lint_times.append(t_lint)
        note = (
            f"{len(text) / 1e6:.2f} MB; read {t_parse:.3f}s, validate+compile "
            f"{t_compile:.3f}s; lint {t_lint:.3f}s ({len(warnings)} warnings)"
        )
        both = total + t_lint
        target = "< 5 s" if moves == 10_000 else ""
        ok = both < 5.0 if moves == 10_000 else None
        rows.append(
            Row("scale", f"{moves:,} moves: validate + lint", both, "s CPU", target, ok, note)
        )
    for label, times in (("validate", validate_times), ("lint", lint_times)):
        slope = exponent(sizes, times)
        rows.append(
            Row(
                "scale",
                f"growth exponent, {label}",
                slope,
                "",
                "<= 1.2",
                slope <= 1.2,
                note=f"log-log fit over {', '.join(f'{s:,}' for s in sizes)} moves",
            )
        )
    return rows
