"""The floor: the benchmark scenario's rules written by hand in plain Python.

This is what an analyst would write instead of using wargame: one script that knows
benchmarks/scenarios/bench.yaml by heart (no YAML, no compiler, no general engine) and
plays it with the same random policy, uniform over the legal actions including pass. The
engine earns its place only if it stays close to this script's speed, so
`python -m benchmarks` times both on the same number of playthroughs.

The rules are the engine's (docs/rules.md): sequential phases, limits, conditions, chance
and 2d6 dice moves with modifiers, injects in file order with chances and the five-round
cascade, endings by priority after every phase and turn, and the League's end-of-turn
contagion, drift, exits and collapse. It even draws its random numbers in the engine's
order (policy pick, then the move's draws; inject chances at the start of each turn), so
the same seed gives the same game; the honesty check in `benchmarks.engine_vs_floor`
compares ending distributions over independent seeds anyway, as the brief asks.

    python benchmarks/floor.py [--games N]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from random import Random

__all__ = ["ENDINGS", "play"]

TURNS = 8
# actors
ATLANTIS, BOREALIA, CALEDON, DRAVIA = 0, 1, 2, 3
# variables
ESCALATION, INFLUENCE = 0, 1
# League member slots: actor, weight, exit threshold
MEMBERS = (ATLANTIS, BOREALIA, CALEDON)
WEIGHTS = (3.0, 1.0, 1.0)
EXIT_BELOW = (0.0, 40.0, 40.0)
COLLAPSE_BELOW = 45.0
DRIFT = 0.3
CONTAGION = 0.2
# moves, in file order (the order of the legal-action menu)
(
    PRESSURE,
    REASSURE,
    COVERT_OP,
    PROTEST,
    CALL_SUMMIT,
    MEDIATE,
    SIDE_WITH_ATLANTIS,
    PROBE,
    DISINFORMATION,
    STAND_DOWN,
) = range(10)
PASS = -1
PHASES = ((ATLANTIS, BOREALIA, CALEDON), (DRAVIA,))
MENU = {
    ATLANTIS: (PRESSURE, REASSURE, COVERT_OP),
    BOREALIA: (PROTEST, CALL_SUMMIT),
    CALEDON: (MEDIATE, SIDE_WITH_ATLANTIS),
    DRAVIA: (PROBE, DISINFORMATION, STAND_DOWN),
}
ENDINGS = ("war", "league_split", "dravian_sway", "settlement", "stalemate")


class Game:
    """The whole state of one game, mutated in place."""

    def __init__(self) -> None:
        self.turn = 1
        self.esc = 3.0
        self.influence = 3.0
        self.talks = False
        trust = [[50.0] * 4 for _ in range(4)]
        trust[ATLANTIS][BOREALIA], trust[ATLANTIS][CALEDON] = 65.0, 70.0
        trust[BOREALIA][ATLANTIS], trust[BOREALIA][CALEDON] = 60.0, 75.0
        trust[CALEDON][ATLANTIS], trust[CALEDON][BOREALIA] = 65.0, 70.0
        self.trust = trust
        self.commitment = [80.0, 70.0, 75.0]
        self.active = [True, True, True]
        self.collapsed = False
        self.played = [0] * 10
        self.last_played = [0] * 10
        self.turn_played = [0] * 10
        self.incident_fired = False
        self.cable_fired = False
        self.summit_fired = False
        self.ending: str | None = None

    # -- values ---------------------------------------------------------------------------

    def add_esc(self, delta: float) -> None:
        self.esc = min(10.0, max(0.0, self.esc + delta))

    def add_influence(self, delta: float) -> None:
        self.influence = min(10.0, max(0.0, self.influence + delta))

    def add_trust(self, a: int, b: int, delta: float) -> None:
        self.trust[a][b] = min(100.0, max(0.0, self.trust[a][b] + delta))

    def cohesion(self) -> float:
        num = 0.0
        for slot in range(3):
            if self.active[slot]:
                num += WEIGHTS[slot] * self.commitment[slot]
        return num / 5.0

    # -- moves ----------------------------------------------------------------------------

    def available(self, move: int) -> bool:
        played, last = self.played[move], self.last_played[move]
        if move == REASSURE:  # cooldown 1
            return not (last and self.turn <= last + 1)
        if move == COVERT_OP:
            return played < 2
        if move == CALL_SUMMIT:
            return played < 1 and self.esc >= 3 and not self.talks
        if move == DISINFORMATION:  # per turn 1
            if last == self.turn and self.turn_played[move] >= 1:
                return False
            return self.influence >= 2
        if move == STAND_DOWN:
            return self.esc >= 8
        return True

    def legal(self, actor: int) -> list[int]:
        return [m for m in MENU[actor] if self.available(m)] + [PASS]

    def play_move(self, move: int, rng: Random) -> None:
        self.played[move] += 1
        self.turn_played[move] = (
            self.turn_played[move] if self.last_played[move] == self.turn else 0
        ) + 1
        self.last_played[move] = self.turn
        if move == PRESSURE:
            self.add_trust(BOREALIA, ATLANTIS, -15)
            self.add_esc(1)
        elif move == REASSURE:
            self.add_trust(BOREALIA, ATLANTIS, 10)
            self.add_trust(CALEDON, ATLANTIS, 5)
        elif move == COVERT_OP:
            if rng.random() < 0.4:
                self.add_influence(-2)
            else:
                self.add_trust(BOREALIA, ATLANTIS, -20)
                self.add_trust(CALEDON, ATLANTIS, -10)
                self.add_esc(1)
        elif move == PROTEST:
            self.add_esc(-1)
            self.add_trust(ATLANTIS, BOREALIA, -5)
        elif move == CALL_SUMMIT:
            self.talks = True
            self.add_esc(-2)
        elif move == MEDIATE:
            total = float(min(int(rng.random() * 6), 5) + 1 + min(int(rng.random() * 6), 5) + 1)
            if self.talks:
                total += 1
            if self.esc >= 6:
                total -= 1
            if total >= 9:
                self.add_esc(-2)
                self.add_trust(BOREALIA, ATLANTIS, 10)
            elif total >= 6:
                self.add_esc(-1)
            else:
                self.add_trust(ATLANTIS, CALEDON, -10)
        elif move == SIDE_WITH_ATLANTIS:
            self.add_trust(ATLANTIS, CALEDON, 10)
            self.add_trust(BOREALIA, CALEDON, -10)
        elif move == PROBE:
            self.add_esc(2)
            self.add_influence(1)
        elif move == DISINFORMATION:
            self.add_trust(BOREALIA, ATLANTIS, -10)
            self.add_trust(CALEDON, BOREALIA, -5)
            self.add_influence(1)
        elif move == STAND_DOWN:
            self.add_esc(-3)

    # -- injects, endings, the League -------------------------------------------------------

    def injects(self, rng: Random) -> None:
        """Considered in file order; effects may make later ones (or, next round, skipped
        ones) eligible; at most five rounds; each considered at most once a turn."""
        considered = [False, False, False, False]
        for _ in range(5):
            fired_any = False
            for i in range(4):
                if considered[i] or not self.inject_eligible(i):
                    continue
                considered[i] = True
                if i == 1 and rng.random() >= 0.3:
                    continue
                if i == 2 and rng.random() >= 0.5:
                    continue
                self.fire(i)
                fired_any = True
            if not fired_any:
                return

    def inject_eligible(self, i: int) -> bool:
        if i == 0:
            return not self.incident_fired and self.turn == 2
        if i == 1:
            return not self.cable_fired
        if i == 2:
            return self.esc >= 5
        return not self.summit_fired and self.turn in (4, 6) and self.talks

    def fire(self, i: int) -> None:
        if i == 0:
            self.incident_fired = True
            self.add_esc(1)
        elif i == 1:
            self.cable_fired = True
            self.add_trust(BOREALIA, ATLANTIS, -15)
        elif i == 2:
            self.add_esc(2)
            self.add_influence(1)
        else:
            self.summit_fired = True
            self.add_esc(-1)

    def check_endings(self) -> bool:
        if self.esc >= 10:
            self.ending = "war"
        elif self.collapsed or not self.active[1]:
            self.ending = "league_split"
        elif self.influence >= 9:
            self.ending = "dravian_sway"
        elif self.turn >= 7 and self.esc <= 1 and self.talks:
            self.ending = "settlement"
        return self.ending is not None

    def league_end_of_turn(self) -> None:
        if self.collapsed:
            return
        on = [MEMBERS[s] for s in range(3) if self.active[s]]
        old = self.trust
        if len(on) >= 3:  # contagion: every new cell from the old matrix
            new_trust = [row[:] for row in old]
            for i in on:
                for j in on:
                    if i == j:
                        continue
                    others = [old[o][j] for o in on if o != i and o != j]
                    mean = sum(others) / len(others)
                    value = old[i][j] + CONTAGION * (mean - old[i][j])
                    new_trust[i][j] = min(100.0, max(0.0, value))
            self.trust = new_trust
        trust = self.trust
        drifted = list(self.commitment)
        for m in range(3):  # drift toward weighted trust in the partners
            if not self.active[m]:
                continue
            num = den = 0.0
            for n in range(3):
                if n != m and self.active[n]:
                    num += WEIGHTS[n] * trust[MEMBERS[m]][MEMBERS[n]]
                    den += WEIGHTS[n]
            if den > 0:
                target = num / den
                value = self.commitment[m] + DRIFT * (target - self.commitment[m])
                drifted[m] = min(100.0, max(0.0, value))
        self.commitment = drifted
        for m in range(3):  # exits
            if self.active[m] and self.commitment[m] < EXIT_BELOW[m]:
                self.active[m] = False
        if self.cohesion() < COLLAPSE_BELOW:
            self.collapsed = True


def play(rng: Random) -> str:
    """One random playthrough; returns the ending's id."""
    g = Game()
    g.injects(rng)
    if g.check_endings():
        return g.ending  # type: ignore[return-value]
    while True:
        for phase in PHASES:
            for actor in phase:
                actions = g.legal(actor)
                choice = actions[min(int(rng.random() * len(actions)), len(actions) - 1)]
                if choice != PASS:
                    g.play_move(choice, rng)
            if g.check_endings():
                return g.ending  # type: ignore[return-value]
        g.league_end_of_turn()
        if g.check_endings():
            return g.ending  # type: ignore[return-value]
        if g.turn >= TURNS:
            return "stalemate"
        g.turn += 1
        g.injects(rng)
        if g.check_endings():
            return g.ending  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=20_000)
    args = parser.parse_args()
    start = time.process_time()
    endings = Counter(play(Random(seed)) for seed in range(args.games))
    cpu = time.process_time() - start
    print(f"floor: {args.games / cpu:,.0f} playthroughs/s (CPU {cpu:.2f}s)")
    for ending in ENDINGS:
        print(f"  {ending:14} {endings[ending] / args.games:6.1%}")


if __name__ == "__main__":
    main()
