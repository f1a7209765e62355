"""Any server that speaks the OpenAI chat-completions API.

OpenAI itself, Ollama, vLLM, llama.cpp's server, LM Studio. The instructor
mode is chosen deliberately: ``tools`` (strict function calling) for OpenAI's
own API, ``json_schema`` (``response_format`` with the schema, which these
servers turn into constrained decoding) for every other base URL. ``--mode``
overrides it for servers that support only one of them (``json`` puts the
schema in the prompt and asks for a JSON object, the most portable).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import instructor
import openai

from ..errors import BackendError, ConfigError
from .base import Backend
from .choice import Choice, check_options, letter_choices

TOP_LOGPROBS = 20  # the most OpenAI returns per token

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
# Context windows of models whose size is well known; others use --ctx or the default.
KNOWN_CONTEXT = {"gpt-4o": 128000, "gpt-4o-mini": 128000, "gpt-4.1": 1047576, "gpt-4.1-mini": 1047576}


class OpenAIBackend(Backend):
    """A chat-completions server reached over HTTP with the official ``openai`` client."""

    name = "openai"

    def __init__(
        self,
        model: str,
        *,
        base_url: Optional[str] = None,
        api_key: Optional[str] = None,
        mode: Optional[str] = None,
        timeout: float = 120.0,
        http_retries: int = 2,
        context_window: Optional[int] = None,
    ):
        if mode is not None and mode not in MODES:
            raise ConfigError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        self.model = model
        self.base_url = base_url
        self.mode = MODES[mode or ("json_schema" if base_url else "tools")]
        self.context_window = context_window or KNOWN_CONTEXT.get(model, 32768)
        if not api_key and not base_url:
            raise ConfigError("no API key: set OPENAI_API_KEY or pass --api-key (or --base-url for a local server)")
        self._logprobs: Optional[bool] = None  # unknown until the first choice
        # Local servers ignore the key, but the client insists on one.
        self._client_options = dict(
            api_key=api_key or "not-needed", base_url=base_url, timeout=timeout, max_retries=http_retries
        )

    def _create(self) -> Callable[..., Any]:
        return openai.OpenAI(**self._client_options).chat.completions.create

    def _acreate(self) -> Callable[..., Any]:
        return openai.AsyncOpenAI(**self._client_options).chat.completions.create

    def choose_many(self, messages: list[dict], questions: list[list[str]], *, max_retries: int = 1,
                    numbered: bool = True, keys: Optional[list[str]] = None) -> list[Choice]:
        """Read the option letters' probabilities from ``logprobs`` where the server
        offers them; otherwise (or when the reply does not parse) ask for the
        letters as constrained JSON, with no probabilities."""
        if self._logprobs is not False:
            for options in questions:
                check_options(options)
            try:
                reply = openai.OpenAI(**self._client_options).chat.completions.create(
                    model=self.model, messages=messages, temperature=0, logprobs=True, top_logprobs=TOP_LOGPROBS,
                    max_tokens=6 * len(questions) + 8 if numbered else 2,
                )
            except openai.BadRequestError:
                self._logprobs = False  # a server that refuses logprobs
            except Exception as exc:
                raise self.backend_error(exc) from exc
            else:
                choices = letter_choices(reply, questions, numbered)
                if choices is not None:
                    self._logprobs = True
                    return choices
                if reply.choices and reply.choices[0].logprobs is None:
                    self._logprobs = False
        return super().choose_many(messages, questions, max_retries=max_retries, numbered=numbered, keys=keys)

    def _request_options(self, max_tokens: Optional[int]) -> dict[str, Any]:
        return {"model": self.model, **super()._request_options(max_tokens)}

    def backend_error(self, exc: Exception) -> BackendError:
        where = self.base_url or "api.openai.com"
        if isinstance(exc, openai.APITimeoutError):
            return BackendError(f"model server at {where} timed out")
        if isinstance(exc, openai.APIConnectionError):
            return BackendError(f"cannot reach model server at {where}")
        if isinstance(exc, openai.APIStatusError):
            detail = " ".join(str(getattr(exc, "message", "") or "").split())[:200]
            return BackendError(f"model server at {where} answered HTTP {exc.status_code}: {detail}")
        return super().backend_error(exc)
