"""One article in, one typed result out: read -> prompt -> backend -> validate -> ground.

``summarize`` and ``asummarize`` are the public API; the CLI is a thin layer
over them.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Callable, Optional, Union

from . import prompts
from .assemble import assemble
from .backends import Backend, get_backend
from .cache import ResultCache, cache_key
from .dates import article_date as find_article_date
from .errors import InputError
from .extraction import SummaryDraft
from .schema import ArticleSummary, RunInfo

TEMPLATES = ["system.j2", "summarize.j2"]
DEFAULT_MAX_TOKENS = 1200
Progress = Callable[[str], None]


def prompt_version() -> str:
    """The version recorded in every result (and in cache keys)."""
    return prompts.version(TEMPLATES, SummaryDraft)


def read_article(path: Union[str, Path]) -> str:
    """Read an article file, refusing what cannot be an article.

    Raises:
        InputError: missing file, a directory, binary or non-UTF-8 content, or
            an empty or whitespace-only text.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an article file")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    check_text(text, str(path))
    return text


def check_text(text: str, where: str = "article") -> None:
    """Refuse an empty or whitespace-only article."""
    if not text or not text.strip():
        raise InputError(f"{where}: the article is empty")


def build_messages(text: str, article_date: Optional[dt.date]) -> list[dict[str, str]]:
    """The system prompt, then the article followed by the task.

    The article comes before the task so that passes over one article share a
    prompt prefix a local model can reuse.
    """
    return [
        {"role": "system", "content": prompts.render("system.j2")},
        {"role": "user", "content": prompts.render(
            "summarize.j2", article=text.strip(),
            article_date=article_date.isoformat() if article_date else None,
            field_guide=prompts.field_guide(SummaryDraft),
        )},
    ]


def _check_fits(backend: Backend, messages: list[dict[str, str]], max_tokens: int) -> None:
    used = sum(backend.count_tokens(m["content"]) for m in messages) + 8 * len(messages)
    if used + max_tokens > backend.context_window:
        raise InputError(
            f"the article is too long for the model's context: about {used} prompt tokens "
            f"+ {max_tokens} for the reply > {backend.context_window} (raise --ctx or shorten it)"
        )


def _prepare(text, backend, article_date, cache, options):
    check_text(text)
    backend = backend or get_backend(**options)
    key = cache_key(text, backend.name, backend.model, prompt_version()) if cache is not None else None
    hit = cache.get(key) if key else None
    if hit is not None:
        hit.run = hit.run.model_copy(update={"cached": True, "wall_time_s": 0.0})
    return backend, key, hit


def _messages(text, backend, article_date, max_tokens, progress):
    when = article_date or find_article_date(text)
    messages = build_messages(text, when)
    _check_fits(backend, messages, max_tokens)
    if progress:
        progress(f"asking {backend.name}:{backend.model}")
    return when, messages


def _finish(text, backend, when, completion, started, cache, key) -> ArticleSummary:
    run = RunInfo(
        model=backend.model, backend=backend.name, prompt_version=prompt_version(),
        usage=completion.usage, attempts=completion.attempts,
        wall_time_s=round(time.perf_counter() - started, 3),
    )
    summary = assemble(completion.value, text, article_date=when, run=run)
    if cache is not None:
        cache.put(key, summary)
    return summary


def summarize(
    text: str,
    *,
    backend: Optional[Backend] = None,
    article_date: Optional[dt.date] = None,
    max_retries: int = 2,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    progress: Optional[Progress] = None,
    cache: Optional[ResultCache] = None,
    **options,
) -> ArticleSummary:
    """Summarise one article into a validated, grounded :class:`ArticleSummary`.

    Args:
        text: the article.
        backend: a ready backend; when ``None``, one is built from ``options``
            (``model``, ``base_url``, ``api_key``, ``mode``, ``model_path``,
            ``threads``, ``ctx``) and the environment, see :func:`get_backend`.
        article_date: the article's own date; found in its dateline when omitted.
        max_retries: re-asks allowed when a reply fails validation.
        max_tokens: the longest reply allowed.
        progress: called with short status lines.
        cache: when given, a summary cached for this text, model and prompt
            version is returned without a model call, and new ones are stored.

    Raises:
        InputError: the text is empty or too long for the model.
        RetriesExhausted: the replies kept failing validation.
        BackendError: the model could not be reached.
    """
    started = time.perf_counter()
    backend, key, hit = _prepare(text, backend, article_date, cache, options)
    if hit is not None:
        return hit
    when, messages = _messages(text, backend, article_date, max_tokens, progress)
    completion = backend.complete(messages, SummaryDraft, max_retries=max_retries, max_tokens=max_tokens)
    return _finish(text, backend, when, completion, started, cache, key)


async def asummarize(
    text: str,
    *,
    backend: Optional[Backend] = None,
    article_date: Optional[dt.date] = None,
    max_retries: int = 2,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    progress: Optional[Progress] = None,
    cache: Optional[ResultCache] = None,
    **options,
) -> ArticleSummary:
    """Async :func:`summarize`, with the same arguments."""
    started = time.perf_counter()
    backend, key, hit = _prepare(text, backend, article_date, cache, options)
    if hit is not None:
        return hit
    when, messages = _messages(text, backend, article_date, max_tokens, progress)
    completion = await backend.acomplete(messages, SummaryDraft, max_retries=max_retries, max_tokens=max_tokens)
    return _finish(text, backend, when, completion, started, cache, key)
