"""Where the central event happened: the place options and the country they lie in.

The options are the article's place names (spaCy's GPE, LOC and FAC
entities), those of the story's opening first, and a dateline ("BOSTON —")
before all. A name the article also uses for a person or an organisation
("Scientology", "Khadr") is no place, whatever the entity tagger says. Of a
"City, Region" pair the article writes, the pair is one option ("Irving,
Texas"). The country is the place itself when it is a country, else one the
article pairs with it ("Sydney, Australia"), else the first country among
the options (so the opening's first).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterable, Optional

import pycountry

from ..schema import Span
from ..text.nlp import DATELINE
from .events import opening

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# English short forms that ISO 3166 does not list as names.
ALIASES = {
    "uk": "United Kingdom", "u.k": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "england": "United Kingdom", "scotland": "United Kingdom",
    "wales": "United Kingdom", "northern ireland": "United Kingdom",
    "us": "United States", "u.s": "United States", "usa": "United States", "u.s.a": "United States",
    "america": "United States", "united states of america": "United States",
    "turkey": "Turkey", "russia": "Russia", "burma": "Myanmar", "ivory coast": "Côte d'Ivoire",
    "cape verde": "Cabo Verde", "holland": "Netherlands", "south korea": "South Korea",
    "north korea": "North Korea", "vietnam": "Vietnam", "laos": "Laos", "syria": "Syria",
}


@functools.lru_cache(maxsize=1024)  # asked for every pronoun's candidate referents (speakers._compatible)
def country_name(name: str) -> Optional[str]:
    """The country ``name`` names, in English, or ``None`` when it names none."""
    key = name.lower().strip().rstrip(".").removeprefix("the ")
    if key in ALIASES:
        return ALIASES[key]
    try:
        country = pycountry.countries.lookup(key)
    except LookupError:
        return None
    return getattr(country, "common_name", None) or country.name


def _name(ent: Any) -> str:
    return ent.text.removeprefix("the ").strip()


def _with_region(doc: Any, ent: Any) -> str:
    """``ent``'s name, with the region the article writes after a comma ("Irving, Texas")."""
    after = doc[ent.end:ent.end + 1]
    nxt = next((e for e in doc.ents if e.start == ent.end + 1 and e.label_ == "GPE"), None)
    if after.text == "," and nxt is not None and country_name(_name(ent)) is None:
        return f"{_name(ent)}, {_name(nxt)}"
    return _name(ent)


def dateline(text: str, lead: list[Span]) -> Optional[str]:
    """The place of a "BOSTON —" dateline at the start of the lede, title-cased."""
    if not lead:
        return None
    m = DATELINE.match(text, text.rfind("\n", 0, lead[0].start) + 1)  # the lede's line, dateline included
    return m.group(1).strip().title() if m else None


def place_options(doc: Any, sentences: list[Span], lead: list[Span], not_places: Iterable[str],
                  limit: int) -> list[str]:
    """The article's places, most likely the event's first."""
    skip = {n.lower() for n in not_places}
    first = dateline(doc.text, lead)
    in_opening: list[str] = []
    for _, part in opening(doc.text, sentences, lead):
        chunk = doc.char_span(part.start, part.end, alignment_mode="expand")
        in_opening.extend(_with_region(doc, e) for e in getattr(chunk, "ents", ()) if e.label_ in PLACE_LABELS)
    counts: dict[str, int] = {}
    for name in (_with_region(doc, e) for e in doc.ents if e.label_ in PLACE_LABELS):
        counts[name] = counts.get(name, 0) + 1
    ranked = ([first] if first else []) + in_opening + sorted(counts, key=lambda n: -counts[n])
    keep = [n for n in dict.fromkeys(ranked) if n[:1].isupper() and n.split(",")[0].lower() not in skip]
    return keep[:limit]


def country_of(place: str, options: list[str], text: str) -> Optional[str]:
    """The country ``place`` lies in, as the article places it; see the module's note."""
    own = country_name(place)
    if own:
        return own
    region = place.split(", ", 1)[1] if ", " in place else None
    if region and country_name(region):
        return country_name(region)
    paired = re.search(re.escape(place) + r",\s+([A-Z][\w.]*(?: [A-Z][\w.]*)*)", text)
    if paired and country_name(paired.group(1)):
        return country_name(paired.group(1))
    return next(filter(None, map(country_name, options)), None)
