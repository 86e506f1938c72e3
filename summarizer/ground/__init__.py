"""Every item checked against the text: spans, events and their dates, roles, the judge strategy."""
