"""Merging several reports of one incident into an :class:`IncidentDossier`.

:func:`merge_reports` (in :mod:`.pipeline`) is the entry point; the modules
below it each do one job: :mod:`.parties` and :mod:`.mentions` resolve parties
across reports, :mod:`.timeline` dates the events, :mod:`.pairs`, :mod:`.speakers` and
:mod:`.responsibility` find the candidate pairs, :mod:`.rules` settles what
structure decides (:mod:`.casualties`: the people killed only one report
names), :mod:`.judge` asks the model about the rest, and :mod:`.render` draws
the dossier (:mod:`.dossier`).
"""

from .dossier import IncidentDossier
from .judge import DEFAULT_THRESHOLD, PairJudgement, judge_prompt_version
from .pipeline import DEFAULT_MAX_PAIRS, ReportInput, merge_reports, per_report

__all__ = ["DEFAULT_MAX_PAIRS", "DEFAULT_THRESHOLD", "IncidentDossier", "PairJudgement", "ReportInput",
           "judge_prompt_version", "merge_reports", "per_report"]
