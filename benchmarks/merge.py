"""Benchmark a merge on the embedded model: the seed pair, summaries cached, judgements fresh.

Run:  .venv/bin/python benchmarks/merge.py [--threads 2] [--cache PATH] [REPORT ...]

The issue's target is the seed pair merged in at most 90 s on 2 cores once
its reports are summarised (summaries are cached), so the time measured is a
merge whose summaries come from the cache and whose pair judgements do not.
In one process, on one loaded model, it prints
1. plain llama.cpp rates (prompt processing and generation, tokens/s);
2. a first merge that fills the cache (summaries and judgements);
3. the merge with cached summaries and no cached judgements: wall time, pairs
   judged, tokens, and the floor ``prompt_tokens / pp + completion_tokens / tg``;
4. the same merge again, judgements now cached too.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from local_model import plain_rates  # noqa: E402

from summarizer.backends.local import LocalBackend  # noqa: E402
from summarizer.cache import ResultCache, default_path  # noqa: E402
from summarizer.merge import ReportInput, merge_reports  # noqa: E402

SEED_PAIR = ROOT / "evals" / "merge" / "00-serey-deportation-2018"


def seed_inputs() -> list[ReportInput]:
    meta = json.loads((SEED_PAIR / "meta.json").read_text(encoding="utf-8"))
    return [ReportInput(text=(SEED_PAIR / r["file"]).read_text(encoding="utf-8"), label=r["file"], date=r["date"])
            for r in meta["reports"]]


def without_judgements(cache: ResultCache) -> ResultCache:
    """A copy of ``cache`` holding its summaries and none of its judgements."""
    copy = Path(tempfile.mkdtemp(prefix="merge-bench-")) / "results.sqlite"
    with sqlite3.connect(cache.path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DELETE FROM judgements")
    return ResultCache(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*", type=Path, help="report files, oldest first (default: the seed pair)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None, help=f"result cache (default {default_path()})")
    args = parser.parse_args()
    inputs = [ReportInput(text=p.read_text(encoding="utf-8"), label=p.name) for p in args.reports] or seed_inputs()

    backend = LocalBackend(threads=args.threads)
    pp, tg = plain_rates(backend.llama, inputs[0].text)
    print(f"plain llama.cpp, {args.threads} threads: prompt {pp:.1f} tok/s, generation {tg:.1f} tok/s")

    cache = ResultCache(args.cache)
    start = time.perf_counter()
    first = merge_reports(inputs, backend=backend, cache=cache)
    print(f"first merge: {first.run.summaries_cached} of {len(inputs)} summaries cached, "
          f"{first.run.summary_usage.total_tokens} summary tokens, {first.run.pairs_judged} pairs judged, "
          f"{time.perf_counter() - start:.1f} s (fills the cache; not the target when it summarises)")

    fresh = without_judgements(cache)
    start = time.perf_counter()
    dossier = merge_reports(inputs, backend=backend, cache=fresh)
    wall = time.perf_counter() - start
    usage = dossier.run.judge_usage
    floor = usage.prompt_tokens / pp + usage.completion_tokens / tg
    print(f"merge, summaries cached, judgements fresh: {wall:.1f} s; {dossier.run.pairs_judged} pairs judged, "
          f"{dossier.run.pairs_settled_by_code} settled by code, {usage.prompt_tokens} prompt + "
          f"{usage.completion_tokens} completion tokens; floor {floor:.1f} s, wall/floor {wall / floor:.2f}" if floor
          else f"merge, summaries cached: {wall:.1f} s; no pairs to judge")
    print(f"differences: {len(dossier.differences)} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(dossier.run.verdicts.items()))})")

    start = time.perf_counter()
    again = merge_reports(inputs, backend=backend, cache=fresh)
    print(f"merge again, judgements cached too: {time.perf_counter() - start:.2f} s, "
          f"{again.run.judgements_cached} cached judgements, {again.run.pairs_judged} judged")


if __name__ == "__main__":
    main()
