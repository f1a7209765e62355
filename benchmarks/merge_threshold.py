"""Choose the merge judge's threshold by leave-one-group-out over the development groups.

Run:  .venv/bin/python benchmarks/merge_threshold.py [--model local] [--threads 2] [--oracle] [--cache PATH]

Every development group of ``evals/merge`` (``split`` ``dev``: 00-04; never the
test groups) is merged once with the given backend at threshold 0, so every pair
the model judges is kept with its probability of being a difference. Then, for
each group in turn, the threshold that maximises difference F1 on the other
groups is applied to it; the held-out counts, summed, give the F1 to report.
The threshold to ship (``summarizer.merge.judge.DEFAULT_THRESHOLD``) is the one
chosen on all five groups; the script prints it with the optimistic F1 it
reaches on them, and the AUC of the probabilities against the labels.

``--oracle`` builds the summaries from the gold labels, to measure the judge
alone; without it the backend summarises the reports too (cached, like
``summarizer eval``). Any backend ``summarizer`` accepts: ``--model gpt-4o-mini``,
``--model NAME --base-url URL``, or the embedded model (``local``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import get_backend  # noqa: E402
from summarizer.cache import ResultCache, default_path  # noqa: E402
from summarizer.evals.merge_threshold import NEVER, auc, counts_at, f1, leave_one_group_out, merge_groups  # noqa: E402

MERGE = ROOT / "evals" / "merge"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="local", help="as summarizer's --model (default: the embedded model)")
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--threads", type=int, default=None, help="the embedded model's threads")
    parser.add_argument("--oracle", action="store_true", help="summaries from the gold labels: the judge alone")
    parser.add_argument("--cache", type=Path, default=None, help=f"result cache (default {default_path()})")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--fixtures", type=Path, default=MERGE)
    args = parser.parse_args(argv)
    options = {k: v for k, v in {"model": args.model, "base_url": args.base_url, "api_key": args.api_key,
                                 "threads": args.threads}.items() if v is not None}
    backend = get_backend(**options)
    cache = None if args.no_cache else ResultCache(args.cache)
    groups = merge_groups(backend, args.fixtures, cache=cache, oracle=args.oracle)
    report(groups)


def _t(t: float) -> str:
    return "none (no model pair)" if t >= NEVER else f"{t:.3f}"


def report(groups) -> dict:
    """Print the leave-one-group-out selection; return it."""
    result = leave_one_group_out(groups)
    print(f"development groups: {len(groups)}; pairs the model judged: {sum(len(g.probabilities()) for g in groups)}")
    for name, fold in result["folds"].items():
        c = fold["counts"]
        print(f"  held out {name}: threshold {_t(fold['threshold'])}, {c['differences_matched']} of "
              f"{c['differences_gold']} labelled found, {c['differences_predicted']} reported")
    p, r, f = result["held_out"]
    print(f"leave-one-group-out, held-out groups summed: P {p:.2f} R {r:.2f} F1 {f:.2f}  <- the figure to report")
    p0, r0, f0 = f1([counts_at(g, 0.0) for g in groups])
    print(f"every judged pair a difference (threshold 0): P {p0:.2f} R {r0:.2f} F1 {f0:.2f}")
    p1, r1, f1_ = result["at_threshold"]
    print(f"threshold chosen on all development groups: {_t(result['threshold'])} "
          f"(F1 on them {f1_:.2f}, P {p1:.2f} R {r1:.2f}: optimistic, chosen on them)")
    area = auc(groups)
    print(f"AUC of P(update) + P(contradiction) against the labels: {'n/a' if area is None else f'{area:.2f}'}")
    return result


if __name__ == "__main__":
    main()
