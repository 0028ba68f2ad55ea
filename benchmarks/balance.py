"""Balance of the shipped scenarios: do they play well under every bot, and do seats matter?

    python -m benchmarks --only balance                 # the targets, one table
    python -m benchmarks.balance                        # every scenario and policy, in full
    python -m benchmarks.balance --scenarios greenland --policies goal,play --runs 400
    python -m benchmarks.balance --lines --runs 300     # each seat's cooperative vs hostile line
    python -m benchmarks.balance --choices --runs 200   # moves open to each seat a turn

The targets (issue 20), for Greenland and Cuba 1962, under every shipped bot policy playing
every seat (random, weighted, goal, search) and under the default `play` mix:

- at least 4 endings happen in 5 % of games or more, and no ending in more than 60 %;
- at least 40 % of games reach the final turn;
- every playable seat matters: forcing its most cooperative line against its least
  cooperative one (the other seats played by the default bot) shifts some ending's share by
  10 points or more;
- Greenland's President, Denmark, Greenland and the UK, and Cuba's President, Soviet forces
  and UN Secretary-General, have three moves or more to choose from in most of their turns
  (CHOICE_SEATS; `--choices` prints every seat).

The games are the ones `wargame simulate` plays (`wargame.analysis.play.run_one`): run i of
a batch is seeded `SEED:i`, so `wargame simulate scenarios/greenland.yaml --runs 400 --seed
balance -p '*=goal'` shows the same figures. The **play mix** is what a class meets: the
seats a team would take (PLAY_HUMANS) played by a purposeful stand-in for people
(HUMAN_MODEL, one move of look-ahead on the seat's own objectives), every other seat by the
bot `play` gives a seat nobody chose (`wargame.bots.default_policy_for`: `weighted` where the
author weighed the seat's moves, as on every shipped scenario, else `DEFAULT_BOT`), and an
umpire that confirms what the rules propose.

tests/scenarios/test_balance.py pins these figures on a fixed seed with a tolerance.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from random import Random

from benchmarks.common import SCENARIOS, Row, load, machine, table
from wargame.analysis.batch import make_specs, open_executor, run_batch
from wargame.analysis.play import build_policies, ending_id, play_game
from wargame.bots import DEFAULT_BOT, default_policy_for
from wargame.engine import UMPIRE, PlayMove, initial_state, legal_actions, step, to_act
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

__all__ = [
    "LINES",
    "PLAY_HUMANS",
    "POLICIES",
    "Choices",
    "Quality",
    "Shift",
    "choices",
    "line_shift",
    "mix",
    "quality",
]

SCENARIO_NAMES = ("greenland", "cuba1962")
POLICIES = ("random", "weighted", "goal", "search", "play")
"""Every shipped bot policy for all seats, and the default `play` mix."""

MIN_ENDINGS = 4
COMMON = 0.05
TOP_MAX = 0.60
FINAL_MIN = 0.40
SHIFT_MIN = 0.10
SEED = "balance"

HUMAN_MODEL = "goal"
"""How the mix stands in for the human teams: a purposeful seat, one move ahead."""

PLAY_HUMANS: dict[str, tuple[str, ...]] = {
    "greenland": ("president", "congress", "denmark", "greenland"),
    "cuba1962": ("president", "premier"),
    "tutorial": ("northport",),
}
"""The seats teams take in a typical session (docs/scenarios/*.md, group size). The tutorial
is measured (`--scenarios tutorial`) but not held to the targets: it teaches the screens."""

Line = tuple[str, ...]
LINES: dict[str, dict[str, tuple[Line, Line]]] = {
    "greenland": {
        "president": (
            ("sign_access_deal", "pivot_to_deal", "implement_access_deal", "summit_commitment"),
            ("order_seizure", "order_contingency_plans", "threaten_denmark", "impose_tariffs",
             "summit_loyalty_test"),
        ),
        "advisers": (
            ("pass",),
            ("push_to_sever", "cite_venezuela", "press_for_speed"),
        ),
        "generals": (
            ("warn_of_refusal", "intercept_ghost_ships", "slow_walk", "reinforce_pituffik"),
            ("deliver_plan", "offer_strikes_elsewhere"),
        ),
        "congress": (
            ("cut_funds", "war_powers_resolution", "guard_nato_exit", "fund_arctic_security",
             "hold_hearings", "delegation_to_nuuk"),
            ("authorize_force", "back_purchase_bill"),
        ),
        "denmark": (
            ("offer_formal_access", "arctic_defence_package", "ratify_access_deal",
             "invest_in_greenland"),
            ("suspend_nato_cooperation", "ask_eu_assistance", "request_consultations"),
        ),
        "greenland": (
            ("stand_with_copenhagen",),
            ("direct_talks", "accept_chinese_investment"),
        ),
        "uk": (
            ("share_arctic_intelligence", "vouch_for_deal", "uk_mediation"),
            ("withhold_bases", "side_with_denmark_in_council", "back_denmark_publicly"),
        ),
        "europe": (
            ("reassure_washington", "war_game_scenarios"),
            ("plan_without_america", "anti_coercion_tools"),
        ),
        "secretary_general": (
            ("argue_at_summit", "propose_arctic_mission", "shuttle_diplomacy",
             "convene_council_arctic"),
            ("pass",),
        ),
        "russia": (
            ("pass",),
            ("leak_the_plans", "endorse_us_claim", "disinformation"),
        ),
        "china": (
            ("pass",),
            ("investment_offer", "research_icebreaker"),
        ),
    },
    "cuba1962": {
        "president": (
            ("jupiter_undertaking", "no_invasion_pledge", "back_channel"),
            ("invade", "air_strike", "proclaim_quarantine"),
        ),
        "premier": (
            ("agree_withdrawal", "turn_ships_back", "offer_letter"),
            ("predelegate", "run_the_line", "rush_construction"),
        ),
        "joint_chiefs": (
            ("restrain_forces",),
            ("depth_charge_submarines", "defcon_two", "low_level_flights"),
        ),
        "soviet_forces": (
            ("dismantle_sites", "surface_submarines", "strict_discipline"),
            ("shoot_down_u2", "arm_cruise_missiles", "tactical_rockets_forward",
             "submarines_to_the_line", "switch_on_radars"),
        ),
        "cuba": (
            ("accept_inspection", "pass"),
            ("fire_on_low_flights", "urge_first_strike", "refuse_inspection"),
        ),
        "oas_council": (
            ("endorse_quarantine", "join_quarantine", "envoy_to_havana"),
            ("urge_restraint",),
        ),
        "nato_allies": (
            ("press_for_talks",),
            ("turkey_objects",),
        ),
        "un_sg": (
            ("count_missiles_at_sea", "avoid_confrontation", "offer_verification",
             "trip_to_havana", "offer_good_offices", "appeal_for_standstill"),
            ("pass",),
        ),
    },
}
"""Per scenario and playable seat: its most cooperative line and its least cooperative one.
A line plays the first of its moves that is legal when the seat acts, and passes otherwise."""


@dataclass(frozen=True, slots=True)
class Quality:
    """The ending distribution of one scenario under one policy mix."""

    scenario: str
    policy: str
    runs: int
    shares: tuple[tuple[str, float], ...]
    """Ending id -> share of games, every ending of the scenario, most common first."""
    final_turn: float
    """Share of games that reach the calendar's last turn."""
    seconds: float
    last_turns: tuple[float, ...] = ()
    """Share of games that end in turn 1, 2, ... (the calendar's last turn included)."""

    @property
    def common(self) -> int:
        """Endings reached in at least 5 % of games."""
        return sum(1 for _, share in self.shares if share >= COMMON)

    @property
    def top(self) -> float:
        return self.shares[0][1] if self.shares else 0.0

    @property
    def ok(self) -> bool:
        return self.common >= MIN_ENDINGS and self.top <= TOP_MAX and self.final_turn >= FINAL_MIN

    def line(self) -> str:
        spread = ", ".join(f"{k} {v:.0%}" for k, v in self.shares if v > 0)
        return (
            f"{self.scenario:<10} {self.policy:<9} {self.runs:>5} {self.final_turn:>6.0%} "
            f"{self.common:>5} {self.top:>5.0%}  {'ok' if self.ok else 'MISSED':<6}  {spread}"
        )

    def turns_line(self) -> str:
        """The share of games ending in each turn."""
        spread = "  ".join(f"t{i + 1} {v:.0%}" for i, v in enumerate(self.last_turns))
        return f"{'':<10} {'':<9} {'':>5} last turn: {spread}"


@dataclass(frozen=True, slots=True)
class Shift:
    """A seat's cooperative line against its hostile one: the ending that moves most."""

    scenario: str
    actor: str
    runs: int
    ending: str
    cooperative: float
    hostile: float

    @property
    def size(self) -> float:
        return abs(self.cooperative - self.hostile)

    @property
    def ok(self) -> bool:
        return self.size >= SHIFT_MIN

    def line(self) -> str:
        return (
            f"{self.scenario:<10} {self.actor:<18} {self.runs:>5}  {self.ending:<28} "
            f"{self.cooperative:>5.0%} -> {self.hostile:>4.0%}  {self.size:>5.0%}  "
            f"{'ok' if self.ok else 'MISSED'}"
        )


@cache
def scenario_text(name: str) -> str:
    return (SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8")


@cache
def scenario(name: str) -> ScenarioIR:
    return load_scenario(SCENARIOS / f"{name}.yaml")


SEARCH_ROLLOUTS = 100
"""The search row's budget in rollouts a decision. The default (1,000, half a second at
worst) for all eleven Greenland seats would make 300 games cost about an hour of CPU; 100
rollouts make them a few minutes and keep the bot's look to the end of the game."""


def mix(name: str, policy: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """(per-actor policies, default policy) of a mix: a policy for all, or `play`."""
    if policy == "search":
        return (), f"search:{SEARCH_ROLLOUTS}"
    if policy != "play":
        return (), policy
    sc = scenario(name)
    humans = PLAY_HUMANS[name]
    bots = tuple(
        (a.id, default_policy_for(sc, a.id)) for a in sc.actors if a.id not in humans
    )
    return tuple((actor, HUMAN_MODEL) for actor in humans) + bots, DEFAULT_BOT


def ordered_shares(counts: Mapping[str, int], ids: Iterable[str]) -> tuple[tuple[str, float], ...]:
    """Every ending's share (zero included), most common first, ties in file order."""
    total = sum(counts.values()) or 1
    ids = list(ids)
    rows = [(i, counts.get(i, 0) / total) for i in ids]
    extra = [(k, v / total) for k, v in counts.items() if k not in ids]
    return tuple(sorted([*rows, *extra], key=lambda kv: -kv[1]))


def quality(
    name: str,
    policy: str,
    runs: int,
    *,
    seed: str = SEED,
    executor: cf.Executor | None = None,
) -> Quality:
    """Play `runs` games of scenario `name` under `policy` (or the `play` mix)."""
    policies, default = mix(name, policy)
    turns = scenario(name).calendar.turns
    specs = make_specs(
        text=scenario_text(name),
        name=f"{name}.yaml",
        runs=runs,
        seed=seed,
        policies=policies,
        default_policy=default,
    )
    counts: Counter[str] = Counter()
    ended: Counter[int] = Counter()
    final = 0
    start = time.perf_counter()
    searching = any(p.startswith("search") for p in (default, *(p for _, p in policies)))
    chunk = 1 if searching else 20
    for result in run_batch(specs, executor=executor, chunk=chunk):
        counts[result.ending] += 1
        final += result.turn >= turns
        ended[min(result.turn, turns)] += 1
    endings = [e.id for e in scenario(name).endings]
    return Quality(
        name, policy, runs, ordered_shares(counts, endings), final / max(runs, 1),
        time.perf_counter() - start,
        tuple(ended[t] / max(runs, 1) for t in range(1, turns + 1)),
    )


def _line_games(job: tuple[str, str, Line, int, int, str]) -> list[str]:
    """Endings of `count` games from `first` in which `actor` plays `line` (a worker task)."""
    name, actor, line, first, count, seed = job
    sc = scenario(name)
    script = {"*": [m for m in line if m != "pass"]}
    policies = build_policies(
        sc, {actor: "scripted:line"}, DEFAULT_BOT, read_script=lambda _path: script
    )
    endings = []
    for i in range(first, first + count):
        state, *_ = play_game(sc, policies, Random(f"{seed}:{i}"))
        endings.append(ending_id(sc, state))
    return endings


def line_shares(
    name: str, actor: str, line: Line, runs: int, *, seed: str = SEED,
    executor: cf.Executor | None = None,
) -> dict[str, float]:
    """Ending shares when `actor` plays `line` and every other seat the default bot."""
    step = 25
    jobs = [(name, actor, line, i, min(step, runs - i), seed) for i in range(0, runs, step)]
    results = executor.map(_line_games, jobs) if executor else map(_line_games, jobs)
    counts = Counter(e for batch in results for e in batch)
    return dict(ordered_shares(counts, [e.id for e in scenario(name).endings]))


def line_shift(
    name: str, actor: str, runs: int, *, seed: str = SEED, executor: cf.Executor | None = None
) -> Shift:
    """How far the seat's cooperative line moves the endings from its hostile line."""
    cooperative, hostile = LINES[name][actor]
    on = line_shares(name, actor, cooperative, runs, seed=seed, executor=executor)
    off = line_shares(name, actor, hostile, runs, seed=seed, executor=executor)
    ending = max(on, key=lambda e: (abs(on[e] - off.get(e, 0.0)), e))
    return Shift(name, actor, runs, ending, on[ending], off.get(ending, 0.0))


@dataclass(frozen=True, slots=True)
class Choices:
    """How many moves a seat had to choose from (Pass not counted), over many games."""

    scenario: str
    actor: str
    games: int
    decisions: int
    mean: float
    """Mean number of available moves a seat-turn."""
    three_or_more: float
    """Share of the seat's turns with three moves or more to choose from."""
    by_turn: tuple[float, ...]
    """Mean available moves in turn 1, 2, ..."""

    def line(self) -> str:
        turns = " ".join(f"{v:4.1f}" for v in self.by_turn)
        return (
            f"{self.scenario:<10} {self.actor:<18} {self.decisions:>6} {self.mean:>5.2f} "
            f"{self.three_or_more:>6.0%}   {turns}"
        )


def choices(
    name: str, runs: int, *, policy: str = "weighted", seed: str = SEED
) -> list[Choices]:
    """Per playable seat, the moves open to it each time it acts, over `runs` games in which
    every seat plays `policy`: a seat with fewer than three in most turns has thin choices."""
    sc = scenario(name)
    policies = build_policies(sc, {}, policy)
    turns = sc.calendar.turns
    counts: dict[int, list[tuple[int, int]]] = {}
    for i in range(runs):
        rng = Random(f"{seed}:{i}")
        state = initial_state(sc, rng=rng, record=False)
        while (seat := to_act(sc, state)) is not None:
            if seat != UMPIRE:
                moves = sum(
                    isinstance(a, PlayMove) for a in legal_actions(sc, state, seat)
                )
                counts.setdefault(seat, []).append((state.turn, moves))
            action = policies[seat].choose(sc, state, seat, rng)
            state, _ = step(sc, state, action, rng, record=False)
    out = []
    for index, actor in enumerate(sc.actors):
        seen = counts.get(index, [])
        if not actor.playable or not seen:
            continue
        per_turn = [[m for t, m in seen if t == turn] for turn in range(1, turns + 1)]
        out.append(Choices(
            name, actor.id, runs, len(seen), sum(m for _, m in seen) / len(seen),
            sum(m >= 3 for _, m in seen) / len(seen),
            tuple(sum(ms) / len(ms) if ms else 0.0 for ms in per_turn),
        ))
    return out


def playable(name: str) -> list[str]:
    return [a.id for a in scenario(name).actors if a.playable]


CHOICE_SEATS: dict[str, tuple[str, ...]] = {
    "greenland": ("president", "denmark", "greenland", "uk"),
    "cuba1962": ("president", "soviet_forces", "un_sg"),
}
"""Seats that must have three moves or more to choose from in most turns (issue 20; Cuba's
three since its version 2.2 gave them choices from the record of October 1962)."""
CHOICE_MIN = 0.5

RUNS = {"random": 1000, "weighted": 1000, "goal": 400, "play": 300, "search": 300}
"""Games per policy for the full measure (search plays every seat at SEARCH_ROLLOUTS)."""


def run(quick: bool = False) -> list[Row]:
    """Rows for `python -m benchmarks --only balance`: every target, ok or MISSED."""
    rows: list[Row] = []
    scale = 0.25 if quick else 1.0
    with open_executor("local", 0) as executor:
        for name in SCENARIO_NAMES:
            for policy in POLICIES:
                runs = max(10, int(RUNS[policy] * scale))
                q = quality(name, policy, runs, executor=executor)
                top_name = q.shares[0][0] if q.shares else "-"
                note = f"{runs} games; top {top_name}"
                rows.append(Row("balance", f"{name} {policy}: endings >= 5 %", q.common, "",
                                target=f">= {MIN_ENDINGS}", ok=q.common >= MIN_ENDINGS, note=note))
                rows.append(Row("balance", f"{name} {policy}: top ending", 100 * q.top, "%",
                                target=f"<= {TOP_MAX:.0%}", ok=q.top <= TOP_MAX))
                rows.append(Row("balance", f"{name} {policy}: reach the final turn",
                                100 * q.final_turn, "%", target=f">= {FINAL_MIN:.0%}",
                                ok=q.final_turn >= FINAL_MIN))
            if name in CHOICE_SEATS:
                rows_by_actor = {c.actor: c for c in choices(name, max(40, int(200 * scale)))}
                for actor in CHOICE_SEATS[name]:
                    c = rows_by_actor[actor]
                    rows.append(Row("balance", f"{name} {actor}: turns with >= 3 moves",
                                    100 * c.three_or_more, "%", target=f"> {CHOICE_MIN:.0%}",
                                    ok=c.three_or_more > CHOICE_MIN,
                                    note=f"mean {c.mean:.1f} moves, weighted bots"))
            for actor in playable(name):
                if actor not in LINES[name]:
                    rows.append(Row("balance", f"{name} {actor}: line shift", 0.0, "%",
                                    target=f">= {SHIFT_MIN:.0%}", ok=False, note="no lines"))
                    continue
                s = line_shift(name, actor, max(40, int(300 * scale)), executor=executor)
                rows.append(Row("balance", f"{name} {actor}: line shift", 100 * s.size, "%",
                                target=f">= {SHIFT_MIN:.0%}", ok=s.ok,
                                note=f"{s.ending} {s.cooperative:.0%} vs {s.hostile:.0%}"))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.balance", description=__doc__)
    parser.add_argument("--scenarios", default=",".join(SCENARIO_NAMES))
    parser.add_argument("--policies", default=",".join(POLICIES))
    parser.add_argument("--runs", type=int, default=0, help="games per policy (default: RUNS)")
    parser.add_argument("--seed", default=SEED)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: all cores)")
    parser.add_argument("--lines", action="store_true", help="measure each seat's line shift")
    parser.add_argument("--actors", default="", help="with --lines: only these seats")
    parser.add_argument("--choices", action="store_true",
                        help="moves open to each seat a turn, every seat on --policies' first")
    parser.add_argument("--rows", action="store_true", help="print the benchmark rows instead")
    args = parser.parse_args(argv)
    if args.rows:
        print(table(run()))
        return
    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}; load at start {load():.2f}")
    names = [n for n in args.scenarios.split(",") if n]
    if args.choices:
        policy = args.policies.split(",")[0] if args.policies != parser.get_default(
            "policies") else "weighted"
        print(f"every seat plays {policy}; moves open when the seat acts (Pass not counted)")
        print(f"{'scenario':<10} {'seat':<18} {'turns':>6} {'mean':>5} {'>= 3':>6}   by turn")
        for name in names:
            for row in choices(name, args.runs or 200, policy=policy, seed=args.seed):
                print(row.line(), flush=True)
        return
    with open_executor("local", args.jobs) as executor:
        if args.lines:
            print(f"{'scenario':<10} {'seat':<18} {'runs':>5}  {'ending that moves most':<28} "
                  "coop -> hostile  shift")
            for name in names:
                wanted = [a for a in args.actors.split(",") if a] or playable(name)
                for actor in wanted:
                    if actor not in LINES[name]:
                        print(f"{name:<10} {actor:<18} no lines")
                        continue
                    shift = line_shift(
                        name, actor, args.runs or 300, seed=args.seed, executor=executor
                    )
                    print(shift.line(), flush=True)
            return
        print(f"{'scenario':<10} {'policy':<9} {'runs':>5} {'final':>6} {'>=5%':>5} "
              f"{'top':>5}  targets endings")
        for name in names:
            for policy in args.policies.split(","):
                runs = args.runs or RUNS[policy]
                q = quality(name, policy, runs, seed=args.seed, executor=executor)
                print(q.line() + f"  ({q.seconds:.0f} s)", flush=True)
                print(q.turns_line(), flush=True)
    print(f"load at end {load():.2f}")


if __name__ == "__main__":
    main()
