"""Facts code can find in a report without a model: dated passages and counts.

Merging compares reports on what code can locate exactly: date phrases
("on Friday", "in July", "October 16"), resolved against the report's own
date, and counts tied to a measure ("at least 11 people died", "injuring 264").
Every fact carries the offsets of its sentence, so the evidence of every
difference built from it is verbatim by construction.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from .dates import resolve
from .schema import Span

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
}
_TRIGGERS = {word: key for key, words in MEASURES.items() for word in words}
_STOP = set(
    "the a an and or but of to in on at by for with from as that this these those is was were are be been has "
    "had have it its their his her he she they we you i not no said says say told would could will also after "
    "before about into than then there which who whom what when where while more most some least other others "
    "people report reports according".split()
)

_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                             "\u2014": "-", "\u00a0": " ", "\u2026": "."})


def normal(text: str) -> str:
    """Typography, case and whitespace folded: for deciding that two passages are the same text."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).lower()
    return " ".join(re.sub(r"[\"'.,;:!?]", " ", text).split())


def content_words(text: str) -> set[str]:
    """Stems (first six letters) of a passage's content words; numbers and dates left out."""
    words = re.findall(r"[a-z]+", normal(text))
    drop = _STOP | set(_MONTH_NAMES) | {w.lower() for w in _WEEKDAY_RE.split("|")} | set(_UNITS) | set(_TENS)
    return {w[:6] for w in words if len(w) > 2 and w not in drop}


def similarity(a: str, b: str) -> float:
    """Overlap of content words relative to the shorter passage (0..1)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


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


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause of a sentence around [start, end): between commas, semicolons and dashes."""
    left = max(sentence.rfind(c, 0, start) for c in ",;\u2014") + 1
    rights = [i for i in (sentence.find(c, end) for c in ",;\u2014") if i >= 0]
    return sentence[left:min(rights) if rights else len(sentence)]


def body_start(text: str) -> int:
    """Offset after a title or dateline line: a first line followed by a blank line."""
    match = re.match(r"[^\n]*\n[ \t]*\n", text)
    return match.end() if match and len(match.group(0)) < 200 else 0


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

    Adds to :func:`summarizer.dates.resolve`: "last night", a month without a
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


def find_dates(text: str, reference: Optional[dt.date], *, incident: Optional[dt.date] = None) -> list[DatedPassage]:
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
    return passages


# Days with names: "Bloody Friday" is an event's name, not a date.
_NAMED_DAYS = {"bloody", "good", "black", "holy", "ash", "palm", "easter", "maundy", "shrove", "super", "cyber",
               "giving", "boxing", "blue", "whit", "low"}


def _weekday_is_date(text: str, start: int, phrase: str) -> bool:
    before = re.findall(r"[\w']+", text[max(0, start - 30):start])
    return not before or before[-1].lower() not in _NAMED_DAYS


@dataclass
class Count:
    """A number tied to a measure ("deaths", "injured" ...) in one report."""

    measure: str
    value: int
    qualifier: Optional[str]
    text: str
    sentence: Span


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


def jaccard(a: str, b: str) -> float:
    """Content-word overlap relative to the union (1.0 for the same sentence reworded)."""
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def idf_weights(texts: list[str]) -> dict[str, float]:
    """Inverse sentence frequency of content words over all reports: rare words carry a topic."""
    sentences = [content_words(s.text) for text in texts for s in split_sentences(text)]
    counts: dict[str, int] = {}
    for words in sentences:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return {word: math.log(len(sentences) / n) for word, n in counts.items()}


def topic_score(a: str, b: str, idf: dict[str, float]) -> float:
    """Cosine-like overlap of two sentences' content words, each weighted by its rarity."""
    wa, wb = content_words(a), content_words(b)
    shared = wa & wb
    if not shared:
        return 0.0
    norm = math.sqrt(sum(idf.get(w, 0.0) for w in wa) * sum(idf.get(w, 0.0) for w in wb))
    return sum(idf.get(w, 0.0) for w in shared) / norm if norm else 0.0


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
