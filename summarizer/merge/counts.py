"""Counts tied to a measure in a report: "at least 11 people died", "injuring 264".

Reports of one incident disagree most often on their figures; code finds each
count with the offsets of its sentence, so that a difference built from it is
verbatim by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .passages import body_start, sentence_span
from ..schema import Span

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(list(_UNITS)[1:10])}))?|{'|'.join(sorted(_UNITS, key=len, reverse=True))})"
)
_NUMBER = re.compile(
    rf"(?<![\w$£€.,:-])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER}(?:\s+hundred)?)"
    r"(?![\w%:-]|\.\d|\s*(?:a\.?m\b|p\.?m\b|GMT\b|percent\b|per cent\b))",
    re.IGNORECASE,
)
_QUALIFIERS = ["at least", "more than", "over", "some", "about", "around", "roughly", "nearly", "up to",
               "almost", "fewer than", "less than", "approximately"]
# Measures a count can be about, keyed by the words that tie a number to them.
MEASURES = {
    "deaths": ("killed", "killing", "kill", "dead", "died", "dies", "death", "deaths", "lives", "fatalities", "toll"),
    "injured": ("injured", "injuring", "injuries", "wounded", "wounding", "hurt", "hospital", "hospitalised",
                "hospitalized", "mutilated"),
    "bombs": ("bombs", "bombings", "explosions", "devices", "blasts"),
    "emails": ("emails", "e-mails"),
    "arrests": ("arrested", "arrests", "arrest"),
}
# "All victims were treated and released", "all of the injured have been discharged": the injured's count
# has become what happened to them. A denial ("not all", "were not released"), an exception ("all but
# two") or a forecast ("would be released") says otherwise.
_ALL_RELEASED = re.compile(
    r"(?<!\bnot )\ball\b(?:\s+of)?(?:\s+(?:the|those))?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:victims|injured|wounded|patients|hurt)\b(?:(?!\b(?:not|except|but|would|will|could|may|might|"
    r"expected|should)\b|n't\b)[^.;]){0,60}?"
    r"\b(?:released|discharged|sent home)\b", re.IGNORECASE)
RELEASED = "all released"
"""The fact a candidate pair gives for a report that says every one of the injured has gone home."""
_TRIGGERS = {word: key for key, words in MEASURES.items() for word in words}
# Number words: a passage's figures, not what it is about (see merge.similarity).
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS)


@dataclass
class Count:
    """A number tied to a measure ("deaths", "injured" ...) in one report."""

    measure: str
    value: int
    qualifier: Optional[str]
    text: str
    sentence: Span


_AT_LEAST = {"at least", "more than", "over"}
_NEAR = {"some", "about", "around", "roughly", "approximately"}
_AT_MOST = {"nearly", "almost", "up to", "fewer than", "less than"}


def value_range(count: Count) -> tuple[float, float]:
    """The values a count plausibly means: "some 21" is 19 to 23, "264" is 264.

    "At least 20" is read as 20 to 24, not 20 and up: a report that gives a
    lower bound gives it near its best figure, and "more than 150" revised to
    "264" is news, not agreement.
    """
    v = float(count.value)
    if count.qualifier in _AT_LEAST:
        return v, 1.2 * v
    if count.qualifier in _NEAR:
        return 0.9 * v, 1.1 * v
    if count.qualifier in _AT_MOST:
        return 0.8 * v, v
    return v, v


def compatible(x: Count, y: Count) -> bool:
    """Whether two counts can both be right: "264" and "more than 260", "some 21" and "at least 20"."""
    (lo_x, hi_x), (lo_y, hi_y) = value_range(x), value_range(y)
    return lo_x <= hi_y and lo_y <= hi_x


def _word_value(word: str) -> Optional[int]:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    hundred = word.endswith(" hundred")
    word = word.removesuffix(" hundred").strip()
    parts = re.split(r"[- ]", word)
    total = 0
    for part in parts:
        if part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        else:
            return None
    return total * 100 if hundred else total


_UNIT_WORDS = {"day", "days", "hour", "hours", "minute", "minutes", "week", "weeks", "month", "months", "year",
               "years", "times", "miles", "blocks", "percent", "points", "seconds"}
_TOKEN = re.compile(r"[\w']+(?:-[\w']+)*|[.;:!?,\u2013\u2014-]")
_BREAK = set(".;:!?,\u2013\u2014-")


def _measure_near(after: list[str], before: list[str]) -> Optional[str]:
    """The measure of the nearest trigger word: up to five words after, two before."""
    if after and after[0].lower() in _UNIT_WORDS:
        return None  # "three days after": a duration, not a count
    found: list[tuple[int, int, str]] = []
    for distance, word in enumerate(after[:5], start=1):
        if word in _BREAK or _NUMBER.fullmatch(word) or word.lower() in _UNIT_WORDS:
            break
        if word.lower() in _TRIGGERS:
            found.append((distance, 0, _TRIGGERS[word.lower()]))
            break
    for distance, word in enumerate(reversed(before[-2:]), start=1):
        if word in _BREAK or word.lower() in ("and", "but", "while"):  # a new clause starts
            break
        if word.lower() in _TRIGGERS:
            found.append((distance, 1, _TRIGGERS[word.lower()]))
            break
    return min(found)[2] if found else None


def find_counts(text: str) -> list[Count]:
    """Counts of deaths, injured, bombs, emails ... with their sentences.

    A number is tied to the nearest measure word within five words after it
    ("nine people were dead") or two words before it, qualifiers aside
    ("injured more than 150"). "14 of the wounded" is a part of a count, not a
    count, and is skipped; so are durations ("three days after the bombings").
    """
    counts = []
    skip = body_start(text)
    for match in _NUMBER.finditer(text, skip):
        value = _word_value(match.group("num"))
        if not value:
            continue
        after_text = text[match.end():match.end() + 60]
        if re.match(r"\s+of\s+(?:the|them|those|these)\b", after_text, re.IGNORECASE):
            continue
        before_text = text[max(skip, match.start() - 60):match.start()]
        qualifier = next((q for q in _QUALIFIERS if re.search(rf"\b{q}\s*$", before_text, re.IGNORECASE)), None)
        if qualifier:
            before_text = re.sub(rf"\b{qualifier}\s*$", "", before_text, flags=re.IGNORECASE)
        measure = _measure_near(_TOKEN.findall(after_text), _TOKEN.findall(before_text))
        if measure is None:
            continue
        counts.append(Count(measure=measure, value=value, qualifier=qualifier, text=match.group(0),
                            sentence=sentence_span(text, match.start())))
    return counts


def released_sentences(text: str) -> list[Span]:
    """Sentences that say every one of the injured was released or discharged."""
    skip = body_start(text)
    spans: dict[int, Span] = {}
    for match in _ALL_RELEASED.finditer(text, skip):
        sentence = sentence_span(text, match.start())
        spans.setdefault(sentence.start, sentence)
    return [spans[k] for k in sorted(spans)]
