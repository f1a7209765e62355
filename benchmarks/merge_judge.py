"""Benchmark the merge judge alone: its verdicts on the pairs code proposes, against the gold labels.

Run:  .venv/bin/python benchmarks/merge_judge.py [--threads 2] [--quiet]

For every group of ``evals/merge``, the reports are merged with summaries
built from the gold labels (so the candidate pairs are the code's best; the
development groups only), and
each pair is labelled from gold: a difference when its passages overlap a
labelled difference's evidence in both reports, else none. The embedded model
then judges every pair; the script prints each verdict and, at the end, the
judge's precision and recall of "this pair is a difference", its class
accuracy, the base rate (the precision of a judge that always says
"update"), seconds per pair and completion tokens. It first prints the
ceiling: the difference P/R/F1 a perfect judge would reach on these pairs.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import ScriptedBackend  # noqa: E402
from summarizer.backends.local import LocalBackend  # noqa: E402
from summarizer.evals.merge_eval import oracle_summaries  # noqa: E402
from summarizer.evals.merge_fixtures import case_dirs, load_case  # noqa: E402
from summarizer.evals.merge_scoring import evidence_matches  # noqa: E402
from summarizer.merge import ReportInput, merge_reports  # noqa: E402
from summarizer.testing import pair_verdicts  # noqa: E402

MERGE = ROOT / "evals" / "merge"
DIFFERENT = ("update", "contradiction")


def labelled_pairs() -> tuple[dict[tuple[str, str], str], list[list[ReportInput]], dict[str, int]]:
    """(passage A, passage B) -> gold kind or "none", for every pair code proposes; each group's inputs;
    and the counts behind the ceiling (a perfect judge on these pairs)."""
    labels, groups, ceiling = {}, [], {"gold": 0, "found": 0, "only_in_one_wrong": 0}
    for path in case_dirs(MERGE):
        case = load_case(path)
        if case.split != "dev":
            continue  # the test groups are scored by the eval alone, never used to look at the judge
        summaries = oracle_summaries(case)
        inputs = [ReportInput(text=case.texts[r["id"]], summary=summaries[r["id"]], label=r["file"],
                              date=r["date"], outlet=r["outlet"]) for r in case.reports]
        dossier = merge_reports(inputs, backend=ScriptedBackend(default=pair_verdicts("update")), max_pairs=100)
        ids = {r.id: case.file_to_id()[r.label] for r in dossier.reports}
        matched = set()
        for diff in dossier.differences:
            spans = {ids[e.report]: [e.span] for e in diff.evidence}
            hits = [i for i, g in enumerate(case.gold.differences) if evidence_matches(g, spans)]
            matched |= set(hits)
            if diff.basis != "model":
                ceiling["only_in_one_wrong"] += not hits  # decided by a rule: no judge can drop it
            else:
                labels[(diff.evidence[0].span.text, diff.evidence[1].span.text)] = (
                    case.gold.differences[hits[0]].kind if hits else "none")
        ceiling["gold"] += len(case.gold.differences)
        ceiling["found"] += len(matched)
        groups.append(inputs)
    return labels, groups, ceiling


class Recorder:
    """The local backend, noting each pair's gold label, verdict, tokens and time."""

    def __init__(self, inner, labels, quiet):
        self.inner, self.labels, self.quiet, self.rows = inner, labels, quiet, []
        self.name, self.model = inner.name, inner.model

    def choose(self, messages, options, **kwargs):
        start = time.perf_counter()
        choice = self.inner.choose(messages, options, **kwargs)
        passages = tuple(re.findall(r"<passage>\n(.*?)\n</passage>", messages[-1]["content"], re.DOTALL))
        row = (self.labels.get(passages, "?"), choice.option, choice.usage.completion_tokens,
               time.perf_counter() - start)
        self.rows.append(row)
        if not self.quiet:
            print(f"gold {row[0]:13} verdict {row[1]:13} {row[2]:3} tokens {row[3]:5.1f} s", flush=True)
        return choice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quiet", action="store_true", help="only the totals")
    args = parser.parse_args()
    labels, groups, ceiling = labelled_pairs()
    p = ceiling["found"] / max(1, ceiling["found"] + ceiling["only_in_one_wrong"])
    r = ceiling["found"] / max(1, ceiling["gold"])
    print(f"ceiling (gold summaries, a perfect judge): {ceiling['found']} of {ceiling['gold']} labelled differences, "
          f"P {p:.2f} R {r:.2f} F1 {2 * p * r / max(1e-9, p + r):.2f}", flush=True)
    judge = Recorder(LocalBackend(threads=args.threads), labels, args.quiet)
    for inputs in groups:
        merge_reports(inputs, backend=judge, max_pairs=100)
    rows = judge.rows
    positive = [r for r in rows if r[0] in DIFFERENT]
    called = [r for r in rows if r[1] in DIFFERENT]
    hits = [r for r in called if r[0] in DIFFERENT]
    print(f"pairs {len(rows)}, labelled differences {len(positive)} (base rate {len(positive) / len(rows):.2f})")
    print(f"judge: precision {len(hits) / max(1, len(called)):.2f}, recall {len(hits) / max(1, len(positive)):.2f}, "
          f"class accuracy {sum(r[0] == r[1] for r in hits) / max(1, len(hits)):.2f}")
    print(f"{sum(r[3] for r in rows) / len(rows):.1f} s and {sum(r[2] for r in rows) / len(rows):.1f} completion "
          f"tokens per pair; verdicts by gold label: {dict(Counter((r[0], r[1]) for r in rows))}")


if __name__ == "__main__":
    main()
