"""What the model is asked to fill: a compact, id-free draft of the summary.

These docstrings and ``Field(description=...)`` texts are rendered into the
prompt (see ``prompts/``) and sent as the JSON schema: edit them as prompt
changes. Every list and string is bounded (``max_length``) so that a grammar
built from the schema cannot let the model loop until ``max_tokens``.

The model refers to parties by name; :mod:`summarizer.assemble` assigns ids,
merges aliases and grounds quotes. A claimant, subject or speaker whose name
matches no listed party fails validation, and the model is asked to fix it.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Optional

from pydantic import BaseModel, Field, model_validator

from .names import find_party
from .schema import Channel, ClaimStatus, ClaimType, EventType, PartyKind, PartyRole, Stance

MAX_PARTIES = 12
MAX_CLAIMS = 6
MAX_REACTIONS = 8


class DraftIncident(BaseModel):
    """The central event of the article."""

    event_type: EventType = Field(description="The type of the central event.")
    description: str = Field(max_length=240, description="One sentence: what happened.")
    date_text: Optional[str] = Field(
        None, max_length=60, description="When it happened, copied as written, e.g. 'on Friday'."
    )
    place: Optional[str] = Field(None, max_length=60, description="Where it happened.")
    country: Optional[str] = Field(None, max_length=40, description="Country, in English.")


class DraftParty(BaseModel):
    """A person, organisation, state body or court that takes part in the story."""

    name: str = Field(max_length=80, description="Fullest name used in the article.")
    aliases: list[str] = Field(
        default_factory=list, max_length=4, description="Other names the article uses for it."
    )
    kind: PartyKind
    role: PartyRole = Field(
        description="subject = the accused/detained/asylum seeker; requesting_authority = who asks "
        "or accuses; decision_maker = who decides (court, state that grants or refuses)."
    )
    title: Optional[str] = Field(None, max_length=80, description="Job title, if stated.")
    affiliation: Optional[str] = Field(None, max_length=80, description="Organisation they belong to.")
    country: Optional[str] = Field(None, max_length=40)


class DraftClaim(BaseModel):
    """A legal claim: charge, conviction, sentence, extradition request, asylum, ruling ..."""

    type: ClaimType
    description: str = Field(max_length=160, description="One short sentence.")
    claimant: Optional[str] = Field(
        None, max_length=80, description="Name of the party that asserts or requests it."
    )
    subject: Optional[str] = Field(None, max_length=80, description="Name of the party it is about.")
    status: ClaimStatus
    jurisdiction: Optional[str] = Field(None, max_length=60, description="Country or court.")
    legal_basis: Optional[str] = Field(None, max_length=80, description="Treaty or statute, if cited.")
    evidence: str = Field(max_length=300, description="The article's sentence that states it, copied.")


class DraftReaction(BaseModel):
    """Something a party said about the incident."""

    speaker: str = Field(max_length=80, description="Name of the party who said it.")
    stance: Stance
    target: Optional[str] = Field(None, max_length=80, description="What the stance is about.")
    quote: Optional[str] = Field(
        None, max_length=300, description="Their exact words from inside quotation marks."
    )
    paraphrase: Optional[str] = Field(
        None, max_length=200, description="What they said, when not quoted directly."
    )
    channel: Channel = "unknown"


class SummaryDraft(BaseModel):
    """Structured facts of one news article."""

    headline: str = Field(max_length=160, description="One neutral sentence.")
    summary: str = Field(max_length=900, description="3 to 5 neutral sentences.")
    incident: DraftIncident
    parties: list[DraftParty] = Field(max_length=MAX_PARTIES)
    legal_claims: list[DraftClaim] = Field(default_factory=list, max_length=MAX_CLAIMS)
    reactions: list[DraftReaction] = Field(default_factory=list, max_length=MAX_REACTIONS)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """pydantic's schema, built once per set of arguments.

        instructor asks for it on every request; building it walks every field
        and takes several milliseconds, more than the rest of a batch's own
        per-article work. A fresh copy is returned, as callers may edit it.
        """
        try:
            cached = _cached_schema(cls, args, tuple(sorted(kwargs.items())))
        except TypeError:  # an unhashable argument: build it afresh
            return super().model_json_schema(*args, **kwargs)
        return json.loads(cached)  # a fresh copy, four times faster than deepcopy

    @model_validator(mode="after")
    def _names_resolve(self) -> "SummaryDraft":
        names = [[p.name, *p.aliases] for p in self.parties]
        refs = [(c.claimant, "claimant") for c in self.legal_claims]
        refs += [(c.subject, "subject") for c in self.legal_claims]
        refs += [(r.speaker, "speaker") for r in self.reactions]
        unknown = sorted({f"{what} {ref!r}" for ref, what in refs if ref and find_party(ref, names) is None})
        if unknown:
            raise ValueError(
                "these names are not in `parties`: " + ", ".join(unknown)
                + ". Add each one to `parties` or use the name of a listed party."
            )
        return self


@functools.lru_cache(maxsize=16)
def _cached_schema(model: type[SummaryDraft], args: tuple, kwargs: tuple) -> str:
    return json.dumps(super(SummaryDraft, model).model_json_schema(*args, **dict(kwargs)))
