"""The ``summarizer batch`` command's terminal display, over :func:`summarizer.batch.job.run_jsonl`.

What the user sees on stderr: a progress bar (done / failed / cached counts,
tokens so far, ETA) drawn only on a terminal, one line per failure, and a final
line with the counts, the tokens and, for known OpenAI models, the estimated
cost. ``quiet`` keeps only the reports of malformed input lines.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import IO, Any, Optional, Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..backends import Backend, BackendConfig
from ..backends.config import Notice, stderr_notice
from ..batch.job import Plan, Stats, Watcher, estimate_cost, run_jsonl  # noqa: F401 (estimate_cost: its old home)
from ..batch.runner import DEFAULT_CONCURRENCY, Outcome
from ..settings import PASS_RETRIES

class Display(Watcher):
    """The batch on stderr: a bar on a terminal, a line per failure, a final line."""

    def __init__(self, console: Console, out: Optional[Path], quiet: bool):
        self.console, self.out, self.quiet = console, out, quiet
        self.stats = Stats()
        self._bar: Optional[Progress] = None

    def note(self, line: str) -> None:
        self.console.print(f"summarizer: {line}", markup=False, soft_wrap=True)

    def start(self, plan: Plan, backend: Backend) -> None:
        self.plan = plan
        self.model = backend.model
        self.priced = backend.name == "openai"
        self.started = time.perf_counter()
        if not self.quiet and self.console.is_terminal:  # logs and pipes get the final line only
            self._bar = Progress(
                TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
                TextColumn("ETA"), TimeRemainingColumn(), console=self.console, transient=True,
            )
            self._task = self._bar.add_task("batch", total=len(plan.todo), counts=self._counts())
            self._bar.start()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()

    def _counts(self) -> str:
        return (f"done {self.stats.done}  failed {self.stats.failed}  cached {self.stats.cached}  "
                f"tokens {self.stats.usage.total_tokens:,}")

    def add(self, outcome: Outcome) -> None:
        self.stats.add(outcome)
        if outcome.error is not None and not self.quiet:
            self.console.print(f"summarizer: {outcome.article.id}: {type(outcome.error).__name__}: "
                               f"{outcome.error}", markup=False, soft_wrap=True)
        if self._bar is not None:
            self._bar.update(self._task, advance=1, counts=self._counts())

    def summary(self, complete: bool = True) -> str:
        """The final line: counts, time, tokens and, for known models, the estimated cost."""
        stats, plan, seconds = self.stats, self.plan, time.perf_counter() - self.started
        head = (f"batch finished in {seconds:.1f} s: " if complete else
                f"batch stopped after {seconds:.1f} s ({stats.done + stats.failed} of {len(plan.todo)} finished): ")
        parts = [f"{stats.done} summarised ({stats.cached} from cache), {stats.failed} failed"]
        if plan.done_before or plan.failed_before:
            parts.append(f"{plan.done_before} already summarised in {self.out}" + (
                f", {plan.failed_before} failed before (retry with --retry-failed)" if plan.failed_before else ""))
        if plan.malformed:
            parts.append(f"{plan.malformed} bad input line(s) skipped")
        usage = stats.usage
        tokens = f"{usage.total_tokens:,} tokens ({usage.prompt_tokens:,} in + {usage.completion_tokens:,} out)"
        price = estimate_cost(self.model, usage) if self.priced else None
        if price is not None:
            tokens += f", about ${price:.2f} on {self.model}" if price >= 0.01 or not price else \
                f", under $0.01 on {self.model}"
        parts.append(tokens)
        if not complete and self.out is not None:
            parts.append(f"finished articles are saved in {self.out}: continue with --resume")
        return "summarizer: " + head + "; ".join(parts)

    def finish(self, complete: bool = True) -> None:
        if not self.quiet:
            self.console.print(self.summary(complete), markup=False, soft_wrap=True)


def run_batch(
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
    console: Optional[Console] = None,
    stdin: Optional[IO[bytes]] = None,
    backend: Optional[Backend] = None,
    html: Optional[Path] = None,
    config: Optional[BackendConfig] = None,
    notice: Notice = stderr_notice,
    **options: Any,
) -> int:
    """Summarise the articles of ``sources`` into ``out`` (JSONL; stdout when None or ``-``),
    showing the batch on ``console`` (stderr): :func:`summarizer.batch.job.run_jsonl`
    with a :class:`Display`, and the same arguments.

    Returns:
        The exit code: 0 when every article of the inputs has a summary in the
        output, 1 when any failed (in this run, or earlier and not retried) or
        any input line was malformed or a duplicate.

    Raises:
        InputError: unusable inputs or output (exit code 2).
        ConfigError: an unusable model configuration (exit code 2).
    """
    display = Display(console or Console(stderr=True, highlight=False),
                      None if out is None or str(out) == "-" else out, quiet)
    return run_jsonl(
        sources, out=out, glob=glob, concurrency=concurrency, rpm=rpm, resume=resume, retry_failed=retry_failed,
        overwrite=overwrite, use_cache=use_cache, quiet=quiet, max_retries=max_retries, watcher=display,
        stdin=stdin, backend=backend, html=html, config=config, notice=notice, **options,
    )
