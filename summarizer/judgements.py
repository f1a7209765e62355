"""What the model fills in each focused pass: short judgements, never copied text.

These docstrings and ``Field(description=...)`` texts are prompt text (they
are rendered into the task and sent as the JSON schema): review edits to them
as prompt changes. Every list and string is bounded so that the grammar built
from a schema cannot let the model loop until ``max_tokens``.

Numbered candidates (quotations, trigger sentences) are answered through
models with one required key per candidate (``q1``, ``q2`` ...): the grammar
then forces exactly one answer per candidate, in order, and each key anchors
the model to the candidate it is judging.
"""

from __future__ import annotations

import functools
from typing import Literal, Optional

from pydantic import BaseModel, Field, create_model

from .schema import ClaimStatus, ClaimType, EventType, PartyKind, PartyRole, Stance

MAX_PARTIES = 14
NAME = 60


class Overview(BaseModel):
    """The article's central event, a headline and a short neutral summary."""

    headline: str = Field(max_length=150, description="One neutral sentence.")
    summary: str = Field(max_length=500, description="Three short neutral sentences.")
    event_type: EventType = Field(description="Type of the central event.")
    description: str = Field(max_length=200, description="One short sentence in your own words: what happened.")
    date_text: Optional[str] = Field(
        None, max_length=50,
        description="The day the central event happened, as the text words it, e.g. 'early Friday morning'; "
        "not the date the article was published or updated.")
    place: Optional[str] = Field(None, max_length=50, description="City or place, without the country.")
    country: Optional[str] = Field(None, max_length=40, description="Country, in English.")


class PartyItem(BaseModel):
    """A person, organisation, state body or court that acts, speaks, decides or is accused."""

    name: str = Field(max_length=NAME, description="Fullest name used in the article.")
    kind: PartyKind
    role: PartyRole


class Parties(BaseModel):
    """Everyone who takes part in the story."""

    parties: list[PartyItem] = Field(max_length=MAX_PARTIES)


class SpeechJudgement(BaseModel):
    """Who said a numbered passage, and their stance."""

    speaker: str = Field(
        max_length=NAME,
        description="Name of who said it (resolve he/she and titles to the name); 'none' if nobody is speaking.",
    )
    stance: Stance = Field(description="Their stance towards the central event.")


class ClaimJudgement(BaseModel):
    """The legal matter a numbered sentence states."""

    type: ClaimType | Literal["none"] = Field(description="'none' if the sentence states no legal matter.")
    claimant: str = Field(
        max_length=NAME, description="Name of who asserts, requests or decides it; 'none' if the article does not say.")
    subject: str = Field(max_length=NAME, description="Name of who it is about; 'none' if nobody.")
    status: ClaimStatus


@functools.lru_cache(maxsize=64)
def numbered(item: type[BaseModel], prefix: str, count: int) -> type[BaseModel]:
    """A model with required keys ``{prefix}1`` .. ``{prefix}{count}``, each an ``item``.

    Cached: instructor and the grammar builder then see one class per count.
    """
    fields = {f"{prefix}{i}": (item, ...) for i in range(1, count + 1)}
    return create_model(f"{item.__name__}s{count}", __doc__=item.__doc__, **fields)
