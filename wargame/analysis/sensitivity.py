"""Policy sensitivity: the same batch under each bot policy, ending shares side by side.

A share from `wargame simulate` is a share *under a policy*: random bots, weighted bots and
goal-seeking bots play different games. Running the batch once per policy, with the same
seed and runs, shows how much a conclusion depends on how the bots play. The policies are
the bots registry's (every one that can play any actor without an argument), so a policy
added there is compared here without a change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wargame.analysis.simulate import BatchOptions, BatchOptionsError, BatchOutcome, run_simulation
from wargame.bots import POLICY_NAMES

__all__ = ["NOT_COMPARED", "PolicyComparison", "comparable_policies", "compare_policies"]

NOT_COMPARED = frozenset({"scripted", "accept"})
"""Registry policies that cannot play every actor as they are: a script needs its file, and
`accept` is the umpire's."""


def comparable_policies() -> list[str]:
    """The bots registry's policies that can play any actor, in its order."""
    return [name for name in POLICY_NAMES if name not in NOT_COMPARED]


@dataclass
class PolicyComparison:
    """One batch per policy, in the order asked."""

    policies: list[str]
    outcomes: list[BatchOutcome]

    def endings(self) -> list[str]:
        """Every ending reached under any policy, most frequent overall first."""
        totals: dict[str, float] = {}
        for outcome in self.outcomes:
            for ending, count in outcome.summary.endings.items():
                totals[ending] = totals.get(ending, 0.0) + count / outcome.summary.n
        return sorted(totals, key=lambda e: (-totals[e], e))

    def share(self, policy: str, ending: str) -> tuple[float, float, float]:
        """(share, low, high) of `ending` under `policy` (zeros where it never happened)."""
        outcome = self.outcomes[self.policies.index(policy)]
        for row in outcome.summary.ending_shares():
            if row.ending == ending:
                return (row.share, row.low, row.high)
        from wargame.analysis.stats import wilson_interval

        low, high = wilson_interval(0, outcome.summary.n)
        return (0.0, low, high)


def compare_policies(
    options: BatchOptions,
    policies: Sequence[str] = (),
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> PolicyComparison:
    """Run `options` once per policy (every actor not fixed by `options.policies` plays it).

    `progress` is told (policy, runs done, runs in all) as each batch goes.
    """
    chosen = list(policies) or comparable_policies()
    unknown = [p for p in chosen if p.partition(":")[0] not in POLICY_NAMES]
    if unknown:
        raise BatchOptionsError(
            f"--policies: unknown {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(comparable_policies())}"
        )
    if any("=" in p for p in chosen):
        raise BatchOptionsError("--policies takes policy names (random,goal); fix actors with -p")
    fixed = [item for item in options.policies if not item.startswith("*=")]
    outcomes = []
    for policy in chosen:
        each = dataclasses.replace(
            options, policies=[*fixed, f"*={policy}"], out=None, resume=False, interventions=0
        )

        def told(stage: str, done: int, total: int, policy: str = policy) -> None:
            if progress is not None and stage == "runs":
                progress(policy, done, total)

        outcomes.append(run_simulation(each, progress=told))
    return PolicyComparison(chosen, outcomes)
