"""Each legal-claim candidate's plan: its status, and its subject, claimant and claimant options as
the parse gives them (:func:`plan_claims`).

A subject that syntax does not name is the story's main subject (the party
most often the patient of a legal word); a claimant syntax does not name is
offered to the model among the parties that can bring such a matter, or
decided by code where only one can.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from ..schema import Span
from ..text.demonyms import country_of
from .candidate import Candidate
from .claim_parties import (REQUEST_NOUNS, may_bring, parties_of, restricted, surrendering, trigger_token,
                            usual_bearer)
from .claims import ClaimCandidate, handed_down, status_of
from .roles import acts
from .speakers import Speakers

MAX_OPTIONS = 8
"""The most parties (or places) one question offers the model."""


@dataclass
class ClaimPlan:
    """A claim candidate with what the rules found: status, and its parties where syntax names them."""

    candidate: ClaimCandidate
    status: str
    subject: Optional[int] = None
    claimant: Optional[int] = None
    options: list[int] = field(default_factory=list)  # parties the model may choose a claimant from
    also: list[int] = field(default_factory=list)  # further subjects conjoined with the first
    unnamed: bool = False  # the patient is a group the article counts, not names: no subject is guessed


# Who brings a claim of each type, when syntax names the claimant.
CLAIMANT_ROLES = {"criminal_charge": "requesting_authority", "extradition_request": "requesting_authority",
                   "investigation": "requesting_authority", "lawsuit": "requesting_authority",
                   "court_ruling": "decision_maker", "conviction": "decision_maker", "sentence": "decision_maker",
                   "deportation_order": "decision_maker"}


def claim_role(i: int, claims: list[ClaimPlan]) -> Optional[str]:
    """The role a party's place in the claims gives it: a claim's subject is what the story is about;
    the syntactic agent of a charge or request requests, of a ruling or sentence decides."""
    if any(i == c.subject or i in c.also for c in claims):
        return "subject"
    return next((CLAIMANT_ROLES[c.candidate.type] for c in claims
                 if c.claimant == i and c.candidate.type in CLAIMANT_ROLES), None)


def plan_claims(resolver: Speakers, parties: list[Candidate], found: list[ClaimCandidate]) -> list[ClaimPlan]:
    """Each candidate's status, subject and claimant as the words and the parse give them.

    A subject that syntax does not name is the story's main subject (the party
    most often the patient of a legal word), as legal news is about one person
    or body more than any other.
    """
    doc = resolver.doc
    planned = []
    for cand in found:
        token = trigger_token(doc, cand)
        subjects, claimants = parties_of(token) if token is not None else ([], [])
        named = next(((t, i) for t in subjects if (i := resolver.resolve(t, None)) is not None), None)
        subject = named[1] if named else None
        counted = named is None and any(_counted(t) for t in subjects)
        # "sentenced David and Louise Turpin": each conjoined party is a subject of its own, but not a
        # counted group ("convictions of Serey and several other members of the KNLF" are not the KNLF's)
        also = [] if named is None else [i for t in named[0].conjuncts if not _counted(t)
                                         and (i := resolver.resolve(t, None)) is not None and i != subject]
        claimant = next((i for i in (resolver.resolve(t, None) for t in claimants) if i is not None and i != subject),
                        None)
        if subject is not None and cand.type != "lawsuit" and parties[subject].kind == "court":
            # a court is what a sentence or ruling comes from: "the sentence of the Supreme Court"
            subject, claimant, also = None, claimant if claimant is not None else subject, []
        if claimant is None and token is not None:
            claimant = _demonym_claimant(token, parties)
        handing = {resolver.resolve(t, None) for t in surrendering(token)} if token is not None else set()
        options = [i for i in _claimant_options(doc, cand, parties, subject) if i not in handing]
        planned.append(ClaimPlan(cand, status_of(cand), subject, claimant, options, list(dict.fromkeys(also)),
                                 unnamed=counted))
    main = _main_subject(planned, parties)
    for claim in planned:
        if claim.subject is None and not claim.unnamed and (claim.candidate.type != "investigation"
                                                            or _named_in(main, claim.candidate.sentence, parties)):
            # an investigation is often into an event ("into the Lockerbie bombing"): it is the main
            # subject's only where its sentence names them
            claim.subject = main
        if claim.claimant == claim.subject:
            claim.claimant = None
        claim.options = [i for i in claim.options if i != claim.subject and i not in claim.also]
        # options named in the claim's sentence (the article's usual bearers are offered only when none is)
        if claim.claimant is None and len(claim.options) == 1 \
                and _named_in(claim.options[0], claim.candidate.sentence, parties) \
                and restricted(claim.candidate.type, claim.candidate.trigger) \
                and not _undergoes(claim.options[0], claim.candidate.sentence, parties, doc):
            claim.claimant = claim.options[0]  # the one party in its sentence that can bring it: code decides
        if claim.claimant is None and not claim.options and claim.candidate.type in {"conviction", "sentence"}:
            claim.claimant = _convicting_state(claim, planned)
    return planned + _convictions_implied(planned)


def _convictions_implied(planned: list[ClaimPlan]) -> list[ClaimPlan]:
    """A conviction for each subject a passed sentence names whose conviction no sentence states:
    "he was given a life sentence for smuggling" says he was convicted of it (GUIDELINES.md: a
    conviction and its sentence are two claims)."""
    convicted = {c.subject for c in planned if c.candidate.type == "conviction"}
    implied = []
    for claim in planned:
        if claim.subject is not None and claim.subject not in convicted and handed_down(claim.candidate):
            convicted.add(claim.subject)
            implied.append(replace(claim, candidate=replace(claim.candidate, type="conviction"), status="in_force",
                                   options=list(claim.options), also=list(claim.also)))
    return implied


def _undergoes(party: int, sentence: Span, parties: list[Candidate], doc) -> bool:
    """Whether a party is a patient in a sentence ("Syria and all refugees are covered by the ban")."""
    for m in parties[party].mentions:
        if not sentence.start <= m.start < sentence.end:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        while root.dep_ == "conj":
            root = root.head
        if root.dep_ in {"nsubjpass", "dobj"}:
            return True
    return False


def _named_in(party: Optional[int], sentence: Span, parties: list[Candidate]) -> bool:
    return party is not None and any(sentence.start <= m.start < sentence.end for m in parties[party].mentions)


def _convicting_state(claim: ClaimPlan, planned: list[ClaimPlan]) -> Optional[int]:
    """Where an article names no court, a conviction or sentence of someone whose extradition a state
    requests comes from that state: it asks for him on the strength of its own courts' judgments."""
    states = [c.claimant if c.claimant is not None else next(iter(c.options), None) for c in planned
              if c.candidate.type == "extradition_request" and c.subject == claim.subject]
    return next((i for i in states if i is not None), None)


# Words that count people: "dozens of journalists", "hundreds of officials".
_QUANTITIES = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores", "number",
               "several", "many", "some", "few", "group"}


def _counted(token) -> bool:
    """Whether a legal word's patient is a counted group ("40 people were detained", "dozens of
    journalists have been arrested"): people the article does not name, not its main subject."""
    if token.pos_ == "NUM":
        return True  # "20 of the 25 employees were taken into custody"
    return token.pos_ == "NOUN" and (token.lower_ in _QUANTITIES
                                     or any(c.dep_ == "nummod" or c.lower_ in _QUANTITIES for c in token.children))


def _claimant_options(doc, cand: ClaimCandidate, parties: list[Candidate], subject: Optional[int]) -> list[int]:
    """Who may bring a claim: the parties acting in its sentence; when none can, those the article
    names elsewhere who bring such a matter in the usual course (the court, the prosecutors), nearest first."""
    able = [i for i, c in enumerate(parties) if i != subject and acts(c, doc) and may_bring(cand.type, c, cand.trigger)]
    near = [i for i in able if _named_in(i, cand.sentence, parties)]
    if near:
        return near[:MAX_OPTIONS]
    usual = sorted((i for i in able if usual_bearer(cand.type, parties[i])),
                   key=lambda i: min(abs(m.start - cand.sentence.start) for m in parties[i].mentions))
    return usual[:MAX_OPTIONS]


def _demonym_claimant(token, parties: list[Candidate]) -> Optional[int]:
    """The state a demonym on the legal word names: "a Cambodian extradition request" is Cambodia's."""
    nouns = [token, token.head] if token.head.lemma_.lower() in REQUEST_NOUNS else [token]
    words = [c for t in nouns for c in t.children if c.dep_ in {"amod", "compound"} and c.ent_type_ == "NORP"]
    states = [p.name for p in parties if p.label == "GPE"]
    for word in words:
        state = country_of(word.text, states)
        if state is not None:
            return next(i for i, p in enumerate(parties) if p.name == state)
    return None


def _main_subject(claims: list[ClaimPlan], parties: list[Candidate]) -> Optional[int]:
    counts: dict[int, int] = {}
    for c in claims:
        if c.subject is not None:
            counts[c.subject] = counts.get(c.subject, 0) + 1
    if not counts:  # no legal word names its subject: of the people its sentences name, the story's most named
        told = [c.candidate.sentence for c in claims]
        counts = {i: len(p.mentions) for i, p in enumerate(parties) if p.kind == "person" and p.label == "PERSON"
                  and any(s.start <= m.start < s.end for s in told for m in p.mentions)}
    return max(counts, key=lambda i: (counts[i], -parties[i].first)) if counts else None
