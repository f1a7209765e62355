"""Demonyms and their states: "Cambodian government" is Cambodia when the article names Cambodia.

A demonym is linked to a country name the article itself uses: by a shared
stem ("Cambodian" / "Cambodia", "Iranian" / "Iran") or, for the forms that
share none, by this table of irregular English demonyms.
"""

from __future__ import annotations

from typing import Iterable, Optional

IRREGULAR = {
    "danish": "denmark", "dutch": "netherlands", "swiss": "switzerland", "french": "france",
    "british": "britain", "welsh": "wales", "irish": "ireland", "spanish": "spain", "swedish": "sweden",
    "finnish": "finland", "norwegian": "norway", "greek": "greece", "filipino": "philippines",
    "turkish": "turkey", "polish": "poland", "thai": "thailand", "lao": "laos", "burmese": "myanmar",
    "american": "united states", "us": "united states", "u.s.": "united states", "english": "england",
    "scottish": "scotland", "kiwi": "new zealand", "czech": "czech republic", "saudi": "saudi arabia",
    "emirati": "united arab emirates", "bangladeshi": "bangladesh", "argentine": "argentina",
    "afghan": "afghanistan", "kuwaiti": "kuwait", "iraqi": "iraq", "israeli": "israel",
    "pakistani": "pakistan", "yemeni": "yemen", "omani": "oman", "qatari": "qatar",
}
# Nouns that make a demonym name the state itself: "Thai authorities", "the Iranian government".
STATE_NOUNS = frozenset({
    "government", "authorities", "authority", "officials", "official", "state", "regime", "administration",
    "junta", "prosecutors", "prosecutor",
})
# Nouns that make a demonym name one of the state's bodies, which acts on its own and is a party of its
# own: "Turkish police", "the Indonesian navy", "a Chinese court".
STATE_BODY_NOUNS = frozenset({
    "police", "military", "army", "navy", "forces", "court", "courts", "judiciary", "ministry", "intelligence",
})


def country_of(demonym: str, countries: Iterable[str]) -> Optional[str]:
    """The country among ``countries`` (as the article writes them) that ``demonym`` belongs to."""
    word = demonym.lower().strip()
    target = IRREGULAR.get(word)
    for country in countries:
        low = country.lower()
        if target and (low == target or low.endswith(" " + target) or target.endswith(low)):
            return country
        stem = low[:-1] if low.endswith(("a", "y", "e", "o")) else low
        if len(stem) >= 4 and word.startswith(stem) and len(word) - len(stem) <= 4:
            return country
    return None
