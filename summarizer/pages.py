"""What every HTML page shares: one Jinja2 environment, one stylesheet, text split for highlighting.

The templates (``summarizer/templates/``) hold all markup; Python only
prepares data for them. Autoescaping is on for every template, so article
text and model output always reach the page as text, never as markup. Each
page inlines the stylesheet and its script and loads nothing, so it can be
mailed or archived as it is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Iterable, Optional

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .schema import Span


def shorten(text: Optional[str], width: int = 80) -> str:
    """``text`` cut to at most ``width`` characters at a word boundary, with "…" when cut.

    A single word longer than ``width`` is the one case cut inside a word.
    """
    text = " ".join(str(text or "").split())
    if len(text) <= width:
        return text
    cut = text[:width]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–-") + "…"


def file_name(label: Optional[str]) -> str:
    """The last part of a path as given on the command line (reports are named by file, not by folder)."""
    return PurePath(str(label or "")).name or str(label or "")


def words(value: Optional[str]) -> str:
    """A vocabulary value for reading: ``requesting_authority`` -> ``requesting authority``."""
    return str(value or "").replace("_", " ")


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The one environment every page is rendered with (autoescaped, strict about missing names)."""
    env = Environment(
        loader=PackageLoader("summarizer", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(shorten=shorten, file_name=file_name, words=words)
    return env


def render(template: str, **context: Any) -> str:
    """Render one of the package's templates."""
    return environment().get_template(template).render(**context)


@dataclass(frozen=True)
class Segment:
    """A stretch of text between two span boundaries, and the tags of every span covering it."""

    start: int
    end: int
    text: str
    tags: tuple[str, ...]


def located(span: Optional[Span], text: str) -> bool:
    """True when ``span`` really sits at its offsets in ``text`` (so highlighting it shows the right words)."""
    return (span is not None and span.match != "not_found" and span.start is not None and span.end is not None
            and 0 <= span.start < span.end <= len(text) and text[span.start:span.end] == span.text)


def segments(text: str, marks: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """``text`` cut at every mark's ends; each piece lists the tags of the marks covering it, in mark order.

    Marks may overlap or nest in any way; the pieces always join back into ``text``.
    """
    marks = [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
    bounds = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out = []
    for start, end in zip(bounds, bounds[1:]):
        tags = tuple(dict.fromkeys(tag for s, e, tag in marks if s <= start and end <= e))
        out.append(Segment(start, end, text[start:end], tags))
    return out


def slug(value: str, width: int = 60) -> str:
    """A file-name-safe form of ``value`` (letters, digits, dashes)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-")[:width].strip("-").lower() or "article"
