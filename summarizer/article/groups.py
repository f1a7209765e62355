"""Parties with no name: the nouns for people and bodies that act in the news, and the phrases they head.

"Prosecutors", "a senior KNLF member", "the spokeswoman at the Danish Embassy",
"one of the children": code finds them as the subject of a verb (or the agent of a
passive one) and names them by their own words, without determiners.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..schema import Span
from .candidate import DETERMINERS, Candidate, kind_of

# spaCy's labels for the names of parties; a noun inside one is part of a name, not a group.
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}

# Common nouns for people or bodies that act in legal and political news: the
# subject of a verb with such a head is a party even without a name.
GROUP_NOUNS = frozenset({
    "prosecutor", "juror", "jury", "police", "lawyer", "attorney", "judge", "court", "official",
    "authority", "protester", "protestor", "activist", "investigator", "agent", "officer", "soldier",
    "spokesman", "spokeswoman", "spokesperson", "member", "minister", "ministry", "embassy", "government",
    "family", "parent", "relative", "mother", "father", "son", "daughter", "wife", "husband", "source",
    "witness", "victim", "defendant", "plaintiff", "lawmaker", "senator", "legislator", "diplomat",
    "leader", "president", "director", "chief", "commissioner", "regulator", "group", "party", "union",
    "company", "firm", "tribunal", "panel", "council", "committee", "agency", "department", "office",
    "team", "student", "teacher", "doctor", "coroner", "sheriff", "mayor", "governor", "counsel",
    "army", "military", "navy",
    "brother", "sister", "uncle", "aunt", "cousin", "nephew", "niece", "grandfather", "grandmother",
})
# Words for what someone is that the tagger may glue to their name ("Campaigner Tom Reed").
ROLE_NOUNS = GROUP_NOUNS | {
    "campaigner", "advocate", "supporter", "analyst", "expert", "professor", "cartoonist", "journalist",
    "reporter", "editor", "writer", "author", "historian", "economist", "businessman", "businesswoman",
    "singer", "actor", "actress", "musician", "dissident", "blogger", "teenager", "founder", "chairman",
    "chairwoman", "barrister", "solicitor", "pastor", "priest", "imam", "rabbi", "bishop",
}
# Heads that name a party on their own, with no modifier ("prosecutors said").
BARE = frozenset({
    "prosecutor", "police", "juror", "jury", "judge", "court", "investigator", "authority", "government",
    "lawyer", "attorney", "protester", "protestor", "activist", "coroner", "defendant", "plaintiff", "spokesman",
    "spokeswoman", "spokesperson", "embassy", "ministry", "minister", "victim", "witness", "survivor",
    "army", "military", "navy",
})


def clean(tokens: list[Any]) -> list[Any]:
    """Tokens of a name without a leading determiner or quantifier, a trailing possessive or punctuation."""
    while tokens and (tokens[0].lower_ in DETERMINERS or tokens[0].is_punct or tokens[0].dep_ in {"nummod", "predet"}
                      or tokens[0].lower_ in {"both", "all", "some", "many", "several", "two", "three"}):
        tokens = tokens[1:]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct or tokens[-1].lower_ in {"'s", "’s"}):
        tokens = tokens[:-1]
    return tokens


def text_of(tokens: list[Any]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return re.sub(r"[’']s$", "", doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]).strip()


def span_of(tokens: list[Any]) -> Span:
    doc = tokens[0].doc
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Span(text=doc.text[start:end], start=start, end=end)


def _noun_phrase(token: Any) -> list[Any]:
    """The words naming an unnamed party: modifiers, the head noun and a short
    prepositional tail ("spokeswoman at the Danish Embassy"), without
    determiners, relative clauses or participle phrases."""
    words = [t for t in token.subtree if t.i <= token.i and not t.is_space]
    for child in token.children:
        if child.dep_ == "prep" and child.i == token.i + 1 and child.lower_ in {"at", "of", "for", "from"}:
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if objects:
                tail = [t for t in objects[0].subtree if t.i <= objects[0].i]
                if len(tail) <= 5:
                    words += [child, *tail]
    return clean(words)


def _in_entity(token: Any) -> bool:
    return token.ent_type_ in NAME_LABELS


# People a story counts in groups, one of whom may speak or act.
_PEOPLE = frozenset({"child", "passenger", "survivor", "resident", "sibling", "worker", "hostage", "prisoner",
                     "detainee", "migrant", "refugee", "villager", "patient", "pupil", "employee"})


def _one_of(token: Any) -> Optional[Candidate]:
    """One person out of a group of people: "one of the children", "one of their daughters"."""
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if group is None or group.tag_ != "NNS" or group.lemma_.lower() not in GROUP_NOUNS | _PEOPLE:
        return None
    words = [token, *(t for t in of.subtree if t.i <= group.i)]
    return Candidate(text_of(words), "person", "NOUN", mentions=[span_of(words)], head="one")


def unnamed(token: Any) -> Optional[Candidate]:
    """An unnamed source or group headed by ``token`` ("a senior KNLF member", "prosecutors")."""
    head = token.lemma_.lower()
    if token.lower_ == "one":
        return _one_of(token)
    if token.pos_ != "NOUN" or _in_entity(token) or head not in GROUP_NOUNS:
        return None
    if any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.children):
        return None  # "the Crown prosecutor, Mark Tedeschi": the description of someone named
    words = _noun_phrase(token)
    if not words or (len(words) == 1 and head not in BARE):
        return None  # "members", "the group": too vague to stand alone
    name = text_of(words)
    return Candidate(name, kind_of(head, "NOUN"), "NOUN", mentions=[span_of(words)], head=head)


def acting(doc: Any, quoted: list[Span]) -> list[Candidate]:
    """Unnamed parties that act: the nominal subject (or passive agent) of a verb
    outside quotations (inside one, "we as members" is the speaker's voice)."""
    found = []
    for token in doc:
        if any(q.start <= token.idx < q.end for q in quoted):
            continue
        if token.dep_ in {"nsubj", "nsubjpass", "pobj"} and (token.dep_ != "pobj" or token.head.lower_ == "by"):
            cand = unnamed(token)
            if cand:
                found.append(cand)
    return found
