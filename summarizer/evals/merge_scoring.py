"""Gold labels, validation and scoring for merging several reports of one incident.

A case is a folder of ``evals/merge/`` holding the reports (``*.txt``), a
``meta.json`` (each report's id, file, date, outlet, source and licence) and a
hand-written ``gold.json`` (see ``evals/merge/GUIDELINES.md``). Figures:

* party resolution across reports: precision and recall of "same party" links
  between mentions in different reports;
* differences: precision, recall and F1 of detection (a predicted difference
  matches a gold one when it names the same reports and its evidence overlaps
  the gold evidence in each), class accuracy on the matches, and the count of
  hallucinated differences (evidence that does not occur in its report);
* timeline: the share of gold events found (by evidence) and, of those, dated right;
* incident date, and claim status histories (step by step).

Run ``python -m summarizer.evals.merge_scoring evals/merge`` to validate the
fixtures, ``--fix-offsets`` to fill in the offsets of spans given by text only.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..dossier import IncidentDossier
from ..names import normalise, same_entity
from ..schema import ClaimStatus, ClaimType, EventType, Span

GOLD, META = "gold.json", "meta.json"


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldSpan(_Gold):
    text: str
    start: Optional[int] = None
    end: Optional[int] = None


class GoldIncident(_Gold):
    event_type: EventType
    date: Optional[str] = None


class GoldParty(_Gold):
    name: str
    mentions: dict[str, list[str]] = Field(description="Report id -> the names that report uses.")


class GoldStep(_Gold):
    report: str
    status: ClaimStatus
    evidence: GoldSpan


class GoldClaim(_Gold):
    type: ClaimType
    subject: Optional[str] = None
    claimant: Optional[str] = None
    history: list[GoldStep]


class GoldDifference(_Gold):
    kind: Literal["update", "contradiction", "only_in_one"]
    topic: str
    evidence: dict[str, list[GoldSpan]] = Field(description="Report id -> every passage that states it.")
    note: Optional[str] = None


class GoldEvent(_Gold):
    date: str
    report: str
    evidence: GoldSpan


class MergeGold(_Gold):
    incident: GoldIncident
    parties: list[GoldParty] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)
    differences: list[GoldDifference] = Field(default_factory=list)
    timeline: list[GoldEvent] = Field(default_factory=list)


@dataclass
class MergeCase:
    """One fixture group: its reports (id -> meta, id -> text) and gold labels."""

    name: str
    path: Path
    reports: list[dict[str, Any]]
    texts: dict[str, str]
    gold: MergeGold

    def file_to_id(self) -> dict[str, str]:
        return {r["file"]: r["id"] for r in self.reports}


def load_case(path: Path) -> MergeCase:
    """Read one case folder (raises on missing files or malformed gold)."""
    meta = json.loads((path / META).read_text(encoding="utf-8"))
    texts = {r["id"]: (path / r["file"]).read_text(encoding="utf-8") for r in meta["reports"]}
    gold = MergeGold.model_validate_json((path / GOLD).read_text(encoding="utf-8"))
    return MergeCase(name=path.name, path=path, reports=meta["reports"], texts=texts, gold=gold)


def case_dirs(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).iterdir() if p.is_dir() and (p / META).is_file())


def _spans(gold: MergeGold) -> list[tuple[str, GoldSpan]]:
    spans = [(s.report, s.evidence) for c in gold.claims for s in c.history]
    spans += [(r, s) for d in gold.differences for r, group in d.evidence.items() for s in group]
    spans += [(e.report, e.evidence) for e in gold.timeline]
    return spans


def validate_case(path: Path) -> list[str]:
    """Problems in one case folder: files, licences, gold parsing, spans, references."""
    name = path.name
    if not (path / META).is_file() or not (path / GOLD).is_file():
        return [f"{name}: needs {META} and {GOLD}"]
    try:
        meta = json.loads((path / META).read_text(encoding="utf-8"))
        reports = meta["reports"]
    except (json.JSONDecodeError, KeyError) as exc:
        return [f"{name}: {META} unreadable: {exc}"]
    problems = []
    for report in reports:
        for key in ("id", "file", "source", "licence"):
            if not report.get(key):
                problems.append(f"{name}: a report in {META} lacks {key!r}")
        if report.get("file") and not (path / report["file"]).is_file():
            problems.append(f"{name}: missing report file {report['file']}")
    if problems:
        return problems
    try:
        case = load_case(path)
    except ValidationError as exc:
        return [f"{name}: {GOLD} does not parse: {exc}"]
    ids = set(case.texts)
    for report, span in _spans(case.gold):
        if report not in ids:
            problems.append(f"{name}: unknown report {report!r}")
            continue
        text = case.texts[report]
        if span.start is None or text[span.start:span.end] != span.text:
            where = text.find(span.text)
            hint = f" (the text occurs at {where})" if where >= 0 else " (the text does not occur in the report)"
            problems.append(f"{name}: {report} span not verbatim at its offsets: {span.text[:60]!r}{hint}")
    for party in case.gold.parties:
        for report, names in party.mentions.items():
            if report not in ids:
                problems.append(f"{name}: party {party.name!r} names unknown report {report!r}")
            for alias in names:
                if report in ids and alias not in case.texts[report]:
                    problems.append(f"{name}: {report} does not contain the party name {alias!r}")
    for diff in case.gold.differences:
        wanted = 1 if diff.kind == "only_in_one" else 2
        if len(diff.evidence) != wanted or any(not spans for spans in diff.evidence.values()):
            problems.append(f"{name}: difference {diff.topic!r} ({diff.kind}) needs evidence from {wanted} report(s)")
    return problems


def validate_all(root: Path) -> list[str]:
    dirs = case_dirs(root)
    if not dirs:
        return [f"no merge cases under {root}"]
    return [problem for path in dirs for problem in validate_case(path)]


def fix_offsets(root: Path) -> int:
    """Fill in the offsets of gold spans that occur exactly once in their report; return how many changed."""
    changed = 0
    for path in case_dirs(root):
        case = load_case(path)
        for report, span in _spans(case.gold):
            text = case.texts[report]
            if span.start is not None and text[span.start:span.end] == span.text:
                continue
            if text.count(span.text) == 1:
                span.start = text.index(span.text)
                span.end = span.start + len(span.text)
                changed += 1
        (path / GOLD).write_text(case.gold.model_dump_json(indent=2, exclude_none=False) + "\n", encoding="utf-8")
    return changed


# --- scoring --------------------------------------------------------------------------------------------

def _overlap(a: Span, start: Optional[int], end: Optional[int]) -> bool:
    return a.start is not None and start is not None and a.start < end and start < a.end


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


def score_differences(case: MergeCase, dossier: IncidentDossier, ids: dict[str, str]) -> dict[str, int]:
    hallucinated, usable = 0, []
    for diff in dossier.differences:
        evidence: dict[str, list[Span]] = {}
        ok = True
        for item in diff.evidence:
            report = ids[item.report]
            span = item.span
            if span.start is None or case.texts[report][span.start:span.end] != span.text:
                ok = False
            evidence.setdefault(report, []).append(span)
        if ok:
            usable.append((diff, evidence))
        else:
            hallucinated += 1
    matched, same_kind, taken = 0, 0, set()
    for gold in case.gold.differences:
        options = [i for i, (_, evidence) in enumerate(usable) if i not in taken
                   and set(evidence) == set(gold.evidence)
                   and all(any(_overlap(p, g.start, g.end) for p in evidence[r] for g in gold.evidence[r])
                           for r in gold.evidence)]
        if not options:
            continue
        best = next((i for i in options if usable[i][0].kind == gold.kind), options[0])
        taken.add(best)
        matched += 1
        same_kind += usable[best][0].kind == gold.kind
    return {"differences_gold": len(case.gold.differences), "differences_predicted": len(dossier.differences),
            "differences_matched": matched, "differences_same_class": same_kind,
            "differences_hallucinated": hallucinated}


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


def score_case(case: MergeCase, dossier: IncidentDossier) -> dict[str, int]:
    """Raw counts for one case; :func:`figures` turns summed counts into rates."""
    by_file = case.file_to_id()
    ids = {r.id: by_file[r.label] for r in dossier.reports}
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


def oracle_summaries(case: MergeCase) -> dict[str, Any]:
    """Per report, an ``ArticleSummary`` built from the gold labels (report id -> summary).

    Merging these measures the code's side alone (party resolution, candidate
    pairs, timeline) with perfect summaries: an upper bound for a real model.
    Parties carry the names each report uses; claims carry their gold status and
    evidence; the incident carries the gold type and date.
    """
    from ..schema import ArticleSummary, Incident, LegalClaim, Party

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
    from ..errors import SummarizerError
    from ..merge import ReportInput, merge_reports

    totals: dict[str, int] = {}
    detail, failed, judged, tokens, wall = {}, 0, 0, 0, 0.0
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
        tokens += dossier.run.judge_usage.total_tokens
        wall += dossier.run.wall_time_s
    result: dict[str, Any] = figures(totals) if totals else {}
    result.update({"merge.groups": float(totals.get("groups", 0)), "merge.groups_failed": float(failed),
                   "merge.pairs_judged": float(judged), "merge.judge_tokens": float(tokens),
                   "merge.wall_time_s": round(wall, 3)})
    if per_group:
        result["merge.groups_detail"] = detail
    return result


def main(argv: Optional[list[str]] = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    fix = "--fix-offsets" in args
    args = [a for a in args if a != "--fix-offsets"]
    root = Path(args[0] if args else "evals/merge")
    if fix:
        print(f"filled {fix_offsets(root)} span offsets")
    problems = validate_all(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(case_dirs(root))} merge cases, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
