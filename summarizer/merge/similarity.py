"""How alike two passages are, by their content words (no model).

Reports of one incident word the same fact differently and differ in their
numbers and dates, so passages are compared on stems of their content words,
numbers and dates left out; rare words carry a topic.
"""

from __future__ import annotations

import math
import re
import unicodedata

from .counts import NUMBER_WORDS
from .dates import DATE_WORDS
from .passages import split_sentences

_STOP = set(
    "the a an and or but of to in on at by for with from as that this these those is was were are be been has "
    "had have it its their his her he she they we you i not no said says say told would could will also after "
    "before about into than then there which who whom what when where while more most some least other others "
    "people report reports according".split()
)

_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                             "\u2014": "-", "\u00a0": " ", "\u2026": "."})


# Words that say nothing of what a passage is about; numbers and dates are what reports disagree on.
_NOT_CONTENT = _STOP | DATE_WORDS | NUMBER_WORDS


def normal(text: str) -> str:
    """Typography, case and whitespace folded: for deciding that two passages are the same text."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).lower()
    return " ".join(re.sub(r"[\"'.,;:!?]", " ", text).split())


def content_words(text: str) -> set[str]:
    """Stems (first six letters) of a passage's content words; numbers and dates left out."""
    return _stems(re.findall(r"[a-z]+", normal(text)))


def _stems(words: list[str]) -> set[str]:
    return {w[:6] for w in words if len(w) > 2 and w not in _NOT_CONTENT}


def similarity(a: str, b: str) -> float:
    """Overlap of content words relative to the shorter passage (0..1)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def said_alike(a: str, b: str) -> float:
    """Overlap of what two passages say (content words in lower case), relative to the shorter (0..1).

    Names are left out: two statements of one speaker all name the speaker,
    which says nothing of whether they are on the same topic.
    """
    wa, wb = _predicate_words(a), _predicate_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


_NEGATIONS = {"not", "no", "never", "nor", "denied", "denies", "deny", "refused", "refuses", "rejected"}


def facts(text: str) -> tuple[frozenset, frozenset, bool]:
    """What two wordings of one fact must share: its numbers, its dates, and whether it is negated."""
    words = re.findall(r"[a-z0-9]+(?:,\d{3})*", normal(text).replace("n't", " not"))
    # "one" is as often a pronoun ("as one report said") as a count
    numbers = frozenset(w.replace(",", "") for w in words if w[0].isdigit() or w in NUMBER_WORDS - {"one"})
    return numbers, frozenset(w for w in words if w in DATE_WORDS), any(w in _NEGATIONS for w in words)


def restates(a: str, b: str, threshold: float = 0.8) -> bool:
    """Whether one passage says what the other says, maybe with details added.

    Most of the shorter passage's content words in lower case (what is said;
    names only say who it is about) are in the longer one, and both
    give the same numbers and dates and are negated alike: "Serey was arrested
    on Wednesday for overstaying his visa" restates "Serey, founder of the KNLF,
    was arrested on Wednesday after overstaying his visa"; "at least 11 died"
    does not restate "nine died".
    """
    pa, pb = _predicate_words(a), _predicate_words(b)
    if min(len(pa), len(pb)) < 2 or facts(a) != facts(b):
        return False
    return len(pa & pb) / min(len(pa), len(pb)) >= threshold


def _predicate_words(text: str) -> set[str]:
    """Content words written in lower case: what is said, not who it is about ("could not be *reached*")."""
    return _stems(re.findall(r"\b[a-z]+\b", unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)))


def jaccard(a: str, b: str) -> float:
    """Content-word overlap relative to the union (1.0 for the same sentence reworded)."""
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def idf_weights(texts: list[str]) -> dict[str, float]:
    """Inverse sentence frequency of content words over all reports: rare words carry a topic."""
    sentences = [content_words(s.text) for text in texts for s in split_sentences(text)]
    counts: dict[str, int] = {}
    for words in sentences:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return {word: math.log(len(sentences) / n) for word, n in counts.items()}


def topic_score(a: str, b: str, idf: dict[str, float]) -> float:
    """Cosine-like overlap of two sentences' content words, each weighted by its rarity."""
    wa, wb = content_words(a), content_words(b)
    shared = wa & wb
    if not shared:
        return 0.0
    norm = math.sqrt(sum(idf.get(w, 0.0) for w in wa) * sum(idf.get(w, 0.0) for w in wb))
    return sum(idf.get(w, 0.0) for w in shared) / norm if norm else 0.0
