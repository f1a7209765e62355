"""Backends: where the model runs. All share the :class:`Backend` boundary.

:func:`get_backend` picks one from explicit options, then the environment
(``SUMMARIZER_MODEL``, ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``), then the
default: the embedded local model.
"""

from __future__ import annotations

import os
from typing import Callable, Optional

from .base import Backend, Completion
from .scripted import ScriptedBackend

LOCAL = "local"


def get_backend(
    model: Optional[str] = None,
    *,
    base_url: Optional[str] = None,
    api_key: Optional[str] = None,
    mode: Optional[str] = None,
    model_path: Optional[str] = None,
    threads: Optional[int] = None,
    ctx: Optional[int] = None,
    timeout: float = 120.0,
    http_retries: int = 2,
    progress: Optional[Callable[[str], None]] = None,
) -> Backend:
    """Build the backend the options (or the environment) ask for.

    ``model="local"``, a ``model_path``, or nothing configured at all gives the
    embedded model; any other model name is served by an OpenAI-compatible
    server (``base_url``, or OpenAI itself with an API key). ``http_retries``
    is how often that server's client retries 429s, 5xx and connection errors
    (honouring Retry-After).
    """
    model = model or os.environ.get("SUMMARIZER_MODEL")
    base_url = base_url or os.environ.get("OPENAI_BASE_URL")
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    if model_path or model == LOCAL or (model is None and not base_url and not api_key):
        from .local import LocalBackend

        return LocalBackend(model_path, threads=threads, ctx=ctx, progress=progress)
    from .openai_compat import OpenAIBackend

    return OpenAIBackend(
        model or "gpt-4o-mini", base_url=base_url, api_key=api_key, mode=mode, timeout=timeout,
        http_retries=http_retries, context_window=ctx,
    )


__all__ = ["Backend", "Completion", "ScriptedBackend", "get_backend"]
