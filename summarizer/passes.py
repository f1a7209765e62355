"""Focused passes over one article, sharing one prompt prefix.

Every pass sends the same system prompt and the same article block first, then
its own task, so a local model evaluates the article once and reuses it. The
passes, in order:

1. ``overview``: headline, summary and the central event;
2. ``parties``: who takes part, with code-found names as hints;
3. ``speech``: who said each code-found quotation or reported statement, and
   their stance (the model never copies a quote);
4. ``claims``: the legal matter each code-found trigger sentence states.

:func:`steps` yields one request at a time and receives its reply, so the sync
and async drivers in :mod:`summarizer.pipeline` share every line of the logic.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Generator, Optional

from pydantic import BaseModel

from . import prompts
from .candidates import (
    Candidate, context, name_candidates, quote_candidates, sentences, speaker_name, trigger_sentences,
)
from .judgements import ClaimJudgement, Overview, Parties, SpeechJudgement, numbered
from .schema import Span

TEMPLATES = ["system.j2", "article.j2", "task_overview.j2", "task_parties.j2", "task_speech.j2",
             "task_claims.j2"]
MAX_QUOTES = 14
MAX_REPORTED = 6
MAX_CLAIM_SENTENCES = 8
MAX_SHOWN = 160
# Output budgets in tokens: room for the longest answer the schema's bounds
# allow (60-character names), so a well-formed reply is never cut off (one was,
# on fixture 005, at 22 tokens an answer), yet a bound on every pass.
TOKENS_OVERVIEW = 400
TOKENS_PER_PARTY = 40
TOKENS_PER_SPEECH = 34
TOKENS_PER_CLAIM = 56

_REPORTING = re.compile(
    r"\b(said|says|told|confirmed|applauded|regretted|thanked|denied|critici[sz]ed|condemned|welcomed|"
    r"praised|urged|warned|accused|acknowledged|insisted|argued|claimed|stated|announced|added|"
    r"called for|described|expressed|pledged|vowed|rejected|demanded|asked|saying|adding)\b"
)


@dataclass(frozen=True)
class SpeechItem:
    """A passage whose speaker the model names: a quotation or a reported statement,
    with the article's text just before (and, for a quotation, after) it."""

    label: str  # "quotation" or "reported statement"
    span: Span
    before: str
    after: str = ""
    attribution: str = ""
    speaker_hint: str = ""  # a proper name code found in the reporting clause

    @property
    def shown(self) -> str:
        """The passage as the model sees it; a long quotation is shortened (it is
        judged, not copied, and the full text is in the article above)."""
        text = self.span.text
        return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN].rsplit(" ", 1)[0] + " …"


@dataclass
class Plan:
    """The article and what code found in it, before any model call."""

    article: str
    article_date: Optional[dt.date]
    names: list[str]
    speech: list[SpeechItem]
    claim_sentences: list[Span]


@dataclass
class Judgements:
    """The model's answers, pass by pass (``None`` where a pass failed)."""

    overview: Optional[Overview] = None
    parties: Optional[Parties] = None
    speech: list[Optional[SpeechJudgement]] = field(default_factory=list)
    claims: list[Optional[ClaimJudgement]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass
class Request:
    """One pass's request to the backend."""

    name: str
    messages: list[dict[str, str]]
    response_model: type[BaseModel]
    max_tokens: int


def prompt_version() -> str:
    """Templates' versions plus a hash of templates and judgement schemas."""
    return prompts.version(TEMPLATES, Overview, Parties, SpeechJudgement, ClaimJudgement)


def _spoken(quote: Candidate, article: str, sentence_spans: list[Span]) -> bool:
    """Whether a quotation is someone's speech rather than wording quoted in passing.

    A short quotation (under six words) counts only when its sentence has a
    reporting verb: "citing his convictions for trying to “topple the
    government”" is the wording of a charge, "Serey pledged to “fight for
    democracy”" is speech.
    """
    if len(quote.span.text.split()) >= 6:
        return True
    sentence = next((s for s in sentence_spans if s.start <= quote.span.start < s.end), None)
    return sentence is None or bool(_REPORTING.search(sentence.text))


def plan(article: str, article_date: Optional[dt.date]) -> Plan:
    """Find the candidates the model will judge."""
    spans = sentences(article)
    quotes = [q for q in quote_candidates(article) if _spoken(q, article, spans)]
    if len(quotes) > MAX_QUOTES:  # keep the most substantial, in article order
        keep = sorted(quotes, key=lambda c: -len(c.span.text))[:MAX_QUOTES]
        quotes = sorted(keep, key=lambda c: c.span.start)
    items = [SpeechItem("quotation", c.span, c.before, c.after, c.attribution, speaker_name(c.attribution))
             for c in quotes]
    items += _reported(article, quotes, spans)
    items.sort(key=lambda item: item.span.start)
    return Plan(
        article=article, article_date=article_date, names=name_candidates(article),
        speech=items, claim_sentences=trigger_sentences(article, limit=MAX_CLAIM_SENTENCES),
    )


def _reported(article: str, quotes: list[Candidate], spans: list[Span]) -> list[SpeechItem]:
    """Sentences of reported speech that hold no quotation (those are judged as quotes)."""
    found = []
    for span in spans:
        if not _REPORTING.search(span.text):
            continue
        if any(q.span.start < span.end and span.start < q.span.end for q in quotes):
            continue
        found.append(SpeechItem("reported statement", span, context(article, span.start, span.end)[0],
                                speaker_hint=speaker_name(span.text)))
    return found[:MAX_REPORTED]


def _messages(p: Plan, task: str, **context: object) -> list[dict[str, str]]:
    prefix = prompts.render(
        "article.j2", article=p.article.strip(),
        article_date=p.article_date.isoformat() if p.article_date else None,
    )
    return [
        {"role": "system", "content": prompts.render("system.j2")},
        {"role": "user", "content": prefix + "\n\n" + prompts.render(task, **context)},
    ]


def _party_names(parties: Optional[Parties]) -> list[str]:
    return [p.name for p in parties.parties] if parties else []


def steps(p: Plan) -> Generator[Request, Optional[BaseModel], Judgements]:
    """Yield each pass's request; receive its validated reply (``None`` if it failed)."""
    out = Judgements()
    out.overview = yield Request(
        "overview", _messages(p, "task_overview.j2", field_guide=prompts.field_guide(Overview)),
        Overview, TOKENS_OVERVIEW,
    )
    out.parties = yield Request(
        "parties",
        _messages(p, "task_parties.j2", hints=p.names[:25], field_guide=prompts.field_guide(Parties)),
        Parties, TOKENS_PER_PARTY * Parties.model_fields["parties"].metadata[0].max_length + 20,
    )
    known = _party_names(out.parties)
    if p.speech:
        model = numbered(SpeechJudgement, "s", len(p.speech))
        reply = yield Request(
            "speech",
            _messages(p, "task_speech.j2", items=p.speech, prefix="s", parties=known,
                      field_guide=prompts.field_guide(SpeechJudgement)),
            model, TOKENS_PER_SPEECH * len(p.speech) + 10,
        )
        out.speech = [getattr(reply, f"s{i}") if reply else None for i in range(1, len(p.speech) + 1)]
    if p.claim_sentences:
        model = numbered(ClaimJudgement, "c", len(p.claim_sentences))
        reply = yield Request(
            "claims",
            _messages(p, "task_claims.j2", sentences=[s.text for s in p.claim_sentences], prefix="c",
                      parties=known, field_guide=prompts.field_guide(ClaimJudgement)),
            model, TOKENS_PER_CLAIM * len(p.claim_sentences) + 10,
        )
        out.claims = [getattr(reply, f"c{i}") if reply else None for i in range(1, len(p.claim_sentences) + 1)]
    return out
