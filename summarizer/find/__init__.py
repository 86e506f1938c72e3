"""Deterministic finders: sentences, names, quotations and speakers, hedges, dates, tolls."""
