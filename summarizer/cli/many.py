"""The commands over many texts: ``eval`` (score against fixtures), ``batch`` (many articles to
JSONL) and ``merge`` (several reports of one incident into a dossier). Registered in :mod:`summarizer.cli`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import (ApiKey, BaseUrl, Ctx, MaxRetries, Mode, Model, ModelPath, NoCache, Quiet, Threads, Timeout,
                          check_writable, err, handle_errors, notice_printer, parse_date, progress_printer,
                          read_input, write_atomic)
from ..errors import InputError
from ..settings import PASS_RETRIES
from .options import FLAG, backend_config


@handle_errors
def eval_(
    fixtures: Annotated[Path, typer.Option(
        help="Folder of cases, each with article.txt, gold.json and meta.json.")] = Path("evals/fixtures"),
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    mode: Mode = None,
    model_path: ModelPath = None,
    threads: Threads = None,
    ctx: Ctx = None,
    only: Annotated[Optional[list[str]], typer.Option(
        metavar="CASE", help="Run only the cases whose name contains this (repeatable).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", show_default=False, help="Report folder. [default: `evals/runs/<timestamp>`]")] = None,
    baseline: Annotated[Optional[Path], typer.Option(
        metavar="REPORT.json", help="An earlier report.json: show every figure's change from it.")] = None,
    fail_under: Annotated[Optional[list[str]], typer.Option(
        metavar="METRIC=VALUE", help="Exit 1 when METRIC is below VALUE (repeatable), e.g. parties.f1=0.6.")] = None,
    max_regression: Annotated[Optional[float], typer.Option(
        help="With --baseline: exit 1 when any score drops by more than this, e.g. 0.05.")] = None,
    cache: Annotated[Path, typer.Option(
        help="Prediction cache: re-scoring reuses predictions for the same article, model and prompt.")]
    = Path(".eval-cache/predictions.sqlite"),
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ask the model for every case; store nothing.")] = False,
    merge: Annotated[Optional[Path], typer.Option(
        metavar="DIR", help="Also merge and score the several-report groups in DIR (e.g. evals/merge).")] = None,
    merge_only: Annotated[bool, typer.Option(
        "--merge-only", help="With --merge: score only the merge groups, not the single-article fixtures.")] = False,
    quiet: Quiet = False,
) -> None:
    """Score the model against the hand-labelled fixtures; write report.json, .md and .html.

    Prints the figures (with changes from `--baseline`) and exits 1 when a
    `--fail-under` or `--max-regression` gate fails.

    Examples:

        summarizer eval

        summarizer eval --only serey --model llama3.1 --base-url http://localhost:11434/v1

        summarizer eval --baseline evals/runs/base/report.json --max-regression 0.05 --fail-under parties.f1=0.5

        summarizer eval --merge evals/merge

        summarizer eval --merge evals/merge --merge-only --out evals/baselines/passes/merge
    """
    from ..evals.report import load_baseline, parse_fail_under, publish
    from ..evals.runner import run_eval
    from .eval_progress import EvalProgress

    # Check every argument before the (slow) model runs.
    gates = parse_fail_under(fail_under or [])
    base = load_baseline(baseline) if baseline else None
    if max_regression is not None and base is None:
        raise InputError("--max-regression needs --baseline")
    if merge_only and merge is None:
        raise InputError("--merge-only needs --merge DIR")
    out = out or Path("evals/runs") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    with EvalProgress(quiet=quiet) as shown:
        report = run_eval(
            fixtures, only=only or (), cache_path=None if no_cache else cache, quiet=quiet, merge_fixtures=merge,
            merge_only=merge_only, config=backend_config(model, base_url, api_key, mode, model_path, threads, ctx),
            on_case=shown,
        )
    failures = publish(report, out, baseline=base, baseline_path=baseline, fail_under=gates,
                       max_regression=max_regression)
    if not quiet:
        err.print(f"wrote {out}/report.json, report.md, report.html", markup=False, soft_wrap=True)
    for failure in failures:
        err.print(f"summarizer: gate failed: {failure}", markup=False, soft_wrap=True)
    if failures:
        raise typer.Exit(1)


@handle_errors
def batch(
    inputs: Annotated[list[str], typer.Argument(
        metavar="INPUT...", help="Article files, folders, .jsonl files (one article a line), or - for JSONL on stdin.")],
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", show_default=False, help="JSONL results file, appended as articles finish. [default: stdout]")] = None,
    glob: Annotated[str, typer.Option(help="Which files to take from folders (searched recursively).")] = "*.txt",
    concurrency: Annotated[int, typer.Option(
        "--concurrency", "-j", min=1, help="Requests in flight at once (the local model takes one at a time).")] = 4,
    rpm: Annotated[Optional[float], typer.Option(help="At most this many model requests a minute.")] = None,
    resume: Annotated[bool, typer.Option(help="Continue --out: skip articles it already has a summary for.")] = False,
    retry_failed: Annotated[bool, typer.Option(help="With --resume: retry the articles that failed before.")] = False,
    overwrite: Annotated[bool, typer.Option(help="Replace a non-empty --out instead of refusing.")] = False,
    no_cache: NoCache = False,
    html: Annotated[Optional[Path], typer.Option(
        metavar="DIR", help="Also write a review page per article into DIR, and an index.html listing them.")] = None,
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    mode: Mode = None,
    model_path: ModelPath = None,
    threads: Threads = None,
    ctx: Ctx = None,
    max_retries: MaxRetries = PASS_RETRIES,
    timeout: Timeout = None,
    batch_api: Annotated[bool, typer.Option(
        "--batch-api", envvar="SUMMARIZER_BATCH_API", metavar=FLAG,
        help="Send every pass through the server's Batch API (/v1/files, /v1/batches): OpenAI's is half "
             "price, results within 24 h. Needs --out and --model; --resume continues the recorded batches.")]
    = False,
    quiet: Quiet = False,
) -> None:
    """Summarise many articles into JSONL, one line per article, concurrently and resumably.

    Each line holds the article's `id` (a file's path, or the `id` of a JSONL
    line), its `summary` or its `error`, and run metadata. Lines are saved as
    articles finish, so an interrupted batch continues with `--resume`. Exits 1
    when any article failed or any input line was malformed (reported with its
    line number), 2 for unusable arguments.

    Examples:

        summarizer batch articles/ --out results.jsonl --model gpt-4o-mini --concurrency 16

        summarizer batch articles.jsonl --out results.jsonl --resume --retry-failed

        cat articles.jsonl | summarizer batch - --model llama3.1 --base-url http://localhost:11434/v1 > results.jsonl

        summarizer batch articles/ --out results.jsonl --html review/

        summarizer batch articles/ --out results.jsonl --batch-api --model gpt-4o-mini
    """
    if batch_api:
        from ..batch_api.command import batch_api_command

        raise typer.Exit(batch_api_command(
            inputs, out=out, glob=glob, resume=resume, retry_failed=retry_failed, overwrite=overwrite,
            quiet=quiet, html=html, model=model, base_url=base_url, api_key=api_key, mode=mode,
            model_path=model_path, ctx=ctx, timeout=timeout, console=err))
    from .batch import run_batch

    code = run_batch(
        inputs, out=out, glob=glob, concurrency=concurrency, rpm=rpm, resume=resume,
        retry_failed=retry_failed, overwrite=overwrite, use_cache=not no_cache, quiet=quiet, html=html,
        max_retries=max_retries, console=err, notice=notice_printer(quiet),
        config=backend_config(model, base_url, api_key, mode, model_path, threads, ctx, timeout),
    )
    raise typer.Exit(code)


@handle_errors
def merge(
    sources: Annotated[list[str], typer.Argument(
        metavar="REPORT...", help="Two or more report files about one incident, in any order.")],
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: json, markdown or html.")] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")] = None,
    date: Annotated[Optional[list[str]], typer.Option(
        metavar="FILE=YYYY-MM-DD", help="A report's date, when its dateline lacks it (repeatable).")] = None,
    outlet: Annotated[Optional[list[str]], typer.Option(
        metavar="FILE=NAME", help="A report's outlet, for display (repeatable).")] = None,
    max_pairs: Annotated[int, typer.Option(min=0, help="The most pair judgements to ask the model for.")] = 40,
    threshold: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, envvar="SUMMARIZER_MERGE_THRESHOLD", show_default=False,
        help="The judge's probability a pair needs to be reported as a difference; below it, listed as "
             "unconfirmed. [default: the merge's own, chosen on the development groups]")] = None,
    no_cache: NoCache = False,
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    mode: Mode = None,
    model_path: ModelPath = None,
    threads: Threads = None,
    ctx: Ctx = None,
    max_retries: MaxRetries = PASS_RETRIES,
    timeout: Timeout = None,
    quiet: Quiet = False,
) -> None:
    """Merge several reports of one incident into a dossier: timeline, differences
    (updates, contradictions, facts only one report gives), parties, claims with
    their status history, and reactions, every passage with its report and offsets.

    Summaries come from the result cache when the reports were summarised
    before, so a re-merge costs only the pair judgements.

    Examples:

        summarizer merge early.txt later.txt --date later.txt=2018-04-30 --format markdown

        summarizer merge a.txt b.txt c.txt -f html -o dossier.html --outlet a.txt=VOA
    """
    from ..cache import ResultCache
    from ..merge import merge_reports, per_report
    from ..merge.render import to_html, to_markdown

    if format not in ("json", "markdown", "html"):
        raise InputError(f"--format {format!r}: expected json, markdown or html")
    if len(sources) < 2:
        raise InputError("merge needs at least two reports")
    if out:
        check_writable(out)  # before the model runs: a finished dossier must have somewhere to go
    texts = [read_input(source) for source in sources]
    dates = [parse_date(value) for value in per_report(date, sources, "--date")]
    progress = progress_printer(quiet)
    dossier = merge_reports(
        texts, dates=dates, outlets=per_report(outlet, sources, "--outlet"), labels=list(sources),
        cache=None if no_cache else ResultCache(), max_pairs=max_pairs, max_retries=max_retries,
        progress=progress, **({} if threshold is None else {"threshold": threshold}), notice=notice_printer(quiet),
        config=backend_config(model, base_url, api_key, mode, model_path, threads, ctx, timeout),
    )
    for report in dossier.reports:  # shown even with --quiet: the timeline is incomplete without it
        if report.date is None:
            err.print(f"summarizer: warning: {report.label} has no date (no dateline, no --date): its events "
                      f"are shown undated; give one with --date {report.label}=YYYY-MM-DD", markup=False,
                      soft_wrap=True)
    renderers = {"json": lambda d: d.model_dump_json(indent=2) + "\n", "markdown": to_markdown, "html": to_html}
    rendered = renderers[format](dossier)
    if out:
        write_atomic(out, rendered)
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    if progress:
        run_info = dossier.run
        progress(f"done: {len(dossier.differences)} difference(s) ({run_info.pairs_decided_by_rule} pair(s) decided "
                 f"by rule, {len(dossier.unconfirmed)} unconfirmed) from {run_info.pairs_judged} judged pair(s) "
                 f"and {run_info.judgements_cached} cached judgement(s), "
                 f"{run_info.summaries_cached} cached summar{'y' if run_info.summaries_cached == 1 else 'ies'}, "
                 f"{run_info.wall_time_s:.1f} s" + (f"; wrote {out}" if out else ""))
