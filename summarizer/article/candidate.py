"""A party as code finds it, before its forms are merged, and the kind its name says it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..schema import PartyKind, Span
from ..text.names import BODY_ENDINGS

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their"}
_KIND_WORDS: list[tuple[PartyKind, re.Pattern]] = [
    ("court", re.compile(r"\b(court|tribunal|judiciary)\b", re.I)),
    ("government", re.compile(r"\b(ministry|government|police|embassy|department|agency|authorit\w*|"
                              r"prosecutor\w*|parliament|senate|congress|council|commission|army|military|"
                              r"office|administration|bureau|service|state|navy|consulate|force|"
                              # agencies whose names carry none of those words
                              r"fbi|cia|nsa|dea|atf|interpol|europol|scotland yard|gendarmerie|carabinieri|"
                              r"coast guard|border patrol|customs)\b", re.I)),
    ("ngo", re.compile(r"\b(watch|amnesty|rights|foundation|charity|red cross|unicef|unhcr|ngo)\b", re.I)),
    ("media", re.compile(r"\b(news|times|post|tribune|herald|journal|radio|tv|television|gazette|"
                         r"broadcast\w*|magazine|newspaper|daily|weekly|press)\b", re.I)),
    ("political_group", re.compile(r"\b(party|front|movement|coalition|alliance)\b", re.I)),
    ("armed_group", re.compile(r"\b(militia|brigades?|rebels?|taliban|qaeda|insurgents?)\b", re.I)),
]


@dataclass
class Candidate:
    """One party as code found it: its forms, kind, title and where it is named."""

    name: str
    kind: PartyKind
    label: str  # the spaCy entity label, or "NOUN" for an unnamed source or group
    aliases: list[str] = field(default_factory=list)
    title: Optional[str] = None
    mentions: list[Span] = field(default_factory=list)
    head: str = ""  # the head noun's lemma, for an unnamed party

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions) if self.mentions else 0

    def add_form(self, form: str) -> None:
        if form and form != self.name and form not in self.aliases:
            self.aliases.append(form)


def kind_of(name: str, label: str) -> PartyKind:
    """The kind an entity label and name words decide: a PERSON is a person, a state a government."""
    if label == "PERSON" and name.split()[-1].lower() not in BODY_ENDINGS:
        return "person"
    if label in {"GPE", "NORP"}:
        return "government"
    for kind, pattern in _KIND_WORDS:
        if pattern.search(name):
            return kind
    return "person" if label == "NOUN" else "organisation"
