"""Roles and involvement from the parse: who is arrested, who accuses, who decides.

Each rule reads one relation between a party's mention and a legal word:

- the patient of a legal verb or noun is its **subject** ("X was arrested",
  "police arrested X", "X's extradition", "the case against X");
- the agent of accusing, requesting or prosecuting is the **requesting
  authority** ("prosecutors charged", "wanted by the government");
- the agent of ruling, granting, refusing or sentencing is the **decision
  maker** ("the court ruled", "asylum granted by Denmark"); a court always is;
- titles name spokespeople, lawyers and judges;
- the patient of harm is a **victim** ("X was killed").

When several fire, the most specific role wins (``ROLE_SPECIFICITY``). A party
with no such relation that speaks is an advocate (a rights group) or a witness
(an unnamed source); the model is asked about the rest.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..schema import ROLE_SPECIFICITY, PartyRole
from ..text.reporting import is_reporting
from .candidate import Candidate
from .claim_parties import undergone

PATIENT_LEMMAS = frozenset({
    "arrest", "charge", "convict", "sentence", "deport", "extradite", "extradition", "detain", "detention",
    "jail", "imprison", "indict", "accuse", "sue", "want", "prosecute", "try", "expel", "hold", "summon",
    "investigate", "acquit", "release", "free", "arraign", "convict", "deportation", "arrest", "trial",
    "conviction", "indictment", "prosecution", "case", "lawsuit", "asylum", "custody", "fine", "ban", "bar",
})
ACCUSER_LEMMAS = frozenset({
    "charge", "accuse", "prosecute", "sue", "indict", "request", "seek", "demand", "want", "allege",
    "arrest", "detain", "investigate", "file", "bring", "pursue",
})
DECIDER_LEMMAS = frozenset({
    "rule", "grant", "deny", "reject", "refuse", "allow", "approve", "order", "sentence", "convict", "acquit",
    "decide", "overturn", "uphold", "dismiss", "find", "permit", "release", "deport", "extradite", "free",
})
# What an accused denies or rejects: then the verb's subject is the accused.
DENIALS = frozenset({"deny", "reject", "dispute", "refute"})
ACCUSATIONS = frozenset({"charge", "allegation", "accusation", "claim", "wrongdoing", "corruption", "responsibility",
                         "guilt", "involvement", "crime", "offence", "offense"})
HARM_LEMMAS = frozenset({"kill", "injure", "wound", "abuse", "torture", "murder", "rape", "attack", "hurt",
                         "assault", "shoot", "stab", "beat", "starve", "neglect", "chain"})
_ADVOCATE = re.compile(r"\b(activists?|campaigners?|advocates?|supporters?)\b", re.I)
# Public offices: "ministers or leaders who only comment" play no part for or against anyone.
_OFFICE = re.compile(r"\b(minister|president|premier|chancellor|secretary|governor|mayor|senator|"
                     r"congress(man|woman)|officer|official|king|queen|pope|prince|leader|chair(man|woman)?|"
                     r"analyst|commissioner|mp|executive|ceo|chief|director)\b", re.I)
_TITLE_ROLES: list[tuple[re.Pattern, PartyRole]] = [
    # each noun singular or plural: "Federal prosecutors", "Khadr's lawyers", "the jurors"
    (re.compile(r"\bspokes(man|woman|person|men|women|people)\b", re.I), "spokesperson"),
    (re.compile(r"\b(lawyers?|attorneys?|counsel|solicitors?|barristers?|defen[cs]e)\b", re.I), "lawyer"),
    (re.compile(r"\b(judges?|justices?|magistrates?|jury|juries|jurors?)\b", re.I), "decision_maker"),
    (re.compile(r"\b(prosecutors?|police|investigators?|sheriffs?|attorneys? general|district attorneys?|"
                r"u\.?s\.? attorneys?|crown (lawyer|counsel|prosecutor)s?)\b", re.I), "requesting_authority"),
    # harm told in the words that introduce someone: "slain MIT officer", "mother of X, who was killed"
    (re.compile(r"\b(slain|killed|murdered|wounded|injured|victims?|survivors?|bereaved|"
                r"lost (a|an|his|her|their) (leg|arm|limb|eye|life|son|daughter|child))\b", re.I), "victim"),
    (_ADVOCATE, "advocate"),
]


def _own_course(verb: Any) -> bool:
    """Whether a deciding verb states a view or the subject's own course, not a decision on a matter:
    "Lewis denied that the UK was complicit", "he decided to treat her himself" (but "refused to
    extradite him" and "allowed him to leave" decide)."""
    children = list(verb.children)
    if any(c.dep_ == "dobj" for c in children):
        return False
    if verb.lemma_.lower() in DENIALS and any(c.dep_ == "ccomp" for c in children):
        return True
    clause = [c for c in children if c.dep_ == "xcomp"]
    legal = DECIDER_LEMMAS | PATIENT_LEMMAS | ACCUSER_LEMMAS
    return bool(clause) and not any(c.lemma_.lower() in legal or any(n.dep_ == "nsubj" for n in c.children)
                                    for c in clause)


def _called_to_testify(token: Any) -> bool:
    """Whether someone is who a verb brings to testify: "bringing the owner, Len Beagley, to testify"."""
    if token.dep_ == "appos":
        token = token.head
        if token.dep_ == "pobj" and token.head.lower_ == "of":
            token = token.head.head  # the parser hangs the name on the body: "the owner of Trace Canada, Len Beagley"
    return token.dep_ == "dobj" and any(c.dep_ in {"xcomp", "ccomp", "advcl"} and c.lemma_ == "testify"
                                        for c in token.head.children)


def _token_roles(token: Any) -> set[PartyRole]:
    roles: set[PartyRole] = set()
    head, dep = token.head, token.dep_
    lemma = head.lemma_.lower()
    if dep == "nsubjpass" and lemma in PATIENT_LEMMAS | HARM_LEMMAS:
        roles.add("victim" if lemma in HARM_LEMMAS else "subject")
    if dep == "dobj" and lemma in PATIENT_LEMMAS - {"file", "bring", "case"}:
        roles.add("subject")
    if dep == "dobj" and lemma in HARM_LEMMAS:
        roles.add("victim")
    if dep == "poss" and lemma in PATIENT_LEMMAS:
        roles.add("subject")
    if dep == "pobj" and head.lower_ in {"against", "of"} and head.head.lemma_.lower() in PATIENT_LEMMAS:
        roles.add("subject")
    if dep == "nsubj" and lemma == "testify" or _called_to_testify(token):
        roles.add("witness")  # "Beagley testified that …": a witness, whoever called him
    if dep == "nsubj":
        if lemma in ACCUSER_LEMMAS:
            roles.add("requesting_authority")
        if lemma in DENIALS and any(c.dep_ == "dobj" and c.lemma_.lower() in ACCUSATIONS for c in head.children):
            roles.add("subject")  # "Lai denied corruption": the accused denies, no one decides
        elif lemma in DECIDER_LEMMAS and not _own_course(head):
            roles.add("decision_maker")
    if dep == "nsubj" and lemma == "be":  # "Sahin was among the 40 people arrested"
        lemmas = {t.lemma_.lower() for p in head.children if p.dep_ == "prep" and p.lower_ == "among"
                  for t in p.subtree if t.dep_ in {"acl", "relcl"} and undergone(t)}
        roles |= {"subject"} if lemmas & PATIENT_LEMMAS else {"victim"} if lemmas & HARM_LEMMAS else set()
    if dep == "pobj" and head.lower_ == "by" and head.head.dep_ != "nsubj":
        verb = head.head.lemma_.lower()
        if verb in ACCUSER_LEMMAS:
            roles.add("requesting_authority")
        elif verb in DECIDER_LEMMAS | {"grant"}:
            roles.add("decision_maker")
    return roles


def _appositions(cand: Candidate, doc: Any) -> list[str]:
    """What the article says a person is, beside their name: "Susan Cohen, the mother of one of
    those killed" (the title keeps only the words before the name, "US citizen")."""
    found = []
    for mention in cand.mentions if cand.label == "PERSON" else ():
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for child in span.root.children if span is not None else ():
            if child.dep_ == "appos" and child.i > span.root.i:
                found.append(" ".join(t.text for t in child.subtree))
    return found


_FORMER = re.compile(r"((an?|the) )?(former|ex-|retired)\b", re.I)


def rule_role(cand: Candidate, doc: Any, speaks: bool, in_claims: bool = False) -> Optional[PartyRole]:
    """The role the rules give ``cand``, or ``None`` when none fires. The fallbacks for a rights
    group or a speaker with no other part apply only to a party in no legal claim (``in_claims``):
    an accused who speaks is still the subject."""
    roles: set[PartyRole] = set()
    if cand.kind == "court":
        roles.add("decision_maker")
    # a former job is no part in the story: "former police chief Ibrahim Sahin" was arrested, not arresting
    now = [w for w in [cand.title, *_appositions(cand, doc)] if w and not _FORMER.match(w)]
    words = " ".join(filter(None, [*now, cand.name if cand.label == "NOUN" else ""]))
    for pattern, role in _TITLE_ROLES:
        if pattern.search(words):
            roles.add(role)
    if "advocate" in roles and _ADVOCATE.search(re.split(r"\b(?:of|for)\b", words)[0]):
        roles.discard("victim")  # "a campaigner for victims of abuse" speaks for victims
    for mention in cand.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            roles |= _token_roles(span.root)
    if roles or in_claims:
        return min(roles, key=ROLE_SPECIFICITY.index) if roles else None
    if cand.kind == "ngo" and (speaks or acts(cand, doc)):
        return "advocate"  # a rights group or charity in a legal story takes a side, speaking or not
    if speaks:
        if re.search(r"\b(rights|watch|amnesty)\b", cand.title or "", re.I):
            return "advocate"
        if cand.label == "NOUN":
            return "witness"
        if cand.kind == "person" and not _OFFICE.search(f"{cand.title or ''} {cand.name}"):
            return "advocate"  # someone with no office and no part in the legal matter who speaks takes a side
    return None


_LOCATIVE = {"in", "at", "near", "from", "to", "across", "throughout", "outside", "inside", "into", "around", "on"}


# News outlets the article only cites ("told the BBC", "Reuters reported") are
# sources, not parties; these are the wire services and broadcasters whose
# names carry no media word.
WIRES = frozenset({"ap", "afp", "reuters", "xinhua", "bbc", "cnn", "npr", "abc", "nbc", "cbs", "fox", "upi",
                   "itar-tass", "tass", "efe", "ansa", "dpa", "kyodo", "yonhap", "bernama", "al jazeera",
                   "guardian", "economist", "spiegel", "der spiegel", "le monde", "haaretz", "al arabiya"})


def is_outlet(cand: Candidate) -> bool:
    """Whether a party is a news outlet: what it reports is the article's source, not a reaction."""
    return cand.kind == "media" or cand.name.lower().removeprefix("the ") in WIRES


def _state_acts(root: Any) -> bool:
    """A state or place acts only as a clause's subject ("Thailand deported …"), the
    agent of a passive ("… by Thailand"), or the owner of an act ("Cambodia's request")."""
    while root.dep_ == "conj":
        root = root.head
    if root.dep_ in {"nsubj", "nsubjpass"}:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        return True
    return root.dep_ == "poss" and root.head.pos_ == "NOUN"


def _outlet_acts(root: Any) -> bool:
    """An outlet acts when it does something other than report ("the BBC was sued")."""
    return root.dep_ in {"nsubj", "nsubjpass", "dobj"} and not is_reporting(root.head.lemma_)


def acts(cand: Candidate, doc: Any) -> bool:
    """Whether a party does or undergoes something in the story, rather than
    being only a place ("in Bangkok"), a modifier ("Denmark-based") or a cited
    outlet ("told the BBC")."""
    for mention in cand.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if is_outlet(cand):  # first: the tagger may call a newspaper's name a place ("Hürriyet reported")
            if _outlet_acts(root):
                return True
        elif cand.label == "GPE":
            if _state_acts(root):
                return True
        elif root.dep_ in {"nsubj", "nsubjpass", "dobj", "dative", "appos", "conj", "attr"}:
            return True
        elif root.dep_ == "pobj" and root.head.lower_ not in _LOCATIVE:
            return True
    return False
