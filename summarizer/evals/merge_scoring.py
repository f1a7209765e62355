"""Scoring a merged dossier against the gold labels of its fixture group.

Figures (:func:`figures`, from counts summed over groups):

* party resolution across reports: precision and recall of "same party" links
  between mentions in different reports;
* differences: precision, recall and F1 of detection (a predicted difference
  matches a gold one when it names the same reports and its evidence overlaps
  the gold evidence in each), class accuracy on the matches, and the count of
  hallucinated differences (evidence that does not occur in its report);
* timeline: the share of gold events found (by evidence) and, of those, dated right;
* incident date, and claim status histories (step by step).

The fixtures are read by :mod:`summarizer.evals.merge_fixtures`;
:mod:`summarizer.evals.merge_eval` merges them with a model and sums the counts.
"""

from __future__ import annotations

from itertools import combinations
from typing import Optional

from ..merge.dossier import IncidentDossier
from ..text.names import normalise, same_entity
from ..text.spans import ranges_overlap
from ..schema import Span
from .merge_fixtures import MergeCase, MergeGold


def _overlap(a: Span, start: Optional[int], end: Optional[int]) -> bool:
    return ranges_overlap(a.start, a.end, start, end)


def _gold_party(names: list[str], report: str, gold: MergeGold) -> Optional[int]:
    """The gold party a predicted mention stands for: an exact name first, then a looser match."""
    wanted = {normalise(n) for n in names}
    for i, party in enumerate(gold.parties):
        if wanted & {normalise(n) for n in party.mentions.get(report, [])}:
            return i
    for i, party in enumerate(gold.parties):
        if any(same_entity(a, b) for a in names for b in party.mentions.get(report, [])):
            return i
    return None


def score_parties(case: MergeCase, dossier: IncidentDossier, ids: dict[str, str]) -> dict[str, int]:
    gold_links = {frozenset({(r1, g), (r2, g)}) for g, p in enumerate(case.gold.parties)
                  for r1, r2 in combinations(sorted(p.mentions), 2)}
    predicted, unmapped = set(), 0
    for party in dossier.parties:
        nodes = set()
        for mention in party.mentions:
            report = ids[mention.report]
            g = _gold_party([mention.name, *mention.aliases], report, case.gold)
            if g is None:
                unmapped += 1
            else:
                nodes.add((report, g))
        predicted |= {frozenset({a, b}) for a, b in combinations(sorted(nodes), 2) if a[0] != b[0]}
    return {"party_links_gold": len(gold_links), "party_links_predicted": len(predicted),
            "party_links_correct": len(predicted & gold_links), "party_mentions_unmapped": unmapped}


def evidence_matches(gold, evidence: dict[str, list[Span]]) -> bool:
    """Whether a predicted difference's evidence (gold report id -> spans) matches a labelled one:
    the same reports, and in each an overlap with one of the labelled passages."""
    return set(evidence) == set(gold.evidence) and all(
        any(_overlap(p, g.start, g.end) for p in evidence[r] for g in gold.evidence[r]) for r in gold.evidence)


def match_differences(case: MergeCase, dossier: IncidentDossier,
                      ids: dict[str, str]) -> tuple[list[tuple[int, Optional[int]]], list[int]]:
    """Which predicted difference (index into ``dossier.differences``) matches each gold one.

    Returns:
        (for each gold difference in order, its index and the matched prediction's
        index or None; the indices of the hallucinated predictions, whose evidence
        does not occur in its report). A prediction matches one gold difference at
        most, one of the gold's kind first.
    """
    hallucinated, usable = [], []
    for index, diff in enumerate(dossier.differences):
        evidence: dict[str, list[Span]] = {}
        ok = True
        for item in diff.evidence:
            report = ids[item.report]
            span = item.span
            if span.start is None or case.texts[report][span.start:span.end] != span.text:
                ok = False
            evidence.setdefault(report, []).append(span)
        if ok:
            usable.append((index, evidence))
        else:
            hallucinated.append(index)
    matches: list[tuple[int, Optional[int]]] = []
    taken: set[int] = set()
    for g, gold in enumerate(case.gold.differences):
        options = [i for i, evidence in usable if i not in taken and evidence_matches(gold, evidence)]
        best = next((i for i in options if dossier.differences[i].kind == gold.kind), options[0] if options else None)
        if best is not None:
            taken.add(best)
        matches.append((g, best))
    return matches, hallucinated


def score_differences(case: MergeCase, dossier: IncidentDossier, ids: dict[str, str]) -> dict[str, int]:
    matches, hallucinated = match_differences(case, dossier, ids)
    found = [(case.gold.differences[g], dossier.differences[p]) for g, p in matches if p is not None]
    return {"differences_gold": len(case.gold.differences), "differences_predicted": len(dossier.differences),
            "differences_matched": len(found), "differences_same_class": sum(d.kind == g.kind for g, d in found),
            "differences_hallucinated": len(hallucinated)}


def score_timeline(case: MergeCase, dossier: IncidentDossier, ids: dict[str, str]) -> dict[str, int]:
    found = right = 0
    for event in case.gold.timeline:
        hits = [t for t in dossier.timeline for s in t.sources
                if ids[s.report] == event.report and _overlap(s.span, event.evidence.start, event.evidence.end)]
        if hits:
            found += 1
            right += any(t.date == event.date for t in hits)
    return {"timeline_gold": len(case.gold.timeline), "timeline_found": found, "timeline_dated_right": right,
            "incident_dated_right": int(dossier.incident.date == case.gold.incident.date),
            "incident_type_right": int(dossier.incident.event_type == case.gold.incident.event_type)}


def score_claims(case: MergeCase, dossier: IncidentDossier, ids: dict[str, str]) -> dict[str, int]:
    steps = found = right = 0
    names = {p.id: [p.name, *p.aliases] for p in dossier.parties}
    for claim in case.gold.claims:
        candidates = [c for c in dossier.legal_claims if c.type == claim.type and (
            (claim.subject is None and c.subject is None)
            or (claim.subject and c.subject and any(same_entity(claim.subject, n) for n in names[c.subject])))]
        for step in claim.history:
            steps += 1
            hits = [s for c in candidates for s in c.history if ids[s.report] == step.report]
            found += bool(hits)
            right += any(s.status == step.status for s in hits)
    return {"claim_steps_gold": steps, "claim_steps_found": found, "claim_steps_status_right": right}


def report_ids(case: MergeCase, dossier: IncidentDossier) -> dict[str, str]:
    """The dossier's report ids (in date order) -> the gold's report ids, by file name."""
    by_file = case.file_to_id()
    return {r.id: by_file[r.label] for r in dossier.reports}


def score_case(case: MergeCase, dossier: IncidentDossier) -> dict[str, int]:
    """Raw counts for one case; :func:`figures` turns summed counts into rates."""
    ids = report_ids(case, dossier)
    counts: dict[str, int] = {}
    for scorer in (score_parties, score_differences, score_timeline, score_claims):
        counts.update(scorer(case, dossier, ids))
    return counts


def _rate(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def figures(counts: dict[str, int]) -> dict[str, float]:
    """Rates from (summed) counts, under ``merge.*`` names."""
    c = counts
    p = _rate(c["party_links_correct"], c["party_links_predicted"])
    r = _rate(c["party_links_correct"], c["party_links_gold"])
    dp = _rate(c["differences_matched"], c["differences_predicted"])
    dr = _rate(c["differences_matched"], c["differences_gold"])
    return {
        "merge.party_links.precision": p, "merge.party_links.recall": r,
        "merge.party_links.f1": _f1(p, r),
        "merge.differences.precision": dp, "merge.differences.recall": dr,
        "merge.differences.f1": _f1(dp, dr),
        "merge.differences.class_accuracy": _rate(c["differences_same_class"], c["differences_matched"]),
        "merge.differences.hallucinated": float(c["differences_hallucinated"]),
        "merge.timeline.recall": _rate(c["timeline_found"], c["timeline_gold"]),
        "merge.timeline.date_accuracy": _rate(c["timeline_dated_right"], c["timeline_found"]),
        "merge.incident.date_accuracy": _rate(c["incident_dated_right"], c.get("groups", 0)),
        "merge.claims.step_recall": _rate(c["claim_steps_found"], c["claim_steps_gold"]),
        "merge.claims.status_accuracy": _rate(c["claim_steps_status_right"], c["claim_steps_found"]),
    }
