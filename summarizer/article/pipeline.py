"""One article in, one typed result out: read -> plan -> passes -> assemble.

Code finds the candidates (quotations, trigger sentences, names); the backend
judges them in focused passes that share one prompt prefix; code assembles and
grounds the result. ``summarize`` and ``asummarize`` are the public API; the
CLI is a thin layer over them.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Callable, Optional

from . import passes, reading
from .assemble import assemble
from ..backends import Backend, BackendConfig, get_backend
from ..backends.config import Notice, config_from, stderr_notice
from ..cache import ResultCache, cache_key, code_version
from ..text.dates import article_date as find_article_date
from ..errors import InputError, RetriesExhausted
from ..files import check_text, read_article  # noqa: F401 (read_article: its old home)
from ..schema import ArticleSummary, RunInfo, Usage
from ..settings import DEFAULT_MAX_TOKENS, PASS_RETRIES
from ..text import injection

ROOM_FOR_TASK = 4000  # tokens kept free beside the article for the longest pass's task and answer
Progress = Callable[[str], None]
prompt_version = passes.prompt_version


def _prompt_tokens(backend: Backend, request: passes.Request) -> int:
    return sum(backend.count_tokens(m["content"]) for m in request.messages) + 8 * len(request.messages)


def _check_fits(backend: Backend, request: passes.Request) -> None:
    used = _prompt_tokens(backend, request)
    if used + request.max_tokens > backend.context_window:
        raise InputError(
            f"the {request.name} questions do not fit the model's context: about {used} prompt tokens "
            f"+ {request.max_tokens} for the reply > {backend.context_window} (raise --ctx)"
        )


def _ask(backend: Backend, step: passes.Request, max_retries: int):
    """One request: choices with their probabilities, or a JSON reply."""
    if step.questions:
        return backend.choose_many(step.messages, [q.options for q in step.questions], max_retries=max_retries,
                                   keys=[q.key for q in step.questions])
    return backend.complete(step.messages, step.response_model, max_retries=max_retries, max_tokens=step.max_tokens)


async def _aask(backend: Backend, step: passes.Request, max_retries: int):
    if step.questions:
        return await backend.achoose_many(step.messages, [q.options for q in step.questions],
                                          max_retries=max_retries, keys=[q.key for q in step.questions])
    return await backend.acomplete(step.messages, step.response_model, max_retries=max_retries,
                                   max_tokens=step.max_tokens)


def summary_key(text: str, when: Optional[dt.date], backend: Backend, *, max_retries: int = PASS_RETRIES,
                max_tokens: int = DEFAULT_MAX_TOKENS, model_summary: bool = False) -> str:
    """The cache key of ``text``'s summary, read against ``when``, by ``backend`` with these settings."""
    dated = text + "\x1e" + (when.isoformat() if when else "")
    settings = {**backend.settings(), "max_tokens": max_tokens, "max_retries": max_retries,
                "instructions": injection.VERSION, "model_summary": model_summary, "code": code_version()}
    return cache_key(dated, backend.name, backend.model, prompt_version(), settings)


class _Run:
    """State of one summarisation: the plan, the passes' generator, usage so far."""

    def __init__(self, text, backend, article_date, max_retries, max_tokens, progress, cache, config, notice,
                 model_summary=False):
        self.started = time.perf_counter()
        check_text(text)
        self.backend = backend or get_backend(config=config, notice=notice)
        when = article_date or find_article_date(text)
        self.cache = cache
        self.key = None
        self.hit = None
        if cache is not None:
            self.key = summary_key(text, when, self.backend, max_retries=max_retries, max_tokens=max_tokens,
                                   model_summary=model_summary)
            self.hit = cache.get(self.key)
        self.text, self.when, self.model_summary = text, when, model_summary
        self.max_retries, self.max_tokens, self.progress = max_retries, max_tokens, progress
        self.usage, self.attempts, self.failed, self.asked = Usage(), 0, [], []
        self.withheld: list = []
        self.last_error = ""

    def first(self) -> passes.Request:
        """Plan the passes (only on a cache miss: reading the article costs a fraction of a second)."""
        self.withheld = injection.find_instructions(self.text)
        self.plan = reading.plan(self.text, self.when, model_summary=self.model_summary, withheld=self.withheld)
        self.plan.decides = self.backend.decides
        # The article is shown whole when it fits with room for the longest task; else a window of it.
        passes.fit(self.plan, self.backend.context_window - ROOM_FOR_TASK, self.backend.count_tokens)
        self.steps = passes.steps(self.plan)
        return self._checked(next(self.steps))

    def _checked(self, request: passes.Request) -> passes.Request:
        if self.withheld:  # the model never reads a passage addressed to it; offsets stay the article's
            for message in request.messages:
                for span in self.withheld:
                    message["content"] = message["content"].replace(span.text.strip(), "")
        request.max_tokens = min(request.max_tokens, self.max_tokens)
        self.asked.append(request.name)
        _check_fits(self.backend, request)
        if self.progress:
            timeout = getattr(self.backend, "timeout", None)  # a server's; the local model has none
            self.progress(f"{request.name}: asking {self.backend.name}:{self.backend.model}"
                          + (f" (waiting up to {timeout:g} s)" if timeout else ""))
        return request

    def send(self, request: passes.Request, completion=None, error: Optional[RetriesExhausted] = None):
        """Record a pass's outcome; return the next request, or the summary when done."""
        if error is not None:
            self.failed.append(request.name)
            self.last_error = error.last_error
            self.usage += error.usage or Usage()
            self.attempts += error.attempts
            value = None
        elif isinstance(completion, list):  # choices: the batch's usage rides on its first
            self.usage += completion[0].usage
            self.attempts += completion[0].attempts
            value = completion
        else:
            self.usage += completion.usage
            self.attempts += completion.attempts
            value = completion.value
        try:
            return self._checked(self.steps.send(value))
        except StopIteration as done:
            return self._finish(done.value)

    def _finish(self, judgements: passes.Answers) -> ArticleSummary:
        if self.failed and self.failed == self.asked:
            raise RetriesExhausted(
                f"every pass failed validation ({', '.join(self.failed)}): {self.last_error}",
                attempts=self.attempts, last_error=self.last_error, usage=self.usage,
            )
        run = RunInfo(
            model=self.backend.model, backend=self.backend.name, prompt_version=prompt_version(),
            usage=self.usage, attempts=self.attempts, passes=len(self.asked), failed_sections=self.failed,
            wall_time_s=round(time.perf_counter() - self.started, 3),
        )
        summary = assemble(self.plan, judgements, run=run)
        summary.checks = injection.instruction_checks(self.withheld) + summary.checks  # the most urgent first
        if self.cache is not None:
            self.cache.put(self.key, summary)
        return summary


def _cached(hit: ArticleSummary) -> ArticleSummary:
    hit.run = hit.run.model_copy(update={"cached": True})
    return hit


def summarize(
    text: str,
    *,
    backend: Optional[Backend] = None,
    article_date: Optional[dt.date] = None,
    max_retries: int = PASS_RETRIES,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    progress: Optional[Progress] = None,
    cache: Optional[ResultCache] = None,
    model_summary: bool = False,
    config: Optional[BackendConfig] = None,
    notice: Notice = stderr_notice,
    **options,
) -> ArticleSummary:
    """Summarise one article into a validated, grounded :class:`ArticleSummary`.

    Args:
        text: the article.
        backend: a ready backend; when ``None``, one is built from ``config``
            and the environment, see :func:`get_backend`.
        article_date: the article's own date; found in its dateline when omitted.
        max_retries: re-asks allowed per pass when a reply fails validation; a
            pass that still fails is listed in ``run.failed_sections`` and the
            rest of the summary is kept.
        max_tokens: the most any one pass may generate.
        progress: called with short status lines.
        cache: when given, a summary cached for this text, date, model, server,
            prompt version and limits is returned without a model call, and new
            complete ones are stored (one with a failed section is not).
        model_summary: a three-sentence summary written by the model, instead
            of the article's lead sentences (extractive, grounded) by default.
        config: which model and how (:class:`~summarizer.backends.BackendConfig`);
            the loose ``model=``, ``base_url=`` ... of earlier releases still
            work, with a DeprecationWarning.
        notice: told once where the article text is going, when a backend is built (stderr by default).

    Raises:
        InputError: the text is empty or too long for the model.
        BackendError: the model could not be reached.
    """
    config = config_from(config, options, "summarize") if backend is None else config
    run = _Run(text, backend, article_date, max_retries, max_tokens, progress, cache, config, notice, model_summary)
    if run.hit is not None:
        return _cached(run.hit)
    step = run.first()
    while isinstance(step, passes.Request):
        try:
            completion = _ask(run.backend, step, max_retries)
        except RetriesExhausted as exc:
            step = run.send(step, error=exc)
        else:
            step = run.send(step, completion)
    return step


async def asummarize(
    text: str,
    *,
    backend: Optional[Backend] = None,
    article_date: Optional[dt.date] = None,
    max_retries: int = PASS_RETRIES,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    progress: Optional[Progress] = None,
    cache: Optional[ResultCache] = None,
    model_summary: bool = False,
    config: Optional[BackendConfig] = None,
    notice: Notice = stderr_notice,
    **options,
) -> ArticleSummary:
    """Async :func:`summarize`, with the same arguments."""
    config = config_from(config, options, "summarize") if backend is None else config
    run = _Run(text, backend, article_date, max_retries, max_tokens, progress, cache, config, notice, model_summary)
    if run.hit is not None:
        return _cached(run.hit)
    step = run.first()
    while isinstance(step, passes.Request):
        try:
            completion = await _aask(run.backend, step, max_retries)
        except RetriesExhausted as exc:
            step = run.send(step, error=exc)
        else:
            step = run.send(step, completion)
    return step
