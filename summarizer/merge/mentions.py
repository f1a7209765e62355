"""Finding a merged party's names in a report's text, where that report's summary missed the party.

A small model lists a party in one report and misses it in the next, though
both name it. Code then looks for the party's distinctive names in the text:
the name itself, a surname that no other party shares, an acronym spelled out
("KNLF" is "Khmer National Liberation Front"). The mention it adds carries the
span where the name was found.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .dossier import Mention, MergedParty
from ..text.names import TITLES, acronym, core_tokens, normalise
from ..schema import Span
from .report import Report

FILLER = {"of", "the", "for", "and"}
_FUNCTION_WORDS = {"when", "but", "and", "if", "as", "after", "before", "while", "then", "so", "now", "that"}
_GENERIC = {"police", "government", "officials", "authorities", "court", "army", "military", "ministry",
            "embassy", "prosecutors", "witnesses", "residents", "parliament", "congress", "state"}
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'-]*(?:\s+(?:(?:of|for|and|the)\s+)?[A-Z][\w'-]*){1,7}")


def find_in_text(merged: list[MergedParty], items: list[Report]) -> None:
    """Add the reports that name a party their summary left out, found by its names in the text.

    A small model lists a party in one report and misses it in the next, though
    both name it; the link between them is then found here, by code, with the
    passage as evidence. Only distinctive names are searched: capitalised, and a
    surname only when no other party shares it and no other first name precedes it.
    """
    tokens = Counter(t for p in merged for t in {t for n in (p.name, *p.aliases) for t in core_tokens(n)})
    order = {r.id: i for i, r in enumerate(items)}
    for party in merged:
        names, surnames = _search_names(party, tokens)
        for report in items:
            if report.id in party.reports or report.duplicate_of:
                continue
            found = _first_mention(party, names, surnames, report.text)
            if found:
                party.reports.append(report.id)
                party.mentions.append(Mention(report=report.id, party=None, name=found.text, span=found))
        party.reports.sort(key=order.get)


def _search_names(party: MergedParty, tokens: Counter) -> tuple[list[str], list[str]]:
    """The names worth searching for (longest first), and the surnames (persons only)."""
    every = [n for n in (party.name, *party.aliases) if _distinctive(n)]
    # "Ministry of Foreign Affairs" alone, cut from "Thai Ministry of Foreign Affairs", may be another country's
    names = sorted({n for n in every if not any(_within(n, other) for other in every)}, key=len, reverse=True)
    if party.kind != "person":
        return names, []
    surnames = {n.split()[-1] for n in names if len(core_tokens(n)) >= 2}
    return names, [s for s in surnames if len(s) >= 4 and tokens[normalise(s)] <= 1]


def _first_mention(party: MergedParty, names: list[str], surnames: list[str], text: str) -> Optional[Span]:
    for name in names:
        match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        if match:
            return Span(text=match.group(0), start=match.start(), end=match.end(), match="exact")
    if party.kind != "person":
        return _spelled_out(names, text)
    own = {t for n in (party.name, *party.aliases) for t in normalise(n).split()}
    for surname in surnames:
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            before = re.search(r"([A-Z][\w.]*)\s+$", text[max(0, match.start() - 30):match.start()])
            if before and normalise(before.group(1)) not in own | TITLES | _FUNCTION_WORDS:
                continue  # "Dzhokhar Tsarnaev" is not his brother "Tamerlan Tsarnaev"
            return Span(text=match.group(0), start=match.start(), end=match.end(), match="exact")
    return None


def _spelled_out(names: list[str], text: str) -> Optional[Span]:
    """An acronym's full name in the text: "KNLF" is "Khmer National Liberation Front" there."""
    short = {normalise(n).replace(" ", "") for n in names if n.isupper() and 2 <= len(n) <= 8}
    if not short:
        return None
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group(0).split()
        for start in range(len(words) - 1):  # "The Khmer National Liberation Front": drop leading words
            run = " ".join(words[start:])
            if normalise(words[start]) not in FILLER and acronym(run) in short:
                offset = match.start() + match.group(0).index(run)
                return Span(text=run, start=offset, end=offset + len(run), match="exact")
    return None


def _within(short: str, name: str) -> bool:
    """Whether ``short`` is ``name`` with words left out."""
    a, b = normalise(short).split(), normalise(name).split()
    return len(a) < len(b) and set(a) <= set(b)


def _distinctive(name: str) -> bool:
    """A name worth searching a text for: it has a capitalised word that is not a title ("Police" is not)."""
    words = [w for w in name.split() if w[:1].isupper() and normalise(w) not in TITLES]
    return bool(words) and (len(name.split()) > 1 or len(name) >= 3 and name.lower() not in _GENERIC)
