"""A batch job: inputs -> concurrent summaries -> JSONL, resumably, with review pages.

:func:`run_jsonl` ties together the inputs and the output file
(:mod:`summarizer.batch.io`), the runner (:mod:`summarizer.batch.runner`) and
the review site; it tells a :class:`Watcher` what happens, and the
``summarizer batch`` command (:mod:`summarizer.cli.batch`) draws that on the
terminal.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Optional, Sequence

from ..article import pipeline
from ..backends import Backend, BackendConfig, get_backend
from ..backends.config import Notice, config_from, stderr_notice
from ..cache import ResultCache
from ..errors import ConfigError, InputError
from ..review_site import ReviewSite
from ..schema import Usage
from ..settings import PASS_RETRIES
from .io import Inputs, JsonlWriter, load_inputs
from .runner import DEFAULT_CONCURRENCY, HTTP_RETRIES, Outcome, RateLimiter, run_articles


# USD per 1M tokens (input, output), OpenAI standard tier, 2025: estimates only.
PRICES = {
    "gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40), "gpt-4.1-mini": (0.40, 1.60), "gpt-4.1": (2.00, 8.00),
}


def estimate_cost(model: str, usage: Usage) -> Optional[float]:
    """Dollars ``usage`` costs on a known OpenAI model (dated snapshots included), else None."""
    price = PRICES.get(re.sub(r"-\d{4}-\d{2}-\d{2}$", "", model))
    if price is None:
        return None
    return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1e6


def estimate_cost(model: str, usage: Usage) -> Optional[float]:
    """Dollars ``usage`` costs on a known OpenAI model (dated snapshots included), else None."""
    price = PRICES.get(re.sub(r"-\d{4}-\d{2}-\d{2}$", "", model))
    if price is None:
        return None
    return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1e6


@dataclass
class Stats:
    """Counts of this run's finished articles, and the tokens they spent."""

    done: int = 0
    cached: int = 0
    failed: int = 0
    usage: Usage = field(default_factory=Usage)

    def add(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.failed += 1
        else:
            self.done += 1
            self.cached += outcome.cached
        self.usage = self.usage + outcome.usage


class Watcher:
    """What a job tells as it goes; each method does nothing here (a quiet job).

    ``note`` gets one-line messages (input problems, resume notes, where the
    review pages went); ``start`` the plan and backend before the first article;
    ``add`` each finished article; ``stop`` the end of the work (also on an
    interruption); ``finish`` whether the job completed, after the output is closed.
    """

    def note(self, line: str) -> None:
        pass

    def start(self, plan: "Plan", backend: Backend) -> None:
        pass

    def add(self, outcome: Outcome) -> None:
        pass

    def stop(self) -> None:
        pass

    def finish(self, complete: bool) -> None:
        pass


def result_line(outcome: Outcome, meta: dict) -> str:
    """The output line of one article: its id, summary or error, and run metadata."""
    article = outcome.article
    head = {"id": article.id, "title": article.title, "url": article.url,
            "date": article.date.isoformat() if article.date else None}
    head = {k: v for k, v in head.items() if v is not None}
    if outcome.error is None:
        body = '"summary": ' + outcome.result.model_dump_json()  # spliced in: no second round of encoding
    else:
        body = '"error": ' + json.dumps({"type": type(outcome.error).__name__, "message": str(outcome.error)})
    meta = {**meta, "cached": outcome.cached, "wall_time_s": round(outcome.seconds, 3),
            "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    return "{" + json.dumps(head)[1:-1] + ", " + body + ', "meta": ' + json.dumps(meta) + "}\n"


def check_output(path: Optional[Path], *, resume: bool, overwrite: bool) -> None:
    """Refuse an output that cannot be written, or would be appended to by mistake.

    Raises:
        InputError: a folder, a missing folder, or a non-empty file without
            ``resume`` or ``overwrite``.
    """
    if path is None:
        if resume:
            raise InputError("--resume needs --out: the results so far are read from that file")
        return
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    if not path.parent.exists():
        raise InputError(f"{path.parent}: no such directory")
    if resume and overwrite:
        raise InputError("--resume and --overwrite contradict each other: choose one")
    if not resume and not overwrite and path.exists() and path.stat().st_size > 0:
        raise InputError(f"{path} is not empty: pass --resume to continue it, or --overwrite to replace it")


@dataclass
class Plan:
    """What this run does: the articles to process, and what it leaves as it is."""

    todo: list[Article]
    done_before: int = 0  # already summarised in the output
    failed_before: int = 0  # failed in an earlier run, not retried
    malformed: int = 0  # input lines skipped


def plan(inputs: Inputs, writer: JsonlWriter, *, resume: bool, retry_failed: bool,
         say: Callable[[str], None]) -> Plan:
    """Leave out what the output already holds (``resume``); drop the error lines to retry."""
    result = Plan(todo=inputs.articles, malformed=len(inputs.problems))
    if not resume:
        return result
    recorded = writer.recorded()
    for note in recorded.notes:
        say(note)
    retry = {a.id for a in inputs.articles if a.id in recorded.failed} if retry_failed else set()
    if retry:
        writer.forget(retry)
    result.done_before = sum(a.id in recorded.done for a in inputs.articles)
    result.failed_before = sum(a.id in recorded.failed for a in inputs.articles) - len(retry)
    result.todo = [a for a in inputs.articles
                   if a.id not in recorded.done and (a.id not in recorded.failed or a.id in retry)]
    return result


def run_jsonl(
    sources: Sequence[str],
    *,
    out: Optional[Path] = None,
    glob: str = "*.txt",
    concurrency: int = DEFAULT_CONCURRENCY,
    rpm: Optional[float] = None,
    resume: bool = False,
    retry_failed: bool = False,
    overwrite: bool = False,
    use_cache: bool = True,
    quiet: bool = False,
    max_retries: int = PASS_RETRIES,
    watcher: Optional["Watcher"] = None,
    stdin: Optional[IO[bytes]] = None,
    backend: Optional[Backend] = None,
    html: Optional[Path] = None,
    config: Optional[BackendConfig] = None,
    notice: Notice = stderr_notice,
    **options: Any,
) -> int:
    """Summarise the articles of ``sources`` into ``out`` (JSONL; stdout when None or ``-``).

    ``watcher`` is told what happens (see :class:`Watcher`); this function
    itself writes nothing to the terminal.

    ``config`` chooses the backend as in :func:`summarizer.get_backend`, unless a
    ready ``backend`` is given (the loose ``model=`` ... options of earlier
    releases still work, with a DeprecationWarning).

    Returns:
        The exit code: 0 when every article of the inputs has a summary in the
        output, 1 when any failed (in this run, or earlier and not retried) or
        any input line was malformed or a duplicate.

    Raises:
        InputError: unusable inputs or output (exit code 2).
        ConfigError: an unusable model configuration (exit code 2).
    """
    watcher = watcher or Watcher()
    out = None if out is None or str(out) == "-" else out
    if concurrency < 1:
        raise ConfigError(f"--concurrency {concurrency}: expected 1 or more")
    if rpm is not None:
        RateLimiter(rpm)  # refuses a bad value now, before anything is read or written
    resume = resume or retry_failed  # retrying failures only makes sense when continuing
    check_output(out, resume=resume, overwrite=overwrite)
    inputs = load_inputs(sources, glob, stdin)
    for problem in inputs.problems:
        watcher.note(problem)
    if not inputs.articles and not inputs.problems:
        raise InputError(f"no articles found in {', '.join(sources)} (folders are searched for {glob!r})")
    if backend is None:  # before the output is touched
        config = config_from(config, options, "run_batch").with_defaults(http_retries=HTTP_RETRIES)
        backend = get_backend(config=config, notice=notice)
    if backend.name == "local" and concurrency > 1 and not quiet:
        watcher.note("the local model takes one article at a time (--concurrency ignored)")
    cache = ResultCache() if use_cache else None
    site = ReviewSite(html) if html is not None else None

    writer = JsonlWriter(out)
    started, complete, failed = False, False, 0
    try:
        if overwrite:
            writer.truncate()
        work = plan(inputs, writer, resume=resume, retry_failed=retry_failed, say=watcher.note)
        watcher.start(work, backend)
        started = True
        meta = {"run_id": uuid.uuid4().hex[:12], "model": backend.model, "backend": backend.name,
                "prompt_version": pipeline.prompt_version()}

        def finished(outcome: Outcome) -> None:
            nonlocal failed
            writer.write(result_line(outcome, meta))  # first: saved before anything else can fail
            failed += outcome.error is not None
            watcher.add(outcome)
            if site is not None:
                add_page(site, outcome)

        async def main() -> None:
            await run_articles(work.todo, backend, on_done=finished, concurrency=concurrency, rpm=rpm,
                               cache=cache, max_retries=max_retries)
            await writer.flush()

        try:
            asyncio.run(main())
        finally:
            watcher.stop()
        complete = True
        return 1 if failed or work.failed_before or work.malformed else 0
    finally:
        writer.close()
        if started:
            watcher.finish(complete)
        if site is not None:  # also after an interruption: the index lists what finished
            if resume and out is not None:
                site.add_recorded(out, inputs.articles)
            index = site.finish()
            if not quiet:
                watcher.note(f"wrote {len(site.rows)} review page(s) and {index}")


def add_page(site: ReviewSite, outcome: Outcome) -> None:
    """The review page of one finished article (its text is read again: a batch keeps no texts)."""
    article = outcome.article
    if outcome.error is not None:
        site.add(article.id, None, None, title=article.title,
                 error=f"{type(outcome.error).__name__}: {outcome.error}")
        return
    try:
        text = article.read()
    except InputError as exc:  # removed or changed since it was summarised
        site.add(article.id, None, None, title=article.title, error=str(exc))
        return
    site.add(article.id, text, outcome.result, title=article.title)
