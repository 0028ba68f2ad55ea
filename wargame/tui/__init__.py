"""The Textual user interface; talks to the engine only through a Session.

`wargame.tui.launch.run_play` is the entry point the command line calls; it imports
Textual lazily so that other commands start fast.
"""
