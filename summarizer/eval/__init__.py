"""Gold annotations, matching and scores."""
