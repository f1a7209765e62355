"""A local HTTP server speaking the OpenAI chat-completions API, for tests.

:class:`FakeOpenAIServer` replies with what was queued (or its ``default``),
records every request, and listens on 127.0.0.1 only, on a free port.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional, Union


@dataclass
class Scripted:
    """One scripted answer: a chat reply, or an HTTP error, after a delay.

    ``body`` replaces the whole HTTP body (sent as ``text/html`` unless the
    headers say otherwise): a server or proxy that answers with something that
    is not a chat completion at all.
    """

    content: Optional[str] = None
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    logprobs: Optional[dict] = None  # the choice's "logprobs" object, as a server that offers them sends it
    body: Optional[str] = None


def chat_completion(content: str, model: str = "fake", prompt_tokens: int = 10, completion_tokens: int = 5,
                    logprobs: Optional[dict] = None) -> dict:
    """A chat-completions response body carrying ``content`` (and ``logprobs``, if given)."""
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": logprobs,
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


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 for tests, used as a context manager; subclasses
    give the request handler."""

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._server = _Server(("127.0.0.1", 0), handler)
        # A short poll makes shutdown (every test's teardown) take 50 ms, not 500.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()


class FakeOpenAIServer(LoopbackServer):
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
        self._serve(self._handler())

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
                    payload = chat_completion(answer.content or "", model=body.get("model", "fake"),
                                              logprobs=answer.logprobs)
                else:
                    payload = {"error": {"message": answer.content or f"HTTP {answer.status}",
                                         "type": "fake_error", "code": answer.status}}
                data = json.dumps(payload).encode() if answer.body is None else answer.body.encode()
                kind = "application/json" if answer.body is None else "text/html"
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.headers.pop("Content-Type", kind))
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in answer.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        return Handler
