"""Merge several reports of one incident into an :class:`IncidentDossier`.

The work is split between code and model. Code summarises each report (through
the result cache, which keeps the pair judgements too, so a re-merge costs no
model call), resolves parties across reports and lines claims up into status
histories (:mod:`.parties`), builds the timeline
(:mod:`.timeline`), and finds the *candidate pairs* worth
comparing (:mod:`.pairs`, :mod:`.responsibility`):
the same claim type and subject, a speaker's non-answer and later statement,
counts of the same measure, dated passages about the same thing, claims and
denials of responsibility; it settles the pairs that say the same thing. The
model judges only each remaining pair (same / update / contradiction /
unrelated) under a small grammar (:mod:`.judge`). Every
difference quotes a passage from each report with its offsets, and one whose
evidence is not verbatim in its report is dropped.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Optional, Sequence, Union

from ..backends import Backend, BackendConfig, get_backend
from ..backends.config import Notice, config_from, stderr_notice
from ..cache import ResultCache
from ..text.dates import article_date as find_article_date
from .dossier import DossierRun, IncidentDossier, ReportInfo
from ..errors import InputError
from .casualties import killing_only_in_one
from .dates import resolve_phrase
from .judge import DEFAULT_THRESHOLD, PairJudgement, judge_pairs, judge_prompt_version
from .pairs import find_candidates, only_in_one
from .parties import merge_claims, merge_parties, merge_reactions
from .responsibility import answered_pairs, responsibility_only_in_one, responsibility_pairs, terrorism_pairs
from .rules import apply_rules, count_only_in_one, party_only_in_one
from .passages import dateline_outlet
from .timeline import build_timeline, merge_incident
from ..article.pipeline import check_text, summarize
from ..schema import ArticleSummary
from ..settings import PASS_RETRIES
from .report import Report, Stats

__all__ = ["DEFAULT_MAX_PAIRS", "DEFAULT_THRESHOLD", "PairJudgement", "ReportInput", "judge_prompt_version",
           "merge_reports", "per_report"]

DEFAULT_MAX_PAIRS = 40
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


def merge_reports(
    reports: Sequence[Union[str, tuple[str, ArticleSummary], ReportInput]],
    *,
    backend: Optional[Backend] = None,
    cache: Optional[ResultCache] = None,
    dates: Optional[Sequence[Union[dt.date, str, None]]] = None,
    outlets: Optional[Sequence[Optional[str]]] = None,
    labels: Optional[Sequence[Optional[str]]] = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    max_retries: int = PASS_RETRIES,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Optional[Progress] = None,
    config: Optional[BackendConfig] = None,
    notice: Notice = stderr_notice,
    **options: Any,
) -> IncidentDossier:
    """Merge reports of one incident into a dossier with provenance, updates and contradictions.

    Args:
        reports: article texts, ``(text, ArticleSummary)`` pairs, or
            :class:`ReportInput` objects, in any order (they are put in date order).
        backend: the model for summaries and pair judgements; built from
            ``config`` (see :func:`summarizer.get_backend`) only when needed (the
            loose ``model=`` ... options still work, with a DeprecationWarning).
        cache: a :class:`ResultCache`; summaries and pair judgements already in it cost no model call.
        dates: each report's date (``date`` or ISO string), overriding its dateline.
        outlets: each report's outlet, for display, overriding a wire dateline ("New York (AFP) –").
        labels: each report's label (file name), for display.
        max_pairs: the most pair judgements to ask for; the rest are counted as over budget.
        max_retries: re-asks allowed when a reply fails validation; a summary pass
            or a pair judgement that still fails is left out (the summary lists it in
            ``run.failed_sections``), it does not fail the merge.
        threshold: the judge's probability of a difference a pair needs to be
            reported as one; a pair below it that the judge leans to call a
            difference is listed in ``unconfirmed``.
        progress: called with short status lines.

    Raises:
        InputError: no reports, an empty report, or a malformed item or date.
        BackendError: the model could not be reached.
    """
    started = time.perf_counter()
    inputs = _inputs(reports, dates, outlets, labels)
    stats = Stats()
    holder = {"backend": backend}
    config = config_from(config, options, "merge_reports") if backend is None else config

    def model() -> Backend:
        if holder["backend"] is None:
            holder["backend"] = get_backend(config=config, notice=notice)
        return holder["backend"]

    items = _summarise(inputs, model, cache, max_retries, progress, stats)
    _order(items)
    parties, party_of = merge_parties(items)
    claims = merge_claims(items, party_of)
    reactions = merge_reactions(items, parties, party_of)
    incident, incident_pairs = merge_incident(items)
    timeline, passages = build_timeline(items)
    differences = only_in_one(items, claims, parties, stats) + responsibility_only_in_one(items)
    differences += count_only_in_one(items)
    differences += killing_only_in_one(items, differences)
    differences += party_only_in_one(items, parties, claims, differences)
    candidates = incident_pairs + find_candidates(items, claims, reactions, parties, passages, stats)
    candidates += responsibility_pairs(items) + answered_pairs(items) + terrorism_pairs(items)
    ruled, decided, rest = apply_rules(candidates, items)
    stats.decided, stats.candidates = len(decided), len(decided)
    differences += ruled
    judged, unconfirmed = judge_pairs(rest, items, model, max_pairs, max_retries, progress, stats, cache,
                                      threshold=threshold)
    differences += judged
    differences = _numbered(differences, "D")
    unconfirmed = _numbered(unconfirmed, "U")
    used = holder["backend"]
    return IncidentDossier(
        incident=incident,
        reports=[ReportInfo(
            id=r.id, label=r.label, date=r.date.isoformat() if r.date else None, date_source=r.date_source,
            outlet=r.outlet, headline=r.summary.headline, duplicate_of=r.duplicate_of,
        ) for r in items],
        parties=parties, legal_claims=claims, reactions=reactions, timeline=timeline, differences=differences,
        unconfirmed=unconfirmed,
        run=DossierRun(
            model=used.model if used else "none", backend=used.name if used else "none",
            judge_prompt_version=judge_prompt_version(), summary_usage=stats.summary_usage,
            judge_usage=stats.judge_usage, summaries_cached=stats.cached, candidate_pairs=stats.candidates,
            pairs_judged=stats.judged, judgements_cached=stats.judged_cached, pairs_settled_by_code=stats.settled,
            pairs_over_budget=stats.over_budget, pairs_decided_by_rule=stats.decided, threshold=threshold,
            dropped_ungrounded=stats.dropped, verdicts=dict(stats.verdicts),
            wall_time_s=round(time.perf_counter() - started, 3),
        ),
    )


def _numbered(differences: list, prefix: str) -> list:
    differences = sorted(differences, key=lambda d: (_KIND_ORDER[d.kind], [e.report for e in d.evidence],
                                                     d.evidence[0].span.start))
    return [d.model_copy(update={"id": f"{prefix}{i}"}) for i, d in enumerate(differences, start=1)]


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


def _summarise(inputs, model, cache, max_retries, progress, stats) -> list[Report]:
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
        items.append(Report(
            index=i, text=entry.text, summary=summary, date=when, label=entry.label,
            outlet=entry.outlet or dateline_outlet(entry.text),
            date_source="option" if entry.date else "dateline" if dateline else "none",
        ))
    return items


def _order(items: list[Report]) -> None:
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
