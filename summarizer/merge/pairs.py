"""Candidate pairs: code proposes which passages of two reports to compare.

Code pairs passages of two reports that are about the same thing: the same
claim type and subject, the same speaker, counts of one measure, dated passages
that say much the same, and (last) sentences that share rare words. Pairs whose
passages are the same words are settled by code; the rest go to the model
(:mod:`summarizer.merge.judge`). Claims only one report makes need no
judgement: code lists them.
"""

from __future__ import annotations

import re
from typing import Optional

from .dossier import Difference, Evidence, SpeakerReactions
from .counts import RELEASED, compatible, find_counts, released_sentences
from .similarity import idf_weights, jaccard, normal, similarity, topic_score
from .passages import shorten, split_sentences
from .speakers import speaker_pairs
from ..text.names import core_tokens
from ..text.spans import ranges_overlap
from ..schema import Span
from .report import Candidate, Report, Stats

TOPIC_PAIRS = 4  # per report pair: the rarest shared words, a cheap stand-in for "about the same thing"


def distinct_pairs(items: list[Report]) -> list[tuple[Report, Report]]:
    """Report pairs worth comparing: a report given twice is compared once."""
    unique = [r for r in items if not r.duplicate_of]
    return [(a, b) for i, a in enumerate(unique) for b in unique[i + 1:]]


def only_in_one(items: list[Report], claims: list, parties: list, stats: Stats) -> list[Difference]:
    """Claims only one report makes (code decides: there is nothing to compare).

    A claim that only one summary holds is only in that report when its evidence
    names its kind ("extradit", "charged" ...; not "other") and no other report
    has a sentence naming its subject beside such a word: a summary that missed
    a claim another report states is not a difference between the reports, and
    "detained in hospital" is not a sentence.

    Args:
        items: the reports, oldest first.
        claims: the merged claims (:class:`~summarizer.dossier.MergedClaim`).
        parties: the merged parties, for the subjects' names.
        stats: counts what is dropped for want of verbatim evidence, and what the other reports address.
    """
    if len(distinct_pairs(items)) == 0:
        return []
    texts = {r.id: (r.duplicate_of or r.id) for r in items}
    names = {p.id: [p.name, *p.aliases] for p in parties}
    found = []
    for claim in claims:
        if len({texts[s.report] for s in claim.history}) != 1:
            continue
        step = claim.history[0]
        report = next(r for r in items if r.id == step.report)
        spans = [e for e in step.evidence if e.verbatim and report.verified(e) is not None]
        if not spans:
            stats.dropped += 1
            continue
        pattern = _CLAIM_WORDS.get(claim.type)
        # Every sentence of the report that states the claim is its evidence, not only the first.
        spans = [e for e in spans if pattern is not None and pattern.search(e.text)]
        if not spans:
            stats.settled += 1  # its own evidence does not name the kind of claim: a summary's misreading
            continue
        others = [r for r in items if texts[r.id] != texts[step.report]]
        if any(_addresses(r.text, claim.type, names.get(claim.subject, [])) for r in others):
            stats.settled += 1  # the other report speaks of it too: the summary missed it there
            continue
        passages = {(p.start, p.end): p for p in map(report.passage, spans)}  # two spans, one sentence: once
        found.append(Difference(
            id="D0", kind="only_in_one", compared_on="only_in_one", basis="claim_only_in_one",
            topic=f"{claim.type.replace('_', ' ')}: {shorten(claim.description, 100)}",
            evidence=[Evidence(report=step.report, span=p) for p in passages.values()],
        ))
    return found


# Words that say a sentence is about a kind of claim.
_CLAIM_WORDS = {kind: re.compile(rf"\b(?:{words})", re.IGNORECASE) for kind, words in {
    "extradition_request": r"extradit", "criminal_charge": r"charg|indict", "conviction": r"convict|guilty",
    "sentence": r"sentenc|prison|jail", "asylum_or_refugee_status": r"asylum|refugee",
    "deportation_order": r"deport|expel|expuls", "immigration_violation": r"visa|overstay|illegal",
    "travel_ban": r"(?:ban|bans|banned|barred)\b", "terrorism_designation": r"terror",
    "lawsuit": r"(?:sue|sued|suing)\b|lawsuit", "court_ruling": r"rul(?:e|ed|ing)\b|court",
    "investigation": r"investigat|probe|inquir",
}.items()}


def _addresses(text: str, claim_type: str, subject_names: list[str]) -> bool:
    """Whether a sentence of ``text`` names the subject (any word of its names) beside a word for the claim."""
    pattern = _CLAIM_WORDS.get(claim_type)
    if pattern is None:
        return False
    words = {w for n in subject_names for w in core_tokens(n) if len(w) > 2}
    for sentence in split_sentences(text):
        if pattern.search(sentence.text) and (not words or words & set(re.findall(r"\w+", normal(sentence.text)))):
            return True
    return False


def find_candidates(items: list[Report], claims: list, reactions: list[SpeakerReactions], parties: list,
                    passages: dict, stats: Stats) -> list[Candidate]:
    """Every pair worth a judgement, for every pair of distinct reports.

    Args:
        items: the reports, oldest first.
        claims: merged claims: steps of one claim in two reports are compared.
        reactions: reactions by speaker: one speaker's statements in two reports.
        parties: merged parties (for names in topics and speaker mentions).
        passages: report id -> its dated passages (:func:`~summarizer.merge.dates.find_dates`).
        stats: counts pairs settled by code and pairs dropped without verbatim evidence.
    """
    names = {p.id: p.name for p in parties}
    idf = idf_weights([r.text for r in items if not r.duplicate_of])
    found: list[Candidate] = []
    for a, b in distinct_pairs(items):
        for claim in claims:
            steps_a = [s for s in claim.history if s.report == a.id]
            steps_b = [s for s in claim.history if s.report == b.id]
            topic = claim.type.replace("_", " ") + (f" ({names[claim.subject]})" if claim.subject else "")
            for sb in steps_b:
                best = max(steps_a, key=lambda sa: similarity(sa.description, sb.description), default=None)
                if best is None:
                    continue
                ea, eb = _first_verified(a, best.evidence), _first_verified(b, sb.evidence)
                if ea is None or eb is None:
                    stats.dropped += 1
                elif best.status == sb.status and normal(ea.text) == normal(eb.text):
                    stats.settled += 1
                else:
                    found.append(Candidate("claim", topic, Evidence(report=a.id, span=a.passage(ea)),
                                            Evidence(report=b.id, span=b.passage(eb)),
                                            fact_a=best.status, fact_b=sb.status))
        pair: list[Candidate] = []
        pair += _count_pairs(a, b) + _released_pairs(a, b)
        pair += _date_pairs(a, b, passages)
        pair += speaker_pairs(a, b, parties, reactions, stats)
        found += pair + _topic_pairs(a, b, idf, found + pair, stats)
    return found


def _topic_pairs(a: Report, b: Report, idf, taken: list[Candidate], stats, limit: int = TOPIC_PAIRS,
                 threshold: float = 0.15) -> list[Candidate]:
    """Sentences of two reports that share rare words, not already compared on another basis.

    A reworded sentence (almost the same words) is settled as the same by code.
    """
    covered = [(c.a.span, c.b.span) for c in taken if c.a.report == a.id and c.b.report == b.id]
    scored = []
    # A heading or a fragment ("Car bombs") states nothing to compare.
    statements_b = [y for y in split_sentences(b.text) if len(y.text.split()) >= 5]
    for x in split_sentences(a.text):
        if len(x.text.split()) < 5:
            continue
        for y in statements_b:
            score = topic_score(x.text, y.text, idf)
            if score >= threshold and not any(overlaps(x, p) and overlaps(y, q) for p, q in covered):
                scored.append((score, x, y))
    scored.sort(key=lambda t: -t[0])
    pairs = []
    for score, x, y in scored:
        if len(pairs) == limit:
            break
        if normal(x.text) == normal(y.text) or jaccard(x.text, y.text) >= 0.8:
            stats.settled += 1
            continue
        pairs.append(Candidate("topic", f"about: {shorten(x.text, 70)}", Evidence(report=a.id, span=x),
                                Evidence(report=b.id, span=y), score=score))
    return pairs


def _first_verified(report: Report, spans: list[Span]) -> Optional[Span]:
    return next((v for v in (report.verified(s) for s in spans if s.verbatim) if v), None)


def _count_pairs(a: Report, b: Report, per_measure: int = 1) -> list[Candidate]:
    """The headline counts of one measure, when they differ (one pair per measure by default).

    Reports word the same figure differently ("at least 11 people died", "nine
    people were dead"), so wording says little; a report's first count of a
    measure is usually its headline figure, and counts of one thing are of one
    order of magnitude (an incident's 9 dead, not a year's 496). A second pair
    of one measure is mostly a part of the count ("77 were women or children"),
    which is not a difference.
    """
    counts_a, counts_b = find_counts(a.text), find_counts(b.text)
    pairs = []
    for measure in sorted({c.measure for c in counts_a} & {c.measure for c in counts_b}):
        xs = [c for c in counts_a if c.measure == measure]
        ys = [c for c in counts_b if c.measure == measure]
        if compatible(xs[0], ys[0]):
            continue  # the headline figures agree; the others are parts of the count
        scored = []
        for i, x in enumerate(xs):
            for j, y in enumerate(ys):
                closeness = min(x.value, y.value) / max(x.value, y.value)
                if closeness < 1 / 3:
                    continue
                if compatible(x, y):
                    continue  # approximate figures that overlap ("264", "more than 260") are not a difference
                prominence = 1 / (1 + i) + 1 / (1 + j)
                scored.append((prominence + closeness + similarity(x.sentence.text, y.sentence.text), x, y))
        scored.sort(key=lambda t: -t[0])
        used: set[int] = set()
        chosen = []
        for score, x, y in scored:  # one-to-one: a figure is compared once
            if id(x) not in used and id(y) not in used and len(chosen) < per_measure:
                used |= {id(x), id(y)}
                chosen.append((score, x, y))
        for score, x, y in chosen:
            topic = "number injured" if measure == "injured" else f"number of {measure}"
            pairs.append(Candidate("number", topic, Evidence(report=a.id, span=x.sentence),
                                    Evidence(report=b.id, span=y.sentence), score=score,
                                    fact_a=_figure(x), fact_b=_figure(y)))
    return pairs


def _released_pairs(a: Report, b: Report) -> list[Candidate]:
    """An earlier report's headline count of the injured and a later report's word that all went home.

    What became of the injured is news about the count, which a later report
    may give without repeating the figure; a report that already said so has
    nothing to update.
    """
    injured = [c for c in find_counts(a.text) if c.measure == "injured"]
    released = released_sentences(b.text)
    if not injured or not released or released_sentences(a.text):
        return []
    return [Candidate("number", "what became of the injured", Evidence(report=a.id, span=injured[0].sentence),
                      Evidence(report=b.id, span=released[0]), fact_a=_figure(injured[0]), fact_b=RELEASED)]


def _figure(count) -> str:
    return f"{count.qualifier} {count.value}" if count.qualifier else str(count.value)


def _date_pairs(a: Report, b: Report, passages, limit: int = 3, threshold: float = 0.5) -> list[Candidate]:
    """Passages that say much the same thing but put it on different dates."""
    scored = []
    for x in passages[a.id]:
        for y in passages[b.id]:
            if x.date[:len(y.date)] == y.date[:len(x.date)] or normal(x.sentence.text) == normal(y.sentence.text):
                continue  # same day, or a month that contains the day
            score = similarity(x.sentence.text.replace(x.phrase, ""), y.sentence.text.replace(y.phrase, ""))
            if score >= threshold:
                scored.append((score, x, y))
    scored.sort(key=lambda t: -t[0])
    return [Candidate("date", f"when: {shorten(x.sentence.text, 80)}", Evidence(report=a.id, span=x.sentence),
                       Evidence(report=b.id, span=y.sentence), score=score) for score, x, y in scored[:limit]]


def overlaps(x: Span, y: Span) -> bool:
    """Whether two spans of one report share a character."""
    return ranges_overlap(x.start, x.end, y.start, y.end)
