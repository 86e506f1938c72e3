"""What is kept between runs: the cache of model answers."""
