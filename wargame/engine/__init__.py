"""The rules engine: pure, deterministic, no I/O. Reads only `wargame.scenario.ir`."""
