"""wargame: a tabletop war-game simulator.

Scenarios are YAML files compiled into an immutable IR (`wargame.scenario`), stepped by a
pure rules engine (`wargame.engine`), and driven by shells: sessions, bots, analysis, the
Textual TUI and the `wargame` command line.
"""

__version__ = "0.1.0"
