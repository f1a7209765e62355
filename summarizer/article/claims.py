"""Legal-claim candidates: each legal trigger word in a sentence, with the type its lemma names.

The type comes from the trigger's lemma (a closed map, below); the model then
says whether the sentence states that matter, its status, and who claims it
against whom, by choosing among the article's parties. A sentence with two
kinds of matter ("convicted … and sentenced …") gives two candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from ..schema import ClaimStatus, ClaimType, Span
from .candidate import Candidate

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
