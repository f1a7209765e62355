"""Extraction v2 against the landed main it replaced (e6cddf7), side by side in one run.

Run:  .venv/bin/python benchmarks/old_vs_new.py [--old-commit e6cddf7] [--threads 2] [ARTICLE ...]

Each article is summarised by the old and the new code in turn, each in a
fresh child process on the embedded model (same weights, same threads, no
cache), so model loading and page cache treat both alike. The old code runs
from a temporary ``git worktree`` of the commit on this same virtual
environment. For each run it prints the wall time, the prompt and generated
tokens, and the child's peak RSS; for the new code also the time spaCy and the
rules take (reading the article and planning every question, no model).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = [ROOT / "examples" / "002_a01ba4f7cc3a8534.txt", ROOT / "examples" / "000_952a4a620bdde5e0.txt",
                    ROOT / "evals" / "fixtures" / "018-california-turpin-parents-sentenced" / "article.txt"]

# Runs in the child, with the code under test first on sys.path.
CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
from summarizer import summarize
from summarizer.backends.local import LocalBackend
rules = None
try:
    from summarizer.article.reading import plan
    from summarizer.text.nlp import parse
    start = time.perf_counter(); parse("Warm up."); load = time.perf_counter() - start
    start = time.perf_counter(); plan(text, None); rules = [load, time.perf_counter() - start]
    parse.cache_clear()  # the summary below parses again, as it would alone
except ImportError:
    pass  # the old code has no rules stage
backend = LocalBackend(threads=int(sys.argv[3]))
start = time.perf_counter()
result = summarize(text, backend=backend)
wall = time.perf_counter() - start
usage = result.run.usage
print(json.dumps({"wall": wall, "prompt": usage.prompt_tokens, "completion": usage.completion_tokens,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rules": rules}))
"""


def run(code: Path, article: Path, threads: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(code), str(article), str(threads)],
                         check=True, capture_output=True, text=True, cwd=code)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--old-commit", default="e6cddf7")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(old), args.old_commit], check=True, cwd=ROOT)
        try:
            rows = []
            print(f"{'article':40} {'code':4} {'wall s':>7} {'prompt':>7} {'gen':>5} {'RSS MB':>7} {'rules s':>8}")
            for article in args.articles:
                for name, code in (("old", old), ("new", ROOT)):
                    r = run(code, article.resolve(), args.threads)
                    rules = f"{r['rules'][1]:8.2f}" if r["rules"] else f"{'-':>8}"
                    print(f"{article.parent.name if article.name == 'article.txt' else article.name:40.40} {name:4} "
                          f"{r['wall']:7.1f} {r['prompt']:7d} {r['completion']:5d} {r['rss_mb']:7.0f} {rules}",
                          flush=True)
                    rows.append((name, r))
            for name in ("old", "new"):
                mine = [r for n, r in rows if n == name]
                print(f"{name}: median wall {statistics.median(r['wall'] for r in mine):.1f} s, median generated "
                      f"{statistics.median(r['completion'] for r in mine):.0f} tokens, max peak RSS "
                      f"{max(r['rss_mb'] for r in mine):.0f} MB")
            new = [r for n, r in rows if n == "new"]
            print(f"new: spaCy load {new[0]['rules'][0]:.2f} s once; spaCy and rules per article "
                  f"{statistics.median(r['rules'][1] for r in new):.2f} s (median)")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT)


if __name__ == "__main__":
    main()
