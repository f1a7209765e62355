"""Many articles: run concurrently (:mod:`.runner`), read from files, folders and JSONL and
written to JSONL (:mod:`.io`). The ``summarizer batch`` command's display is in
:mod:`summarizer.cli.batch`."""

from .runner import (DEFAULT_CONCURRENCY, HTTP_RETRIES, Outcome, RateLimiter, Result, asummarize_many, run_articles,
                     summarize_many)

__all__ = ["DEFAULT_CONCURRENCY", "HTTP_RETRIES", "Outcome", "RateLimiter", "Result", "asummarize_many",
           "run_articles", "summarize_many"]
