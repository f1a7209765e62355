"""One article through the online pipeline, its model calls answered from batch results.

The Batch API must send exactly the chat-completions body the online path
would send, and read each answer exactly as the online path reads it. So
nothing here builds a body or parses a reply: :class:`BatchBackend` is the
online :class:`~summarizer.backends.openai_compat.OpenAIBackend` with its
transport replaced. Where the online backend would POST a body, this one looks
the body up among the answers already downloaded; a body with no answer yet
is recorded as :class:`Unanswered`, to be sent in the next batch.

:func:`drive` runs one article through :class:`summarizer.pipeline._Run` (the
online driver's planning, assembly and accounting) with that backend. Before
anything is sent, no body has an answer: the run then lists every pass's
request, each pass seen as failed. After the batch, the same run meets the
same bodies and finds their answers. A pass whose questions depended on an
earlier pass's answer would now produce a body never sent: it comes back
unanswered, and goes out in a second round.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from openai.types.chat import ChatCompletion

from ..article import passes, pipeline
from ..backends.openai_compat import OpenAIBackend
from ..errors import BackendError, RetriesExhausted, SummarizerError
from ..schema import ArticleSummary


def digest(body: dict) -> str:
    """A request body's fingerprint: equal bodies, equal digests, whatever their key order."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


class Unanswered(BackendError):
    """A request whose body has no answer among the batch results (yet)."""

    def __init__(self, body: dict):
        super().__init__("not answered yet")
        self.body = body


class RequestFailed(BackendError):
    """A request the batch answered with an error (an error-file line, or an expired batch)."""

    def __init__(self, message: str, pass_name: str, body: dict):
        super().__init__(message)
        self.pass_name, self.body = pass_name, body


@dataclass
class Answer:
    """One request's outcome in a batch: a chat completion, or an error message."""

    custom_id: str
    completion: Optional[dict] = None
    error: Optional[str] = None


Lookup = Callable[[str, str, str], Optional[Answer]]  # (article id, pass name, body digest) -> answer


class BatchBackend(OpenAIBackend):
    """The online backend, answering from batch results instead of over HTTP.

    Args:
        lookup: finds the answer to a body; ``None`` when it has none.
        options: as for :class:`OpenAIBackend` (``model``, ``base_url``, ``mode``, ``context_window``).
    """

    def __init__(self, lookup: Lookup, **options: Any):
        super().__init__(**options)
        self.lookup = lookup
        self.article_id = ""
        self.pass_name = ""

    def _create(self) -> Callable[..., Any]:
        def create(**kwargs: Any) -> ChatCompletion:
            # Normalised through JSON: the body as a request file carries it.
            body = json.loads(json.dumps(kwargs))
            found = self.lookup(self.article_id, self.pass_name, digest(body))
            if found is None:
                raise Unanswered(body)
            if found.error is not None:
                raise RequestFailed(f"request {found.custom_id} failed in its batch: {found.error}",
                                    self.pass_name, body)
            return ChatCompletion.model_validate(found.completion)

        return create

    def _acreate(self) -> None:
        return None  # the sync path is the only one: answers are local

    def backend_error(self, exc: Exception) -> BackendError:
        """Our own errors as they are; others as the online backend words them."""
        if isinstance(exc, BackendError):  # ours, passed through the online backend's error mapping
            return exc
        return super().backend_error(exc)


@dataclass
class Driven:
    """One article's state after a drive: its summary or error, or the requests it still needs."""

    summary: Optional[ArticleSummary] = None
    error: Optional[SummarizerError] = None
    unanswered: list[tuple[str, dict]] = field(default_factory=list)  # (pass name, body)
    failed: list[RequestFailed] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every request answered (successfully or not): the article's line can be written."""
        return not self.unanswered


def drive(backend: BatchBackend, article_id: str, text: str, when: Any, *, max_tokens: int) -> Driven:
    """Run one article through the online pipeline, answering from the batch results.

    Validation failures are final, as after the online path's last re-ask:
    a batch cannot re-ask within a request (see :mod:`summarizer.batch_api`).
    """
    out = Driven()
    backend.article_id = article_id
    try:
        run = pipeline._Run(text, backend, when, 0, max_tokens, None, None, None, None)  # the backend is given
        step = run.first()
        while isinstance(step, passes.Request):
            backend.pass_name = step.name
            backend._logprobs = None  # every choice is first asked with logprobs, as it was sent
            try:
                completion = pipeline._ask(backend, step, 0)
            except Unanswered as exc:
                out.unanswered.append((step.name, exc.body))
                step = run.send(step, error=_pending(exc))
            except RequestFailed as exc:
                out.failed.append(exc)
                step = run.send(step, error=_pending(exc))
            except RetriesExhausted as exc:
                step = run.send(step, error=exc)
            else:
                step = run.send(step, completion)
        out.summary = step
    except SummarizerError as exc:
        out.error = exc
    if out.failed and not out.unanswered:
        # As online, where a request the server refuses fails its article.
        out.summary, out.error = None, out.failed[0]
    return out


def _pending(exc: BackendError) -> RetriesExhausted:
    # The pipeline's own way to carry on past a pass that has no answer.
    return RetriesExhausted(str(exc), attempts=0, last_error=str(exc))
