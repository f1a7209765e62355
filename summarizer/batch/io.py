"""Batch input and output: articles from files, folders and JSONL; results as JSONL.

Input: article files, folders (searched recursively with a glob), and JSONL
files or stdin with one ``{"id", "text", "title"?, "date"?, "url"?}`` object
per line. A malformed line is reported with its line number and skipped; the
rest are read. A file's id does not depend on how its path was
spelled (``arts/``, ``./arts``, ``/home/me/arts``), so ``--resume`` recognises
it: under a folder it is the folder's name and the path below it
(``arts/2018/a.txt``); a file named on its own is its path from the current
folder, or its absolute path when it lies elsewhere.

Output: one JSON line per finished article, appended as soon as it finishes
with one ``write(2)`` on a descriptor opened with ``O_APPEND``, so a crash,
Ctrl-C or kill loses no finished line; it is then ``fsync``'d in the
background. A SIGKILL during a write larger than a page can still tear the
last line: ``--resume`` drops such a line (its article is simply redone).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Optional, Sequence

from ..errors import InputError
from ..files import check_article, read_article

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, the rest works
    fcntl = None


@dataclass
class Article:
    """One article to summarise; a file's text is read only when it is processed."""

    id: str
    text: Optional[str] = None
    path: Optional[Path] = None
    date: Optional[dt.date] = None
    title: Optional[str] = None
    url: Optional[str] = None

    def read(self) -> str:
        """The text. Raises ``InputError`` for an unreadable file."""
        if self.text is not None:
            return check_article(self.text, "article")  # the rules a file's text meets
        try:
            return read_article(self.path)
        except OSError as exc:  # e.g. no permission, or removed since the batch began
            raise InputError(f"{self.path}: cannot read it ({exc.strerror or exc})") from None


@dataclass
class Inputs:
    """What the inputs held: the articles, and one line per problem found."""

    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _seen: dict[str, str] = field(default_factory=dict, repr=False)

    def add(self, article: Article, where: str) -> None:
        # Ids key the output (resume, exactly-once), so a repeat is refused.
        if article.id in self._seen:
            first = self._seen[article.id]
            self.problems.append(f"{where}: duplicate id {article.id!r} (first in {first}), skipped")
            return
        self._seen[article.id] = where
        self.articles.append(article)


def load_inputs(sources: Sequence[str], glob: str = "*.txt", stdin: Optional[IO[bytes]] = None) -> Inputs:
    """Collect the articles of every source, in the order given.

    Raises:
        InputError: a source does not exist.
    """
    inputs = Inputs()
    for source in sources:
        if source == "-":
            _read_jsonl(stdin if stdin is not None else sys.stdin.buffer, "stdin", inputs)
            continue
        path = Path(source)
        if path.is_dir():
            # Hidden folders (.git, caches) are never articles.
            found = sorted(p for p in path.rglob(glob) if p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            root = path.resolve()
            for item in found:
                _load_file(item, inputs, (Path(root.name) / item.relative_to(path)).as_posix())
        elif path.exists():
            _load_file(path, inputs, _own_id(path))
        else:
            raise InputError(f"{source}: no such file or directory")
    return inputs


def _own_id(path: Path) -> str:
    """A file's id: its path from the current folder, or its absolute path outside it."""
    full = path.resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def _load_file(path: Path, inputs: Inputs, ident: str) -> None:
    if path.suffix == ".jsonl":
        with path.open("rb") as handle:
            _read_jsonl(handle, str(path), inputs)
    else:
        inputs.add(Article(id=ident, path=path), str(path))


def _read_jsonl(lines: Iterable[bytes], where: str, inputs: Inputs) -> None:
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            article = parse_line(raw)
        except ValueError as exc:
            inputs.problems.append(f"{where} line {number}: {exc}, skipped")
            continue
        inputs.add(article, f"{where} line {number}")


def parse_line(raw: bytes) -> Article:
    """One JSONL input line as an :class:`Article`; ``ValueError`` says what is wrong."""
    try:
        record = json.loads(raw.rstrip(b"\r\n"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        reason = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg  # "... starting at" + our own "at"
        raise ValueError(f"not valid JSON ({reason} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    ident = record.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int)) or str(ident).strip() == "":
        raise ValueError("no 'id' (a non-empty string or a number)")
    if not isinstance(record.get("text"), str):
        raise ValueError("no 'text' (a string)")
    for name in ("title", "date", "url"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise ValueError(f"'{name}' is not a string")
    date = None
    if record.get("date"):
        try:  # a full timestamp is fine: its date part is what the pipeline needs
            date = dt.date.fromisoformat(record["date"][:10])
        except ValueError:
            raise ValueError(f"'date' {record['date']!r} is not YYYY-MM-DD") from None
    return Article(id=str(ident), text=record["text"], date=date, title=record.get("title"), url=record.get("url"))


@dataclass
class Recorded:
    """What an existing output already holds, by article id."""

    done: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


class JsonlWriter:
    """Appends whole lines to the output (a file, or stdout when ``path`` is None).

    The file is locked (``flock``) while open, so two batches cannot write one
    output at once.
    """

    def __init__(self, path: Optional[Path]):
        self.path = path
        self._fd: Optional[int] = None
        self._fsync = False
        self._dirty = False
        self._syncing: Optional[asyncio.Task] = None
        if path is not None:
            self._open()

    def _open(self) -> None:
        self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)  # read back by --resume
        try:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise InputError(f"{self.path}: another batch is writing to it") from None
        self._fsync = stat.S_ISREG(os.fstat(self._fd).st_mode)  # a FIFO or /dev/stdout cannot be synced

    def truncate(self) -> None:
        """Empty the output (``--overwrite``)."""
        os.ftruncate(self._fd, 0)

    def recorded(self) -> Recorded:
        """Ids already in the output; a torn last line (interrupted write) is cut off."""
        found = Recorded()
        with open(self._fd, "rb", closefd=False) as handle:
            handle.seek(0)
            data = handle.read()
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            os.ftruncate(self._fd, keep)
            data = data[:keep]
            found.notes.append(f"{self.path}: dropped an incomplete last line (an interrupted write)")
        for number, raw in enumerate(data.split(b"\n"), 1):
            if not raw.strip():
                continue
            record = _result(raw)
            if record is None:
                found.notes.append(f"{self.path} line {number}: not a result line, ignored")
                continue
            ident = str(record["id"])
            (found.done if record.get("summary") is not None else found.failed).add(ident)
        found.failed -= found.done
        return found

    def forget(self, ids: set[str]) -> None:
        """Remove the error lines of ``ids`` (about to be retried), atomically.

        So that an article is in the output once, even after ``--retry-failed``.
        """
        with open(self._fd, "rb", closefd=False) as handle:
            handle.seek(0)
            lines = handle.read().split(b"\n")
        kept = []
        for raw in lines:
            record = _result(raw)
            drop = record is not None and record.get("summary") is None and str(record["id"]) in ids
            if raw.strip() and not drop:
                kept.append(raw + b"\n")
        temporary = self.path.with_name(f".{self.path.name}.rewrite")
        with open(temporary, "wb") as handle:
            handle.writelines(kept)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        os.close(self._fd)  # its lock goes with the old file
        self._open()

    def write(self, line: str) -> None:
        """Append one line (ending in a newline) with a single write call."""
        if self._fd is None:
            sys.stdout.write(line)
            sys.stdout.flush()
            return
        data = line.encode("utf-8")
        written = os.write(self._fd, data)
        while written < len(data):  # only on a full disk or a signal: finish the line
            written += os.write(self._fd, data[written:])
        if self._fsync:
            self._dirty = True
            self._sync_soon()

    def _sync_soon(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._dirty = False
            os.fsync(self._fd)
            return
        if self._syncing is None or self._syncing.done():
            self._syncing = loop.create_task(self._sync_loop())

    async def _sync_loop(self) -> None:
        # fsync off the event loop; one fsync covers every line written before
        # it started, so lines that finish together share one.
        while self._dirty:
            self._dirty = False
            await asyncio.to_thread(os.fsync, self._fd)

    async def flush(self) -> None:
        """Wait until every line written so far is on disk."""
        if self._syncing is not None:
            await self._syncing

    def close(self) -> None:
        if self._fd is not None:
            if self._fsync:
                os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None


def _result(raw: bytes) -> Optional[dict]:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    return record if isinstance(record, dict) and "id" in record else None
