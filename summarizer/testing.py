"""Test doubles for users' own tests: a local server speaking the OpenAI API.

``ScriptedBackend`` (in :mod:`summarizer.backends`) replaces the model inside
the process; :class:`FakeOpenAIServer` replaces it over HTTP, so the real
``openai`` + ``instructor`` path is exercised end to end::

    with FakeOpenAIServer() as server:
        server.queue(json_reply)                  # 200 with that content
        server.queue(status=429, headers={"Retry-After": "0"})
        result = summarize(text, model="m", base_url=server.url)

It listens on 127.0.0.1 only, on a free port.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional, Union

from .schema import ArticleSummary, Span


@dataclass
class Scripted:
    """One scripted answer: a chat reply, or an HTTP error, after a delay."""

    content: Optional[str] = None
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def chat_completion(content: str, model: str = "fake", prompt_tokens: int = 10, completion_tokens: int = 5) -> dict:
    """A chat-completions response body carrying ``content``."""
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


class _Server(ThreadingHTTPServer):
    # The default listen backlog (5) drops connections when a client opens many
    # at once (a batch at --concurrency 16): they would stall for a SYN retry.
    request_queue_size = 128
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that went away is no error
            super().handle_error(request, client_address)


class FakeOpenAIServer:
    """A threaded HTTP server answering ``POST /v1/chat/completions``.

    Replies come from the queue, in order; when the queue is empty the
    ``default`` callable (if any) answers, given the request body. Every request
    body is recorded in ``requests``, and when it arrived (``time.monotonic()``)
    in ``arrivals``.
    """

    def __init__(self, default: Optional[Callable[[dict], Union[str, Scripted]]] = None, delay: float = 0.0):
        self.requests: list[dict[str, Any]] = []
        self.arrivals: list[float] = []
        self.default = default
        self.delay = delay
        self._queue: list[Scripted] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        # A short poll makes shutdown (every test's teardown) take 50 ms, not 500.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def queue(self, content: Optional[Union[str, dict]] = None, **options: Any) -> "FakeOpenAIServer":
        """Queue one answer (``content`` as text or a dict sent as JSON text)."""
        if isinstance(content, dict):
            content = json.dumps(content)
        with self._lock:
            self._queue.append(Scripted(content=content, **options))
        return self

    def _next(self, body: dict) -> Scripted:
        with self._lock:
            self.requests.append(body)
            self.arrivals.append(time.monotonic())
            if self._queue:
                return self._queue.pop(0)
        if self.default is None:
            return Scripted(status=500, content="no reply queued")
        answer = self.default(body)
        return answer if isinstance(answer, Scripted) else Scripted(content=answer, delay=self.delay)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One packet per reply, sent at once: headers and body written
            # separately under Nagle's algorithm wait for the client's delayed
            # ACK, 40 ms a reply, which would be most of a fast reply's time.
            disable_nagle_algorithm = True
            wbufsize = -1

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                answer = server._next(body)
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.status == 200:
                    payload = chat_completion(answer.content or "", model=body.get("model", "fake"))
                else:
                    payload = {"error": {"message": answer.content or f"HTTP {answer.status}",
                                         "type": "fake_error", "code": answer.status}}
                data = json.dumps(payload).encode()
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in answer.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        return Handler

    def __enter__(self) -> "FakeOpenAIServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()


def _overlaps(a: Span, b: Optional[Span]) -> bool:
    return b is not None and b.start is not None and a.start < b.end and b.start < a.end


_TASKS = {"numbered passages": "SpeechJudgement", "numbered sentences": "ClaimJudgement",
          "List every person": "Parties", "central event of the article": "Overview"}


def _pass_of(request: dict) -> str:
    """The pass a request belongs to: its schema's name, else (modes that send no
    schema name) the task text of its first user message."""
    schema = (request.get("response_format") or {}).get("json_schema") or {}
    if schema.get("name"):
        return schema["name"]
    task = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return next((name for marker, name in _TASKS.items() if marker in task), "unknown")


def gold_replies(gold: ArticleSummary, article: str, article_date: Any = None) -> Callable[[dict], str]:
    """A stand-in for a perfect model: answers every pass from a gold summary.

    Give it to :class:`~summarizer.backends.ScriptedBackend` (as a reply that
    repeats: ``ScriptedBackend(default=...)``) or to :class:`FakeOpenAIServer`
    (``default=``). It recognises the pass from the requested schema's name and
    answers the same candidates the pipeline found, so what comes back is the
    best the passes can give: an upper bound for evals, a realistic reply for tests.
    """
    from .passes import plan

    found = plan(article, article_date)
    names = {p.id: p.name for p in gold.parties}

    def speech(item: Any) -> dict:
        for reaction in gold.reactions:
            if item.label == "quotation" and _overlaps(item.span, reaction.quote):
                return {"speaker": names[reaction.speaker], "stance": reaction.stance}
        return {"speaker": "none", "stance": "neutral"}

    def claim(sentence: Span) -> dict:
        for c in gold.legal_claims:
            if any(_overlaps(sentence, e) for e in c.evidence):
                return {"type": c.type, "claimant": names.get(c.claimant or "", "none"),
                        "subject": names.get(c.subject or "", "none"), "status": c.status}
        return {"type": "none", "claimant": "none", "subject": "none", "status": "unknown"}

    def answer(request: dict) -> str:
        name = _pass_of(request)
        inc = gold.incident
        if name.startswith("Overview"):
            reply = {"headline": gold.headline[:150], "summary": gold.summary[:500],
                     "event_type": inc.event_type, "description": inc.description[:200],
                     "date_text": inc.date_text, "place": inc.location.place, "country": inc.location.country}
        elif name.startswith("Parties"):
            reply = {"parties": [{"name": p.name[:60], "kind": p.kind, "role": p.role} for p in gold.parties[:14]]}
        elif name.startswith("SpeechJudgement"):
            reply = {f"s{i}": speech(item) for i, item in enumerate(found.speech, start=1)}
        elif name.startswith("ClaimJudgement"):
            reply = {f"c{i}": claim(s) for i, s in enumerate(found.claim_sentences, start=1)}
        else:
            raise ValueError(f"no gold answer for a {name} request")
        return json.dumps(reply)

    return answer


def pair_verdicts(verdict: Union[str, Callable[[str], str]] = "update") -> Callable[[dict], str]:
    """A scripted merge judge: each pair gets ``verdict``, or ``verdict(user_message)``.

    Use it as ``ScriptedBackend(default=pair_verdicts("update"))`` to test code
    that merges reports without a model. The judge asks through
    :meth:`~summarizer.backends.Backend.choose`; a scripted backend without a
    chooser asks for the option's letter as JSON, which this answers (no
    probabilities: the verdict is all the merge learns). See :func:`pair_chooser`
    for verdicts with probabilities.
    """
    def answer(request: dict) -> str:
        user = request["messages"][-1]["content"]
        said = verdict(user) if callable(verdict) else verdict
        if request.get("response_format", {}).get("json_schema", {}).get("name", "").startswith("Answer"):
            return json.dumps({"answer": _letter_of(user, said)})
        return json.dumps({"verdict": said})

    return answer


def _letter_of(message: str, option: str) -> str:
    """The letter a choice's message gives ``option`` (its lines read ``A. option``)."""
    for line in message.splitlines():
        label, dot, text = line.partition(". ")
        if dot and len(label) == 1 and label.isupper() and text.strip() == option:
            return label
    raise ValueError(f"option {option!r} is not listed in the message")


def pair_chooser(probability: Union[float, Callable[[str], float]], kind: str = "update") -> Callable:
    """A scripted merge judge with probabilities, for ``ScriptedBackend(chooser=...)``.

    Each pair is given ``probability`` (or ``probability(user_message)``) of
    being a difference of ``kind``; the rest goes to "same".
    """
    def choose(messages: list[dict], options: list[str]) -> dict[str, float]:
        p = probability(messages[-1]["content"]) if callable(probability) else probability
        return {o: (p if o == kind else 1 - p if o == "same" else 0.0) for o in options}

    return choose
