"""What makes a sentence a reported statement, and what makes a word its reporting verb.

A reported statement's verb takes a clause ("said he did not know"), reports a
stance on something ("applauded the decision", "lashed out at him", "denied
using force") or a non-answer ("declined to comment"); a plea or a decision on
what was applied for ("rejected his asylum request") is a step in a case, not a
statement. A quotation that is a thing's name ("a robot named "…"") is nobody's
words.
"""

from __future__ import annotations

from typing import Any, Optional

from ..text.reporting import REPORTING, STANCE, STANCE_STATES, verb_lemma
from .groups import ROLE_NOUNS

# "called for", "called on", "protested against", "objected to", "lashed out at"
_ON = {"for", "on", "upon", "against", "to", "at"}


def verbal(token: Any) -> bool:
    """Whether a token is a verb, or a verb the tagger took for a noun after a quotation ('…", Zaynab
    sighs': the root of its sentence, with the name as a compound)."""
    return token.pos_ in {"VERB", "AUX"} or token.dep_ == "ROOT" and token.pos_ == "NOUN" and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)


# Verbs that say what something is: "described the sums as massive", "called it a disgrace".
_DESCRIBE = frozenset({"describe", "call", "label", "brand", "term", "dub", "characterize", "characterise",
                       "portray", "denounce", "condemn", "hail", "praise", "criticize", "criticise", "dismiss"})


def _that(clause: Any) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def _takes_clause(verb: Any) -> bool:
    """Whether a verb reports a clause: its complement, a "that" clause the parser took for an
    adverbial one ("confirmed only that …") or hung on its object ("told LA Weekly in a statement
    that the case …"), a request of someone ("asked the governments not to turn away boats"), or
    a description of something as something ("described the sums as massive")."""
    if any(c.dep_ == "ccomp" or c.dep_ == "advcl" and _that(c) for c in verb.children):
        return True
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children):
        return True
    # "as" may hang on the object's own modifier: "described the sums involved as massive"
    described = [*verb.children, *(t for o in objects for t in o.subtree)]
    if objects and verb.lemma_.lower() in _DESCRIBE and any(
            t.dep_ == "oprd" or t.dep_ == "prep" and t.lower_ == "as" for t in described):
        return True
    for obj in (o for c in verb.children if c.dep_ in {"dobj", "prep"} for o in [c, *c.children]):
        if any(c.dep_ in {"acl", "ccomp"} and _that(c) for c in obj.children):
            return True
    return False


# Participles that give a thing its name: "a robot named "Better Idea of Afghan Girls"", "a report titled …".
_NAMING = {"name", "call", "title", "entitle", "dub", "nickname", "christen", "brand", "label"}


def a_name(quoted: list[Any]) -> bool:
    """Whether a quotation is the name something is given, not anyone's words."""
    return any(t.dep_ in {"oprd", "dobj", "attr"} and t.head.tag_ == "VBN" and t.head.lemma_.lower() in _NAMING
               and not any(c.dep_ == "agent" for c in t.head.children) for t in quoted)


def declines(verb: Any) -> bool:
    """Whether a verb reports declining to comment, an answer (a neutral one). Not answering at all
    ("could not be reached", "did not respond") is no reaction, as the guidelines say."""
    return verb.lemma_.lower() in {"decline", "refuse"} \
        and any(c.dep_ == "xcomp" and c.lemma_ == "comment" for c in verb.children)


def _a_person(token: Any) -> bool:
    return token.ent_type_ == "PERSON" or token.pos_ == "PRON" or token.lemma_.lower() in ROLE_NOUNS


# What an authority decides on rather than comments on: "rejected his asylum request", "denied bail".
_APPLIED_FOR = frozenset({"request", "application", "appeal", "case", "bid", "petition", "motion", "plea",
                          "bail", "visa", "asylum", "extradition", "permit", "licence", "license", "parole"})


def _legal_act(verb: Any) -> bool:
    """Whether a verb reports a step in a case rather than a view: a decision on what was applied for
    ("rejected his asylum request"), or a plea ("pleaded not guilty to charges that …")."""
    lemma = verb.lemma_.lower()
    if lemma == "plead":
        return any(c.dep_ == "acomp" for c in verb.children)
    return lemma in {"reject", "deny", "dismiss", "uphold", "back"} and any(
        c.dep_ == "dobj" and (c.lemma_.lower() in _APPLIED_FOR
                              or any(m.dep_ == "compound" and m.lemma_.lower() in _APPLIED_FOR for m in c.children))
        for c in verb.children)


def reported_verb(tokens: list[Any]) -> Optional[Any]:
    """The verb of a reported statement: it takes a clause, or reports a stance on something
    ("applauded the decision", "called for calm", "lashed out at him"); not passive ("was denied a
    visa"), negated, or a step in a case."""
    def stance_on(t: Any) -> bool:
        if t.lemma_.lower() == "question" and any(c.dep_ == "dobj" and _a_person(c) for c in t.children):
            return False  # "police questioned the student": an interrogation, not a stance
        # on a thing, or on a doing: "denied using live ammunition"
        return verb_lemma(t) in STANCE and any(c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in _ON
                                               or c.dep_ == "xcomp" and c.tag_ == "VBG" for c in t.children)
    found = next((t for t in tokens if declines(t)), None)
    if found is not None:
        return found
    return next((t for t in tokens if verb_lemma(t) in REPORTING and t.pos_ == "VERB"
                 and (_takes_clause(t) or stance_on(t) or t.dep_ == "parataxis")
                 and not any(c.dep_ in {"neg", "nsubjpass", "auxpass"} for c in t.children)
                 and not _legal_act(t)), None)


def reporting_lemma(verb: Any) -> str:
    """A reporting word's lemma; a stance state keeps its form ("angered" is no "anger")."""
    return verb.lower_ if verb.lower_ in STANCE_STATES else verb_lemma(verb)


def stance_state(tokens: list[Any]) -> Optional[Any]:
    """A stance stated as the speaker's state: "Baykal was critical of the arrests", "officials
    were angered by the decision" (the adjective or participle, whose lemma names the stance)."""
    states = [t for t in tokens if t.lower_ in STANCE_STATES and (
        t.dep_ == "acomp" or t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children))]
    # the main clause's: "While Robertson was elated, Cambodian officials were angered" is the officials'
    return min(states, key=lambda t: len(list(t.ancestors)), default=None)
