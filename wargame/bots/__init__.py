"""Bot policies that choose actions for actors."""
