"""What the model writes: a headline and a one-sentence description, nothing else.

Every other decision is a choice among options code found
(:mod:`summarizer.article.passes`). These docstrings and ``Field(description=...)``
texts are prompt text: review edits to them as prompt changes. The bounds
keep a small model from looping; code trims a bounded answer at a word
boundary, never mid-word.
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field

HEADLINE_CHARS = 160
DESCRIPTION_CHARS = 240
SUMMARY_CHARS = 600


class Headline(BaseModel):
    """A neutral headline and a one-sentence description of the central event."""

    headline: str = Field(max_length=HEADLINE_CHARS, description="One short neutral sentence.")
    description: str = Field(max_length=DESCRIPTION_CHARS, description="One sentence: who did what, to whom.")
    summary: Optional[str] = Field(None, max_length=SUMMARY_CHARS,
                                   description="Three short neutral sentences (only when asked).")


class HeadlineWithSummary(Headline):
    """A headline, a description and a three-sentence summary of the article."""

    summary: str = Field(max_length=SUMMARY_CHARS, description="Three short neutral sentences.")


def whole_words(text: str, limit: int) -> str:
    """``text`` without a word cut short: a reply that stopped at its bound ends
    at the last whole word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) < limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"
