"""Merge several reports of one incident into an :class:`IncidentDossier`.

The work is split between code and model. Code summarises each report (through
the result cache, so a re-merge costs no summaries), resolves parties across
reports, lines claims up into status histories, builds the timeline, and finds
the *candidate pairs* worth comparing: the same claim type and subject, the
same speaker, counts of the same measure, dated passages about the same thing.
The model judges only each pair (same / update / contradiction / unrelated)
under a small grammar (:mod:`summarizer.merge_judge`). Every difference quotes a
passage from each report with its offsets, and one whose evidence is not
verbatim in its report is dropped.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Optional, Sequence, Union

from rapidfuzz import fuzz

from .backends import Backend, get_backend
from .cache import ResultCache
from .dates import article_date as find_article_date
from .dossier import (
    DossierRun, Evidence, IncidentDossier, Mention, MergedClaim, MergedParty, ReportInfo, ReportReaction,
    SpeakerReactions, StatusStep, TimelineEvent,
)
from .errors import InputError
from .grounding import Grounder
from .merge_dates import find_dates, resolve_phrase
from .merge_judge import PairJudgement, judge_pairs, judge_prompt_version
from .merge_pairs import Candidate, Stats, find_candidates, only_in_one
from .merge_similarity import similarity
from .merge_text import dateline_outlet, sentence_span, shorten
from .names import core_tokens, normalise, same_entity
from .pipeline import check_text, summarize
from .schema import ArticleSummary, Incident, Location, Party, Span

__all__ = ["DEFAULT_MAX_PAIRS", "PairJudgement", "ReportInput", "judge_prompt_version", "merge_reports", "per_report"]

DEFAULT_MAX_PAIRS = 40
_ROLE_RANK = ["subject", "requesting_authority", "decision_maker", "victim", "lawyer",
              "spokesperson", "advocate", "witness", "other"]
_KIND_ORDER = {"contradiction": 0, "update": 1, "only_in_one": 2}
Progress = Callable[[str], None]


@dataclass
class ReportInput:
    """One report to merge; ``summary`` saves a model call, ``date`` and ``outlet`` override the text."""

    text: str
    summary: Optional[ArticleSummary] = None
    date: Union[dt.date, str, None] = None
    outlet: Optional[str] = None
    label: Optional[str] = None


@dataclass
class _Report:
    index: int
    text: str
    summary: ArticleSummary
    date: Optional[dt.date]
    date_source: str
    outlet: Optional[str]
    label: str
    id: str = ""
    duplicate_of: Optional[str] = None
    incident_date: Optional[str] = None
    retrospective: bool = False
    grounder: Grounder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.grounder = Grounder(self.text)

    def verified(self, span: Optional[Span]) -> Optional[Span]:
        """The span if it is verbatim at its offsets in this report, re-grounded if not, else None."""
        if span is None:
            return None
        if span.start is not None and self.text[span.start:span.end] == span.text:
            return span
        found = self.grounder.ground(span.text)
        return found if found.verbatim else None

    def passage(self, span: Span) -> Span:
        """The whole sentence(s) around a verified span: what the judge reads and the reader sees."""
        first = sentence_span(self.text, span.start)
        last = sentence_span(self.text, max(span.start, span.end - 1))
        start, end = min(first.start, span.start), max(last.end, span.end)
        if end - start > 700:
            return span
        return Span(text=self.text[start:end], start=start, end=end, match="exact")


def merge_reports(
    reports: Sequence[Union[str, tuple[str, ArticleSummary], ReportInput]],
    *,
    backend: Optional[Backend] = None,
    cache: Optional[ResultCache] = None,
    dates: Optional[Sequence[Union[dt.date, str, None]]] = None,
    outlets: Optional[Sequence[Optional[str]]] = None,
    labels: Optional[Sequence[Optional[str]]] = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    max_retries: int = 2,
    progress: Optional[Progress] = None,
    **options: Any,
) -> IncidentDossier:
    """Merge reports of one incident into a dossier with provenance, updates and contradictions.

    Args:
        reports: article texts, ``(text, ArticleSummary)`` pairs, or
            :class:`ReportInput` objects, in any order (they are put in date order).
        backend: the model for summaries and pair judgements; built from
            ``options`` (see :func:`summarizer.get_backend`) only when needed.
        cache: a :class:`ResultCache`; summaries already in it cost no model call.
        dates: each report's date (``date`` or ISO string), overriding its dateline.
        outlets: each report's outlet, for display, overriding a wire dateline ("New York (AFP) –").
        labels: each report's label (file name), for display.
        max_pairs: the most pair judgements to ask for; the rest are counted as over budget.
        max_retries: re-asks allowed when a reply fails validation; a summary pass
            or a pair judgement that still fails is left out (the summary lists it in
            ``run.failed_sections``), it does not fail the merge.
        progress: called with short status lines.

    Raises:
        InputError: no reports, an empty report, or a malformed item or date.
        BackendError: the model could not be reached.
    """
    started = time.perf_counter()
    inputs = _inputs(reports, dates, outlets, labels)
    stats = Stats()
    holder = {"backend": backend}

    def model() -> Backend:
        if holder["backend"] is None:
            holder["backend"] = get_backend(**options)
        return holder["backend"]

    items = _summarise(inputs, model, cache, max_retries, progress, stats)
    _order(items)
    parties, party_of = _merge_parties(items)
    claims = _merge_claims(items, party_of)
    reactions = _merge_reactions(items, parties, party_of)
    incident, incident_pairs = _merge_incident(items)
    timeline, passages = _timeline(items)
    differences = only_in_one(items, claims, stats)
    candidates = incident_pairs + find_candidates(items, claims, reactions, parties, passages, stats)
    differences += judge_pairs(candidates, items, model, max_pairs, max_retries, progress, stats)
    differences.sort(key=lambda d: (_KIND_ORDER[d.kind], [e.report for e in d.evidence], d.evidence[0].span.start))
    differences = [d.model_copy(update={"id": f"D{i}"}) for i, d in enumerate(differences, start=1)]
    used = holder["backend"]
    return IncidentDossier(
        incident=incident,
        reports=[ReportInfo(
            id=r.id, label=r.label, date=r.date.isoformat() if r.date else None, date_source=r.date_source,
            outlet=r.outlet, headline=r.summary.headline, duplicate_of=r.duplicate_of,
        ) for r in items],
        parties=parties, legal_claims=claims, reactions=reactions, timeline=timeline, differences=differences,
        run=DossierRun(
            model=used.model if used else "none", backend=used.name if used else "none",
            judge_prompt_version=judge_prompt_version(), summary_usage=stats.summary_usage,
            judge_usage=stats.judge_usage, summaries_cached=stats.cached, candidate_pairs=stats.candidates,
            pairs_judged=stats.judged, pairs_settled_by_code=stats.settled, pairs_over_budget=stats.over_budget,
            dropped_ungrounded=stats.dropped, verdicts=dict(stats.verdicts),
            wall_time_s=round(time.perf_counter() - started, 3),
        ),
    )


def _as_date(value: Union[dt.date, str, None], where: str) -> Optional[dt.date]:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{where}: date {value!r} is not YYYY-MM-DD") from None


def _inputs(reports, dates, outlets, labels) -> list[ReportInput]:
    if not reports:
        raise InputError("merge needs at least one report")
    items = []
    for i, item in enumerate(reports):
        if isinstance(item, ReportInput):
            entry = replace(item)
        elif isinstance(item, str):
            entry = ReportInput(text=item)
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], ArticleSummary):
            entry = ReportInput(text=item[0], summary=item[1])
        else:
            raise InputError(f"report {i + 1}: expected a text, a (text, ArticleSummary) pair or a ReportInput")
        entry.label = entry.label or (labels[i] if labels and i < len(labels) and labels[i] else f"report {i + 1}")
        if entry.date is None and dates and i < len(dates):
            entry.date = _as_date(dates[i], entry.label)
        entry.date = _as_date(entry.date, entry.label)
        if entry.outlet is None and outlets and i < len(outlets):
            entry.outlet = outlets[i]
        check_text(entry.text, entry.label)
        items.append(entry)
    return items


def _summarise(inputs, model, cache, max_retries, progress, stats) -> list[_Report]:
    done: dict[str, ArticleSummary] = {}
    items = []
    for i, entry in enumerate(inputs):
        dateline = find_article_date(entry.text)
        when = entry.date or dateline
        summary = entry.summary or done.get(entry.text)
        if summary is None:
            if progress:
                progress(f"summarising {entry.label}")
            summary = summarize(entry.text, backend=model(), article_date=when, cache=cache,
                                max_retries=max_retries, progress=progress)
            if summary.run and summary.run.cached:
                stats.cached += 1
            elif summary.run:
                stats.summary_usage += summary.run.usage
        done.setdefault(entry.text, summary)
        items.append(_Report(
            index=i, text=entry.text, summary=summary, date=when, label=entry.label,
            outlet=entry.outlet or dateline_outlet(entry.text),
            date_source="option" if entry.date else "dateline" if dateline else "none",
        ))
    return items


def _order(items: list[_Report]) -> None:
    """Put reports in date order; an undated report stays after the report given before it."""
    last = dt.date.min
    keys = {}
    for item in items:
        last = item.date or last
        keys[item.index] = (item.date or last, item.index)
    items.sort(key=lambda r: keys[r.index])
    seen: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        item.id = f"r{number}"
        item.duplicate_of = seen.get(item.text)
        seen.setdefault(item.text, item.id)
        own = resolve_phrase(item.summary.incident.date_text or "", item.date) if item.summary.incident.date_text else None
        item.incident_date = own
        # A report written long after its incident cannot anchor "on Friday" to its own date.
        if own and item.date and len(own) == 10 and (item.date - dt.date.fromisoformat(own)).days > 365:
            item.retrospective = True


# --- parties -------------------------------------------------------------------------------------------

def _names(party: Party) -> list[str]:
    return [party.name, *party.aliases]


def _strength(a: Party, b: Party) -> int:
    """How surely two parties of different reports are one: 3 same name, 2 full-name match, 1 surname only."""
    if (a.kind == "person") != (b.kind == "person"):
        return 0
    if any(normalise(x) and normalise(x) == normalise(y) for x in _names(a) for y in _names(b)):
        return 3
    if a.country and b.country and _country(a.country) != _country(b.country):
        return 0  # "Thai Ministry of Foreign Affairs" is not Cambodia's "Ministry of Foreign Affairs"
    if _same_state(_state_key(a), _state_key(b)):
        return 2  # "Cambodia" and "the Cambodian authorities": the state, however a report names it
    best = 0
    for x in _names(a):
        for y in _names(b):
            shortest = min(len(core_tokens(x)), len(core_tokens(y)))
            if same_entity(x, y):
                best = max(best, 2 if shortest >= 2 else 1)
            elif shortest >= 2 and fuzz.ratio(normalise(x), normalise(y)) >= 92:
                best = max(best, 1)  # "Dzokhar Tsarnaev" / "Dzhokhar Tsarnaev": a misspelling
    return best


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


def _merge_parties(items: list[_Report]) -> tuple[list[MergedParty], dict[tuple[str, str], str]]:
    """Resolve parties across reports: strongest links first, never joining two parties of one report."""
    nodes = [(r, p) for r in items for p in r.summary.parties]
    parent = list(range(len(nodes)))
    reports_in = [{r.id} for r, _ in nodes]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links = []
    for i, (ri, pi) in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            rj, pj = nodes[j]
            if ri.id != rj.id and (strength := _strength(pi, pj)):
                links.append((-strength, i, j))
    for _, i, j in sorted(links):
        a, b = root(i), root(j)
        # Each report's own summary already merged its aliases: two of its parties are two parties.
        if a != b and not reports_in[a] & reports_in[b]:
            parent[b] = a
            reports_in[a] |= reports_in[b]
    groups: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        groups.setdefault(root(i), []).append(i)
    merged, party_of = [], {}
    for number, members in enumerate(sorted(groups.values(), key=min), start=1):
        group = [nodes[i] for i in members]
        pid = f"P{number}"
        merged.append(_merged_party(pid, group))
        party_of.update({(r.id, p.id): pid for r, p in group})
    return merged, party_of


def _merged_party(pid: str, group: list[tuple[_Report, Party]]) -> MergedParty:
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
        role=min((p.role for p in parties), key=_ROLE_RANK.index),
        title=next((p.title for p in parties if p.title), None),
        affiliation=next((p.affiliation for p in parties if p.affiliation), None),
        country=next((p.country for p in parties if p.country), None),
        reports=list(dict.fromkeys(r.id for r, _ in group)),
        mentions=[Mention(report=r.id, party=p.id, name=p.name, aliases=p.aliases) for r, p in group],
    )


# --- claims, reactions, incident, timeline --------------------------------------------------------------

def _merge_claims(items, party_of) -> list[MergedClaim]:
    """Claims of one type about one subject (or, without a subject, from one claimant) form one history."""
    groups: dict[tuple, list[tuple[_Report, Any]]] = {}
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


def _merge_reactions(items, parties, party_of) -> list[SpeakerReactions]:
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


def _date_evidence(report: _Report, date_text: Optional[str]) -> Optional[Span]:
    if not date_text:
        return None
    found = report.grounder.ground(date_text)
    return report.passage(found) if found.verbatim else None


def _merge_incident(items: list[_Report]) -> tuple[Incident, list[Candidate]]:
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
                if ea and eb:
                    pairs.append(Candidate("date", "date of the incident", Evidence(report=a.id, span=ea),
                                            Evidence(report=b.id, span=eb), score=1.0))
    return incident, pairs


def _timeline(items: list[_Report]) -> tuple[list[TimelineEvent], dict[str, list]]:
    """Dated events from every report; one event for passages of the same day that say the same thing."""
    events: list[TimelineEvent] = []
    passages: dict[str, list] = {}
    for report in items:
        incident = dt.date.fromisoformat(report.incident_date) if report.retrospective else None
        found = find_dates(report.text, report.date, incident=incident)
        passages[report.id] = found
        own = report.summary.incident
        entries = [(p.date, p.phrase, p.sentence.text, p.sentence) for p in found]
        evidence = _date_evidence(report, own.date_text)
        if report.incident_date and evidence:
            entries.insert(0, (report.incident_date, own.date_text, own.description, evidence))
        for date, phrase, description, span in entries:
            source = Evidence(report=report.id, span=span)
            same = next((e for e in events if e.date == date and (
                any(s.report == report.id and s.span.start == span.start for s in e.sources)
                or similarity(e.description, span.text) >= 0.5 and report.id not in {s.report for s in e.sources}
            )), None)
            if same is None:
                events.append(TimelineEvent(date=date, date_text=phrase, description=shorten(description),
                                            sources=[source]))
            elif all(s.report != report.id for s in same.sources):
                same.sources.append(source)
    order = {r.id: i for i, r in enumerate(items)}
    events.sort(key=lambda e: (e.date, order[e.sources[0].report], e.sources[0].span.start))
    return events, passages


def per_report(values: Optional[Sequence[str]], paths: Sequence[str], option: str) -> list[Optional[str]]:
    """Spread ``FILE=VALUE`` options over the reports: ``--date a.txt=2018-04-28``.

    ``FILE`` is matched against each path as given, then against file names.

    Raises:
        InputError: a value without ``=``, or a ``FILE`` that names no report or several.
    """
    found: list[Optional[str]] = [None] * len(paths)
    for value in values or []:
        key, sep, setting = value.partition("=")
        if not sep or not key or not setting:
            raise InputError(f"{option} {value!r}: expected FILE=VALUE")
        hits = [i for i, p in enumerate(paths) if p == key] or [
            i for i, p in enumerate(paths) if p.replace("\\", "/").rsplit("/", 1)[-1] == key.rsplit("/", 1)[-1]]
        if len(hits) != 1:
            raise InputError(f"{option} {value!r}: {key!r} names {'no report' if not hits else 'several reports'}")
        found[hits[0]] = setting.strip()
    return found
