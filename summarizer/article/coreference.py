"""Which candidates name one party: merging the forms of a name, and linking role nouns and voices.

A surname and the full name, a first name and the full name, a title and the
name, an acronym and its expansion, one name under two entity labels are one
party; "the spokesman" is the one person with that title, "the embassy" the
one body whose name ends so, "Scientology officials" the body they speak for.
A short form that fits several parties joins none of them.
"""

from __future__ import annotations

import re
from typing import Optional

from ..text.demonyms import country_of
from ..text.names import normalise, same_entity
from .candidate import DETERMINERS, Candidate, kind_of


def _same(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates name one party: the same name under any label (spaCy may call a
    person a place), else, for named ones of compatible labels, one name a form of the other."""
    if any(normalise(x) == normalise(y) for x in a.names for y in b.names):
        return True
    if "NOUN" in {a.label, b.label} or ({a.label, b.label} & {"GPE", "NORP"} and a.label != b.label):
        return False  # "Canada" is not "Trace Canada"
    if {a.kind, b.kind} == {"person", "government"}:
        return False
    return any(same_entity(x, y) for x in a.names for y in b.names) or _first_name(a, b) or _first_name(b, a)


def _first_name(short: Candidate, person: Candidate) -> bool:
    """A one-word name that is the first name of a person named in full ("Daniel" / "Daniel Montalvo")."""
    words = person.name.split()
    return person.label == "PERSON" and len(words) >= 2 and short.label != "NOUN" \
        and len(short.name.split()) == 1 and short.name == words[0]


def _absorb(into: Candidate, other: Candidate) -> None:
    if len(other.name) > len(into.name) and other.label == into.label and into.label != "GPE":
        into.add_form(into.name)
        into.name = other.name
        into.aliases = [a for a in into.aliases if a != into.name]
    for form in other.names:
        into.add_form(form)
    into.mentions += other.mentions
    into.title = into.title or other.title
    if other.label == "PERSON" and into.label != "PERSON":  # spaCy calls "Serey" an ORG beside "Sam Serey"
        into.label, into.kind = "PERSON", kind_of(into.name, "PERSON")


def merge(cands: list[Candidate]) -> list[Candidate]:
    """Merge candidates that name one party; named ones lead, the fullest name first.

    A short form that fits several parties ("Turpin" beside "David Turpin" and
    "Louise Turpin") is left out: it cannot say which one is meant.
    """
    merged: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (c.label == "NOUN", -len(c.name.split()), c.first)):
        homes = [m for m in merged if _same(m, cand)]
        if not homes:
            merged.append(cand)
        else:
            exact = [h for h in homes if any(normalise(cand.name) == normalise(n) for n in h.names)]
            if exact or len(homes) == 1:
                _absorb((exact or homes)[0], cand)
    linked = _link_role_nouns(merged)
    merged = [m for m in merged if not any(m is c for c in linked)]
    for m in merged:
        m.mentions.sort(key=lambda s: s.start)
        m.aliases = [a for a in dict.fromkeys(m.aliases) if normalise(a) != normalise(m.name)]
    return sorted(merged, key=lambda c: c.first)


# Last words of a body's name after the word that says what it is: "Irving Police Department".
_ENDINGS = frozenset({"department", "service", "force", "office", "agency", "ministry", "directorate", "bureau"})


def _title_head(title: str) -> str:
    """The noun a title is headed by: "spokesman" in "Interior Ministry spokesman", "director" in
    "deputy director of Human Rights Watch", "son" (not "family") in "the Canadian family's oldest son"."""
    words = re.split(r"\b(?:of|for|at|with|to|in)\b|,", title)[0].split()
    return normalise(words[-1]) if words else ""


def _heads(body: Candidate, head: str) -> bool:
    """Whether ``head`` says what a named body is: its last word before any "of", or the word
    before a generic ending ("police" in "the Irving Police Department", not in "the Fraternal
    Order of Police", whose head is "order")."""
    words = normalise(body.name).split()
    words = words[:words.index("of")] if "of" in words else words
    return words[-1:] == [head] or len(words) > 2 and words[-2] == head and words[-1] in _ENDINGS


# The one who presides over a hearing: a story has one, however it first calls them.
_PRESIDING = frozenset({"judge", "magistrate", "justice"})


def _link_role_nouns(parties: list[Candidate]) -> list[Candidate]:
    """An unnamed party whose head noun is the title of exactly one named person,
    or a word after the first of exactly one named body's name, is that party ("the spokesman" is
    "Interior Ministry spokesman Khieu Sopheak"; "the embassy" is "the Danish Embassy"; "police"
    is "the Irving Police Department", but "the team" is not "Team Estonia"). Returns the
    unnamed candidates so linked, whose mentions now belong to the named party."""
    linked = []
    for cand in parties:
        body = _body_of(cand, parties) or _shortened(cand, parties)
        if body is not None:
            body.mentions += cand.mentions
            body.add_form(cand.name)
            linked.append(cand)
            continue
        if cand.label != "NOUN" or len(cand.name.split()) > 2:
            continue
        head = cand.head
        people = [p for p in parties if p.label == "PERSON" and p.title and _title_head(p.title) == head]
        bodies = [p for p in parties if p.label in {"ORG", "FAC"} and _heads(p, head)]
        # a person's title must come first ("the spokesman" after naming him: another spokesman may
        # be named later), except the one who presides, whom a lede calls "a federal judge" before
        # the story names "U.S. District Judge George O'Toole Jr."; a body's name may come later: a
        # lede says "police" and the story names "the Irving Police Department" after
        forward = head in _PRESIDING
        target = [people[0]] if len(people) == 1 and (forward or people[0].first < cand.first) \
            else bodies if len(bodies) == 1 else []
        if target:
            target[0].mentions += cand.mentions
            linked.append(cand)
    return linked


# People who speak and act for the body their name is modified by ("Scientology
# officials", "U.S. officials"). A spokesperson is not among them: the guidelines make an
# unnamed spokeswoman a party of her own, whose words are not the embassy's.
_VOICES = frozenset({"official", "representative", "leader", "executive", "management", "leadership", "authority"})


def _body_of(cand: Candidate, parties: list[Candidate]) -> Optional[Candidate]:
    """The named body an unnamed voice speaks for: its modifier is the body's name or a demonym of it."""
    if cand.label != "NOUN" or cand.head not in _VOICES:
        return None
    words = [w for w in cand.name.split() if w.lower() not in DETERMINERS]
    modifier = " ".join(w for w in words[:-1] if w[:1].isupper())
    if not modifier:
        return None
    named = [p for p in parties if p.label != "NOUN" and p.label != "PERSON"]
    exact = [p for p in named if any(normalise(modifier) == normalise(n) for n in p.names)]
    if len(exact) == 1:
        return exact[0]
    state = country_of(modifier, [p.name for p in named if p.label == "GPE"])
    return next((p for p in named if p.name == state), None) if state else None


def _shortened(cand: Candidate, parties: list[Candidate]) -> Optional[Candidate]:
    """The one fuller description an unnamed party of two or more words shortens: "their highest
    court" is "the Netherlands' highest court" when the article describes no other highest court."""
    words = [w for w in normalise(cand.name).split() if w not in DETERMINERS]
    if cand.label != "NOUN" or len(words) < 2:
        return None
    fuller = [p for p in parties if p is not cand and p.label == "NOUN"
              and (longer := normalise(p.name).split())[-len(words):] == words and len(longer) > len(words)]
    return fuller[0] if len(fuller) == 1 else None


def without_families(parties: list[Candidate]) -> list[Candidate]:
    """Without a plural surname ("the Turpins") whose members the article names one by one."""
    surnames = {normalise(p.name).split()[-1] for p in parties if p.label == "PERSON" and len(p.name.split()) >= 2}
    return [p for p in parties
            if not (len(p.name.split()) == 1 and p.name.endswith("s") and normalise(p.name[:-1]) in surnames)]
