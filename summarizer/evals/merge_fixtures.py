"""The merge fixtures: hand-labelled groups of reports of one incident.

A case is a folder of ``evals/merge/`` holding the reports (``*.txt``), a
``meta.json`` (each report's id, file, date, outlet, source and licence) and a
hand-written ``gold.json`` (see ``evals/merge/GUIDELINES.md``): the incident,
the parties and the names each report uses, claim status histories, the
differences between reports and the dated events, every passage with its
offsets. This module reads and checks them; :mod:`summarizer.evals.merge_scoring`
scores a dossier against them.

Run ``python -m summarizer.evals.merge_fixtures evals/merge`` to validate the
fixtures, ``--fix-offsets`` to fill in the offsets of spans given by text only.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..schema import ClaimStatus, ClaimType, EventType
from .validate import report_problems

GOLD, META = "gold.json", "meta.json"
SPLITS = ("dev", "test")
"""``dev``: the groups the merge rules were written on; ``test``: groups labelled before
any rule saw them (``"split": "test"`` in ``meta.json``; a group without it is ``dev``)."""


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
    split: str = "dev"

    def file_to_id(self) -> dict[str, str]:
        return {r["file"]: r["id"] for r in self.reports}


def load_case(path: Path) -> MergeCase:
    """Read one case folder (raises on missing files or malformed gold)."""
    meta = json.loads((path / META).read_text(encoding="utf-8"))
    texts = {r["id"]: (path / r["file"]).read_text(encoding="utf-8") for r in meta["reports"]}
    gold = MergeGold.model_validate_json((path / GOLD).read_text(encoding="utf-8"))
    return MergeCase(name=path.name, path=path, reports=meta["reports"], texts=texts, gold=gold,
                     split=meta.get("split", "dev"))


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
    if meta.get("split", "dev") not in SPLITS:
        problems.append(f"{name}: split {meta.get('split')!r} is not one of {', '.join(SPLITS)}")
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


def main(argv: Optional[list[str]] = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    fix = "--fix-offsets" in args
    args = [a for a in args if a != "--fix-offsets"]
    root = Path(args[0] if args else "evals/merge")
    if fix:
        print(f"filled {fix_offsets(root)} span offsets")
    problems = validate_all(root)
    splits = [load_case(p).split if not problems else "?" for p in case_dirs(root)]
    described = ", ".join(f"{splits.count(s)} {s}" for s in SPLITS if s in splits)
    return report_problems(problems, f"{len(case_dirs(root))} merge cases" + (f" ({described})" if described else ""))


if __name__ == "__main__":
    raise SystemExit(main())
