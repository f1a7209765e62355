"""Report text as code reads it: sentences, quotations, the body and the dateline.

Every passage a merge shows or compares is an exact span of its report, cut
here at sentence boundaries, so evidence built from it is verbatim by
construction.
"""

from __future__ import annotations

import re
from typing import Optional

from ..schema import Span


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (a paragraph break closes an open quote)."""
    ranges, start = [], None
    i = 0
    while i < len(text):
        ch = text[i]
        pair = text[i:i + 2]
        if ch == "\n" and start is not None:
            ranges.append((start, i))
            start = None
        elif ch == "\u201c" and start is None:
            start = i
        elif (ch == "\u201d" or pair == "\u2019\u2019") and start is not None:
            ranges.append((start, i))
            start = None
        elif ch == '"':
            if start is None:
                start = i
            else:
                ranges.append((start, i))
                start = None
        i += 1
    if start is not None:
        ranges.append((start, len(text)))
    return ranges


_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gov", "sen", "sens", "rep", "reps", "gen", "lt", "col", "capt",
                  "u.s", "u.k", "u.n", "a.m", "p.m", "jr", "sr", "no", "vs", "inc", "co", "corp", "ave", "mt", "ft"}
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")


def sentence_span(text: str, offset: int) -> Span:
    """The sentence of ``text`` that contains ``offset``, as an exact span.

    Ends at ``.``, ``!`` or ``?`` before a capital letter, and at line breaks;
    abbreviations ("U.S.", "Gov.", "p.m.") and initials do not end a sentence.
    """
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    for match in _SENTENCE_END.finditer(text, start, end):
        word = re.findall(r"[\w.]+$", text[start:match.start()])
        token = word[0].lower().rstrip(".") if word else ""
        if token in _ABBREVIATIONS or len(token) == 1:
            continue
        if match.end() <= offset:
            start = match.end()
        else:
            end = match.end()
            break
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(text=text[start:end], start=start, end=end, match="exact")


def body_start(text: str) -> int:
    """Offset after a title or dateline line: a first line followed by a blank line."""
    match = re.match(r"[^\n]*\n[ \t]*\n", text)
    return match.end() if match and len(match.group(0)) < 200 else 0


def split_sentences(text: str) -> list[Span]:
    """Every sentence of the body (after a title or dateline line), as exact spans."""
    spans, i = [], body_start(text)
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        span = sentence_span(text, i)
        spans.append(span)
        i = max(span.end, i + 1)
    return spans


def sentences_mentioning(text: str, names: list[str]) -> list[Span]:
    """Sentences that name one of ``names`` next to a verb of saying (for paraphrased reactions)."""
    spans: list[Span] = []
    for name in sorted({n for n in names if len(n) > 2}, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            sentence = sentence_span(text, match.start())
            if re.search(r"\b(?:said|says|told|added|wrote|stated|confirmed|applauded|regretted)\b", sentence.text) \
                    and all(s.start != sentence.start for s in spans):
                spans.append(sentence)
    return sorted(spans, key=lambda s: s.start)


def shorten(text: str, limit: int = 220) -> str:
    """One line of at most ``limit`` characters, cut at a word."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


_WIRE_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z .,'-]{1,40}?\s*\((?P<outlet>[A-Z][A-Za-z&. ]{1,24})\)\s*[-\u2013\u2014:]", re.MULTILINE)


def dateline_outlet(text: str) -> Optional[str]:
    """The outlet a wire dateline names near the top: "New York (AFP) – ..." gives "AFP"."""
    head = "\n".join([line for line in text.splitlines() if line.strip()][:3])
    found = _WIRE_DATELINE.search(head)
    return found.group("outlet").strip() if found else None
