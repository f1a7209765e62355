"""Turn the plan (what code found) and the answers (what the model chose) into an ``ArticleSummary``.

Code does what code can: party ids, names and aliases, speakers where syntax
decides, spans, dates. The model's answers only select among options, and
each selection's probability is kept beside the item it decided. Items a
reader should check are listed in ``checks``.
"""

from __future__ import annotations

from typing import Optional

from ..backends.choice import Choice
from ..schema import ArticleSummary, Check, Incident, LegalClaim, Location, Party, Reaction, RunInfo
from .answers import DESCRIPTION_CHARS, HEADLINE_CHARS, SUMMARY_CHARS, whole_words
from .claim_plan import CLAIMANT_ROLES
from .passes import (EVENT_OPTIONS, EVENTS, MODEL_ROLES, NOBODY, NOT_STATED, ROLE_OPTIONS, Answers,
                     party_options)
from .places import country_name, country_of
from .reading import Plan
from .stance import likely_stance

LOW_CONFIDENCE = 0.5
"""Below this probability a model decision is listed for a reader to check."""


def _conf(**choices: Optional[Choice]) -> dict[str, float]:
    return {k: round(c.confidence, 3) for k, c in choices.items() if c is not None and c.confidence is not None}


MODEL_OVERRIDE = 0.5
"""The probability from which the model's choice replaces the first option, the one the rules
found likeliest. The embedded model gave no stance above it on the eval's 125 matched reactions,
and its unsure choices were worse than the rules' first option (stance 0.32 against 0.47)."""


def _by_key(questions, choices: Optional[list[Choice]]) -> dict[str, Choice]:
    """Each question's answer: the model's choice when it is sure (or gives no probabilities),
    else the first option, with the probability the model gave it."""
    answers = {}
    for q, c in zip(questions, choices or []):
        if c.confidence is not None and c.confidence < MODEL_OVERRIDE and c.option != q.options[0]:
            c = Choice(q.options[0], c.probabilities, c.usage, c.attempts)
        answers[q.key] = c
    return answers


def assemble(plan: Plan, found: Answers, run: Optional[RunInfo] = None) -> ArticleSummary:
    """Build the final summary from the plan (what code found) and the answers (what the model chose)."""
    roles = _by_key(found.role_questions, found.roles)
    keep = {i for i, involved in enumerate(plan.involved) if involved}

    speech = _by_key(found.speech_questions, found.speech)
    said = []
    for n, item in enumerate(plan.speech):
        speaker, method, who = item.speaker, item.method, speech.get(f"speaker:{n}")
        if speaker is None and who is not None and who.option != NOBODY:
            near, _ = party_options(plan, item.nearby, NOBODY)
            speaker, method = near[[plan.parties[i].name for i in near].index(who.option)], "model"
        if speaker is not None:
            keep.add(speaker)
            said.append((item, speaker, method, who if method == "model" else None, speech.get(f"stance:{n}")))

    claimed = _by_key(found.claim_questions, found.claims)
    claims = []
    for n, claim in enumerate(plan.claims):
        claimant, choice = claim.claimant, claimed.get(f"claimant:{n}")
        if claimant is None and choice is not None and choice.option != NOT_STATED:
            claimant = claim.options[[plan.parties[i].name for i in claim.options].index(choice.option)]
        keep |= {i for i in (claim.subject, claimant, *claim.also) if i is not None}
        claims.append((claim, claimant, choice))

    ids = {i: f"p{n}" for n, i in enumerate(sorted(keep, key=lambda i: plan.parties[i].first), start=1)}
    # the claimant chosen for a claim has the role that bringing it gives, whatever the role question said
    brings = {who: CLAIMANT_ROLES[c.candidate.type] for c, who, _ in reversed(claims)
              if who is not None and c.candidate.type in CLAIMANT_ROLES}
    parties = [_party(plan, i, ids[i], roles.get(f"role:{i}"), brings.get(i)) for i in ids]
    reactions = [Reaction(
        speaker=ids[speaker], stance=stance.option if stance else likely_stance(item.span.text, item.verb),
        quote=item.span if item.label == "quotation" else None,
        paraphrase=None if item.label == "quotation" else item.span.text,
        attribution=method, confidence=_conf(speaker=who, stance=stance),
    ) for item, speaker, method, who, stance in said]
    incident = _incident(plan, _by_key(found.incident_questions, found.incident))
    headline, incident.description, summary = _prose(plan, found)
    result = ArticleSummary(headline=headline, summary=summary, incident=incident, parties=parties,
                            legal_claims=_claims(claims, ids), reactions=reactions, run=run)
    result.checks = review(result)
    return result


def _party(plan: Plan, i: int, pid: str, choice: Optional[Choice], brings: Optional[str]) -> Party:
    cand = plan.parties[i]
    ruled = plan.roles[i] or brings
    role = ruled or (MODEL_ROLES[ROLE_OPTIONS.index(choice.option)] if choice else "other")
    return Party(id=pid, name=cand.name, aliases=cand.aliases, kind=cand.kind, role=role, title=cand.title,
                 mentions=cand.mentions, confidence=_conf(role=choice) if ruled is None else {})


def _claims(claims, ids: dict[int, str]) -> list[LegalClaim]:
    """One claim per (type, subject): a matter told in several sentences is one claim with
    each sentence as evidence, and the status of its latest mention."""
    merged: dict[tuple, LegalClaim] = {}
    for claim, claimant, choice, subject in ((c, who, ch, s) for c, who, ch in claims
                                             for s in [c.subject, *c.also]):
        cand = claim.candidate
        key = (cand.type, subject)
        found = merged.get(key)
        if found is None:
            merged[key] = LegalClaim(
                type=cand.type, description=cand.sentence.text, status=claim.status,
                claimant=ids.get(claimant) if claimant is not None else None,
                subject=ids.get(subject) if subject is not None else None,
                evidence=[cand.sentence], confidence=_conf(claimant=choice),
            )
            continue
        if cand.sentence not in found.evidence:
            found.evidence.append(cand.sentence)
        if claim.status != "unknown":
            found.status = claim.status
        if found.claimant is None and claimant is not None:
            found.claimant, found.confidence = ids.get(claimant), _conf(claimant=choice)
    # An arrest or detention is a claim of its own only when no specific matter
    # (a charge, a visa violation ...) about the same subject covers it.
    covered = {c.subject for c in merged.values() if c.type != "other"}
    return [c for c in merged.values() if c.type != "other" or c.subject not in covered]


def _incident(plan: Plan, choices: dict[str, Choice]) -> Incident:
    """The event type (the opening's or the model's), the story's first day, and the place the model chose.

    A failed pass leaves "other" (unless the opening names the type) and unplaced; a question
    the model is not asked (``Plan.decides``) keeps the rules' likeliest option.
    """
    event, where = (choices.get(k) for k in ("event_type", "place"))
    date = plan.dates[0] if plan.dates else None
    chosen = EVENTS[EVENT_OPTIONS.index(event.option)] if event else "other"
    place = where.option if where and where.option != NOT_STATED else None
    if "place" not in plan.decides and plan.places:
        place = plan.places[0]
    return Incident(
        event_type=plan.event or chosen, description="",
        date=date.date.isoformat() if date else None, date_text=date.phrase if date else None,
        location=_location(plan, place),
        confidence=_conf(event_type=event, place=where),
    )


def _location(plan: Plan, place: Optional[str]) -> Location:
    """The chosen place and its country; a country alone is no ``place`` ("Italy": country Italy)."""
    if place is None:
        return Location()
    country = country_of(place, plan.places, plan.article)
    return Location(place=None if country_name(place) else place, country=country)


def _prose(plan: Plan, found: Answers) -> tuple[str, str, str]:
    lead = " ".join(s.text for s in plan.lead)
    if found.headline is None:  # the pass failed: the article's own first sentence stands in
        first = plan.lead[0].text if plan.lead else plan.article.strip().split("\n")[0]
        return whole_words(first, HEADLINE_CHARS), whole_words(first, DESCRIPTION_CHARS), lead
    h = found.headline
    summary = whole_words(h.summary, SUMMARY_CHARS) if plan.model_summary and h.summary else lead
    return whole_words(h.headline, HEADLINE_CHARS), whole_words(h.description, DESCRIPTION_CHARS), summary


def review(summary: ArticleSummary) -> list[Check]:
    """What a reader should check: failed sections, model attributions, low-confidence decisions."""
    checks = [Check(kind="failed_section", item=name, message=f"the {name} pass failed: that section is empty")
              for name in (summary.run.failed_sections if summary.run else [])]
    names = {p.id: p.name for p in summary.parties}
    for i, r in enumerate(summary.reactions):
        if r.attribution == "model":
            checks.append(Check(kind="model_attribution", item=f"reactions[{i}].speaker",
                                message=f"speaker {names[r.speaker]} chosen by the model, not by syntax",
                                confidence=r.confidence.get("speaker"), span=r.quote))
    items = [("incident", summary.incident.confidence, None)]
    items += [(f"parties[{i}]", p.confidence, None) for i, p in enumerate(summary.parties)]
    items += [(f"reactions[{i}]", r.confidence, r.quote) for i, r in enumerate(summary.reactions)]
    items += [(f"legal_claims[{i}]", c.confidence, c.evidence[0] if c.evidence else None)
              for i, c in enumerate(summary.legal_claims)]
    for where, confidence, span in items:
        for decision, p in confidence.items():
            if p < LOW_CONFIDENCE:
                checks.append(Check(kind="low_confidence", item=f"{where}.{decision}", confidence=p, span=span,
                                    message=f"the model was unsure of {where}.{decision} (p={p:.2f})"))
    return checks
