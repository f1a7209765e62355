"""Any server that speaks the OpenAI chat-completions API.

OpenAI itself, Ollama, vLLM, llama.cpp's server, LM Studio. The instructor
mode is chosen deliberately: ``tools`` (strict function calling) for OpenAI's
own API, ``json_schema`` (``response_format`` with the schema, which these
servers turn into constrained decoding) for every other base URL. ``--mode``
overrides it for servers that support only one of them (``json`` puts the
schema in the prompt and asks for a JSON object, the most portable).

Transport faults (timeouts, refused connections, 429, 5xx, a reply that is not
JSON at all) are retried here, not by the ``openai`` client, so that one
request's retries and waits all fit in its ``timeout``: a hung server costs
``timeout`` seconds, not ``timeout`` times the retries. A reply that is no JSON
is the server's fault and is reported as such, never re-asked as if the model
had answered badly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from typing import Any, Callable, Optional

import instructor
import openai

from ..errors import BackendError, ConfigError
from ..settings import DEFAULT_TIMEOUT
from .base import Backend
from .choice import Choice, check_options, letter_choices

TOP_LOGPROBS = 20  # the most OpenAI returns per token

OPENAI_URL = "https://api.openai.com/v1"
RETRIED_STATUS = {408, 409, 429}  # and every 5xx
BACKOFF_CAP = 8.0  # seconds between two tries, without a Retry-After


class NotJSONReply(Exception):
    """The server's HTTP reply was not JSON at all (an HTML error page, a proxy's text)."""

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
        timeout: float = DEFAULT_TIMEOUT,
        http_retries: int = 2,
        context_window: Optional[int] = None,
        progress: Optional[Callable[[str], None]] = None,
        notice: Optional[Callable[[str], None]] = None,
    ):
        if mode is not None and mode not in MODES:
            raise ConfigError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        self.model = model
        self.base_url = base_url
        self.mode = MODES[mode or ("json_schema" if base_url else "tools")]
        self.context_window = context_window or KNOWN_CONTEXT.get(model, 32768)
        if not api_key and not base_url:
            raise ConfigError("no API key: set OPENAI_API_KEY or pass --api-key (or --base-url for a local server)")
        self.timeout, self.http_retries = timeout, http_retries
        self._logprobs: Optional[bool] = None  # whether the server offers logprobs: unknown until the first choice
        self._progress, self._notice = progress, notice
        self._announced = False
        self._lock = threading.Lock()
        # Local servers ignore the key, but the client insists on one. Retries are ours (see above).
        self._client_options = dict(api_key=api_key or "not-needed", base_url=base_url, timeout=timeout, max_retries=0)

    @property
    def where(self) -> str:
        """The server that receives the articles."""
        return self.base_url or OPENAI_URL

    def settings(self) -> dict[str, Any]:
        return {"base_url": self.where, "mode": self.mode.value}

    def _announce(self) -> None:
        # Once per backend, before the first byte of an article leaves the machine.
        with self._lock:
            if self._announced:
                return
            self._announced = True
        if self._notice:
            self._notice(f"sending article text to {self.where} (model {self.model})")

    def _retry_wait(self, exc: Exception, attempt: int, deadline: float) -> Optional[float]:
        """Seconds to wait before trying again, or None when ``exc`` is final."""
        if isinstance(exc, json.JSONDecodeError):
            exc = NotJSONReply(str(exc))
        status = getattr(exc, "status_code", None)
        transient = isinstance(exc, (openai.APIConnectionError, NotJSONReply)) or (
            isinstance(exc, openai.APIStatusError) and (status in RETRIED_STATUS or (status or 0) >= 500))
        if not transient or attempt >= self.http_retries:
            return None
        wait = min(0.5 * 2 ** attempt, BACKOFF_CAP)
        headers = getattr(getattr(exc, "response", None), "headers", None) or {}
        for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
            try:
                wait = max(float(headers[name]) * scale, 0.0)
                break
            except (KeyError, ValueError):
                continue  # absent, or an HTTP date: keep the backoff
        left = deadline - time.monotonic()
        if wait >= left:
            return None  # the wait would outlast the request's timeout: fail now, not later
        if self._progress:
            self._progress(f"{self.backend_error(exc)}; retrying in {wait:.1f} s "
                           f"({left:.0f} s left of the {self.timeout:.0f} s timeout)")
        return wait

    def _final(self, exc: Exception) -> Exception:
        return self.backend_error(exc) if isinstance(exc, (NotJSONReply, json.JSONDecodeError)) else exc

    def _create(self) -> Callable[..., Any]:
        create = openai.OpenAI(**self._client_options).chat.completions.create

        def call(**kwargs: Any) -> Any:
            self._announce()
            deadline = time.monotonic() + self.timeout
            for attempt in itertools.count():
                try:
                    return _json_reply(create(**kwargs, timeout=max(deadline - time.monotonic(), 0.01)))
                except Exception as exc:
                    wait = self._retry_wait(exc, attempt, deadline)
                    if wait is None:
                        raise self._final(exc) from exc
                    time.sleep(wait)

        return call

    def _acreate(self) -> Callable[..., Any]:
        create = openai.AsyncOpenAI(**self._client_options).chat.completions.create

        async def call(**kwargs: Any) -> Any:
            self._announce()
            deadline = time.monotonic() + self.timeout
            for attempt in itertools.count():
                try:
                    return _json_reply(await create(**kwargs, timeout=max(deadline - time.monotonic(), 0.01)))
                except Exception as exc:
                    wait = self._retry_wait(exc, attempt, deadline)
                    if wait is None:
                        raise self._final(exc) from exc
                    await asyncio.sleep(wait)

        return call

    def ping(self) -> str:
        """Whether the server answers, in words (``doctor``); raises ``BackendError`` when it does not."""
        client = openai.OpenAI(**{**self._client_options, "timeout": min(self.timeout, 10.0)})
        try:
            client.models.list()
        except openai.APIStatusError as exc:  # it answered, if only to refuse
            return f"answers (HTTP {exc.status_code} to a model list request)"
        except openai.APIError as exc:
            raise self.backend_error(exc) from None
        return "answers"

    def choose_many(self, messages: list[dict], questions: list[list[str]], *, max_retries: int = 1,
                    numbered: bool = True, keys: Optional[list[str]] = None) -> list[Choice]:
        """Read the option letters' probabilities from ``logprobs`` where the server
        offers them; otherwise (or when the reply does not parse) ask for the
        letters as constrained JSON, with no probabilities."""
        if self._logprobs is not False:
            for options in questions:
                check_options(options)
            try:
                reply = self._create()(
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
        where = self.where
        if isinstance(exc, (NotJSONReply, json.JSONDecodeError)):
            return BackendError(f"model server at {where} answered with something that is not JSON "
                                f"(a server fault, not the model's): {' '.join(str(exc).split())[:120]}")
        if isinstance(exc, openai.APITimeoutError):
            return BackendError(f"model server at {where} timed out")
        if isinstance(exc, openai.APIConnectionError):
            return BackendError(f"cannot reach model server at {where}")
        if isinstance(exc, openai.APIStatusError):
            detail = " ".join(str(getattr(exc, "message", "") or "").split())[:200]
            return BackendError(f"model server at {where} answered HTTP {exc.status_code}: {detail}")
        return super().backend_error(exc)


def _json_reply(reply: Any) -> Any:
    # The openai client hands back a body that is not JSON as plain text.
    if isinstance(reply, (str, bytes)):
        raise NotJSONReply(f"{' '.join(str(reply).split())[:80]!r}")
    return reply
