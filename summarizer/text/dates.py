"""Dates: the article's own date, and date phrases resolved against it.

The model copies the date phrase as written ("early Friday morning"); code
resolves it, because a weekday means nothing without the article's date and a
1.5B model cannot be trusted with calendar arithmetic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from dateutil import parser as dateparser

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EXPLICIT = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)


def _parse(text: str, default: Optional[dt.date] = None) -> Optional[dt.date]:
    try:
        base = dt.datetime.combine(default or dt.date(2000, 1, 1), dt.time())
        return dateparser.parse(text, default=base, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


def article_date(text: str) -> Optional[dt.date]:
    """The date an article carries near its top (dateline), if any.

    Looks at the first three non-empty lines: "Updated at 10:0am 28 April 2018",
    "Friday, May 9, 2008", "2018-04-28".
    """
    lines = [line for line in text.splitlines() if line.strip()][:3]
    for line in lines:
        found = _EXPLICIT.search(line)
        if found:
            return _parse(found.group(1))
    return None


def dateline_end(text: str) -> int:
    """Where the dateline ends: after the first of the first three lines that holds
    an explicit date (see :func:`article_date`), else 0."""
    offset = 0
    for line in text.splitlines(keepends=True)[:6]:
        if line.strip() and _EXPLICIT.search(line) and len(line.split()) <= 12:
            return offset + len(line)
        offset += len(line)
    return 0


def resolve(phrase: Optional[str], reference: Optional[dt.date]) -> Optional[dt.date]:
    """Resolve a date phrase as written to a calendar date.

    Args:
        phrase: e.g. "28 April 2018", "on Friday", "last Wednesday", "yesterday".
        reference: the article's own date; weekdays and relative words are
            resolved against it (the most recent such day, on or before it).

    Returns:
        The date, or ``None`` when the phrase cannot be resolved.
    """
    if not phrase:
        return None
    low = phrase.lower()
    found = _EXPLICIT.search(phrase)
    if found:
        return _parse(found.group(1))
    if reference is None:
        return None
    found = _DAY_MONTH.search(phrase)
    if found:
        day = _parse(found.group(1), default=reference)
        if day and day > reference:
            day = day.replace(year=day.year - 1)
        return day
    if "yesterday" in low:
        return reference - dt.timedelta(days=1)
    if "today" in low or "tonight" in low or "this morning" in low:
        return reference
    for number, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            back = (reference.weekday() - number) % 7
            if back == 0 and "last" in low:
                back = 7
            return reference - dt.timedelta(days=back)
    return None
