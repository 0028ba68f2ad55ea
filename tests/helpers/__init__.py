"""Helpers shared by the tests of several layers (import as `tests.helpers.NAME`)."""
