"""The questions one article puts to the model, sharing one prompt prefix.

Code reads the article first (:func:`summarizer.article.reading.plan`):
sentences, quotations, party candidates, speakers where syntax decides them,
claim candidates, date phrases and places. The model then answers, in order:

1. ``headline``: a headline and a one-sentence description (the only prose it writes);
2. ``incident``: the event type where the opening names none, and the place;
3. ``parties``: the role of each party that takes part and no rule placed;
4. ``speech``: the speaker where code found none, and every passage's stance;
5. ``claims``: the claimant where syntax names none and the claim's sentence names no one
   party that could bring it.

Every request starts with the same system prompt and article, so a local model
evaluates the article once. Passes 2–5 are choices with probabilities
(:meth:`Backend.choose_many`). :func:`steps` yields one request at a time and
receives its answer, so the sync and async drivers share every line of logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generator, Optional, Union, get_args

from pydantic import BaseModel

from .. import prompts
from ..backends.choice import LABELS, Choice
from ..schema import EventType
from .answers import Headline, HeadlineWithSummary
from .reading import MAX_OPTIONS, Plan
from .stance import stance_options
from .window import fit_article

TEMPLATES = ["system.j2", "article.j2", "task_headline.j2", "task_incident.j2", "task_roles.j2",
             "task_speech.j2", "task_claims.j2"]
TOKENS_HEADLINE = 140
TOKENS_HEADLINE_SUMMARY = 320
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
        if item.speaker is None and item.nearby and "speaker" in p.decides:
            # Nobody first: a passage syntax gives no speaker is mostly the story's own words or a
            # document's, and the model names a speaker only when it is sure (see assemble.MODEL_OVERRIDE).
            _, options = party_options(p, item.nearby, NOBODY)
            questions.append(Question(f"Who said the {passage}?", [NOBODY, *options[:-1]], f"speaker:{n}"))
        if "stance" in p.decides:
            questions.append(Question(f"Stance of the {passage}?", stance_options(item.span.text, item.verb),
                                      f"stance:{n}"))
    return questions


def _claim_questions(p: Plan) -> list[Question]:
    """A claimant question for each claim whose claimant code could not decide."""
    questions = []
    for n, claim in enumerate(p.claims):
        if claim.claimant is None and claim.options and "claimant" in p.decides:
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
    places = p.places + [NOT_STATED]
    # The opening's own legal word decides the type; without one the model
    # chooses, "other" first, as an opening that names no legal event mostly has none.
    events = [] if p.event else [EVENT_GLOSS["other"]] + EVENT_OPTIONS[:-1]
    # No date question: the story's first dated phrase is its event's day more often than the
    # embedded model's pick (v2.1 eval: the model changed 4 of 17 dates, 3 of them wrongly).
    out.incident_questions = [q for q in (Question("event type", events, "event_type"),
                                          Question("place", places, "place"))
                              if len(q.options) > 1 and q.key in p.decides]
    if out.incident_questions:
        out.incident = yield Request("incident", _messages(p, "task_incident.j2", questions=out.incident_questions),
                                     max_tokens=20, questions=out.incident_questions)
    asked = sorted((i for i, c in enumerate(p.parties) if p.involved[i] and p.roles[i] is None
                    and "role" in p.decides), key=lambda i: -len(p.parties[i].mentions))[:MAX_ROLE_QUESTIONS]
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
