"""Candidates found by code, for the model to judge: quotations, trigger sentences, names.

The model picks among these; it never copies article text. So every quote and
every evidence span is verbatim and grounded by construction, and the model's
output shrinks to short judgements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import Span

MIN_QUOTE_WORDS = 3
CONTEXT_CHARS = 150

_OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"'}
_CLOSE = {"\u201d", "\u00bb", '"'}


@dataclass(frozen=True)
class Candidate:
    """A piece of the article (``span``) with the text just before and after it,
    and for a quotation the reporting clause that attributes it, when code finds one."""

    span: Span
    before: str
    after: str
    attribution: str = ""


_VERB = r"(?:said|says|told|added|wrote|explained|asked|stated|replied|continued|insisted|warned|declared)"
_WHO = r"(?:(?:[A-Z][\w.'\u2019-]*|of|the)\s+){0,5}(?:he|she|they|it|[A-Z][\w'\u2019-]+|[a-z]+)"
_AFTER = re.compile(rf"^[\s,.!?\"'\u201d\u2019]*(?:({_WHO}\s+{_VERB}\b[^.;\"\u201c\u201d]{{0,40}})|({_VERB}\s+{_WHO}))")
_BEFORE = re.compile(rf"({_WHO}\s+{_VERB}\b[^.\"\u201c\u201d]{{0,40}}?)[\s:,.]*[\"\u201c]?\s*$")


_NAME_WORD = r"[A-Z](?:[\w'\u2019-]|\.(?=[A-Za-z]))*"  # "U.S" yes, "Montalvo. Rathbun" no
_NAME_RUN = rf"{_NAME_WORD}(?:\s+(?:of\s+|the\s+)?{_NAME_WORD}){{0,4}}"
_ROLE_NOUN = r"(?:officials?|spokes(?:man|woman|person)|police|authorities|lawyers?|prosecutors?|ministry|government)"
_SPEECH_VERB = (r"(?:said|says|told|added|wrote|explained|asked|stated|replied|continued|insisted|warned|"
                r"declared|confirmed|applauded|regretted|thanked|denied|critici[sz]ed|condemned|welcomed|"
                r"praised|urged|accused|acknowledged|argued|claimed|announced|pledged|vowed|rejected|demanded)")
_SPEAKER = [
    # "Phil Robertson, the deputy director of ..., applauded"
    re.compile(rf"^({_NAME_RUN}),[^,]{{3,120}},\s+(?:{_SPEECH_VERB}|[a-z]+ed)\b"),
    # "Robertson said", "Khieu Sopheak has said", "Scientology officials stated"
    re.compile(rf"({_NAME_RUN})(?:\s+{_ROLE_NOUN})?\s+(?:has\s+|have\s+|had\s+)?{_SPEECH_VERB}\b"),
    # "..., said Robertson." (not "said Cambodia has ...")
    re.compile(rf"\b(?:said|says|added|wrote)\s+({_NAME_RUN})\s*(?:[,.;]|$)"),
]


def speaker_name(clause: str) -> str:
    """The proper name of whoever speaks in a reporting clause ("Robertson said in
    a statement" -> "Robertson"), or "" for a pronoun or a clause with no name."""
    for pattern in _SPEAKER:
        for found in pattern.finditer(clause):
            words = found.group(1).split()
            while words and words[0] in _NOT_NAMES:
                words = words[1:]
            name = " ".join(words).strip(" ,.")
            if name and name not in _NOT_NAMES:
                return name
    return ""


def attribution(before: str, after: str) -> str:
    """The reporting clause next to a quotation ("he said", "Robertson said in a
    statement"), looked for just after it, then just before it."""
    found = _AFTER.match(after)
    if found:
        return (found.group(1) or found.group(2)).strip(" ,")
    found = _BEFORE.search(before)
    return found.group(1).strip(" ,") if found else ""


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for each paragraph; a blank line or a line break ends one."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """About ``CONTEXT_CHARS`` of text on each side of a span, whitespace collapsed."""
    before = " ".join(text[max(0, start - CONTEXT_CHARS):start].split())
    after = " ".join(text[end:end + CONTEXT_CHARS].split())
    return before, after


def _words(text: str) -> int:
    return len(re.findall(r"\w+(?:['\u2019]\w+)*", text))


def quote_candidates(text: str) -> list[Candidate]:
    """Direct quotations: paired double quotation marks within one paragraph.

    Curly, straight and mixed pairs count (“…" occurs in real copy); a straight
    mark closes when a quotation is open. Single quotation marks inside a
    double-quoted passage are part of it; an apostrophe never ends a quotation.
    Quotations of fewer than three words (scare quotes) are skipped, and a
    mark left open at the end of a paragraph pairs with nothing.
    """
    found: list[Candidate] = []
    for offset, para in _paragraphs(text):
        opened: int | None = None
        for i, ch in enumerate(para):
            if opened is None and ch in _OPEN:
                opened = i
            elif opened is not None and ch in _CLOSE:
                inner_start, inner_end = opened + 1, i
                inner = para[inner_start:inner_end]
                stripped = inner.strip().rstrip(",").rstrip()
                if _words(stripped) >= MIN_QUOTE_WORDS:
                    start = offset + inner_start + (len(inner) - len(inner.lstrip()))
                    end = start + len(stripped)
                    before, after = context(text, start, end)
                    found.append(Candidate(
                        Span(text=text[start:end], start=start, end=end, match="exact"),
                        before, after, attribution(before, after),
                    ))
                opened = None
    return found


TRIGGERS = re.compile(
    r"\b(extradit\w*|charg(?:e|es|ed|ing)\b|indict\w*|convict\w*|sentenc\w*|asylum|refugee\w*|"
    r"deport\w*|visas?\b|banned|ban\b|sued|sues?\b|lawsuits?|ruled|rulings?|injunction|"
    r"investigat\w*|sanction\w*|arrest\w*|detain\w*|detention|acquit\w*|appeal\w*|bail\b|"
    r"guilty|plead\w*|pleaded|prosecut\w*|jail\w*|prison\w*|custody|summon\w*)",
    re.IGNORECASE,
)
_ABBREVIATIONS = r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bGen)(?<!\bJr)(?<!\bNo)(?<!\b[A-Z])"
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"[.!?][\"\u201d\u2019)]?(?=\s+[\"\u201c\u2018(]?[A-Z0-9])")


def sentences(text: str) -> list[Span]:
    """Split the article into sentences, each located by offsets."""
    spans = []
    for offset, para in _paragraphs(text):
        start = 0
        for m in _SENTENCE_END.finditer(para):
            spans.append((offset + start, offset + m.end()))
            start = m.end()
        spans.append((offset + start, offset + len(para)))
    result = []
    for start, end in spans:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            result.append(Span(text=body, start=start + lead, end=start + lead + len(body), match="exact"))
    return result


def trigger_sentences(text: str, limit: int = 8) -> list[Span]:
    """Sentences that mention a legal matter (extradition, charge, asylum, ruling ...).

    When there are more than ``limit``, those with the most distinct triggers
    are kept, in article order, so the model's work stays bounded.
    """
    hits = []
    for span in sentences(text):
        words = {m.group(0).lower()[:6] for m in TRIGGERS.finditer(span.text)}
        if words:
            hits.append((len(words), span))
    if len(hits) > limit:
        keep = sorted(hits, key=lambda h: (-h[0], h[1].start))[:limit]
        hits = sorted(keep, key=lambda h: h[1].start)
    return [span for _, span in hits]


_NOT_NAMES = {
    "The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It", "They", "We", "I", "His",
    "Her", "Their", "This", "That", "When", "While", "After", "Before", "Despite", "If", "As",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Updated", "Additional", "According", "Yes", "No", "Only", "Clearly",
    "Mr", "Mrs", "Ms", "Dr", "Our", "My", "Your", "Its", "There", "Some", "Many", "However",
}
_WORD = r"[A-Z](?:[\w-]|\.(?=[A-Za-z]))*"
_NAME = re.compile(rf"\b{_WORD}(?:\s+(?:(?:of|for|the|de|al|bin|van|von)\s+)?{_WORD})*")


_CREDITS = re.compile(r"^.*\breporting by\b.*$", re.IGNORECASE | re.MULTILINE)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ish|ese|ean|an|i)$")


def name_candidates(text: str, limit: int = 30) -> list[str]:
    """Capitalised spans that may name parties ("Sam Serey", "Human Rights Watch",
    "KNLF"), most frequent first; a hint for the model, not a verdict.

    One-word names are kept only when they recur (three times or more) and do
    not look like a demonym ("Thai", "Cambodian"): a small model copies a hint
    list into its answer, so every stray capitalised word would become a party.
    """
    counts: dict[str, int] = {}
    text = _CREDITS.sub("", text)  # reporters credited at the end take no part in the story
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        while words and words[-1].lower() in {"of", "for", "the", "and", "de", "al"}:
            words = words[:-1]
        name = " ".join(words).strip(".,")
        if len(name) < 2 or name in _NOT_NAMES:
            continue
        counts[name] = counts.get(name, 0) + 1
    kept = [n for n in counts if " " in n or n.isupper() or (counts[n] >= 3 and not _DEMONYM.match(n))]
    ranked = sorted(kept, key=lambda n: (-counts[n], text.find(n)))
    return ranked[:limit]
