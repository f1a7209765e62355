"""Party names: normalising them and deciding when two names are one party.

"Serey", "Sam Serey" and "Mr Serey" are one party; "KNLF" and "Khmer National
Liberation Front" are one party. The model names parties in free text; this
module maps those names onto the parties it listed, and merges duplicates.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable, Optional, Sequence

# Honorifics and titles that do not change who is meant.
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord",
    "president", "prime", "minister", "judge", "justice", "gov", "governor",
    "sen", "senator", "rep", "gen", "general", "col", "colonel", "capt", "captain",
    "officer", "detective", "sheriff", "chief", "king", "queen", "prince", "princess",
    "rev", "reverend", "father", "sheikh", "the", "former", "deputy", "spokesman",
    "spokeswoman", "spokesperson", "attorney", "lawyer", "mayor", "secretary",
    "ceo", "director", "premier", "ambassador", "archbishop",
}
# Letters after a name that say what honour or office its bearer holds, not who they are:
# "Mark Tedeschi, QC", "Jane Roe MP".
POSTNOMINALS = frozenset({"qc", "kc", "sc", "mp", "mep", "msp", "mla", "td", "obe", "cbe", "mbe", "kbe", "phd",
                          "md", "esq", "jr", "sr"})
# Last words no person's name ends with, however the tagger labelled it ("Deseret News").
BODY_ENDINGS = frozenset({"news", "magazine", "radio", "television", "tv", "gazette", "journal", "tribune",
                          "herald", "ministry", "court", "police", "party", "agency", "department", "university",
                          "council", "commission", "embassy", "office", "government", "press", "network",
                          "institute", "association", "union", "foundation", "committee"})
_STOP = {"of", "for", "and", "the", "de", "la", "du", "del", "von", "van", "al", "&"}


@functools.lru_cache(maxsize=4096)  # merging parties compares every pair of names: ~600 calls an article
def normalise(name: str) -> str:
    """Lower-case, strip accents, possessives and punctuation."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[’']s\b", "", text.lower())
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def core_tokens(name: str) -> list[str]:
    """The tokens of a name without honorifics and titles."""
    return [t for t in normalise(name).split() if t not in TITLES]


def acronym(name: str) -> str:
    """Initials of the significant words: 'Khmer National Liberation Front' -> 'knlf'."""
    return "".join(t[0] for t in normalise(name).split() if t not in _STOP)


def same_entity(a: str, b: str) -> bool:
    """Whether two names plausibly denote the same party.

    True for equal names after normalisation (titles aside), for a name that
    ends the other ("Serey" / "Mr Sam Serey") or, of two words or more, starts
    it, and for acronyms of the other name ("KNLF" / "Khmer National Liberation
    Front").
    """
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    ta, tb = core_tokens(a), core_tokens(b)
    if not ta or not tb:
        return False
    short, long_ = sorted((ta, tb), key=len)
    if len(short) < len(long_) and _contiguous_end(short, long_):
        return True
    if ta == tb:
        return True
    for x, y in ((a, b), (b, a)):
        compact = normalise(x).replace(" ", "")
        if len(compact) >= 2 and len(core_tokens(y)) >= 2 and compact == acronym(y):
            return True
    return False


def _contiguous_end(short: list[str], long_: list[str]) -> bool:
    """Whether ``short`` ends ``long_`` (a surname: "Serey" / "Sam Serey") or, when
    it has two words or more, starts it ("Human Rights Watch" / "Human Rights
    Watch Asia division"). A name in the middle of a longer one is a different
    party: "KNLF" is not "senior KNLF member"."""
    n = len(short)
    return long_[-n:] == short or (n > 1 and long_[:n] == short)


def is_short_form(short: str, name: str) -> bool:
    """Whether ``short`` is a shorter form of ``name`` the article may use as an alias."""
    ts, tn = core_tokens(short), core_tokens(name)
    if not ts or len(ts) >= len(tn):
        return False
    compact = normalise(short).replace(" ", "")
    return _contiguous_end(ts, tn) or (len(compact) >= 2 and compact == acronym(name))


def find_party(name: str, parties: Sequence[Iterable[str]]) -> Optional[int]:
    """Index of the party (given as its names) that ``name`` denotes, if any.

    Exact matches win over looser ones so that "Sam Serey" is not captured by
    a party called "Serey family" when "Sam Serey" is also listed.
    """
    target = normalise(name)
    for i, names in enumerate(parties):
        if any(normalise(n) == target for n in names):
            return i
    words = name.lower().split()
    for i, names in enumerate(parties):  # "Şahin" is Mehmet Ali Şahin before Ibrahim Sahin
        if any(n.lower().split()[-len(words):] == words for n in names):
            return i
    for i, names in enumerate(parties):
        if any(same_entity(name, n) for n in names):
            return i
    return None


def find_root(parent: list[int], i: int) -> int:
    """The representative of ``i`` in a union-find forest (``parent[i] == i`` at a root), halving paths."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def union_groups(parent: list[int]) -> list[list[int]]:
    """The members of each union-find set, each set in index order, the sets by their first member."""
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(find_root(parent, i), []).append(i)
    return list(groups.values())


def merge_groups(names: Sequence[Sequence[str]]) -> list[list[int]]:
    """Group indices of name lists that denote the same party (union-find)."""
    parent = list(range(len(names)))
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if any(same_entity(a, b) for a in names[i] for b in names[j]):
                parent[find_root(parent, j)] = find_root(parent, i)
    return union_groups(parent)
