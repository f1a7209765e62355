"""Claims and denials of responsibility across reports.

Who says they did it, or did not, is what reports of an attack most often
revise or dispute ("the Provisional IRA accepted responsibility" in 1972, "he
still refused to accept responsibility" in a retrospective). Code finds the
sentences that claim or deny responsibility; a sentence of each of two reports
makes a pair for the judge, and a named party's claim or denial that no other
report speaks of is a difference only one report has.
"""

from __future__ import annotations

import re

from .dossier import Difference, Evidence
from .pairs import distinct_pairs
from .similarity import similarity
from .passages import shorten, split_sentences
from ..schema import Span
from .report import Candidate, Report

# A verb of claiming, accepting or denying shortly before "responsib-": "accepted responsibility",
# "has taken responsibility", "said it was not responsible"; not "root out those responsible".
_CLAIM_OR_DENIAL = re.compile(
    r"\b(?:accept\w*|claim\w*|take|takes|took|taken|den(?:y|ies|ied)|not|refus\w*|admit\w*)\b[^.;]{0,40}?"
    r"\bresponsib\w*", re.IGNORECASE)
_NOBODY = re.compile(r"\bno (?:one|group|organi[sz]ation)\b", re.IGNORECASE)


def responsibility_sentences(text: str) -> list[Span]:
    """Sentences of a report that claim or deny responsibility (or say nobody has claimed it)."""
    return [s for s in split_sentences(text) if _CLAIM_OR_DENIAL.search(s.text)]


def responsibility_pairs(items: list[Report], limit: int = 2) -> list[Candidate]:
    """For every two reports, their responsibility sentences paired, the most alike first."""
    found = []
    for a, b in distinct_pairs(items):
        scored = [(similarity(x.text, y.text), x, y) for x in responsibility_sentences(a.text)
                  for y in responsibility_sentences(b.text)]
        scored.sort(key=lambda t: -t[0])
        found += [Candidate("responsibility", "responsibility for the attack", Evidence(report=a.id, span=x),
                            Evidence(report=b.id, span=y), score=score) for score, x, y in scored[:limit]]
    return found


def responsibility_only_in_one(items: list[Report]) -> list[Difference]:
    """A named party's claim or denial of responsibility in a report when no other report speaks of it.

    "No one has taken responsibility" is not a claim: it is what a report says
    before anybody claims anything, and a later report's suspects answer it.
    """
    unique = [r for r in items if not r.duplicate_of]
    if len(unique) < 2:
        return []
    by_report = {r.id: responsibility_sentences(r.text) for r in unique}
    found = []
    for report in unique:
        if any(by_report[r.id] for r in unique if r.id != report.id):
            continue
        for sentence in by_report[report.id]:
            if not _NOBODY.search(sentence.text):
                found.append(Difference(id="D0", kind="only_in_one", compared_on="only_in_one",
                                        basis="responsibility_only_in_one",
                                        topic=f"responsibility: {shorten(sentence.text, 100)}",
                                        evidence=[Evidence(report=report.id, span=sentence)]))
    return found
