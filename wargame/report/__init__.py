"""After-action reports from sessions and batches."""
