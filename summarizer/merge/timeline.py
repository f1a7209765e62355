"""The incident and its timeline: dated events from every report, with their sources.

Each report is dated against its own date (a report written long after its
incident reads its dates against the incident's). Passages of the same day
that say the same thing are one event with several sources; reports that put
the incident on different days give a candidate pair for the judge.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Optional

from .dossier import Evidence, TimelineEvent
from .dates import UNDATED, find_dates
from .similarity import similarity
from .passages import shorten
from ..schema import Incident, Location, Span
from .report import Candidate, Report

SAME_EVENT = 0.5
"""How alike two passages must be (:func:`.similarity.similarity`) to tell one event, as for other dated pairs."""


def _date_evidence(report: Report, date_text: Optional[str]) -> Optional[Span]:
    if not date_text:
        return None
    found = report.grounder.ground(date_text)
    return report.passage(found) if found.verbatim else None


def merge_incident(items: list[Report]) -> tuple[Incident, list[Candidate]]:
    """The incident most reports describe, dated by each report against its own date."""
    types = Counter(r.summary.incident.event_type for r in items)
    event_type = next(r.summary.incident.event_type for r in items
                      if types[r.summary.incident.event_type] == max(types.values()))
    carriers = [r for r in items if r.summary.incident.event_type == event_type]
    dated = [r for r in carriers if r.incident_date]
    dates = Counter(r.incident_date for r in dated)
    chosen = next((r for r in dated if dates[r.incident_date] == max(dates.values())), None) if dated else None
    places = Counter((r.summary.incident.location.place, r.summary.incident.location.country)
                     for r in carriers if r.summary.incident.location.place)
    place = places.most_common(1)[0][0] if places else (None, carriers[0].summary.incident.location.country)
    first = carriers[0].summary.incident
    incident = Incident(
        event_type=event_type, description=first.description,
        date=chosen.incident_date if chosen else None,
        date_text=chosen.summary.incident.date_text if chosen else first.date_text,
        location=Location(place=place[0], country=place[1]),
    )
    pairs = []
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if a.incident_date != b.incident_date and not a.duplicate_of and not b.duplicate_of:
                ea = _date_evidence(a, a.summary.incident.date_text)
                eb = _date_evidence(b, b.summary.incident.date_text)
                # two reports' first dates are one event's only where their sentences tell the same thing:
                # a follow-up's lede dates its own news, not the incident
                if ea and eb and similarity(ea.text.replace(a.summary.incident.date_text or "", ""),
                                            eb.text.replace(b.summary.incident.date_text or "", "")) >= SAME_EVENT:
                    pairs.append(Candidate("date", "date of the incident", Evidence(report=a.id, span=ea),
                                            Evidence(report=b.id, span=eb), score=1.0))
    return incident, pairs


def build_timeline(items: list[Report]) -> tuple[list[TimelineEvent], dict[str, list]]:
    """Dated events from every report; one event for passages of the same day that say the same thing.

    A report with no date of its own (no dateline, no ``--date``) cannot place
    "on Friday": such events are kept, dated :data:`UNDATED`, after the dated ones,
    not dropped.
    """
    events: list[TimelineEvent] = []
    passages: dict[str, list] = {}
    for report in items:
        incident = dt.date.fromisoformat(report.incident_date) if report.retrospective else None
        everything = find_dates(report.text, report.date, incident=incident, keep_undated=True)
        found = [p for p in everything if p.date != UNDATED]  # the pairs compare placed dates only
        passages[report.id] = found
        own = report.summary.incident
        entries = [(p.date, p.phrase, p.sentence.text, p.sentence) for p in everything]
        evidence = _date_evidence(report, own.date_text)
        if report.incident_date and evidence:
            entries.insert(0, (report.incident_date, own.date_text, own.description, evidence))
        for date, phrase, description, span in entries:
            source = Evidence(report=report.id, span=span)
            same = next((e for e in events if e.date == date != UNDATED and (
                any(s.report == report.id and s.span.start == span.start for s in e.sources)
                or similarity(e.description, span.text) >= 0.5 and report.id not in {s.report for s in e.sources}
            )), None)
            if same is None:
                events.append(TimelineEvent(date=date, date_text=phrase, description=shorten(description),
                                            sources=[source]))
            elif all(s.report != report.id for s in same.sources):
                same.sources.append(source)
    order = {r.id: i for i, r in enumerate(items)}
    events.sort(key=lambda e: (e.date == UNDATED, e.date, order[e.sources[0].report], e.sources[0].span.start))
    return events, passages
