"""Who a legal claim is about and who brings it: the parse around its trigger word, and the sorts
of party that can bring each kind of matter.

:func:`parties_of` reads the trigger's subject (patient) and claimant (agent) from the dependency
parse; :func:`may_bring`, :func:`restricted` and :func:`usual_bearer` say which parties the model
may be offered as a claim's claimant, or which one code may choose.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..schema import ClaimType
from .candidate import Candidate
from .claims import ClaimCandidate


def trigger_token(doc: Any, claim: ClaimCandidate) -> Optional[Any]:
    span = doc.char_span(claim.at, claim.at + len(claim.trigger), alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _governing_verb(token: Any) -> Optional[Any]:
    """The verb a legal noun belongs to: its own head ("filed charges"), the verb of a request-like
    noun it complements ("put in a request for his extradition"), or the passive verb it is the
    object of a preposition of ("was taken into custody")."""
    node = token
    for _ in range(3):
        if node.dep_ in {"dobj", "nsubjpass", "attr"} and node.head.pos_ == "VERB":
            return node.head
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.lemma_.lower() in REQUEST_NOUNS:
            node = node.head.head
            continue
        verb = node.head.head if node.dep_ == "pobj" else None
        if verb is not None and verb.dep_ in {"acomp", "oprd"}:
            verb = verb.head  # "was found not guilty on all charges"
        if verb is not None and verb.pos_ == "VERB" and (
                any(c.dep_ == "nsubjpass" for c in verb.children) or verb.lemma_.lower() in UNDERGOING):
            return verb  # "was taken into custody by officials", "was placed under arrest", "pleaded not guilty to"
        return None
    return None


def parties_of(token: Any) -> tuple[list[Any], list[Any]]:
    """The tokens that name a legal word's subject (patient) and claimant (agent)."""
    subjects, claimants = [], []
    verb = token if token.pos_ in {"VERB", "AUX"} else _governing_verb(token)
    children = list(token.children)
    if token.dep_ == "dobj" and token.lemma_.lower() in _INQUIRIES:
        # the parser may hang "into" on the verb: "reopened a probe into her emails"
        children += [c for c in token.head.children if c.dep_ == "prep" and c.lower_ == "into"]
    for child in children:
        if child.dep_ == "poss":  # "Serey's extradition"; but "Trump's travel ban" is his own act
            (claimants if token.lemma_.lower() in AUTHORED else subjects).append(child)
        # "the extradition of Serey", "charges against him"; but after a verb or adjective "of" and
        # "for" give the offence: "found guilty of all 30 charges", "arrested for theft"
        if child.dep_ == "prep" and (child.lower_ == "against"
                                     or child.lower_ in {"of", "for"} and token.pos_ == "NOUN"
                                     or child.lower_ == "into" and token.lemma_.lower() in _INQUIRIES):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                inner = next((c for c in obj.children if c.dep_ == "poss"), None)
                # "the extradition of Serey", and whose thing an inquiry looks into ("a probe into Clinton's emails")
                owner = inner is not None and (obj.lemma_.lower() in PATIENTS or child.lower_ == "into")
                subjects.append(inner if owner else obj)
        if child.dep_ == "prep" and child.lower_ == "by":
            claimants += [c for c in child.children if c.dep_ == "pobj"]
    group = token.head if token.dep_ in {"acl", "relcl"} and undergone(token) else None
    if group is not None and group.dep_ == "pobj" and group.head.lower_ == "among" \
            and group.head.head.lemma_ == "be":
        # "Sahin was among the 40 people arrested": he is one of them
        subjects += [c for c in group.head.head.children if c.dep_ == "nsubj"]
    if verb is not None:
        agents = []
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                subjects.append(child)
            elif child.dep_ == "dobj" and child != token:
                subjects.append(child)
            elif child.dep_ == "nsubj":
                agents.append(child)
            elif child.dep_ == "agent":
                claimants += [c for c in child.children if c.dep_ == "pobj"]
        if verb.lemma_.lower() == "extradite":
            # "Canada extradited him to China": the state that hands someone over grants the request;
            # the state that made it is where he is sent
            claimants = _sent_to(verb)
        elif verb.lemma_.lower() in UNDERGOING and not any(s.pos_ in {"PROPN", "PRON"} for s in subjects):
            # "he faces charges", "Serey sought asylum": the subject undergoes the matter; but in
            # "Thailand is seeking the extradition of Sam Serey" Serey does, and Thailand asks
            subjects += agents
        else:
            claimants += agents
    if token.lemma_.lower() == "extradition":  # "his extradition hearing to the United States"
        claimants += _sent_to(token.head if token.dep_ == "compound" else token)
    return subjects, claimants


def _sent_to(word: Any) -> list[Any]:
    """Where someone is extradited to: who asked for him."""
    return [c for p in word.children if p.dep_ == "prep" and p.lower_ == "to" for c in p.children if c.dep_ == "pobj"]


def surrendering(token: Any) -> list[Any]:
    """Who hands someone over, when the legal word is the verb "extradite" ("Canada extradited him",
    "he was extradited by Canada"): the one who grants an extradition request, never who made it."""
    if token.lemma_.lower() != "extradite" or token.pos_ != "VERB":
        return []
    return [c for c in token.children if c.dep_ == "nsubj"] + \
        [c for a in token.children if a.dep_ == "agent" for c in a.children if c.dep_ == "pobj"]


def undergone(verb: Any) -> bool:
    """Whether a participle says what was done to the noun it describes ("the 40 people arrested",
    "those who were detained"), not what they did ("the officers who arrested them")."""
    return verb.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in verb.children)


_INQUIRIES = frozenset({"investigation", "probe", "inquiry", "enquiry"})
REQUEST_NOUNS = frozenset({"request", "bid", "demand", "application", "call", "warrant", "order", "motion",
                           "petition", "appeal", "case", "complaint"})
# Verbs whose subject is the one a legal matter is about, not the one who brings it.
UNDERGOING = frozenset({"face", "have", "undergo", "stand", "plead", "await", "fight", "lose", "win", "seek", "apply",
                        "receive", "get", "escape", "avoid", "serve", "contest", "challenge", "appeal", "deny"})
# Legal nouns whose possessor made them: "Trump's travel ban", "the minister's order".
AUTHORED = frozenset({"ban", "order", "decree", "designation", "ruling", "verdict", "decision", "request"})
PATIENTS = frozenset({"extradition", "arrest", "deportation", "conviction", "trial", "release", "detention"})


# Who can bring a matter of each type. A conviction, sentence or ruling comes from a court, a judge or
# a jury; a charge, an investigation or a state's decision on someone from an authority. A private
# person can only sue (or bring an "other" matter, whose bearer nothing restricts).
_JUDGES = re.compile(r"\b(judges?|justices?|magistrates?|jur(y|ies|ors?)|court|tribunal)\b", re.I)
_OFFICIALS = re.compile(r"\b(prosecut\w*|attorney|police|sheriff|detective|investigators?|officials?|"
                        r"minister|secretary|president|premier|chancellor|governor|mayor|authorit\w*|"
                        r"officers?|agents?|inspectors?|ministry|embassy|government|judges?|justices?)\b", re.I)
_JUDICIAL = {"conviction", "sentence", "court_ruling"}
_OPEN = {"lawsuit", "other"}
# Words of an arrest or detention, which only an authority makes.
_DETAINING = ("arrest", "detain", "detention", "custody")
# A court tries a charge and rules on an investigation's fruits; it brings neither.
_ACCUSING = {"criminal_charge", "investigation"}
# Who brings a matter of these types in the usual course, named or not in its sentence.
_BEARERS = {"criminal_charge": re.compile(r"\b(prosecut\w*|attorneys? general|district attorneys?)\b", re.I),
            "investigation": re.compile(r"\b(prosecut\w*|police|investigators?|sheriff\W?s?)\b", re.I)}


def _words(party: Candidate) -> str:
    return " ".join(filter(None, (party.title, party.head, party.name if party.kind != "person" else "")))


def may_bring(kind: ClaimType, party: Candidate, trigger: str = "") -> bool:
    """Whether a party is of a sort that can bring a matter of this type (by its kind, title or head
    noun); an "other" matter that is an arrest or detention (``trigger``) only an authority can."""
    words = _words(party)
    if kind in _JUDICIAL:
        return party.kind == "court" or bool(_JUDGES.search(words))
    if not restricted(kind, trigger):
        return True
    if kind == "other":  # an arrest or detention
        kind = "investigation"
    if kind in _ACCUSING:  # a state's officers, not a court, a company or a rights group
        return party.kind == "government" and not _JUDGES.search(words) or bool(_BEARERS[kind].search(words))
    return party.kind in {"government", "court", "organisation", "ngo"} or bool(_OFFICIALS.search(words))


def restricted(kind: ClaimType, trigger: str = "") -> bool:
    """Whether only some sorts of party can bring a matter of this type, so that being the one such
    party in its sentence says who brought it: not a lawsuit or an "other" matter, but an arrest."""
    return kind not in _OPEN or trigger.lower().startswith(_DETAINING)


def usual_bearer(kind: ClaimType, party: Candidate) -> bool:
    """Whether a party is who brings a matter of this type in the usual course: a court or judge for a
    conviction, sentence or ruling; prosecutors for a charge; prosecutors or police for an investigation."""
    if kind in _JUDICIAL:
        return may_bring(kind, party)
    pattern = _BEARERS.get(kind)
    return bool(pattern and pattern.search(_words(party)))
