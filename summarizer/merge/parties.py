"""Who is who across reports, and what each party claims and says.

Each report's summary names its own parties; code resolves them across
reports (the same name, a full-name match, a surname, the state under any of
its names), strongest links first, never joining two parties of one report.
Claims of one type about one subject then line up into a status history, and
reactions group by speaker.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Optional

from rapidfuzz import fuzz

from .dossier import Mention, MergedClaim, MergedParty, ReportReaction, SpeakerReactions, StatusStep
from .mentions import FILLER, find_in_text
from ..text.names import core_tokens, find_root, normalise, same_entity, union_groups
from ..schema import ROLE_SPECIFICITY, Party, Span
from .report import Report



def _names(party: Party) -> list[str]:
    return [party.name, *party.aliases]


def _strength(a: Party, b: Party) -> int:
    """How surely two parties of different reports are one: 3 same name, 2 full-name match, 1 surname only."""
    if (a.kind == "person") != (b.kind == "person") or _pronoun(a) or _pronoun(b):
        return 0  # "He" in one report and "he" in another are anyone
    if any(normalise(x) and normalise(x) == normalise(y) for x in _names(a) for y in _names(b)):
        return 3
    if a.country and b.country and _country(a.country) != _country(b.country):
        return 0  # "Thai Ministry of Foreign Affairs" is not Cambodia's "Ministry of Foreign Affairs"
    if _same_state(_state_key(a), _state_key(b)):
        return 2  # "Cambodia" and "the Cambodian authorities": the state, however a report names it
    if any(_same_words(x, y) for x in _names(a) for y in _names(b)):
        return 2  # "Ministry of Interior" and "Interior Ministry"
    best = 0
    for x in _names(a):
        for y in _names(b):
            shortest = min(len(core_tokens(x)), len(core_tokens(y)))
            if same_entity(x, y):
                best = max(best, 2 if shortest >= 2 else 1)
            elif shortest >= 2 and fuzz.ratio(normalise(x), normalise(y)) >= 92:
                best = max(best, 1)  # "Dzokhar Tsarnaev" / "Dzhokhar Tsarnaev": a misspelling
    return best


def _same_words(x: str, y: str) -> bool:
    """The same words in another order, "of" and "the" aside (two words or more)."""
    wx, wy = (sorted(t for t in normalise(n).split() if t not in FILLER) for n in (x, y))
    return len(wx) >= 2 and wx == wy


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "his", "hers", "their"}


def _pronoun(party: Party) -> bool:
    return normalise(party.name) in _PRONOUNS


_COUNTRY_NAMES = {"us": "united states", "u s": "united states", "usa": "united states", "u s a": "united states",
                  "america": "united states", "united states of america": "united states",
                  "uk": "united kingdom", "u k": "united kingdom", "britain": "united kingdom",
                  "great britain": "united kingdom"}


def _country(name: str) -> str:
    key = normalise(name).removeprefix("the ")
    return _COUNTRY_NAMES.get(key, key)


_STATE_WORDS = ("government", "authorities", "authority", "officials", "state")


def _the_state(party: Party) -> bool:
    """A government party named as its country or as its government in general, not a named body."""
    if party.kind != "government" or not party.country:
        return False
    country = _country(party.country)
    return any(_country(n) == country or normalise(n).endswith(_STATE_WORDS) and len(normalise(n).split()) <= 3
               for n in _names(party))


def _state_key(party: Party) -> Optional[str]:
    """The country a government party named as the state stands for, else ``None``.

    From ``country`` when the summary has one; otherwise (summaries from the
    focused passes carry no party country) from the name itself: "Cambodia" ->
    "cambodia", "the Cambodian authorities" -> "cambodian" (see :func:`_same_state`).
    """
    if party.kind != "government":
        return None
    if party.country:
        return _country(party.country) if _the_state(party) else None
    for name in _names(party):
        words = normalise(name).removeprefix("the ").split()
        if words and words[-1] in _STATE_WORDS:
            words = words[:-1]
        if 0 < len(words) <= 2:
            return _country(" ".join(words))
    return None


# What a demonym adds to its country's name: Cambodia-n, Iran-ian, Sudan-ese, Iraq-i, Thai-land.
_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "land")


def _same_state(a: Optional[str], b: Optional[str]) -> bool:
    """Whether two state keys name one country, as itself or by its demonym.

    Demonyms that do not extend the country's name ("French", "British") are not
    recognised: such states stay apart unless named alike.
    """
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return a == b or len(short) >= 4 and long_.startswith(short) and long_[len(short):] in _DEMONYM_ENDINGS


def merge_parties(items: list[Report]) -> tuple[list[MergedParty], dict[tuple[str, str], str]]:
    """Resolve parties across reports: strongest links first, never joining two parties of one report."""
    nodes = [(r, p) for r in items for p in r.summary.parties]
    parent = list(range(len(nodes)))
    reports_in = [{r.id} for r, _ in nodes]
    links = []
    for i, (ri, pi) in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            rj, pj = nodes[j]
            if ri.id != rj.id and (strength := _strength(pi, pj)):
                links.append((-strength, i, j))
    for _, i, j in sorted(links):
        a, b = find_root(parent, i), find_root(parent, j)
        # Each report's own summary already merged its aliases: two of its parties are two parties.
        if a != b and not reports_in[a] & reports_in[b]:
            parent[b] = a
            reports_in[a] |= reports_in[b]
    merged, party_of = [], {}
    for number, members in enumerate(union_groups(parent), start=1):
        group = [nodes[i] for i in members]
        pid = f"P{number}"
        merged.append(_merged_party(pid, group))
        party_of.update({(r.id, p.id): pid for r, p in group})
    find_in_text(merged, items)
    return merged, party_of


def _merged_party(pid: str, group: list[tuple[Report, Party]]) -> MergedParty:
    parties = [p for _, p in group]
    counts = Counter(normalise(p.name) for p in parties)
    limit = 3 if parties[0].kind == "person" else 6

    def rank(item: tuple[int, Party]) -> tuple:
        index, party = item
        tokens = len(core_tokens(party.name))
        return (-counts[normalise(party.name)], tokens > limit, -tokens, index)

    head = min(enumerate(parties), key=rank)[1]
    aliases, seen = [], {normalise(head.name)}
    for name in (n for p in parties for n in _names(p)):
        if normalise(name) not in seen:
            seen.add(normalise(name))
            aliases.append(name)
    kinds = Counter(p.kind for p in parties)
    return MergedParty(
        id=pid, name=head.name, aliases=aliases,
        kind=max(kinds, key=lambda k: (kinds[k], -[p.kind for p in parties].index(k))),
        role=min((p.role for p in parties), key=ROLE_SPECIFICITY.index),
        title=next((p.title for p in parties if p.title), None),
        affiliation=next((p.affiliation for p in parties if p.affiliation), None),
        country=next((p.country for p in parties if p.country), None),
        reports=list(dict.fromkeys(r.id for r, _ in group)),
        mentions=[Mention(report=r.id, party=p.id, name=p.name, aliases=p.aliases) for r, p in group],
    )


# --- claims and reactions ------------------------------------------------------------------------------

def merge_claims(items, party_of) -> list[MergedClaim]:
    """Claims of one type about one subject (or, without a subject, from one claimant) form one history."""
    groups: dict[tuple, list[tuple[Report, Any]]] = {}
    for report in items:
        for claim in report.summary.legal_claims:
            subject = party_of.get((report.id, claim.subject)) if claim.subject else None
            claimant = party_of.get((report.id, claim.claimant)) if claim.claimant else None
            key = (claim.type, subject) if subject else (claim.type, None, claimant)
            groups.setdefault(key, []).append((report, claim, claimant))
    merged = []
    for number, (key, entries) in enumerate(groups.items(), start=1):
        history = [StatusStep(
            report=r.id, status=c.status, description=c.description,
            evidence=[r.verified(e) or Span(text=e.text, match="not_found") for e in c.evidence],
        ) for r, c, _ in entries]
        claimants = Counter(cl for _, _, cl in entries if cl)
        merged.append(MergedClaim(
            id=f"C{number}", type=key[0], subject=key[1],
            claimant=claimants.most_common(1)[0][0] if claimants else None,
            description=entries[-1][1].description, status=history[-1].status, history=history,
            reports=list(dict.fromkeys(s.report for s in history)),
        ))
    return merged


def merge_reactions(items, parties, party_of) -> list[SpeakerReactions]:
    by_speaker: dict[str, list[ReportReaction]] = {}
    for report in items:
        for r in report.summary.reactions:
            speaker = party_of[(report.id, r.speaker)]
            quote = report.verified(r.quote) or (Span(text=r.quote.text, match="not_found") if r.quote else None)
            by_speaker.setdefault(speaker, []).append(ReportReaction(
                report=report.id, stance=r.stance, target=r.target, quote=quote,
                paraphrase=r.paraphrase, channel=r.channel,
            ))
    return [SpeakerReactions(speaker=p.id, name=p.name, reactions=by_speaker[p.id])
            for p in parties if p.id in by_speaker]
