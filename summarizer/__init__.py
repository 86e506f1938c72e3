"""summarizer: grounded, structured summaries of conflict reports.

>>> from summarizer import summarize_file, summarize_text
>>> [s] = summarize_file("seeds/000_7ba69945cb43b524.txt")
>>> s = summarize_text("date 2026-03-01\nShelling hit the town on Monday, the mayor said.")
"""

from summarizer.core.errors import SummarizerError
from summarizer.core.schemas import Summary
from summarizer.pipeline import (
    Summarizer,
    asummarize_file,
    asummarize_text,
    summarize_file,
    summarize_text,
)

__all__ = [
    "Summarizer",
    "Summary",
    "SummarizerError",
    "asummarize_file",
    "asummarize_text",
    "summarize_file",
    "summarize_text",
]
__version__ = "0.1.0"
