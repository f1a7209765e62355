"""What a Batch API run has sent, kept beside ``--out`` so a rerun never sends it twice.

``results.jsonl.batch.json`` (the state) lists every part: a request file in
``results.jsonl.batch/``, the file id it was uploaded as, the batch created
from it, the batch's last status and its output and error files. It is
rewritten atomically (a temporary file, ``fsync``, rename) after every step,
before the next begins, so a kill leaves it describing what happened, at worst
short of the step in flight; :mod:`.client` looks that step's result up on
the server before repeating it.

Beside each request file, ``<part>.ids`` lists its custom ids and body
digests, so reading the results never re-reads the (large) request files.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Iterator, Optional

from ..errors import ConfigError, InputError, OutputError
from .replay import digest

VERSION = 1
# The OpenAI Batch API's limits per input file; smaller ones are accepted (tests, other servers).
MAX_REQUESTS = 50_000
MAX_BYTES = 200 * 1024 * 1024
ENDPOINT = "/v1/chat/completions"
TERMINAL = {"completed", "failed", "expired", "cancelled"}


def custom_id(article_id: str, pass_name: str, repeat: int = 1) -> str:
    """``<article id>#<pass>``, and ``#<pass>.<n>`` for the n-th different request of that pass."""
    return f"{article_id}#{pass_name}" + (f".{repeat}" if repeat > 1 else "")


def split_id(cid: str) -> tuple[str, str]:
    """The article id and pass name of a custom id (an article id may itself hold ``#``)."""
    article_id, _, pass_part = cid.rpartition("#")
    return article_id, pass_part.split(".")[0]


@dataclass
class Part:
    """One request file and the batch made from it."""

    name: str
    round: int
    requests: int
    bytes: int
    file_id: Optional[str] = None
    batch_id: Optional[str] = None
    status: Optional[str] = None
    counts: dict = field(default_factory=dict)
    output_file_id: Optional[str] = None
    error_file_id: Optional[str] = None
    errors: list[str] = field(default_factory=list)  # why the whole batch failed, when it did
    downloaded: bool = False

    @property
    def settled(self) -> bool:
        """Finished on the server and its results on disk: nothing more to do for it."""
        return self.status in TERMINAL and self.downloaded


@dataclass
class State:
    """Every part of a run, saved in ``path``; request and result files in ``folder``."""

    path: Path
    model: str
    server: str
    token: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    parts: list[Part] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.path.with_suffix("")  # results.jsonl.batch.json -> results.jsonl.batch

    @classmethod
    def beside(cls, out: Path) -> Path:
        """The state file of output ``out``."""
        return out.with_name(out.name + ".batch.json")

    @classmethod
    def load(cls, path: Path) -> "State":
        """Read a saved state; ``InputError`` when it is not one."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
            return cls(path=path, model=data["model"], server=data["server"], token=data["token"],
                       parts=[Part(**p) for p in data["parts"]])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: not a readable Batch API state ({exc})") from None

    def save(self) -> None:
        """Write the state atomically and durably: the rename is the commit point."""
        data = {"version": VERSION, "model": self.model, "server": self.server, "token": self.token,
                "parts": [asdict(p) for p in self.parts]}
        write_durably(self.path, json.dumps(data, indent=1).encode("utf-8"))

    @property
    def settled(self) -> bool:
        """Nothing in flight: every part's results are on disk (or nothing was ever sent)."""
        return all(p.settled for p in self.parts)

    def check(self, model: str, server: str) -> None:
        """Refuse to continue another model's or server's batches with this one."""
        if (self.model, self.server) != (model, server):
            raise ConfigError(f"{self.path} records batches of {self.model} at {self.server}, not {model} at "
                              f"{server}: continue with those, or start a new --out")

    def file(self, part: Part, kind: str) -> Path:
        """A part's file: ``requests`` (.jsonl), ``ids``, ``output`` or ``errors``."""
        suffix = {"requests": ".jsonl", "ids": ".ids", "output": ".output.jsonl", "errors": ".errors.jsonl"}[kind]
        return self.folder / (part.name + suffix)

    def add_parts(self, round_: int, *, max_requests: int = MAX_REQUESTS, max_bytes: int = MAX_BYTES) -> "Parts":
        """Request files for a new round, written as requests come (see :class:`Parts`)."""
        return Parts(self, round_, max_requests, max_bytes)

    def ids(self, part: Part) -> Iterator[tuple[str, str]]:
        """A part's ``(custom id, body digest)`` pairs."""
        with self.file(part, "ids").open(encoding="utf-8") as handle:
            for line in handle:
                cid, _, dig = line.rstrip("\n").rpartition("\t")
                yield cid, dig


class Parts:
    """Writes a round's requests into request files, a new file whenever one would pass a limit.

    Lines go to disk as they come, not into memory: each carries its whole
    article. The parts are recorded in the state by :meth:`close`, once every
    file is whole on disk; a kill before that leaves files no state names,
    overwritten by the next run.
    """

    def __init__(self, state: State, round_: int, max_requests: int, max_bytes: int):
        self.state, self.round, self.max_requests, self.max_bytes = state, round_, max_requests, max_bytes
        self.added: list[Part] = []
        self._open: Optional[tuple[Part, IO[bytes], IO[bytes]]] = None

    def add(self, cid: str, body: dict) -> None:
        """Append one request line.

        Raises:
            ConfigError: the request alone is larger than a file may be.
            OutputError: the file cannot be written (a full disk).
        """
        try:
            self._add(cid, body)
        except OSError as exc:
            raise OutputError(f"{self.state.folder}: cannot write request files ({exc.strerror or exc})") from None

    def _add(self, cid: str, body: dict) -> None:
        line = (json.dumps({"custom_id": cid, "method": "POST", "url": ENDPOINT, "body": body},
                           ensure_ascii=False) + "\n").encode("utf-8")
        if len(line) > self.max_bytes:
            raise ConfigError(f"request {cid} takes {len(line):,} bytes, over the {self.max_bytes:,} a batch "
                              f"file may hold")
        if self._open and (self._open[0].requests >= self.max_requests
                           or self._open[0].bytes + len(line) > self.max_bytes):
            self._finish_part()
        if self._open is None:
            self.state.folder.mkdir(exist_ok=True)
            part = Part(name=f"r{self.round}-{len(self.state.parts) + len(self.added):03d}", round=self.round,
                        requests=0, bytes=0)
            self._open = (part, open(_temporary(self.state.file(part, "requests")), "wb"),
                          open(_temporary(self.state.file(part, "ids")), "wb"))
        part, requests, ids = self._open
        requests.write(line)
        ids.write(f"{cid}\t{digest(body)}\n".encode("utf-8"))
        part.requests += 1
        part.bytes += len(line)

    def _finish_part(self) -> None:
        part, *handles = self._open
        self._open = None
        for kind, handle in zip(("requests", "ids"), handles):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.replace(_temporary(self.state.file(part, kind)), self.state.file(part, kind))
        _sync_folder(self.state.folder)
        self.added.append(part)

    def close(self) -> list[Part]:
        """Finish the last file and record every part of the round in the state."""
        if self._open is not None:
            try:
                self._finish_part()
            except OSError as exc:
                raise OutputError(f"{self.state.folder}: cannot write request files ({exc.strerror or exc})") \
                    from None
        if self.added:
            self.state.parts.extend(self.added)
            self.state.save()
        return self.added


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)  # a rename survives a power cut only once its folder is synced
    finally:
        os.close(descriptor)


def write_durably(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a kill leaves the old file or the new, never half of one."""
    temporary = _temporary(path)
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _sync_folder(path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write it ({exc.strerror or exc})") from None
