"""Reusable widgets: they render what their screen gives them and post intents upward."""
