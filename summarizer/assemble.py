"""Turn the passes' judgements into a grounded ``ArticleSummary``.

Code does what code can: party ids, alias merging, reference resolution, date
resolution, and every span (quotes and evidence are the code-found candidates,
so they are verbatim by construction). The model only judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .dates import resolve
from .judgements import PartyItem
from .names import find_party, is_short_form, merge_groups
from .passes import Judgements, Plan
from .schema import ROLE_SPECIFICITY, ArticleSummary, Incident, LegalClaim, Location, Party, Reaction, RunInfo

_NOBODY = {"", "none", "unknown", "n/a", "nobody", "unnamed", "null"}
_ORGANISATION = re.compile(
    r"\b(ministry|government|authorit|police|court|embassy|department|office|agency|council|"
    r"commission|party|front|watch|union|association|nations|prosecutor|army|church|company)",
    re.IGNORECASE,
)


@dataclass
class _Named:
    """A party as the passes named it, before merging."""

    names: list[str]
    item: PartyItem


def _clean(name: Optional[str]) -> Optional[str]:
    if name is None or name.strip().lower() in _NOBODY:
        return None
    return name.strip()


def _mentioned(name: str, role: str) -> PartyItem:
    """A party named only as a speaker, claimant or subject: kind guessed from its name."""
    kind = "organisation" if _ORGANISATION.search(name) else "person"
    return PartyItem(name=name, kind=kind, role=role)


def _merge(named: list[_Named], hints: list[str]) -> list[Party]:
    groups = merge_groups([n.names for n in named])
    groups.sort(key=min)
    parties = []
    for number, group in enumerate(groups, start=1):
        members = [named[i].item for i in group]
        head = max(members, key=lambda m: len(m.name))  # the fullest name
        forms = [n for i in group for n in named[i].names]
        # Other names the article itself uses for the party ("Serey" for "Sam Serey").
        forms += [h for h in hints if is_short_form(h, head.name)]
        aliases = list(dict.fromkeys(f for f in forms if f != head.name))
        parties.append(Party(
            id=f"p{number}", name=head.name, aliases=aliases, kind=head.kind,
            role=min((m.role for m in members), key=ROLE_SPECIFICITY.index),
        ))
    return parties


def _party_id(name: Optional[str], parties: list[Party]) -> Optional[str]:
    if not name:
        return None
    index = find_party(name, [[p.name, *p.aliases] for p in parties])
    return parties[index].id if index is not None else None


def assemble(plan: Plan, found: Judgements, run: Optional[RunInfo] = None) -> ArticleSummary:
    """Build the final summary from the plan (candidates) and the judgements."""
    named = [_Named([p.name], p) for p in (found.parties.parties if found.parties else [])]
    # A proper name in the reporting clause ("Robertson said") beats the model's
    # name: a small model tends to name whoever it read last. The model's answer
    # stands where the clause has only a pronoun ("he said"), and when it says
    # nobody is speaking (a quoted document, a slogan).
    speakers = [(item.speaker_hint or speaker) if speaker else None
                for item, speaker in zip(plan.speech, (_clean(j.speaker) if j else None for j in found.speech))]
    claims = [j if j and j.type != "none" else None for j in found.claims]
    extra = [(s, "other") for s in speakers if s]
    extra += [(_clean(c.claimant), "requesting_authority") for c in claims if c]
    extra += [(_clean(c.subject), "subject") for c in claims if c]
    for name, role in extra:
        if name and find_party(name, [n.names for n in named]) is None:
            named.append(_Named([name], _mentioned(name, role)))
    parties = _merge(named, plan.names)

    reactions = []
    for item, speaker, judgement in zip(plan.speech, speakers, found.speech):
        speaker_id = _party_id(speaker, parties)
        if speaker_id is None:
            continue
        quoted = item.label == "quotation"
        reactions.append(Reaction(
            speaker=speaker_id, stance=judgement.stance, quote=item.span if quoted else None,
            paraphrase=None if quoted else item.span.text,
            channel="unknown",
        ))
    legal_claims = [
        LegalClaim(
            type=c.type, description=sentence.text, status=c.status,
            claimant=_party_id(_clean(c.claimant), parties), subject=_party_id(_clean(c.subject), parties),
            evidence=[sentence],
        )
        for sentence, c in zip(plan.claim_sentences, claims) if c
    ]
    overview = found.overview
    if overview is None:  # the pass failed: fall back to the article's own first lines
        lead = next((line.strip() for line in plan.article.splitlines() if len(line.split()) > 6), "")
        headline, summary, incident = lead[:150], lead, Incident(event_type="other", description=lead[:200])
    else:
        when = resolve(overview.date_text, plan.article_date)
        headline, summary = overview.headline, overview.summary
        incident = Incident(
            event_type=overview.event_type, description=overview.description,
            date=when.isoformat() if when else None, date_text=overview.date_text,
            location=Location(place=overview.place, country=overview.country),
        )
    return ArticleSummary(
        headline=headline, summary=summary, incident=incident, parties=parties,
        legal_claims=legal_claims, reactions=reactions, run=run,
    )
