"""Backends: where the model runs. All share the :class:`Backend` boundary.

:func:`get_backend` builds one from a :class:`BackendConfig` (explicit options
laid over it), then the environment (``SUMMARIZER_MODEL``,
``OPENAI_BASE_URL``), then the default: the embedded local model. An API key
alone never selects a remote server: many users have ``OPENAI_API_KEY`` set
for other tools, and articles must not leave the machine unless the user names
a remote model or server.

In the test suite the embedded model may not load (:mod:`.guard`): a test that
forgets to give a backend fails instead of loading the weights.
"""

from __future__ import annotations

from typing import Callable, Optional

from .base import Backend, Completion
from .config import LOCAL, BackendConfig, stderr_notice, timeout_setting
from .scripted import ScriptedBackend


def get_backend(
    model: Optional[str] = None,
    *,
    config: Optional[BackendConfig] = None,
    base_url: Optional[str] = None,
    api_key: Optional[str] = None,
    mode: Optional[str] = None,
    model_path: Optional[str] = None,
    threads: Optional[int] = None,
    ctx: Optional[int] = None,
    timeout: Optional[float] = None,
    http_retries: Optional[int] = None,
    progress: Optional[Callable[[str], None]] = None,
    notice: Optional[Callable[[str], None]] = stderr_notice,
) -> Backend:
    """Build the backend ``config`` (with the options laid over it, then the environment) asks for.

    ``model="local"``, a ``model_path``, or nothing configured at all gives the
    embedded model; any other model name is served by an OpenAI-compatible
    server (``base_url``, or OpenAI itself with an API key). ``http_retries``
    is how often that server's client retries 429s, 5xx and connection errors
    (honouring Retry-After, 2 unless given), all within ``timeout`` seconds a
    request (``SUMMARIZER_TIMEOUT``, else 120). ``notice`` is told once, before
    the first request, where the article text is going (stderr by default).
    """
    resolved = BackendConfig.resolve(
        config, model=model, base_url=base_url, api_key=api_key, mode=mode, model_path=model_path,
        threads=threads, ctx=ctx, timeout=timeout, http_retries=http_retries,
    )
    return resolved.build(progress=progress, notice=notice)


__all__ = ["LOCAL", "Backend", "BackendConfig", "Completion", "ScriptedBackend", "get_backend", "stderr_notice",
           "timeout_setting"]
