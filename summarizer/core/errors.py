"""One error tree.

A SummarizerError is a message and an exit code for the user; anything else is a bug.

    SummarizerError              exit 1: this document failed, the others go on
    ├── DocumentError            a file or record cannot be read (names it and why)
    ├── ExtractionError          the model's answer stayed invalid, was cut off, or timed out
    ├── ConfigError              exit 2: a bad flag, setting or config file
    ├── BackendError             exit 2: the endpoint cannot serve (unreachable, key refused)
    ├── GoldError                exit 2: a gold file cannot be read or no longer fits its text
    ├── RetryLaterError          exit 75: rate limited, endpoint failing, budget or deadline
    └── DiskFullError            exit 75: OUT's disk is full or failing
"""

from __future__ import annotations

import errno
import re
import sqlite3

EXIT_OK = 0
EXIT_DOCUMENT_FAILED = 1
EXIT_USAGE = 2
EXIT_RETRY_LATER = 75


# Keys the tool was configured with (see `add_secret`): an endpoint may echo the key it was sent
# in an error body, and every error text passes `scrub` before it is stored or printed.
_secrets: set[str] = set()
# What looks like a credential whoever sent it: "Bearer <token>", OpenAI-style "sk-..." keys.
_CREDENTIAL = re.compile(r"(?i)\bbearer\s+[^\s\"',;]+|\bsk-[A-Za-z0-9_\-]{8,}")
REDACTED = "[redacted]"


def add_secret(value: str | None) -> None:
    """Remember a configured secret (the API key) so that `scrub` removes it from error texts."""
    # A very short value (a placeholder such as "x") would scrub ordinary words.
    if value and len(value) >= 4:
        _secrets.add(value)


def scrub(text: str) -> str:
    """`text` without the configured secrets and without anything that looks like a key."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _CREDENTIAL.sub(REDACTED, text)


class SummarizerError(Exception):
    """Base of every error the tool reports to the user.

    Args:
        message: One line that says what went wrong and what to do.
        path: The file concerned, if any; named first in the message.
    """

    exit_code = EXIT_DOCUMENT_FAILED

    def __init__(self, message: str, *, path: str | None = None) -> None:
        # The one place every error text passes before the manifest, a log or stderr sees it.
        message = scrub(message)
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DocumentError(SummarizerError):
    """A document cannot be read or decoded; the other documents go on."""


class ExtractionError(SummarizerError):
    """The model's answer stayed invalid after its re-asks (or ran out of tokens)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
    ) -> None:
        super().__init__(message, path=path)
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens


class AnswerCutOff(ExtractionError):
    """The model's answer was cut off at max_tokens: a chunk with less text may fit."""


class ConfigError(SummarizerError):
    """Bad settings: unknown option value, unreadable config file, missing model."""

    exit_code = EXIT_USAGE


class BackendError(SummarizerError):
    """The endpoint cannot serve any document (unreachable, 401/403, unknown model)."""

    exit_code = EXIT_USAGE


class RetryLaterError(SummarizerError):
    """The endpoint asked us to wait longer than this run can (429 with a long Retry-After),
    or kept failing (`transient`: 5xx or timeouts past the client's retries)."""

    exit_code = EXIT_RETRY_LATER

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        retry_after: float = 0.0,
        transient: bool = False,
    ) -> None:
        super().__init__(message, path=path)
        self.retry_after = retry_after
        self.transient = transient


class GoldError(SummarizerError):
    """A gold file cannot be read, or no longer fits the document it annotates."""

    exit_code = EXIT_USAGE


class DiskFullError(SummarizerError):
    """The output folder's disk is full (or fails to write): nothing more can be recorded, so
    the run stops; what is written stays whole and a later run goes on from there."""

    exit_code = EXIT_RETRY_LATER


# SQLite's primary result codes for a full disk and a failed read or write.
_SQLITE_FULL, _SQLITE_IOERR = 13, 10


def is_disk_full(e: BaseException) -> bool:
    """Whether `e` says the disk is full or cannot be written: ENOSPC or EDQUOT from the OS,
    SQLITE_FULL or SQLITE_IOERR from SQLite."""
    if isinstance(e, OSError):
        return e.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(e, sqlite3.Error):
        code = getattr(e, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (_SQLITE_FULL, _SQLITE_IOERR)
        text = str(e).lower()
        return "disk is full" in text or "disk i/o error" in text
    return False
