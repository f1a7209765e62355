"""Locate model-written text in the article: offsets, match status and repair.

A quote the model gives is searched for in three steps:

1. exactly, after typographic normalisation (curly vs straight quotes and
   apostrophes, dashes, runs of whitespace): match ``exact``;
2. by fuzzy alignment (rapidfuzz) when the words differ a little: the span is
   *repaired* to the article's own words and marked ``fuzzy``;
3. otherwise it is ``not_found`` and keeps the model's text, so a paraphrase
   is never presented as the article's words.

In every grounded span, ``article[start:end] == text``.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..schema import Span

_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2026": ".",
})
_QUOTE_MARKS = "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb "
FUZZY_THRESHOLD = 90.0


def _normalise(text: str) -> tuple[str, list[int]]:
    """Typographically normalised, lower-cased text and each char's source index."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text.translate(_TYPOGRAPHY)):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)  # keep offsets one-to-one
        index.append(i)
    return "".join(out), index


def _clean(text: str) -> str:
    return text.strip().strip(_QUOTE_MARKS).strip()


class Grounder:
    """Grounds many pieces of text in one article (normalises it once)."""

    def __init__(self, article: str):
        self.article = article
        self._norm, self._index = _normalise(article)

    def _span(self, nstart: int, nend: int, match: str) -> Span:
        start = self._index[nstart]
        end = self._index[nend - 1] + 1
        return Span(text=self.article[start:end], start=start, end=end, match=match)

    def ground(self, text: str) -> Span:
        """Return the span of the article that ``text`` stands for."""
        cleaned = _clean(text)
        query, _ = _normalise(cleaned)
        query = query.strip()
        if not query:
            return Span(text=text, match="not_found")
        pos = self._norm.find(query)
        if pos >= 0:
            return self._span(pos, pos + len(query), "exact")
        if len(query) >= 12:
            found = fuzz.partial_ratio_alignment(query, self._norm, score_cutoff=FUZZY_THRESHOLD)
            if found is not None and found.dest_end > found.dest_start:
                start, end = self._snap(found.dest_start, found.dest_end)
                if abs((end - start) - len(query)) <= max(5, len(query) // 5):
                    return self._span(start, end, "fuzzy")
        return Span(text=cleaned, match="not_found")

    def _snap(self, start: int, end: int) -> tuple[int, int]:
        """Widen a normalised range to whole words, never past quotation marks."""
        norm = self._norm
        while start > 0 and re.match(r"\w", norm[start - 1]):
            start -= 1
        while end < len(norm) and re.match(r"\w", norm[end]):
            end += 1
        while end > start and norm[end - 1] in " \"'":
            end -= 1
        while start < end and norm[start] in " \"'":
            start += 1
        return start, end

    def sentence_at(self, offset: int) -> Span:
        """The sentence of the article that contains ``offset``."""
        text = self.article
        start = max(text.rfind(". ", 0, offset) + 2, text.rfind("\n", 0, offset) + 1, 0)
        ends = [e for e in (text.find(". ", offset), text.find("\n", offset)) if e >= 0]
        end = min(ends) + 1 if ends else len(text)
        end = min(end, len(text))
        segment = text[start:end].strip()
        start = text.index(segment, start) if segment else start
        return Span(text=segment, start=start, end=start + len(segment), match="exact")


def ground(text: str, article: str) -> Span:
    """Ground one piece of text in an article. See :class:`Grounder`."""
    return Grounder(article).ground(text)
