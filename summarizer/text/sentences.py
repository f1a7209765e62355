"""Sentences located by offsets: spaCy's sentence boundaries, never across a line break."""

from __future__ import annotations

import re
from typing import Any

from ..schema import Span
from .nlp import parse


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for each paragraph; a line break ends one."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]


def located(text: str, start: int, end: int) -> Span:
    """The span ``text[start:end]``, trimmed of surrounding whitespace."""
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    return Span(text=body, start=start + lead, end=start + lead + len(body), match="exact")


def sentence_spans(text: str, doc: Any = None) -> list[Span]:
    """The article's sentences, each with its offsets.

    spaCy's boundaries are cut again at every line break: a dateline, a title
    and each paragraph are never glued to the next.
    """
    doc = doc if doc is not None else parse(text)
    spans = []
    for sent in doc.sents:
        start = sent.start_char
        for piece in re.finditer(r"[^\n]+", text[sent.start_char:sent.end_char]):
            span = located(text, start + piece.start(), start + piece.end())
            if span.text:
                spans.append(span)
    return spans


def containing(spans: list[Span], offset: int) -> Span | None:
    """The span that contains ``offset``, if any."""
    return next((s for s in spans if s.start <= offset < s.end), None)
