"""Choosing the judge's threshold by leave-one-group-out over the development groups.

A merge reports a pair the model judged as a difference only when the model's
probability that it differs reaches a threshold (:mod:`summarizer.merge.judge`).
The threshold is chosen on the development groups (``split`` ``dev``), never on
the test groups, and reported the honest way: each development group in turn is
held out, the threshold that maximises difference F1 on the others is applied to
it, and the held-out counts are summed into one F1. The threshold to ship is the
one chosen on all development groups together.

Each group is merged once, with threshold 0, so every judged pair is kept with
its probability; scoring at a threshold drops the model's pairs below it
(:func:`counts_at`), so trying every threshold costs no model call.
``benchmarks/merge_threshold.py`` runs this with a real model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from ..merge.dossier import IncidentDossier
from ..merge import ReportInput, merge_reports
from ..merge.judge import NEVER
from .merge_eval import oracle_summaries
from .merge_fixtures import MergeCase, case_dirs, load_case
from .merge_scoring import evidence_matches, score_case


@dataclass
class Group:
    """One development group merged at threshold 0: its case and dossier."""

    case: MergeCase
    dossier: IncidentDossier

    def probabilities(self) -> list[float]:
        return [d.probability for d in self.dossier.differences if d.basis == "model" and d.probability is not None]


def counts_at(group: Group, threshold: float) -> dict[str, int]:
    """The group's scorer counts when the model's pairs below ``threshold`` are not differences.

    A pair the backend gave no probability for keeps its verdict (it was kept at
    threshold 0 only if the verdict was a difference).
    """
    kept = [d for d in group.dossier.differences
            if d.basis != "model" or d.probability is None or d.probability >= threshold]
    return score_case(group.case, group.dossier.model_copy(update={"differences": kept}))


def f1(counts: Sequence[dict[str, int]]) -> tuple[float, float, float]:
    """Difference precision, recall and F1 from counts summed over groups."""
    predicted = sum(c["differences_predicted"] for c in counts)
    matched = sum(c["differences_matched"] for c in counts)
    gold = sum(c["differences_gold"] for c in counts)
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def select(groups: Sequence[Group], score: Callable[[Group, float], dict[str, int]] = counts_at) -> float:
    """The threshold that maximises difference F1 summed over ``groups``.

    Candidates are the probabilities the model gave (a pair is in at its own
    probability) and :data:`NEVER`; a tie goes to the higher threshold, the one
    that reports fewer unconfirmed pairs as differences.
    """
    candidates = sorted({p for g in groups for p in g.probabilities()} | {NEVER}, reverse=True)
    best, best_f1 = NEVER, -1.0
    for t in candidates:
        value = f1([score(g, t) for g in groups])[2]
        if value > best_f1 + 1e-12:
            best, best_f1 = t, value
    return best


def leave_one_group_out(groups: Sequence[Group],
                        score: Callable[[Group, float], dict[str, int]] = counts_at) -> dict[str, Any]:
    """Hold out each group, choose the threshold on the others, score the held-out group with it.

    Returns:
        ``folds`` (group name -> the threshold chosen without it and its held-out
        counts), ``held_out`` (P, R, F1 over the summed held-out counts: the
        figure to report), ``threshold`` (chosen on every group: the one to ship)
        and ``at_threshold`` (P, R, F1 of every group at that threshold, which is
        optimistic: it was chosen on them).
    """
    folds = {}
    for i, held in enumerate(groups):
        rest = [g for j, g in enumerate(groups) if j != i]
        t = select(rest, score)
        folds[held.case.name] = {"threshold": t, "counts": score(held, t)}
    final = select(groups, score)
    return {"folds": folds, "held_out": f1([f["counts"] for f in folds.values()]), "threshold": final,
            "at_threshold": f1([score(g, final) for g in groups])}


def auc(groups: Sequence[Group]) -> Optional[float]:
    """How well the model's probability ranks the pairs that are labelled differences above the rest."""
    pos, neg = [], []
    for g in groups:
        ids = {r.id: g.case.file_to_id()[r.label] for r in g.dossier.reports}
        for d in g.dossier.differences:
            if d.basis != "model" or d.probability is None:
                continue
            spans = {}
            for e in d.evidence:
                spans.setdefault(ids[e.report], []).append(e.span)
            (pos if any(evidence_matches(x, spans) for x in g.case.gold.differences) else neg).append(d.probability)
    if not pos or not neg:
        return None
    return sum((x > y) + 0.5 * (x == y) for x in pos for y in neg) / (len(pos) * len(neg))


def merge_groups(backend: Any, fixtures_dir: Path, *, cache: Any = None, oracle: bool = False,
                 split: str = "dev", max_pairs: int = 100) -> list[Group]:
    """Merge every group of ``split`` at threshold 0 (every judged pair kept with its probability).

    Args:
        backend: the model: summaries (unless ``oracle``) and the judge.
        fixtures_dir: the merge fixtures, e.g. ``evals/merge``.
        cache: a :class:`~summarizer.cache.ResultCache` or ``None``.
        oracle: summaries built from the gold labels instead of the model's: the
            judge alone is measured, on the pairs code proposes from perfect summaries.
        split: which groups; the threshold is chosen on ``dev`` only.
        max_pairs: the judgement budget per group.
    """
    groups = []
    for path in case_dirs(Path(fixtures_dir)):
        case = load_case(path)
        if case.split != split:
            continue
        summaries = oracle_summaries(case) if oracle else {}
        inputs = [ReportInput(text=case.texts[r["id"]], summary=summaries.get(r["id"]), label=r["file"],
                              date=r.get("date"), outlet=r.get("outlet")) for r in case.reports]
        dossier = merge_reports(inputs, backend=backend, cache=cache, max_pairs=max_pairs, threshold=0.0)
        groups.append(Group(case=case, dossier=dossier))
    return groups
