"""Structural rules: the pairs whose answer lies in how they were found, decided by code.

Most candidate pairs carry their answer in their basis: two statuses of one
claim, two counts of one measure, a non-answer and a later statement, one
passage on two dates. A rule decides these, names itself in the difference's
``basis``, and quotes a passage of each report as its evidence; the model is
asked only about the pairs no rule decides (:mod:`summarizer.merge.judge`).
Facts only one report gives are listed by rule too (:func:`count_only_in_one`,
:func:`party_only_in_one`; claims in :func:`summarizer.merge.pairs.only_in_one`,
responsibility in :mod:`summarizer.merge.responsibility`).

The reports' dates decide between an update and a contradiction: a change
between reports of different days is news coming in; two figures for the same
moment cannot both be right. A report without a date leaves the pair to the model.
"""

from __future__ import annotations

import re
from typing import Optional

from .dossier import Difference, Evidence
from .counts import MEASURES, RELEASED, find_counts
from .pairs import overlaps
from .responsibility import responsibility_sentences, stance
from .passages import sentence_span, shorten
from ..article.groups import GROUP_NOUNS
from ..schema import Span
from .report import Candidate, Report

RULES = {
    "status_change": "One claim (type and subject) with two different statuses in reports of different dates is "
                     "an update; the claim's history keeps both steps.",
    "status_answered": "A request or pending matter that a report of the same day shows granted, denied or "
                       "done is an update: the matter moved on within the day (permission sought, then a "
                       "warrant obtained), which two accounts of one moment cannot do.",
    "count_update": "One measure with different counts that cannot both be right, in reports of different dates, "
                    "is an update (a count revised).",
    "count_same_moment": "One measure with different counts that cannot both be right, in reports of the same "
                         "date, is a contradiction: they describe the same moment.",
    "injured_released": "A count of the injured, then a report of a later date saying all of them were "
                        "released or discharged, is an update: what became of the injured is news.",
    "non_answer_then_statement": "A speaker's non-answer ('did not know', 'could not be reached', 'declined to "
                                 "comment') followed by a statement of theirs in a later report is an update.",
    "date_conflict": "One event (passages that say the same thing, date words aside) placed on two different "
                     "dates is a contradiction.",
    "responsibility_conflict": "One party's claim of responsibility in one report and its refusal or denial in "
                               "another is a contradiction: both cannot be true, whatever the dates (a report "
                               "that says the claim was withdrawn is left to the model).",
    "responsibility_answered": "A report's 'no one has claimed responsibility' then a later report that names "
                               "who carried out the attack (or a party claiming it) is an update: the open "
                               "question was answered.",
    "terrorism_named": "A report's 'no link to terrorism' then a later report calling the attack an act of "
                       "terrorism is an update: what the attack was became known.",
    "claim_only_in_one": "A legal claim one report makes, whose kind its own sentences name, and no other report "
                         "speaks of, is only in that report; each of those sentences is its evidence.",
    "count_only_in_one": "A count of a measure (deaths, injured, arrests ...) that one report gives while no "
                         "other report has a word for that measure is only in that report.",
    "killing_only_in_one": "A person named as killed in one report, whose surname no other report holds, is a "
                           "casualty only in that report (a killing dated to an earlier year is background).",
    "party_only_in_one": "A named party that acts (the subject or claimant of a claim, or one who claims or "
                         "denies responsibility where no other report speaks of responsibility) in one report, "
                         "whose name no other report holds, is only in it.",
    "responsibility_only_in_one": "A named party's claim or denial of responsibility, when no other report speaks "
                                  "of responsibility, is only in that report.",
}
"""Every rule by name: what ``Difference.basis`` names when code decided it."""

SETTLED = {
    "repeats_earlier_update": "A later report that repeats what a middle report already corrected (the same status, "
                              "the same figure) adds no difference of its own with the first report: the update "
                              "is reported once, between the first report and the one that corrected it.",
    "status_same": "One claim with the same known status in both reports: the claim did not move, so the pair "
                   "is no difference on it (what else its sentences say is compared on other bases).",
}
"""Rules that settle a pair as no difference: nothing to report, so no model call either."""


# A request or a pending matter, and what answers it. Only this direction is news on one day: the
# reverse (granted, then still pending) says more about which report was written first than about
# the matter, and two answers (granted, denied) are two accounts the model must weigh.
_OPEN = {"requested", "pending"}
_ANSWERED = {"granted", "denied", "completed"}


def decide(cand: Candidate, a: Report, b: Report) -> Optional[tuple[Optional[str], str]]:
    """The (kind, rule) a structural rule gives a candidate pair, or None when no rule decides it.

    ``a`` is the earlier report, ``b`` the later one (or the same day). A kind of
    None means the rule settled the pair as no difference (see :data:`SETTLED`).
    """
    dated = a.date is not None and b.date is not None
    if cand.basis == "claim":
        known = cand.fact_a and cand.fact_b and "unknown" not in (cand.fact_a, cand.fact_b)
        if known and cand.fact_a == cand.fact_b:
            return None, "status_same"
        if known and dated and a.date != b.date:
            return "update", "status_change"
        if known and dated and cand.fact_a in _OPEN and cand.fact_b in _ANSWERED:
            return "update", "status_answered"
        return None
    if cand.basis == "number" and cand.fact_b == RELEASED:
        # the later release is news only when the dates order the reports; one day's reports go to the model
        return ("update", "injured_released") if dated and a.date < b.date else None
    if cand.basis == "number" and dated:
        return ("update", "count_update") if a.date != b.date else ("contradiction", "count_same_moment")
    if cand.basis == "speaker":
        # the pair is built only from a non-answer in the earlier report and a statement in the later one
        if not dated or a.date <= b.date:
            return "update", "non_answer_then_statement"
        return None
    if cand.basis == "responsibility" and {cand.fact_a, cand.fact_b} == {"claimed", "denied"}:
        return "contradiction", "responsibility_conflict"  # marked only when one party is named in both
    if cand.basis == "responsibility" and (cand.fact_a, cand.fact_b) == ("nobody", "named"):
        return "update", "responsibility_answered"  # built only for reports in date order
    if cand.basis == "responsibility" and (cand.fact_a, cand.fact_b) == ("no terrorism link", "terrorism"):
        return "update", "terrorism_named"  # built only for reports in date order
    if cand.basis == "date":
        return "contradiction", "date_conflict"
    return None


def apply_rules(candidates: list[Candidate], items: list[Report]) -> tuple[list[Difference], list[Candidate],
                                                                              list[Candidate]]:
    """Split candidates into the pairs a rule decides and the pairs left to the model.

    Returns:
        (differences, the candidates decided, the candidates left for the model).
        A decided candidate is a difference unless its rule settled it as none. A
        pair that repeats the passages of one already decided (the same two
        passages found on another basis) is dropped: the rule has spoken for them.
    """
    by_id = {r.id: r for r in items}
    decided: list[Candidate] = []
    settled: list[Candidate] = []
    found: list[Difference] = []
    for cand in candidates:
        a, b = by_id[cand.a.report], by_id[cand.b.report]
        if a.verified(cand.a.span) != cand.a.span or b.verified(cand.b.span) != cand.b.span:
            continue  # no evidence, no difference: the judge's path counts it as dropped
        verdict = decide(cand, a, b)
        if verdict is None:
            continue
        if verdict[0] is None:
            settled.append(cand)  # no difference on this basis; its passages may still differ on another
            continue
        if _covered(cand, decided):
            continue
        decided.append(cand)
        found.append(Difference(id="D0", kind=verdict[0], topic=cand.topic, compared_on=cand.basis,
                                basis=verdict[1], evidence=[cand.a, cand.b]))
    order = {r.id: i for i, r in enumerate(items)}
    for cand, diff in list(zip(decided, found)):
        if any(_repeats(cand, earlier, order) for earlier in decided):
            decided.remove(cand)
            found.remove(diff)
            settled.append(cand)
    rest = [c for c in candidates if not any(c is d for d in decided + settled) and not _covered(c, decided)]
    return found, decided + settled, rest


def _repeats(cand: Candidate, earlier: Candidate, order: dict[str, int]) -> bool:
    """Whether ``cand`` (first report a, later report c) repeats ``earlier`` (a, a middle report b):
    the same passage of a on the same basis, and c stating exactly what b stated."""
    return (earlier is not cand and earlier.basis == cand.basis and earlier.a.report == cand.a.report
            and overlaps(earlier.a.span, cand.a.span) and order[earlier.b.report] < order[cand.b.report]
            and earlier.fact_b is not None and earlier.fact_b == cand.fact_b)


def _covered(cand: Candidate, taken: list[Candidate]) -> bool:
    return any(k.a.report == cand.a.report and k.b.report == cand.b.report
               and overlaps(k.a.span, cand.a.span) and overlaps(k.b.span, cand.b.span) for k in taken)


def _measure_words(measure: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, MEASURES[measure])) + r")\b", re.IGNORECASE)


def count_only_in_one(items: list[Report]) -> list[Difference]:
    """A report's headline count of a measure that no other report speaks of at all.

    The headline count is the report's first count of the measure. Another
    report that uses any word of the measure ("injured", "dead" ...) addresses
    it, even without a figure ("all victims were treated and released" aside):
    that is a pair for the count rules or the model, not a fact only one report gives.
    """
    unique = [r for r in items if not r.duplicate_of]
    if len(unique) < 2:
        return []
    found = []
    for report in unique:
        firsts: dict[str, object] = {}
        for count in find_counts(report.text):
            firsts.setdefault(count.measure, count)
        for measure, count in firsts.items():
            words = _measure_words(measure)
            if any(words.search(other.text) for other in unique if other.id != report.id):
                continue
            found.append(Difference(id="D0", kind="only_in_one", compared_on="only_in_one", basis="count_only_in_one",
                                    topic=f"number of {measure}: {shorten(count.sentence.text, 90)}",
                                    evidence=[Evidence(report=report.id, span=count.sentence)]))
    return found


def party_only_in_one(items: list[Report], parties: list, claims: list, taken: list[Difference]) -> list[Difference]:
    """A named party that acts in one report only, with the sentence where it acts (a name's head
    word is capitalised: "investigators" or "Federal authorities" are described, not named).

    Acting is structural: being a claim's subject or claimant, or being named in
    a sentence that claims or denies responsibility. A party whose names occur
    in another report's text is not only in one (merge_parties found it there, or
    the summary missed it). A sentence already given as evidence of another
    only-in-one difference of that report is not listed twice.

    Args:
        items: the reports, oldest first.
        parties: the merged parties.
        claims: the merged claims.
        taken: only-in-one differences already found (their sentences are not repeated).
    """
    unique = [r for r in items if not r.duplicate_of]
    if len(unique) < 2:
        return []
    by_id = {r.id: r for r in unique}
    acting = {x for c in claims for x in (c.subject, c.claimant) if x}
    found: list[Difference] = []
    for party in parties:
        if len(party.reports) != 1 or party.reports[0] not in by_id or _common_noun(party.name):
            continue  # a common noun ("police", "Federal authorities") names no party of its own
        report = by_id[party.reports[0]]
        names = [n for n in (party.name, *party.aliases) if len(n) > 2]
        if any(re.search(rf"\b{re.escape(n)}\b", other.text) for other in unique if other.id != report.id
               for n in names):
            continue
        sentences = _sentences_naming(report.text, names)
        if party.id not in acting:
            # naming who claims or denies responsibility acts only where no other report speaks of
            # responsibility: otherwise the reports' responsibility sentences are compared as a pair
            if any(responsibility_sentences(other.text) for other in unique if other.id != report.id):
                continue
            # "no group has taken responsibility … it might be Al Qaeda": a party named as a guess claims nothing
            blamed = {s.start for s in responsibility_sentences(report.text) if stance(s.text) != "nobody"}
            sentences = [s for s in sentences if s.start in blamed]
        if not sentences or party.kind in ("media", "other"):
            continue
        sentence = sentences[0]
        if any(e.report == report.id and overlaps(e.span, sentence) for d in taken + found for e in d.evidence):
            continue
        found.append(Difference(id="D0", kind="only_in_one", compared_on="only_in_one", basis="party_only_in_one",
                                topic=f"{party.name}: named only here", evidence=[Evidence(report=report.id,
                                                                                            span=sentence)]))
    return found


def _common_noun(name: str) -> bool:
    """A description, not a name: its head word is lower case, or is a word for a group that a
    sentence's first letter capitalised ("Prosecutors said …")."""
    head = name.split()[-1]
    return head[:1].islower() or len(name.split()) == 1 and (
        head.lower() in GROUP_NOUNS or head.lower().endswith("s") and head.lower()[:-1] in GROUP_NOUNS)


def _sentences_naming(text: str, names: list[str]) -> list[Span]:
    spans: dict[int, Span] = {}
    for name in names:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            sentence = sentence_span(text, match.start())
            spans.setdefault(sentence.start, sentence)
    return [spans[k] for k in sorted(spans)]


__all__ = ["RULES", "apply_rules", "count_only_in_one", "decide", "party_only_in_one"]
