"""The ``summarizer`` command: a thin layer over the Python API.

This module holds the app and the one-article commands (``summarize``,
``doctor``); the commands over many texts are in :mod:`summarizer.cli.many`,
what they share (options, one-line errors, input and output) in
:mod:`summarizer.cli.options`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__
from .many import batch, eval_, merge
from .options import (ApiKey, BaseUrl, Ctx, Format, MaxRetries, Mode, Model, ModelPath, NoCache, Quiet, Threads,
                          Timeout, backend_config, check_writable, err, handle_errors, notice_printer, parse_date,
                          progress_printer, read_input, write_atomic)
from ..errors import SummarizerError
from ..settings import PASS_RETRIES

app = typer.Typer(
    name="summarizer",
    help="Structured, source-grounded summaries of news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # never print locals (they may hold keys)
    rich_markup_mode="markdown",
)
def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=version_callback, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    """Structured, source-grounded summaries of news articles: incident, parties,
    legal claims and reactions, with every quote located in the article.

    Runs offline on an embedded model by default; point it at any
    OpenAI-compatible server with `--model` and `--base-url`.
    """


@app.command()
@handle_errors
def summarize(
    source: Annotated[str, typer.Argument(metavar="PATH|-", help="Article file, or - for stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.json,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")] = None,
    date: Annotated[Optional[str], typer.Option(help="The article's date (YYYY-MM-DD), if its dateline lacks it.")] = None,
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    mode: Mode = None,
    model_path: ModelPath = None,
    threads: Threads = None,
    ctx: Ctx = None,
    max_retries: MaxRetries = PASS_RETRIES,
    timeout: Timeout = None,
    no_cache: NoCache = False,
    quiet: Quiet = False,
) -> None:
    """Summarise one article into JSON (default), a markdown report, or an HTML review page.

    The HTML page shows the article with every quote, piece of evidence and
    party mention highlighted in place beside the summary, for checking it.

    A summary is cached (see `summarizer batch`), so summarising the same
    article again with the same model and settings costs no model call.

    Examples:

        summarizer summarize article.txt

        summarizer summarize article.txt --format markdown --out report.md

        summarizer summarize article.txt -f html -o review.html

        cat article.txt | summarizer summarize - --model gpt-4o-mini

        summarizer summarize article.txt --model llama3.1 --base-url http://localhost:11434/v1
    """
    from ..cache import ResultCache
    from ..article.pipeline import summarize as run
    from ..article.render import to_markdown
    from ..review import to_html

    if out:
        check_writable(out)  # before the model runs: a finished summary must have somewhere to go
    text = read_input(source)
    progress = progress_printer(quiet)
    result = run(
        text, article_date=parse_date(date), max_retries=max_retries, progress=progress,
        cache=None if no_cache else ResultCache(), notice=notice_printer(quiet),
        config=backend_config(model, base_url, api_key, mode, model_path, threads, ctx, timeout),
    )
    if format is Format.html:  # the page shows the summary over the text it came from
        rendered = to_html(result, text, source=None if source == "-" else source)
    else:
        rendered = to_markdown(result) if format is Format.markdown else result.model_dump_json(indent=2) + "\n"
    if out:
        write_atomic(out, rendered)
        if progress:
            progress(f"wrote {out}")
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    if result.run.failed_sections:  # shown even with --quiet: the result is incomplete
        err.print(f"summarizer: warning: no valid reply for {', '.join(result.run.failed_sections)}; "
                  "those sections are empty", markup=False, soft_wrap=True)
    if progress:
        run_info = result.run
        progress("done: from the cache (--no-cache to ask the model again)" if run_info.cached else
                 f"done: {run_info.usage.prompt_tokens}+{run_info.usage.completion_tokens} tokens, "
                 f"{run_info.attempts} attempt(s), {run_info.wall_time_s:.1f} s")


@app.command()
@handle_errors
def doctor(
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    model_path: ModelPath = None,
    timeout: Timeout = None,
    verify: Annotated[bool, typer.Option(
        metavar="", help="Hash the weights even if they were verified before.")] = False,
) -> None:
    """Say which backend and model would be used, where articles would be sent, and
    whether that server answers (or the embedded model's weights are ready).

    An OpenAI API key alone never sends articles anywhere: only `--model`,
    `--base-url`, `SUMMARIZER_MODEL` or `OPENAI_BASE_URL` select a remote server.
    Exits 1 when the remote server does not answer.

    Example:

        summarizer doctor --verify
    """
    from ..backends import weights
    from ..backends import get_backend

    backend = get_backend(config=backend_config(model, base_url, api_key, model_path=model_path, timeout=timeout))
    typer.echo(f"backend:  {backend.name}")
    typer.echo(f"model:    {backend.model}")
    if backend.name == "openai":
        typer.echo(f"articles: sent to {backend.where} (leave this machine)")
        typer.echo(f"api key:  {'set' if api_key or os.environ.get('OPENAI_API_KEY') else 'not set'}")
        typer.echo(f"server:   {backend.ping()}")  # a server that does not answer raises: one line, exit 1
        return
    typer.echo("articles: stay on this machine (embedded model)")
    if model_path:
        typer.echo(f"weights:  {model_path} (user-supplied, not verified)")
        return
    path, state = weights.status()
    if state != "missing" and (verify or state == "unverified"):
        state = "verified" if weights.verify(path) else "CORRUPT (will be rebuilt on next run)"
    typer.echo(f"weights:  {path} ({state})")
    try:
        weights.part_files()
        typer.echo("parts:    installed")
    except SummarizerError as exc:
        typer.echo(f"parts:    {exc}")
    try:
        import llama_cpp

        typer.echo(f"runtime:  llama-cpp-python {llama_cpp.__version__}")
    except ImportError:
        typer.echo(f"runtime:  llama-cpp-python missing: run {weights.INSTALL_HINT}")


app.command("eval")(eval_)
app.command()(batch)
app.command()(merge)


def run() -> None:
    """Console-script entry point."""
    app()
