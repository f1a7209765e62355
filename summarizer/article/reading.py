"""What code reads from one article before any model call: the plan.

spaCy parses the article once; the rules of :mod:`summarizer.article` find its
parties, speech, claims, event type and place options (:func:`plan`). What
the rules cannot decide becomes a question for the model
(:mod:`summarizer.article.passes`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional, Sequence

from ..backends.base import DECISIONS
from ..schema import Span
from ..text import injection
from ..text.dates import dateline_end, resolve
from ..text.nlp import parse
from ..text.quotes import find_quotations
from ..text.sentences import sentence_spans
from .candidate import Candidate
from .claim_plan import MAX_OPTIONS, ClaimPlan, claim_role, plan_claims
from .claims import find_claims
from .events import event_scores
from .parties import find_parties, title_end
from .places import place_options
from .roles import acts, is_outlet, rule_role
from .speakers import Speakers
from .speech import SpeechItem, attribute

MAX_SPEECH = 40


@dataclass(frozen=True)
class DateOption:
    phrase: str
    date: dt.date

    def __str__(self) -> str:
        return f"{self.phrase} ({self.date.isoformat()})"


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
    claims = plan_claims(resolver, parties, find_claims(doc, story, [q.span for q in quotes]))
    lead = lead_sentences(sentences)
    in_claims = {i for c in claims for i in (c.subject, c.claimant, *c.also) if i is not None}
    roles = [rule_role(c, doc, i in speakers, i in in_claims) or claim_role(i, claims) for i, c in enumerate(parties)]
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


def _sourcing(item: SpeechItem, parties: list[Candidate]) -> bool:
    """Whether a reported statement is an outlet's report ("Hürriyet reported that …"), not a reaction."""
    return item.label == "reported statement" and item.speaker is not None \
        and is_outlet(parties[item.speaker]) and item.verb in _SOURCING


def _speaker_order(nearby: list[int], parties: list[Candidate], involved: list[bool], speakers: set[int]) -> list[int]:
    """Who may have said an unattributed passage, likeliest first: those who speak elsewhere in
    the article, then the others that take part, each nearest first; never a bare place or outlet."""
    return sorted((i for i in nearby if involved[i]), key=lambda i: (i not in speakers, parties[i].kind == "government"))
