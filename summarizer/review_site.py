"""``summarizer batch --html DIR``: one review page per article, and an ``index.html`` listing them.

Pages are written as articles finish (each atomically), so an interrupted batch
leaves the pages of every finished article; the index is written at the end
(also after an interruption) and lists every article of the run: its event
type, date, parties and how many items a reader should check, or its error.
The index sorts and filters in plain JavaScript (``templates/index.js``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .errors import InputError
from .files import write_atomic
from .pages import file_name, render, shorten, slug
from .review import check_count
from .review import to_html as review_page
from .schema import ArticleSummary


@dataclass
class Row:
    """One article in the index."""

    id: str
    title: str
    href: Optional[str] = None
    event_type: str = ""
    date: str = ""
    parties: list[str] = field(default_factory=list)
    checks: int = 0
    error: Optional[str] = None


def page_name(article_id: str) -> str:
    """A file name for an article's page: readable, and unique per id (ids may differ only in case or folder)."""
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8]
    return f"{slug(file_name(article_id).removesuffix('.txt'))}-{digest}.html"


class ReviewSite:
    """Writes review pages into a folder as articles finish, then the index."""

    def __init__(self, folder: Path):
        folder = folder.expanduser()
        if folder.exists() and not folder.is_dir():
            raise InputError(f"--html {folder}: not a directory")
        if not folder.parent.exists():
            raise InputError(f"--html {folder}: {folder.parent} does not exist")
        folder.mkdir(exist_ok=True)
        self.folder = folder
        self.rows: dict[str, Row] = {}

    def add(self, article_id: str, text: Optional[str], summary: Optional[ArticleSummary], *,
            title: Optional[str] = None, error: Optional[str] = None) -> None:
        """Write one article's page (or record its error for the index)."""
        label = title or file_name(article_id)
        if summary is None or text is None:
            self.rows[article_id] = Row(article_id, label, error=error or "no summary")
            return
        name = page_name(article_id)
        write_atomic(self.folder / name, review_page(summary, text, title=title, source=article_id,
                                                     index="index.html"))
        self.rows[article_id] = Row(
            article_id, title or shorten(summary.headline, 120) or label, href=name,
            event_type=summary.incident.event_type, date=summary.incident.date or "",
            parties=[p.name for p in summary.parties], checks=check_count(summary, text),
        )

    def add_recorded(self, output: Path, articles: Iterable) -> None:
        """Pages for the articles an earlier run already summarised into ``output`` (``--resume``)."""
        wanted = {a.id: a for a in articles if a.id not in self.rows}
        if not wanted or not output.is_file():
            return
        with output.open("rb") as handle:
            for raw in handle:
                try:
                    record = json.loads(raw)
                except ValueError:
                    continue
                article = wanted.get(str(record.get("id"))) if isinstance(record, dict) else None
                if article is None or record.get("summary") is None:
                    continue
                try:
                    text = article.read()
                except InputError:
                    continue
                self.add(article.id, text, ArticleSummary.model_validate(record["summary"]), title=article.title)

    def finish(self) -> Path:
        """Write ``index.html``; return its path."""
        rows = sorted(self.rows.values(), key=lambda r: r.id)
        path = self.folder / "index.html"
        write_atomic(path, render("index.html.j2", rows=rows, title=f"{len(rows)} articles",
                                  checks=sum(r.checks for r in rows), failed=sum(1 for r in rows if r.error)))
        return path
