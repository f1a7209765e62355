"""A loopback server speaking the OpenAI Batch API, for tests without a network or a key.

:class:`FakeBatchServer` answers ``/v1/files`` and ``/v1/batches`` the way
the OpenAI Batch API does: a batch moves ``validating`` -> ``in_progress``
-> ``finalizing`` -> ``completed`` one step per ``GET``, or ends ``failed``
or ``expired`` when scripted to; its output and error files are JSONL with
one line per request::

    with FakeBatchServer(answer=canned_answer, fates=["completed", "expired"]) as server:
        run_batch_api(["articles/"], out=Path("r.jsonl"), model="gpt-4o-mini", base_url=server.url)
        assert server.created == 2

``answer`` is given each request's body and returns its reply's content (or a
:class:`~summarizer.testing.Scripted`, e.g. with ``logprobs``), as the default
of :class:`~summarizer.testing.FakeOpenAIServer` does, so one scripted model
serves both the online path and the Batch API.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any, Callable, Sequence, Union

from .testing import Scripted, chat_completion, letter_reply
from .testing.server import LoopbackServer

Answerer = Callable[[dict], Union[str, Scripted]]
STEPS = ["validating", "in_progress", "finalizing"]


class FakeBatchServer(LoopbackServer):
    """Files and batches over HTTP on 127.0.0.1.

    Args:
        answer: the reply to one request body.
        fates: how the n-th batch created ends (``completed``, ``failed`` or
            ``expired``); batches beyond the list complete.
        failing: custom ids whose request fails (HTTP 500 in the error file), once each.

    Attributes:
        created: batches created so far. uploads: files uploaded so far.
        bodies: every request body answered, in order.
    """

    def __init__(self, answer: Answerer, *, fates: Sequence[str] = (), failing: Sequence[str] = ()):
        self.answer, self.fates, self.failing = answer, list(fates), set(failing)
        self.files: dict[str, dict] = {}
        self.batches: dict[str, dict] = {}
        self.bodies: list[dict] = []
        self.created = self.uploads = 0
        self._lock = threading.Lock()
        self._serve(self._handler())

    def _file(self, data: bytes, filename: str, purpose: str) -> dict:
        ident = f"file-{len(self.files) + 1}"
        self.files[ident] = {"id": ident, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                             "filename": filename, "purpose": purpose, "status": "processed", "data": data}
        return self.files[ident]

    def upload(self, content_type: str, body: bytes) -> dict:
        """Store a multipart ``POST /v1/files`` upload; its file object."""
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        fields = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        upload = fields["file"]
        with self._lock:
            self.uploads += 1
            return self._file(upload.get_payload(decode=True), upload.get_filename(),
                              fields["purpose"].get_payload(decode=True).decode())

    def create(self, request: dict) -> dict:
        """``POST /v1/batches``: a new batch, validating, with its scripted fate."""
        with self._lock:
            self.created += 1
            ident = f"batch_{self.created}"
            lines = self.files[request["input_file_id"]]["data"].decode().splitlines()
            fate = self.fates[self.created - 1] if self.created <= len(self.fates) else "completed"
            self.batches[ident] = {
                "id": ident, "object": "batch", "endpoint": request["endpoint"], "errors": None,
                "input_file_id": request["input_file_id"], "completion_window": request["completion_window"],
                "status": "validating", "output_file_id": None, "error_file_id": None,
                "created_at": int(time.time()), "metadata": request.get("metadata"),
                "request_counts": {"total": len(lines), "completed": 0, "failed": 0}, "_fate": fate,
            }
            return self._public(self.batches[ident])

    @staticmethod
    def _public(batch: dict) -> dict:
        return {k: v for k, v in batch.items() if not k.startswith("_")}

    def advance(self, ident: str) -> dict:
        """One step of the batch's life, as a poll sees it."""
        with self._lock:
            batch = self.batches[ident]
            if batch["status"] in STEPS[:-1]:
                if batch["_fate"] == "failed" and batch["status"] == "validating":
                    batch["status"] = "failed"
                    batch["errors"] = {"object": "list", "data": [
                        {"code": "invalid_request", "message": "scripted failure", "line": None, "param": None}]}
                else:
                    batch["status"] = STEPS[STEPS.index(batch["status"]) + 1]
            elif batch["status"] == "finalizing":
                self._finish(batch)
            return self._public(batch)

    def _finish(self, batch: dict) -> None:
        lines = [json.loads(line) for line in self.files[batch["input_file_id"]]["data"].decode().splitlines()]
        answered = len(lines) // 2 if batch["_fate"] == "expired" else len(lines)  # an expired batch did half
        output, errors = [], []
        for n, line in enumerate(lines):
            cid = line["custom_id"]
            record: dict[str, Any] = {"id": f"batch_req_{n}", "custom_id": cid, "error": None}
            if n >= answered:
                record.update(response=None, error={"code": "batch_expired",
                                                    "message": "This request could not be executed before the "
                                                               "completion window expired."})
                errors.append(record)
                continue
            reply = self._reply(line["body"], cid)
            record["response"] = {"status_code": reply.status, "request_id": f"req_{n}", "body": (
                chat_completion(reply.content or "", model=line["body"].get("model", "fake"), logprobs=reply.logprobs)
                if reply.status == 200 else {"error": {"message": reply.content or "failed", "type": "server_error"}})}
            (output if reply.status == 200 else errors).append(record)
        failed = len(errors)
        batch["request_counts"] = {"total": len(lines), "completed": len(lines) - failed, "failed": failed}
        for kind, records in (("output_file_id", output), ("error_file_id", errors)):
            if records:
                data = "".join(json.dumps(r) + "\n" for r in records).encode()
                batch[kind] = self._file(data, f"{batch['id']}_{kind[:-8]}.jsonl", "batch_output")["id"]
        batch["status"] = "expired" if batch["_fate"] == "expired" else "completed"

    def _reply(self, body: dict, cid: str) -> Scripted:
        self.bodies.append(body)
        if cid in self.failing:
            self.failing.discard(cid)
            return Scripted(status=500, content="scripted request failure")
        reply = self.answer(body)
        return reply if isinstance(reply, Scripted) else Scripted(content=reply)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, payload: Union[dict, bytes], status: int = 200) -> None:
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream" if isinstance(payload, bytes)
                                 else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/v1/files"):
                    found = server.upload(self.headers["Content-Type"], body)
                    self._send({k: v for k, v in found.items() if k != "data"})
                elif self.path.startswith("/v1/batches"):
                    self._send(server.create(json.loads(body)))
                else:
                    self._send({"error": {"message": "not found"}}, 404)

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                content = re.fullmatch(r"/v1/files/([^/]+)/content", path)
                one = re.fullmatch(r"/v1/batches/([^/]+)", path)
                if content and content.group(1) in server.files:
                    self._send(server.files[content.group(1)]["data"])
                elif path == "/v1/files":
                    files = [{k: v for k, v in f.items() if k != "data"} for f in server.files.values()]
                    self._send({"object": "list", "data": files, "has_more": False})
                elif path == "/v1/batches":
                    batches = [server._public(b) for b in reversed(server.batches.values())]
                    self._send({"object": "list", "data": batches, "has_more": False})
                elif one and one.group(1) in server.batches:
                    self._send(server.advance(one.group(1)))
                else:
                    self._send({"error": {"message": "not found"}}, 404)

        return Handler


_QUESTION = re.compile(r"^(\d+)\. ", re.MULTILINE)


def canned_answer(body: dict) -> Union[str, Scripted]:
    """A deterministic model for any article: a headline from the article's first words, and
    option A or B by turns for every choice (with ``logprobs`` when the request asks for them)."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    head, _, task = user.rpartition("TASK:")
    if "headline" in task.split("\n")[0]:
        words = " ".join(head.split("<article>")[-1].split()[:8])
        return json.dumps({"headline": f"About: {words}", "description": f"What {words} reports."})
    count = len(_QUESTION.findall(task))
    letters = ["B" if i % 2 else "A" for i in range(count)]
    if body.get("logprobs"):
        return letter_reply([{letter: 0.75, "A" if letter == "B" else "B": 0.25} for letter in letters])
    return json.dumps({f"a{i}": letter for i, letter in enumerate(letters, start=1)})
