"""Benchmark the embedded model: summarizer's time against plain llama.cpp's floor.

Run:  .venv/bin/python benchmarks/local_model.py [--threads 2] [ARTICLE ...]

In one process, on one loaded model, it measures
1. plain llama.cpp rates: prompt processing (tokens/s, one batch of a real
   article's tokens) and generation (tokens/s, greedy, no grammar);
2. for each article (default: the two seed articles): prompt tokens sent,
   prompt tokens really evaluated (after llama.cpp reuses a cached prefix),
   completion tokens, wall time, and the floor
   ``prompt_tokens / pp_rate + completion_tokens / tg_rate``;
3. in a child process, the peak RSS of a one-article CLI run.

Ratios measured side by side in one run are what to compare across machines.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import summarize  # noqa: E402
from summarizer.backends.local import LocalBackend  # noqa: E402

SEEDS = [ROOT / "examples" / "002_a01ba4f7cc3a8534.txt", ROOT / "examples" / "000_952a4a620bdde5e0.txt"]


def plain_rates(llama, text: str, gen_tokens: int = 96) -> tuple[float, float]:
    """Prompt-processing and generation rates of llama.cpp alone on this model."""
    tokens = llama.tokenize(text.encode(), add_bos=True)[:768]
    llama.reset()
    start = time.perf_counter()
    llama.eval(tokens)
    pp = len(tokens) / (time.perf_counter() - start)
    generated = 0
    start = time.perf_counter()
    for token in llama.generate(tokens, temp=0.0, reset=False):
        generated += 1
        if generated >= gen_tokens:
            break
    tg = generated / (time.perf_counter() - start)
    llama.reset()
    return pp, tg


def peak_rss_mb(article: Path, threads: int) -> float:
    """Peak resident memory of a one-article CLI run, in a child process."""
    subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", str(article), "--quiet", "--threads", str(threads)],
        check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
    )
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path, default=SEEDS)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-rss", action="store_true", help="skip the child-process memory run")
    args = parser.parse_args()

    backend = LocalBackend(threads=args.threads)
    llama = backend.llama
    texts = [p.read_text(encoding="utf-8") for p in args.articles]
    pp, tg = plain_rates(llama, texts[0])
    print(f"plain llama.cpp, {args.threads} threads: prompt {pp:.1f} tok/s, generation {tg:.1f} tok/s")
    print(f"{'article':36} {'sent':>6} {'eval':>6} {'compl':>6} {'wall s':>7} {'floor s':>7} {'ratio':>6}")
    walls, completions, ratios = [], [], []
    for path, text in zip(args.articles, texts):
        llama.reset()  # no prefix carried over from the previous article
        before = llama.evaluated_tokens
        start = time.perf_counter()
        result = summarize(text, backend=backend)
        wall = time.perf_counter() - start
        usage = result.run.usage
        evaluated = llama.evaluated_tokens - before - usage.completion_tokens
        floor = usage.prompt_tokens / pp + usage.completion_tokens / tg
        walls.append(wall)
        completions.append(usage.completion_tokens)
        ratios.append(wall / floor)
        print(f"{path.name[:36]:36} {usage.prompt_tokens:6d} {evaluated:6d} {usage.completion_tokens:6d} "
              f"{wall:7.1f} {floor:7.1f} {wall / floor:6.2f}   attempts={result.run.attempts}")
    print(f"median wall {statistics.median(walls):.1f} s (target <= 30), "
          f"median completion tokens {statistics.median(completions):.0f}, "
          f"max wall/floor {max(ratios):.2f} (target <= 1.15)")
    if not args.no_rss:
        print(f"peak RSS of a one-article CLI run: {peak_rss_mb(args.articles[0], args.threads):.0f} MB "
              f"(target <= 2500)")


if __name__ == "__main__":
    main()
