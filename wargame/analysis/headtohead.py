"""Head-to-head: does one policy serve an actor's own objectives better than another?

For an actor A, a candidate policy C (say `search`) and a baseline B (say `goal`), run i
is played twice on the same seed: once with A playing C and everyone else B, once with
everyone playing B. The difference in A's objective score between the two games, averaged
over the runs, with a 95 % interval, says whether C beats B for A. Pairing on the seed
(common random numbers) takes the luck of the draw out of the comparison, and the
all-baseline game of run i is the same for every actor, so it is played once.

The games are ordinary batch runs (`wargame.analysis.play.run_one`), the ones `wargame
simulate -p A=C -p '*=B'` plays, so the figures are what `simulate` would show.
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from wargame.analysis.batch import run_batch
from wargame.analysis.play import RunResult, RunSpec, run_seed
from wargame.analysis.stats import Z95

__all__ = ["Duel", "duel_specs", "head_to_head", "render_duels"]


@dataclass(frozen=True, slots=True)
class Duel:
    """The candidate against one baseline, for one actor."""

    actor: str
    baseline: str
    runs: int
    candidate_mean: float
    """The actor's mean score when it plays the candidate and the rest the baseline."""
    baseline_mean: float
    """The actor's mean score when everyone plays the baseline."""
    difference: float
    low: float
    high: float
    """95 % interval of the mean paired difference."""
    same: int = 0
    """Runs in which the actor scored exactly the same in both games (a search that kept
    the baseline's every move plays the baseline's very game)."""

    @property
    def beats(self) -> bool:
        """The interval lies above zero."""
        return self.low > 0


def duel_specs(
    text: str,
    name: str,
    *,
    actors: Sequence[str],
    candidate: str,
    baseline: str,
    runs: int,
    seed: int | str,
) -> Iterator[RunSpec]:
    """Per run: the all-baseline game, then each actor's candidate game, on one seed."""
    index = 0
    for i in range(runs):
        shared = run_seed(f"{seed}:{baseline}", i)
        for who in (None, *actors):
            yield RunSpec(
                scenario_text=text,
                scenario_name=name,
                run_index=index,
                seed=shared,
                policies=((who, candidate),) if who is not None else (),
                default_policy=baseline,
            )
            index += 1


def head_to_head(
    text: str,
    name: str,
    *,
    actors: Sequence[str],
    candidate: str,
    baselines: Sequence[str],
    runs: int,
    seed: int | str = 0,
    executor: cf.Executor | None = None,
    progress: Callable[[int], object] | None = None,
) -> list[Duel]:
    """Every (actor, baseline) duel of `candidate`, `runs` paired games each."""
    duels: list[Duel] = []
    done = 0
    for baseline in baselines:
        specs = duel_specs(
            text,
            name,
            actors=actors,
            candidate=candidate,
            baseline=baseline,
            runs=runs,
            seed=seed,
        )
        diffs: dict[str, list[float]] = {a: [] for a in actors}
        with_scores: dict[str, list[float]] = {a: [] for a in actors}
        base_scores: dict[str, list[float]] = {a: [] for a in actors}
        shared: RunResult | None = None
        for position, result in enumerate(run_batch(specs, executor=executor, chunk=1)):
            slot = position % (len(actors) + 1)
            if slot == 0:
                shared = result
            else:
                assert shared is not None
                actor = actors[slot - 1]
                diffs[actor].append(result.scores[actor] - shared.scores[actor])
                with_scores[actor].append(result.scores[actor])
                base_scores[actor].append(shared.scores[actor])
            done += 1
            if progress is not None:
                progress(done)
        for actor in actors:
            mean, low, high = mean_interval(diffs[actor])
            duels.append(
                Duel(
                    actor=actor,
                    baseline=baseline,
                    runs=len(diffs[actor]),
                    candidate_mean=statistics.fmean(with_scores[actor]),
                    baseline_mean=statistics.fmean(base_scores[actor]),
                    difference=mean,
                    low=low,
                    high=high,
                    same=sum(d == 0 for d in diffs[actor]),
                )
            )
    return duels


def mean_interval(values: Sequence[float], z: float = Z95) -> tuple[float, float, float]:
    """Mean with a normal-approximation 95 % interval (nan when fewer than two values)."""
    if len(values) < 2:
        mean = values[0] if values else math.nan
        return mean, math.nan, math.nan
    mean = statistics.fmean(values)
    half = z * statistics.stdev(values) / math.sqrt(len(values))
    return mean, mean - half, mean + half


def render_duels(duels: Sequence[Duel], candidate: str) -> str:
    """The head-to-head table: one row per actor and baseline."""
    head = (
        f"{'actor':<18} {'vs':<9} {'runs':>5} {'same':>5} {candidate[:8]:>8} {'base':>7} "
        f"{'diff':>7}  95 % interval"
    )
    lines = [head, "-" * len(head) + "---------"]
    for d in duels:
        mark = "beats" if d.beats else ("loses" if d.high < 0 else "")
        lines.append(
            f"{d.actor:<18} {d.baseline:<9} {d.runs:>5} {d.same:>5} {d.candidate_mean:>8.2f} "
            f"{d.baseline_mean:>7.2f} {d.difference:>+7.2f}  [{d.low:+.2f}, {d.high:+.2f}] {mark}"
        )
    wins = sum(d.beats for d in duels)
    lines.append(f"{candidate} beats the baseline in {wins} of {len(duels)} duels")
    return "\n".join(lines)
