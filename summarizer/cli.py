"""The ``summarizer`` command: a thin layer over the Python API.

stdout carries results; stderr carries progress and diagnostics. Every
``SummarizerError`` is printed as one line (exit 2 for bad input, 1 for
failures); ``SUMMARIZER_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import tempfile
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer
from rich.console import Console

from . import __version__
from .errors import InputError, SummarizerError

app = typer.Typer(
    name="summarizer",
    help="Structured, source-grounded summaries of news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # never print locals (they may hold keys)
    rich_markup_mode="markdown",
)
err = Console(stderr=True, highlight=False)


class Format(str, Enum):
    json = "json"
    markdown = "markdown"


# Options shared by every command that talks to a model.
Model = Annotated[Optional[str], typer.Option(
    "--model", "-m", envvar="SUMMARIZER_MODEL",
    help="'local' (the embedded model, default) or a model name on an OpenAI-compatible server.")]
BaseUrl = Annotated[Optional[str], typer.Option(
    envvar="OPENAI_BASE_URL", help="OpenAI-compatible server, e.g. http://localhost:11434/v1 (Ollama).")]
ApiKey = Annotated[Optional[str], typer.Option(
    envvar="OPENAI_API_KEY", show_default=False, help="API key (never printed).")]
Mode = Annotated[Optional[str], typer.Option(
    envvar="SUMMARIZER_MODE", help="instructor mode: tools, json_schema, json or md_json.")]
ModelPath = Annotated[Optional[Path], typer.Option(
    envvar="SUMMARIZER_MODEL_PATH", help="Run any local GGUF file instead of the bundled model.")]
Threads = Annotated[Optional[int], typer.Option(envvar="SUMMARIZER_THREADS", help="CPU threads (local).")]
Ctx = Annotated[Optional[int], typer.Option(envvar="SUMMARIZER_CTX", help="Context window in tokens.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]


def fail(message: str, code: int) -> None:
    err.print(f"summarizer: error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print our errors as one line and exit non-zero; tracebacks only when debugging."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SummarizerError as exc:
            if os.environ.get("SUMMARIZER_DEBUG") == "1":
                raise
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: still one line, unless debugging
            if os.environ.get("SUMMARIZER_DEBUG") == "1":
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set SUMMARIZER_DEBUG=1 for details)", 1)

    return wrapper


def progress_printer(quiet: bool) -> Optional[Callable[[str], None]]:
    if quiet:
        return None
    started = time.perf_counter()
    return lambda line: err.print(f"[{time.perf_counter() - started:5.1f}s] {line}", markup=False)


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers see the old or the new content, never half."""
    path = path.expanduser()
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    if not path.parent.exists():
        raise InputError(f"{path.parent}: no such directory")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_input(source: str) -> str:
    from .pipeline import check_text, read_article

    if source == "-":
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("stdin: not UTF-8 text") from None
        if "\x00" in text:
            raise InputError("stdin: looks like binary data, not text")
        check_text(text, "stdin")
        return text
    return read_article(source)


def parse_date(value: Optional[str]) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r}: expected YYYY-MM-DD") from None


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
    max_retries: Annotated[int, typer.Option(help="Re-asks when a reply fails validation.")] = 2,
    quiet: Quiet = False,
) -> None:
    """Summarise one article into JSON (default) or a markdown report.

    Examples:

        summarizer summarize article.txt

        summarizer summarize article.txt --format markdown --out report.md

        cat article.txt | summarizer summarize - --model gpt-4o-mini

        summarizer summarize article.txt --model llama3.1 --base-url http://localhost:11434/v1
    """
    from .pipeline import summarize as run
    from .render import to_markdown

    text = read_input(source)
    progress = progress_printer(quiet)
    result = run(
        text, article_date=parse_date(date), max_retries=max_retries, progress=progress,
        model=model, base_url=base_url, api_key=api_key, mode=mode,
        model_path=str(model_path) if model_path else None, threads=threads, ctx=ctx,
    )
    rendered = to_markdown(result) if format is Format.markdown else result.model_dump_json(indent=2) + "\n"
    if out:
        write_atomic(out, rendered)
        if progress:
            progress(f"wrote {out}")
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    if progress:
        run_info = result.run
        progress(f"done: {run_info.usage.prompt_tokens}+{run_info.usage.completion_tokens} tokens, "
                 f"{run_info.attempts} attempt(s), {run_info.wall_time_s:.1f} s")


@app.command()
@handle_errors
def doctor(
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    model_path: ModelPath = None,
    verify: Annotated[bool, typer.Option(help="Hash the weights even if they were verified before.")] = False,
) -> None:
    """Say which backend and model would be used, and whether the weights are ready.

    Example:

        summarizer doctor --verify
    """
    from . import weights
    from .backends import get_backend

    backend = get_backend(model, base_url=base_url, api_key=api_key,
                          model_path=str(model_path) if model_path else None)
    typer.echo(f"backend:  {backend.name}")
    typer.echo(f"model:    {backend.model}")
    if backend.name == "openai":
        typer.echo(f"server:   {backend.base_url or 'https://api.openai.com/v1'}")
        typer.echo(f"api key:  {'set' if api_key or os.environ.get('OPENAI_API_KEY') else 'not set'}")
        return
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


def run() -> None:
    """Console-script entry point."""
    app()
