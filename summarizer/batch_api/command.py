"""``summarizer batch INPUTS --out results.jsonl --batch-api``: checks, then the rounds.

Everything the user can get wrong is refused here, in one line each, before
any article is read or anything leaves the machine: no ``--out``, no model
named, a state that belongs to another model or server, or one still in
flight that ``--overwrite`` would forget. :mod:`.rounds` does the run.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import IO, Any, Callable, Optional, Sequence

from rich.console import Console

from ..backends import timeout_setting
from ..batch.job import check_output, plan
from ..batch.io import JsonlWriter, load_inputs
from ..errors import ConfigError, InputError
from ..settings import DEFAULT_MAX_TOKENS
from .client import POLL_FIRST, BatchClient, Hook
from .report import ApiDisplay
from .rounds import Rounds
from .state import MAX_BYTES, MAX_REQUESTS, State


def run_batch_api(
    sources: Sequence[str],
    *,
    out: Optional[Path],
    model: Optional[str] = None,
    base_url: Optional[str] = None,
    api_key: Optional[str] = None,
    mode: Optional[str] = None,
    ctx: Optional[int] = None,
    timeout: Optional[float] = None,
    glob: str = "*.txt",
    resume: bool = False,
    retry_failed: bool = False,
    overwrite: bool = False,
    quiet: bool = False,
    console: Optional[Console] = None,
    stdin: Optional[IO[bytes]] = None,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    max_requests: int = MAX_REQUESTS,
    max_bytes: int = MAX_BYTES,
    sleep: Callable[[float], None] = time.sleep,
    poll_interval: Optional[float] = None,
    hook: Optional[Hook] = None,
) -> int:
    """Summarise the articles of ``sources`` into ``out`` through an OpenAI-compatible Batch API.

    Args:
        sources, out, glob, resume, retry_failed, overwrite, quiet, stdin: as
            for :func:`summarizer.cli.batch.run_batch`; ``out`` is required.
        model, base_url, api_key, mode, ctx, timeout: the server and model, as
            for :func:`summarizer.get_backend`; a model must be named.
        max_tokens: the most any one pass may generate.
        max_requests, max_bytes: the most one request file may hold.
        sleep, poll_interval: how polls wait: ``poll_interval`` seconds at first
            (``SUMMARIZER_BATCH_POLL``, else 5), half as long again each time, up to a minute.
        hook: told the name of each step done (tests interrupt there).

    Returns:
        The exit code: 0 when every article has a summary in ``out``, else 1.

    Raises:
        InputError, ConfigError: unusable arguments, inputs or state (exit code 2).
        BackendError: the server failed a step; rerun with ``--resume``.
    """
    console = console or Console(stderr=True, highlight=False)
    out = None if out is None or str(out) == "-" else Path(out)
    if out is None:
        raise InputError("--batch-api needs --out: the batches' state is kept beside it, to resume from")
    model = model or os.environ.get("SUMMARIZER_MODEL")
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    if not model or model == "local":
        raise ConfigError("--batch-api sends the articles to a server: name its model with --model "
                          "(e.g. gpt-4o-mini), and any server other than OpenAI's with --base-url")
    if max_requests < 1 or max_bytes < 1:
        raise ConfigError("batch file limits must be positive")
    resume = resume or retry_failed
    check_output(out, resume=resume, overwrite=overwrite)
    state_path = State.beside(out)
    if state_path.exists() and not resume:
        _discard(State.load(state_path), overwrite)
    inputs = load_inputs(sources, glob, stdin)
    for problem in inputs.problems:
        console.print(f"summarizer: {problem}", markup=False, soft_wrap=True)
    if not inputs.articles and not inputs.problems:
        raise InputError(f"no articles found in {', '.join(sources)} (folders are searched for {glob!r})")
    seconds = timeout_setting(timeout)
    if poll_interval is None:
        raw = os.environ.get("SUMMARIZER_BATCH_POLL")
        try:
            poll_interval = float(raw) if raw else POLL_FIRST
        except ValueError:
            raise ConfigError(f"SUMMARIZER_BATCH_POLL={raw!r}: expected a number of seconds") from None
    client = BatchClient(base_url, api_key, timeout=seconds, sleep=sleep, poll_interval=poll_interval, hook=hook)
    run = Rounds(client, ApiDisplay(console, quiet), dict(model=model, base_url=base_url, api_key=api_key,
                                                           mode=mode, timeout=seconds, context_window=ctx),
                  max_tokens=max_tokens, retry_failed=retry_failed, limits=(max_requests, max_bytes))
    # Checked before --out is touched: --retry-failed drops error lines from it.
    state = State.load(state_path) if state_path.exists() else State(state_path, model, run.backend.where)
    state.check(model, run.backend.where)
    writer = JsonlWriter(out)
    work = None
    try:
        if overwrite:
            writer.truncate()
        work = plan(inputs, writer, resume=resume, retry_failed=retry_failed,
                    say=lambda line: console.print(f"summarizer: {line}", markup=False, soft_wrap=True))
        run.rounds(work.todo, state, writer)
    finally:
        writer.close()
        run.display.stop_bar()
        run.finish(work)
    return 1 if run.stats.failed or work.failed_before or work.malformed else 0


def _discard(state: State, overwrite: bool) -> None:
    """Forget a finished earlier run for ``--overwrite``; refuse to forget batches still in flight."""
    if overwrite and state.settled:
        shutil.rmtree(state.folder, ignore_errors=True)
        state.path.unlink()
        return
    raise InputError(f"{state.path} records the batches of an earlier run"
                     + (" still in flight" if overwrite else "")
                     + ": continue them with --resume (nothing is sent twice), or delete it to start afresh")


def batch_api_command(inputs: list[str], *, html: Optional[Path], model_path: Optional[Path], quiet: bool,
                      **options: Any) -> int:
    """Run ``batch --batch-api``; refuse the options it cannot honour, each in one line.

    Raises:
        InputError: ``--html``, which needs each summary as it finishes.
        ConfigError: ``--model-path``: a local model has no Batch API.
    """
    if html is not None:
        raise InputError("--html is not available with --batch-api: write the review pages from the results later")
    if model_path is not None:
        raise ConfigError("--batch-api sends articles to a server; --model-path names a local model")
    return run_batch_api(inputs, quiet=quiet, **options)
