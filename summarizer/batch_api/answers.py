"""The answers a run's batches returned, found by article, pass and request body."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..schema import Usage
from .replay import Answer
from .state import Part, State, custom_id, split_id


def read_answers(lines: Iterable[bytes]) -> Iterator[Answer]:
    """The answers in an output or error file: a completion, or why the request failed."""
    for raw in lines:
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            cid = str(record["custom_id"])
        except (ValueError, KeyError, TypeError):
            continue  # not a result line: its request stays without an answer, and fails as such
        response = record.get("response") or {}
        body = response.get("body") if isinstance(response.get("body"), dict) else {}
        if record.get("error") is None and response.get("status_code") == 200 and body.get("choices"):
            yield Answer(cid, completion=body)
            continue
        error = record.get("error") or body.get("error") or {}
        message = error.get("message") if isinstance(error, dict) else str(error)
        code = error.get("code") if isinstance(error, dict) else None
        status = response.get("status_code")
        yield Answer(cid, error=" ".join(str(x) for x in (f"HTTP {status}" if status else None, code, message)
                                         if x) or "no reply")


def usage_of(answer: Answer) -> Usage:
    """The tokens an answered request was billed for."""
    raw = (answer.completion or {}).get("usage") or {}
    return Usage(prompt_tokens=raw.get("prompt_tokens") or 0, completion_tokens=raw.get("completion_tokens") or 0)


Key = tuple[str, str, str]  # (article id, pass name, body digest)


@dataclass
class _Stored:
    """An answer's error, or where its line is in an output file."""

    error: Optional[str]
    path: Optional[Path] = None
    offset: int = 0
    custom_id: str = ""


class Results:
    """Every request a state's parts sent and, for settled parts, its answer.

    A request sent more than once (``--retry-failed``) keeps its best answer:
    a completion stands; a later answer replaces an earlier error.

    Attributes:
        usage: tokens billed, by pass name.
    """

    def __init__(self, state: State):
        # Where each answer is, not the answer: a completion with its logprobs is kilobytes, and a
        # large run has hundreds of thousands. Errors are short and kept as they are.
        self.answers: dict[Key, _Stored] = {}
        self.sent: set[Key] = set()
        self.articles: set[str] = set()  # ids of the articles some request was sent for
        self.used: set[str] = set()
        self.usage: dict[str, Usage] = defaultdict(Usage)
        for part in state.parts:
            ids = list(state.ids(part))
            self.used.update(cid for cid, _ in ids)
            self.sent.update((*split_id(cid), dig) for cid, dig in ids)
            self.articles.update(split_id(cid)[0] for cid, _ in ids)
            if part.settled:
                self._read(state, part, ids)

    def _read(self, state: State, part: Part, ids: list[tuple[str, str]]) -> None:
        found: dict[str, _Stored] = {}
        for kind in ("output", "errors"):
            path = state.file(part, kind)
            if not path.exists():
                continue
            with path.open("rb") as handle:
                offset = 0
                for raw in handle:
                    for answer in read_answers([raw]):
                        if answer.custom_id not in found:
                            found[answer.custom_id] = _Stored(answer.error, path, offset)
                            if answer.error is None:
                                self.usage[split_id(answer.custom_id)[1]] += usage_of(answer)
                    offset += len(raw)
        why = "; ".join(part.errors) or f"no result (its batch ended {part.status})"
        for cid, dig in ids:
            stored = found.get(cid) or _Stored(why)
            key = (*split_id(cid), dig)
            previous = self.answers.get(key)
            if previous is None or previous.error is not None:
                self.answers[key] = _Stored(stored.error, stored.path, stored.offset, cid)

    def lookup(self, article_id: str, pass_name: str, dig: str) -> Optional[Answer]:
        """The answer to this request, or ``None`` when it was never sent or is still in flight."""
        stored = self.answers.get((article_id, pass_name, dig))
        if stored is None or stored.error is not None:
            return None if stored is None else Answer(stored.custom_id, error=stored.error)
        with stored.path.open("rb") as handle:
            handle.seek(stored.offset)
            return next(read_answers([handle.readline()]))

    def new_id(self, article_id: str, pass_name: str) -> str:
        """A custom id not used before for this article's pass (reserved at once)."""
        repeat = 1
        while custom_id(article_id, pass_name, repeat) in self.used:
            repeat += 1
        cid = custom_id(article_id, pass_name, repeat)
        self.used.add(cid)
        return cid

    @property
    def failed(self) -> int:
        """Requests whose last answer is an error (expired ones included)."""
        return sum(a.error is not None for a in self.answers.values())

    @property
    def expired(self) -> int:
        """Requests left unanswered when their batch expired."""
        return sum(a.error is not None and "expired" in a.error for a in self.answers.values())
