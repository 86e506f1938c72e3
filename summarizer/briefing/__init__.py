"""Many summaries in, one briefing out: actors and events across documents."""
