"""The backend boundary: messages in, a validated pydantic object out.

Every backend (local llama.cpp, any OpenAI-compatible server, the scripted
test double) is an :class:`InstructorBackend`: it hands an OpenAI-style
``create`` function to ``instructor``, which validates each reply against the
requested model and re-asks on failure. So validation, re-asking and usage
accounting are one shared path, whatever the model. Credentials, URLs and
model loading stay inside the concrete backends.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from dataclasses import dataclass
from typing import Any, Callable, Generic, Optional, TypeVar

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel

from ..errors import BackendError, RetriesExhausted
from ..schema import Usage
from .choice import LABELS, Choice, answers_model, check_options

# instructor logs every failed attempt at ERROR; we handle and report those
# failures ourselves. Without a handler of its own, Python's last-resort
# handler would print them on stderr beside our one-line error. A NullHandler
# keeps them off stderr, yet an application that configures logging still sees them.
logging.getLogger("instructor").addHandler(logging.NullHandler())

T = TypeVar("T", bound=BaseModel)
Message = dict[str, str]


@dataclass
class Completion(Generic[T]):
    """A validated reply and what it cost."""

    value: T
    usage: Usage
    attempts: int


def _usage(raw: Any) -> Usage:
    if raw is None:
        return Usage()
    return Usage(
        prompt_tokens=getattr(raw, "prompt_tokens", 0) or 0,
        completion_tokens=getattr(raw, "completion_tokens", 0) or 0,
    )


class _Attempts:
    """Per-call hooks: count requests and remember the last validation error."""

    def __init__(self) -> None:
        self.count = 0
        self.last_error = ""
        self.hooks = Hooks()
        self.hooks.on("completion:kwargs", self._on_request)
        self.hooks.on("parse:error", self._on_parse_error)

    def _on_request(self, *args: Any, **kwargs: Any) -> None:
        self.count += 1

    def _on_parse_error(self, error: Exception, *args: Any, **kwargs: Any) -> None:
        self.last_error = " ".join(str(error).split())[:500]


# The kinds of question the article pipeline may ask a model.
DECISIONS = frozenset({"event_type", "place", "role", "speaker", "stance", "claimant"})


class Backend:
    """A model that returns typed objects. Subclasses implement ``_create``.

    Attributes:
        name: backend family, e.g. ``"openai"``, ``"local"``, ``"scripted"``.
        model: the model identifier recorded in results.
        context_window: how many tokens fit in one request (prompt + reply).
        decides: the kinds of question the pipeline asks this model (event type, place, role,
            speaker, stance, claimant); the rules' likeliest option answers the others.
    """

    name = "base"
    model = "unknown"
    context_window = 8192
    decides = DECISIONS
    mode: instructor.Mode = instructor.Mode.JSON_SCHEMA

    def _create(self) -> Callable[..., Any]:
        """The OpenAI-style ``create`` function instructor patches."""
        raise NotImplementedError

    def _acreate(self) -> Optional[Callable[..., Any]]:
        """An async ``create``, for backends that have one (else threads are used)."""
        return None

    def _request_options(self, max_tokens: Optional[int]) -> dict[str, Any]:
        """Extra keyword arguments for every request (model name, sampling ...)."""
        return {"max_tokens": max_tokens} if max_tokens else {}

    def settings(self) -> dict[str, Any]:
        """What, besides ``name`` and ``model``, changes this backend's replies: part of the cache key."""
        return {}

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes; a conservative estimate unless a tokenizer is known."""
        return len(text) // 3 + 1

    def _patched(self, asynchronous: bool = False) -> Optional[Callable[..., Any]]:
        # An async HTTP client belongs to the event loop it was first used on.
        key = f"_patched_acreate_{id(asyncio.get_running_loop())}" if asynchronous else "_patched_create"
        if key not in self.__dict__:
            create = self._acreate() if asynchronous else self._create()
            self.__dict__[key] = create and instructor.patch(create=create, mode=self.mode)
        return self.__dict__[key]

    def complete(
        self,
        messages: list[Message],
        response_model: type[T],
        *,
        max_retries: int = 2,
        max_tokens: Optional[int] = None,
    ) -> Completion[T]:
        """Ask for a ``response_model`` object; re-ask up to ``max_retries`` times.

        Raises:
            RetriesExhausted: the replies still failed validation.
            BackendError: the model could not be reached or refused the request.
        """
        attempts = _Attempts()
        try:
            value = self._patched()(
                messages=messages, response_model=_wrapped(response_model), max_retries=max_retries,
                hooks=attempts.hooks, **self._request_options(max_tokens),
            )
        except Exception as exc:  # mapped onto our hierarchy just below
            raise self._translate(exc, attempts) from exc
        return self._completion(value, attempts)

    async def acomplete(
        self,
        messages: list[Message],
        response_model: type[T],
        *,
        max_retries: int = 2,
        max_tokens: Optional[int] = None,
    ) -> Completion[T]:
        """Async :meth:`complete`; runs a sync backend in a worker thread."""
        patched = self._patched(asynchronous=True)
        if patched is None:
            return await asyncio.to_thread(
                self.complete, messages, response_model, max_retries=max_retries, max_tokens=max_tokens
            )
        attempts = _Attempts()
        try:
            value = await patched(
                messages=messages, response_model=_wrapped(response_model), max_retries=max_retries,
                hooks=attempts.hooks, **self._request_options(max_tokens),
            )
        except Exception as exc:
            raise self._translate(exc, attempts) from exc
        return self._completion(value, attempts)

    def choose(self, messages: list[Message], options: list[str], *, max_retries: int = 1) -> Choice:
        """Ask the model to choose one of ``options``; see :mod:`.choice` for the prompt contract.

        Raises:
            RetriesExhausted: the replies still failed validation.
            BackendError: the model could not be reached.
        """
        return self.choose_many(messages, [options], max_retries=max_retries, numbered=False)[0]

    def choose_many(self, messages: list[Message], questions: list[list[str]], *, max_retries: int = 1,
                    numbered: bool = True, keys: Optional[list[str]] = None) -> list[Choice]:
        """Ask several choices in one request, one answer line each (``1: B``).

        This base implementation asks for the letters as constrained JSON and
        knows no probabilities; backends that see token probabilities override it.
        ``keys`` name the questions for test doubles and logs.
        """
        for options in questions:
            check_options(options)
        model = answers_model(tuple(len(o) for o in questions))
        budget = 8 * len(questions) + 8
        done = self.complete(messages, model, max_retries=max_retries, max_tokens=budget)
        letters = [getattr(done.value, f"a{i}") for i in range(1, len(questions) + 1)]
        usage = done.usage
        return [Choice(options[LABELS.index(letter)], {}, usage if i == 0 else Usage(), done.attempts)
                for i, (options, letter) in enumerate(zip(questions, letters))]

    async def achoose_many(self, messages: list[Message], questions: list[list[str]], *, max_retries: int = 1,
                           numbered: bool = True, keys: Optional[list[str]] = None) -> list[Choice]:
        """Async :meth:`choose_many`; runs in a worker thread unless a backend overrides it."""
        return await asyncio.to_thread(self.choose_many, messages, questions, max_retries=max_retries,
                                       numbered=numbered, keys=keys)

    @staticmethod
    def _completion(value: Any, attempts: _Attempts) -> Completion:
        raw = getattr(value, "_total_usage", None) or getattr(
            getattr(value, "_raw_response", None), "usage", None
        )
        return Completion(value=value, usage=_usage(raw), attempts=max(attempts.count, 1))

    def _translate(self, exc: Exception, attempts: _Attempts) -> Exception:
        """Map an exception from instructor or the client onto our hierarchy."""
        if isinstance(exc, IncompleteOutputException) or isinstance(exc.__cause__, IncompleteOutputException):
            # a reply cut off at max_tokens is a bad reply, not a broken server
            return RetriesExhausted(
                "the model's reply was cut off at its max_tokens limit", attempts=max(attempts.count, 1),
                last_error="reply cut off at max_tokens", usage=None,
            )
        cause = exc
        if isinstance(exc, InstructorRetryException):
            origin = exc.__cause__
            if origin is not None and not _is_parse_error(origin):
                cause = origin
            else:
                last = attempts.last_error or " ".join(str(exc).split())[:500]
                return RetriesExhausted(
                    f"the model's reply failed validation after {exc.n_attempts} attempts: {last}",
                    attempts=exc.n_attempts, last_error=last, usage=_usage(exc.total_usage),
                )
        if isinstance(cause, (BackendError, RetriesExhausted)):
            return cause
        return self.backend_error(cause)

    def backend_error(self, exc: Exception) -> BackendError:
        """Describe a transport failure in one line (subclasses know their servers)."""
        return BackendError(f"{self.name} backend failed: {type(exc).__name__}: {exc}")


@functools.lru_cache(maxsize=None)
def _wrapped(response_model: type[T]) -> type[T]:
    # instructor wraps a plain model in a new subclass on every request, and the
    # new class's JSON schema is then built afresh: about 10 ms a request, more
    # than a batch's own work per article. Wrapping once per model saves both.
    # Anything else (list[...], an already wrapped model) goes as it came.
    plain = isinstance(response_model, type) and issubclass(response_model, BaseModel)
    if not plain or issubclass(response_model, instructor.OpenAISchema):
        return response_model
    return instructor.openai_schema(response_model)


def _is_parse_error(exc: BaseException) -> bool:
    from pydantic import ValidationError

    return isinstance(exc, (ValidationError, json.JSONDecodeError, ValueError)) or "Parsing" in type(exc).__name__
