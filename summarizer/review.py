"""The review page: one article's summary as an HTML page over the article itself.

A journalist checks a summary against its article: every grounded span (each
quotation, coloured by its speaker; each claim's evidence; each party's
mentions; the incident's date phrase) is highlighted in place, and beside the
text the parties, claims, reactions, incident and run are listed. Clicking an
item marks its passage; clicking a passage lists the items using it. Items a
reader should check stand out: the summary's own ``checks``, a speaker chosen
by the model rather than by syntax, a low model confidence, a failed section,
a repaired (``fuzzy``) or missing (``not_found``) span.

The page needs the article text, since the summary holds only offsets into it.
The markup is in ``templates/article.html.j2``; this module prepares its data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .pages import located, render, segments, words
from .schema import ArticleSummary, Span

LOW_CONFIDENCE = 0.7
"""A model probability below this makes the decision one to check."""
SPEAKER_COLOURS = 8  # quotation colours in the stylesheet (s0 ... s7), reused in turn

_SECTION = {"parties": "p", "legal_claims": "c", "reactions": "r"}
# The pipeline names a failed pass (``run.failed_sections``); the page shows the part of the summary it fills.
PASS_SECTION = {"headline": "incident", "incident": "incident", "parties": "parties", "speech": "reactions",
                "claims": "legal_claims"}
# How a passage used by each part of the summary looks (a quotation takes its speaker's colour instead).
_MARK_CLASS = {"legal_claims": "ev", "incident": "dt", "parties": "m", "checks": "chk"}
_ITEM_PATH = re.compile(r"^(parties|legal_claims|reactions)\[(\d+)\]|^(incident)\b")


@dataclass
class Item:
    """One entry of the side panel, with the article passages it rests on."""

    key: str  # "i", "p0", "c1", "r2": also the tag of its passages in the article
    section: str
    label: str  # how the "used by" list names it
    spans: list[Span] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why a reader should check it
    marked: list[Span] = field(default_factory=list)  # the spans that sit at their offsets: highlighted


@dataclass
class ToCheck:
    """One line of the page's "to check" list; ``key`` is the item it concerns, if any."""

    message: str
    key: Optional[str] = None


def _span_reasons(what: str, span: Optional[Span], article: str) -> list[str]:
    if span is None:
        return []
    if span.match == "not_found":
        return [f"{what} not found in the article: not verbatim"]
    if not located(span, article):
        return [f"{what} does not match the article at its offsets"]
    if span.match == "fuzzy":
        return [f"{what} repaired to the article's words (fuzzy match)"]
    return []


def _confidence_reasons(confidence: dict[str, float]) -> list[str]:
    return [f"low confidence in the {words(decision)}: {p:.2f}"
            for decision, p in confidence.items() if p < LOW_CONFIDENCE]


def _date_span(summary: ArticleSummary, article: str) -> list[Span]:
    """Where the incident's date phrase stands (its first exact occurrence), if it does."""
    phrase = summary.incident.date_text
    start = article.find(phrase) if phrase else -1
    return [Span(text=phrase, start=start, end=start + len(phrase))] if start >= 0 else []


def _mentions(party, article: str) -> list[Span]:
    """The party's mentions; where the summary gives none, its name and aliases where they stand as words.

    An alias inside a longer name ("Serey" in "Sam Serey") is one mention, not two.
    """
    if party.mentions:
        return list(party.mentions)
    found: list[Span] = []
    hits = sorted(((m.start(), m.end()) for name in dict.fromkeys([party.name, *party.aliases]) if name.strip()
                   for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", article)), key=lambda h: (h[0], -h[1]))
    for start, end in hits:
        if not found or start >= found[-1].end:
            found.append(Span(text=article[start:end], start=start, end=end))
    return found


def build_items(summary: ArticleSummary, article: str) -> dict[str, Item]:
    """Every panel item by key, with its passages and its reasons to check."""
    names = {p.id: p.name for p in summary.parties}
    items: dict[str, Item] = {}
    inc = summary.incident
    items["i"] = Item("i", "incident", f"Incident · {words(inc.event_type)}", _date_span(summary, article),
                      _confidence_reasons(inc.confidence))
    for n, p in enumerate(summary.parties):
        items[f"p{n}"] = Item(f"p{n}", "parties", f"Party · {p.name}", _mentions(p, article),
                              [r for s in p.mentions for r in _span_reasons("a mention", s, article)]
                              + _confidence_reasons(p.confidence))
    for n, c in enumerate(summary.legal_claims):
        who = " → ".join(names.get(x or "", "") for x in (c.claimant, c.subject) if x)
        items[f"c{n}"] = Item(f"c{n}", "legal_claims", f"Claim · {words(c.type)}" + (f" · {who}" if who else ""),
                              list(c.evidence),
                              [r for e in c.evidence for r in _span_reasons("the evidence", e, article)]
                              + _confidence_reasons(c.confidence))
    for n, r in enumerate(summary.reactions):
        reasons = ["speaker chosen by the model, not by the sentence's syntax"] if r.attribution == "model" else []
        items[f"r{n}"] = Item(f"r{n}", "reactions", f"Reaction · {names.get(r.speaker, r.speaker)} · {r.stance}",
                              [r.quote] if r.quote else [],
                              reasons + _span_reasons("the quote", r.quote, article)
                              + _confidence_reasons(r.confidence))
    for n, check in enumerate(summary.checks):  # a passage to check that belongs to no item
        if check.span is not None and item_key(check.item) is None:
            items[f"k{n}"] = Item(f"k{n}", "checks", f"Passage · {words(check.kind)}", [check.span],
                                  [check.message] + _span_reasons("the passage", check.span, article))
    for item in items.values():
        item.marked = [s for s in item.spans if located(s, article)]
    return items


def item_key(path: Optional[str]) -> Optional[str]:
    """The panel key of a check's ``item`` path: ``"reactions[2].speaker"`` -> ``"r2"``."""
    m = _ITEM_PATH.match(path or "")
    if not m:
        return None
    return "i" if m.group(3) else f"{_SECTION[m.group(1)]}{m.group(2)}"


def to_check(summary: ArticleSummary, article: str, items: Optional[dict[str, Item]] = None) -> list[ToCheck]:
    """What a reader should check, most urgent first: failed sections, the summary's checks, then each item's reasons.

    An item with a check from the summary is not listed again for the same
    thing found here; the list holds at most one line per item and reason.
    """
    items = items if items is not None else build_items(summary, article)
    out = [ToCheck(f"the {words(s)} section failed: no valid reply from the model, so it is incomplete"
                   + (" (headline and incident are the text's first lines)" if s == "incident" else ""))
           for s in failed_sections(summary)]
    for n, check in enumerate(summary.checks):
        if check.kind == "failed_section":
            continue  # listed above, from the run
        key = item_key(check.item) or f"k{n}"
        out.append(ToCheck(check.message, key if key in items else None))
    checked = {c.key for c in out if c.key}
    for item in items.values():
        if item.key not in checked:
            out += [ToCheck(reason, item.key) for reason in item.reasons]
    return out


def failed_sections(summary: ArticleSummary) -> list[str]:
    """The parts of the summary whose pass failed: ``incident``, ``parties``, ``reactions``, ``legal_claims``."""
    failed = summary.run.failed_sections if summary.run else []
    return list(dict.fromkeys(PASS_SECTION.get(name, name) for name in failed))


def check_count(summary: ArticleSummary, article: str) -> int:
    """How many items (and failed sections, and checks about no one item) a reader should check."""
    found = to_check(summary, article)
    return len({c.key for c in found if c.key}) + sum(1 for c in found if not c.key)


def _marks(items: dict[str, Item]) -> list[tuple[int, int, str]]:
    # Quotes first, so a passage that is both a quote and evidence takes its speaker's colour.
    order = sorted(items.values(), key=lambda i: "rcpik".index(i.key[0]))
    return [(s.start, s.end, i.key) for i in order for s in i.marked]


def to_html(summary: ArticleSummary, article: str, *, title: Optional[str] = None,
            source: Optional[str] = None, index: Optional[str] = None) -> str:
    """One self-contained review page (inline CSS and JS, nothing loaded).

    Args:
        summary: the summary to review.
        article: the text the summary was made from (its spans are offsets into it).
        title: the page title; the summary's headline when not given.
        source: where the article came from (a file name, an id), shown under the title.
        index: a link back to a list of pages (the batch's ``index.html``).
    """
    items = build_items(summary, article)
    checks = to_check(summary, article, items)
    flagged = {c.key for c in checks if c.key} | {k for k in items if k[0] == "k"}
    speakers = list(dict.fromkeys(r.speaker for r in summary.reactions))
    colour = {party: f"s{n % SPEAKER_COLOURS}" for n, party in enumerate(speakers)}
    section = {key: item.section for key, item in items.items()}
    pieces = []
    for seg in segments(article, _marks(items)):
        kinds = [section[t] for t in seg.tags]
        first_quote = next((t for t in seg.tags if t[0] == "r"), None)
        classes = ["q", colour[summary.reactions[int(first_quote[1:])].speaker]] if first_quote else []
        classes += [name for part, name in _MARK_CLASS.items() if part in kinds]
        pieces.append({"seg": seg, "refs": " ".join(seg.tags), "classes": " ".join(classes)})
    return render(
        "article.html.j2", summary=summary, article=article, pieces=pieces, items=items, checks=checks,
        flagged=flagged, colour=colour, failed=failed_sections(summary), title=title or summary.headline,
        source=source, index=index,
        names={p.id: p.name for p in summary.parties}, passages=[i for k, i in items.items() if k[0] == "k"],
    )
