"""What the rules decide alone: the eval with every model choice answered by its first option.

The embedded 1.5B model answers the first option of most numbered lists, so
this floor tracks the real model's figures closely, in seconds instead of
twenty minutes. It is a development aid for rule changes, not a model score:
the headline is the article's lead sentence and no probability is real.

    python benchmarks/rules_floor.py                 # all fixtures, overall figures
    python benchmarks/rules_floor.py --cases         # and one line per case
    python benchmarks/rules_floor.py --only serey --show incident
"""

from __future__ import annotations

import argparse
import json
import time

from summarizer.backends.scripted import ScriptedBackend
from summarizer.evals.runner import DEFAULT_FIXTURES, run_eval

HEADLINE = {"headline": "Lead.", "description": "Lead sentence."}
FIGURES = ["parties.precision", "parties.recall", "parties.f1", "parties.role_accuracy", "claims.f1",
           "claims.status_accuracy", "claims.claimant_accuracy", "reactions.f1", "reactions.stance_accuracy",
           "incident.event_type_accuracy", "incident.date_accuracy", "incident.location_accuracy"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default=str(DEFAULT_FIXTURES))
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--cases", action="store_true", help="one line per case")
    parser.add_argument("--show", choices=["incident", "parties", "reactions", "claims"],
                        help="print this section of each prediction beside the gold")
    args = parser.parse_args()
    backend = ScriptedBackend(default=HEADLINE, chooser=lambda messages, options: options[0], model="first-option")
    start = time.perf_counter()
    report = run_eval(args.fixtures, backend=backend, only=args.only, cache_path=None, quiet=True)
    elapsed = time.perf_counter() - start
    overall = report.metrics()
    for name in FIGURES:
        print(f"{name:32s} {overall.get(name, float('nan')):.3f}")
    print(f"{'seconds per article':32s} {elapsed / max(1, len(report.cases)):.2f}")
    for case in report.cases:
        if args.cases:
            figures = case.scores.counts().metrics()
            print(case.id, " ".join(f"{k}={figures[k]:.2f}" for k in FIGURES if figures.get(k) is not None))
        if args.show and case.prediction is not None:
            pred = case.prediction.model_dump(mode="json")[args.show]
            gold = case.gold.model_dump(mode="json")[args.show]
            print(f"== {case.id}\n gold: {json.dumps(gold)[:600]}\n pred: {json.dumps(pred)[:600]}")


if __name__ == "__main__":
    main()
