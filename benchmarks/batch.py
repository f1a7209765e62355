"""Batch figures against the fake OpenAI server: throughput, overhead, cache, kill + resume.

    .venv/bin/python benchmarks/batch.py [--articles 200] [--concurrency 16] [--kills 2] [--seed N]

Prints, for N variants of tests/data/seed_002.txt (each a different cache key).
A summary is four model requests, one per pass (overview, parties, speech,
claims), made one after another; the fake server answers each as a perfect
model would (``gold_replies`` on the seed's gold summary). The targets are per
article:

1. Wall time at --concurrency C against a server answering each request after
   500 ms, as a ratio of the ideal ceil(N / C) x 4 x 0.5 s (C articles at a
   time, each four 500 ms round trips in a row: 26 s for 200 articles at 16;
   target <= 1.15), after a short warm-up run that pays the process's one-off
   lazy imports.
2. Framework overhead against a 0 ms server, same run: the median gap between
   consecutive finished articles once every slot is busy, minus the same gap
   for bare ``asummarize`` calls under a semaphore on the same server (target
   <= 5 ms); with the absolute figures and the batch layer's own time.
3. A second run over the same input, served from the cache (target >= 50x
   faster than the first, and no request reaching the server).
4. The CLI in a subprocess, SIGKILLed at a random point, then rerun with
   --resume: every article must be in the output exactly once.

Runs 1-3 call :func:`summarizer.cli.batch.run_batch` (the CLI's code path
without interpreter start-up) in this process, with the server on a thread.
Nothing here is a test: it prints figures, and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import ArticleSummary, asummarize, get_backend  # noqa: E402
from summarizer.backends import BackendConfig  # noqa: E402
from summarizer.batch import HTTP_RETRIES  # noqa: E402
from summarizer.batch import job as batch_job  # noqa: E402
from summarizer.cli.batch import run_batch  # noqa: E402
from summarizer.testing import FakeOpenAIServer, Scripted, gold_replies  # noqa: E402

DATA = ROOT / "tests" / "data"
ARTICLE = (DATA / "seed_002.txt").read_text(encoding="utf-8")
GOLD = ArticleSummary.model_validate_json((DATA / "seed_002_gold.json").read_text(encoding="utf-8"))
# Answers all four passes for any variant: the copy line adds no candidate, so
# the seed's speech and claim candidates are the variants' too.
GOLD_REPLY = gold_replies(GOLD, ARTICLE)
PASSES = 4  # model requests per summary: overview, parties, speech, claims
ROUND_TRIP = 0.5  # seconds the slow server waits before each reply


def reply(body: dict):
    """The server's answer to every request: the gold answer to its pass.

    A body that never came (run 4 kills the client between a request's headers
    and its body) gets a 400, not a traceback on the server's thread.
    """
    if "messages" not in body:
        return Scripted(status=400, content="no request body")
    return GOLD_REPLY(body)


def write_articles(folder: Path, count: int, prefix: str = "a") -> Path:
    """A JSONL input of ``count`` variants of the seed article (each its own cache key)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            text = ARTICLE.rstrip() + f"\n\n(Copy {prefix}{i} of the report.)\n"
            handle.write(json.dumps({"id": f"{prefix}{i:04d}", "text": text}) + "\n")
    return path


class Timed:
    """Records, for each finished article, when it finished and the batch layer's time on it.

    The batch layer's time is what the command runs on the event loop for a
    finished article besides the pipeline: building its line, writing it,
    counting it on the progress display.
    """

    def __init__(self):
        self.stamps: list[float] = []
        self.own: list[float] = []
        self._run = batch_job.run_articles

    def __enter__(self):
        run, stamps, own = self._run, self.stamps, self.own

        def timed_run(articles, backend, *, on_done, **options):
            def done(outcome):
                started = time.perf_counter()
                on_done(outcome)
                now = time.perf_counter()
                own.append(now - started)
                stamps.append(now)
            return run(articles, backend, on_done=done, **options)

        batch_job.run_articles = timed_run
        return self

    def __exit__(self, *exc):
        batch_job.run_articles = self._run


async def bare(texts: list[str], backend, concurrency: int) -> list[float]:
    """The same articles through plain asummarize under a semaphore: no batch layer at all."""
    gate, stamps = asyncio.Semaphore(concurrency), []

    async def one(text):
        async with gate:
            await asummarize(text, backend=backend)
            stamps.append(time.perf_counter())

    await asyncio.gather(*(one(text) for text in texts))
    return stamps


def per_article(stamps: list[float], skip: int) -> float:
    """Steady-state time per finished article once every slot is busy (ms)."""
    return (stamps[-1] - stamps[skip]) / (len(stamps) - skip - 1) * 1000


def batch(inputs: Path, out: Path, server: FakeOpenAIServer, concurrency: int, **options) -> float:
    gc.collect()  # outside any event loop: earlier runs' HTTP clients are closed quietly
    started = time.perf_counter()
    code = run_batch([str(inputs)], out=out, concurrency=concurrency, quiet=True,
                     config=BackendConfig(model="gpt-4o-mini", base_url=server.url), **options)
    seconds = time.perf_counter() - started
    if code != 0:
        sys.exit(f"batch exited {code}")
    return seconds


def count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def kill_and_resume(inputs: Path, folder: Path, server: FakeOpenAIServer, count: int, rng: random.Random) -> bool:
    out = folder / "killed.jsonl"
    command = [sys.executable, "-c", "from summarizer.cli import run; run()", "batch", str(inputs),
               "--out", str(out), "--concurrency", "8", "--quiet", "--no-cache",
               "--model", "gpt-4o-mini", "--base-url", server.url]
    target = rng.randint(1, count - 1)
    child = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    while count_lines(out) < target and child.poll() is None:
        time.sleep(0.002)
    child.send_signal(signal.SIGKILL)
    child.wait()
    at_kill = count_lines(out)
    resumed = subprocess.run([*command, "--resume"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    if not out.exists():
        print(f"   killed at {at_kill} lines; --resume wrote no output (exit {resumed.returncode}): "
              f"{resumed.stderr.strip()[-300:]}")
        return False
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    with_summary = sum("summary" in json.loads(line) for line in out.read_text().splitlines())
    ok = resumed.returncode == 0 and len(ids) == count == len(set(ids)) == with_summary
    print(f"   killed at {at_kill} lines (aimed at {target}); after --resume: {len(ids)} lines, "
          f"{len(set(ids))} distinct ids, {with_summary} with a summary, exit {resumed.returncode}: "
          f"{'every article exactly once' if ok else 'FAILED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    n, c = args.articles, args.concurrency
    folder = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    os.environ["SUMMARIZER_CACHE_DIR"] = str(folder / "cache")  # a cold, private cache
    inputs = write_articles(folder, n)
    ok = True

    with FakeOpenAIServer(default=reply, delay=ROUND_TRIP) as server:
        # One short run first: the process's first request imports and builds what
        # the openai client and instructor load lazily (about 0.7 s here, once per
        # process); the figures below are the batch's, not the interpreter's.
        warm = batch(write_articles(folder / "warm", c, prefix="w"), folder / "warm.jsonl", server, c,
                     use_cache=False)
        before = len(server.requests)
        first = batch(inputs, folder / "slow.jsonl", server, c)
        requests = len(server.requests) - before
        ideal = math.ceil(n / c) * PASSES * ROUND_TRIP
        print(f"1. {n} articles, --concurrency {c}, 500 ms server: {first:.2f} s; ideal "
              f"ceil({n}/{c}) x {PASSES} requests x {ROUND_TRIP} s = {ideal:.1f} s; ratio {first / ideal:.3f} "
              f"(target <= 1.15); {requests} requests, {requests / n:g} an article (expected {PASSES}) "
              f"[after a {c}-article warm-up run: {warm:.2f} s]")
        ok &= first / ideal <= 1.15 and requests == n * PASSES

        before = len(server.requests)
        second = batch(inputs, folder / "cached.jsonl", server, c)
        reached = len(server.requests) - before
        print(f"3. same input again, from the cache: {second * 1000:.0f} ms vs {first * 1000:.0f} ms: "
              f"{first / second:.0f}x faster (target >= 50x); requests reaching the server: {reached}")
        ok &= first / second >= 50 and reached == 0

    with FakeOpenAIServer(default=reply) as server:
        with Timed() as timed:
            total = batch(inputs, folder / "fast.jsonl", server, c, use_cache=False)
        own = statistics.median(timed.own) * 1000
        with_batch = per_article(timed.stamps, c)
        texts = [json.loads(line)["text"] for line in inputs.read_text().splitlines()]
        backend = get_backend("gpt-4o-mini", base_url=server.url, http_retries=HTTP_RETRIES)
        gc.collect()
        without = per_article(asyncio.run(bare(texts, backend, c)), c)
        print(f"2. same run, 0 ms server: {total:.2f} s, {total / n * 1000:.1f} ms an article all-in "
              f"({PASSES} requests: pipeline, openai client, HTTP). Framework overhead: median {own:.3f} ms "
              f"an article on the event loop (result line, write, progress; target <= 5 ms); steady state "
              f"{with_batch:.2f} ms "
              f"per finished article vs {without:.2f} ms for bare asummarize under a semaphore: "
              f"{with_batch - without:+.2f} ms")
        ok &= own <= 5 and with_batch - without <= 5

        rng = random.Random(args.seed)
        print(f"4. CLI subprocess SIGKILLed at a random point, then --resume (seed {args.seed}):")
        for trial in range(args.kills):
            (folder / "killed.jsonl").unlink(missing_ok=True)
            ok &= kill_and_resume(inputs, folder, server, n, rng)

    print("all targets met" if ok else "SOME TARGETS MISSED", f"(cpu count {os.cpu_count()}, "
          f"load {os.getloadavg()[0]:.1f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
