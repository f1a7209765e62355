"""Named people killed: a casualty only one report gives.

A count of the dead is compared by :mod:`summarizer.merge.counts`; a report may
instead name one person killed ("campus policeman Jo Ames, who police say the
gunman shot dead") that no other report speaks of. Code finds the sentences
where a full name is the one killed, and lists the killing as only in that
report when no other report holds the surname at all.
"""

from __future__ import annotations

import re

from .dossier import Difference, Evidence
from .pairs import distinct_pairs, overlaps
from .passages import sentence_span
from .report import Report

# A full name: two or more capitalised words ("Jo Ames", "Mary-Ann O'Neill").
_NAME = r"(?P<{}>[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)+)"
# Violent deaths only: "died" also tells of illness and age, which are not the incident's casualties.
_KILLED = r"(?:shot (?:dead|to death)|shot and killed|stabbed to death|beaten to death|killed|murdered|slain)"
# After "who", a killing verb with its object is the killer's ("who police say killed an officer"); a verb
# that ends in "dead" or "to death" has its object before it, so "who the gunman shot dead" is the victim.
_TO_DEATH = r"(?:shot dead|shot to death|stabbed to death|beaten to death)"
# "Jo Ames was shot dead", "Jo Ames, who police say the gunman shot dead", "the killing of officer Jo Ames".
_VICTIM = re.compile(
    rf"{_NAME.format('n1')}(?:,[^,.;]{{1,60}},)?\s+(?:was|were|had been|has been)\s+{_KILLED}\b"
    rf"|{_NAME.format('n2')},\s+who\b[^.;]{{0,60}}?\b(?:{_TO_DEATH}|{_KILLED}\b(?=\s*(?:[,.;]|in\b|on\b|at\b|during\b)))"
    rf"|\b(?:the (?:killing|murder|death) of)\s+(?:[a-z-]+\s+){{0,3}}?{_NAME.format('n3')}")
# Capitalised words that open a clause rather than a name.
_NOT_NAMES = {"After", "Before", "When", "While", "As", "Since", "Until", "Once", "Then", "But", "And", "The"}
# "Jo Ames, who was killed in 2009": a killing of other years is background, not the incident's casualty.
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def killing_only_in_one(items: list[Report], taken: list[Difference]) -> list[Difference]:
    """Each report's named people killed whose surname no other report holds.

    Args:
        items: the reports, oldest first.
        taken: only-in-one differences already found (their sentences are not repeated).
    """
    unique = [r for r in items if not r.duplicate_of]
    if not distinct_pairs(unique):
        return []
    found: list[Difference] = []
    for report in unique:
        for match in _VICTIM.finditer(report.text):
            name = next(n for n in match.group("n1", "n2", "n3") if n)
            words = name.split()
            while len(words) > 2 and words[0] in _NOT_NAMES:
                words = words[1:]  # "After Sean Collier was shot dead": the clause's first word is no name
            name = " ".join(words)
            surname = name.split()[-1]
            sentence = sentence_span(report.text, match.start())
            years = [int(y) for y in _YEAR.findall(sentence.text)]
            if report.date and any(y < report.date.year for y in years):
                continue
            if any(re.search(rf"\b{re.escape(surname)}\b", other.text) for other in unique if other.id != report.id):
                continue
            if any(e.report == report.id and overlaps(e.span, sentence) for d in taken + found for e in d.evidence):
                continue
            found.append(Difference(id="D0", kind="only_in_one", compared_on="only_in_one",
                                    basis="killing_only_in_one", topic=f"{name}: killed, named only here",
                                    evidence=[Evidence(report=report.id, span=sentence)]))
    return found
