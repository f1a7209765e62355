"""A named person's grammatical gender, as the article itself shows it.

"He" cannot refer to a woman the article calls "she" elsewhere. The evidence is
the article's own: an honorific ("Mrs Campbell"), a gendered role noun beside
the name ("his sister Zaynab", "spokeswoman Ana Ruiz"), and the pronoun that
next refers back to the person after they were the subject of a clause ("Ruiz
said … She added"). No list of first names: a name's gender is a guess; the
article's pronouns are not.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Optional

from .candidate import Candidate

MALE, FEMALE = "male", "female"
PRONOUNS = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
            "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
_WORDS = {
    MALE: {"mr", "sir", "lord", "king", "prince", "father", "son", "brother", "husband", "uncle", "nephew",
           "boyfriend", "spokesman", "chairman", "businessman", "congressman", "councilman", "grandfather",
           "dad", "man", "boy", "widower", "stepfather"},
    FEMALE: {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "mother", "daughter", "sister", "wife",
             "aunt", "niece", "girlfriend", "spokeswoman", "chairwoman", "businesswoman", "congresswoman",
             "councilwoman", "grandmother", "mum", "mom", "woman", "girl", "widow", "stepmother", "actress"},
}
# Nouns for a relative of someone: "the mother" is nobody's name for the person the story is about.
KIN = frozenset({"father", "son", "brother", "husband", "uncle", "nephew", "boyfriend", "grandfather", "dad",
                 "widower", "stepfather", "mother", "daughter", "sister", "wife", "aunt", "niece", "girlfriend",
                 "grandmother", "mum", "mom", "widow", "stepmother", "parent", "child", "cousin", "relative"})
# How far after a person's mention as a clause's subject a pronoun may refer back to them.
_LOOKAHEAD_SENTENCES = 1


def word_gender(word: str) -> Optional[str]:
    """The gender a word names ("mother", "Mr"), if any."""
    word = word.lower().rstrip(".")
    return next((g for g, words in _WORDS.items() if word in words), None)


def _next_pronoun(doc: Any, token: Any, own: set[int]) -> Optional[str]:
    """The gender of the first personal pronoun that is a clause's subject after ``token``, in its
    sentence or the next, unless another person is named first ("Ruiz said … She added";
    not "Berg said the defendant showed no remorse for his actions")."""
    last_sent = token.sent.end
    for _ in range(_LOOKAHEAD_SENTENCES):
        if last_sent < len(doc):
            last_sent = doc[last_sent].sent.end
    for t in doc[token.i + 1:last_sent]:
        if t.ent_type_ == "PERSON" and t.i not in own:
            return None
        if t.pos_ == "PRON" and t.lower_ in PRONOUNS and t.dep_ in {"nsubj", "nsubjpass"}:
            return PRONOUNS[t.lower_]
    return None


def genders(doc: Any, parties: list[Candidate]) -> list[Optional[str]]:
    """Each party's gender where the article shows it (persons only), else None."""
    found: list[Optional[str]] = []
    for party in parties:
        if party.kind != "person" or party.label == "NOUN":
            found.append(word_gender(party.head) if party.head else None)
            continue
        votes: Counter = Counter()
        # the title's own words, not those about someone else ("a lawyer for the woman")
        for word in re.split(r"\b(?:of|for|to|with)\b", party.title or "")[0].split():
            if (g := word_gender(word)) is not None:
                votes[g] += 2
        for mention in party.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            before = doc[span.start - 1] if span.start > 0 else None
            if before is not None and (g := word_gender(before.text)) is not None:
                votes[g] += 2
            if span.root.dep_ in {"nsubj", "nsubjpass"}:
                own = set(range(span.start, span.end))
                if (g := _next_pronoun(doc, span.root, own)) is not None:
                    votes[g] += 1
        ranked = votes.most_common()
        found.append(ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None)
    return found
