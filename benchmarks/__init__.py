"""wargame's performance suite: `python -m benchmarks` (see docs/performance.md).

Each module measures one thing and returns rows for the table `benchmarks.run` prints:
the engine against a hand-written floor, scaling with scenario size, cold start, TUI
latency, memory, and Greenland throughput on one core and on all cores.
"""
