"""Monte Carlo batches, sweeps, exact exploration and statistics."""
