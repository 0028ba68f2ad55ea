"""The search bot: decision time, rollouts per second, and head-to-head against the others.

    python -m benchmarks --only search              # decision time and rollouts/s (table)
    python -m benchmarks.search --versus --runs 60 --jobs 2
    python -m benchmarks.search --versus --actors denmark,uk --baselines goal --runs 200
    python -m benchmarks.search --versus --model-others --runs 100   # search:goal vs goal
    python -m benchmarks.search --reach --runs 100 --jobs 2   # can a seat move its own score?
    python -m benchmarks.search --room --actors congress --runs 20   # room above goal play

Decision time is CPU time of this process for one decision at the default budget, over the
decisions of a few Greenland games played by the search bot itself (the first turns have
the longest rollouts). The head-to-head plays, per run and seed, one game with every actor
on the baseline and, for each actor, one with that actor on `search` (see
`wargame.analysis.headtohead`), and prints the mean paired difference in the actor's own
objective score with its 95 % interval.

The reach (`--reach`) asks whether any bot *could* win a head-to-head for an actor: on the
same seeds, the actor plays the search bot aiming at its best score and then the search bot
aiming at its worst (`SearchPolicy(worst=True)`), every other seat the default bot. The gap
between the two means, with its 95 % interval, is how far the actor's own choices can move
its own objective score; where it is near zero, no policy can beat another for that actor,
and the seat's choices do not matter to it (a design question for the scenario).

The room (`--room`) asks the question for `search:goal` against goal: how much could the
actor gain over the goal bot's own moves, the others being goal bots? It plays all-goal
games and, at each of the actor's decisions, plays every legal move there followed by goal
play to the end, on `--pairs` shared seeds (the rollouts `search:goal` plays, common random
numbers), many more than a decision's budget. The seeds are split in two halves: the best
(and the worst) other move is picked on one half and measured against the goal move on the
other, so the winner's curse does not inflate it. Summed over a game's decisions, the
held-out gain is about what a search that found the best single deviation at every decision
could win; near zero, with a tight interval, means the actor's score cannot move against
goal players by its own choices, whatever the search.
"""

from __future__ import annotations

import argparse
import sys
import time
from random import Random

from benchmarks.common import SCENARIOS, Row, load, machine, percentile
from wargame.bots.opponents import DEFAULT_OPPONENTS
from wargame.bots.search import DEFAULT_GOAL_ROLLOUTS, DEFAULT_ROLLOUTS, Budget, SearchPolicy
from wargame.engine import (
    UMPIRE,
    Action,
    GameState,
    initial_state,
    objective_scores,
    playout_from,
    step,
    to_act,
)
from wargame.engine.specialise import specialised
from wargame.scenario.ir import ScenarioIR
from wargame.scenario.loader import load_scenario

TARGET_SECONDS = 0.5


def decision_times(
    games: int = 2, name: str = "greenland", *, budget: Budget | None = None,
    opponents: str = DEFAULT_OPPONENTS,
) -> list[float]:
    """CPU seconds of each search decision over `games` games the search bot plays."""
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    policies = {
        i: SearchPolicy(scenario, a.id, budget, opponents=opponents)
        for i, a in enumerate(scenario.actors)
    }
    times: list[float] = []
    for game in range(games):
        rng = Random(f"bench:{game}")
        state = initial_state(scenario, rng=rng, record=False)
        while (seat := to_act(scenario, state)) is not None:
            assert seat != UMPIRE
            start = time.process_time()
            action = policies[seat].choose(scenario, state, seat, rng)
            times.append(time.process_time() - start)
            state, _ = step(scenario, state, action, rng, record=False)
    return times


def rollouts_per_second(
    seconds: float = 3.0, name: str = "greenland", *, specialise: bool = True
) -> float:
    """Rollouts from the opening state through `playout_from` (the generated playout, or
    the reference path), scored as the search bot scores them, per CPU second."""
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    state = initial_state(scenario, rng=Random(0), record=False)
    rng = Random(1)
    count = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        final = playout_from(scenario, state, rng, specialise=specialise).state
        objective_scores(scenario, final)
        count += 1
    return count / (time.process_time() - start)


def goal_costs(repeats: int = 5, name: str = "greenland") -> tuple[float, float]:
    """CPU seconds of one goal decision (the mean over the states of six random games) and
    of one goal rollout from the opening (`search:goal`'s rollouts), each the best of
    `repeats` passes so that other processes' load counts as little as it can."""
    from wargame.bots.goal import GoalSeekingPolicy
    from wargame.bots.opponents import Opponents
    from wargame.engine import legal_actions

    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    bots = {i: GoalSeekingPolicy(scenario, a.id) for i, a in enumerate(scenario.actors)}
    states = []
    for game in range(6):
        rng = Random(f"goal:{game}")
        state = initial_state(scenario, rng=rng, record=False)
        while isinstance(seat := to_act(scenario, state), int):
            states.append((state, seat))
            actions = legal_actions(scenario, state, seat)
            action = actions[min(int(rng.random() * len(actions)), len(actions) - 1)]
            state, _ = step(scenario, state, action, rng, record=False)
    opening = initial_state(scenario, rng=Random(0), record=False)
    opponents = Opponents(scenario, 0, "goal")
    decision = rollout = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for state, seat in states:
            bots[seat].choose(scenario, state, seat, Random(1))
        decision = min(decision, (time.process_time() - start) / len(states))
        start = time.process_time()
        for i in range(20):
            opponents.forget()
            opponents.rollout(scenario, opening, Random(i))
        rollout = min(rollout, (time.process_time() - start) / 20)
    return decision, rollout


def run(quick: bool = False) -> list[Row]:
    times = decision_times(games=1 if quick else 3)
    worst = max(times)
    modelled = decision_times(games=1, opponents="goal")
    scenario = load_scenario(SCENARIOS / "greenland.yaml")
    goal_decision, goal_rollout = goal_costs(2 if quick else 5)
    fast = rollouts_per_second()
    reference = rollouts_per_second(1.0 if quick else 3.0, specialise=False)
    return [
        Row(
            "search",
            "rollouts take the generated playout",
            float(specialised(scenario) is not None),
            "",
            "yes",
            specialised(scenario) is not None,
            note="SearchPolicy.sample -> Opponents.rollout -> engine.playout_from",
        ),
        Row(
            "search",
            "rollouts/s, Greenland from the opening",
            fast,
            "/s",
            note=f"reference path {reference:,.0f}/s ({fast / reference:.1f}x)",
        ),
        Row(
            "search",
            f"decision, median ({DEFAULT_ROLLOUTS} rollouts)",
            percentile(times, 50),
            "s",
            note=f"{len(times)} decisions",
        ),
        Row(
            "search",
            "decision, 95th percentile",
            percentile(times, 95),
            "s",
            target=f"< {TARGET_SECONDS} s",
            ok=percentile(times, 95) < TARGET_SECONDS,
        ),
        Row(
            "search",
            "decision, slowest",
            worst,
            "s",
            target=f"< {TARGET_SECONDS} s",
            ok=worst < TARGET_SECONDS,
        ),
        Row(
            "search",
            f"decision, median (search:goal, {DEFAULT_GOAL_ROLLOUTS} rollouts)",
            percentile(modelled, 50),
            "s",
            note=f"{len(modelled)} decisions; every seat a goal bot to the end",
        ),
        Row(
            "search",
            "goal decision (its one-move look-ahead), mean",
            goal_decision,
            "s",
            note="best of passes over six random Greenland games' states",
        ),
        Row(
            "search",
            "goal rollout from the opening",
            goal_rollout,
            "s",
            note=(
                f"every seat a goal bot to the end (Opponents.rollout): "
                f"{1 / goal_rollout:,.0f} goal rollouts/s"
            ),
        ),
        Row(
            "search",
            "decision, slowest (search:goal)",
            max(modelled),
            "s",
            target=f"< {TARGET_SECONDS} s",
            ok=max(modelled) < TARGET_SECONDS,
        ),
    ]


def versus(argv: list[str]) -> None:
    from wargame.analysis.batch import open_executor
    from wargame.analysis.headtohead import Duel, head_to_head, render_duels

    parser = argparse.ArgumentParser(prog="python -m benchmarks.search --versus")
    parser.add_argument("--scenario", default="greenland")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", default="h2h")
    parser.add_argument("--candidate", default="search")
    parser.add_argument("--baselines", default="random,weighted,goal")
    parser.add_argument("--actors", default="", help="comma-separated (default: every playable)")
    parser.add_argument(
        "--model-others",
        action="store_true",
        help="the search's rollouts play the other seats as the baseline does (search:N:goal)",
    )
    args = parser.parse_args(argv)
    path = SCENARIOS / f"{args.scenario}.yaml"
    scenario = load_scenario(path)
    actors = [a for a in args.actors.split(",") if a] or [
        a.id for a in scenario.actors if a.playable and a.objectives
    ]
    baselines = [b for b in args.baselines.split(",") if b]
    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}; load at start {load():.2f}")
    total = args.runs * (len(actors) + 1) * len(baselines)
    start = time.perf_counter()

    played = [0]

    def progress(_: int) -> None:
        played[0] += 1
        done = played[0]
        if done % 25 == 0 or done == total:
            rate = done / max(time.perf_counter() - start, 1e-9)
            print(f"  {done}/{total} games, {rate:.2f}/s", file=sys.stderr, flush=True)

    duels: list[Duel] = []
    with open_executor("local", args.jobs) as executor:
        for baseline in baselines:
            # --model-others: the candidate knows what it faces (search:300 -> search:300:goal)
            candidate = f"{args.candidate}:{baseline}" if args.model_others else args.candidate
            duels += head_to_head(
                path.read_text(encoding="utf-8"),
                path.name,
                actors=actors,
                candidate=candidate,
                baselines=[baseline],
                runs=args.runs,
                seed=args.seed,
                executor=executor,
                progress=progress,
            )
    models = ", others modelled as the baseline" if args.model_others else ""
    print(f"{args.scenario}: {args.candidate} vs each baseline, {args.runs} paired runs{models}")
    print(render_duels(duels, args.candidate))
    print(f"{time.perf_counter() - start:.0f} s, load at end {load():.2f}")


def _opening(name: str, listed: str) -> list[str]:
    """The actors to measure (those `listed`, comma-separated, or every playable one with
    objectives), after a line naming the machine and its load."""
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    actors = [a for a in listed.split(",") if a] or [
        a.id for a in scenario.actors if a.playable and a.objectives
    ]
    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}; load at start {load():.2f}")
    return actors


def _reach_games(job: tuple[str, str, str, int, int, int, str]) -> list[tuple[float, float]]:
    """(best, worst) scores of `actor` over `count` seeds from `first` (a worker task)."""
    from wargame.analysis.play import build_policies, play_game
    from wargame.bots import DEFAULT_BOT

    name, actor, seed, first, count, rollouts, others = job
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    index = scenario.names.actors[actor]
    base = dict(build_policies(scenario, {}, others or DEFAULT_BOT))
    pairs = []
    for i in range(first, first + count):
        scores = []
        for worst in (False, True):
            policies = {**base, index: SearchPolicy(scenario, actor, Budget(rollouts), worst=worst)}
            state, *_ = play_game(scenario, policies, Random(f"{seed}:{i}"))
            scores.append(objective_scores(scenario, state)[index])
        pairs.append((scores[0], scores[1]))
    return pairs


def reach(argv: list[str]) -> None:
    """Per actor: its score when it seeks its best, when it seeks its worst, and the gap."""
    from wargame.analysis.batch import open_executor
    from wargame.analysis.headtohead import mean_interval

    parser = argparse.ArgumentParser(prog="python -m benchmarks.search --reach")
    parser.add_argument("--scenario", default="greenland")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", default="reach")
    parser.add_argument("--rollouts", type=int, default=300, help="search budget a decision")
    parser.add_argument("--others", default="", help="the other seats' policy (default bot)")
    parser.add_argument("--actors", default="", help="comma-separated (default: every playable)")
    args = parser.parse_args(argv)
    actors = _opening(args.scenario, args.actors)
    print(f"{args.scenario}: each actor's own score, search for its best vs for its worst "
          f"(search:{args.rollouts}), others {args.others or 'the default bot'}, "
          f"{args.runs} paired seeds")
    print(f"{'actor':<18} {'best':>6} {'worst':>6} {'gap':>6}  95 % interval")
    start = time.perf_counter()
    step_ = 10
    with open_executor("local", args.jobs) as executor:
        for actor in actors:
            jobs = [
                (args.scenario, actor, args.seed, i, min(step_, args.runs - i), args.rollouts,
                 args.others)
                for i in range(0, args.runs, step_)
            ]
            results = executor.map(_reach_games, jobs) if executor else map(_reach_games, jobs)
            pairs = [pair for batch in results for pair in batch]
            gap, low, high = mean_interval([b - w for b, w in pairs])
            best = sum(b for b, _ in pairs) / len(pairs)
            worst = sum(w for _, w in pairs) / len(pairs)
            print(f"{actor:<18} {best:>6.2f} {worst:>6.2f} {gap:>+6.2f}  [{low:+.2f}, {high:+.2f}]",
                  flush=True)
    print(f"{time.perf_counter() - start:.0f} s, load at end {load():.2f}")


def _room_games(job: tuple[str, str, str, int, int, int]) -> list[list[RoomRow]]:
    """Per all-goal game from `first`, a `RoomRow` per decision of `actor` with a choice
    (a worker task)."""
    from wargame.analysis.play import build_policies
    from wargame.engine import legal_actions

    name, actor, seed, first, count, pairs = job
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    index = scenario.names.actors[actor]
    policies = dict(build_policies(scenario, {}, "goal"))
    probe = SearchPolicy(scenario, actor, opponents="goal")
    games = []
    for i in range(first, first + count):
        rng = Random(f"{seed}:{i}")
        state = initial_state(scenario, rng=rng, record=False)
        rows: list[RoomRow] = []
        while (seat := to_act(scenario, state)) is not None:
            action = policies[seat].choose(scenario, state, seat, rng)
            actions = legal_actions(scenario, state, seat) if seat == index else []
            if len(actions) > 1:
                where = Random(f"room:{seed}:{i}:{len(rows)}")
                rows.append(_room_at(probe, scenario, state, actions, action, pairs, where))
            state, _ = step(scenario, state, action, rng, record=False)
        games.append(rows)
    return games


RoomRow = tuple[int, float, float, float, bool]
"""One decision: (moves, held-out gain of the best other move over the goal move, its
standard error, held-out loss of the worst, the goal move best or tied on every seed)."""


def _room_at(
    probe: SearchPolicy, scenario: ScenarioIR, state: GameState, actions: list[Action],
    chosen: Action, pairs: int, rng: Random,
) -> RoomRow:
    """Every move at one decision, `pairs` shared seeds each (`_room_games`)."""
    from wargame.bots.search import Arm, immediate_expectations, mean_error

    index = probe.index
    arms = [Arm(i) for i in range(len(actions))]
    for arm, expected in zip(
        arms, immediate_expectations(scenario, state, index, actions) or (), strict=False
    ):
        arm.expected = expected
    probe.opponents.forget()
    seeds = [rng.random() for _ in range(pairs)]
    for seed in seeds:
        probe.sample(scenario, state, index, actions, arms, seed)
    kept = arms[actions.index(chosen)]
    pick, test = seeds[: pairs // 2], seeds[pairs // 2 :]

    def diff(arm: Arm, on: list[float]) -> list[float]:
        return [arm.samples[s] - kept.samples[s] for s in on]

    others = [a for a in arms if a is not kept]
    best = max(others, key=lambda a: sum(diff(a, pick)))
    worst = min(others, key=lambda a: sum(diff(a, pick)))
    gain, error = mean_error(diff(best, test))
    loss, _ = mean_error(diff(worst, test))
    top = max(sum(diff(a, seeds)) for a in others) <= 1e-9
    return (len(actions), gain, error, loss, top)


def room(argv: list[str]) -> None:
    """Per actor against goal players: the held-out gain of the best other move at each
    decision and the loss of the worst, summed over a game."""
    from wargame.analysis.batch import open_executor
    from wargame.analysis.headtohead import mean_interval

    parser = argparse.ArgumentParser(prog="python -m benchmarks.search --room")
    parser.add_argument("--scenario", default="greenland")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=40, help="shared seeds per decision")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", default="room")
    parser.add_argument("--actors", default="", help="comma-separated (default: every playable)")
    args = parser.parse_args(argv)
    actors = _opening(args.scenario, args.actors)
    print(f"{args.scenario}: room above goal play, {args.runs} all-goal games, {args.pairs} "
          f"seeds a decision (half to pick, half to measure)")
    print(f"{'actor':<18} {'dec':>4} {'moves':>5} {'goal top':>8} {'clear':>5} "
          f"{'gain/game':>9}  95 % interval      {'loss/game':>9}")
    start = time.perf_counter()
    with open_executor("local", args.jobs) as executor:
        for actor in actors:
            jobs = [(args.scenario, actor, args.seed, i, min(2, args.runs - i), args.pairs)
                    for i in range(0, args.runs, 2)]
            results = executor.map(_room_games, jobs) if executor else map(_room_games, jobs)
            games = [g for batch in results for g in batch]
            rows = [r for g in games for r in g]
            if not rows:
                print(f"{actor:<18} no decision with a choice")
                continue
            gain, low, high = mean_interval([sum(r[1] for r in g) for g in games])
            loss = sum(sum(r[3] for r in g) for g in games) / len(games)
            clear = sum(r[1] > 2 * r[2] for r in rows)
            top = sum(r[4] for r in rows) / len(rows)
            moves = sum(r[0] for r in rows) / len(rows)
            print(f"{actor:<18} {len(rows):>4} {moves:>5.1f} {top:>8.0%} {clear:>5} "
                  f"{gain:>+9.3f}  [{low:+.3f}, {high:+.3f}]  {loss:>+9.3f}", flush=True)
    print(f"{time.perf_counter() - start:.0f} s, load at end {load():.2f}")


if __name__ == "__main__":
    if "--room" in sys.argv[1:]:
        room([a for a in sys.argv[1:] if a != "--room"])
    elif "--reach" in sys.argv[1:]:
        reach([a for a in sys.argv[1:] if a != "--reach"])
    elif "--versus" in sys.argv[1:]:
        versus([a for a in sys.argv[1:] if a != "--versus"])
    else:
        from benchmarks.common import table

        print(table(run(quick="--quick" in sys.argv[1:])))
