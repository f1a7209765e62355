"""What the merge's structural rules find alone: the development groups with oracle summaries, no model.

Each development group (00-04) is merged with summaries built from its gold
labels (:func:`summarizer.evals.merge_eval.oracle_summaries`) and a scripted
judge that answers "same" to every pair, so every difference in the dossier
comes from a rule. No model is loaded. For each group it prints

* each gold difference: ``found`` with the rule (and the kind it gave, when
  that is not the gold's) or ``MISSED``;
* each predicted difference that matches no gold one (``unmatched``), with the
  rule and its evidence;

then the development figures of the merge eval (difference precision, recall,
F1, class accuracy, hallucinated), scored by :mod:`summarizer.evals.merge_scoring`
exactly as ``summarizer eval --merge`` scores them.

    .venv/bin/python benchmarks/merge_rules_oracle.py             # groups 00-04
    .venv/bin/python benchmarks/merge_rules_oracle.py --group 00  # one group
    .venv/bin/python benchmarks/merge_rules_oracle.py --evidence  # and the gold passages of each miss
    .venv/bin/python benchmarks/merge_rules_oracle.py --summaries rules  # the pipeline's summaries, no model

Only development groups are read: a group is chosen by its folder's name
before anything in it is opened, and a group whose ``meta.json`` says it is
not a development group stops the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import ScriptedBackend, summarize  # noqa: E402
from summarizer.evals.merge_eval import oracle_summaries  # noqa: E402
from summarizer.evals.merge_fixtures import MergeCase, load_case  # noqa: E402
from summarizer.evals.merge_scoring import figures, match_differences, report_ids, score_case  # noqa: E402
from summarizer.merge import IncidentDossier, ReportInput, merge_reports  # noqa: E402
from summarizer.testing import pair_verdicts  # noqa: E402

DEV_GROUPS = ("00", "01", "02", "03", "04")
FIGURES = ("differences.precision", "differences.recall", "differences.f1", "differences.class_accuracy",
           "differences.hallucinated")


def dev_cases(root: Path, groups: tuple[str, ...]) -> list[MergeCase]:
    """The cases whose folder name starts with one of ``groups``, refusing any that is not a development group."""
    cases = []
    for path in sorted(p for p in root.iterdir() if p.is_dir() and p.name[:2] in groups):
        case = load_case(path)
        if case.split != "dev":
            raise SystemExit(f"{path.name} is a {case.split} group: this script reads development groups only")
        cases.append(case)
    return cases


def rules_summaries(case: MergeCase) -> dict:
    """Each report summarised by the pipeline with every model choice answered by its first option
    (as benchmarks/rules_floor.py does): what the merge gets from the rules alone."""
    backend = ScriptedBackend(default={"headline": "Lead.", "description": "Lead sentence."},
                              chooser=lambda messages, options: options[0], model="first-option")
    return {r["id"]: summarize(case.texts[r["id"]], backend=backend,
                               article_date=dt.date.fromisoformat(r["date"]) if r.get("date") else None)
            for r in case.reports}


def dossier_of(case: MergeCase, summaries: str) -> IncidentDossier:
    """The case merged with oracle (or rules') summaries and a judge that finds every pair the same."""
    summaries = oracle_summaries(case) if summaries == "oracle" else rules_summaries(case)
    inputs = [ReportInput(text=case.texts[r["id"]], summary=summaries[r["id"]], label=r["file"],
                          date=r.get("date"), outlet=r.get("outlet")) for r in case.reports]
    return merge_reports(inputs, backend=ScriptedBackend(default=pair_verdicts("same")))


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def show(case: MergeCase, dossier: IncidentDossier, evidence: bool) -> None:
    ids = report_ids(case, dossier)
    matches, hallucinated = match_differences(case, dossier, ids)
    print(f"== {case.name}: {sum(p is not None for _, p in matches)}/{len(matches)} found")
    for g, p in matches:
        gold = case.gold.differences[g]
        if p is None:
            print(f"  MISSED   {gold.kind:13s} {_short(gold.topic)}")
            if evidence:
                for report, spans in gold.evidence.items():
                    print(f"           {report}: {_short(spans[0].text, 150)}")
            continue
        diff = dossier.differences[p]
        kind = "" if diff.kind == gold.kind else f" as {diff.kind}"
        print(f"  found    {gold.kind:13s} {_short(gold.topic, 70)}  [{diff.basis}{kind}]")
    used = {p for _, p in matches if p is not None}
    for i, diff in enumerate(dossier.differences):
        if i in used:
            continue
        flag = " HALLUCINATED" if i in hallucinated else ""
        print(f"  unmatched {diff.kind:12s} [{diff.basis}]{flag} {_short(diff.topic, 80)}")
        for item in diff.evidence:
            print(f"           {ids[item.report]}: {_short(item.span.text, 150)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "evals" / "merge")
    parser.add_argument("--group", action="append", choices=DEV_GROUPS, help="a development group's number")
    parser.add_argument("--evidence", action="store_true", help="print the gold passages of each missed difference")
    parser.add_argument("--summaries", choices=["oracle", "rules"], default="oracle",
                        help="summaries from the gold labels, or from the pipeline with first-option choices")
    args = parser.parse_args()
    totals: dict[str, int] = {}
    cases = dev_cases(args.fixtures, tuple(args.group or DEV_GROUPS))
    for case in cases:
        dossier = dossier_of(case, args.summaries)
        show(case, dossier, args.evidence)
        for key, value in score_case(case, dossier).items():
            totals[key] = totals.get(key, 0) + value
    totals["groups"] = len(cases)
    rates = figures(totals)
    print(f"\ndifferences: {totals['differences_matched']} of {totals['differences_gold']} gold found, "
          f"{totals['differences_predicted']} predicted")
    for name in FIGURES:
        print(f"merge.{name:28s} {rates['merge.' + name]:.4f}")


if __name__ == "__main__":
    main()
