"""The Textual user interface; talks to the engine only through a Session."""
