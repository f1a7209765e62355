"""Run a backend over the eval fixtures and score every case.

Each case folder holds ``article.txt``, ``gold.json`` and ``meta.json`` (with
the article's ``date``). Predictions go through :func:`summarizer.summarize`
with a :class:`~summarizer.cache.ResultCache`, keyed by article, date, model
and prompt version: after a scorer change, re-scoring costs no model call,
while a prompt change is a new key and is run afresh.

A case that fails (the model's replies never validate, the server is down) is
recorded as an invalid prediction with its error; the other cases still run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence, Union

from pydantic import BaseModel

from .. import __version__
from ..backends import Backend, BackendConfig, get_backend
from ..backends.config import config_from
from ..cache import ResultCache
from ..errors import InputError, SummarizerError
from ..article.pipeline import prompt_version, summarize
from ..schema import SCHEMA_VERSION, ArticleSummary
from .metrics import Counts, RunFigures
from .scoring import CaseScores, score_case

DEFAULT_FIXTURES = Path("evals") / "fixtures"
DEFAULT_CACHE = Path(".eval-cache") / "predictions.sqlite"
OnCase = Callable[[str, int, int, Optional[RunFigures]], None]
"""Told ``(case id, cases finished, cases in all, None)`` as a case starts and
``(case id, cases finished, cases in all, its run figures)`` as it ends."""


@dataclass
class Case:
    """One fixture: the article, its gold summary and its date."""

    id: str
    article: str
    gold: ArticleSummary
    date: Optional[dt.date]


def load_cases(root: Union[str, Path], only: Sequence[str] = ()) -> list[Case]:
    """Read every case folder under ``root`` (those holding a ``gold.json``).

    Args:
        root: the fixtures folder.
        only: keep the cases whose folder name contains any of these strings.

    Raises:
        InputError: no such folder, no case in it, or none matching ``only``.
    """
    root = Path(root)
    if not root.is_dir():
        # The fixtures ship with the source checkout, not the wheel (their texts
        # belong to their publishers): say where they are expected.
        raise InputError(f"{root}: no such fixtures folder; the fixtures are in the source checkout's "
                         "evals/fixtures: run from its root, or pass --fixtures DIR")
    folders = sorted(p for p in root.iterdir() if (p / "gold.json").is_file())
    if not folders:
        raise InputError(f"{root}: no fixtures (folders with a gold.json)")
    if only:
        folders = [p for p in folders if any(s in p.name for s in only)]
        if not folders:
            raise InputError(f"--only {' '.join(only)}: matches no case under {root}")
    cases = []
    for folder in folders:
        meta_path = folder / "meta.json"
        try:
            # read as the validator does, so gold offsets index this exact text
            article = (folder / "article.txt").read_text(encoding="utf-8")
            gold = ArticleSummary.model_validate_json((folder / "gold.json").read_text(encoding="utf-8"))
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
            date = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
        except (OSError, ValueError) as exc:  # ValueError covers bad JSON, schema and dates
            raise InputError(f"{folder}: unusable fixture ({type(exc).__name__}); "
                             f"check it with python -m summarizer.evals.validate {root}") from None
        cases.append(Case(id=folder.name, article=article, gold=gold, date=date))
    return cases


class CaseResult(BaseModel):
    """One case: what was expected, what came back, and the scores."""

    id: str
    article: str
    gold: ArticleSummary
    prediction: Optional[ArticleSummary]
    scores: CaseScores


class EvalReport(BaseModel):
    """The outcome of one evaluation run."""

    model: str
    backend: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    summarizer_version: str = __version__
    git_commit: Optional[str] = None
    git_dirty: Optional[bool] = None
    date: str
    fixtures: str
    cases: list[CaseResult]
    merge: dict[str, float] = {}
    merge_groups: dict[str, dict[str, Any]] = {}

    def totals(self) -> Counts:
        """Counts summed over every case."""
        return sum((c.scores.counts() for c in self.cases), Counts())

    def metrics(self) -> dict[str, Optional[float]]:
        """Overall figures, micro-averaged over cases, plus the merge figures when run."""
        if not self.cases and self.merge:
            return dict(self.merge)  # a merge-only run: no single-article figures to give
        return {**self.totals().metrics(), **self.merge}


def git_state() -> tuple[Optional[str], Optional[bool]]:
    """The commit checked out in the current directory and whether the tree has changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        status = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None, None
    if commit.returncode != 0:
        return None, None
    return commit.stdout.strip(), bool(status.stdout.strip()) if status.returncode == 0 else None


def _predict(case: Case, backend: Backend, cache: Optional[ResultCache]) -> tuple[Optional[ArticleSummary], RunFigures]:
    started = time.perf_counter()
    try:
        pred = summarize(case.article, backend=backend, article_date=case.date, cache=cache)
    except SummarizerError as exc:
        usage = getattr(exc, "usage", None)
        return None, RunFigures(
            valid=False, error=f"{type(exc).__name__}: {exc}", attempts=getattr(exc, "attempts", 0),
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            wall_time_s=round(time.perf_counter() - started, 3),
        )
    except Exception as exc:  # a bug: keep the other cases, but say so loudly
        if os.environ.get("SUMMARIZER_DEBUG") == "1":
            raise
        return None, RunFigures(valid=False, error=f"internal error: {type(exc).__name__}: {exc}",
                                wall_time_s=round(time.perf_counter() - started, 3))
    run = pred.run
    # a cache hit keeps the time and tokens of the run that produced it: what the model took
    return pred, RunFigures(
        valid=True, cached=run.cached, attempts=run.attempts, passes=run.passes, prompt_tokens=run.usage.prompt_tokens,
        completion_tokens=run.usage.completion_tokens, wall_time_s=run.wall_time_s,
    )


def run_eval(
    fixtures: Union[str, Path] = DEFAULT_FIXTURES,
    *,
    backend: Optional[Backend] = None,
    only: Sequence[str] = (),
    cache_path: Optional[Union[str, Path]] = DEFAULT_CACHE,
    quiet: bool = False,
    merge_fixtures: Optional[Union[str, Path]] = None,
    merge_only: bool = False,
    config: Optional[BackendConfig] = None,
    on_case: Optional[OnCase] = None,
    **options,
) -> EvalReport:
    """Summarise and score every fixture.

    Args:
        fixtures: the folder of case folders.
        backend: a ready backend; when ``None`` one is built from ``config``,
            as :func:`summarizer.get_backend` does (the loose ``model=`` ...
            options still work, with a DeprecationWarning).
        only: run only the cases whose name contains one of these strings.
        cache_path: the prediction cache (relative to the current directory);
            ``None`` runs every case afresh and stores nothing.
        quiet: tell ``on_case`` nothing (this function itself never writes to the terminal).
        merge_fixtures: a folder of merge cases (e.g. ``evals/merge``): when
            given, the several-reports figures (``merge.*``) are added.
        merge_only: score only the merge groups, not the single-article fixtures.
        on_case: told as each case starts and ends (the CLI draws its progress bar from it).

    Raises:
        InputError: the fixtures cannot be read.
        ConfigError: the backend cannot be built.
    """
    if merge_only and merge_fixtures is None:
        raise InputError("merge_only needs merge_fixtures")
    cases = [] if merge_only else load_cases(fixtures, only)
    backend = backend or get_backend(config=config_from(config, options, "run_eval"))
    cache = ResultCache(cache_path) if cache_path is not None else None
    tell = None if quiet else on_case
    results = []
    for done, case in enumerate(cases):
        if tell:
            tell(case.id, done, len(cases), None)
        pred, run = _predict(case, backend, cache)
        scores = score_case(case.gold, pred, case.article, run)
        results.append(CaseResult(id=case.id, article=case.article, gold=case.gold,
                                  prediction=pred, scores=scores))
        if tell:
            tell(case.id, done + 1, len(cases), run)
    merged, groups = {}, {}
    if merge_fixtures is not None:
        from .merge_eval import run_merge_eval

        figures = run_merge_eval(backend, Path(merge_fixtures), cache, per_group=True)
        groups = figures.pop("merge.groups_detail", {})
        merged = {k: float(v) for k, v in figures.items() if isinstance(v, (int, float))}
    commit, dirty = git_state()
    return EvalReport(
        model=backend.model, backend=backend.name, prompt_version=prompt_version(), git_commit=commit,
        git_dirty=dirty, date=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        fixtures=str(fixtures), cases=results, merge=merged, merge_groups=groups,
    )
