"""Outputs: JSON, Markdown, CSV and the HTML page with its template."""
