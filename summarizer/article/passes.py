"""The questions one article puts to the model, sharing one prompt prefix.

Code reads the article first (:func:`plan`): sentences, quotations, party
candidates, speakers where syntax decides them, claim candidates, date
phrases and places. The model then answers, in order:

1. ``headline``: a headline and a one-sentence description (the only prose it writes);
2. ``incident``: the event type, the day and the place, each a choice;
3. ``parties``: each candidate's role, or that it takes no part;
4. ``speech``: the speaker where code found none, and every passage's stance;
5. ``claims``: each candidate's status, claimant and subject.

Every request starts with the same system prompt and article, so a local model
evaluates the article once. Passes 2–5 are choices with probabilities
(:meth:`Backend.choose_many`). :func:`steps` yields one request at a time and
receives its answer, so the sync and async drivers share every line of logic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Generator, Optional, Sequence, Union, get_args

from pydantic import BaseModel

from .. import prompts
from .claims import ClaimCandidate, find_claims, parties_of, status_of, trigger_token
from .events import event_scores
from .parties import Candidate, find_parties
from .places import place_options
from .roles import acts, is_outlet, rule_role
from .speech import Speakers, SpeechItem, attribute
from .stance import stance_options
from ..backends.choice import LABELS, Choice
from ..text.dates import dateline_end, resolve
from .answers import Headline, HeadlineWithSummary
from ..schema import EventType, Span
from ..text import injection
from ..text.nlp import parse
from ..text.quotes import find_quotations
from ..text.sentences import sentence_spans
from .window import fit_article

TEMPLATES = ["system.j2", "article.j2", "task_headline.j2", "task_incident.j2", "task_roles.j2",
             "task_speech.j2", "task_claims.j2"]
TOKENS_HEADLINE = 140
TOKENS_HEADLINE_SUMMARY = 320
MAX_OPTIONS = 8
MAX_SPEECH = 40
MAX_ROLE_QUESTIONS = 30  # the most-mentioned parties no rule placed; the rest stay "other"
SHOWN_WORDS = 14
NOT_STATED = "not stated"
NOBODY = "nobody: not someone's words"

EVENT_GLOSS = {
    "arrest_or_detention": "arrest or detention", "extradition": "extradition (request or transfer)",
    "deportation": "deportation or expulsion", "asylum_or_refugee_decision": "asylum or refugee decision",
    "charge": "criminal charge or indictment", "trial": "trial", "conviction_or_sentence": "conviction or sentence",
    "lawsuit": "lawsuit", "court_ruling": "court ruling or appeal decision", "sanction": "sanction",
    "protest": "protest", "attack": "attack or violence", "other": "other",
}
ROLE_GLOSS = {
    "subject": "subject: who the story is about (accused, detained, deported, asylum seeker)",
    "requesting_authority": "requesting authority: asks, accuses or prosecutes (requesting state, police, "
                            "prosecutors, plaintiff)",
    "decision_maker": "decision maker: decides (a court, a judge, the state that grants or refuses)",
    "advocate": "advocate: speaks or acts for the subject", "victim": "victim", "spokesperson": "spokesperson",
    "witness": "witness or source", "lawyer": "lawyer", "other": "other: takes part otherwise",
}
# The roles the model may give a party no rule placed, most common first.
MODEL_ROLES = ["other", "advocate", "witness", "victim", "subject", "requesting_authority", "decision_maker"]
EVENTS: list[str] = list(get_args(EventType))
# Listed most common first: a small model leans towards the first option when unsure.
EVENT_OPTIONS = [EVENT_GLOSS[e] for e in EVENTS]
ROLE_OPTIONS = [ROLE_GLOSS[r] for r in MODEL_ROLES]


@dataclass(frozen=True)
class DateOption:
    phrase: str
    date: dt.date

    def __str__(self) -> str:
        return f"{self.phrase} ({self.date.isoformat()})"


@dataclass
class ClaimPlan:
    """A claim candidate with what the rules found: status, and its parties where syntax names them."""

    candidate: ClaimCandidate
    status: str
    subject: Optional[int] = None
    claimant: Optional[int] = None
    options: list[int] = field(default_factory=list)  # parties the model may choose a claimant from
    also: list[int] = field(default_factory=list)  # further subjects conjoined with the first


@dataclass
class Plan:
    """The article and what code found in it, before any model call."""

    article: str
    article_date: Optional[dt.date]
    sentences: list[Span]
    parties: list[Candidate]
    roles: list[Optional[str]]  # the role the rules give each party, if any
    involved: list[bool]  # whether each party acts, speaks or is a claim's party
    speech: list[SpeechItem]
    claims: list[ClaimPlan]
    dates: list[DateOption]
    places: list[str]
    lead: list[Span]
    event: Optional[str] = None  # the event type the story's opening names, when it names one
    shown: str = ""  # the article as the model sees it, when not the article itself (withheld passages, a window)
    visible: str = ""  # the article with withheld passages blanked, offsets unchanged
    model_summary: bool = False


@dataclass
class Question:
    text: str
    options: list[str]
    key: str


@dataclass
class Answers:
    """The model's answers, pass by pass (``None`` where a pass failed)."""

    headline: Optional[Headline] = None
    incident: Optional[list[Choice]] = None
    incident_questions: list[Question] = field(default_factory=list)
    roles: Optional[list[Choice]] = None
    role_questions: list[Question] = field(default_factory=list)
    speech: Optional[list[Choice]] = None
    speech_questions: list[Question] = field(default_factory=list)
    claims: Optional[list[Choice]] = None
    claim_questions: list[Question] = field(default_factory=list)


@dataclass
class Request:
    """One pass's request: a JSON reply (``response_model``) or choices (``questions``)."""

    name: str
    messages: list[dict[str, str]]
    max_tokens: int
    response_model: Optional[type[BaseModel]] = None
    questions: list[Question] = field(default_factory=list)


def prompt_version() -> str:
    """Templates' versions plus a hash of the templates and the headline schema."""
    return prompts.version(TEMPLATES, HeadlineWithSummary)


def _dates(doc, article_date: Optional[dt.date]) -> list[DateOption]:
    """Date phrases that resolve to a day, each day once; the dateline is the
    article's own date, not an event's, and is left out."""
    found: dict[dt.date, DateOption] = {}
    dateline = dateline_end(doc.text)
    for ent in doc.ents:
        if ent.label_ == "DATE" and ent.start_char >= dateline:
            when = resolve(ent.text, article_date)
            if when and when not in found and (article_date is None or when <= article_date):
                found[when] = DateOption(ent.text, when)
    return list(found.values())[:MAX_OPTIONS]


def _not_places(parties: list[Candidate]) -> list[str]:
    """Names of people and organisations, which the entity tagger sometimes takes for places."""
    return [n for c in parties if c.kind not in {"government", "court"} for n in c.names]


def _lead(sentences: list[Span]) -> list[Span]:
    """The first two sentences of the story itself (not a dateline or a title line)."""
    body = [s for s in sentences if len(s.text.split()) >= 8 and s.text[-1:] in ".!?\"”'"]
    return body[:2]


def plan(article: str, article_date: Optional[dt.date], *, model_summary: bool = False,
         withheld: Sequence[Span] = ()) -> Plan:
    """Read the article with spaCy and the rules; find everything the model will judge.

    ``withheld`` passages (instructions addressed to an AI, see
    :mod:`summarizer.text.injection`) are the injection's words, not the
    article's: nothing found only inside them is kept, and the model sees each
    replaced by a marker.
    """
    p = _plan(article, article_date, model_summary)
    if withheld:
        _withhold(p, list(withheld))
    return p


def _withhold(p: Plan, spans: list[Span]) -> None:
    def outside(span: Span) -> bool:
        return not injection.overlaps(spans, span.start, span.end)

    p.speech = [item for item in p.speech if outside(item.span)]
    p.claims = [c for c in p.claims if outside(c.candidate.sentence)]
    for party in p.parties:
        party.mentions = [m for m in party.mentions if outside(m)]
    p.involved = [bool(party.mentions) and involved for party, involved in zip(p.parties, p.involved)]
    p.lead = [s for s in p.lead if outside(s)]
    p.shown = injection.neutralise(p.article, spans)
    p.visible = injection.blank(p.article, spans)


def _plan(article: str, article_date: Optional[dt.date], model_summary: bool) -> Plan:
    doc = parse(article)
    sentences = sentence_spans(article, doc)
    quotes = find_quotations(article)
    parties = find_parties(doc, [q.span for q in quotes])
    speech = [item for item in attribute(doc, parties, quotes, sentences) if not _sourcing(item, parties)]
    speech = speech[:MAX_SPEECH]
    speakers = {item.speaker for item in speech if item.speaker is not None}
    claims = _claims(doc, parties, find_claims(doc, sentences))
    lead = _lead(sentences)
    in_claims = {i for c in claims for i in (c.subject, c.claimant, *c.also) if i is not None}
    roles = [rule_role(c, doc, i in speakers) or _claim_role(i, claims) for i, c in enumerate(parties)]
    involved = [i in speakers or i in in_claims or roles[i] is not None or acts(c, doc)
                for i, c in enumerate(parties)]
    for item in speech:
        item.nearby = _speaker_order(item.nearby, parties, involved, speakers)
    return Plan(
        article=article, article_date=article_date, sentences=sentences, parties=parties, roles=roles,
        involved=involved, speech=speech, claims=claims, dates=_dates(doc, article_date),
        places=place_options(doc, sentences, lead, _not_places(parties), MAX_OPTIONS), lead=lead,
        model_summary=model_summary,
        event=next(iter(event_scores(doc, sentences, lead)), None),
    )


# What a news outlet does when it is the article's source rather than a voice in the story.
_SOURCING = {"report", "note", "observe", "write", "state", "say", "add", "tell", "describe", "publish", None}


# Who brings a claim of each type, when syntax names the claimant.
_CLAIMANT_ROLES = {"criminal_charge": "requesting_authority", "extradition_request": "requesting_authority",
                   "investigation": "requesting_authority", "lawsuit": "requesting_authority",
                   "court_ruling": "decision_maker", "conviction": "decision_maker", "sentence": "decision_maker",
                   "deportation_order": "decision_maker"}


def _claim_role(i: int, claims: list[ClaimPlan]) -> Optional[str]:
    """The role a party's place in the claims gives it: a claim's subject is what the story is about;
    the syntactic agent of a charge or request requests, of a ruling or sentence decides."""
    if any(i == c.subject or i in c.also for c in claims):
        return "subject"
    return next((_CLAIMANT_ROLES[c.candidate.type] for c in claims
                 if c.claimant == i and c.candidate.type in _CLAIMANT_ROLES), None)


def _sourcing(item: SpeechItem, parties: list[Candidate]) -> bool:
    """Whether a reported statement is an outlet's report ("Hürriyet reported that …"), not a reaction."""
    return item.label == "reported statement" and item.speaker is not None \
        and is_outlet(parties[item.speaker]) and item.verb in _SOURCING


def _speaker_order(nearby: list[int], parties: list[Candidate], involved: list[bool], speakers: set[int]) -> list[int]:
    """Who may have said an unattributed passage, likeliest first: those who speak elsewhere in
    the article, then the others that take part, each nearest first; never a bare place or outlet."""
    return sorted((i for i in nearby if involved[i]), key=lambda i: (i not in speakers, parties[i].kind == "government"))


def _claims(doc, parties: list[Candidate], found: list[ClaimCandidate]) -> list[ClaimPlan]:
    """Each candidate's status, subject and claimant as the words and the parse give them.

    A subject that syntax does not name is the story's main subject (the party
    most often the patient of a legal word), as legal news is about one person
    or body more than any other.
    """
    resolver = Speakers(doc, parties)
    planned = []
    for cand in found:
        token = trigger_token(doc, cand)
        subjects, claimants = parties_of(token) if token is not None else ([], [])
        named = next(((t, i) for t in subjects if (i := resolver.resolve(t, None)) is not None), None)
        subject = named[1] if named else None
        # "sentenced David and Louise Turpin": each conjoined party is a subject of its own
        also = [] if named is None else [i for t in named[0].conjuncts
                                         if (i := resolver.resolve(t, None)) is not None and i != subject]
        claimant = next((i for i in (resolver.resolve(t, None) for t in claimants) if i is not None and i != subject),
                        None)
        inside = [i for i, c in enumerate(parties) if i != subject and acts(c, doc)
                  and any(cand.sentence.start <= m.start < cand.sentence.end for m in c.mentions)]
        planned.append(ClaimPlan(cand, status_of(cand), subject, claimant, inside[:MAX_OPTIONS],
                                 list(dict.fromkeys(also))))
    main = _main_subject(planned, parties)
    for claim in planned:
        if claim.subject is None:
            claim.subject = main
        claim.options = [i for i in claim.options if i != claim.subject]
    return planned


def _main_subject(claims: list[ClaimPlan], parties: list[Candidate]) -> Optional[int]:
    counts: dict[int, int] = {}
    for c in claims:
        if c.subject is not None:
            counts[c.subject] = counts.get(c.subject, 0) + 1
    return max(counts, key=lambda i: (counts[i], -parties[i].first)) if counts else None


def shorten(text: str, words: int = SHOWN_WORDS) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def _messages(p: Plan, task: str, **context: object) -> list[dict[str, str]]:
    prefix = prompts.render(
        "article.j2", article=(p.shown or p.article).strip(),
        article_date=p.article_date.isoformat() if p.article_date else None,
    )
    return [
        {"role": "system", "content": prompts.render("system.j2")},
        {"role": "user", "content": prefix + "\n\n" + prompts.render(task, labels=LABELS, **context)},
    ]


def party_options(p: Plan, near: list[int], extra: str) -> tuple[list[int], list[str]]:
    """Parties as the options of a choice (each name once), and ``extra`` (nobody, not stated) last."""
    chosen, names = [], []
    for i in dict.fromkeys(near):
        if p.parties[i].name not in names and len(chosen) < MAX_OPTIONS:
            chosen.append(i)
            names.append(p.parties[i].name)
    return chosen, names + [extra]


def _speech_questions(p: Plan) -> list[Question]:
    questions = []
    for n, item in enumerate(p.speech):
        passage = f"{item.label} «{shorten(item.span.text)}»"
        if item.speaker is None and item.nearby:
            _, options = party_options(p, item.nearby, NOBODY)
            questions.append(Question(f"Who said the {passage}?", options, f"speaker:{n}"))
        questions.append(Question(f"Stance of the {passage}?", stance_options(item.span.text, item.verb),
                                  f"stance:{n}"))
    return questions


def _claim_questions(p: Plan) -> list[Question]:
    """A claimant question for each claim whose claimant syntax does not name."""
    questions = []
    for n, claim in enumerate(p.claims):
        if claim.claimant is None and claim.options:
            label = claim.candidate.type.replace("_", " ")
            about = f"«{shorten(claim.candidate.sentence.text, 30)}» (“{claim.candidate.trigger}”)"
            _, names = party_options(p, claim.options, NOT_STATED)
            questions.append(Question(f"Who claims, requests or decides the {label} in {about}?", names,
                                      f"claimant:{n}"))
    return questions


def _choices(name: str, p: Plan, template: str, questions: list[Question], **context) -> Request:
    messages = _messages(p, template, questions=questions, **context)
    return Request(name, messages, max_tokens=4 * len(questions) + 8, questions=questions)


def steps(p: Plan) -> Generator[Request, Optional[Union[BaseModel, list[Choice]]], Answers]:
    """Yield each pass's request; receive its answer (``None`` if it failed)."""
    out = Answers()
    schema = HeadlineWithSummary if p.model_summary else Headline
    out.headline = yield Request("headline", _messages(p, "task_headline.j2"),
                                 TOKENS_HEADLINE_SUMMARY if p.model_summary else TOKENS_HEADLINE, schema)
    dates = [str(d) for d in p.dates] + [NOT_STATED]
    places = p.places + [NOT_STATED]
    # The opening's own legal word decides the type; without one the model
    # chooses, "other" first, as an opening that names no legal event mostly has none.
    events = [] if p.event else [EVENT_GLOSS["other"]] + EVENT_OPTIONS[:-1]
    out.incident_questions = [q for q in (Question("event type", events, "event_type"),
                                          Question("date", dates, "date"), Question("place", places, "place"))
                              if len(q.options) > 1]
    out.incident = yield Request("incident", _messages(p, "task_incident.j2", questions=out.incident_questions),
                                 max_tokens=20, questions=out.incident_questions)
    asked = sorted((i for i, c in enumerate(p.parties) if p.involved[i] and p.roles[i] is None),
                   key=lambda i: -len(p.parties[i].mentions))[:MAX_ROLE_QUESTIONS]
    if asked:
        out.role_questions = [Question(p.parties[i].name, ROLE_OPTIONS, f"role:{i}") for i in asked]
        out.roles = yield Request("parties", _messages(p, "task_roles.j2", role_options=ROLE_OPTIONS,
                                                       parties=[p.parties[i] for i in asked]),
                                  max_tokens=4 * len(asked) + 8, questions=out.role_questions)
    out.speech_questions = _speech_questions(p)
    if out.speech_questions:
        out.speech = yield _choices("speech", p, "task_speech.j2", out.speech_questions)
    out.claim_questions = _claim_questions(p)
    if out.claim_questions:
        out.claims = yield _choices("claims", p, "task_claims.j2", out.claim_questions)
    return out


def fit(p: Plan, budget_tokens: int, count_tokens) -> None:
    """Show the model a window of the article when the whole does not fit ``budget_tokens``."""
    p.shown = fit_article(p, budget_tokens, count_tokens) or p.shown
