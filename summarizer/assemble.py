"""Turn the model's id-free draft into a grounded ``ArticleSummary``.

Code does what code can: party ids, alias merging, reference resolution,
quote and evidence grounding, date resolution. The model only judged.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from .dates import resolve
from .extraction import DraftParty, SummaryDraft
from .grounding import Grounder
from .names import find_party, merge_groups
from .schema import ArticleSummary, Incident, LegalClaim, Location, Party, Reaction, RunInfo

# When duplicates disagree, the more specific role wins.
_ROLE_RANK = ["subject", "requesting_authority", "decision_maker", "victim", "lawyer",
              "spokesperson", "advocate", "witness", "other"]


def merge_parties(drafts: list[DraftParty]) -> list[Party]:
    """Merge drafts that name one party ("Serey", "Sam Serey") and assign ids p1, p2 ..."""
    groups = merge_groups([[d.name, *d.aliases] for d in drafts])
    groups.sort(key=min)
    parties = []
    for number, group in enumerate(groups, start=1):
        members = [drafts[i] for i in group]
        # The longest name is usually the fullest ("Sam Serey" over "Serey").
        head = max(members, key=lambda d: len(d.name))
        names = [n for d in members for n in (d.name, *d.aliases)]
        aliases = list(dict.fromkeys(n.strip() for n in names if n.strip() and n.strip() != head.name))
        role = min((d.role for d in members), key=_ROLE_RANK.index)
        parties.append(Party(
            id=f"p{number}", name=head.name, aliases=aliases, kind=head.kind, role=role,
            title=next((d.title for d in members if d.title), None),
            affiliation=next((d.affiliation for d in members if d.affiliation), None),
            country=next((d.country for d in members if d.country), None),
        ))
    return parties


def _party_id(name: Optional[str], parties: list[Party]) -> Optional[str]:
    if not name:
        return None
    index = find_party(name, [[p.name, *p.aliases] for p in parties])
    return parties[index].id if index is not None else None


def assemble(
    draft: SummaryDraft, article: str, *, article_date: Optional[dt.date], run: Optional[RunInfo] = None
) -> ArticleSummary:
    """Build the final, grounded summary from a validated draft."""
    grounder = Grounder(article)
    parties = merge_parties(draft.parties)
    when = resolve(draft.incident.date_text, article_date)
    incident = Incident(
        event_type=draft.incident.event_type,
        description=draft.incident.description,
        date=when.isoformat() if when else None,
        date_text=draft.incident.date_text,
        location=Location(place=draft.incident.place, country=draft.incident.country),
    )
    claims = [
        LegalClaim(
            type=c.type, description=c.description, status=c.status,
            claimant=_party_id(c.claimant, parties), subject=_party_id(c.subject, parties),
            jurisdiction=c.jurisdiction, legal_basis=c.legal_basis,
            evidence=[grounder.ground(c.evidence)] if c.evidence.strip() else [],
        )
        for c in draft.legal_claims
    ]
    reactions = []
    for r in draft.reactions:
        speaker = _party_id(r.speaker, parties)
        if speaker is None:  # the draft validator makes this unreachable; be safe anyway
            continue
        quote = grounder.ground(r.quote) if r.quote and r.quote.strip() else None
        reactions.append(Reaction(
            speaker=speaker, stance=r.stance, target=r.target, quote=quote,
            paraphrase=r.paraphrase, channel=r.channel,
        ))
    return ArticleSummary(
        headline=draft.headline, summary=draft.summary, incident=incident, parties=parties,
        legal_claims=claims, reactions=reactions, run=run,
    )
