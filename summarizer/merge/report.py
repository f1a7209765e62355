"""The bottom of the merge: what every other merge module is handed.

:class:`Report` is one report being merged (its text, summary and date, with
the checks that keep evidence verbatim); :class:`Candidate` is a pair of
passages worth comparing; :class:`Stats` counts what a merge cost and decided.
This module imports nothing else from :mod:`summarizer.merge` but the dossier
model, so the modules above it can share these types without an import circle.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ..text.grounding import Grounder
from ..schema import ArticleSummary, Span, Usage
from .dossier import Evidence
from .passages import sentence_span


@dataclass
class Report:
    """One report being merged: its text, its summary, its date and where it stands in date order."""

    index: int
    text: str
    summary: ArticleSummary
    date: Optional[dt.date]
    date_source: str
    outlet: Optional[str]
    label: str
    id: str = ""
    duplicate_of: Optional[str] = None
    incident_date: Optional[str] = None
    retrospective: bool = False
    grounder: Grounder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.grounder = Grounder(self.text)

    def verified(self, span: Optional[Span]) -> Optional[Span]:
        """The span if it is verbatim at its offsets in this report, re-grounded if not, else None."""
        if span is None:
            return None
        if span.start is not None and self.text[span.start:span.end] == span.text:
            return span
        found = self.grounder.ground(span.text)
        return found if found.verbatim else None

    def passage(self, span: Span) -> Span:
        """The whole sentence(s) around a verified span: what the judge reads and the reader sees."""
        first = sentence_span(self.text, span.start)
        last = sentence_span(self.text, max(span.start, span.end - 1))
        start, end = min(first.start, span.start), max(last.end, span.end)
        if end - start > 700:
            return span
        return Span(text=self.text[start:end], start=start, end=end, match="exact")


@dataclass
class Candidate:
    """Two passages worth comparing: ``a`` from the earlier report, ``b`` from the later one."""

    basis: str
    topic: str
    a: Evidence
    b: Evidence
    score: float = 0.0
    fact_a: Optional[str] = None  # what each passage states: a claim's status, a count ("at least 11")
    fact_b: Optional[str] = None


@dataclass
class Stats:
    """What a merge cost and decided; becomes the dossier's ``run`` block."""

    summary_usage: Usage = field(default_factory=Usage)
    judge_usage: Usage = field(default_factory=Usage)
    cached: int = 0
    candidates: int = 0
    judged: int = 0
    judged_cached: int = 0
    settled: int = 0
    decided: int = 0
    over_budget: int = 0
    dropped: int = 0
    verdicts: Counter = field(default_factory=Counter)
