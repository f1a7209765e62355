"""One value that says which model to use and how: :class:`BackendConfig`.

It is built once, where the user's choices arrive (the command line's flags,
a library call's ``config=``), from the flag, then the environment, then the
default, and handed down as one object: adding a setting touches this file and
the place that reads it, not every function in between.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..errors import ConfigError
from ..settings import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from .base import Backend

LOCAL = "local"
DEFAULT_HTTP_RETRIES = 2
Notice = Optional[Callable[[str], None]]


def stderr_notice(line: str) -> None:
    """Print one ``summarizer: ...`` line on stderr (shown even with ``--quiet``)."""
    print(f"summarizer: {line}", file=sys.stderr, flush=True)


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


@dataclass(frozen=True)
class BackendConfig:
    """Which model, where, and how to reach it. ``None`` means "not chosen": the
    environment or the default decides when the backend is built.

    Attributes:
        model: ``"local"`` (the embedded model) or a model name on an OpenAI-compatible server.
        base_url: that server (``OPENAI_BASE_URL``); OpenAI itself when only ``api_key`` is set.
        api_key: the server's key (``OPENAI_API_KEY``); never shown in ``repr``.
        mode: instructor's mode for the server (tools, json_schema, json, md_json).
        model_path: a local GGUF file to run instead of the bundled model.
        threads: CPU threads for the local model.
        ctx: the context window in tokens.
        timeout: seconds one request may take, retries included (``SUMMARIZER_TIMEOUT``, else 120).
        http_retries: how often the server's client retries 429s, 5xx and connection errors.
    """

    model: Optional[str] = None
    base_url: Optional[str] = None
    api_key: Optional[str] = field(default=None, repr=False)
    mode: Optional[str] = None
    model_path: Optional[str] = None
    threads: Optional[int] = None
    ctx: Optional[int] = None
    timeout: Optional[float] = None
    http_retries: Optional[int] = None

    @classmethod
    def resolve(cls, config: Optional["BackendConfig"] = None, **flags: Any) -> "BackendConfig":
        """``config`` with each flag that is not ``None`` laid over it, then the environment
        (``SUMMARIZER_MODEL``, ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``) for what is still unset.

        Raises:
            TypeError: a flag that is not a setting.
        """
        unknown = set(flags) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise TypeError(f"unknown backend setting(s): {', '.join(sorted(unknown))}")
        base = config or cls()
        chosen = {k: v for k, v in flags.items() if v is not None}
        if chosen.get("model_path") is not None:
            chosen["model_path"] = str(chosen["model_path"])
        merged = dataclasses.replace(base, **chosen)
        return dataclasses.replace(
            merged,
            model=merged.model or os.environ.get("SUMMARIZER_MODEL"),
            base_url=merged.base_url or os.environ.get("OPENAI_BASE_URL"),
            api_key=merged.api_key or os.environ.get("OPENAI_API_KEY"),
        )

    def with_defaults(self, **defaults: Any) -> "BackendConfig":
        """This config with each of ``defaults`` filled in where it is unset."""
        return dataclasses.replace(self, **{k: v for k, v in defaults.items() if getattr(self, k) is None})

    @property
    def is_local(self) -> bool:
        """Whether this builds the embedded model (named, a GGUF file, or nothing configured at all)."""
        return bool(self.model_path) or self.model == LOCAL or (self.model is None and not self.base_url)

    def build(self, *, progress: Optional[Callable[[str], None]] = None, notice: Notice = stderr_notice) -> "Backend":
        """The backend this config asks for.

        ``model="local"``, a ``model_path``, or nothing configured at all gives
        the embedded model; any other model name is served by an
        OpenAI-compatible server. ``notice`` is told once, before the first
        request, where the article text is going (stderr by default).
        """
        if self.is_local:
            from .local import LocalBackend

            return LocalBackend(self.model_path, threads=self.threads, ctx=self.ctx, progress=progress)
        from .openai_compat import OpenAIBackend

        return OpenAIBackend(
            self.model or "gpt-4o-mini", base_url=self.base_url, api_key=self.api_key, mode=self.mode,
            timeout=timeout_setting(self.timeout),
            http_retries=DEFAULT_HTTP_RETRIES if self.http_retries is None else self.http_retries,
            context_window=self.ctx, progress=progress, notice=notice,
        )


def config_from(config: Optional[BackendConfig], options: dict[str, Any], where: str) -> BackendConfig:
    """The one config of a library call: ``config``, with the loose keyword options of
    earlier releases (``model=``, ``base_url=`` ...) laid over it, then the environment.

    The loose options still work for this release, with a :class:`DeprecationWarning`.
    """
    if options:
        warnings.warn(f"{where}({', '.join(f'{k}=' for k in sorted(options))}): pass "
                      "config=BackendConfig(...) instead; the loose options go in the next release",
                      DeprecationWarning, stacklevel=3)
    return BackendConfig.resolve(config, **options)
