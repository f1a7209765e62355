"""The Batch API's steps for one part, each recorded in the state before the next.

upload (``POST /v1/files``) -> create (``POST /v1/batches``) -> poll
(``GET /v1/batches/{id}``) -> download (``GET /v1/files/{id}/content``).

A kill can fall between a step's request and the state's saving its result:
the file was uploaded, or the batch created, but the state does not say so.
Before repeating such a step, the server is asked whether it already
happened: a file is found by its name (the state's own token and the part's
name), a batch by its input file. So a batch is created once, whatever the
kill, and nobody pays for one twice.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable, Optional

import openai

from ..errors import BackendError
from .state import ENDPOINT, TERMINAL, Part, State

Hook = Callable[[str], None]  # called after each step with its name ("uploaded", "created", ...): tests kill there
POLL_FIRST = 5.0  # seconds before the second poll; batches take minutes to hours
POLL_MAX = 60.0
COMPLETION_WINDOW = "24h"  # the only window the OpenAI Batch API offers


class BatchClient:
    """Uploads, creates, polls and downloads the parts of a :class:`State`.

    Args:
        base_url: the OpenAI-compatible server (``None``: OpenAI).
        api_key: its key (a local server needs none).
        timeout: seconds one HTTP request may take.
        sleep: waits between polls (tests pass one that does not wait).
        poll_interval: the first wait between polls; it grows by half each poll, up to a minute.
        hook: told each step's name once it is done (tests interrupt there).
    """

    def __init__(self, base_url: Optional[str], api_key: Optional[str], *, timeout: float = 120.0,
                 sleep: Callable[[float], None] = time.sleep, poll_interval: float = POLL_FIRST,
                 hook: Optional[Hook] = None):
        self.where = base_url or "https://api.openai.com/v1"
        # The client's own retries cover 429s and 5xx on these few, idempotent-or-checked calls.
        self.client = openai.OpenAI(api_key=api_key or "not-needed", base_url=base_url, timeout=timeout,
                                    max_retries=4)
        self.sleep, self.poll_interval = sleep, poll_interval
        self.hook = hook or (lambda step: None)

    def _call(self, what: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except openai.APIStatusError as exc:
            detail = " ".join(str(getattr(exc, "message", "") or "").split())[:200]
            raise BackendError(f"{what} at {self.where}: HTTP {exc.status_code}: {detail}") from None
        except openai.APIError as exc:
            raise BackendError(f"{what} at {self.where}: {type(exc).__name__}: {exc}") from None

    def send(self, state: State, part: Part, *, fresh: bool = False) -> None:
        """Upload the part's requests and create its batch, unless the state or the server says it was done.

        A ``fresh`` part, written by this process, cannot have been sent by an
        earlier one: the server is not searched for it.
        """
        filename = f"summarizer-{state.token}-{part.name}.jsonl"
        if part.file_id is None:
            part.file_id = None if fresh else self._find_file(filename)
            if part.file_id is None:
                with state.file(part, "requests").open("rb") as handle:
                    uploaded = self._call("uploading " + filename, self.client.files.create,
                                          file=(filename, handle), purpose="batch")
                self.hook("uploaded")
                part.file_id = uploaded.id
            state.save()
        if part.batch_id is None:
            part.batch_id = None if fresh else self._find_batch(part.file_id)
            if part.batch_id is None:
                # Never retried blindly: a retry after a lost reply could create, and bill, a second
                # batch. A failure ends the run; --resume then finds the batch if it was made.
                create = self.client.with_options(max_retries=0).batches.create
                batch = self._call("creating a batch", create, input_file_id=part.file_id, endpoint=ENDPOINT,
                                   completion_window=COMPLETION_WINDOW,
                                   metadata={"summarizer_part": part.name, "summarizer_run": state.token})
                self.hook("created")
                part.batch_id = batch.id
            state.save()  # before anything else: this id is what --resume polls instead of paying again

    def _find_file(self, filename: str) -> Optional[str]:
        def search() -> Optional[str]:  # iterating fetches page after page: inside _call, for its errors
            return next((f.id for f in self.client.files.list(purpose="batch") if f.filename == filename), None)

        return self._call("listing files", search)

    def _find_batch(self, file_id: str) -> Optional[str]:
        def search() -> Optional[str]:
            return next((b.id for b in self.client.batches.list(limit=100) if b.input_file_id == file_id), None)

        return self._call("listing batches", search)

    def poll(self, state: State, parts: list[Part], show: Callable[[list[Part]], None]) -> None:
        """Ask after each unfinished batch, backing off, until all have finished; ``show`` the counts."""
        wait = self.poll_interval
        while True:
            for part in parts:
                if part.status in TERMINAL:
                    continue
                batch = self._call(f"asking after batch {part.batch_id}", self.client.batches.retrieve,
                                   part.batch_id)
                counts = batch.request_counts
                part.status = batch.status
                part.counts = {"total": counts.total, "completed": counts.completed,
                               "failed": counts.failed} if counts else {}
                part.output_file_id, part.error_file_id = batch.output_file_id, batch.error_file_id
                errors = getattr(batch.errors, "data", None) or []
                part.errors = [" ".join(filter(None, (e.code, e.message))) for e in errors][:5]
                state.save()
                self.hook("polled")
            show(parts)
            if all(p.status in TERMINAL for p in parts):
                return
            self.sleep(wait)
            wait = min(wait * 1.5, POLL_MAX)

    def download(self, state: State, part: Part) -> None:
        """Fetch the finished batch's output and error files, each whole or not at all."""
        for kind, file_id in (("output", part.output_file_id), ("errors", part.error_file_id)):
            target = state.file(part, kind)
            if file_id and not target.exists():
                self._fetch(file_id, target)
                self.hook("downloaded")
        part.downloaded = True
        state.save()

    def _fetch(self, file_id: str, target: Path) -> None:
        temporary = target.with_name(f".{target.name}.part")

        def stream() -> None:
            with self.client.files.with_streaming_response.content(file_id) as response:
                with open(temporary, "wb") as handle:
                    for chunk in response.iter_bytes():
                        handle.write(chunk)
                    handle.flush()
                    os.fsync(handle.fileno())

        self._call(f"downloading {file_id}", stream)
        os.replace(temporary, target)  # only a whole file is ever read as results
