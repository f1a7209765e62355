"""One error hierarchy. The CLI prints any of these as one line.

``InputError`` (exit code 2) means the user gave something unusable;
every other ``SummarizerError`` (exit code 1) means the run failed.
"""

from __future__ import annotations

from typing import Any


class SummarizerError(Exception):
    """Base class of every error summarizer raises on purpose."""

    exit_code = 1


class InputError(SummarizerError):
    """The input cannot be summarised: missing, empty, binary, too long ..."""

    exit_code = 2


class ConfigError(SummarizerError):
    """The configuration is unusable: unknown model, missing extra, bad weights."""

    exit_code = 2


class OutputError(SummarizerError):
    """The result could not be written (full disk, a permission changed during the run)."""


class BackendError(SummarizerError):
    """The model server could not be reached, timed out or refused the request."""


class RetriesExhausted(SummarizerError):
    """The model's replies still failed validation after every re-ask.

    Attributes:
        attempts: how many requests were made.
        last_error: the last validation error, as text.
        usage: tokens spent over all attempts.
    """

    def __init__(self, message: str, *, attempts: int, last_error: str, usage: Any = None):
        super().__init__(message)
        self.attempts = attempts
        self.last_error = last_error
        self.usage = usage
