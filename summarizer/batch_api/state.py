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
from typing import Iterator, Optional

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

    def add_parts(self, requests: list[tuple[str, dict]], round_: int, *, max_requests: int = MAX_REQUESTS,
                  max_bytes: int = MAX_BYTES) -> list[Part]:
        """Write ``(custom id, body)`` requests as request files within the limits, and record them.

        Raises:
            ConfigError: one request alone is larger than ``max_bytes``.
        """
        self.folder.mkdir(exist_ok=True)
        added: list[Part] = []
        lines: list[tuple[str, str, bytes]] = []
        size = 0
        for cid, body in requests:
            line = (json.dumps({"custom_id": cid, "method": "POST", "url": ENDPOINT, "body": body},
                               ensure_ascii=False) + "\n").encode("utf-8")
            if len(line) > max_bytes:
                raise ConfigError(f"request {cid} takes {len(line):,} bytes, over the {max_bytes:,} a batch "
                                  f"file may hold")
            if lines and (len(lines) >= max_requests or size + len(line) > max_bytes):
                added.append(self._write_part(lines, round_, len(self.parts) + len(added)))
                lines, size = [], 0
            lines.append((cid, digest(body), line))
            size += len(line)
        if lines:
            added.append(self._write_part(lines, round_, len(self.parts) + len(added)))
        self.parts.extend(added)
        self.save()  # recorded only once every file is whole on disk
        return added

    def _write_part(self, lines: list[tuple[str, str, bytes]], round_: int, number: int) -> Part:
        part = Part(name=f"r{round_}-{number:03d}", round=round_, requests=len(lines),
                    bytes=sum(len(line) for _, _, line in lines))
        write_durably(self.file(part, "requests"), b"".join(line for _, _, line in lines))
        write_durably(self.file(part, "ids"), "".join(f"{cid}\t{d}\n" for cid, d, _ in lines).encode("utf-8"))
        return part

    def ids(self, part: Part) -> Iterator[tuple[str, str]]:
        """A part's ``(custom id, body digest)`` pairs."""
        with self.file(part, "ids").open(encoding="utf-8") as handle:
            for line in handle:
                cid, _, dig = line.rstrip("\n").rpartition("\t")
                yield cid, dig


def write_durably(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a kill leaves the old file or the new, never half of one."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a power cut
        finally:
            os.close(folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write it ({exc.strerror or exc})") from None
