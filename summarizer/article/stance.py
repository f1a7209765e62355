"""A first reading of a statement's stance, from its reporting verb and its words.

A verb that states a stance ("condemned", "welcomed") decides it, and so does
one that only states a fact or gives no answer ("confirmed", "could not be
reached": neutral, as the labelling guidelines say). Otherwise
the tone of the words, as the VADER lexicon scores it (Hutto and Gilbert,
2014: a valence lexicon built for short social-media and news text), says
whether the speaker criticises (negative), supports (positive) or reports
(neither). Tone is not stance, so this only orders the
options the model chooses among; the model still decides.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..text.reporting import CRITICISING, NON_ANSWER, STATING, SUPPORTING

STANCES: list[str] = ["neutral", "critical", "supportive", "mixed"]
# VADER's compound score from which its authors call a text positive (or, below
# its negative, negative).
CLEAR_TONE = 0.05
# An apology in the speaker's own words: "I am sorry for the lives that I've taken", "we apologise".
_APOLOGY = re.compile(r"\b(?:I am|I'm|I’m|we are|we're|we’re)\s+(?:\w+\s+)?sorry\b|\b(?:I|we)\s+apologi[sz]e", re.I)


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def likely_stance(text: str, verb: Optional[str] = None) -> str:
    """The stance a statement's reporting verb, else its tone, suggests."""
    if verb in STATING or NON_ANSWER.search(text) or _APOLOGY.search(text):
        # a fact, a denial, an apology, or words that say nothing yet ("no new confirmed information")
        return "neutral"
    if verb in SUPPORTING:
        return "supportive"
    if verb in CRITICISING:
        return "critical"
    score = _analyzer().polarity_scores(text)["compound"]
    return "critical" if score <= -CLEAR_TONE else "supportive" if score >= CLEAR_TONE else "neutral"


def stance_options(text: str, verb: Optional[str] = None) -> list[str]:
    """:data:`STANCES`, the likely one first."""
    first = likely_stance(text, verb)
    return [first] + [s for s in STANCES if s != first]
