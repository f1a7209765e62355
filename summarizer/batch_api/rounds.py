"""The rounds of a Batch API run: drive, write what is answered, send what is not, wait.

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

import time
import uuid
from collections import Counter
from typing import Any, Optional

from ..article import pipeline
from ..batch import Outcome
from ..batch.job import Plan as BatchPlan
from ..batch.job import Stats, result_line
from ..batch.io import Article, JsonlWriter
from ..errors import SummarizerError
from .answers import Results
from .client import BatchClient
from .replay import Answer, BatchBackend, digest, drive
from .report import ApiDisplay, cost_line
from .state import Parts, State

# Rounds one run may send. One plans everything; a second re-asks choices as JSON or
# retries; more means requests that change each time they are planned, which must not
# be paid for again and again.
MAX_ROUNDS = 4


class Rounds:
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
        self.next_round: Optional[Parts] = None
        self.queued_articles = self.queued_requests = 0

    def lookup(self, article_id: str, pass_name: str, dig: str) -> Optional[Answer]:
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
            self.next_round = None
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
                    self._queue(article.id, driven.unanswered)
                    reasons["later" if article.id in self.results.articles else "new"] += 1
                    continue
                keys = [(article.id, f.pass_name, digest(f.body)) for f in driven.failed]
                if self.retry_failed and keys and not retried.issuperset(keys):
                    retried.update(keys)
                    self._queue(article.id, [(f.pass_name, f.body) for f in driven.failed])
                    reasons["retried"] += 1
                    continue
                seconds = time.perf_counter() - started
                self._write(Outcome(index, article, driven.summary, driven.error, seconds))
                del remaining[article_id]
            if self.next_round is None:
                self.complete = True
                return
            self._close_round(reasons)

    def _queue(self, article_id: str, requests: list[tuple[str, dict]]) -> None:
        """Write requests for the next round (to disk at once: each carries its whole article)."""
        if self.next_round is None:
            if self.sent_rounds >= MAX_ROUNDS:
                raise SummarizerError(f"requests still unanswered after {MAX_ROUNDS} rounds: their bodies "
                                      f"change each time they are planned (a bug: please report it)")
            round_ = max((p.round for p in self.state.parts), default=0) + 1
            self.next_round = self.state.add_parts(round_, max_requests=self.limits[0], max_bytes=self.limits[1])
            self.sent_rounds += 1
            self.queued_articles = self.queued_requests = 0
        for name, body in requests:
            self.next_round.add(self.results.new_id(article_id, name), body)
        self.queued_articles += 1
        self.queued_requests += len(requests)

    def _close_round(self, reasons: Counter) -> None:
        added = self.next_round.close()
        self.fresh.update(part.name for part in added)
        why = [f"{reasons['new']:,} new"] if reasons["new"] and self.next_round.round > 1 else []
        if reasons["later"]:  # a second round proper: what could not be planned before the first answers
            why.append(f"{reasons['later']:,} with a pass that depends on an earlier answer, or a choice asked "
                       f"again as JSON because its letters did not parse")
        if reasons["retried"]:
            why.append(f"{reasons['retried']:,} retrying failed requests")
        self.display.say(f"round {self.next_round.round}: {self.queued_requests:,} request(s) for "
                         f"{self.queued_articles:,} article(s) in {len(added)} file(s)"
                         + (f" ({'; '.join(why)})" if why else ""))

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
