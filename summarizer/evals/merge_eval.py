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
from .merge_fixtures import SPLITS, MergeCase, case_dirs, load_case
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


def split_prefix(split: str) -> str:
    """Where a split's figures go: ``merge.*`` for the development groups (the names the
    baselines have always used), ``merge.<split>.*`` for the others (``merge.test.*``)."""
    return "merge." if split == "dev" else f"merge.{split}."


def run_merge_eval(backend: Any, fixtures_dir: Path, cache: Any = None, *, max_pairs: int = 40,
                   per_group: bool = False, threshold: Optional[float] = None) -> dict[str, Any]:
    """Merge every fixture group with ``backend`` and score it; return the figures, split by split.

    Args:
        backend: the model (summaries and pair judgements).
        fixtures_dir: the folder of merge cases, e.g. ``evals/merge``.
        cache: a :class:`~summarizer.cache.ResultCache` (or ``None``): summaries
            already cached cost no model call, so re-scoring costs only the judgements.
        max_pairs: the judgement budget per group.
        per_group: add ``"merge.groups_detail"``, each group's counts and split (not a figure).
        threshold: the judge's threshold (default: the merge's own).

    The development groups' figures are ``merge.*``, the test groups' ``merge.test.*``
    (see :func:`split_prefix`): every figure twice, never pooled. A group whose merge
    fails is counted in ``merge[.test].groups_failed`` and left out of the rates.
    """
    totals: dict[str, dict[str, int]] = {}
    failed: dict[str, int] = {}
    detail, judged, cached, tokens, wall = {}, 0, 0, 0, 0.0
    options = {} if threshold is None else {"threshold": threshold}
    for path in case_dirs(Path(fixtures_dir)):
        case = load_case(path)
        inputs = [ReportInput(text=case.texts[r["id"]], label=r["file"], outlet=r.get("outlet"),
                              date=r.get("date")) for r in case.reports]
        try:
            dossier = merge_reports(inputs, backend=backend, cache=cache, max_pairs=max_pairs, **options)
        except SummarizerError as exc:
            failed[case.split] = failed.get(case.split, 0) + 1
            detail[case.name] = {"split": case.split, "error": str(exc)}
            continue
        counts = score_case(case, dossier)
        counts["groups"] = 1
        split = totals.setdefault(case.split, {})
        for key, value in counts.items():
            split[key] = split.get(key, 0) + value
        detail[case.name] = {"split": case.split, **counts}
        judged += dossier.run.pairs_judged
        cached += dossier.run.judgements_cached
        tokens += dossier.run.judge_usage.total_tokens
        wall += dossier.run.wall_time_s
    result: dict[str, Any] = {}
    for split in SPLITS:
        if split not in totals and split not in failed:
            continue
        prefix = split_prefix(split)
        counts = totals.get(split, {})
        if counts:
            result.update({prefix + k.removeprefix("merge."): v for k, v in figures(counts).items()})
        result[prefix + "groups"] = float(counts.get("groups", 0))
        result[prefix + "groups_failed"] = float(failed.get(split, 0))
    result.update({"merge.pairs_judged": float(judged), "merge.judgements_cached": float(cached),
                   "merge.judge_tokens": float(tokens), "merge.wall_time_s": round(wall, 3)})
    if per_group:
        result["merge.groups_detail"] = detail
    return result
