"""Direct quotations: paired quotation marks, found by code so every quote is verbatim.

Curly (“…”), straight ("…"), guillemets («…») and typewriter pairs (``…'' or
"…'') count, in any mix seen in real copy. Single quotation marks inside a
double-quoted passage are part of it, and an apostrophe never ends a
quotation. A quotation open at the end of a paragraph whose next paragraph
opens with a quotation mark runs to the paragraph's end (the convention for a
quotation over several paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import Span
from .sentences import paragraphs

MIN_WORDS = 3
_OPEN = re.compile(r"``|[\u201c\u00ab\u201e\"]")
_CLOSE = re.compile(r"''|[\u201d\u00bb\"]")
_MARK = re.compile(r"``|''|[\u201c\u201d\u00ab\u00bb\u201e\"]")


@dataclass(frozen=True)
class Quotation:
    """The words inside one pair of quotation marks (marks and trailing comma excluded)."""

    span: Span
    paragraph: int  # index of the paragraph it stands in


def words(text: str) -> int:
    """How many words ``text`` has (contractions count once)."""
    return len(re.findall(r"\w+(?:['\u2019]\w+)*", text))


def _quotation(text: str, start: int, end: int, paragraph: int) -> Quotation | None:
    inner = text[start:end]
    body = inner.strip().rstrip(",").rstrip()
    if words(body) < MIN_WORDS:
        return None
    begin = start + len(inner) - len(inner.lstrip())
    return Quotation(Span(text=text[begin:begin + len(body)], start=begin, end=begin + len(body)), paragraph)


def find_quotations(text: str, min_words: int = MIN_WORDS) -> list[Quotation]:
    """Every quotation of at least ``min_words`` words, in article order."""
    found: list[Quotation] = []
    paras = paragraphs(text)
    for index, (offset, para) in enumerate(paras):
        opened: int | None = None
        for mark in _MARK.finditer(para):
            token = mark.group(0)
            if opened is None:
                if _OPEN.fullmatch(token):
                    opened = mark.end()
            elif _CLOSE.fullmatch(token):
                quote = _quotation(text, offset + opened, offset + mark.start(), index)
                if quote and words(quote.span.text) >= min_words:
                    found.append(quote)
                opened = None
        if opened is not None and index + 1 < len(paras) and _OPEN.match(paras[index + 1][1].lstrip()):
            quote = _quotation(text, offset + opened, offset + len(para), index)
            if quote and words(quote.span.text) >= min_words:
                found.append(quote)
    return found
