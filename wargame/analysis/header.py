"""What a batch's tables were made from, printed above them so they can be reproduced.

A table of shares means little without the seed, the number of runs, how each actor was
played and which versions of the program and the scenario played them. `BatchHeader` holds
exactly that, built from the options of a batch (or the `.meta.json` a results file keeps),
and says it in a few lines and as the command that makes the same tables again.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wargame import __version__
from wargame.scenario.ir import ScenarioIR

__all__ = ["BatchHeader"]


@dataclass(frozen=True, slots=True)
class BatchHeader:
    """The options and versions behind a batch's figures."""

    scenario_path: str
    scenario_id: str
    scenario_title: str
    scenario_version: str
    scenario_sha256: str
    runs: int
    """Runs per sweep setting."""
    seed: int | str
    policies: tuple[tuple[str, str], ...]
    """(actor id, policy) for every actor, in the scenario's order."""
    explicit: tuple[tuple[str, str], ...] = ()
    """The `--policy ACTOR=POLICY` items as given (the default excluded)."""
    default_policy: str = "random"
    settings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    wargame_version: str = __version__
    extra_args: tuple[str, ...] = field(default=())
    """Further options the figures depend on (e.g. `--interventions 500`)."""

    @staticmethod
    def build(
        *,
        scenario: ScenarioIR | None,
        scenario_path: str,
        scenario_sha256: str,
        runs: int,
        seed: int | str,
        explicit: Sequence[tuple[str, str]] = (),
        default_policy: str = "random",
        settings: Sequence[tuple[str, Sequence[str]]] = (),
        wargame_version: str = __version__,
        extra_args: Sequence[str] = (),
    ) -> BatchHeader:
        chosen = dict(explicit)
        actors = [a.id for a in scenario.actors] if scenario is not None else sorted(chosen)
        return BatchHeader(
            scenario_path=scenario_path,
            scenario_id=scenario.id if scenario is not None else "",
            scenario_title=scenario.title if scenario is not None else scenario_path,
            scenario_version=scenario.version if scenario is not None else "",
            scenario_sha256=scenario_sha256,
            runs=runs,
            seed=seed,
            policies=tuple((a, chosen.get(a, default_policy)) for a in actors),
            explicit=tuple(explicit),
            default_policy=default_policy,
            settings=tuple((p, tuple(v)) for p, v in settings),
            wargame_version=wargame_version,
            extra_args=tuple(extra_args),
        )

    @staticmethod
    def from_meta(meta: Mapping[str, Any], scenario: ScenarioIR | None) -> BatchHeader:
        """The header of a batch from its `.meta.json` (missing keys read as unknown)."""
        return BatchHeader.build(
            scenario=scenario,
            scenario_path=str(meta.get("scenario", "")),
            scenario_sha256=str(meta.get("scenario_sha256", "")),
            runs=int(meta.get("runs", 0) or 0),
            seed=meta.get("seed", "?"),
            explicit=[(str(a), str(p)) for a, p in meta.get("policies") or []],
            default_policy=str(meta.get("default_policy", "random")),
            settings=[(str(p), [str(x) for x in v]) for p, v in meta.get("settings") or []],
            wargame_version=str(meta.get("wargame", "unknown")),
        )

    def policy_words(self) -> str:
        """`random for every actor`, or `denmark=goal, uk=goal; random for the 9 others`."""
        explicit = [(a, p) for a, p in self.explicit if a != "umpire"]
        if not explicit:
            return f"{self.default_policy} for every actor"
        listed = ", ".join(f"{a}={p}" for a, p in explicit)
        others = len(self.policies) - len({a for a, _ in explicit})
        if others <= 0:
            return listed
        noun = "other" if others == 1 else f"{others} others"
        return f"{listed}; {self.default_policy} for the {noun}"

    def command(self) -> str:
        """The `wargame simulate` command that makes the same runs."""
        args = ["wargame", "simulate", self.scenario_path, "--runs", str(self.runs)]
        args += ["--seed", str(self.seed)]
        for actor, policy in self.explicit:
            args += ["-p", f"{actor}={policy}"]
        if self.default_policy != "random":
            args += ["-p", f"*={self.default_policy}"]
        for path, values in self.settings:
            args += ["--set", f"{path}={','.join(values)}"]
        args += list(self.extra_args)
        return shlex.join(args)

    def lines(self) -> list[str]:
        """The header as a few lines of text."""
        version = f" {self.scenario_version}" if self.scenario_version else ""
        digest = f", sha256 {self.scenario_sha256[:12]}" if self.scenario_sha256 else ""
        scenario = f"{self.scenario_id}{version}{digest}" if self.scenario_id else digest[2:]
        combos = 1
        for _, values in self.settings:
            combos *= max(1, len(values))
        runs = f"{self.runs:,} runs" + (f" per setting × {combos} settings" if combos > 1 else "")
        lines = [
            f"{self.scenario_title} (scenario {scenario}) · wargame {self.wargame_version}",
            f"{runs} · seed {self.seed} · policies: {self.policy_words()}",
        ]
        for path, values in self.settings:
            lines.append(f"sweep: {path} = {', '.join(values)}")
        lines.append(f"reproduce: {self.command()}")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_path,
            "scenario_id": self.scenario_id,
            "scenario_version": self.scenario_version,
            "scenario_sha256": self.scenario_sha256,
            "wargame": self.wargame_version,
            "runs": self.runs,
            "seed": self.seed,
            "policies": dict(self.policies),
            "settings": {p: list(v) for p, v in self.settings},
            "command": self.command(),
        }
