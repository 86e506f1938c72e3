"""summarizer: grounded, structured summaries of conflict reports.

>>> from summarizer import summarize
>>> s = summarize("seeds/000_7ba69945cb43b524.txt")
"""

from .errors import SummarizerError
from .pipeline import Summarizer, summarize
from .schemas import Summary

__all__ = ["Summarizer", "Summary", "SummarizerError", "summarize"]
__version__ = "0.1.0"
