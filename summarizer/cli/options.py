"""What every ``summarizer`` command shares: its options, one-line errors, progress, input and output.

stdout carries results; stderr carries progress and diagnostics. Every
``SummarizerError`` is printed as one line (exit 2 for bad input, 1 for
failures); ``SUMMARIZER_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer
from rich.console import Console

from ..errors import InputError, SummarizerError
from ..files import check_writable, read_input, write_atomic  # noqa: F401 (the commands import them from here)

err = Console(stderr=True, highlight=False)


class Format(str, Enum):
    json = "json"
    markdown = "markdown"
    html = "html"


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
MaxRetries = Annotated[int, typer.Option(min=0, help="Re-asks when a reply fails validation.")]
Timeout = Annotated[Optional[float], typer.Option(
    envvar="SUMMARIZER_TIMEOUT", min=0.001, show_default=False,
    help="Seconds one request to a model server may take, its retries included. [default: 120]")]
# A flag takes no value: an empty metavar keeps typer from showing "<bool>" beside it.
FLAG = ""
Quiet = Annotated[bool, typer.Option("--quiet", "-q", metavar=FLAG, help="No progress on stderr.")]
NoCache = Annotated[bool, typer.Option(
    "--no-cache", metavar=FLAG, help="Ask the model even for an article seen before; store nothing.")]


def backend_config(model: Optional[str] = None, base_url: Optional[str] = None, api_key: Optional[str] = None,
                   mode: Optional[str] = None, model_path: Optional[Path] = None, threads: Optional[int] = None,
                   ctx: Optional[int] = None, timeout: Optional[float] = None) -> Any:
    """A command's one :class:`~summarizer.backends.BackendConfig`, from its model flags
    (typer has read their environment variables already), built once and passed down."""
    from ..backends import BackendConfig

    return BackendConfig.resolve(model=model, base_url=base_url, api_key=api_key, mode=mode, model_path=model_path,
                                 threads=threads, ctx=ctx, timeout=timeout)


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


def notice_printer(quiet: bool) -> Optional[Callable[[str], None]]:
    """Where a remote backend says, once, which server receives the articles (silent with ``--quiet``)."""
    if quiet:
        return None
    return lambda line: err.print(f"summarizer: {line}", markup=False, soft_wrap=True)


def parse_date(value: Optional[str]) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r}: expected YYYY-MM-DD") from None
