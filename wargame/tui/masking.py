"""Masking lives in `wargame.scenario.masking`, so reports and exports share it with the TUI."""

from wargame.scenario.masking import IDENTITY, Masker

__all__ = ["IDENTITY", "Masker"]
