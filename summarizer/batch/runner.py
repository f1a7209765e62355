"""Batch summarisation: many articles, concurrent requests, a cache, resumable output.

Python API: :func:`summarize_many` and :func:`asummarize_many` return one
result per text, in input order. A failed article does not raise: its slot
holds the ``SummarizerError`` instead, so one bad article never costs the
others their results (check with ``isinstance(r, SummarizerError)``).

The ``summarizer batch`` command is :mod:`summarizer.cli.batch`; its
input and output formats are described in :mod:`summarizer.batch.io`.

Articles sent to a server run concurrently on one asyncio loop, ``concurrency``
at a time, each making its pass requests (four per article, see
:mod:`summarizer.article.passes`) one after another; the embedded local model takes
one article at a time (it is one model in this process). The openai client
retries 429s, waiting what the server's Retry-After asks (up to two minutes),
else backing off exponentially; ``rpm`` caps requests per minute on top of that.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence, Union

from ..article import pipeline
from ..backends import Backend, BackendConfig, get_backend
from ..backends.config import Notice, config_from, stderr_notice
from .io import Article
from ..cache import ResultCache
from ..errors import ConfigError, SummarizerError
from ..schema import ArticleSummary, Usage
from ..settings import PASS_RETRIES

DEFAULT_CONCURRENCY = 4
# More than a single summary's 2: a batch is what meets rate limits. Backoff
# without Retry-After is 0.5, 1, 2, 4, 8 s, so a dead server costs about 15 s
# per article, not minutes.
HTTP_RETRIES = 5
Result = Union[ArticleSummary, SummarizerError]


class RateLimiter:
    """At most ``rpm`` request starts a minute, evenly spaced (no bursts to trip a limit).

    It paces the pipeline's model calls, one per pass (so four an article),
    not HTTP requests: a re-ask after a reply that failed validation, or the
    client's own retry after a 429, is not counted again.
    """

    def __init__(self, rpm: float):
        if not rpm > 0:
            raise ConfigError(f"--rpm {rpm}: expected a positive number")
        self.interval = 60.0 / rpm
        self._next = 0.0

    async def wait(self) -> None:
        # No lock needed: nothing awaits between reading and moving the slot.
        now = asyncio.get_running_loop().time()
        start = max(now, self._next)
        self._next = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)


class _RateLimited:
    """A backend whose model calls wait for the limiter; cache hits never reach it."""

    def __init__(self, backend: Backend, limiter: RateLimiter):
        self._backend = backend
        self._limiter = limiter

    def __getattr__(self, name: str):
        return getattr(self._backend, name)

    async def acomplete(self, *args, **kwargs):
        await self._limiter.wait()
        return await self._backend.acomplete(*args, **kwargs)


class _Spreader:
    """Spaces article starts over the round trip instead of letting them leave in bursts.

    Requests that leave together come back together, and their replies then
    queue for the one event loop (validation and grounding are CPU work),
    which holds back the next requests until the whole burst is processed:
    at 16 in flight that cost about 15% of throughput. Starts are kept half a
    slot's share of the average article time apart, twice the rate the slots
    can sustain, so this never lowers throughput.
    """

    def __init__(self, slots: int):
        self.slots = slots
        self.average = 0.0
        self._next = 0.0

    def observe(self, seconds: float) -> None:
        self.average = seconds if not self.average else 0.8 * self.average + 0.2 * seconds

    async def wait(self) -> None:
        now = asyncio.get_running_loop().time()
        start = max(now, self._next)
        self._next = start + self.average / (2 * self.slots)
        if start > now:
            await asyncio.sleep(start - now)


@dataclass
class Outcome:
    """One finished article: its summary or its error, and how long it took."""

    index: int
    article: Article
    result: Optional[ArticleSummary]
    error: Optional[SummarizerError]
    seconds: float

    @property
    def cached(self) -> bool:
        return bool(self.result is not None and self.result.run and self.result.run.cached)

    @property
    def usage(self) -> Usage:
        """Tokens spent on it in this run (none when cached)."""
        if self.result is not None:
            return Usage() if self.cached or not self.result.run else self.result.run.usage
        spent = getattr(self.error, "usage", None)  # RetriesExhausted knows what its attempts cost
        return spent if isinstance(spent, Usage) else Usage()


async def run_articles(
    articles: Sequence[Article],
    backend: Backend,
    *,
    on_done: Callable[[Outcome], None],
    concurrency: int = DEFAULT_CONCURRENCY,
    rpm: Optional[float] = None,
    cache: Optional[ResultCache] = None,
    max_retries: int = PASS_RETRIES,
    max_tokens: int = pipeline.DEFAULT_MAX_TOKENS,
) -> None:
    """Summarise ``articles``, ``concurrency`` at a time, calling ``on_done`` as each finishes.

    An exception from ``on_done`` (a full disk) stops the batch.
    """
    if concurrency < 1:
        raise ConfigError(f"--concurrency {concurrency}: expected 1 or more")
    if backend.name == "local":
        concurrency = 1  # one model in this process: requests would only queue for it
    model = _RateLimited(backend, RateLimiter(rpm)) if rpm else backend
    pending = iter(enumerate(articles))
    spreader = _Spreader(concurrency)

    async def worker() -> None:
        for index, article in pending:  # shared: each article goes to exactly one worker
            await spreader.wait()
            started = time.perf_counter()
            result, error = None, None
            try:
                result = await pipeline.asummarize(
                    article.read(), backend=model, article_date=article.date, cache=cache,
                    max_retries=max_retries, max_tokens=max_tokens,
                )
            except SummarizerError as exc:
                error = exc
            except Exception as exc:  # a bug met by one article must not end a batch of thousands
                error = SummarizerError(f"internal error: {type(exc).__name__}: {exc}")
                error.__cause__ = exc
            outcome = Outcome(index, article, result, error, time.perf_counter() - started)
            spreader.observe(outcome.seconds)
            on_done(outcome)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(concurrency, len(articles))):
            group.create_task(worker())


async def asummarize_many(
    texts: Iterable[str],
    *,
    backend: Optional[Backend] = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    rpm: Optional[float] = None,
    cache: Optional[ResultCache] = None,
    max_retries: int = PASS_RETRIES,
    max_tokens: int = pipeline.DEFAULT_MAX_TOKENS,
    on_result: Optional[Callable[[int, Result], None]] = None,
    config: Optional[BackendConfig] = None,
    notice: Notice = stderr_notice,
    **options,
) -> list[Result]:
    """Summarise many articles concurrently; results in input order.

    Args:
        texts: the articles.
        backend: a ready backend, shared by every article; when ``None`` one is
            built from ``config`` as in :func:`summarizer.summarize` (the loose
            ``model=`` ... options still work, with a DeprecationWarning).
        concurrency: requests in flight at once (1 for the local model).
        rpm: at most this many model requests a minute (cache hits are free).
        cache: a :class:`~summarizer.cache.ResultCache` to read and fill.
        max_retries: re-asks allowed when a reply fails validation.
        max_tokens: the longest reply allowed.
        on_result: called with ``(index, result)`` as each article finishes.

    Returns:
        One entry per text: its :class:`ArticleSummary`, or the
        :class:`SummarizerError` it failed with (never raised).
    """
    articles = [Article(id=str(i), text=text) for i, text in enumerate(texts)]
    if backend is None:
        config = config_from(config, options, "summarize_many").with_defaults(http_retries=HTTP_RETRIES)
        backend = get_backend(config=config, notice=notice)
    results: list[Optional[Result]] = [None] * len(articles)

    def done(outcome: Outcome) -> None:
        results[outcome.index] = outcome.result if outcome.error is None else outcome.error
        if on_result:
            on_result(outcome.index, results[outcome.index])

    await run_articles(articles, backend, on_done=done, concurrency=concurrency, rpm=rpm, cache=cache,
                       max_retries=max_retries, max_tokens=max_tokens)
    return results  # type: ignore[return-value]  # every slot is filled


def summarize_many(texts: Iterable[str], **options) -> list[Result]:
    """:func:`asummarize_many` for synchronous code (from async code, await that instead)."""
    return asyncio.run(asummarize_many(texts, **options))
