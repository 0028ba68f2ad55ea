"""Tools for scenario authors: graphs of a scenario's branches, the `new` scaffold and
scenario playthrough tests. The lint rules live beside the compiler
(`wargame.scenario.lint`) and the engine-driven checks in `wargame.analysis.lint_dynamic`."""
