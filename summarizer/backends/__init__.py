"""Backends: where the model runs. All share the :class:`Backend` boundary.

:func:`get_backend` picks one from explicit options, then the environment
(``SUMMARIZER_MODEL``, ``OPENAI_BASE_URL``), then the default: the embedded
local model. An API key alone never selects a remote server: many users have
``OPENAI_API_KEY`` set for other tools, and articles must not leave the machine
unless the user names a remote model or server.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Optional

from ..errors import ConfigError
from ..settings import DEFAULT_TIMEOUT
from .base import Backend, Completion
from .scripted import ScriptedBackend

LOCAL = "local"


def stderr_notice(line: str) -> None:
    """Print one ``summarizer: ...`` line on stderr (shown even with ``--quiet``)."""
    print(f"summarizer: {line}", file=sys.stderr, flush=True)


def get_backend(
    model: Optional[str] = None,
    *,
    base_url: Optional[str] = None,
    api_key: Optional[str] = None,
    mode: Optional[str] = None,
    model_path: Optional[str] = None,
    threads: Optional[int] = None,
    ctx: Optional[int] = None,
    timeout: Optional[float] = None,
    http_retries: int = 2,
    progress: Optional[Callable[[str], None]] = None,
    notice: Optional[Callable[[str], None]] = stderr_notice,
) -> Backend:
    """Build the backend the options (or the environment) ask for.

    ``model="local"``, a ``model_path``, or nothing configured at all gives the
    embedded model; any other model name is served by an OpenAI-compatible
    server (``base_url``, or OpenAI itself with an API key). ``http_retries``
    is how often that server's client retries 429s, 5xx and connection errors
    (honouring Retry-After), all within ``timeout`` seconds a request
    (``SUMMARIZER_TIMEOUT``, else 120). ``notice`` is told once, before the
    first request, where the article text is going (stderr by default).
    """
    model = model or os.environ.get("SUMMARIZER_MODEL")
    base_url = base_url or os.environ.get("OPENAI_BASE_URL")
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    if model_path or model == LOCAL or (model is None and not base_url):
        from .local import LocalBackend

        return LocalBackend(model_path, threads=threads, ctx=ctx, progress=progress)
    from .openai_compat import OpenAIBackend

    return OpenAIBackend(
        model or "gpt-4o-mini", base_url=base_url, api_key=api_key, mode=mode, timeout=timeout_setting(timeout),
        http_retries=http_retries, context_window=ctx, progress=progress, notice=notice,
    )


def timeout_setting(timeout: Optional[float] = None) -> float:
    """``timeout``, else ``SUMMARIZER_TIMEOUT``, else the default; refuses a non-positive value."""
    if timeout is None:
        raw = os.environ.get("SUMMARIZER_TIMEOUT")
        try:
            timeout = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            raise ConfigError(f"SUMMARIZER_TIMEOUT={raw!r}: expected a number of seconds") from None
    if not timeout > 0:
        raise ConfigError(f"timeout {timeout}: expected a positive number of seconds")
    return timeout


__all__ = ["Backend", "Completion", "ScriptedBackend", "get_backend"]
