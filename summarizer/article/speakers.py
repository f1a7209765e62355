"""Who a speech verb's subject is: a name, a name inside the subject phrase, a role noun, a pronoun.

A name is its party; a common-noun subject that ends in a name or has one in
apposition is that person ("his older sister Lena Holm"); "the spokesman" is
the named person with that title; a pronoun is a compatible party named earlier
in its sentence, else the previous sentence's subject, else the previous
speaker, else the nearest compatible party; "he" and "she" skip people whose
gender the article shows otherwise (:mod:`.gender`); a definite description
("the 21-year-old said") is the previous sentence's subject or speaker.
"""

from __future__ import annotations

from typing import Any, Optional

from ..text.names import find_party, normalise
from .candidate import Candidate
from .gender import KIN, PRONOUNS, genders
from .groups import ROLE_NOUNS, unnamed
from .parties import name_tokens
from .places import country_name

MAX_NEARBY = 8
_OWNERS = {"his": "he", "her": "she", "their": "they", "its": "it"}
_PERSONAL = {"he": "person", "she": "person", "him": "person", "her": "person",
             "they": "group", "it": "group", "we": "group"}


# What a body does to a text it is the author of: "a resolution passed by the Parliament".
_AUTHORING = {"pass", "issue", "write", "sign", "publish", "adopt", "release", "send", "draft", "submit", "file"}
# Entity labels of a name that a subject phrase may end in or stand beside.
_NAMES = {"PERSON", "ORG", "NORP"}
# Person nouns beyond ROLE_NOUNS that a definite description may be headed by ("the man said").
_PEOPLE = {"man", "woman", "boy", "girl", "couple", "pair", "suspect", "accused", "fugitive", "refugee",
           "individual", "citizen", "national"}
# Nouns for what someone said or wrote: "his responses described …" is he who responded.
_UTTERANCES = {"response", "remark", "comment", "statement", "word", "answer", "testimony", "letter", "message",
               "tweet", "post", "speech", "reply", "email", "note", "interview"}
# Nouns for a body of people, which no one person named before is: "the family said".
_SEVERAL = {"family", "people", "relatives", "crowd"}
# Words for someone the story keeps unnamed: "the source" is never someone it named before.
_ANONYMOUS = {"source", "insider"}


def _describes_a_person(subject: Any) -> bool:
    """A definite description of a person: "the 21-year-old", "the Chechen", "the teenager"."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children) \
            or subject.lemma_.lower() in _SEVERAL | _ANONYMOUS:
        return False
    return (subject.ent_type_ in {"PERSON", "NORP"} or subject.lemma_.lower() in ROLE_NOUNS | _PEOPLE
            or any(t.lower_ == "old" and t.ent_type_ == "DATE" for t in subject.subtree))


class Speakers:
    """Attributes speech in one parsed article to its party candidates."""

    def __init__(self, doc: Any, parties: list[Candidate]):
        self.doc, self.parties = doc, parties
        # character offset -> party index, for every mention
        self.spans = sorted((m.start, m.end, i) for i, p in enumerate(parties) for m in p.mentions)
        self.genders = genders(doc, parties)

    def party_at(self, start: int, end: int) -> Optional[int]:
        for s, e, i in self.spans:
            if s <= start < e or start <= s < end:
                return i
        return None

    def _mentions_before(self, offset: int, window: int = 1200) -> list[int]:
        """Party indices named before ``offset`` (nearest first), within ``window`` characters."""
        seen: list[int] = []
        for s, _, i in sorted(self.spans, key=lambda x: -x[0]):
            if offset - window <= s < offset and i not in seen:
                seen.append(i)
        return seen

    def _compatible(self, index: int, pronoun: str) -> bool:
        party = self.parties[index]
        if party.label == "GPE" and (pronoun == "they" or country_name(party.name) is None):
            return False  # a country is "it"; a city or a region is where things happen, not who speaks
        kind = party.kind
        wanted = _PERSONAL.get(pronoun, "person")
        several = pronoun in {"they", "we"} and party.label == "NOUN" and normalise(party.name).split()[-1] != party.head
        if (kind == "person") != (wanted == "person") and not several:
            return False  # "they" are a body or a group of people ("the parents"), not one named person
        gender = self.genders[index]
        return gender is None or pronoun not in PRONOUNS or PRONOUNS[pronoun] == gender

    def resolve(self, subject: Any, previous: Optional[int]) -> Optional[int]:
        """The party a verb's subject token names (a name, a role noun, a pronoun)."""
        found = self._named(subject)
        if found is not None:
            return found
        if subject.pos_ == "PRON":
            return self._personal(subject, subject.lower_, previous) if subject.lower_ in _PERSONAL else None
        cand = unnamed(subject)
        # a name the tagger took for a common noun or a verb at a sentence's start ("Rathbun requested …")
        if subject.pos_ == "PROPN" or cand is None and subject.pos_ != "PRON" and subject.is_title:
            words = [t.text for t in name_tokens(subject)]
            found = find_party(" ".join(words), [p.names for p in self.parties])
            if found is not None:
                return found
        if cand is not None:
            for i, party in enumerate(self.parties):
                if any(m.start <= cand.mentions[0].start < m.end for m in party.mentions):
                    return i
        owned = self._possessed(subject, previous)
        if owned is not None:
            return owned
        author = next((c for c in subject.children if c.dep_ == "poss"), None)
        if author is not None and subject.lemma_.lower() in _UTTERANCES:
            return self._personal(author, _OWNERS[author.lower_], previous) if author.lower_ in _OWNERS \
                else self.resolve(author, previous)
        if cand is None and _describes_a_person(subject):
            if subject.lemma_.lower() in KIN:
                # "the mother" is a relative of whoever the story is about, so salience cannot say who
                # she is: only the one person the article introduced so ("his wife Lena Berg") is
                titled = [i for i, p in enumerate(self.parties) if p.kind == "person" and self._called(p, subject.lower_)]
                return titled[0] if len(titled) == 1 else None
            # a description of someone named before: "the 21-year-old ethnic Chechen said"
            before = self._previous_subject(subject, "one")
            if before is None and previous is not None and self._compatible(previous, "one"):
                before = previous
            return before
        return None

    def _possessed(self, subject: Any, previous: Optional[int]) -> Optional[int]:
        """The group a pronoun's owner has, named elsewhere with the owner's name: "his lawyers"
        is "Khadr's lawyers" when "his" is Khadr."""
        owner = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in _OWNERS), None)
        if owner is None or subject.lemma_.lower() not in ROLE_NOUNS:
            return None
        who = self._personal(owner, _OWNERS[owner.lower_], previous)
        if who is None:
            return None
        forms = [normalise(f) + " " for f in self.parties[who].names]
        return next((i for i, p in enumerate(self.parties) if p.label == "NOUN" and p.head == subject.lemma_.lower()
                     and any(normalise(p.name).startswith(f) for f in forms)), None)

    def _called(self, party: Candidate, noun: str) -> bool:
        """Whether the article names a person with this noun: in their title, or just before a
        mention ("his wife Lena Berg")."""
        before = (self.doc.text[:m.start].split()[-1:] for m in party.mentions)
        return noun in (party.title or "").lower().split() or any(w and w[0].lower() == noun for w in before)

    def _personal(self, token: Any, word: str, previous: Optional[int]) -> Optional[int]:
        """Who a personal pronoun refers to."""
        here = self._cataphor(token, word)
        if here is None:
            here = self._earlier_in_sentence(token, word)
        if here is not None:
            return here  # "Thomas' sister pleaded with him, but he replied"
        before = self._previous_subject(token, word)
        if before is not None:
            return before  # the last sentence's subject is what its next one talks about
        if previous is not None and self._compatible(previous, word):
            return previous
        return next((i for i in self._mentions_before(token.idx) if self._compatible(i, word)), None)

    def also(self, subject: Any, first: Optional[int]) -> list[int]:
        """Further speakers conjoined with the subject ("Crown lawyers Sullivan and Piafsky")."""
        heads = [subject, *(t for t in subject.subtree if t.ent_type_ == "PERSON" and t.dep_ == "appos")]
        found = [self.party_at(c.idx, c.idx + len(c.text)) for h in heads for c in h.conjuncts
                 if c.pos_ in {"PROPN", "NOUN"}]
        return list(dict.fromkeys(i for i in found if i is not None and i != first))

    def _named(self, token: Any) -> Optional[int]:
        """The party a token's phrase names, or whose mention the token is."""
        found = self._named_in(token)
        return found if found is not None else self.party_at(token.idx, token.idx + len(token.text))

    def _named_in(self, subject: Any) -> Optional[int]:
        """The person or body a common-noun subject names in apposition or at the end of its phrase:
        "the Crown prosecutor, Mark Tedeschi"; "Halappanavar's father Andanappa Yalagi"; "national
        newspaper The People's Daily"."""
        if subject.pos_ not in {"NOUN", "PROPN"} or subject.ent_type_:
            return None
        words = [t for t in subject.subtree if not (t.is_punct or t.is_space)]
        named = [t for t in subject.children if t.dep_ == "appos" and t.ent_type_ in _NAMES]
        if words and words[-1].ent_type_ in _NAMES and words[-1] != subject:
            first = next(t for t in reversed(words) if t.ent_iob_ == "B")  # where the last name starts
            before = self.doc[first.i - 1] if first.i else None
            authored = before is not None and before.lower_ == "by" and before.head.lemma_.lower() in _AUTHORING
            if before is None or authored or before.pos_ not in {"ADP", "CCONJ"} and before.lower_ != "&":
                # "a resolution passed by the European Parliament"; not "a friend of John Smith",
                # "a letter seen by Sky News"
                named.append(words[-1])
        return next((i for t in named if (i := self.party_at(t.idx, t.idx + len(t.text))) is not None), None)

    def _earlier_in_sentence(self, pronoun: Any, word: str) -> Optional[int]:
        """A compatible party that is a clause's subject, or its possessor, earlier in a personal
        pronoun's sentence ("Keller's sister begged him, but he replied"); for "it" and "they", the
        nearest such ("The Iranian government maintains that it has only detained …")."""
        if word not in PRONOUNS and word not in {"it", "they"}:
            return None
        start = pronoun.sent.start_char
        for s, e, i in self.spans if word in PRONOUNS else reversed(self.spans):
            span = self.doc.char_span(s, e, alignment_mode="expand") if start <= s < pronoun.idx else None
            if span is None or not self._compatible(i, word):
                continue
            root = span.root
            if root.dep_ in {"nsubj", "nsubjpass"} and root.head == pronoun.head and pronoun.dep_ not in {"nsubj", "nsubjpass"}:
                continue  # an object pronoun is never its own verb's subject: "a judge sentenced him"
            if root.dep_ in {"nsubj", "nsubjpass"} or root.dep_ == "poss" and root.head.dep_ in {"nsubj", "nsubjpass"}:
                return i
        return None

    def _cataphor(self, pronoun: Any, word: str) -> Optional[int]:
        """The main clause's subject, for a pronoun in a subordinate clause put before it:
        "Moments before a judge sentenced him, Tsarnaev apologised"."""
        root = pronoun.sent.root
        clause = next((c for c in root.children if c.i < root.i and any(m.dep_ == "mark" for m in c.children)
                       and any(t == pronoun for t in c.subtree)), None)
        subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if clause is None or subject is None or subject.i < clause.i or subject.pos_ == "PRON" or word not in PRONOUNS:
            return None
        found = self._named(subject)
        return found if found is not None and self._compatible(found, word) else None

    def _previous_subject(self, token: Any, word: str) -> Optional[int]:
        """The compatible party that is the subject of the main clause of the sentence before
        ``token``'s, through a chain of such subjects that are pronouns ("She looked …")."""
        start = token.sent.start
        for _ in range(3):
            if start == 0:
                return None
            sent = self.doc[start - 1].sent
            subject = next((c for c in sent.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is None:
                return None
            if subject.pos_ != "PRON":
                found = self.resolve(subject, None)
                return found if found is not None and self._compatible(found, word) else None
            if subject.lower_ != word and word in PRONOUNS:
                return None
            start = sent.start
        return None

    def nearby(self, offset: int) -> list[int]:
        return self._mentions_before(offset, window=2000)[:MAX_NEARBY]
