"""A scripted backend: replies are queued by a test, requests are recorded.

It goes through the same instructor path as the real backends, so a test can
exercise validation and re-asking without a model::

    backend = ScriptedBackend([bad_reply, good_reply])
    result = summarize(text, backend=backend)
    assert backend.requests[1]["messages"][-1]["role"] == "user"  # the re-ask
"""

from __future__ import annotations

import copy
import inspect
import json
import time
from typing import Any, Callable, Iterable, Optional, Union

from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from ..errors import BackendError
from ..schema import Usage
from .base import Backend
from .choice import Choice, check_options, normalised

Reply = Union[str, dict, BaseModel, Exception, Callable[[dict], Any]]
Chooser = Callable[..., Union[str, dict[str, float], Exception]]


class ScriptedBackend(Backend):
    """Answers each request with the next queued reply.

    A reply may be a dict or pydantic object (sent as JSON), a string (sent as
    is, so malformed JSON can be scripted), an exception (raised, as a
    transport failure would be), or a callable that receives the request's
    keyword arguments and returns one of those. ``default`` answers every
    request once the queue is empty (e.g. :func:`summarizer.testing.gold_replies`).

    Choices (:meth:`choose`, :meth:`choose_many`) are answered by ``chooser``,
    called per question with the messages, the options and (if it takes a third
    argument) the question's key: it returns the chosen option, or a probability
    for each option (the most probable is chosen). Every question is recorded in
    ``choices``.
    Without a chooser, a choice is asked as a JSON reply from the queue.
    """

    name = "scripted"

    def __init__(
        self,
        replies: Iterable[Reply] = (),
        *,
        default: Optional[Reply] = None,
        model: str = "scripted",
        context_window: int = 32768,
        chooser: Optional[Chooser] = None,
    ):
        self.replies: list[Reply] = list(replies)
        self.default = default
        self.requests: list[dict[str, Any]] = []
        self.model = model
        self.context_window = context_window
        self.chooser = chooser
        self.choices: list[dict[str, Any]] = []

    def queue(self, *replies: Reply) -> "ScriptedBackend":
        """Add replies to the end of the queue."""
        self.replies.extend(replies)
        return self

    def _request_options(self, max_tokens: Optional[int]) -> dict[str, Any]:
        return {"model": self.model, **super()._request_options(max_tokens)}

    def choose_many(self, messages: list[dict], questions: list[list[str]], *, max_retries: int = 1,
                    numbered: bool = True, keys: Optional[list[str]] = None) -> list[Choice]:
        if self.chooser is None:
            return super().choose_many(messages, questions, max_retries=max_retries, numbered=numbered, keys=keys)
        wants_key = len(inspect.signature(self.chooser).parameters) >= 3
        choices = []
        for i, options in enumerate(questions):
            check_options(options)
            key = keys[i] if keys else ""
            self.choices.append({"messages": copy.deepcopy(messages), "options": list(options), "key": key})
            answer = self.chooser(messages, options, key) if wants_key else self.chooser(messages, options)
            if isinstance(answer, Exception):
                raise answer
            if isinstance(answer, str):
                if answer not in options:
                    raise ValueError(f"scripted choice {answer!r} is not among the options {options}")
                choices.append(Choice(answer, {}, Usage(completion_tokens=1)))
            else:
                probabilities = normalised({o: float(answer.get(o, 0.0)) for o in options})
                best = max(options, key=probabilities.__getitem__)
                choices.append(Choice(best, probabilities, Usage(completion_tokens=1)))
        choices[0].usage.prompt_tokens = sum(len(m.get("content", "")) for m in messages) // 4
        return choices

    def _create(self) -> Callable[..., Any]:
        def create(**kwargs: Any) -> ChatCompletion:
            self.requests.append(copy.deepcopy(kwargs))  # instructor extends messages in place
            if self.replies:
                reply = self.replies.pop(0)
            elif self.default is not None:
                reply = self.default
            else:
                raise BackendError("scripted backend has no reply queued")
            if callable(reply) and not isinstance(reply, BaseModel):
                reply = reply(kwargs)
            if isinstance(reply, Exception):
                raise reply
            if isinstance(reply, BaseModel):
                content = reply.model_dump_json()
            elif isinstance(reply, str):
                content = reply
            else:
                content = json.dumps(reply)
            return _completion(content, kwargs)

        return create


def _completion(content: str, request: dict[str, Any]) -> ChatCompletion:
    prompt_chars = sum(len(str(m.get("content", ""))) for m in request.get("messages", []))
    return ChatCompletion.model_validate({
        "id": f"scripted-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "scripted"),
        "choices": [{
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": content},
        }],
        # Counted in characters / 4, like a rough tokenizer: enough for accounting tests.
        "usage": {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(content) // 4,
            "total_tokens": prompt_chars // 4 + len(content) // 4,
        },
    })
