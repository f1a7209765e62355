"""The typed result of merging several reports of one incident: ``IncidentDossier``.

Every piece of evidence in a dossier names the report it comes from and is a
:class:`~summarizer.schema.Span` of *that* report's text, so a reader can check
each quoted passage where it was published. Merged parties get ids ``P1``,
``P2`` ...; reports are ``r1``, ``r2`` ... in chronological order.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..schema import Channel, ClaimStatus, ClaimType, Incident, PartyKind, PartyRole, Span, Stance, Usage

DOSSIER_VERSION = "4"

DifferenceKind = Literal["update", "contradiction", "only_in_one"]
ComparedOn = Literal["claim", "speaker", "number", "date", "responsibility", "topic", "only_in_one"]
Basis = Literal[
    "status_change", "status_answered", "count_update", "count_same_moment", "injured_released",
    "non_answer_then_statement", "date_conflict", "responsibility_conflict", "responsibility_answered",
    "terrorism_named", "claim_only_in_one", "count_only_in_one", "killing_only_in_one", "party_only_in_one",
    "responsibility_only_in_one", "model",
]
"""Why a difference was classed so: the structural rule that decided it (see
:data:`summarizer.merge.rules.RULES`), or ``model`` (the judge, with its probability)."""
DateSource = Literal["option", "dateline", "none"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportInfo(_Model):
    """One input report: where it came from and when it was published."""

    id: str = Field(description="'r1', 'r2' ... in chronological order.")
    label: str = Field(description="File name or caller-given label.")
    date: Optional[str] = Field(None, description="The report's own date, ISO 8601.")
    date_source: DateSource = "none"
    outlet: Optional[str] = None
    headline: str = ""
    duplicate_of: Optional[str] = Field(None, description="Id of an earlier report with the same text.")


class Evidence(_Model):
    """A passage of one report."""

    report: str
    span: Span


class Mention(_Model):
    """A party as one report names it."""

    report: str
    party: Optional[str] = Field(description="The party's id inside that report's summary; None when the "
                                 "summary missed it and code found the name in the report (see ``span``).")
    name: str
    aliases: list[str] = Field(default_factory=list)
    span: Optional[Span] = Field(None, description="Where code found the name, for a mention the summary missed.")


class MergedParty(_Model):
    """One party, resolved across reports."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: PartyKind
    role: PartyRole
    title: Optional[str] = None
    affiliation: Optional[str] = None
    country: Optional[str] = None
    reports: list[str] = Field(description="Ids of the reports that mention the party.")
    mentions: list[Mention] = Field(default_factory=list)


class StatusStep(_Model):
    """A claim's status as one report gives it."""

    report: str
    status: ClaimStatus
    description: str
    evidence: list[Span] = Field(default_factory=list, description="Spans of that report.")


class MergedClaim(_Model):
    """A legal claim with its status history across reports (oldest report first)."""

    id: str
    type: ClaimType
    claimant: Optional[str] = Field(None, description="Merged party id.")
    subject: Optional[str] = Field(None, description="Merged party id.")
    description: str
    status: ClaimStatus = Field(description="The status in the latest report.")
    history: list[StatusStep]
    reports: list[str]


class ReportReaction(_Model):
    """A reaction as one report gives it; the quote is a span of that report."""

    report: str
    stance: Stance
    target: Optional[str] = None
    quote: Optional[Span] = None
    paraphrase: Optional[str] = None
    channel: Channel = "unknown"


class SpeakerReactions(_Model):
    """Everything one speaker said, across reports."""

    speaker: str = Field(description="Merged party id.")
    name: str
    reactions: list[ReportReaction]


class TimelineEvent(_Model):
    """A dated event; ``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` when only the month is known, or
    ``undated`` when its report has no date to place it against (those come last)."""

    date: str
    date_text: str
    description: str
    sources: list[Evidence]


class Difference(_Model):
    """A fact the reports give differently, or that only one report gives."""

    id: str
    kind: DifferenceKind
    topic: str
    compared_on: ComparedOn = Field(description="Why the passages were compared.")
    basis: Basis = Field(description="Why it was classed so: a structural rule's name, or 'model'.")
    probability: Optional[float] = Field(
        None, description="With basis 'model': the judge's probability that the pair differs "
        "(update or contradiction); None when the backend gives no probabilities.")
    evidence: list[Evidence] = Field(description="One passage per report, oldest report first.")


class DossierRun(_Model):
    """How the dossier was produced."""

    model: str
    backend: str
    judge_prompt_version: str
    summary_usage: Usage = Field(default_factory=Usage)
    judge_usage: Usage = Field(default_factory=Usage)
    summaries_cached: int = 0
    candidate_pairs: int = 0
    pairs_judged: int = Field(0, description="Pairs the model judged in this run.")
    judgements_cached: int = Field(0, description="Pairs judged before: the verdict came from the cache.")
    pairs_settled_by_code: int = Field(0, description="Identical passages: no model call needed.")
    pairs_decided_by_rule: int = Field(0, description="Pairs a structural rule classed: no model call needed.")
    threshold: Optional[float] = Field(None, description="The judge's probability a pair needs to be a difference.")
    pairs_over_budget: int = 0
    dropped_ungrounded: int = Field(0, description="Pairs or differences dropped: evidence not in its report.")
    verdicts: dict[str, int] = Field(default_factory=dict)
    wall_time_s: float = 0.0


class IncidentDossier(_Model):
    """Several reports of one incident, merged, with provenance for every item."""

    incident: Incident
    reports: list[ReportInfo]
    parties: list[MergedParty] = Field(default_factory=list)
    legal_claims: list[MergedClaim] = Field(default_factory=list)
    reactions: list[SpeakerReactions] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    differences: list[Difference] = Field(default_factory=list)
    unconfirmed: list[Difference] = Field(
        default_factory=list, description="Possible differences, unconfirmed: pairs the judge leaned to call a "
        "difference with a probability below the threshold. Never counted as differences.")
    version: str = DOSSIER_VERSION
    run: Optional[DossierRun] = None

    @model_validator(mode="after")
    def _references_resolve(self) -> "IncidentDossier":
        reports = {r.id for r in self.reports}
        parties = {p.id for p in self.parties}
        if len(parties) != len(self.parties):
            raise ValueError("duplicate merged party ids")
        used = [m.report for p in self.parties for m in p.mentions]
        used += [s.report for c in self.legal_claims for s in c.history]
        used += [r.report for s in self.reactions for r in s.reactions]
        used += [e.report for t in self.timeline for e in t.sources]
        used += [e.report for d in self.differences + self.unconfirmed for e in d.evidence]
        unknown = sorted(set(used) - reports)
        if unknown:
            raise ValueError(f"unknown report ids: {unknown}")
        refs = [r for c in self.legal_claims for r in (c.claimant, c.subject) if r]
        refs += [s.speaker for s in self.reactions]
        missing = sorted(set(refs) - parties)
        if missing:
            raise ValueError(f"unknown merged party ids: {missing}")
        return self

    def report(self, report_id: str) -> ReportInfo:
        """Return the report with this id."""
        return next(r for r in self.reports if r.id == report_id)

    def party(self, party_id: str) -> MergedParty:
        """Return the merged party with this id."""
        return next(p for p in self.parties if p.id == party_id)
