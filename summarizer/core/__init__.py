"""The core every stage shares: errors, output schemas, settings, prompts, the text fold."""
