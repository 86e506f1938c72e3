"""Chunks, candidates and the requests one document needs."""
