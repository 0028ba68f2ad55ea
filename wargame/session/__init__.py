"""Sessions: the imperative shell around the pure engine (log, undo, fork, save)."""
