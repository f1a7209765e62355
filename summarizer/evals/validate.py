"""Check every eval fixture: gold parses, spans are verbatim, references resolve.

Run as ``python -m summarizer.evals.validate evals/fixtures``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import ValidationError

from summarizer.schema import ArticleSummary, Span


def _spans(gold: ArticleSummary) -> list[Span]:
    spans = [span for claim in gold.legal_claims for span in claim.evidence]
    spans += [r.quote for r in gold.reactions if r.quote is not None]
    return spans


def validate_case(case_dir: Path) -> list[str]:
    """Return the problems found in one fixture folder (empty when it is sound)."""
    problems = []
    for name in ("article.txt", "gold.json", "meta.json"):
        if not (case_dir / name).is_file():
            problems.append(f"{case_dir.name}: missing {name}")
    if problems:
        return problems
    article = (case_dir / "article.txt").read_text(encoding="utf-8")
    try:
        gold = ArticleSummary.model_validate_json((case_dir / "gold.json").read_text(encoding="utf-8"))
    except ValidationError as exc:
        return [f"{case_dir.name}: gold.json does not parse: {exc}"]
    for span in _spans(gold):
        if span.start is None or article[span.start : span.end] != span.text:
            problems.append(f"{case_dir.name}: span not verbatim at its offsets: {span.text[:60]!r}")
    meta = json.loads((case_dir / "meta.json").read_text(encoding="utf-8"))
    for key in ("source", "licence"):
        if not meta.get(key):
            problems.append(f"{case_dir.name}: meta.json lacks {key!r}")
    return problems


def validate_all(root: Path) -> list[str]:
    """Validate every case folder under ``root``."""
    cases = sorted(p for p in root.iterdir() if p.is_dir())
    if not cases:
        return [f"no fixtures under {root}"]
    return [problem for case in cases for problem in validate_case(case)]


def report_problems(problems: list[str], checked: str) -> int:
    """Print each problem on stderr and a summary on stdout; return the exit status (1 when any)."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{checked}, {len(problems)} problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    root = Path((argv or sys.argv[1:] or ["evals/fixtures"])[0])
    problems = validate_all(root)
    return report_problems(problems, f"{sum(p.is_dir() for p in root.iterdir())} fixtures")


if __name__ == "__main__":
    raise SystemExit(main())
