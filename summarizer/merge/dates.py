"""Date phrases in a report, resolved to calendar dates, with their sentences.

Merging dates events and compares reports on date phrases code can locate
exactly ("on Friday", "in July", "October 16"), resolved against the report's
own date; each carries the offsets of its sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from ..text.dates import resolve
from .passages import body_start, quoted_ranges, sentence_span
from ..schema import Span

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_MONTH_RE = "|".join(m.capitalize() for m in _MONTH_NAMES) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_WEEKDAY_RE = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DAY_MONTH = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\.?(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?)"
)
_WEEKDAY = re.compile(
    rf"\b(?:(?:[Ll]ast|[Oo]n|[Ee]arly|[Ll]ate|[Tt]his|[Bb]y|[Ss]ince|[Uu]ntil|[Nn]ext)\s+)?(?:{_WEEKDAY_RE})"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
)
_RELATIVE = re.compile(r"\b(?:yesterday|today|tonight|last night|this morning)\b", re.IGNORECASE)
# A month on its own needs a preposition, so that "may" the verb is never a month.
_MONTH_ONLY = re.compile(
    rf"\b(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?:(?:early|late|mid-?)\s*)?"
    rf"(?P<month>{'|'.join(_MONTH_NAMES[:4] + _MONTH_NAMES[5:])}|May)\b(?!\s+\d)",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:scheduled|will|next|upcoming|due to|set to|expected to)\b", re.IGNORECASE)
# Month and weekday names: a passage's date, not what it is about (see merge.similarity).
DATE_WORDS = frozenset(_MONTH_NAMES) | {w.lower() for w in _WEEKDAY_RE.split("|")}


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause of a sentence around [start, end): between commas, semicolons and dashes."""
    left = max(sentence.rfind(c, 0, start) for c in ",;\u2014") + 1
    rights = [i for i in (sentence.find(c, end) for c in ",;\u2014") if i >= 0]
    return sentence[left:min(rights) if rights else len(sentence)]


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a < offset < b for a, b in ranges)


def _month_before(month: int, reference: dt.date, future: bool) -> str:
    year = reference.year
    if future and month < reference.month:
        year += 1
    elif not future and month > reference.month:
        year -= 1
    return f"{year:04d}-{month:02d}"


def _shift(day: dt.date, reference: dt.date, weekday: bool) -> dt.date:
    """Move a date resolved backwards (as ``dates.resolve`` does) forward, for a sentence about the future."""
    if day >= reference:
        return day
    if weekday:
        return day + dt.timedelta(days=7)
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)


def resolve_phrase(phrase: str, reference: Optional[dt.date], *, future: bool = False,
                   retrospective: bool = False) -> Optional[str]:
    """Resolve a date phrase to ``YYYY-MM-DD`` (or ``YYYY-MM`` for a month alone).

    Adds to :func:`summarizer.text.dates.resolve`: "last night", a month without a
    day ("in June"), forward resolution for the future ("scheduled for
    October 16", "on Monday" in a sentence saying what will happen), and
    retrospectives: a report written long after its incident says "Friday" about
    a day it cannot anchor, so weekdays and relative words stay unresolved there
    and ``reference`` is then the incident's date.
    """
    low = phrase.lower()
    month_only = _MONTH_ONLY.fullmatch(phrase.strip())
    if month_only:
        if reference is None:
            return None
        return _month_before(_MONTH_NAMES.index(month_only.group("month").lower()) + 1, reference, future)
    if re.search(r"\d{4}", phrase):
        day = resolve(phrase, reference)
        return day.isoformat() if day else None
    if retrospective and not _DAY_MONTH.search(phrase):
        return None
    if reference is None:
        return None
    if low.strip() == "last night":
        return (reference - dt.timedelta(days=1)).isoformat()
    day = resolve(phrase, reference)
    if day is None:
        return None
    if future and low.split()[0] != "last":
        day = _shift(day, reference, weekday=_DAY_MONTH.search(phrase) is None)
    return day.isoformat()


@dataclass
class DatedPassage:
    """A date phrase in a report, resolved, with the sentence that carries it."""

    date: str
    phrase: str
    sentence: Span


UNDATED = "undated"
"""The date of a passage whose phrase could not be placed: its report has no date of its own."""


def find_dates(text: str, reference: Optional[dt.date], *, incident: Optional[dt.date] = None,
               keep_undated: bool = False) -> list[DatedPassage]:
    """Every resolvable date phrase outside quotations, with its sentence.

    Quoted speech is skipped: its "today" is the speaker's day, not the report's.
    So is a title or dateline line: the report's own date is not an event.

    Args:
        text: the report.
        reference: the report's own date.
        incident: given for a retrospective (a report written long after its
            incident): past phrases are read against the incident's date, and
            weekdays are left unresolved; what is scheduled still counts from
            the report's date.
        keep_undated: also return the phrases that cannot be placed without
            ``reference`` ("on Friday" in an undated report), dated :data:`UNDATED`.
    """
    quotes = quoted_ranges(text)
    skip = body_start(text)
    found: list[tuple[int, int, str]] = []
    for pattern in (_DAY_MONTH, _MONTH_ONLY, _WEEKDAY, _RELATIVE):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s <= start < e or s < end <= e for s, e, _ in found):
                continue  # "Friday, 21 July 1972": the fuller phrase wins
            if pattern is _WEEKDAY and not _weekday_is_date(text, start, match.group(0)):
                continue
            if pattern is _WEEKDAY and (_DAY_MONTH.match(text, end + 2) or _DAY_MONTH.match(text, end + 1)):
                continue
            found.append((start, end, match.group(0)))
    passages = []
    for start, end, phrase in sorted(found):
        if start < skip or _inside(start, quotes):
            continue
        sentence = sentence_span(text, start)
        clause = _clause(sentence.text, start - sentence.start, end - sentence.start)
        future = bool(_FUTURE.search(clause))
        anchor = reference if future or incident is None else incident
        date = resolve_phrase(phrase, anchor, future=future, retrospective=incident is not None)
        if date:
            passages.append(DatedPassage(date=date, phrase=phrase, sentence=sentence))
        elif keep_undated and reference is None:
            passages.append(DatedPassage(date=UNDATED, phrase=phrase, sentence=sentence))
    return passages


# Days with names: "Bloody Friday" is an event's name, not a date.
_NAMED_DAYS = {"bloody", "good", "black", "holy", "ash", "palm", "easter", "maundy", "shrove", "super", "cyber",
               "giving", "boxing", "blue", "whit", "low"}


def _weekday_is_date(text: str, start: int, phrase: str) -> bool:
    before = re.findall(r"[\w']+", text[max(0, start - 30):start])
    return not before or before[-1].lower() not in _NAMED_DAYS
