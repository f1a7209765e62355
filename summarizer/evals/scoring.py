"""Score a predicted ``ArticleSummary`` against a gold one, field by field.

Every scorer is a pure function of ``(gold, pred, article)`` returning counts
(see :mod:`summarizer.evals.metrics`). Lists are matched one-to-one, so a
party named three ways ("Serey", "Sam Serey", "Mr Serey") counts once, and the
order of a list never changes a score.

Claims and reactions refer to parties by id, and ids differ between gold and
prediction; they are compared through the party alignment (gold id -> the
predicted id it was aligned with).
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel
from rapidfuzz import fuzz

from ..text.grounding import Grounder
from ..text.names import normalise, same_entity
from ..schema import ArticleSummary, Incident, Location, Party, Span
from .matching import Pairs
from .matching import match as _match
from .metrics import PRF, Counts, Ratio, RunFigures

ALIGN_THRESHOLD = 0.85
"""Least name similarity at which two parties can be aligned."""
FUZZY_RATIO = 85
"""Least rapidfuzz score (0-100) at which two names or places count as similar."""

def _prf(pairs: Pairs, n_gold: int, n_pred: int) -> PRF:
    return PRF(tp=len(pairs), fp=n_pred - len(pairs), fn=n_gold - len(pairs))


def _similar(a: str, b: str) -> bool:
    """Places: one contains the other as whole words, or they are near-identical."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    return f" {na} " in f" {nb} " or f" {nb} " in f" {na} " or fuzz.ratio(na, nb) >= FUZZY_RATIO


def name_similarity(a: str, b: str) -> float:
    """1.0 for the same entity (:func:`summarizer.text.names.same_entity`), else a
    token-set ratio in [0.85, 1] when it reaches :data:`FUZZY_RATIO`, else 0."""
    if same_entity(a, b):
        return 1.0
    na, nb = normalise(a), normalise(b)
    score = fuzz.token_set_ratio(na, nb) if na and nb else 0.0
    return score / 100 if score >= FUZZY_RATIO else 0.0


def party_similarity(gold: Party, pred: Party) -> float:
    """The best :func:`name_similarity` over both parties' names and aliases."""
    return max(name_similarity(a, b) for a in (gold.name, *gold.aliases) for b in (pred.name, *pred.aliases))


def _closeness(gold: Party, pred: Party) -> float:
    """How alike the closest whole names of two parties are, character by character."""
    return max(fuzz.ratio(normalise(a), normalise(b)) / 100
               for a in (gold.name, *gold.aliases) for b in (pred.name, *pred.aliases))


class PartyScores(BaseModel):
    """Party detection, and kind and role on the aligned pairs."""

    match: PRF
    kind: Ratio
    role: Ratio
    pairs: list[tuple[str, str]]
    """Aligned (gold id, predicted id) pairs."""

    @property
    def gold_to_pred(self) -> dict[str, str]:
        return dict(self.pairs)


def score_parties(gold: ArticleSummary, pred: ArticleSummary, article: str = "") -> PartyScores:
    """Align parties one-to-one on name similarity (at least :data:`ALIGN_THRESHOLD`)."""
    sims = [[party_similarity(g, p) for p in pred.parties] for g in gold.parties]
    # Ties (a token-set ratio is 1.0 for "Tsarnaev's lawyers" against "Dzhokhar Tsarnaev" too) go
    # to the closer whole names.
    pairs = _match(len(gold.parties), len(pred.parties), lambda i, j: sims[i][j] >= ALIGN_THRESHOLD,
                   lambda i, j: 0.999 * sims[i][j] + 0.001 * _closeness(gold.parties[i], pred.parties[j]))
    aligned = [(gold.parties[i], pred.parties[j]) for i, j in pairs]
    return PartyScores(
        match=_prf(pairs, len(gold.parties), len(pred.parties)),
        kind=sum((Ratio.of(g.kind == p.kind) for g, p in aligned), Ratio()),
        role=sum((Ratio.of(g.role == p.role) for g, p in aligned), Ratio()),
        pairs=[(g.id, p.id) for g, p in aligned],
    )


def _same_party(gold_id: Optional[str], pred_id: Optional[str], mapping: dict[str, str]) -> bool:
    """Whether two references name the aligned party (or are both empty)."""
    if gold_id is None:
        return pred_id is None
    return pred_id is not None and mapping.get(gold_id) == pred_id


def _grounded(span: Optional[Span]) -> bool:
    return span is not None and span.match != "not_found" and span.start is not None and span.end is not None


def _overlap(a: Optional[Span], b: Optional[Span]) -> float:
    """Jaccard overlap of two grounded spans' character ranges (0 when either is not grounded)."""
    if not (_grounded(a) and _grounded(b)):
        return 0.0
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / (max(a.end, b.end) - min(a.start, b.start))


class ClaimScores(BaseModel):
    """Claim detection (type and subject), and status and claimant on matches."""

    match: PRF
    status: Ratio
    claimant: Ratio
    pairs: list[tuple[int, int]]
    """Matched (gold index, predicted index) pairs."""


def score_claims(gold: ArticleSummary, pred: ArticleSummary, article: str = "",
                 parties: Optional[PartyScores] = None) -> ClaimScores:
    """Match claims on type and subject (through the party alignment; two null subjects match)."""
    mapping = (parties or score_parties(gold, pred, article)).gold_to_pred
    gc, pc = gold.legal_claims, pred.legal_claims

    def bonus(i: int, j: int) -> float:
        evidence = max((_overlap(a, b) > 0 for a in gc[i].evidence for b in pc[j].evidence), default=False)
        return (int(gc[i].status == pc[j].status) + int(evidence)
                + int(_same_party(gc[i].claimant, pc[j].claimant, mapping))) / 3

    pairs = _match(len(gc), len(pc), lambda i, j: gc[i].type == pc[j].type
                   and _same_party(gc[i].subject, pc[j].subject, mapping), bonus)
    return ClaimScores(
        match=_prf(pairs, len(gc), len(pc)),
        status=sum((Ratio.of(gc[i].status == pc[j].status) for i, j in pairs), Ratio()),
        claimant=sum((Ratio.of(_same_party(gc[i].claimant, pc[j].claimant, mapping)) for i, j in pairs), Ratio()),
        pairs=pairs,
    )


class ReactionScores(BaseModel):
    """Speaker attribution, stance, and the quotes themselves."""

    attribution: PRF
    stance: Ratio
    quotes: PRF
    """Quote spans matched on overlap alone, whoever the speaker."""
    verbatim: Ratio
    """Predicted quotes found verbatim at their offsets, out of all predicted quotes."""
    hallucinated: int
    """Predicted quotes that occur nowhere in the article, even fuzzily."""
    pairs: list[tuple[int, int]]


def _verbatim(span: Span, article: str) -> bool:
    return _grounded(span) and article[span.start:span.end] == span.text


def score_reactions(gold: ArticleSummary, pred: ArticleSummary, article: str,
                    parties: Optional[PartyScores] = None) -> ReactionScores:
    """Match reactions on speaker (through the party alignment) and quote.

    A gold quote matches a predicted quote whose grounded span overlaps it; a
    gold reaction without a quote (indirect speech) matches only a predicted
    reaction without a quote, on the speaker alone. Among equally large
    matchings, agreeing stances and closer texts are preferred.
    """
    mapping = (parties or score_parties(gold, pred, article)).gold_to_pred
    gr, pr = gold.reactions, pred.reactions

    def ok(i: int, j: int) -> bool:
        if mapping.get(gr[i].speaker) != pr[j].speaker:
            return False
        if gr[i].quote is None:
            return pr[j].quote is None
        return _overlap(gr[i].quote, pr[j].quote) > 0

    def bonus(i: int, j: int) -> float:
        if gr[i].quote is not None:
            closeness = _overlap(gr[i].quote, pr[j].quote)
        else:
            closeness = fuzz.token_set_ratio(gr[i].paraphrase or "", pr[j].paraphrase or "") / 100
        return (int(gr[i].stance == pr[j].stance) + closeness) / 2

    pairs = _match(len(gr), len(pr), ok, bonus)
    gold_quotes = [r.quote for r in gr if r.quote is not None]
    pred_quotes = [r.quote for r in pr if r.quote is not None]
    quote_pairs = _match(len(gold_quotes), len(pred_quotes),
                         lambda i, j: _overlap(gold_quotes[i], pred_quotes[j]) > 0,
                         lambda i, j: _overlap(gold_quotes[i], pred_quotes[j]))
    grounder = Grounder(article)
    unverified = [q for q in pred_quotes if not _verbatim(q, article)]
    return ReactionScores(
        attribution=_prf(pairs, len(gr), len(pr)),
        stance=sum((Ratio.of(gr[i].stance == pr[j].stance) for i, j in pairs), Ratio()),
        quotes=_prf(quote_pairs, len(gold_quotes), len(pred_quotes)),
        verbatim=Ratio(correct=len(pred_quotes) - len(unverified), total=len(pred_quotes)),
        hallucinated=sum(grounder.ground(q.text).match == "not_found" for q in unverified),
        pairs=pairs,
    )


class IncidentScores(BaseModel):
    event_type: Ratio
    date: Ratio
    """Exact ISO date; counted only when the gold has a date."""
    location: Ratio
    """Any gold place or country similar to any predicted one; counted when the gold has either."""


def _places(location: Location) -> list[str]:
    return [v for v in (location.place, location.country) if v and v.strip()]


def score_incident(gold: ArticleSummary, pred: ArticleSummary, article: str = "") -> IncidentScores:
    """Event type, date and place of the central event."""
    g, p = gold.incident, pred.incident
    golds, preds = _places(g.location), _places(p.location)
    return IncidentScores(
        event_type=Ratio.of(g.event_type == p.event_type),
        date=Ratio.of(p.date == g.date, counted=g.date is not None),
        location=Ratio.of(any(_similar(a, b) for a in golds for b in preds), counted=bool(golds)),
    )


class CaseScores(BaseModel):
    """Every section's scores for one case."""

    parties: PartyScores
    claims: ClaimScores
    reactions: ReactionScores
    incident: IncidentScores
    run: RunFigures

    def counts(self) -> Counts:
        """The flat, summable counts of this case."""
        p, c, r, i, run = self.parties, self.claims, self.reactions, self.incident, self.run
        return Counts(
            parties=p.match, party_kind=p.kind, party_role=p.role,
            claims=c.match, claim_status=c.status, claim_claimant=c.claimant,
            reactions=r.attribution, reaction_stance=r.stance, quotes=r.quotes,
            quote_verbatim=r.verbatim, hallucinated=r.hallucinated,
            event_type=i.event_type, date=i.date, location=i.location,
            cases=1, valid=int(run.valid), cached=int(run.cached), retries=run.retries,
            prompt_tokens=run.prompt_tokens, completion_tokens=run.completion_tokens,
            wall_time_s=run.wall_time_s,
        )


def _nothing() -> ArticleSummary:
    # Stands in for a failed prediction: no parties, claims or reactions, and an
    # incident whose every field is wrong, so the case scores as all misses.
    incident = Incident.model_construct(event_type=None, description="", date=None, date_text=None,
                                        location=Location())
    return ArticleSummary.model_construct(headline="", summary="", incident=incident, parties=[],
                                          legal_claims=[], reactions=[], run=None)


def score_case(gold: ArticleSummary, pred: Optional[ArticleSummary], article: str,
               run: Optional[RunFigures] = None) -> CaseScores:
    """Score every section; a missing prediction (``None``) scores as all misses and invalid.

    ``run`` defaults to the figures in ``pred.run``.
    """
    if run is None:
        info = pred.run if pred is not None else None
        run = RunFigures(valid=pred is not None, error=None if pred is not None else "no prediction")
        if info is not None:
            run = RunFigures(valid=True, cached=info.cached, attempts=info.attempts, passes=info.passes,
                             prompt_tokens=info.usage.prompt_tokens,
                             completion_tokens=info.usage.completion_tokens, wall_time_s=info.wall_time_s)
    pred = pred if pred is not None else _nothing()
    parties = score_parties(gold, pred, article)
    return CaseScores(
        parties=parties,
        claims=score_claims(gold, pred, article, parties),
        reactions=score_reactions(gold, pred, article, parties),
        incident=score_incident(gold, pred, article),
        run=run,
    )
