"""The merge evaluation: merge every fixture group with a model and score it.

:func:`run_merge_eval` gives the ``merge.*`` figures of ``summarizer eval
--merge``; :func:`oracle_summaries` builds per-report summaries from the gold
labels, to measure the code's side of a merge alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from ..errors import SummarizerError
from ..merge import ReportInput, merge_reports
from ..schema import ArticleSummary, Incident, LegalClaim, Party, Span
from .merge_fixtures import MergeCase, case_dirs, load_case
from .merge_scoring import figures, score_case


def oracle_summaries(case: MergeCase) -> dict[str, Any]:
    """Per report, an ``ArticleSummary`` built from the gold labels (report id -> summary).

    Merging these measures the code's side alone (party resolution, candidate
    pairs, timeline) with perfect summaries: an upper bound for a real model.
    Parties carry the names each report uses; claims carry their gold status and
    evidence; the incident carries the gold type and date.
    """
    out = {}
    for report in case.reports:
        rid, text = report["id"], case.texts[report["id"]]
        parties, index = [], {}
        for g, party in enumerate(case.gold.parties):
            names = party.mentions.get(rid)
            if names:
                pid = f"p{len(parties) + 1}"
                index[g] = pid
                person = len(party.name.split()) <= 3 and party.name[0].isupper() and not party.name.isupper()
                parties.append(Party(id=pid, name=party.name if party.name in text else names[0],
                                     aliases=[n for n in names if n != party.name], kind="person" if person else "other",
                                     role="other"))

        def ref(name: Optional[str]) -> Optional[str]:
            found = next((i for i, p in enumerate(case.gold.parties) if p.name == name), None) if name else None
            return index.get(found) if found is not None else None

        claims = [LegalClaim(type=c.type, description=c.type.replace("_", " "), status=s.status,
                             subject=ref(c.subject), claimant=ref(c.claimant),
                             evidence=[Span(text=s.evidence.text, start=s.evidence.start, end=s.evidence.end)])
                  for c in case.gold.claims for s in c.history if s.report == rid]
        incident = Incident(event_type=case.gold.incident.event_type, description=report.get("file", rid),
                            date=case.gold.incident.date, date_text=case.gold.incident.date)
        out[rid] = ArticleSummary(headline=report["file"], summary=report["file"], incident=incident,
                                  parties=parties, legal_claims=claims)
    return out


def run_merge_eval(backend: Any, fixtures_dir: Path, cache: Any = None, *, max_pairs: int = 40,
                   per_group: bool = False) -> dict[str, Any]:
    """Merge every fixture group with ``backend`` and score it; return the figures.

    Args:
        backend: the model (summaries and pair judgements).
        fixtures_dir: the folder of merge cases, e.g. ``evals/merge``.
        cache: a :class:`~summarizer.cache.ResultCache` (or ``None``): summaries
            already cached cost no model call, so re-scoring costs only the judgements.
        max_pairs: the judgement budget per group.
        per_group: add ``"merge.groups_detail"``, each group's counts (not a figure).

    A group whose merge fails is counted in ``merge.groups_failed`` and left out of the rates.
    """
    totals: dict[str, int] = {}
    detail, failed, judged, cached, tokens, wall = {}, 0, 0, 0, 0, 0.0
    for path in case_dirs(Path(fixtures_dir)):
        case = load_case(path)
        inputs = [ReportInput(text=case.texts[r["id"]], label=r["file"], outlet=r.get("outlet"),
                              date=r.get("date")) for r in case.reports]
        try:
            dossier = merge_reports(inputs, backend=backend, cache=cache, max_pairs=max_pairs)
        except SummarizerError as exc:
            failed += 1
            detail[case.name] = {"error": str(exc)}
            continue
        counts = score_case(case, dossier)
        counts["groups"] = 1
        detail[case.name] = counts
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        judged += dossier.run.pairs_judged
        cached += dossier.run.judgements_cached
        tokens += dossier.run.judge_usage.total_tokens
        wall += dossier.run.wall_time_s
    result: dict[str, Any] = figures(totals) if totals else {}
    result.update({"merge.groups": float(totals.get("groups", 0)), "merge.groups_failed": float(failed),
                   "merge.pairs_judged": float(judged), "merge.judgements_cached": float(cached),
                   "merge.judge_tokens": float(tokens),
                   "merge.wall_time_s": round(wall, 3)})
    if per_group:
        result["merge.groups_detail"] = detail
    return result
