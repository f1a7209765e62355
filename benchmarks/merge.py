"""Benchmark the merge on the embedded model: the seed pair from cold, old merge against new, in one run.

Run:  .venv/bin/python benchmarks/merge.py [--threads 2] [--old REF] [REPORT ...]

The issue's target is the seed pair merged in at most 60 s from cold (both
summaries included) on 2 cores, measured against the old merge in the same run.
In one process, on one loaded model, it prints
1. plain llama.cpp rates (prompt processing and generation, tokens/s);
2. for the old merge (the package as it was at ``--old``, extracted from git
   beside this one, with its own prompts) and for the new one: a merge from
   cold (an empty result cache: both summaries and every judgement), then the
   same merge with the summaries cached and the judgements not: wall time,
   summary and judge tokens, pairs judged, pairs decided by rule, differences.

The two merges share the model and nothing else: each gets a fresh cache, so
neither profits from the other's summaries.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


SEED_PAIR = ROOT / "evals" / "merge" / "00-serey-deportation-2018"
OLD_REF = "3281fac"  # the merge before structural rules and the judge's threshold (issue 13's baseline code)


def seed_reports() -> list[tuple[str, str, str]]:
    """(text, label, date) of the seed pair."""
    meta = json.loads((SEED_PAIR / "meta.json").read_text(encoding="utf-8"))
    return [((SEED_PAIR / r["file"]).read_text(encoding="utf-8"), r["file"], r["date"]) for r in meta["reports"]]


def old_package(ref: str):
    """The ``summarizer`` package (and its prompts) as at ``ref``, imported as ``summarizer_old``.

    The package imports itself relatively, so a copy under another name runs
    beside this one; its prompts are found beside the copy.
    """
    where = Path(tempfile.mkdtemp(prefix="merge-old-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "summarizer", "prompts"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    (where / "summarizer").rename(where / "summarizer_old")
    sys.path.insert(0, str(where))
    return importlib.import_module("summarizer_old.merge")


def without_judgements(cache):
    """A copy of ``cache`` holding its summaries and none of its judgements."""
    copy = Path(tempfile.mkdtemp(prefix="merge-bench-")) / "results.sqlite"
    with sqlite3.connect(cache.path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DELETE FROM judgements")
    return type(cache)(copy)


def cache_class(module):
    """The merge ``module``'s own package's ResultCache: a cached summary must come back as that
    package's ArticleSummary, not the other's."""
    return importlib.import_module(module.__name__.split(".")[0] + ".cache").ResultCache


def measure(name: str, module, backend, reports) -> float:
    """Merge from cold, then with summaries cached; print both; return the cold wall time."""
    inputs = [module.ReportInput(text=text, label=label, date=date) for text, label, date in reports]
    cache = cache_class(module)(Path(tempfile.mkdtemp(prefix="merge-cold-")) / "results.sqlite")
    start = time.perf_counter()
    dossier = module.merge_reports(inputs, backend=backend, cache=cache)
    cold = time.perf_counter() - start
    run = dossier.run
    decided = getattr(run, "pairs_decided_by_rule", 0)
    unconfirmed = len(getattr(dossier, "unconfirmed", []))
    print(f"{name}: from cold {cold:.1f} s; summaries {run.summary_usage.total_tokens} tokens, judge "
          f"{run.judge_usage.total_tokens} tokens; {run.pairs_judged} pairs judged, {decided} decided by rule; "
          f"{len(dossier.differences)} differences, {unconfirmed} unconfirmed", flush=True)
    fresh = without_judgements(cache)
    start = time.perf_counter()
    again = module.merge_reports(inputs, backend=backend, cache=fresh)
    print(f"{name}: summaries cached, judgements fresh {time.perf_counter() - start:.1f} s; "
          f"{again.run.pairs_judged} pairs judged", flush=True)
    return cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*", type=Path, help="report files, oldest first (default: the seed pair)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--old", default=OLD_REF, help=f"git ref of the old merge (default {OLD_REF})")
    args = parser.parse_args()
    reports = [(p.read_text(encoding="utf-8"), p.name, None) for p in args.reports] or seed_reports()

    from local_model import plain_rates

    from summarizer.backends.local import LocalBackend

    backend = LocalBackend(threads=args.threads)
    pp, tg = plain_rates(backend.llama, reports[0][0])
    print(f"plain llama.cpp, {args.threads} threads: prompt {pp:.1f} tok/s, generation {tg:.1f} tok/s", flush=True)
    import summarizer.merge as new

    old_cold = measure(f"old merge ({args.old})", old_package(args.old), backend, reports)
    new_cold = measure("new merge", new, backend, reports)
    print(f"from cold: old {old_cold:.1f} s, new {new_cold:.1f} s (target: new at most 60 s)")


if __name__ == "__main__":
    main()
