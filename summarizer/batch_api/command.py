"""``summarizer batch INPUTS --out results.jsonl --batch-api``: the articles through the Batch API.

A run goes in rounds until every article has its line in ``--out``:

1. drive each article still to do through the online pipeline
   (:func:`.replay.drive`), answered from the batches so far; those with
   every answer are assembled and appended to ``--out`` as ``batch`` does;
2. the requests no batch has answered yet go into request files, recorded
   in the state (:mod:`.state`), uploaded and made batches (:mod:`.client`);
3. the batches are polled until they end, and their results downloaded.

The first round plans every article; a second is needed only for a request
that could not be planned up front (a pass whose questions depended on an
earlier answer: none in extraction v2) or one retried with ``--retry-failed``.
Each step is recorded before the next, so ``--resume`` after any kill
continues the recorded batches and never creates one twice.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import IO, Any, Callable, Optional, Sequence

from rich.console import Console

from .. import pipeline
from ..backends import timeout_setting
from ..batch import Outcome
from ..batch_command import Plan as BatchPlan
from ..batch_command import Stats, check_output, plan, result_line
from ..batch_io import Article, JsonlWriter, load_inputs
from ..errors import ConfigError, InputError, SummarizerError
from ..settings import DEFAULT_MAX_TOKENS
from .client import POLL_FIRST, BatchClient, Hook
from .report import ApiDisplay, cost_line
from .replay import BatchBackend, digest, drive
from .answers import Results
from .state import MAX_BYTES, MAX_REQUESTS, State

# Rounds one run may send. One plans everything; a second re-asks choices as JSON or
# retries; more means requests that change each time they are planned, which must not
# be paid for again and again.
MAX_ROUNDS = 4


def run_batch_api(
    sources: Sequence[str],
    *,
    out: Optional[Path],
    model: Optional[str] = None,
    base_url: Optional[str] = None,
    api_key: Optional[str] = None,
    mode: Optional[str] = None,
    ctx: Optional[int] = None,
    timeout: Optional[float] = None,
    glob: str = "*.txt",
    resume: bool = False,
    retry_failed: bool = False,
    overwrite: bool = False,
    quiet: bool = False,
    console: Optional[Console] = None,
    stdin: Optional[IO[bytes]] = None,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    max_requests: int = MAX_REQUESTS,
    max_bytes: int = MAX_BYTES,
    sleep: Callable[[float], None] = time.sleep,
    poll_interval: Optional[float] = None,
    hook: Optional[Hook] = None,
) -> int:
    """Summarise the articles of ``sources`` into ``out`` through an OpenAI-compatible Batch API.

    Args:
        sources, out, glob, resume, retry_failed, overwrite, quiet, stdin: as
            for :func:`summarizer.batch_command.run_batch`; ``out`` is required.
        model, base_url, api_key, mode, ctx, timeout: the server and model, as
            for :func:`summarizer.get_backend`; a model must be named.
        max_tokens: the most any one pass may generate.
        max_requests, max_bytes: the most one request file may hold.
        sleep, poll_interval: how polls wait: ``poll_interval`` seconds at first
            (``SUMMARIZER_BATCH_POLL``, else 5), half as long again each time, up to a minute.
        hook: told the name of each step done (tests interrupt there).

    Returns:
        The exit code: 0 when every article has a summary in ``out``, else 1.

    Raises:
        InputError, ConfigError: unusable arguments, inputs or state (exit code 2).
        BackendError: the server failed a step; rerun with ``--resume``.
    """
    console = console or Console(stderr=True, highlight=False)
    out = None if out is None or str(out) == "-" else Path(out)
    if out is None:
        raise InputError("--batch-api needs --out: the batches' state is kept beside it, to resume from")
    model = model or os.environ.get("SUMMARIZER_MODEL")
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    if not model or model == "local":
        raise ConfigError("--batch-api sends the articles to a server: name its model with --model "
                          "(e.g. gpt-4o-mini), and any server other than OpenAI's with --base-url")
    if max_requests < 1 or max_bytes < 1:
        raise ConfigError("batch file limits must be positive")
    resume = resume or retry_failed
    check_output(out, resume=resume, overwrite=overwrite)
    state_path = State.beside(out)
    if state_path.exists() and not resume:
        _discard(State.load(state_path), overwrite)
    inputs = load_inputs(sources, glob, stdin)
    for problem in inputs.problems:
        console.print(f"summarizer: {problem}", markup=False, soft_wrap=True)
    if not inputs.articles and not inputs.problems:
        raise InputError(f"no articles found in {', '.join(sources)} (folders are searched for {glob!r})")
    seconds = timeout_setting(timeout)
    if poll_interval is None:
        raw = os.environ.get("SUMMARIZER_BATCH_POLL")
        try:
            poll_interval = float(raw) if raw else POLL_FIRST
        except ValueError:
            raise ConfigError(f"SUMMARIZER_BATCH_POLL={raw!r}: expected a number of seconds") from None
    client = BatchClient(base_url, api_key, timeout=seconds, sleep=sleep, poll_interval=poll_interval, hook=hook)
    run = _Rounds(client, ApiDisplay(console, quiet), dict(model=model, base_url=base_url, api_key=api_key,
                                                           mode=mode, timeout=seconds, context_window=ctx),
                  max_tokens=max_tokens, retry_failed=retry_failed, limits=(max_requests, max_bytes))
    # Checked before --out is touched: --retry-failed drops error lines from it.
    state = State.load(state_path) if state_path.exists() else State(state_path, model, run.backend.where)
    state.check(model, run.backend.where)
    writer = JsonlWriter(out)
    work = None
    try:
        if overwrite:
            writer.truncate()
        work = plan(inputs, writer, resume=resume, retry_failed=retry_failed, console=console)
        run.rounds(work.todo, state, writer)
    finally:
        writer.close()
        run.display.stop_bar()
        run.finish(work)
    return 1 if run.stats.failed or work.failed_before or work.malformed else 0


def _discard(state: State, overwrite: bool) -> None:
    """Forget a finished earlier run for ``--overwrite``; refuse to forget batches still in flight."""
    if overwrite and state.settled:
        shutil.rmtree(state.folder, ignore_errors=True)
        state.path.unlink()
        return
    raise InputError(f"{state.path} records the batches of an earlier run"
                     + (" still in flight" if overwrite else "")
                     + ": continue them with --resume (nothing is sent twice), or delete it to start afresh")


class _Rounds:
    """One run's rounds: what it has written, and the answers so far.

    Args:
        client: the Batch API's steps.
        display: stderr.
        backend_options: the server and model, for :class:`.replay.BatchBackend`.
        max_tokens: the most any one pass may generate.
        retry_failed: send failed and expired requests again (once in this run).
        limits: the most requests and bytes one request file may hold.
    """

    def __init__(self, client: BatchClient, display: ApiDisplay, backend_options: dict[str, Any], *,
                 max_tokens: int, retry_failed: bool, limits: tuple[int, int]):
        self.client, self.display, self.max_tokens = client, display, max_tokens
        self.retry_failed, self.limits = retry_failed, limits
        self.backend = BatchBackend(self.lookup, **backend_options)
        self.stats = Stats()
        self.results: Optional[Results] = None
        self.state: Optional[State] = None
        self.writer: Optional[JsonlWriter] = None
        self.meta: dict = {}
        self.started = time.perf_counter()
        self.announced = False
        self.complete = False
        self.fresh: set[str] = set()  # parts written by this run: never uploaded before, nothing to look up
        self.sent_rounds = 0

    def lookup(self, article_id: str, pass_name: str, dig: str):
        """The answer to a request body among the batches settled so far (the backend's transport)."""
        return self.results.lookup(article_id, pass_name, dig) if self.results else None

    def rounds(self, todo: list[Article], state: State, writer: JsonlWriter) -> None:
        """Rounds until every article in ``todo`` is written to ``writer`` (or failed)."""
        self.state, self.writer = state, writer
        self.meta = {"run_id": uuid.uuid4().hex[:12], "model": self.backend.model, "backend": self.backend.name,
                     "prompt_version": pipeline.prompt_version(), "batch_api": True}
        remaining = {a.id: (n, a) for n, a in enumerate(todo)}
        retried: set[tuple[str, str, str]] = set()
        while True:
            self.settle()
            self.results = Results(self.state)
            queue: list[tuple[str, str, dict]] = []
            reasons: Counter = Counter()  # why each article of the next round is in it
            for article_id, (index, article) in list(remaining.items()):
                started = time.perf_counter()
                try:
                    driven = drive(self.backend, article.id, article.read(), article.date, max_tokens=self.max_tokens)
                except SummarizerError as exc:  # an unreadable file: its line says so, as online
                    self._write(Outcome(index, article, None, exc, 0.0))
                    del remaining[article_id]
                    continue
                if not driven.complete:
                    queue += [(article.id, name, body) for name, body in driven.unanswered]
                    reasons["later" if article.id in self.results.articles else "new"] += 1
                    continue
                keys = [(article.id, f.pass_name, digest(f.body)) for f in driven.failed]
                if self.retry_failed and keys and not retried.issuperset(keys):
                    retried.update(keys)
                    queue += [(article.id, f.pass_name, f.body) for f in driven.failed]
                    reasons["retried"] += 1
                    continue
                seconds = time.perf_counter() - started
                self._write(Outcome(index, article, driven.summary, driven.error, seconds))
                del remaining[article_id]
            if not queue:
                self.complete = True
                return
            self._send(queue, reasons)

    def _send(self, queue: list[tuple[str, str, dict]], reasons: Counter) -> None:
        self.sent_rounds += 1
        if self.sent_rounds > MAX_ROUNDS:
            raise SummarizerError(f"{len(queue):,} request(s) still unanswered after {MAX_ROUNDS} rounds: their "
                                  f"bodies change each time they are planned (a bug: please report it)")
        round_ = max((p.round for p in self.state.parts), default=0) + 1
        articles = len({article_id for article_id, _, _ in queue})
        why = [f"{reasons['new']:,} new"] if reasons["new"] and round_ > 1 else []
        if reasons["later"]:  # a second round proper: what could not be planned before the first answers
            why.append(f"{reasons['later']:,} with a pass that depends on an earlier answer, or a choice asked "
                       f"again as JSON because its letters did not parse")
        if reasons["retried"]:
            why.append(f"{reasons['retried']:,} retrying failed requests")
        self.display.say(f"round {round_}: {len(queue):,} request(s) for {articles:,} article(s)"
                         + (f" ({'; '.join(why)})" if why else ""))
        requests = [(self.results.new_id(article_id, name), body) for article_id, name, body in queue]
        added = self.state.add_parts(requests, round_, max_requests=self.limits[0], max_bytes=self.limits[1])
        self.fresh.update(part.name for part in added)

    def settle(self) -> None:
        """Send, poll and download every part not yet settled."""
        open_parts = [p for p in self.state.parts if not p.settled]
        if not open_parts:
            return
        if not self.announced and any(p.batch_id is None for p in open_parts):
            # Before the first byte of an article leaves the machine.
            self.display.say(f"sending article text to {self.client.where} through its Batch API "
                             f"(model {self.backend.model})")
            self.announced = True
        for part in open_parts:
            self.client.send(self.state, part, fresh=part.name in self.fresh)
        self.client.poll(self.state, open_parts, self.display.polled)
        self.display.stop_bar()
        for part in open_parts:
            self.client.download(self.state, part)

    def _write(self, outcome: Outcome) -> None:
        self.writer.write(result_line(outcome, self.meta))  # first: saved before anything else can fail
        self.client.hook("written")
        self.stats.add(outcome)
        if outcome.error is not None:
            self.display.say(f"{outcome.article.id}: {type(outcome.error).__name__}: {outcome.error}")

    def finish(self, work: Optional[BatchPlan]) -> None:
        """The final lines: counts, failures and expiries, and the cost."""
        if self.results is None or work is None:
            return
        stats, results = self.stats, self.results
        seconds = time.perf_counter() - self.started
        head = "batch finished" if self.complete else "batch stopped (continue with --resume)"
        before = ""
        if work.done_before or work.failed_before:
            before = f" ({work.done_before} already summarised, {work.failed_before} failed before)"
        self.display.say(f"{head} after {seconds:.1f} s: {stats.done} summarised, {stats.failed} failed{before}; "
                         f"{results.failed} request(s) failed in their batches ({results.expired} expired)"
                         + ("" if self.retry_failed or not results.failed else ", retry with --resume --retry-failed")
                         + f"; state and results kept in {self.state.path} and {self.state.folder}/")
        self.display.say(cost_line(self.backend.model, dict(results.usage)))


def batch_api_command(inputs: list[str], *, html: Optional[Path], model_path: Optional[Path], quiet: bool,
                      **options: Any) -> int:
    """Run ``batch --batch-api``; refuse the options it cannot honour, each in one line.

    Raises:
        InputError: ``--html``, which needs each summary as it finishes.
        ConfigError: ``--model-path``: a local model has no Batch API.
    """
    if html is not None:
        raise InputError("--html is not available with --batch-api: write the review pages from the results later")
    if model_path is not None:
        raise ConfigError("--batch-api sends articles to a server; --model-path names a local model")
    return run_batch_api(inputs, quiet=quiet, **options)
