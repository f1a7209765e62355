"""Legal-claim candidates: each legal trigger word in a sentence, with the type its lemma names.

The type comes from the trigger's lemma (a closed map, below), the status from
the words around it; who the matter is about and who brings it are read in
:mod:`.claim_parties`. A sentence with two kinds of matter ("convicted … and
sentenced …") gives two candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..schema import ClaimStatus, ClaimType, Span

MAX_CLAIMS = 24
# Lemma (or its first letters) -> the claim type it names.
TRIGGERS: list[tuple[str, ClaimType]] = [
    ("extradit", "extradition_request"), ("charg", "criminal_charge"), ("indict", "criminal_charge"),
    ("accus", "criminal_charge"), ("convict", "conviction"), ("guilty", "conviction"),
    ("sentenc", "sentence"), ("jail", "sentence"), ("imprison", "sentence"), ("asylum", "asylum_or_refugee_status"),
    ("refugee", "asylum_or_refugee_status"), ("deport", "deportation_order"), ("expel", "deportation_order"),
    ("visa", "immigration_violation"), ("overstay", "immigration_violation"), ("ban", "travel_ban"),
    ("terrorist", "terrorism_designation"), ("sue", "lawsuit"), ("lawsuit", "lawsuit"), ("rule", "court_ruling"),
    ("ruling", "court_ruling"), ("verdict", "court_ruling"), ("acquit", "court_ruling"), ("appeal", "court_ruling"),
    ("overturn", "court_ruling"), ("investigat", "investigation"), ("probe", "investigation"),
    ("inquiry", "investigation"), ("arrest", "other"), ("detain", "other"), ("detention", "other"),
    ("bail", "other"), ("summon", "other"), ("trial", "criminal_charge"),
    ("custody", "other"),
]
_TRAVEL = re.compile(r"\b(travel\w*|entry|enter\w*|leav\w*|exit\w*|fly\w*|flight\w*|abroad)\b")
_BREACH = re.compile(r"\b(overst\w*|violat\w*|illegal\w*|expired|breach\w*|without (a )?(valid )?visa)\b")
# Lemmas that merely look like triggers: "rule" as a noun is a regulation, not a ruling.
_NOT_TRIGGER = {("rule", "NOUN"), ("charge", "ADJ"), ("sue", "PROPN"), ("ban", "PROPN")}


@dataclass(frozen=True)
class ClaimCandidate:
    """A sentence, the trigger word in it, and the claim type that word names."""

    sentence: Span
    trigger: str
    type: ClaimType
    at: int  # the trigger's offset in the article


def _not_a_matter(token: Any) -> bool:
    """A legal-looking word that states no legal matter: "ruled out natural gas", "Assistant
    Director in Charge", or a matter denied ("did not recommend charges", "was not charged",
    "released without charge")."""
    if token.lemma_.lower() == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return True
    taken = token.dep_ == "dobj" and token.head.lemma_ == "take" and not any(c.dep_ == "det" for c in token.children)
    if token.lemma_.lower() == "charge" and (taken or token.dep_ == "pobj" and token.head.lower_ == "in"):
        return True  # "in charge of", "took charge of bringing him down": in command, no accusation
    if token.dep_ == "compound" and token.head.lemma_.lower() in _DESCRIBED:
        return True  # "700 asylum seekers were rescued": who they are, not a claim made
    if token.dep_ == "dobj" and token.head.dep_ == "acl" and token.head.lemma_ == "seek":
        return True  # "boats of people seeking asylum", likewise
    if token.dep_ == "pobj" and token.head.lower_ == "without" and token.lemma_.lower() in _NOT_BROUGHT:
        return True  # "released without charge": a matter that was not brought (but "held without bail" is one)
    if _setting(token) or _found_guilty_of(token) or _a_plea(token):
        return True
    holders = [token, token.head] if token.dep_ in {"dobj", "nsubjpass", "acomp", "attr", "xcomp"} else [token]
    if token.dep_ == "nsubjpass" and token.head.dep_ == "ccomp":
        holders.append(token.head.head)  # "did not recommend charges be brought"
    return any(c.dep_ == "neg" for t in holders for c in t.children)


def _setting(token: Any) -> bool:
    """A trial named as where or when something happened ("as revealed at trial", "after a 12-week
    trial"): the scene of another fact, not a charge the sentence states ("went on trial" still is)."""
    return token.lemma_.lower() == "trial" and token.dep_ == "pobj" and token.head.lower_ in _SCENE


def _found_guilty_of(token: Any) -> bool:
    """Charges a conviction is for ("found guilty of all 30 charges", "pleaded guilty to 14 charges",
    "convicted on charges of fraud"): the conviction settled them, so they are no charge pending.
    Charges someone is found or pleads *not* guilty of stay a charge."""
    if token.lemma_.lower() not in _CHARGES:
        return False
    while token.dep_ == "conj":  # "of terrorism and other charges"
        token = token.head
    if token.dep_ != "pobj" or token.head.lower_ not in {"of", "to", "on"}:
        return False
    verdict = token.head.head
    guilty = verdict if verdict.lemma_.lower() == "guilty" else next(
        (c for c in verdict.children if c.lemma_.lower() == "guilty"), None)
    if guilty is None:
        return verdict.lemma_.lower() == "convict" and not any(c.dep_ == "neg" for c in verdict.children)
    return not any(c.dep_ == "neg" for c in [*guilty.children, *verdict.children])


def _a_plea(token: Any) -> bool:
    """"Appealed for witnesses", "appealing to the government to show compassion": asking someone
    for something, not appealing a decision ("appealed the ruling", "appealed to the Supreme Court")."""
    if token.lemma_.lower() != "appeal" or token.pos_ != "VERB":
        return False
    return any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children) or any(
        c.dep_ in {"xcomp", "advcl"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in token.children)


_SCENE = frozenset({"at", "during", "after", "throughout"})
# What a court does to a case that is a ruling whatever the case is about.
_COURT_DECISIONS = frozenset({"reject", "dismiss", "uphold", "overturn", "quash", "overrule"})
_COURTS = frozenset({"court", "tribunal", "judge", "justice"})
_CHARGES = frozenset({"charge", "count", "indictment"})
# What "without" says was never brought; "without bail" and "without a visa" are matters themselves.
_NOT_BROUGHT = frozenset({"charge", "indictment", "trial", "conviction", "warrant"})
# People a legal word describes when it modifies them: "asylum seekers", "refugee children".
_DESCRIBED = frozenset({"seeker", "child", "family", "boy", "girl", "man", "woman", "people", "camp", "worker"})
# Entity labels whose words name something, not a legal matter: "the Refugee Council", "the Asylum Act".
_NAMING = {"ORG", "FAC", "PERSON", "WORK_OF_ART", "LAW", "EVENT"}


def _from_a_country(token: Any) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "from" and any(o.ent_type_ == "GPE" for o in c.children)
               for c in token.children)


def _type_of(token: Any) -> ClaimType | None:
    lemma = token.lemma_.lower()
    if (lemma, token.pos_) in _NOT_TRIGGER or _not_a_matter(token) or token.ent_type_ in _NAMING:
        return None
    if token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.pos_ == "PROPN":
        return None  # a word of a name the tagger did not mark: "the Arbitrary Arrests Committee"
    text = token.sent.text.lower()
    if lemma == "terrorist" and not any(w in text for w in ("designat", "list", "label")):
        return None  # "terrorist" names a designation only beside a designating word
    if lemma == "bar" and token.pos_ == "VERB" and any(
            p.lower_ == "from" and any(_TRAVEL.fullmatch(o.lower_) for o in p.children) for p in token.children):
        return "travel_ban"  # "he has been barred from leaving the country"
    if lemma == "ban" and not (_TRAVEL.search(text) or _from_a_country(token)):
        return None  # a ban on abortion or on washing is no travel ban; "a ban from Thailand" is one
    if lemma == "visa" and not _BREACH.search(text):
        return "other"  # a visa refused or granted is a decision, not a violation
    if lemma in _COURT_DECISIONS and token.pos_ == "VERB" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in _COURTS for c in token.children):
        return "court_ruling"  # "the highest court rejected his plea"
    for stem, kind in TRIGGERS:
        if lemma.startswith(stem) and (len(stem) > 3 or lemma == stem):
            return kind
    return None


def find_claims(doc: Any, sentences: list[Span], quoted: list[Span] = ()) -> list[ClaimCandidate]:
    """One candidate per (sentence, claim type), most specific types first when over :data:`MAX_CLAIMS`.

    A legal word inside a quotation is someone's speech ("We face a dangerous sentence"), not
    the story stating a legal matter.
    """
    found: list[ClaimCandidate] = []
    for sentence in sentences:
        chunk = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if chunk is None:
            continue
        seen: set[tuple[str, int]] = set()
        for token in chunk:
            if any(q.start <= token.idx < q.end for q in quoted) or token.dep_ == "amod":
                continue  # "imprisoned journalists" describes them; it states no sentence
            kind = _type_of(token)
            # one candidate per type and clause: "A was arrested in May and B was detained in June" are two
            clause = next((t.i for t in [token, *token.ancestors] if t.pos_ in {"VERB", "AUX"}), -1)
            if kind and (kind, clause) not in seen:
                seen.add((kind, clause))
                found.append(ClaimCandidate(sentence, token.text, kind, token.idx))
    if len(found) > MAX_CLAIMS:  # "other" (arrests, bail) goes first; then the latest mentions
        keep = sorted(found, key=lambda c: (c.type == "other", c.sentence.start))[:MAX_CLAIMS]
        found = sorted(keep, key=lambda c: c.sentence.start)
    return found


_STATUS_WORDS: list[tuple[re.Pattern, ClaimStatus]] = [
    (re.compile(r"\b(overturn\w*|quash\w*|struck down|reversed)\b", re.I), "overturned"),
    (re.compile(r"\b(dropped|withdr[ae]w\w*|abandoned)\b", re.I), "withdrawn"),
    # an acquittal denies the charge; a plea of not guilty leaves it pending
    (re.compile(r"\b(denied|den(y|ies)|refus\w*|reject\w*|turned down|dismissed|acquitt\w*|"
                r"(?<!pleaded )(?<!pleads )(?<!plead )not guilty)\b", re.I), "denied"),
    (re.compile(r"\b(granted|grants?|approved|awarded|given (political )?asylum)\b", re.I), "granted"),
    (re.compile(r"\b(was|were|been|being) (deported|extradited|expelled)\b|\b(deported|extradited) (him|her|them)\b",
                re.I), "completed"),
    (re.compile(r"\b(convicted|convictions?|found guilty|sentenced|serving|jailed|pleaded guilty|imprisoned)\b", re.I),
     "in_force"),
    (re.compile(r"\b(request\w*|asked|seek\w*|sought|call\w* for|demand\w*)\b", re.I), "requested"),
    (re.compile(r"\b(charged|indicted|faces?|facing|pleaded not guilty|awaiting|trial|pending|investigat\w*)\b",
                re.I), "pending"),
    (re.compile(r"\b(allegedly|alleged|accus\w*|suspect\w*|wanted)\b", re.I), "alleged"),
]
TYPE_STATUS: dict[str, ClaimStatus] = {
    "extradition_request": "requested", "criminal_charge": "pending", "conviction": "in_force",
    "sentence": "in_force", "asylum_or_refugee_status": "granted", "deportation_order": "completed",
    "immigration_violation": "alleged", "travel_ban": "in_force", "terrorism_designation": "in_force",
    "lawsuit": "pending", "court_ruling": "in_force", "investigation": "pending", "other": "unknown",
}


def _window(claim: ClaimCandidate) -> str:
    """The trigger and four words either side."""
    words = claim.sentence.text.split()
    at = len(claim.sentence.text[:claim.at - claim.sentence.start].split())  # the trigger's word
    return " ".join(words[max(0, at - 4):at + 5])


def status_of(claim: ClaimCandidate) -> ClaimStatus:
    """The status the words around the trigger give the matter, else the usual status of its type."""
    window = _window(claim)
    return next((status for pattern, status in _STATUS_WORDS if pattern.search(window)), TYPE_STATUS[claim.type])


_PASSED = re.compile(r"\b(sentenced|given|handed|received|imposed|serving)\b", re.I)


def handed_down(claim: ClaimCandidate) -> bool:
    """A sentence its words say was passed ("was sentenced to life", "given a life sentence"): one
    that presupposes a conviction, unlike a sentence faced or possible ("faces up to 20 years"),
    or a jailing, which may be detention without trial ("journalists imprisoned in Iran")."""
    return claim.trigger.lower().startswith("sentenc") and bool(_PASSED.search(_window(claim)))
