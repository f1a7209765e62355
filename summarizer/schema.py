"""The typed result: ``ArticleSummary`` and its parts.

These classes describe what a user gets back. Every quote and evidence span in
them is grounded in the article (character offsets plus a match status), every
party has a stable id, and every reference to a party uses that id.

What the language model is asked for is only judgements about candidates that
code found (:mod:`summarizer.article.answers`); code turns them into these classes,
so the model never writes what code can derive (offsets, ids, match status).
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "2"

EventType = Literal[
    "arrest_or_detention",
    "extradition",
    "deportation",
    "asylum_or_refugee_decision",
    "charge",
    "trial",
    "conviction_or_sentence",
    "lawsuit",
    "court_ruling",
    "sanction",
    "protest",
    "attack",
    "other",
]
"""Closed event vocabulary for legal and political news.

PLOVER (the successor of CAMEO) is the reference; how ours maps onto its
top-level event types:

* ``arrest_or_detention``, ``deportation`` -> COERCE (arrest / expel modes)
* ``extradition`` -> REQUEST (the request) or COERCE (the transfer)
* ``asylum_or_refugee_decision`` -> CONCEDE when granted, REJECT when denied
* ``charge``, ``lawsuit`` -> ACCUSE
* ``trial``, ``court_ruling``, ``conviction_or_sentence`` -> ACCUSE / COERCE
  (PLOVER has no separate judicial type; the finer split matters to our users)
* ``sanction`` -> SANCTION
* ``protest`` -> PROTEST
* ``attack`` -> ASSAULT
* ``other`` -> anything else (AGREE, CONSULT, SUPPORT, AID, ...)
"""

PartyKind = Literal[
    "person", "organisation", "government", "court", "ngo", "media",
    "armed_group", "political_group", "other",
]
PartyRole = Literal[
    "subject", "requesting_authority", "decision_maker", "advocate", "victim",
    "spokesperson", "witness", "lawyer", "other",
]
# When two mentions of one party disagree on its role, the more specific wins.
ROLE_SPECIFICITY = ["subject", "requesting_authority", "decision_maker", "victim", "lawyer",
                    "spokesperson", "advocate", "witness", "other"]
ClaimType = Literal[
    "extradition_request", "criminal_charge", "conviction", "sentence",
    "asylum_or_refugee_status", "deportation_order", "immigration_violation",
    "travel_ban", "terrorism_designation", "lawsuit", "court_ruling",
    "investigation", "other",
]
ClaimStatus = Literal[
    "alleged", "requested", "pending", "granted", "denied", "in_force",
    "overturned", "withdrawn", "completed", "unknown",
]
Stance = Literal["supportive", "critical", "neutral", "mixed"]
Channel = Literal[
    "statement", "interview", "email", "social_media", "press_conference",
    "court", "other", "unknown",
]
MatchStatus = Literal["exact", "fuzzy", "not_found"]
Attribution = Literal["syntax", "continuation", "model"]
"""How a reaction's speaker was found: the parse of its reporting clause
(``syntax``), the speaker of the quotation just before (``continuation``), or
the model's choice among the article's parties (``model``)."""
CheckKind = Literal["low_confidence", "model_attribution", "failed_section", "span_not_exact", "instructions"]
Confidence = dict[str, float]
"""The model's probability for each decision it made on an item, by decision
(``{"speaker": 0.91, "stance": 0.64}``); empty where code decided everything or
the backend exposes no probabilities."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A piece of the article, located by character offsets.

    ``text`` is always the article's own words when ``match`` is ``exact`` or
    ``fuzzy`` (a fuzzy match has been repaired to what the article says);
    ``start``/``end`` are ``None`` only when ``match`` is ``not_found``.
    """

    text: str
    start: Optional[int] = None
    end: Optional[int] = None
    match: MatchStatus = "exact"

    @property
    def verbatim(self) -> bool:
        """True when the text occurs in the article as given (after repair)."""
        return self.match != "not_found"


class Location(_Model):
    place: Optional[str] = Field(None, description="City, region or site as written.")
    country: Optional[str] = Field(None, description="Country name in English.")


class Incident(_Model):
    """What happened, when and where."""

    event_type: EventType
    description: str
    date: Optional[str] = Field(None, description="ISO 8601 date when it can be resolved.")
    date_text: Optional[str] = Field(None, description="The date phrase as written in the article.")
    location: Location = Field(default_factory=Location)
    confidence: Confidence = Field(default_factory=dict)


class Party(_Model):
    """A person, organisation, state body, court ... involved in the story."""

    id: str = Field(description="Stable id, e.g. 'p1'; referenced by claims and reactions.")
    name: str
    aliases: list[str] = Field(default_factory=list, description="Other names used in the article.")
    kind: PartyKind
    role: PartyRole
    title: Optional[str] = None
    affiliation: Optional[str] = None
    country: Optional[str] = None
    mentions: list[Span] = Field(default_factory=list, description="Where the article names the party.")
    confidence: Confidence = Field(default_factory=dict)


class LegalClaim(_Model):
    """A charge, conviction, extradition request, asylum status, ruling ...

    ``claimant`` is who asserts or requests it (a prosecutor, a requesting
    state, a plaintiff); ``subject`` is who it is about.
    """

    type: ClaimType
    description: str
    claimant: Optional[str] = Field(None, description="Party id.")
    subject: Optional[str] = Field(None, description="Party id.")
    jurisdiction: Optional[str] = None
    legal_basis: Optional[str] = None
    status: ClaimStatus = "unknown"
    evidence: list[Span] = Field(default_factory=list)
    confidence: Confidence = Field(default_factory=dict)


class Reaction(_Model):
    """Who said what about the incident."""

    speaker: str = Field(description="Party id.")
    stance: Stance
    target: Optional[str] = Field(None, description="What or whom the stance is about.")
    quote: Optional[Span] = Field(None, description="The speaker's verbatim words, grounded.")
    paraphrase: Optional[str] = None
    channel: Channel = "unknown"
    attribution: Attribution = "syntax"
    confidence: Confidence = Field(default_factory=dict)


class Usage(_Model):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class RunInfo(_Model):
    """How this summary was produced."""

    model: str
    backend: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    usage: Usage = Field(default_factory=Usage)
    attempts: int = 1
    passes: int = Field(1, description="Requests needed without any re-ask (one per pass).")
    wall_time_s: float = 0.0
    failed_sections: list[str] = Field(default_factory=list)
    cached: bool = Field(False, description="Served from the result cache, no model call.")


class Check(_Model):
    """Something in the result a reader should check against the article.

    ``item`` points at the result's part (``"reactions[2].speaker"``,
    ``"legal_claims"``); ``span``, where given, is the article passage concerned
    (for ``instructions``: a passage addressed to an AI, which the model saw
    neutralised).
    """

    kind: CheckKind
    item: Optional[str] = None
    message: str
    confidence: Optional[float] = None
    span: Optional[Span] = None


class ArticleSummary(_Model):
    """A structured, source-grounded summary of one news article."""

    headline: str
    summary: str
    incident: Incident
    parties: list[Party] = Field(default_factory=list)
    legal_claims: list[LegalClaim] = Field(default_factory=list)
    reactions: list[Reaction] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list, description="What a reader should check, most urgent first.")
    run: Optional[RunInfo] = None

    @model_validator(mode="after")
    def _references_resolve(self) -> "ArticleSummary":
        ids = [p.id for p in self.parties]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate party ids: {ids}")
        known = set(ids)
        for claim in self.legal_claims:
            for ref in (claim.claimant, claim.subject):
                if ref is not None and ref not in known:
                    raise ValueError(f"legal claim refers to unknown party id {ref!r}")
        for reaction in self.reactions:
            if reaction.speaker not in known:
                raise ValueError(f"reaction refers to unknown party id {reaction.speaker!r}")
        return self

    def party(self, party_id: str) -> Party:
        """Return the party with this id."""
        return next(p for p in self.parties if p.id == party_id)
