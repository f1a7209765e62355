"""What code reads from one article before any model call: the plan.

spaCy parses the article once; the rules of :mod:`summarizer.article` find its
parties, speech, claims, event type and place options (:func:`plan`). What
the rules cannot decide becomes a question for the model
(:mod:`summarizer.article.passes`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

from ..backends.base import DECISIONS
from ..schema import Span
from ..text import injection
from ..text.dates import dateline_end, resolve
from ..text.demonyms import country_of
from ..text.nlp import parse
from ..text.quotes import find_quotations
from ..text.sentences import sentence_spans
from .candidate import Candidate
from .claim_parties import (REQUEST_NOUNS, may_bring, parties_of, restricted, surrendering, trigger_token,
                            usual_bearer)
from .claims import ClaimCandidate, find_claims, handed_down, status_of
from .events import event_scores
from .parties import find_parties, title_end
from .places import place_options
from .roles import acts, is_outlet, rule_role
from .speakers import Speakers
from .speech import SpeechItem, attribute

MAX_OPTIONS = 8
MAX_SPEECH = 40


@dataclass(frozen=True)
class DateOption:
    phrase: str
    date: dt.date

    def __str__(self) -> str:
        return f"{self.phrase} ({self.date.isoformat()})"


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


@dataclass
class Plan:
    """The article and what code found in it, before any model call."""

    article: str
    article_date: Optional[dt.date]
    sentences: list[Span]
    parties: list[Candidate]
    roles: list[Optional[str]]  # the role the rules give each party, if any
    involved: list[bool]  # whether each party acts, speaks or is a claim's party
    speech: list[SpeechItem]
    claims: list[ClaimPlan]
    dates: list[DateOption]
    places: list[str]
    lead: list[Span]
    event: Optional[str] = None  # the event type the story's opening names, when it names one
    shown: str = ""  # the article as the model sees it, when not the article itself (withheld passages, a window)
    visible: str = ""  # the article with withheld passages blanked, offsets unchanged
    model_summary: bool = False
    decides: frozenset = DECISIONS  # what the model is asked (see Backend.decides); the rules answer the rest


def _dates(doc, article_date: Optional[dt.date]) -> list[DateOption]:
    """Date phrases that resolve to a day, each day once; the dateline is the
    article's own date, not an event's, and is left out."""
    found: dict[dt.date, DateOption] = {}
    dateline = dateline_end(doc.text)
    for ent in doc.ents:
        if ent.label_ in {"DATE", "TIME"} and ent.start_char >= dateline:  # "early Friday morning" is TIME
            when = resolve(ent.text, article_date)
            if when and when not in found and (article_date is None or when <= article_date):
                found[when] = DateOption(ent.text, when)
    return list(found.values())[:MAX_OPTIONS]


def _not_places(parties: list[Candidate]) -> list[str]:
    """Names of people and organisations, which the entity tagger sometimes takes for places."""
    return [n for c in parties if c.kind not in {"government", "court"} for n in c.names]


def lead_sentences(sentences: list[Span]) -> list[Span]:
    """The first two sentences of the story itself (not a dateline or a title line)."""
    body = [s for s in sentences if len(s.text.split()) >= 8 and s.text[-1:] in ".!?\"”'"]
    return body[:2]


def plan(article: str, article_date: Optional[dt.date], *, model_summary: bool = False,
         withheld: Sequence[Span] = ()) -> Plan:
    """Read the article with spaCy and the rules; find everything the model will judge.

    ``withheld`` passages (instructions addressed to an AI, see
    :mod:`summarizer.text.injection`) are the injection's words, not the
    article's: the rules read the article with them blanked (same offsets), so
    a passage planted first is no title and no lede; nothing found inside them
    is kept, and the model never sees them.
    """
    if not withheld:
        return _plan(article, article_date, model_summary)
    p = _plan(injection.blank(article, list(withheld)), article_date, model_summary)
    p.article = article
    _withhold(p, list(withheld))
    return p


def _withhold(p: Plan, spans: list[Span]) -> None:
    def outside(span: Span) -> bool:
        return not injection.overlaps(spans, span.start, span.end)

    p.speech = [item for item in p.speech if outside(item.span)]
    p.claims = [c for c in p.claims if outside(c.candidate.sentence)]
    for party in p.parties:
        party.mentions = [m for m in party.mentions if outside(m)]
    p.involved = [bool(party.mentions) and involved for party, involved in zip(p.parties, p.involved)]
    p.lead = [s for s in p.lead if outside(s)]
    p.shown = injection.neutralise(p.article, spans)
    p.visible = injection.blank(p.article, spans)


def _plan(article: str, article_date: Optional[dt.date], model_summary: bool) -> Plan:
    doc = parse(article)
    sentences = sentence_spans(article, doc)
    quotes = find_quotations(article)
    parties = find_parties(doc, [q.span for q in quotes])
    resolver = Speakers(doc, parties)
    speech = [item for item in attribute(doc, parties, quotes, sentences, resolver) if not _sourcing(item, parties)]
    speech = speech[:MAX_SPEECH]
    speakers = {item.speaker for item in speech if item.speaker is not None}
    # the title only restates the story's legal matters, in headline words
    story_start = title_end(article)
    story = [s for s in sentences if s.start >= story_start]
    claims = _claims(resolver, parties, find_claims(doc, story, [q.span for q in quotes]))
    lead = lead_sentences(sentences)
    in_claims = {i for c in claims for i in (c.subject, c.claimant, *c.also) if i is not None}
    roles = [rule_role(c, doc, i in speakers, i in in_claims) or _claim_role(i, claims) for i, c in enumerate(parties)]
    # a body or place named once that acts in passing is background; a named person who acts is not
    # (an unnamed group's role comes from the noun it is, which says nothing of its part in the story)
    involved = [i in speakers or i in in_claims or roles[i] is not None and c.label != "NOUN"
                or acts(c, doc) and (len(c.mentions) > 1 or c.label == "PERSON") for i, c in enumerate(parties)]
    for item in speech:
        item.nearby = _speaker_order(item.nearby, parties, involved, speakers)
    return Plan(
        article=article, article_date=article_date, sentences=sentences, parties=parties, roles=roles,
        involved=involved, speech=speech, claims=claims, dates=_dates(doc, article_date),
        places=place_options(doc, sentences, lead, _not_places(parties), MAX_OPTIONS), lead=lead,
        model_summary=model_summary,
        event=next(iter(event_scores(doc, sentences, lead)), None),
    )


# What a news outlet does when it is the article's source rather than a voice in the story.
_SOURCING = {"report", "note", "observe", "write", "state", "say", "add", "tell", "publish", None}


# Who brings a claim of each type, when syntax names the claimant.
CLAIMANT_ROLES = {"criminal_charge": "requesting_authority", "extradition_request": "requesting_authority",
                   "investigation": "requesting_authority", "lawsuit": "requesting_authority",
                   "court_ruling": "decision_maker", "conviction": "decision_maker", "sentence": "decision_maker",
                   "deportation_order": "decision_maker"}


def _claim_role(i: int, claims: list[ClaimPlan]) -> Optional[str]:
    """The role a party's place in the claims gives it: a claim's subject is what the story is about;
    the syntactic agent of a charge or request requests, of a ruling or sentence decides."""
    if any(i == c.subject or i in c.also for c in claims):
        return "subject"
    return next((CLAIMANT_ROLES[c.candidate.type] for c in claims
                 if c.claimant == i and c.candidate.type in CLAIMANT_ROLES), None)


def _sourcing(item: SpeechItem, parties: list[Candidate]) -> bool:
    """Whether a reported statement is an outlet's report ("Hürriyet reported that …"), not a reaction."""
    return item.label == "reported statement" and item.speaker is not None \
        and is_outlet(parties[item.speaker]) and item.verb in _SOURCING


def _speaker_order(nearby: list[int], parties: list[Candidate], involved: list[bool], speakers: set[int]) -> list[int]:
    """Who may have said an unattributed passage, likeliest first: those who speak elsewhere in
    the article, then the others that take part, each nearest first; never a bare place or outlet."""
    return sorted((i for i in nearby if involved[i]), key=lambda i: (i not in speakers, parties[i].kind == "government"))


def _claims(resolver: Speakers, parties: list[Candidate], found: list[ClaimCandidate]) -> list[ClaimPlan]:
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
